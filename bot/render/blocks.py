"""Answers as Slack Block Kit messages, with the plain `text` fallback Slack shows in
notifications: one renderer for the slash command, mentions, DMs, shares and App Home.

Everything shown passes through `mrkdwn()` (knowledge text: `**bold**` becomes Slack's
`*bold*`) or `escape()` (user text), so `&`, `<` and `>` can never form a mention, a
broadcast or a link. Every builder respects Block Kit's limits (see the constants): a
knowledge base of any size still produces a valid message, paginated or truncated with
a note saying so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answer import REASON_EMPTY, REASON_WHICH_TOPIC, SMALL_TALK, Answer, Suggestion
from bot.knowledge import KnowledgeBase, Row, Topic, teams_first
from bot.render.wording import (
    analogy_text,
    help_examples,
    none_message,
    small_talk_message,
    summary_heading,
    summary_lines,
)
from bot.text import BOLD, ITALIC, MARKDOWN_LINK, without_invisible

# Block Kit limits (https://docs.slack.dev/reference/block-kit).
MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
HEADER_CHARS = 150
SECTION_CHARS = 3000
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
BUTTON_TEXT_CHARS = 75
BUTTON_VALUE_CHARS = 2000
BUTTONS_PER_ACTIONS = 25
CONTEXT_ELEMENTS = 10
# Not a Block Kit limit: what keeps a message readable and well under Slack's size cap.
TEXT_FALLBACK_CHARS = 3000
PAGE_CHARS = 9000
HELP_ROW_BUTTONS = 22  # plus Summary, Analogy and Full table: one actions block of 25
QUESTION_IN_VALUE_CHARS = 200
MAX_PAGE_START = 100_000  # a button value is untrusted: a page past every table, not 1e999

# The action_ids the renderer puts on buttons; bot/slack/actions.py listens to each.
SHARE = "share_answer"
HELPFUL = "feedback_helpful"
NOT_HELPFUL = "feedback_not_helpful"
SHOW = "show_answer"  # followed by the button's position: ids must differ within a block
TABLE_PAGE = "table_page"  # likewise
ASK_THE_TEAM = "ask_the_team"  # bot/slack/escalation.py: the question goes to people
CHOOSE = "choose_topic"  # likewise: which comparison a question is about
SHOW_PATTERN = rf"^{SHOW}_\d+$"
CHOOSE_PATTERN = rf"^{CHOOSE}_\d+$"
TABLE_PAGE_PATTERN = rf"^{TABLE_PAGE}_\d+$"

SHARED_NOTE = "Shared from /k8s-compare · asked: “{question}”"
MORE_TOPICS = "_More comparisons are available: ask me about them by name._"
MORE_ROWS = "…and {hidden:,} more rows: ask about one by name, or open the full table."

_CUT_ENTITY = re.compile(r"&[a-z]{0,4}$")


# ------------------------------------------------------------------ text
def escape(text: str) -> str:
    """Slack's three control characters: nothing shown can become a ping or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """The inverse of `escape`, for values that went through it."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@lru_cache(maxsize=16_384)
def mrkdwn(markdown: str) -> str:
    """Knowledge-base markdown as Slack mrkdwn: `*italic*` to `_italic_`, `**bold**` to `*bold*`.

    Cached: it only ever sees the knowledge base's own, fixed texts (user text goes
    through `escape`), and it runs a dozen times for every answer."""
    text = escape(markdown)
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"<\2|\1>", text)
    if "*" not in text:
        return text
    return BOLD.sub(r"*\1*", ITALIC.sub(r"_\1_", text))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending with `…` when cut, never inside an `&amp;`."""
    if len(text) <= limit:
        return text
    return _CUT_ENTITY.sub("", text[: limit - 1]) + "…"


def plain(text: str, limit: int = HEADER_CHARS) -> dict:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def md(text: str, limit: int = SECTION_CHARS) -> dict:
    return {"type": "mrkdwn", "text": clip(text, limit) or " "}


# ------------------------------------------------------------------ blocks
def header(text: str) -> dict:
    return {"type": "header", "text": plain(text)}


def section(text: str) -> dict:
    return {"type": "section", "text": md(text)}


def context_block(*texts: str) -> dict:
    return {"type": "context", "elements": [md(t) for t in texts[:CONTEXT_ELEMENTS]]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str = "") -> dict:
    element = {"type": "button", "text": plain(text, BUTTON_TEXT_CHARS), "action_id": action_id}
    element["value"] = value
    if style:
        element["style"] = style
    return element


def actions(elements: list[dict], block_id: str = "") -> list[dict]:
    """Buttons in blocks of at most 25; no block at all when there are none."""
    blocks = []
    for start in range(0, len(elements), BUTTONS_PER_ACTIONS):
        block = {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS]}
        if block_id:
            block["block_id"] = f"{block_id}_{start // BUTTONS_PER_ACTIONS}"
        blocks.append(block)
    return blocks


def columns(topic: Topic, row: Row, title: str = "") -> list[dict]:
    """A row's cells as labelled columns, one field per subject, 10 fields per section."""
    fields = [
        md(f"*{mrkdwn(subject.name)}*\n{mrkdwn(cell)}", FIELD_CHARS)
        for subject, cell in zip(topic.subjects, row.cells, strict=False)
    ]
    blocks = []
    for start in range(0, len(fields), FIELDS_PER_SECTION):
        block = {"type": "section", "fields": fields[start : start + FIELDS_PER_SECTION]}
        if title and start == 0:
            block["text"] = md(title)
        blocks.append(block)
    return blocks


