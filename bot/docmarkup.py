"""Tables in the markup documentation sites are written in, as the markdown `kb import` reads:
reStructuredText's grid tables (Sphinx, Read the Docs: `+----+----+` borders, a `+====+` line
under the header, a cell over several lines), AsciiDoc's (Antora: `|===` around `|cell`
lines) and MediaWiki's (`{|` ... `|}`, `!` headers, `|-` between rows); and a table drawn
with box-drawing characters (`┌─┬─┐`, `│`), as a CLI tool or a chat bot prints one, read as
a grid. All were refused with "no table found", and a team's docs site or wiki keeps its
comparisons so."""

from __future__ import annotations

import re

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+){2,}\s*$")
_BOX_CORNERS = "┌┬┐├┼┤└┴┘╭╮╰╯┏┳┓┣╋┫┗┻┛╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛╓╥╖╟╫╢╙╨╜"
_BOX_AS_GRID = str.maketrans({**dict.fromkeys(_BOX_CORNERS, "+"), **dict.fromkeys("─━┄┈╌", "-"),
                              "═": "=", **dict.fromkeys("│┃║┆┊", "|")})
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_ADOC_FENCE = re.compile(r"^\s*\|===\s*$")
_ADOC_COLS = re.compile(r"cols\s*=\s*\"?([^\"\]]+)")
# where an AsciiDoc cell begins: "|", or "a|", "2+|", ".3+a|" (its style and span first)
_ADOC_CELL = re.compile(r"(?:^|(?<=\s))(?:\d+[*+]|\.\d+\+|\d+\.\d+\+)?[adehlmsv]?(?<!\\)\|")
_LIST_ITEM = re.compile(r"^\s*(?:[*-]+|\.+|\d+\.)\s+(\S.*)$")
_ADOC_TITLE = re.compile(r"^(=+)\s+(\S.*)$")  # "= Title", "== Section"
_WIKI_OPEN = re.compile(r"^\s*\{\|")  # MediaWiki: '{| class="wikitable"'
_WIKI_CLOSE = re.compile(r"^\s*\|\}")
_WIKI_HEADING = re.compile(r"^(={1,6})\s*(.+?)\s*\1\s*$")  # "== Heading =="
_LIST_TABLE = re.compile(r"^\s*\.\. list-table::\s*(.*)$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\. (?:[\w-]+::|_[^:]+:|\|)")  # ".. note::", ".. _label:"
_RST_FIELD = re.compile(r"^:[\w ]+:(?:\s|$)")  # ":Owner: ..." at the page's top level
_RST_ROLE = re.compile(r":[\w:-]+:`(?:([^`<]*?)\s*<[^`>]*>|([^`]*))`")  # :ref:`text <x>`
_RST_LINK = re.compile(r"`([^`<]+)<(https?://[^`>]+)>`__?")
_ADOC_NOISE = re.compile(r"^(?::[\w-]+:.*|toc::\[\]|\[(?:NOTE|TIP|WARNING|IMPORTANT|CAUTION)\]"
                         r"|={4,}|-{4,}|\*{4,})\s*$")
_ADMONITION = re.compile(r"^(?:NOTE|TIP|WARNING|IMPORTANT|CAUTION):\s+")
_ADOC_XREF = re.compile(r"(?:xref|<<)[:]?([\w./:#-]+)\[([^\]]*)\]")
_ADOC_LINK = re.compile(r"(?:link:)?(https?://[^\s\[]+)\[([^\]]*)\]")


def looks_like_doc_table(text: str) -> bool:
    lines = text.splitlines()
    return any(_GRID_BORDER.match(line) or _ADOC_FENCE.match(line) or _LIST_TABLE.match(line)
               or _WIKI_OPEN.match(line) for line in lines)


def rst_as_markdown(text: str) -> str:
    """A reStructuredText page's marks as markdown's: ``literal`` as `code`, *emphasis* as
    _emphasis_ (a single star is bold in Slack), a role's or a link's text, "--" as a dash;
    its directives' and fields' lines (".. note::", ":Owner: ...") left out, their
    indented text kept. ``basic.consume`` stayed in every answer, and "**TL;DR** --" made
    the summary a bullet of "- Kafka is ..."."""
    kept = [line if _GRID_ROW.match(line) or _GRID_BORDER.match(line) else rst_inline(line)
            for line in text.splitlines()  # (a grid's lines keep their columns: its cells
            if not (_RST_DIRECTIVE.match(line) and not _LIST_TABLE.match(line))  # are read
            and not _RST_FIELD.match(line)]  # so once cut out)
    return "\n".join(kept)


