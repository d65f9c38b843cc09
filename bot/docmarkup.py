"""Tables in the markup documentation sites are written in, as the markdown `kb import` reads:
reStructuredText's grid tables (Sphinx, Read the Docs: `+----+----+` borders, a `+====+` line
under the header, a cell over several lines) and AsciiDoc's (Antora: `|===` around `|cell`
lines). Both were refused with "no table found", and a team's docs site keeps its
comparisons so."""

from __future__ import annotations

import re

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+){2,}\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_ADOC_FENCE = re.compile(r"^\s*\|===\s*$")
_ADOC_COLS = re.compile(r"cols\s*=\s*\"?([^\"\]]+)")
_ADOC_TITLE = re.compile(r"^(=+)\s+(\S.*)$")  # "= Title", "== Section"


def looks_like_doc_table(text: str) -> bool:
    lines = text.splitlines()
    return any(_GRID_BORDER.match(line) for line in lines) or any(
        _ADOC_FENCE.match(line) for line in lines)


def doc_tables_as_markdown(text: str) -> str:
    """The page with its first grid or AsciiDoc table written as a markdown one, and
    AsciiDoc's `= Title` headings as markdown's."""
    lines = text.splitlines()
    grid = next((at for at, line in enumerate(lines) if _GRID_BORDER.match(line)), None)
    fence = next((at for at, line in enumerate(lines) if _ADOC_FENCE.match(line)), None)
    if grid is not None and (fence is None or grid < fence):
        end = grid
        while end + 1 < len(lines) and (_GRID_BORDER.match(lines[end + 1])
                                        or _GRID_ROW.match(lines[end + 1])):
            end += 1
        table = _grid_rows(lines[grid:end + 1])
        return _page(lines[:grid], table, lines[end + 1:])
    if fence is not None:
        end = next((at for at in range(fence + 1, len(lines)) if _ADOC_FENCE.match(lines[at])),
                   len(lines))
        attributes = lines[fence - 1] if fence and lines[fence - 1].startswith("[") else ""
        table = _adoc_rows(lines[fence + 1:end], attributes)
        before = lines[:fence - 1] if attributes else lines[:fence]
        return _page(before, table, lines[end + 1:])
    return text


def _page(before: list[str], rows: list[list[str]], after: list[str]) -> str:
    table = []
    for at, row in enumerate(rows):
        table.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        if at == 0:
            table.append("|" + "---|" * len(row))
    headed = [f"{'#' * len(found[1])} {found[2]}" if (found := _ADOC_TITLE.match(line))
              else line for line in before]
    return "\n".join([*headed, "", *table, "", *after])


def _grid_rows(block: list[str]) -> list[list[str]]:
    """A grid table's rows: the text between one border and the next, each column's slice
    of every line joined (a cell written over two lines is one)."""
    border = block[0].strip()
    indent = len(block[0]) - len(block[0].lstrip())
    joints = [indent + at for at, ch in enumerate(border) if ch == "+"]
    rows, current = [], []
    for line in block[1:]:
        if _GRID_BORDER.match(line):
            if current:
                rows.append([" ".join(" ".join(part).split())
                             for part in zip(*current, strict=True)])
            current = []
            continue
        current.append([line[a + 1:b].strip() for a, b in zip(joints, joints[1:], strict=False)])
    return [row for row in rows if any(row)]


def _adoc_rows(block: list[str], attributes: str) -> list[list[str]]:
    """An AsciiDoc table's cells (each begins with "|", on its own line or several to a
    line) dealt into rows as wide as `cols` says, else as the first line's cells."""
    found = _ADOC_COLS.search(attributes)
    width = len(found[1].split(",")) if found else 0
    cells: list[str] = []
    first_line_cells = 0
    for line in block:
        if not line.strip():
            continue
        parts = [part.strip() for part in re.split(r"(?<!\\)\|", line)]
        if line.lstrip().startswith("|"):
            cells += parts[1:]
            first_line_cells = first_line_cells or len(parts) - 1
        elif cells:
            cells[-1] = f"{cells[-1]} {line.strip()}".strip()  # a cell going on
    width = width or first_line_cells
    if width < 2:
        return []
    return [cells[at:at + width] for at in range(0, len(cells) - width + 1, width)]
