"""A table laid out in columns of spaces, as people paste one into Slack or a README's code
block (`column -t`, a CLI's output, a hand-aligned cheat sheet) or copy one out of a PDF: a
header line, maybe a line of dashes under each column, then a line a row, a cell wrapped
onto the lines below. It was refused with "no table found"; turning its spaces into tabs by
hand imported the dashes as a row."""

from __future__ import annotations

import re

from bot.pageblocks import with_atx_headings
from bot.text import english_words

# three columns at least, under dashes or (reStructuredText's simple table) "=" signs
_DASHES = re.compile(r"^\s*(?:-{3,}(?:\s+-{3,}){2,}|={3,}(?:\s+={3,}){2,})\s*$")
_FENCE = re.compile(r"^\s*```")
_GAP = re.compile(r"\s{2,}")
_RUN = re.compile(r"\S+(?: \S+)*")  # a cell's text: words parted by single spaces
_RULE_OR_PAGE = re.compile(r"^\s*(?:[_=~-]{5,}|-?\s*(?:page\s+)?\d{1,4}\s*-?)\s*$", re.I)
_CAPTION = re.compile(r"^\s*(?:table|tab\.)\s+\d{1,3}(?:\.\d{1,3})*\b", re.I)  # "Table 4.2 - ..."
# a page's foot: "... Page 7 of 19 ...", or a browser's print of a page: its address and
# "1/2"
_PAGE_FOOTER = re.compile(r"\b(?:page|seite)\s+\d{1,4}\s+(?:of|sur|von|de)\s+\d{1,4}\b|^\s*https?://\S+\s+\d{1,3}\s*/\s*"
                          r"\d{1,3}\s*$|\buncontrolled\s+(?:when\s+printed|copy)\b|"
                          r"\bprinted\s+copies\s+are\s+uncontrolled\b", re.I)  # a policy's foot
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z])")  # "4.2 In short"
SLACK = 4  # characters a PDF's copy may shift a column by
# a PDF section's heading on a line of its own: "4.3 Scratch vs. Project storage"
_NUMBERED_HEADING = re.compile(
    r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+([A-Z](?:[^\n]{0,78}[^\s.:;,!?])?)\s*$")


def spaced_table_as_markdown(text: str) -> str:
    """The page with its first space-aligned table written as a markdown one; "" when it
    has none."""
    page = _dedented(text.splitlines())
    furniture = _page_furniture(page)
    lines = _without_page_breaks(page)
    found = _dashed_table(lines) or _aligned_table(lines)
    if found is None:
        return ""
    header_at, starts, body = found
    header, cells = _header_and_its_line_under(_columns(lines[header_at], starts),
                                               _body_cells(lines, header_at, starts, body))
    rows = _joined_wraps(cells)
    table = ["| " + " | ".join(header) + " |",
             "|" + "---|" * len(starts), *("| " + " | ".join(row) + " |" for row in rows)]
    before = [_as_heading(line) for line in with_atx_headings(lines[:header_at])
              if not _FENCE.match(line) and line not in furniture]  # (an underlined title
    after = [_as_heading(line) for line in _side_by_side(lines[body[-1] + 1:])
             if not _FENCE.match(line) and line not in furniture]
    return "\n".join([*before, "", *table, "", *after])


MIN_BOX_GAP = 6


MAX_BOX_HEADING_WORDS = 6  # a box's first line longer than this is its text, not a heading


def _side_by_side(lines: list[str]) -> list[str]:
    """Two boxes of prose side by side under a table (a one-pager's "THE SHORT VERSION" beside
    "THINK OF IT LIKE…"), each written out under its own heading: read across, they were
    one garbled analogy and the summary was lost."""
    out, at = [], 0
    while at < len(lines):
        runs = list(_RUN.finditer(lines[at]))
        block = []
        if len(runs) == 2 and runs[1].start() - runs[0].end() >= MIN_BOX_GAP:
            split = runs[1].start()
            block = [at]
            while at + len(block) < len(lines) and lines[at + len(block)].strip() and len(
                    list(_RUN.finditer(lines[at + len(block)]))) <= 2:
                block.append(at + len(block))
        if len(block) < 2:
            out.append(lines[at])
            at += 1
            continue
        left = [lines[i][:_cut(lines[i], split)].strip() for i in block]
        right = [lines[i][_cut(lines[i], split):].strip() for i in block]
        for heading, *text in (left, right):
            if len(heading.split()) > MAX_BOX_HEADING_WORDS:  # no heading: its first line
                out += [" ".join(filter(None, [heading, *text])), ""]  # ("Key takeaway: S
                continue  # = Structural. Both are" beside "Think of Cat S as a ...")
            out += [f"## {heading}", "", " ".join(filter(None, text)), ""]
        at += len(block)
    return out


def _header_and_its_line_under(header: list[str], rows: list[list[str]]
                               ) -> tuple[list[str], list[list[str]]]:
    """A line with no row name straight under the header: a flyer's tagline under subjects in
    capitals ("BARRIER NURSING" over "keep it IN"), left out, or the rest of a subject's name
    the header wrapped ("Reverse barrier" over "nursing"), joined to it. As the table's
    first row it was refused: "the table's first row has no name in its first column"."""
    if not rows or rows[0][0] or not any(rows[0]):
        return header, rows
    shouted = all(cell.upper() == cell for cell in header[1:] if cell)
    if shouted and not any(cell.upper() == cell for cell in rows[0][1:] if cell):
        return header, rows[1:]
    joined = [_join(above, more) for above, more in zip(header, rows[0], strict=True)]
    return _header_and_its_line_under(joined, rows[1:])  # a name wrapped over three lines


def _body_cells(lines: list[str], header_at: int, starts: list[int], body: list[int]
                ) -> list[list[str]]:
    """Each body line's cells; a header repeated on the next page is left out, and the
    lines after it are cut at its columns (a PDF's second page shifts them: "claim
    electronically No" ran into the next column)."""
    header = [cell for cell in _columns(lines[header_at], starts) if cell]
    cells = []
    for at in body:
        if [cell for cell in _columns(lines[at], starts) if cell] == header:
            found = [m.start() for m in _RUN.finditer(lines[at])]
            found = ([0] if found[0] > 0 else []) + found  # its empty corner
            starts = found if len(found) == len(starts) else starts
            continue
        cells.append(_columns(lines[at], starts))
    return cells


def _dashed_table(lines: list[str]) -> tuple[int, list[int], list[int]] | None:
    """Header line, column starts and body lines of a table with dashes under its header."""
    at = next((i for i, line in enumerate(lines) if i and _DASHES.match(line)
               and lines[i - 1].strip()), None)
    if at is None:
        return None
    starts = [m.start() for m in re.finditer(r"-{3,}|={3,}", lines[at])]
    return at - 1, starts, _rows_under(lines, at + 1, starts, keep_to_columns=False)


def _aligned_table(lines: list[str]) -> tuple[int, list[int], list[int]] | None:
    """The first run of lines whose text lines up in three columns or more (a row-name
    column, then a column per subject) under a header line: a PDF's table, which has no
    dashes. At least three rows must name themselves in the first column, and every line
    must keep to the columns, so that prose with a wide gap or two is not read as one."""
    for at, line in enumerate(lines):
        if _DASHES.match(line):
            continue
        starts = [m.start() for m in _RUN.finditer(line)]
        if len(starts) < 2 or any(b - a < 4 for a, b in zip(starts, starts[1:], strict=False)):
            continue
        if starts[0] > SLACK:  # an empty corner over the row names (a header a space or
            starts = [0, *starts]  # two in, under a heading at the margin, is no corner:
            # a customs desk's Confluence page, forty-seventh session)
        if len(starts) < 3:
            continue
        body = _rows_under(lines, at + 1, starts, keep_to_columns=True)
        if sum(_names_its_row(lines[i], starts) for i in body) >= 3:
            return at, starts, body
    return None


def _rows_under(lines: list[str], first: int, starts: list[int], keep_to_columns: bool
                ) -> list[int]:
    """The table's lines from `first` on: up to a line of prose across the columns, a rule
    (which closes a reStructuredText table), a code fence, or (`keep_to_columns`, a table
    with no dashes to say where its columns are) a line whose cells begin off them. A blank
    line ends them unless a row follows it (a PDF's gap between rows)."""
    body: list[int] = []
    at = first
    while at < len(lines) and not _FENCE.match(lines[at]):
        if not lines[at].strip():
            at = _row_after_gap(lines, at, starts)
            if at is None:
                break
        line = lines[at]
        if (_reads_across(line, starts) or _DASHES.match(line) or _GIST_LINE.match(line)
                or keep_to_columns and not _fits(line, starts)):
            break
        body.append(at)
        at += 1
    return body


# the table's gist under it, at the margin: "In short: a pre-auth reserves the guest's
# money, a deposit takes it." was cut at the columns into a row (a hotel's PDF text)
_GIST_LINE = re.compile(r"^\s{0,3}(?:\d{1,2}(?:\.\d{1,2})*\s+)?(?:(?:in short|tl;?dr|summary|"
                        r"bottom line|in a nutshell|key takeaways?)\s*[:\u2013\u2014-]|"
                        r"think of\b|by way of analogy\b)", re.IGNORECASE)


def _reads_across(line: str, starts: list[int]) -> bool:
    """A line of prose right under the table: one run of words from the margin across every
    column ("4.2 In short: a legal hold freezes what ..."), not a row's cells."""
    runs = list(_RUN.finditer(line))
    return len(runs) == 1 and runs[0].start() <= SLACK and runs[0].end() > starts[-1]


def _row_after_gap(lines: list[str], blank: int, starts: list[int]) -> int | None:
    """The line after the blank ones at `blank` when the table goes on there: a whole row
    (a name and a cell a column: a PDF's gap between rows) or a cell going on, indented to
    a subject's column (a row a page break cut). None: the table ended (prose follows)."""
    at = blank
    while at < len(lines) and not lines[at].strip():
        at += 1
    if at == len(lines):
        return None
    line = lines[at]
    indent = len(line) - len(line.lstrip(" "))  # from the table's own margin: a policy's
    at_margin = indent <= starts[0] + SLACK  # table is indented under its page's text
    whole = at_margin and len(_GAP.split(line.strip())) == len(starts)
    going_on = not at_margin and (_fits(line, starts) or [0])[0] > 0
    return at if whole or going_on else None


def _fits(line: str, starts: list[int]) -> list[int]:
    """The columns a line's cells begin in, or [] when a cell begins off every column."""
    columns = []
    for run in _RUN.finditer(line):
        column = next((c for c, start in enumerate(starts)
                       if abs(run.start() - start) <= SLACK), None)
        if column is None and columns:  # a full line's cell pulled left: pdftotext -layout
            column = next((c for c, start in enumerate(starts)  # closes up a dense line (a
                           if c > columns[-1] and 0 < start - run.start() <= 2 * SLACK),
                          None)  # research ethics office's form lost five of nine rows)
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
    first = line[:1].isupper()  # a row's first line (its name's capital): its cells open
    # with a capital too
    bounds = [*(_cut(line, start, first) for start in starts[1:]), None]
    return [line[start:stop].strip().replace("|", "\\|")
            for start, stop in zip([0, *bounds[:-1]], bounds, strict=True)]


def _cut(line: str, start: int, first: bool = False) -> int:
    """Where a column begins on this line: at its start, or the space nearest it (a PDF's
    copy shifts a cell by a few characters, and a full cell may touch the next with one
    space: cutting at the start split "Den|tal"); on a row's first line, nearest before a
    capital where there is one ("electronically |No claim", not "No |claim"); after two
    spaces or more first of all. A word is cut only with no space near, nor a line that
    ends before the column (its cell empty)."""
    if len(line.rstrip()) <= start:
        return start
    near = [start + shift for shift in sorted(range(-3 * SLACK, 2 * SLACK + 1), key=abs)
            if 0 < start + shift <= len(line) and line[start + shift - 1] == " "
            and (start + shift == len(line) or line[start + shift] != " " or shift == 0)]
    opening = [at for at in near if at < len(line) and not line[at].islower()]
    near = [at for at in near if at >= start - 2 * SLACK]  # (further left: a capital only,
    # "named |Anyone who"); where two spaces or more part words, that is the column's edge
    gaps = [at for at in near if at >= 2 and line[at - 2:at] == "  "]  # ("file back   |days")
    return (gaps or (opening if first and opening else near) or [start])[0]


def _names_its_row(line: str, starts: list[int]) -> bool:
    """Does the line begin with a row's name, in the first column (which may sit a few
    characters in from the page's margin: a Canva page's text has its title at the margin
    and its table indented by two, and no table was found)?"""
    first = _RUN.search(line)
    return first is not None and first.start() <= starts[0] + SLACK and first.start() < (
        starts[1] if len(starts) > 1 else first.start() + 1)


def _dedented(lines: list[str]) -> list[str]:
    """The lines without the left margin they all share (a PDF's text keeps its page's):
    read with it, the margin was a column of its own and no table was found."""
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()),
                 default=0)
    return [line[margin:] for line in lines] if margin else lines


