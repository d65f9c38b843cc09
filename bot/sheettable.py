"""A spreadsheet's table as markdown, for `kb import`: teams keep comparisons in Excel or
Google Sheets and save them as CSV, or copy the cells into a file (tab-separated)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from bot.pageblocks import ANALOGY_LABEL, SUMMARY_TITLE
from bot.vocabulary import STOPWORDS

SHEET_SUFFIXES = {".csv": None, ".tsv": "\t"}  # None: comma, or ";" as Excel writes in Europe
_SNIFFED = ",;\t"


def _delimiter(text: str, given: str | None) -> str:
    """The sheet's delimiter: the one its suffix names, else the one of the three that
    spreadsheets write (a comma, a semicolon, a tab) that splits the most lines into the same
    number of cells, three or more (a spreadsheet pads every row to the widest)."""
    if given:
        return given

    def lines_alike(delimiter: str) -> int:
        widths = Counter(len(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))
        return max((n for width, n in widths.items() if width >= 3), default=0)

    return max(_SNIFFED, key=lines_alike)


def _cell(text: str) -> str:
    """A cell's text on one line, its pipes escaped as markdown writes them ("ps aux | grep"
    stays one cell, and a command). A line break typed in a cell parts items, as "; " does
    ("D30 ≥ 6%" over "crash-free users ≥ 99.0%" read as one metric), its bullet dropped,
    unless the sentence goes on over it; a bulleted line is an item of its own whatever
    its first word ("- No new S1/S2" ran on after "verified or reopened", changing a rule)."""
    joined = ""
    for line in text.splitlines():
        item = " ".join(_CELL_BULLET.sub("", line).split())
        goes_on = joined and _one_sentence(joined, item) and not (
            _CELL_BULLET.match(line) and not joined.endswith((":", ".", "!", "?")))
        if item:
            joined += ("" if not joined else " " if goes_on else "; ") + item
    return joined.replace("|", "\\|")


def _one_sentence(text: str, more: str) -> bool:
    """Does the next line of a cell go on with the same sentence: after a lead-in (":", ",",
    ";") or a little word ("churn risk" over "and next order date"), or from one?"""
    last, first = text.rsplit(" ", 1)[-1].casefold(), more.split(" ", 1)[0].casefold()
    return (text.endswith((":", ",", ";", ".", "!", "?")) or last in STOPWORDS
            or first in STOPWORDS or more.startswith("("))  # "Monthly premium" over
    # "(employee only)", a header typed with Alt+Enter: one name, not two items


# a line's bullet in a cell: "• ", "- ", "1. "
_CELL_BULLET = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25e6*-]|\d{1,2}[.)])\s+")


def _filled(row: list[str]) -> list[int]:
    return [at for at, cell in enumerate(row) if cell]


def _fitted(row: list[str], width: int) -> list[str]:
    """A row as wide as the header: padded, or with what spills past the last column (a
    delimiter typed inside a cell, "decided by IT; 2024-06-15") kept in that last cell. A
    row wider than the header only by empty cells ("Pension<tab><tab>NHS...", as Outlook
    lines up a short label with two tabs) has them dropped: read as it was, one side's
    cell was empty and the other side held both subjects' facts."""
    if len(row) > width and any(row[width:]) and len(_filled(row)) == width:
        row = [cell for cell in row if cell]
    cells = (row + [""] * width)[:width]
    spilled = [cell for cell in row[width:] if cell]
    if spilled:
        cells[-1] = "; ".join([cells[-1], *spilled] if cells[-1] else spilled)
    return cells