def row_blocks(topic: Topic, row: Row) -> list[dict]:
    """A row as Slack people read it: its name as a header, the two sides side by side,
    and what the table says of the row as a whole, once, under them."""
    note = [context_block(f"Note: {mrkdwn(row.note)}")] if row.note else []
    return [header(row.feature), *columns(topic, row), *note]


def title_context(topic: Topic | None) -> list[dict]:
    return [context_block(f"_{mrkdwn(topic.title)}_")] if topic else []


def summary_section(topic: Topic) -> dict:
    lines = "\n".join(f"• {mrkdwn(line)}" for line in summary_lines(topic))
    return section(f"*{mrkdwn(summary_heading(topic))}*\n{lines}")


def analogy_section(topic: Topic) -> dict:
    return section(f"*An analogy*\n{mrkdwn(analogy_text(topic))}")


def fit(body: list[dict], tail: list[dict], limit: int = MAX_BLOCKS) -> list[dict]:
    """`body` then `tail` in at most `limit` blocks; a cut body ends with a note saying so."""
    room = limit - len(tail)
    if len(body) > room:
        body = body[: room - 1] + [
            context_block("_This answer was too long for one message and was cut._")
        ]
    return body + tail


# ------------------------------------------------------------------ messages
@dataclass(frozen=True)
class Message:
    """What chat.postMessage, chat.postEphemeral, a response_url or an ack takes."""

    text: str
    blocks: list[dict]

    def payload(self, **extra) -> dict:
        return {"text": self.text, "blocks": self.blocks, **extra}


def fallback(*parts: str) -> str:
    """The notification text: the same words as the blocks, without the layout."""
    return clip("\n".join(p for p in parts if p), TEXT_FALLBACK_CHARS)


@dataclass(frozen=True)
class Ref:
    """What a button needs to show an answer again: its parts, the question, the page."""

    suggestions: tuple[Suggestion, ...]
    question: str = ""
    start: int = 0

    @classmethod
    def of(cls, answer: Answer, start: int = 0) -> Ref:
        topic_id = answer.topic.id if answer.topic else ""
        if answer.kind == "row":
            parts = tuple(Suggestion("row", topic_id, row.feature) for row in answer.rows)
        else:
            parts = (Suggestion(answer.kind, topic_id),)
        return cls(parts, answer.question[:QUESTION_IN_VALUE_CHARS], start)

    def encode(self) -> str | None:
        """A button value, or None when even without the question it would be too long.

        The question goes in escaped: Slack echoes values back, and they must not ping."""
        data = {
            "s": [s.value for s in self.suggestions],
            "p": self.start,
            "q": escape(self.question),
        }
        for candidate in (data, {**data, "q": ""}):
            value = json.dumps(candidate, ensure_ascii=False, separators=(",", ":"))
            if len(value) <= BUTTON_VALUE_CHARS:
                return value
        return None

    @classmethod
    def decode(cls, value: str) -> Ref | None:
        """The Ref a button carried; None for anything that is not one (never raises)."""
        try:
            data = json.loads(value)
            parts = tuple(Suggestion.from_value(str(s)) for s in data["s"])
            start = min(max(0, int(data.get("p", 0))), MAX_PAGE_START)
            return cls(parts, without_invisible(unescape(str(data.get("q", "")))), start)
        except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
            return None