def _joined_wraps(rows: list[list[str]]) -> list[list[str]]:
    """Rows with the lines a cell wrapped onto (no row name, or the rest of a name broken
    with a hyphen: "Typical organ-" over "isms") joined to the row above: in a text layout
    a cell over several lines is the rule, not a slip worth a note each."""
    joined: list[list[str]] = []
    names = [cells[0] for cells in rows if cells[0]]
    capitalised = sum(name[:1].isupper() for name in names) > len(names) / 2
    for cells in rows:
        name_goes_on = joined and (re.search(r"[a-z]-$", joined[-1][0]) and cells[0][:1].islower()
                                   or _name_goes_on(joined[-1], cells)
                                   or capitalised and (cells[0][:1].islower() or cells[0][:1]
                                                       == "(")  # "What the patient" / "pays
                                   and not re.search(r"[.:;?!)]$", joined[-1][0]))  # on the
        # day", "Caution" / "(guarantee)": a name starts with a capital where the others do
        if (cells[0] and not name_goes_on) or not joined:
            joined.append(cells)
            continue
        joined[-1] = [_join(above, more) for above, more in zip(joined[-1], cells, strict=True)]
    return joined


def _name_goes_on(above: list[str], cells: list[str]) -> bool:
    """Does a line with a row name of its own go on the row above, its name broken after a
    word that leads on ("Certificate of" over "Occupancy": two half rows, each cell cut in
    the middle of its sentence)? ("Sign in" and "Office PC must be on" are whole.)"""
    return bool(cells[0]) and re.search(r"(?:\b(?:of|and|or|for|the|a|an|per)|[&/,])$",
                                        above[0], re.I) is not None and not _cells_part(
        above[1:], cells[1:])