def rst_inline(text: str) -> str:
    """reStructuredText's inline marks in a line or a cell as markdown's."""
    text = _RST_LINK.sub(lambda m: f"[{m[1].strip()}]({m[2]})", text)
    text = _RST_ROLE.sub(lambda m: (m[1] or m[2]).strip(), text)
    text = re.sub(r"``(.+?)``", r"`\1`", text)
    text = re.sub(r"(?<![*\w`])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])", r"_\1_", text)
    return re.sub(r"(?<=\S) -- (?=\S)", " \u2014 ", text)


def adoc_as_markdown(text: str) -> str:
    """An AsciiDoc page's marks as markdown's: its attribute lines, `toc::[]` and block
    delimiters left out, an admonition's label ("TIP: ") dropped so "*In short:* ..." is the
    summary, a block title (".At a glance") a heading, `xref:` and `link:` their text,
    *strong* as **strong**. The summary was lost and `xref:ledger:accounts.adoc[]` shown."""
    out = []
    for line in text.splitlines():
        if _ADOC_NOISE.match(line):
            continue
        line = _ADMONITION.sub("", line)
        if (title := re.match(r"^\.([A-Za-z].*)$", line)) and not _ADOC_FENCE.match(line):
            line = f"## {title[1]}"
        line = _ADOC_XREF.sub(lambda m: m[2] or _page_named(m[1]), line)
        line = _ADOC_LINK.sub(lambda m: f"[{m[2] or m[1]}]({m[1]})", line)
        out.append(re.sub(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])", r"**\1**", line))
    return "\n".join(out)


def box_table_as_grid(text: str) -> str:
    """A table drawn with box-drawing characters as a grid table of `+`, `-` and `|`; when
    only its header has a rule under it, a border between its rows too, so each line is a
    row (a line whose first cell is empty is then read as more of the row above)."""
    lines = text.translate(_BOX_AS_GRID).split("\n")
    borders = [at for at, line in enumerate(lines) if _GRID_BORDER.match(line)]
    if len(borders) < 3 or any(_GRID_BORDER.match(line)
                               for line in lines[borders[1] + 1:borders[-1]]):
        return "\n".join(lines)  # none, or a border between every row already
    body = range(borders[1] + 1, borders[-1])
    parted = [line for at, line in enumerate(lines) for line in (
        [line, lines[borders[1]]] if at in body and at + 1 in body else [line])]
    return "\n".join(parted)


def looks_like_box_table(text: str) -> bool:
    return any(corner in text for corner in "┌├╭┏╔╒╓")


def doc_tables_as_markdown(text: str) -> str:
    """The page with its first grid or AsciiDoc table written as a markdown one, and
    AsciiDoc's `= Title` headings as markdown's."""
    lines = text.splitlines()
    wiki = next((at for at, line in enumerate(lines) if _WIKI_OPEN.match(line)), None)
    if wiki is not None:
        end = next((at for at in range(wiki, len(lines)) if _WIKI_CLOSE.match(lines[at])),
                   len(lines))
        caption, rows = _wiki_rows(lines[wiki + 1:end])
        before = [_wiki_inline(_WIKI_HEADING.sub(lambda m: "#" * len(m[1]) + " " + m[2], line))
                  for line in lines[:wiki]]
        return _page([*before, *([f"## {caption}"] if caption else [])], rows,
                     [_wiki_inline(line) for line in lines[end + 1:]])
    listed = next((at for at, line in enumerate(lines) if _LIST_TABLE.match(line)), None)
    if listed is not None:
        end, rows = _list_table(lines, listed)
        caption = _LIST_TABLE.match(lines[listed])[1].strip()
        return _page([*lines[:listed], *([f"## {caption}"] if caption else [])], rows,
                     lines[end:])
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


def _page_named(target: str) -> str:
    """The page an `xref:` with no text points at, as words: "ledger:accounts.adoc" is
    "accounts"."""
    name = re.split(r"[:/]", target.split("#")[0])[-1]
    return re.sub(r"\.(?:adoc|asciidoc)$", "", name).replace("-", " ").replace("_", " ")


