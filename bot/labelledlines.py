"""A comparison written a line a feature, as people write one where no table can be drawn
(a Slack message, an email): "• *Cost* – Nurse: free on Health Club | Vet: £52 consult".
Each line names its row, then each subject with what it says of it, the same subjects in
the same order on every line. The lines are read as a markdown table in their place (a vet
practice's Slack message was "no table found", and retyping it took a maintainer ten
minutes)."""

from __future__ import annotations

import re

# a bullet (none in a Google Keep note), the row's name, a dash or a colon, then
# "Subject: ..." parts
_LINE = re.compile(r"^\s*(?:(?:[\u2022\u00b7\u25aa\u25e6*-]|\d{1,2}[.)])\s+)?(?P<name>.+?)"
                   r"(?:\s+[\u2013\u2014-]\s+|:\s+)(?P<rest>\S.*)$")
_PART = re.compile(r"^\s*(?P<label>[^:|;]{1,40}?)\s*:\s+(?P<said>\S.*?)\s*$")
MIN_LINES = 3


def _parts(rest: str) -> list[tuple[str, str]] | None:
    """("Nurse", "15 min"), ("Vet", "15 min standard") of a line's rest, or None."""
    found = [_PART.match(part) for part in rest.split("|")]
    if len(found) < 2 or not all(found):
        return None
    return [(m["label"].strip(" *_"), m["said"]) for m in found]


def labelled_lines_as_markdown(text: str) -> str:
    """The page with its labelled lines as a markdown table, or "" when it has none."""
    lines = text.splitlines()
    read: list[tuple[int, int, str, list[tuple[str, str]]]] = []
    for at, line in enumerate(lines):
        found = _LINE.match(line)
        parts = _parts(found["rest"]) if found else None
        if parts is not None:
            read.append((at, at, found["name"].strip(), parts))
    return next((table for found in (read, _nested(lines), _headed(lines))
                 if (table := _as_table(lines, _one_run(lines, found)))), "")


# a row's name alone on its line, as a chat writes a heading: "*Fridge temps*", "Deliveries:"
_HEADING = re.compile(r"^\s*(?P<name>(?:\*{1,2}|_{1,2})?[^:|*_]{1,60}?(?:\*{1,2}|_{1,2})?):?\s*$")


def _headed(lines: list[str]) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
    """A row's name on a line of its own, its subjects' cells the lines under it, as people
    type a comparison on a phone ("*Fridge temps*" over "Opening: probe and log..." and
    "Closing: log them all again..."): a kitchen's WhatsApp group was "no table found"."""
    read, at = [], 0
    while at < len(lines):
        top, parts, below = _HEADING.match(lines[at]), [], at + 1
        while top and below < len(lines) and (part := _PART.match(lines[below])):
            parts.append((part["label"].strip(" *_"), part["said"]))
            below += 1
        name = top["name"].strip(" *_") if top else ""
        if len(parts) >= 2 and name and len(name.split()) <= MAX_HEADING_WORDS:
            read.append((at, below - 1, name, parts))
        at = max(below, at + 1)
    return read


MAX_HEADING_WORDS = 6


# a bullet with what it says, and how far it is indented: "    ◦ Confidential: ..."
_BULLETED = re.compile(r"^(?P<indent>[ \t]*)(?P<glyph>[\u2022\u00b7\u25aa\u25e6*-]|\d{1,2}[.)])"
                       r"\s+(?P<text>\S.*)$")


def _nested(lines: list[str]) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
    """A row a bullet, its subjects' cells the bullets under it, as a Slack message nests
    them ("• Examples" over "    ◦ Confidential: ..." and "    ◦ Restricted: ...") or a
    markdown list does ("- Examples" over "  - Confidential: ..."): a bank's message was
    "no table found" until retyped a line a feature. (first line, last line, row, parts)."""
    read = []
    at = 0
    while at < len(lines):
        top, parts, below = _BULLETED.match(lines[at]), [], at + 1
        while top and below < len(lines) and (child := _BULLETED.match(lines[below])) and (
                _deeper(child, top)) and (part := _PART.match(child["text"])):
            parts.append((part["label"].strip(" *_"), part["said"]))
            below += 1
        if len(parts) >= 2 and not _PART.match(top["text"]):
            read.append((at, below - 1, top["text"].strip(" *_:"), parts))
        at = max(below, at + 1)
    return read


def _deeper(child: re.Match, top: re.Match) -> bool:
    """Is the bullet under the other one? Indented further, or Slack's hollow "◦" under
    its "•" where a copy lost the indent."""
    indent, over = (len(m["indent"].expandtabs(4)) for m in (child, top))
    return indent > over or indent == over and child["glyph"] == "\u25e6" != top["glyph"]


def _one_run(lines: list[str], read: list) -> list:
    """The rows naming the same subjects as the first, in its order; none when other text
    stands between them (a list with something else between is no table)."""
    read = [row for row in read if [label.casefold() for label, _ in row[3]] == [
        label.casefold() for label, _ in read[0][3]]] if read else []
    if len(read) < MIN_LINES:
        return []
    between = _between(lines, read)
    if between and not (_a_paragraph_each(lines, read) and len(between) <= len(read)):
        return []
    return read


def _between(lines: list[str], read: list) -> list[str]:
    """The lines with something to say between the first row and the last, outside rows."""
    inside = {at for first, last, _, _ in read for at in range(first, last + 1)}
    return [line for at, line in enumerate(lines[read[0][0]:read[-1][1] + 1], read[0][0])
            if at not in inside and line.strip()]


def _a_paragraph_each(lines: list[str], read: list) -> bool:
    """Is every row a paragraph (a message) of its own? Then a colleague's reply between two
    of them ("do closers do the bins as well?") is a chat going on, not the end of a list:
    the rows are read as one table, and the replies are put under it."""
    return all(not lines[first - 1].strip() for first, _, _, _ in read[1:])


def _as_table(lines: list[str], read: list) -> str:
    if not read:
        return ""
    subjects = [label for label, _ in read[0][3]]
    table = [f"| Feature | {' | '.join(subjects)} |", "|" + "---|" * (len(subjects) + 1)]
    table += [f"| {name} | {' | '.join(said for _, said in parts)} |"
              for _, _, name, parts in read]
    return "\n".join([*lines[:read[0][0]], "", *table, "", *_between(lines, read),
                      *lines[read[-1][1] + 1:]])
