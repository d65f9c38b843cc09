"""What the matcher returns, and what every renderer (terminal, Block Kit) reads."""

from __future__ import annotations

import math
from typing import NamedTuple

from bot.knowledge import Row, Topic

KINDS = ("row", "summary", "analogy", "table", "help", "none")
INTENTS = ("summary", "analogy", "table", "help")  # the answers that are not a row
MAX_ROWS = 3  # rows one answer shows

# Why a `none` answer is none: the renderers word their reply by it.
REASON_EMPTY = "empty"
REASON_UNSURE = "unsure"
REASON_OUT_OF_SCOPE = "out_of_scope"
REASON_RELATED = "related"  # shares the table's words, but the table does not answer it
REASON_WHICH_TOPIC = "which_topic"  # two comparisons fit equally: ask which
REASON_LANGUAGE = "language"  # written in a script the bot cannot read
# why a `help` reply is short: the message only thanked or acknowledged (bot.reading)
REASON_THANKS = "thanks"
REASON_ACKNOWLEDGED = "acknowledged"
SMALL_TALK = (REASON_THANKS, REASON_ACKNOWLEDGED)
UNANSWERED_REASONS = (REASON_UNSURE, REASON_OUT_OF_SCOPE, REASON_RELATED, REASON_LANGUAGE)


class Suggestion(NamedTuple):
    """Something the asker may have meant: a button in Slack, a hint in the terminal."""

    kind: str
    topic_id: str
    feature: str = ""

    @property
    def label(self) -> str:
        return self.feature or {"summary": "Summary", "analogy": "Analogy"}.get(
            self.kind, "Full table"
        )

    @property
    def value(self) -> str:
        """A compact reference a button can carry and `Matcher.lookup` can resolve."""
        return f"{self.kind}|{self.topic_id}|{self.feature}"

    @classmethod
    def overview(cls, topic: Topic) -> list[Suggestion]:
        """The summary, the analogy and the full table: what any reply can offer (no
        analogy where the table has none: the button only said there was none yet)."""
        kinds = ("summary", "analogy", "table") if topic.analogy else ("summary", "table")
        return [cls(kind, topic.id) for kind in kinds]

    @classmethod
    def from_value(cls, value: str) -> Suggestion:
        kind, topic_id, feature = (value.split("|", 2) + ["", ""])[:3]
        return cls(kind, topic_id, feature)


class Answer(NamedTuple):
    question: str
    kind: str
    topic: Topic | None
    rows: tuple[Row, ...] = ()
    score: int = 0
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""
    off_topic_term: str = ""

    @property
    def features(self) -> list[str]:
        return [row.feature for row in self.rows] if self.kind == "row" else []

    def as_json(self) -> dict:
        """The `ask --json` shape: stable keys a script can rely on."""
        return {
            "question": self.question,
            "kind": self.kind,
            "features": self.features,
            "score": self.score,
            "suggestions": [s.label for s in self.suggestions],
            "topic": self.topic.title if self.topic else None,
            # why a none or help reply is one: unsure, related, out_of_scope, which_topic,
            # language, empty, thanks, acknowledged ("" for an answer)
            "reason": self.reason,
        }


def confidence(evidence: float) -> int:
    """Map summed evidence onto 0-100: 1.6 (just enough for a row) is about 50."""
    return round(100 * (1 - math.exp(-evidence / 2.3)))
