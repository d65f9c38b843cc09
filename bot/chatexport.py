"""A comparison pasted out of a WhatsApp chat, as a page the import reads.

Teams that run on WhatsApp keep their rules in a group: the table is one message, the tl;dr and
the analogy are later messages among colleagues' replies. Copied from WhatsApp Web or its
export, every line starts "[9:03 AM, 3/5/2025] Rosa Delgado: " (or "3/5/25, 9:03 AM - Rosa
Delgado: "), and with no blank line between messages the whole chat after the table read as
one paragraph: it became the table's analogy, names, jokes and all (a dental front desk's
reviewer, forty-fifth session). Here each message is a paragraph of its own without its
sender and time, and what WhatsApp writes itself ("This message was deleted", "<Media
omitted>") and replies of only emoji are left out. A table typed in a chat has no separator
line under its header (nobody types `---|---` on a phone): a run of lines with the same
number of `|` cells gets one.
"""

from __future__ import annotations

import re

# "[9:03 AM, 3/5/2025] Rosa Delgado: ", "[05.03.25, 09:03:12] Rosa: " (WhatsApp Web, iOS)
# and "3/5/25, 9:03 AM - Rosa Delgado: " (Android's export)
_STAMP = r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
_STAMPED = (rf"^\s*(?:\[(?:{_TIME},\s*{_STAMP}|{_STAMP},\s*{_TIME})\]\s*"
            rf"|{_STAMP},?\s+{_TIME}\s+[-\u2013]\s+)")  # a line's time, as each app writes it
_MESSAGE = re.compile(_STAMPED + r"(?P<sender>[^:\n]{1,40}?):\s?(?P<said>.*)$")
# what WhatsApp writes in a sender's place, not what they said
_WHATSAPP_SAYS = re.compile(
    r"^\s*(?:this message was deleted|you deleted this message|<media omitted>|"
    r"image omitted|video omitted|sticker omitted|audio omitted|document omitted|"
    r"gif omitted|null|messages and calls are end-to-end encrypted.*|"
    r".*\bpinned a message|<this message was edited>)\s*$", re.IGNORECASE)
# a line WhatsApp writes itself, with a time and no sender ("09/03/2025, 18:02 - Messages and
# calls are end-to-end encrypted...", "... - Marco created group ..."): left out, it was quoted
# as the text above a kitchen's table
_EVENT = re.compile(_STAMPED + r"\S")
MIN_MESSAGES = 2
_PIPED = re.compile(r"(?<!\\)\|")
MIN_TABLE_LINES = 3


def messages_as_paragraphs(text: str) -> str:
    """The chat's messages a paragraph each, without sender and time; the text as it was
    when fewer than two lines open as WhatsApp's messages."""
    lines = text.splitlines()
    if sum(1 for line in lines if _MESSAGE.match(line)) < MIN_MESSAGES:
        return text
    messages: list[list[str]] = []
    for line in lines:
        if _EVENT.match(line) and not _MESSAGE.match(line):
            messages.append([])  # "Marco created group ...": WhatsApp's, no one's words
        elif found := _MESSAGE.match(line):
            messages.append([found["said"]])
        elif messages:
            messages[-1].append(line)  # a message over several lines: the table's
        else:
            messages.append([line])
    kept = [message for message in messages if not _says_nothing(message)]
    return "\n\n".join("\n".join(message).strip() for message in kept) + "\n"


def _says_nothing(message: list[str]) -> bool:
    """Is this message WhatsApp's own ("This message was deleted"), or only emoji ("👍👍")?"""
    said = "\n".join(message).strip()
    return not said or bool(_WHATSAPP_SAYS.match(said)) or not re.search(r"\w", said)


def pipe_lines_as_table(text: str) -> str:
    """The page with a separator under the header of a table typed without one ("What |
    Cancel | No-show" over lines of the same number of cells), or "" when it has none."""
    lines = text.splitlines()
    for start in range(len(lines)):
        width = _width(lines[start])
        if width < 3:
            continue
        end = start
        while end + 1 < len(lines) and _width(lines[end + 1]) == width:
            end += 1
        if end - start + 1 >= MIN_TABLE_LINES:
            table = [_piped(line) for line in lines[start:end + 1]]
            return "\n".join([*lines[:start], "", table[0], "|" + "---|" * width, *table[1:],
                              "", *lines[end + 1:]])
    return ""


def _width(line: str) -> int:
    """How many cells a line of `|` has (0 when it is no such line, or a separator)."""
    if not _PIPED.search(line) or re.fullmatch(r"[\s|:\-]+", line):
        return 0
    return len(_PIPED.split(line.strip().strip("|")))


def _piped(line: str) -> str:
    inner = line.strip()
    return f"| {inner.strip('|').strip()} |"
