"""What every listener needs, bound to it once at registration.

Listeners are plain functions whose first argument is the bot's `Deps` (knowledge base,
matcher, settings, de-duplication store, recorder), followed by Bolt's usual arguments
(`ack`, `body`, `client`, `context`...). `bind` fixes the first; Bolt injects the rest by
name. No globals, and no per-request middleware to pay for.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

from bot.answer import Answer
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.render.blocks import Ref
from bot.slack.dedupe import Dedupe, MemoryDedupe
from bot.slack.settings import Settings

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


def bind(listener, deps: Deps):
    """`listener` with `deps` as its first argument. Bolt reads the arguments a listener
    wants from its signature, and a partial's signature leaves out what it already binds."""
    bound = functools.partial(listener, deps)
    bound.__name__ = listener.__name__  # Bolt names listeners in its logs
    return bound


def acknowledge(ack) -> None:
    ack()


def ack_then(listener) -> dict:
    """Bolt's registration for work that calls Slack: ack at once (well inside Slack's 3
    seconds, whatever Slack's API does next), then run `listener` on the listener pool."""
    return {"ack": acknowledge, "lazy": [listener]}
