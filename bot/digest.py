"""The maintainers' weekly digest as a Block Kit message: `k8s-compare report --post`.

The same figures as `k8s-compare report`, shaped for reading in Slack: the headline
numbers, what kinds of answer went out and where, the rows people ask about and rate, and
the groups of questions the bot could not answer, each with a button that lists every
wording (bot/slack/digest.py answers the click). The chart goes with it as a file.

The message is a list of sections, each a function of the report (`SECTIONS`): a new part
of the digest is one more function there, fed by what `build_report` reads (the questions
handed to the team are one).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.render.blocks import (
    BUTTON_VALUE_CHARS,
    Message,
    button,
    clip,
    context_block,
    divider,
    escape,
    fallback,
    fit,
    header,
    md,
    section,
)
from bot.report import PartStats, QuestionGroup, Report, minutes

SHOW_QUESTIONS = "digest_questions"  # the button on each unanswered group
TITLE = "k8s-compare: what people asked"
SHOWN_ROWS = 5
SHOWN_QUESTION_CHARS = 150
SHOWN_WORDINGS = 15  # of 150 characters: well inside a section's 3,000
QUESTION_IN_VALUE_CHARS = 300
CHART_NOTE = "The chart below: answers per day by kind, and the answer rate."
NO_CHART_NOTE = "Nothing was recorded in this window, so there is no chart."
FULL_REPORT = "`k8s-compare report --since {days}d` prints the full tables."


@dataclass(frozen=True)
class QuestionsRef:
    """What a "See the questions" button carries: the window and the group's wording,
    escaped (Slack echoes values back, and they must not ping) and cut to fit."""

    since: datetime
    until: datetime
    question: str  # as `key` makes it

    @staticmethod
    def key(question: str) -> str:
        return escape(question)[:QUESTION_IN_VALUE_CHARS]

    @classmethod
    def of(cls, report: Report, group: QuestionGroup) -> QuestionsRef:
        return cls(report.since, report.until, cls.key(group.question))

    def encode(self) -> str:
        value = {"s": self.since.isoformat(), "u": self.until.isoformat(), "q": self.question}
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))[:BUTTON_VALUE_CHARS]

    @classmethod
    def decode(cls, value: str) -> QuestionsRef | None:
        """The ref a button carried; None for anything else (never raises)."""
        try:
            data = json.loads(value)
            return cls(datetime.fromisoformat(data["s"]), datetime.fromisoformat(data["u"]),
                       str(data["q"]))
        except (ValueError, TypeError, KeyError):
            return None

    def names(self, group: QuestionGroup) -> bool:
        return self.key(group.question) == self.question


def window(report_or_ref) -> str:
    """`17 Nov 09:00 – 24 Nov 09:00 UTC`."""
    return f"{report_or_ref.since:%d %b %H:%M} – {report_or_ref.until:%d %b %H:%M} UTC"


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


# ------------------------------------------------------------------ sections
def headline(report: Report, charted: bool) -> list[dict]:
    rated, helpful = report.ratings, report.ratings_helpful
    figures = [
        ("Questions typed", f"{report.questions:,}"),
        ("Answered", f"{report.answered:,} ({percent(report.answered, report.questions)})"),
        ("Answers sent", f"{report.total:,} (with Home tab views and buttons)"),
        ("Rated helpful", f"{helpful:,} of {rated:,}" if rated else "no ratings"),
    ]
    fields = [md(f"*{name}*\n{value}") for name, value in figures]
    note = CHART_NOTE if charted else NO_CHART_NOTE
    return [header(TITLE), {"type": "section", "fields": fields},
            context_block(f"{window(report)} · {note}")]


def mix(report: Report, charted: bool) -> list[dict]:
    if not report.total:
        return []
    return [section(f"*By kind:* {counts(report.by_kind)}\n"
                    f"*By surface:* {counts(report.by_surface)}")]


def counts(by: dict[str, int]) -> str:
    """`row 4 · none 4 · summary 1`: most first, ties by name, so weeks compare line by line."""
    ordered = sorted(by.items(), key=lambda item: (-item[1], item[0]))
    return " · ".join(f"{escape(name)} {count:,}" for name, count in ordered)


def rows(report: Report, charted: bool) -> list[dict]:
    blocks = []
    if report.most_asked:
        lines = [f"• {name(p)}: {p.asked:,}" for p in report.most_asked[:SHOWN_ROWS]]
        blocks.append(section("*Most-asked rows*\n" + "\n".join(lines)))
    unhelpful = [p for p in report.helpfulness if p.helpful < p.rated][:SHOWN_ROWS]
    if unhelpful:
        lines = [f"• {name(p)}: {p.helpful:,} of {p.rated:,} found it helpful" for p in unhelpful]
        blocks.append(section("*Least helpful*\n" + "\n".join(lines)))
    return blocks


def name(part: PartStats) -> str:
    """A row's name, or `(summary)`...: knowledge text, escaped like any text shown."""
    return escape(part.part)