def _cells_part(above: list[str], below: list[str]) -> bool:
    """Do the cells show a row's end: each cell above a whole sentence, each below a new
    one? Then "What it can be used for" is a whole name and "Notice" under it a row of its
    own (a handbook's PDF text had glued the two rows, cells and all, with no note)."""
    pairs = [(a, b) for a, b in zip(above, below, strict=False) if a and b]
    return bool(pairs) and all(re.search(r"[.!?)\]\"\u201d]$", a)
                               and re.match(r"[\"\u201c(]?[A-Z0-9]", b) for a, b in pairs)


def _join(text: str, more: str) -> str:
    """A cell's next line after it: a word broken over the two with a hyphen is one word,
    its hyphen dropped unless the word is two ("stetho-" / "scope" is "stethoscope";
    "data-" / "transfer" stays "data-transfer")."""
    if not (text and more):
        return text or more
    if re.search(r"\d-$", text) and more[:1].isalpha():
        return text + more  # "12-" / "month employees" is "12-month employees"
    broken = re.search(r"([A-Za-z]+)-$", text)
    if broken and more[:1].islower():
        head, tail = broken[1].casefold(), re.match(r"[a-z]*", more)[0]
        known = english_words()
        whole = head + tail in known or not (head in known and tail in known)
        return (text[:-1] if whole else text) + more
    return f"{text} {more}"


