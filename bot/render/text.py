"""Answer -> text for a terminal: rows side by side under their subjects' names."""

from __future__ import annotations

import textwrap
import unicodedata
from itertools import zip_longest

from bot.answer import SMALL_TALK, Answer
from bot.knowledge import KnowledgeBase, Row, Topic
from bot.render.wording import (
    analogy_text,
    help_message,
    none_message,
    small_talk_message,
    summary_heading,
    summary_lines,
)
from bot.text import BOLD, ITALIC, MARKDOWN_LINK

GAP = "   "


def plain(markdown: str) -> str:
    """A terminal shows `**bold**` and `*italics*` as plain words and a link as its text and
    address."""
    return MARKDOWN_LINK.sub(r"\1 (\2)", ITALIC.sub(r"\1", BOLD.sub(r"\1", markdown)))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width`, broken between words: a command or path is never split at
    its hyphens (`--cpus-per-task`), and a word too long for a line of its own starts one and
    is broken after a "/", ".", "@", "-", "=" or ":" in it (`hopper.rc.` / `example.edu`),
    not mid-word, as textwrap did (`` `ssh net `` / `` id@hopper... ``)."""
    lines, line = [], ""
    for word in text.split():
        if len(line) + 1 + len(word) <= width or not line and len(word) <= width:
            line = f"{line} {word}" if line else word
            continue
        if line:
            lines.append(line)
        while len(word) > width:
            cut = max((at + 1 for at, ch in enumerate(word[:width]) if ch in _WORD_BREAKS
                       and at > 0), default=width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line else lines


_WORD_BREAKS = "/.@-=:,_"


def columns(texts: list[str], widths: list[int]) -> list[str]:
    """Wrap each text to its width and lay the columns out side by side."""
    wrapped = [wrap(plain(t), w) or [""] for t, w in zip(texts, widths, strict=True)]
    lines = []
    for parts in zip_longest(*wrapped, fillvalue=""):
        cells = [p + " " * (w - shown_width(p)) for p, w in zip(parts, widths, strict=True)]
        lines.append(GAP.join(cells).rstrip())
    return lines


def shown_width(text: str) -> int:
    """Columns a terminal gives the text: two for a wide character (✅, ❌, 漢), none for
    a combining mark, so the next column still lines up."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_row(topic: Topic, row: Row, width: int) -> list[str]:
    names = [s.name for s in topic.subjects]
    sides = max(2, len(names))  # a three-way comparison still fits the terminal's width
    column = max(20, (width - (sides - 1) * len(GAP)) // sides)
    widths = [column] * len(names)
    underline = ["-" * min(column, len(n)) for n in names]
    note = wrap(f"Note: {row.note}", width) if row.note else []
    return [row.feature, *columns(names, widths), *columns(underline, widths),
            *columns(list(row.cells), widths), *note]


def render_table(topic: Topic, width: int) -> list[str]:
    first = min(18, max(len(r.feature) for r in topic.rows))
    column = max(16, (width - first - 2 * len(GAP)) // len(topic.subjects))
    widths = [first] + [column] * len(topic.subjects)
    lines = columns(["", *(s.name for s in topic.subjects)], widths)
    lines.append("-" * min(width, sum(widths) + len(GAP) * len(topic.subjects)))
    for row in topic.rows:
        note = wrap(f"Note: {row.note}", width) if row.note else []
        lines += columns([row.feature, *row.cells], widths) + note + [""]
    return lines[:-1]


def render(answer: Answer, kb: KnowledgeBase, width: int = 80) -> str:
    """The whole reply as a person reads it in a terminal."""
    topic = answer.topic
    title = f"{topic.title}" if topic else ""
    if answer.kind == "row" and topic:
        blocks = [render_row(topic, row, width) for row in answer.rows]
        body = "\n\n".join("\n".join(b) for b in blocks)
        return f"{body}\n\n({title})"
    if answer.kind == "summary" and topic:
        bullets = [textwrap.fill(plain(s), width, initial_indent="- ", subsequent_indent="  ")
                   for s in summary_lines(topic)]
        heading = f"Summary: {title}" if topic.summary or not topic.rows else (
            f"{title}: {summary_heading(topic)[0].lower()}{summary_heading(topic)[1:]}")
        return f"{heading}\n\n" + "\n".join(bullets)
    if answer.kind == "analogy" and topic:
        return f"Analogy: {title}\n\n" + textwrap.fill(plain(analogy_text(topic)), width)
    if answer.kind == "table" and topic:
        return f"{title}\n\n" + "\n".join(render_table(topic, width))
    if answer.kind == "help" and answer.reason in SMALL_TALK:
        return plain(small_talk_message(kb, answer))
    if answer.kind == "help":
        return plain(help_message(kb, answer))
    text = plain(none_message(answer, kb))
    hints = "\n".join(f"  {n}. {s.label}" for n, s in enumerate(answer.suggestions, 1))
    return f"{text}\n{hints}" if hints else text