def unanswered(report: Report, charted: bool) -> list[dict]:
    if not report.unanswered:
        return [section("*Unanswered questions:* none in this window.")]
    blocks = [divider(), section("*Top unanswered questions*, similar ones grouped")]
    for group in report.unanswered:
        text = f"*{group.count:,}×* {shown(group.question)}"
        if group.examples:
            text += "\n_also: " + "; ".join(shown(e) for e in group.examples) + "_"
        ref = QuestionsRef.of(report, group)
        block = section(text)
        block["accessory"] = button("See the questions", SHOW_QUESTIONS, ref.encode())
        blocks.append(block)
    return blocks


def shown(question: str) -> str:
    """A person's question as the digest shows it: escaped, so it pings nobody."""
    return escape(clip(question, SHOWN_QUESTION_CHARS))


def escalations(report: Report, charted: bool) -> list[dict]:
    """Ask the team: how many questions went to people, and how soon they answered."""
    figures = report.escalations
    if not figures.asked:
        return []
    return [section(f"*Asked the team:* {figures.asked:,} · answered {figures.answered:,} · "
                    f"median first reply {minutes(figures.median_minutes)} · still open "
                    f"{figures.still_open:,}")]


Section = Callable[[Report, bool], list[dict]]
SECTIONS: tuple[Section, ...] = (headline, mix, rows, escalations, unanswered)


def digest_message(report: Report, charted: bool = True) -> Message:
    """The digest; `charted` says whether a chart goes with it."""
    days = max(1, round((report.until - report.since).total_seconds() / 86_400))
    body = [block for part in SECTIONS for block in part(report, charted)]
    tail = [context_block(FULL_REPORT.format(days=days))]
    text = fallback(
        f"{TITLE}, {window(report)}: {report.questions:,} questions typed, {report.answered:,} "
        f"answered ({percent(report.answered, report.questions)}); "
        f"{len(report.unanswered):,} groups of unanswered questions."
    )
    return Message(text, fit(body, tail))


def questions_message(ref: QuestionsRef, group: QuestionGroup | None) -> Message:
    """The reply to "See the questions": every wording of the group and how often."""
    if group is None:
        text = (f"Those questions ({window(ref)}) are no longer recorded: they may have been "
                "cleared, or this bot reads another database than the digest did.")
        return Message(text, [section(text)])
    members = group.members or ((group.question, group.count),)
    lines = [f"• {shown(question)} ({count:,}×)" for question, count in members]
    title = f"*Unanswered, asked {group.count:,}×* ({window(ref)})"
    body = [section(title + "\n" + "\n".join(lines[:SHOWN_WORDINGS]))]
    if len(lines) > SHOWN_WORDINGS:
        body.append(context_block(f"…and {len(lines) - SHOWN_WORDINGS:,} more wordings."))
    return Message(fallback(title, *lines), body)