def _page(before: list[str], rows: list[list[str]], after: list[str]) -> str:
    table = []
    for at, row in enumerate(rows):
        table.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        if at == 0:
            table.append("|" + "---|" * len(row))
    def headed(lines: list[str]) -> list[str]:  # under the table too: "== Analogy" over
        return [f"{'#' * len(found[1])} {found[2]}" if (found := _ADOC_TITLE.match(line))
                else line for line in lines]  # its paragraph (the analogy was "Analogy")
    return "\n".join([*headed(before), "", *table, "", *headed(after)])


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
                rows.append([_cell_text(part) for part in zip(*current, strict=True)])
            current = []
            continue
        current.append([line[a + 1:b].strip() for a, b in zip(joints, joints[1:], strict=False)])
    return [row for row in rows if any(row)]


def _cell_text(lines: tuple[str, ...]) -> str:
    """A grid cell's lines as one: a list in it ("- ledger postings" over "- CDC") as
    items parted by "; ", other lines joined by a space (none after a name's hyphen)."""
    text = ""
    for line in filter(None, lines):
        item = _LIST_ITEM.match(line)
        glued = not item and re.search(r"[A-Za-z]-$", text)  # "x-dead-letter-" / "exchange"
        text += ("; " if item and text else "" if glued or not text else " ") + (
            item[1] if item else line)
    return rst_inline(" ".join(text.split()))


def _wiki_rows(block: list[str]) -> tuple[str, list[list[str]]]:
    """A MediaWiki table's caption ("|+ ...") and rows: "!" header cells and "|" cells, one
    a line or several parted by "!!" / "||", each without the attributes before a lone "|"
    ('style="..." | text'); a line that starts with neither goes on with the cell above."""
    caption, rows = "", []
    for line in block:
        text = line.strip()
        if text.startswith("|+"):
            caption = _wiki_inline(text[2:].strip())
        elif text.startswith("|-"):
            rows.append([])
        elif text[:1] in ("!", "|"):
            if not rows:
                rows.append([])
            parts = re.split(r"!!|\|\|", text[1:])
            rows[-1] += [_wiki_inline(_without_attributes(part)) for part in parts]
        elif text and rows and rows[-1]:
            rows[-1][-1] = f"{rows[-1][-1]} {_wiki_inline(text)}".strip()
    rows = [row for row in rows if row]
    width = max((len(row) for row in rows), default=0)
    return caption, [row + [""] * (width - len(row)) for row in rows]


def _without_attributes(cell: str) -> str:
    """A cell's text without the attributes a lone "|" ends: 'scope="col" | Kafka'."""
    head, bar, rest = cell.partition("|")
    attributes = r"\s*(?:[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+)\s*)+"
    return rest.strip() if bar and re.fullmatch(attributes, head) else cell.strip()


def _wiki_inline(text: str) -> str:
    """MediaWiki's inline marks as markdown's: bold and italic quotes, [url text], <br />."""
    text = re.sub(r"'{3}(.+?)'{3}", r"**\1**", text)
    text = re.sub(r"'{2}(.+?)'{2}", r"_\1_", text)
    text = re.sub(r"\[(https?://\S+)\s+([^\]]+)\]", r"[\2](\1)", text)
    return re.sub(r"<br\s*/?>", "<br>", text, flags=re.IGNORECASE)


def _list_table(lines: list[str], at: int) -> tuple[int, list[list[str]]]:
    """A Sphinx `.. list-table::` from line `at`: its rows ("* - cell", then "  - cell"),
    and the line after its indented body."""
    rows: list[list[str]] = []
    end = at + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1].isspace()):
        text = lines[end].strip()
        if text.startswith("* -") or text == "*":
            rows.append([text[3:].strip()] if text.startswith("* -") else [])
        elif text.startswith("- ") and rows:
            rows[-1].append(text[2:].strip())
        elif text and rows and rows[-1] and not text.startswith(":"):
            rows[-1][-1] = f"{rows[-1][-1]} {text}"  # a cell going on
        end += 1
    width = max((len(row) for row in rows), default=0)
    return end, [row + [""] * (width - len(row)) for row in rows]


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
        if _ADOC_CELL.match(line):
            parts = [part.strip() for part in _ADOC_CELL.split(line)]
            cells += parts[1:]
            first_line_cells = first_line_cells or len(parts) - 1
        elif cells:  # a cell going on; an item of a list in it ("a|" then "* item")
            item = _LIST_ITEM.match(line)
            more = item[1] if item else line.strip()
            cells[-1] = f"{cells[-1]}{'; ' if item and cells[-1] else ' '}{more}".strip()
    width = width or first_line_cells
    if width < 2:
        return []
    return [cells[at:at + width] for at in range(0, len(cells) - width + 1, width)]