def render_answer(
    answer: Answer,
    kb: KnowledgeBase,
    *,
    share: bool = False,
    feedback: bool = True,
    shared: bool = False,
    start: int = 0,
) -> Message:
    """Any Answer as a message. `share` adds the Share-in-channel button (ephemeral
    replies), `feedback` the helpful/not helpful buttons, `shared` says where it came
    from, `start` is the first row of a full-table page."""
    if answer.kind == "table" and answer.topic:
        blocks, text = _table(answer, start)
    elif answer.kind == "row" and answer.rows:
        blocks, text = _rows(answer)
    elif answer.kind in ("summary", "analogy") and answer.topic:
        blocks, text = _summary_or_analogy(answer)
    elif answer.kind == "none":
        blocks, text = _none(answer, kb)
    elif answer.reason in SMALL_TALK:
        line = mrkdwn(small_talk_message(kb, answer))
        blocks, text = [section(line)], fallback(line)
    else:
        blocks, text = _help(answer, kb)
    if shared and answer.question:
        blocks.append(
            context_block(SHARED_NOTE.format(question=escape(answer.question)))
        )
    tail = _controls(answer, share, feedback, start)
    return Message(text, fit(blocks, tail))


def row_text(topic: Topic, row: Row) -> str:
    """A row in one line, for notification text: `Feature: Side A: ...; Side B: ...`."""
    cells = (
        f"{mrkdwn(s.name)}: {mrkdwn(c)}" for s, c in zip(topic.subjects, row.cells, strict=False)
    )
    return f"{mrkdwn(row.feature)}: {'; '.join(cells)}"


def _rows(answer: Answer) -> tuple[list[dict], str]:
    topic = answer.topic
    blocks = [block for row in answer.rows for block in row_blocks(topic, row)]
    text = fallback(*(row_text(topic, row) for row in answer.rows))
    return blocks + title_context(topic), text


def _summary_or_analogy(answer: Answer) -> tuple[list[dict], str]:
    topic = answer.topic
    block = summary_section(topic) if answer.kind == "summary" else analogy_section(topic)
    return [block, *title_context(topic)], fallback(block["text"]["text"])


def table_page(topic: Topic, start: int) -> tuple[list[dict], int]:
    """Rows from `start` while they fit one message; returns the blocks and the next start."""
    start = min(max(0, start), max(0, len(topic.rows) - 1))
    blocks, used, end = [], 0, start
    room = MAX_BLOCKS - 6  # header, note, pager, controls, shared note, cut note
    for row in topic.rows[start:]:
        row_sections = columns(topic, row, f"*{mrkdwn(row.feature)}*") + (
            [context_block(f"Note: {mrkdwn(row.note)}")] if row.note else [])
        size = sum(len(json.dumps(b, ensure_ascii=False)) for b in row_sections)
        if blocks and (len(blocks) + len(row_sections) > room or used + size > PAGE_CHARS):
            break
        blocks += row_sections
        used += size
        end += 1
    return blocks, end


def _table(answer: Answer, start: int) -> tuple[list[dict], str]:
    topic = answer.topic
    rows, end = table_page(topic, start)
    total = len(topic.rows)
    blocks = [header(topic.title), *rows]
    if start > 0 or end < total:
        first = min(start, total - 1) + 1
        blocks.append(context_block(f"Rows {first}–{end} of {total:,}."))
        blocks += actions(_pager(answer, start, end))
    text = fallback(mrkdwn(topic.title), *(mrkdwn(r.feature) for r in topic.rows[start:end]))
    return blocks, text


def _pager(answer: Answer, start: int, end: int) -> list[dict]:
    """Previous/next page buttons; a page is as many rows as fit, so go back by that much."""
    buttons = []
    if start > 0:
        previous = Ref.of(answer, max(0, start - (end - start))).encode()
        if previous:
            buttons.append(button("◀ Previous rows", f"{TABLE_PAGE}_0", previous))
    if end < len(answer.topic.rows):
        following = Ref.of(answer, end).encode()
        if following:
            buttons.append(button("Next rows ▶", f"{TABLE_PAGE}_1", following))
    return buttons