def first_table_only(rows: list[list[str]]) -> tuple[list[list[str]], str]:
    """The sheet's rows up to a second table under the first (its own title, header and
    rows), and a note saying where that one is; the rows and "" when there is none. A
    hotel's sheet kept "Upgrade vs Upsell" under "Room types": its TL;DR and analogy were
    given to the first table, and nothing said a second was there."""
    cells = [[c.strip() for c in row] for row in rows]
    start = next((at for at, row in enumerate(cells) if len(_filled(row[1:])) >= 2), None)
    if start is None:
        return rows, ""
    at = _table_end(cells, start)
    while at < len(cells):
        header = len(_filled(cells[at][1:])) >= 2 and _filled(cells[at])[:1] != [0] or (
            len(_filled(cells[at])) >= 3)
        body = [row for row in cells[at + 1:at + 4] if len(_filled(row)) >= 2]
        if header and len(body) >= 2 and _table_end(cells, at) - at >= 3:
            break
        at += 1
    else:
        return rows, ""
    top = at  # its title and remarks above it, up to an empty row, go with it
    while top > 0 and len(_filled(cells[top - 1])) == 1:
        top -= 1
    named = " ".join(cells[top][c] for c in _filled(cells[top])) if top < at else ""
    return rows[:top], ("the sheet holds a second table under the first" + (
        f', "{named}"' if named else "") + ": only the first is read (with the text between "
        "them); copy the second's cells into a .csv file of its own and import that")


def _table_end(rows: list[list[str]], start: int) -> int:
    """Where the table under the header at `start` ends: at the first row that is not one of
    it. An empty row a sheet keeps as a spacer ends it only when the next filled row is not a
    whole row (a name and every subject's cell): "Summary:" and its text below the table are
    prose, a "Mobile app" row after a spacer is still the table's."""
    columns, end = 1 + len(_filled(rows[start][1:])), start + 1  # a name and each subject
    while end < len(rows):
        if len(_filled(rows[end])) >= 2:
            end += 1
            continue
        after = next((at for at in range(end, len(rows)) if _filled(rows[at])), len(rows))
        spacers_only = all(not _filled(row) for row in rows[end:after])
        whole = after < len(rows) and _filled(rows[after])[:1] == [0] and len(
            _filled(rows[after])) >= columns
        going_on = next((row for row in rows[end + 1:] if _filled(row) and _filled(row) != [0]),
                        [])  # the next row that is more than a label or a note
        aside = _filled(rows[end]) == [0] and _filled(going_on)[:1] == [0] and len(
            _filled(going_on)) >= min(columns, 3)  # "RUNNING COSTS" between two rows
        if aside:  # or a note between two rows
            end += 1
        elif spacers_only and whole:
            end = after
        else:
            break
    return end


