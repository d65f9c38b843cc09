"""A comparison written a line a feature, as people write one where no table can be drawn
(a Slack message, an email): "• *Cost* – Nurse: free on Health Club | Vet: £52 consult".
Each line names its row, then each subject with what it says of it, the same subjects in
the same order on every line. The lines are read as a markdown table in their place (a vet
practice's Slack message was "no table found", and retyping it took a maintainer ten
minutes)."""

from __future__ import annotations

import re

# a bullet, the row's name, a dash or a colon, then "Subject: ..." parts
_LINE = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25e6*-]|\d{1,2}[.)])\s+(?P<name>.+?)"
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
    read: list[tuple[int, str, list[tuple[str, str]]]] = []
    for at, line in enumerate(lines):
        found = _LINE.match(line)
        parts = _parts(found["rest"]) if found else None
        if parts is None:
            continue
        if read and [label.casefold() for label, _ in parts] != [
                label.casefold() for label, _ in read[0][2]]:
            continue
        read.append((at, found["name"].strip(), parts))
    if len(read) < MIN_LINES:
        return ""
    first, last = read[0][0], read[-1][0]
    if any(line.strip() for at, line in enumerate(lines[first:last + 1], first)
           if at not in {at for at, _, _ in read}):
        return ""  # not one run of lines: a list with something else between
    subjects = [label for label, _ in read[0][2]]
    table = [f"| Feature | {' | '.join(subjects)} |", "|" + "---|" * (len(subjects) + 1)]
    table += [f"| {name} | {' | '.join(said for _, said in parts)} |"
              for _, name, parts in read]
    return "\n".join([*lines[:first], "", *table, "", *lines[last + 1:]])