def _without_page_breaks(lines: list[str]) -> list[str]:
    """The text without what a page break puts inside a table copied out of a PDF: the
    footer ("... Page 7 of 19"), the rule, and the next page's running heads and repeated
    header line and dashes (every repeat of a line laid out in columns). Read as they were,
    the table ended at the first page's foot, or the firm's name was a row, twice."""
    seen: set[str] = set()
    kept: list[str] = []
    dropped = False  # the line before was a repeat: the dashes under a repeated header go
    heads = {_spaced_alike(line) for line in [line for line in lines if line.strip()][:3]
             if not (_DASHES.match(line) or _RULE_OR_PAGE.match(line) or _FENCE.match(line))}
    for line in lines:  # the first page's running heads ("ST. ELSEWHERE UNIVERSITY HOSPITAL")
        said = line.strip()
        if _spaced_alike(said) in seen and _spaced_alike(said) in heads:
            dropped = True
            continue
        underlines = kept and kept[-1].strip() and not _RULE_OR_PAGE.match(kept[-1]) and abs(
            len(said) - len(kept[-1].strip())) <= 2  # a title's "=====", not a page's rule
        if said and not underlines and (_RULE_OR_PAGE.match(line) or _PAGE_FOOTER.search(line)):
            continue
        if said in seen and (_GAP.search(said) and not _DASHES.match(line) or _DASHES.match(
                line) and dropped):  # (a table's rules repeat: reStructuredText's does; a
            dropped = True  # header repeated at other places stays, its columns read anew)
            continue
        seen.update((said, _spaced_alike(said)))
        kept.append(line)
        dropped = False
    return kept


