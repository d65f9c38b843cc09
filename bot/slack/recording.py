"""Noting what the bot answered and what people thought of it, in one call per event.

Each answer becomes one log line (surface, kind, rows, score, latency), a count and a
latency in the metrics, and a row in the store for `k8s-compare report`. Surfaces are
named once here, because the report and the metrics group by them. None of this may cost
an answer: the store only queues the row, and it is called after the answer went out.

Privacy: the question's text goes into the log only when recording questions is on
(K8S_COMPARE_RECORD_QUESTIONS); the store applies its own rule (`question_to_store`).
"""

from __future__ import annotations

import logging
import time

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

log = logging.getLogger("bot.slack")


class Recorder:
    """Logs, counts and stores answers and feedback; `store` None records nothing."""

    def __init__(self, metrics: Metrics, store: Store | None = None):
        self.metrics, self.store = metrics, store
        self.log_questions = bool(store and store.record_questions)

    def answered(self, surface: str, answer: Answer, arrived: float,
                 team: str | None = None) -> None:
        """`answer` reached Slack; `arrived` is the Unix time its request reached a replica,
        so the latency includes every wait: the queue, a slow Slack, a redelivery. `team`:
        the workspace it went to."""
        seconds = max(0.0, time.time() - arrived)
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
