"""What every listener needs, handed to it through Bolt's per-request `context`.

Listeners stay plain functions with Bolt's usual arguments (`ack`, `body`, `client`,
`context`...); `deps(context)` gives them the knowledge base, the matcher, the settings,
the de-duplication store and the recorder without globals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.answer import Answer
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.render.blocks import Ref
from bot.slack.dedupe import Dedupe, MemoryDedupe
from bot.slack.settings import Settings

CONTEXT_KEY = "k8s_compare"

log = logging.getLogger("bot.slack")


class LogRecorder:
    """Records answers and feedback as log lines: what was answered, never the question."""

    def answered(self, surface: str, answer: Answer) -> None:
        rows = "|".join(answer.features) or "-"
        log.info(
            "answered surface=%s kind=%s rows=%s score=%s", surface, answer.kind, rows, answer.score
        )

    def feedback(self, surface: str, helpful: bool, ref: Ref) -> None:
        parts = ",".join(f"{s.kind}:{s.feature or s.topic_id}" for s in ref.suggestions)
        log.info(
            "feedback surface=%s helpful=%s answer=%s", surface, "yes" if helpful else "no", parts
        )


@dataclass(frozen=True)
class Deps:
    kb: KnowledgeBase
    matcher: Matcher
    settings: Settings
    dedupe: Dedupe = field(default_factory=MemoryDedupe)
    recorder: LogRecorder = field(default_factory=LogRecorder)

    def __deepcopy__(self, memo) -> Deps:
        """Shared, never copied: Bolt deep-copies the context for each lazy listener."""
        return self


def deps(context) -> Deps:
    return context[CONTEXT_KEY]


def acknowledge(ack) -> None:
    ack()


def ack_then(listener) -> dict:
    """Bolt's registration for work that calls Slack: ack at once (well inside Slack's 3
    seconds, whatever Slack's API does next), then run `listener` on the listener pool."""
    return {"ack": acknowledge, "lazy": [listener]}


def injector(value: Deps):
    """A global Bolt middleware that puts `value` into every request's context."""

    def inject_deps(context, next):  # noqa: A002 - Bolt passes it by this name
        context[CONTEXT_KEY] = value
        next()

    return inject_deps