def _none(answer: Answer, kb: KnowledgeBase) -> tuple[list[dict], str]:
    message = mrkdwn(none_message(answer, kb))
    blocks = [section(message)]
    if answer.question:
        blocks.append(context_block(f"You asked: “{escape(answer.question)}”"))
    if answer.reason == REASON_WHICH_TOPIC:
        blocks += actions(choose_buttons(answer), "which_topic")
    else:
        blocks += actions(show_buttons(answer.suggestions), "did_you_mean")
    labels = ", ".join(escape(s.label) for s in answer.suggestions)
    return blocks, fallback(message, labels)


def choose_buttons(answer: Answer) -> list[dict]:
    """One button per comparison the question fits; a click answers the same question
    from that comparison (so the button carries the question, like a page button)."""
    buttons = []
    for suggestion in answer.suggestions:
        value = Ref((suggestion,), answer.question[:QUESTION_IN_VALUE_CHARS]).encode()
        if value:
            buttons.append(button(suggestion.label, f"{CHOOSE}_{len(buttons)}", value))
    return buttons


def show_buttons(suggestions) -> list[dict]:
    """One button per suggestion; a click shows that answer (see bot/slack/actions.py)."""
    buttons = []
    for suggestion in suggestions:
        value = suggestion.value
        if len(value) <= BUTTON_VALUE_CHARS:
            buttons.append(button(suggestion.label, f"{SHOW}_{len(buttons)}", value))
    return buttons[:BUTTONS_PER_ACTIONS]


def _help(answer: Answer, kb: KnowledgeBase) -> tuple[list[dict], str]:
    greeting = "Hi! " if answer.reason == REASON_EMPTY else ""
    topics = teams_first(kb.topics)
    titles = ", ".join(f"*{mrkdwn(t.title)}*" for t in topics) or "nothing yet"
    examples = help_examples(kb)
    intro = (
        f"{greeting}I explain the differences in {titles}. Ask in plain words, for example:\n"
        + "\n".join(f"• {escape(q)}" for q in examples)
        + "\nOr pick a part of the comparison:"
    )
    blocks = [section(intro)]
    for topic in topics:
        if len(blocks) + 4 > MAX_BLOCKS - 2:
            blocks.append(
                context_block(MORE_TOPICS)
            )
            break
        blocks += _topic_menu(topic)
    return blocks, fallback(intro)


def _topic_menu(topic: Topic) -> list[dict]:
    """A topic's rows as buttons, then summary, analogy and full table."""
    rows = [Suggestion("row", topic.id, r.feature) for r in topic.rows[:HELP_ROW_BUTTONS]]
    blocks = [section(f"*{mrkdwn(topic.title)}*")]
    blocks += actions(show_buttons(rows + Suggestion.overview(topic)), f"menu_{topic.id}"[:200])
    hidden = len(topic.rows) - HELP_ROW_BUTTONS
    if hidden > 0:
        blocks.append(context_block(MORE_ROWS.format(hidden=hidden)))
    return blocks


def _controls(answer: Answer, share: bool, feedback: bool, start: int) -> list[dict]:
    """Share in channel (ephemeral replies) and the helpful / not helpful buttons; a help
    or none reply is not an answer to rate, its buttons are choices."""
    if answer.kind in ("help", "none") or answer.topic is None:
        return []
    value = Ref.of(answer, start).encode()
    if value is None:
        return []
    buttons = []
    if share:
        buttons.append(button("Share in channel", SHARE, value, "primary"))
    if feedback:
        buttons.append(button("👍 Helpful", HELPFUL, value))
        buttons.append(button("👎 Not helpful", NOT_HELPFUL, value))
    return actions(buttons, "answer_controls")


def with_ask_the_team(message: Message, value: str | None) -> Message:
    """`message` with an "Ask the team" button after it, when escalation is configured
    (`value`, what bot/slack/escalation.py needs back, is None when it is not)."""
    if value is None or len(value) > BUTTON_VALUE_CHARS or len(message.blocks) >= MAX_BLOCKS:
        return message
    button_block = actions([button("Ask the team", ASK_THE_TEAM, value)], "escalation")
    return Message(message.text, [*message.blocks, *button_block])


def with_note(message: Message, note: str) -> Message:
    """`message` with one more line of context at the end (`note` is mrkdwn, escaped)."""
    if len(message.blocks) >= MAX_BLOCKS:
        return message
    return Message(message.text, [*message.blocks, context_block(note)])
