"""Noting what the bot answered and what people thought of it, in one call per event.

Each answer becomes one log line (surface, kind, rows, score, latency), a count and a
latency in the metrics, and a row in the store for `k8s-compare report`. Surfaces are
named once here, because the report and the metrics group by them. None of this may cost
an answer: the store only queues the row, and it is called after the answer went out.

A started Recorder (the server starts one) notes answers on a thread of its own: the
answering thread only appends to a queue, and every RECORD_SECONDS one thread logs,
counts and queues what arrived. Done by 16 answering threads at once, the same work
took turns on prometheus-client's locks, the store's queue and the GIL: under the Slack
load test it cost ~150 µs of CPU per slash command, against ~15 µs done in one batch
(bench/load_slack.py; docs/reliability.md). `stop` notes what is left; an unstarted
Recorder notes each answer at once.

Privacy: the question's text goes into the log only when recording questions is on
(K8S_COMPARE_RECORD_QUESTIONS); the store applies its own rule (`question_to_store`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from bot.answer import KINDS, Answer
from bot.render.blocks import Ref
from bot.slack.metrics import Metrics
from bot.store import Store
from bot.text import clean_question

SLASH, MENTION, DM, HOME, BUTTON, ONBOARDING = (
    "slash", "mention", "dm", "home", "button", "onboarding"
)
# Where the matcher chose the answer from a person's text: only there is a score a measure
# of the matcher (buttons, the Home tab and the welcome show a part chosen by name).
TYPED = frozenset({SLASH, MENTION, DM})
RECORD_SECONDS = 0.5  # how often a started Recorder notes the answers that arrived
MAX_WAITING = 50_000  # past this many answers waiting, one is noted by its own thread

log = logging.getLogger("bot.slack")


class Recorder:
    """Logs, counts and stores answers and feedback; `store` None records nothing."""

    def __init__(self, metrics: Metrics, store: Store | None = None):
        self.metrics, self.store = metrics, store
        self.log_questions = bool(store and store.record_questions)
        self._waiting: deque = deque()  # answers to note: appending takes no lock
        self._noting = threading.Lock()  # one thread notes at a time (see `flush`)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Note answers on a thread of this Recorder's from now on."""
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._note_forever, name="recorder",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Note what is waiting, then note each answer at once again."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()
            thread.join(timeout)
        self.flush()

    def flush(self) -> None:
        """Note every answer waiting now (they are in the metrics, the log and the store's
        queue when this returns)."""
        with self._noting:
            while self._waiting:
                self._note(*self._waiting.popleft())

    def _note_forever(self) -> None:
        while not self._stopping.wait(RECORD_SECONDS):
            try:
                self.flush()
            except Exception:  # a bug must not end the noting for good
                log.exception("Noting answers failed; carrying on")

    def answered(self, surface: str, answer: Answer, arrived: float,
                 team: str | None = None) -> None:
        """`answer` reached Slack; `arrived` is the Unix time its request reached a replica,
        so the latency includes every wait: the queue, a slow Slack, a redelivery. `team`:
        the workspace it went to."""
        seconds = max(0.0, time.time() - arrived)
        if self._thread is None or len(self._waiting) >= MAX_WAITING:
            self._note(surface, answer, seconds, team)
        else:
            self._waiting.append((surface, answer, seconds, team))

    def _note(self, surface: str, answer: Answer, seconds: float, team: str | None) -> None:
        self.metrics.answered(surface, answer.kind, answer.score if surface in TYPED else None,
                              seconds)
        if self.store is not None:
            self.store.record_answer(surface, answer, latency_ms=seconds * 1000, team=team)
        fields = {"surface": surface, "kind": answer.kind, "rows": answer.features,
                  "score": answer.score, "latency_ms": round(seconds * 1000, 2)}
        if self.log_questions:
            fields["question"] = clean_question(answer.question)
        log.info("answered", extra={"fields": fields})

    def feedback(self, surface: str, helpful: bool, ref: Ref, voter: str | None = None,
                 team: str | None = None) -> None:
        """A helpful / not helpful click on the answer `ref` names (from the button); one
        vote per `voter` (a person on one message): a later click replaces it."""
        first = ref.suggestions[0] if ref.suggestions else None
        if first is None or first.kind not in KINDS:  # no answer of this bot carries it
            log.info("feedback on an unreadable button value; not recorded")
            return
        features = [s.feature for s in ref.suggestions if s.kind == "row" and s.feature]
        self.metrics.feedback(helpful, first.kind)
        if self.store is not None:
            self.store.record_feedback(surface, helpful, first.kind, first.topic_id, features,
                                       voter=voter, question=ref.question, team=team)
        log.info("feedback", extra={"fields": {
            "surface": surface, "helpful": "yes" if helpful else "no", "kind": first.kind,
            "rows": features,
        }})

    def duplicate(self, retried: bool) -> None:
        """A delivery skipped because the same message was already claimed."""
        self.metrics.duplicate(retried)
        log.debug("duplicate skipped", extra={"fields": {"slack_retry": retried}})

    def shared(self, answer: Answer) -> None:
        """An answer re-posted in the channel: logged, not counted as another question."""
        log.info("shared", extra={"fields": {"kind": answer.kind, "rows": answer.features}})