def _asides(table: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """A table's rows without the lines between them that fill only the first cell: a
    section's label ("RUNNING COSTS"), left out, or a note ("Note: fuel and tolls are the
    same either way."), said under the table. Either one ended the table there: six rows
    and the total were lost, or the sheet was refused."""
    rows, notes = [table[0]], []
    for row in table[1:]:
        if _filled(row) == [0]:
            if _reads_as_prose(row[0]):
                notes.append(row[0])
            continue
        rows.append(row)
    return rows, notes


# a line above a sheet's table about the sheet, not its title: "Last reviewed: 14 Oct 2026"
_REMARK_LINE = re.compile(r"^\W*(?:(?:last\s+)?(?:reviewed|updated|modified|edited|changed|"
                          r"checked|verified|revised)\b"
                          r"|(?:derni[èe]re\s+)?mis(?:e)?\s+[àa]\s+jour\b|stand\s*:|"
                          r"(?:zuletzt\s+)?(?:aktualisiert|ge[äa]ndert)\b"  # "Mis à jour le"
                          r"|(?:exported|generated|printed|downloaded|run)\s+(?:by|on|at)\b"
                          r"|(?:filters?|project|sorted by|grouped by|description)\s*:"
                          r"|(?:owner|maintained by|author)\b|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
                          r"|rev(?:ision)?\s+\w{1,4}\b|v\d+(?:\.\d+)*\b)",
                          re.IGNORECASE)


# a controlled document's running head: "Quality Engineering | QE-TOOL-007 Rev 3 |
# Uncontrolled when printed" titled a plant's matrix and every answer
_CONTROL_LINE = re.compile(r"uncontrolled (?:copy|when printed)|\|.*\brev(?:ision)?\.?\s?\w{1,3}\b",
                           re.IGNORECASE)


def grouped_rows_named(table: list[list[str]]) -> list[list[str]]:
    """A sheet whose first column groups the rows, its cell merged down over the group's
    rows (empty under the first: "Rotation" over "Database credentials" and "Rotation on
    leak"), beside a column that names every row: the rows are named by that column, their
    group after it ("Database credentials (Rotation)"). Read as it was, an empty first cell
    continued the row above: thirteen rows fused into five, and "Control" was a subject. A
    row named across both columns ("Fits on one page") stands in no group, and a line with
    nothing beyond its second cell ("In short:" and its text) is no row of the table."""
    table = _repeats_blanked(table)  # Excel's Data > Subtotal writes the group on every row
    body = [row for row in table[1:] if _filled(row[2:])]
    if len(table[0]) < 4 or not body or not all(row[0] or row[1] for row in body):
        return table
    if not body[0][0] or all(row[0] for row in body) or not any(
            row[0] and row[1] for row in body):
        return table
    named, group = [table[0][1:]], ""
    for row in table[1:]:
        if not _filled(row[2:]):  # a note or the summary under the table: as it was
            named.append([row[0] or row[1], *(row[1:2] if row[0] else [])])
            continue
        if row[0] and not row[1]:  # its name merged over both columns: no group
            group = ""
            named.append(row[:1] + row[2:])
            continue
        group = row[0] or group
        named.append([f"{row[1]} ({group})" if group else row[1], *row[2:]])
    return named


def _repeats_blanked(table: list[list[str]]) -> list[list[str]]:
    """A first column that says its group again on each of the group's rows ("Classroom"
    beside each module, as Excel's Data > Subtotal lays a sheet out), written once, as a
    merged cell is: a nursing team's sheet was refused ("two rows are named 'Classroom'")."""
    names = [row[0] for row in table[1:] if len(row) > 2 and row[1] and _filled(row[2:])]
    groups = list(dict.fromkeys(names))
    if len(names) < 4 or not all(names) or len(groups) * 2 > len(names):
        return table
    blanked, previous = [table[0]], None
    for row in table[1:]:
        same = bool(row) and row[0] == previous and len(row) > 1 and bool(row[1])
        previous = row[0] if row else None
        blanked.append(["", *row[1:]] if same else row)
    return blanked


_RUN_OF_SPACES = re.compile(r"[ \u00a0]{2,}")


def _aligned_by_eye(rows: list[list[str]]) -> list[list[str]]:
    """Columns an email's writer lined up by eye: tabs typed in runs until a column looked
    straight ("<tab><tab><tab>DOG<tab><tab><tab><tab><tab>CAT" over rows of one or two
    tabs), or spaces instead of a tab ("Heart rate      60-140 bpm<tab>140-220 bpm"). Read
    tab by tab, the header named no subject in column 3, and the dog's heart rate was the
    row's name with the cat's under DOG (a vet hospital's email). A header with empty
    cells between its names, over rows of other widths (a sheet's rows are all as wide,
    a label merged over two columns too) whose cells stand under those gaps, has every
    row's empty cells dropped; a row of fewer cells than the header, none empty, is cut
    where two spaces or more part its words, when that makes it exactly as wide."""
    def filled(row: list[str]) -> list[str]:
        return [cell for cell in row if cell.strip()]
    start = next((at for at, row in enumerate(rows) if len(filled(row[1:])) >= 2), None)
    if start is None:
        return rows
    header, end = rows[start], next((at for at in range(start + 1, len(rows))
                                     if not filled(rows[at])), len(rows))
    names = [at for at, cell in enumerate(header) if cell.strip()]
    gaps = set(range(names[0], names[-1])) - set(names)
    by_eye = bool(gaps) and len({len(row) for row in rows[start:end]}) > 1 and any(
        row[at].strip() for row in rows[start + 1:end] for at in gaps if at < len(row))
    if by_eye:
        header = [""] * (not header[0].strip()) + filled(header)
    width = len(header) if by_eye else names[-1] + 1
    aligned = [header]
    for row in rows[start + 1:end]:
        row = filled(row) if by_eye else row
        if len(row) < width and len(filled(row)) == len(row):
            cut = [part for cell in row for part in _RUN_OF_SPACES.split(cell.strip())]
            row = cut if len(cut) == width else row
        aligned.append(row)
    return rows[:start] + aligned + rows[end:]


def _without_spacer_columns(table: list[list[str]]) -> list[list[str]]:
    """The table without a column empty in every row between filled ones (a spacer column
    a sheet keeps for looks): read with it, "column 3 of the header names no subject"."""
    width = max(len(row) for row in table)
    rows = [row + [""] * (width - len(row)) for row in table]
    last = max((at for row in rows for at in _filled(row)), default=0)
    spacers = {at for at in range(1, last) if not any(row[at] for row in rows)}
    if not spacers:
        return table
    return [[cell for at, cell in enumerate(row) if at not in spacers] for row in rows]


def _rejoined_wraps(rows: list[list[str]], start: int) -> list[list[str]]:
    """Cells copied as tab-separated text from an email, with the lines Outlook wrapped: a
    line without a tab between two rows of the table, going on with the sentence the row
    above left open, is the end of that row's last cell. Read as a line of prose it ended
    the table there: the rows under it were lost and the cell was cut mid-sentence."""
    joined = rows[: start + 1]
    for at in range(start + 1, len(rows)):
        row, above = rows[at], joined[-1]
        following = rows[at + 1] if at + 1 < len(rows) else []
        if (at > start + 1 and _filled(row) == [0] and len(_filled(above)) >= 3  # (a header
                and len(_filled(following)) >= 3  # goes on with no remark: "notes: ..." under
                and (_goes_on(above[_filled(above)[-1]], row[0])  # a sheet's header)
                     or _whole_sentence(row[0]))):  # a cell's second paragraph: no row name
            last = _filled(above)[-1]
            joined[-1] = [*above[:last], f"{above[last]} {row[0]}", *above[last + 1:]]
            continue
        joined.append(row)
    return joined


def _rejoined_broken_cells(rows: list[list[str]], start: int) -> list[list[str]]:
    """Line breaks inside cells of a copied table: a slide's "$250 per drop" over "$35 fee
    under that"; a browser's copy of a Confluence cell holding a list, an item a line, tabs
    only where a cell ends (a NOC's "Typical examples" row spanned ten lines: read as rows,
    eight of its ten rows were lost); Outlook's bullets, "•<tab>Photos". Lines are joined, an
    item a "; ", until the row has the header's cells, and a line with no tab that goes on a
    row so joined is one more item of its last cell, while the table goes on below it."""
    width = max(_filled(rows[start])) + 1
    joined, built = rows[: start + 1], False
    for at, row in enumerate(rows[start + 1:], start + 1):
        if not _filled(row):  # the table's end: what follows is the page's
            return joined + rows[at:]
        row = [field for field in row if field.strip() not in _BULLET_GLYPHS] or row
        above = joined[-1]
        whole = len(_filled(row)) == len(row) and len(_filled(above)) == len(above)
        if (above is not rows[start] and whole and len(above) < width and len(row) < width
                and len(above) + len(row) - 1 <= width):
            joined[-1], built = [*above[:-1], f"{above[-1]}; {row[0]}", *row[1:]], True
            continue
        if built and len(row) == 1 and len(above) == width and _table_goes_on(rows, at):
            joined[-1] = [*above[:-1], f"{above[-1]}; {row[0]}"]  # "Cash at the ..."
            continue
        joined.append(row)
        built = False
    return joined


def _table_goes_on(rows: list[list[str]], at: int) -> bool:
    """Is there a row of two cells or more below this line before the table's end?"""
    for row in rows[at + 1:]:
        if not _filled(row):
            return False
        if len(_filled(row)) >= 2:
            return True
    return False


def _whole_sentence(line: str) -> bool:
    """A line of six words or more ending a sentence: a cell's own paragraph (Outlook puts
    it on its own line), never a row's name. The bank's "Compliance approval as well if
    over £500 ..." was dropped from its cell without a word."""
    return len(line.split()) >= 6 and line.rstrip().endswith((".", "!", "?"))


def _goes_on(text: str, more: str) -> bool:
    """Does `more` read as the rest of `text`: no sentence closed before it, or it starts
    in lower case or with a bracket ("(IR35) apply; ...")?"""
    return not text.rstrip().endswith((".", "!", "?", ":")) or more[:1].islower() or (
        more[:1] in "([")


def _subjects_over_their_columns(table: list[list[str]]) -> list[list[str]]:
    """A two-row header (a subject's cell merged over its columns, a row under it naming
    them: "Batch job" over "What it means" and "Example"): one column a subject, each cell
    naming its columns ("What it means: ...; Example: ..."), as a wiki's merged header is
    read. Read as it was, the import refused the sheet ("column 3 of the header names no
    subject"), and filling the blanks by hand made four subjects of two. A label merged over
    the subjects ("Launch phase" over "Soft launch" and "Global launch") is no subject: the
    row under it names them."""
    if len(table) < 3 or table[1][:1] != [""]:
        return table
    width = max(len(row) for row in table)
    header, under = (row + [""] * (width - len(row)) for row in table[:2])
    starts = [at for at in _filled(header) if at]
    groups = [range(a, b) for a, b in zip(starts, [*starts[1:], width], strict=True)]
    named = [group for group in groups if len(group) > 1 and all(under[at] for at in group)]
    if len(named) == 1 and set(_filled(under)) == set(named[0]):  # "Launch phase" merged
        header[named[0].start:named[0].stop] = under[named[0].start:named[0].stop]  # over
        return [header, *table[2:]]  # "Soft launch" and "Global launch": they are the subjects
    if len(groups) < 2 or all(len(group) == 1 for group in groups) or not all(
            under[at] for group in groups for at in group):
        return table
    merged = [[header[0], *(header[group[0]] for group in groups)]]
    for row in table[2:]:
        row = row + [""] * (width - len(row))
        merged.append([row[0], *("; ".join(f"{under[at]}: {row[at]}" for at in group
                                           if row[at]) for group in groups)])
    return merged


def _reads_as_prose(line: str) -> bool:
    """A sentence above a pasted table ("As promised, here's the comparison we use. Feel
    free to reuse."), an email's greeting or header line: no title."""
    said = line.split()
    return (len(said) > 12 or line.rstrip().endswith((".", "!", "?", "\u2026", ","))
            and len(said) >= 2 or re.match(r"^(?:from|sent|to|cc|subject|date):\s", line,
                                            re.IGNORECASE) is not None)


def sheet_as_markdown(text: str, delimiter: str | None = None) -> str:
    """The sheet written as a page: a line alone above the table (the sheet's title in A1) as
    its heading, the first row naming two subjects or more as the header (its corner cell
    may be empty), the rows under it up to an empty one, and the lines below as paragraphs
    ("Summary:" in one cell and its text in the next read as "Summary: ..."). Empty when no
    row names two subjects."""
    delimiter = _delimiter(text, delimiter)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if delimiter == "\t":  # text typed into an email, lined up by eye, or copied cells
        rows = _aligned_by_eye(rows)
    rows = [[_cell(c) for c in row] for row in rows]
    while rows and any(rows) and all(not row[:1] or not row[0] for row in rows):
        rows = [row[1:] for row in rows]  # an empty first column (LibreOffice Calc's margin)
    start = next((at for at, row in enumerate(rows) if len(_filled(row[1:])) >= 2), None)
    if start is None:
        return ""
    above = [" ".join(row[at] for at in _filled(row)) for row in rows[:start] if _filled(row)]
    over_subjects = {" ".join(row[at] for at in _filled(row)) for row in rows[:start]
                     if _filled(row) and not row[0]}  # "Preparation type" merged over the
    above = [line for line in above  # subjects: a label, not the title in A1 (nor an
             if not _EMAIL_HEADER.match(line) or MAIL_SUBJECT.match(line)]  # email's headers
    titles = [line for line in reversed(above)  # saved as text; its subject is read as a
              if line not in over_subjects and not MAIL_SUBJECT.match(line)]  # line above)
    titles = [line for line in titles
              if not _REMARK_LINE.match(line) and not _reads_as_prose(line)
              and not _CONTROL_LINE.search(line)]  # ("Importance:
    title = next((line for line in titles if _NAMES_A_COMPARISON.search(line)),  # High" was)
                 titles[0] if titles else "")  # over a subtitle ("Nursing Orientation – ...")
    lines = [part for line in above if line != title  # (the subject a paragraph alone)
             for part in ([line, ""] if MAIL_SUBJECT.match(line) else [line])]
    lines += [f"## {title}" if title else "", ""]
    if delimiter == "\t":  # text copied out of an email, not a saved sheet
        rows = _rejoined_broken_cells(_rejoined_wraps(rows, start), start)
    end = _table_end(rows, start)
    region, asides = _asides(_without_spacer_columns(rows[start:end]))
    region = grouped_rows_named(_subjects_over_their_columns(region))
    rows[start:end], end = region + [[note] for note in asides], start + len(region)
    width = max(_filled(rows[start])) + 1  # Excel pads every row to the widest one
    for at in (at for at in range(start, end) if _filled(rows[at])):
        lines.append("| " + " | ".join(_fitted(rows[at], width)) + " |")
        if at == start:
            lines.append("|" + "---|" * width)
    below = [[row[at] for at in _filled(row)] for row in rows[end:] if _filled(row)]
    for at, (label, *rest) in enumerate(below):
        if label in _BULLET_GLYPHS and rest:  # a slide's "•<tab>PIV = short-term ...": an
            lines += [f"- {'; '.join(rest)}"]  # item, not "•: PIV = ..."
            continue
        if not rest and at + 1 < len(below) and below[at + 1][0] in _BULLET_GLYPHS:
            lines += ["", f"## {label}", ""]  # "Key points" over its items: their heading
            continue
        if len(rest) > 1 and SUMMARY_TITLE.fullmatch(label.strip().rstrip(":").strip()):
            lines += ["", f"## {label}", "", *(f"- {said}" for said in rest)]  # a point a
            continue  # subject's cell: not "The AKE is a box.; The PMC is..." (an airline's)
        if rest and ANALOGY_LABEL.match(label.strip().rstrip(":").strip()):  # "Think of it
            lines += ["", "## Analogy", "", "; ".join(rest)]  # like" | "Washing up: ATP is
            continue  # ...": no label glued on
        label += "" if not rest or label.endswith(":") else ":"  # a cell a subject's: their
        lines += ["", " ".join([label, "; ".join(rest)])]  # "Bottom line: ENIG ...; HASL ..."
    return "\n".join(lines) + "\n"


# an email's subject line saved with its message, after any "RE:" or "FW:" (the import
# titles a table so when the subject says more than the subjects' names)
MAIL_SUBJECT = re.compile(r"^subject:\s*(?:(?:re|fwd?|aw|wg)\s*:\s*)*(.+)$", re.IGNORECASE)
_NAMES_A_COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared)\s", re.IGNORECASE)
# the header lines of an email saved as text (Outlook's "Save as .txt")
_EMAIL_HEADER = re.compile(r"^(?:from|sent|date|to|cc|bcc|subject|importance|reply-to|"
                           r"attachments|(?:security )?classification|sensitivity|"
                           r"protective marking):\s", re.IGNORECASE)  # a bank's label too
_BULLET_GLYPHS = frozenset("\u2022 \u25aa \u25e6 \u00b7 - * o \u2013 \u25cf".split())
