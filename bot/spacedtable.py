"""A table laid out in columns of spaces, as people paste one into Slack or a README's code
block (`column -t`, a CLI's output, a hand-aligned cheat sheet) or copy one out of a PDF: a
header line, maybe a line of dashes under each column, then a line a row, a cell wrapped
onto the lines below. It was refused with "no table found"; turning its spaces into tabs by
hand imported the dashes as a row."""

from __future__ import annotations

import re

_DASHES = re.compile(r"^\s*-{3,}(?:\s+-{3,}){2,}\s*$")  # three columns at least
_FENCE = re.compile(r"^\s*```")
_GAP = re.compile(r"\s{2,}")
_RUN = re.compile(r"\S+(?: \S+)*")  # a cell's text: words parted by single spaces
_RULE_OR_PAGE = re.compile(r"^\s*(?:[_=~-]{5,}|-?\s*(?:page\s+)?\d{1,4}\s*-?)\s*$", re.I)
_CAPTION = re.compile(r"^\s*(?:table|tab\.)\s+\d{1,3}(?:\.\d{1,3})*\b", re.I)  # "Table 4.2 - ..."
SLACK = 2  # characters a PDF's copy may shift a column by
# a PDF section's heading on a line of its own: "4.3 Scratch vs. Project storage"
_NUMBERED_HEADING = re.compile(
    r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+([A-Z](?:[^\n]{0,78}[^\s.:;,!?])?)\s*$")


def spaced_table_as_markdown(text: str) -> str:
    """The page with its first space-aligned table written as a markdown one; "" when it
    has none."""
    lines = text.splitlines()
    found = _dashed_table(lines) or _aligned_table(lines)
    if found is None:
        return ""
    header_at, starts, body = found
    rows = _joined_wraps([_columns(lines[at], starts) for at in body])
    table = ["| " + " | ".join(_columns(lines[header_at], starts)) + " |",
             "|" + "---|" * len(starts), *("| " + " | ".join(row) + " |" for row in rows)]
    furniture = _page_furniture(lines)
    before = [_as_heading(line) for line in lines[:header_at]
              if not _FENCE.match(line) and line not in furniture]
    after = [line for line in lines[body[-1] + 1:]
             if not _FENCE.match(line) and line not in furniture]
    return "\n".join([*before, "", *table, "", *after])


def _dashed_table(lines: list[str]) -> tuple[int, list[int], list[int]] | None:
    """Header line, column starts and body lines of a table with dashes under its header."""
    at = next((i for i, line in enumerate(lines) if i and _DASHES.match(line)
               and lines[i - 1].strip()), None)
    if at is None:
        return None
    end = at + 1
    while end < len(lines) and lines[end].strip() and not _FENCE.match(lines[end]):
        end += 1
    return at - 1, [m.start() for m in re.finditer(r"-{3,}", lines[at])], list(
        range(at + 1, end))


def _aligned_table(lines: list[str]) -> tuple[int, list[int], list[int]] | None:
    """The first run of lines whose text lines up in three columns or more (a row-name
    column, then a column per subject) under a header line: a PDF's table, which has no
    dashes. At least three rows must name themselves in the first column, and every line
    must keep to the columns, so that prose with a wide gap or two is not read as one."""
    for at, line in enumerate(lines):
        starts = [m.start() for m in _RUN.finditer(line)]
        if len(starts) < 2 or any(b - a < 4 for a, b in zip(starts, starts[1:], strict=False)):
            continue
        if starts[0] > 0:
            starts = [0, *starts]  # an empty corner over the row names
        if len(starts) < 3:
            continue
        body = _rows_under(lines, at + 1, starts)
        if sum(bool(lines[i][:1].strip()) for i in body) >= 3:
            return at, starts, body
    return None


def _rows_under(lines: list[str], first: int, starts: list[int]) -> list[int]:
    """The lines from `first` on that keep to the columns; a blank line ends them unless a
    whole row follows it (a PDF's gap between rows)."""
    body: list[int] = []
    at = first
    while at < len(lines):
        if not lines[at].strip():
            following = at + 1
            if following < len(lines) and len(_fits(lines[following], starts)) == len(starts):
                at = following
                continue
            break
        if not _fits(lines[at], starts):
            break
        body.append(at)
        at += 1
    return body


def _fits(line: str, starts: list[int]) -> list[int]:
    """The columns a line's cells begin in, or [] when a cell begins off every column."""
    columns = []
    for run in _RUN.finditer(line):
        column = next((c for c, start in enumerate(starts)
                       if abs(run.start() - start) <= SLACK), None)
        if column is None or (columns and column <= columns[-1]):
            return []
        columns.append(column)
    return columns


def _columns(line: str, starts: list[int]) -> list[str]:
    """A line's cells: split where two spaces or more part them when that gives one a
    column (a cell longer than its column pushes the next one right), else at the columns'
    starts."""
    cells = [cell for cell in _GAP.split(line.strip())]
    if len(cells) == len(starts) and not line[:1].isspace():
        return [cell.replace("|", "\\|") for cell in cells]
    bounds = [*(_cut(line, start) for start in starts[1:]), None]
    return [line[start:stop].strip().replace("|", "\\|")
            for start, stop in zip([0, *bounds[:-1]], bounds, strict=True)]


def _cut(line: str, start: int) -> int:
    """Where a column begins on this line: at its start, or a space within SLACK of it
    (a PDF's copy shifts a cell by a character or two)."""
    for shift in (0, -1, 1, -2, 2)[: 2 * SLACK + 1]:
        at = start + shift
        if 0 < at <= len(line) and line[at - 1] == " ":
            return at
    return start


def _joined_wraps(rows: list[list[str]]) -> list[list[str]]:
    """Rows with the lines a cell wrapped onto (no row name) joined to the row above: in a
    text layout a cell over several lines is the rule, not a slip worth a note each."""
    joined: list[list[str]] = []
    for cells in rows:
        if cells[0] or not joined:
            joined.append(cells)
            continue
        joined[-1] = [_join(above, more) for above, more in zip(joined[-1], cells, strict=True)]
    return joined


def _join(text: str, more: str) -> str:
    if not (text and more):
        return text or more
    if re.search(r"[a-z]-$", text) and more[:1].islower():  # "data-" / "transfer nodes"
        return text + more
    return f"{text} {more}"


def _page_furniture(lines: list[str]) -> set[str]:
    """A printed page's rules, page numbers ("- 27 -"), running heads (a line said twice) and
    the table's numbered caption, which a PDF's copy carries into the text: no part of the
    comparison, nor prose worth a note."""
    said = [line.strip() for line in lines if line.strip()]
    return {line for line in lines if _RULE_OR_PAGE.match(line) or _CAPTION.match(line)
            or (line.strip() and said.count(line.strip()) > 1)}


def _as_heading(line: str) -> str:
    """A PDF section's numbered heading as a markdown one, so the page's title is found."""
    found = _NUMBERED_HEADING.match(line)
    return f"## {found.group(1)}" if found and len(found.group(1).split()) <= 10 else line