def _spaced_alike(line: str) -> str:
    """A line as any page prints it: pdftotext spaces a running head's two halves, and a
    repeated header's columns, as each page's width leaves room (a school district's
    handbook lost four of its eight rows at page 2's head)."""
    return " ".join(line.split())


def _page_furniture(lines: list[str]) -> set[str]:
    """A printed page's rules, page numbers ("- 27 -"), running heads (a line said twice) and
    the table's numbered caption, which a PDF's copy carries into the text: no part of the
    comparison, nor prose worth a note."""
    filled = [at for at, line in enumerate(lines) if line.strip()]
    breaks = [n for n, at in enumerate(filled) if "\f" in lines[at]  # a page's end, or
              or _RULE_OR_PAGE.match(lines[at]) or _PAGE_FOOTER.search(lines[at])]  # its
    # footer ("Page 1 of 2")
    edges = {filled[n] for b in [-1, *breaks, len(filled)] for n in range(b - 2, b + 3)
             if 0 <= n < len(filled)}  # a page's first and last lines, where heads run
    at_edges = [lines[at].strip() for at in edges]
    return {line for line in lines if _RULE_OR_PAGE.match(line) or _CAPTION.match(line)
            or (line.strip() and at_edges.count(line.strip()) > 1)}  # (not a heading a
    # contents list names too: "In short" and its points were lost, a QA team's reviewer)


def _as_heading(line: str) -> str:
    """A PDF section's numbered heading as a markdown one, so the page's title is found; a
    numbered paragraph without its number ("4.2 In short: ..." is a summary)."""
    found = _NUMBERED_HEADING.match(line)
    if found and len(found.group(1).split()) <= 10:
        return f"## {found.group(1)}"
    return _PARAGRAPH_NUMBER.sub("", line)
