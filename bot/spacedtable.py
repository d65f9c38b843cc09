"""A table laid out in columns of spaces, as people paste one into Slack or a README's code
block (`column -t`, a CLI's output, a hand-aligned cheat sheet): a header line, a line of
dashes under each column, then a line a row. It was refused with "no table found"; turning
its spaces into tabs by hand imported the dashes as a row."""

from __future__ import annotations

import re

_DASHES = re.compile(r"^\s*-{3,}(?:\s+-{3,}){2,}\s*$")  # three columns at least
_FENCE = re.compile(r"^\s*```")
_GAP = re.compile(r"\s{2,}")


def spaced_table_as_markdown(text: str) -> str:
    """The page with its first space-aligned table written as a markdown one; "" when it
    has none."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if i and _DASHES.match(line)
               and lines[i - 1].strip()), None)
    if at is None:
        return ""
    starts = [m.start() for m in re.finditer(r"-{3,}", lines[at])]
    end = at + 1
    while end < len(lines) and lines[end].strip() and not _FENCE.match(lines[end]):
        end += 1
    rows = [_columns(line, starts) for line in [lines[at - 1], *lines[at + 1:end]]]
    table = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(starts),
             *("| " + " | ".join(row) + " |" for row in rows[1:])]
    before = [line for line in lines[:at - 1] if not _FENCE.match(line)]
    after = [line for line in lines[end:] if not _FENCE.match(line)]
    return "\n".join([*before, "", *table, "", *after])


def _columns(line: str, starts: list[int]) -> list[str]:
    """A line's cells: split where two spaces or more part them when that gives one a
    column (a cell longer than its column pushes the next one right), else at the columns'
    starts under the dashes."""
    cells = [cell for cell in _GAP.split(line.strip())]
    if len(cells) == len(starts):
        return [cell.replace("|", "\\|") for cell in cells]
    bounds = [*starts[1:], None]
    return [line[start:stop].strip().replace("|", "\\|") for start, stop in zip(starts, bounds,
                                                                                strict=True)]
