"""An Excel workbook (.xlsx) as the CSV text the import already reads: the sheet that holds
the comparison (not a "Read me" or "Change log" tab before it, not a hidden one), its
hidden columns and rows left out as the sheet hides them, and each number as the sheet
shows it ("99.5%", "Over $250.00", "48 hours", "20/01/2025")."""

from __future__ import annotations

import collections
import csv
import datetime
import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from bot.htmltable import reads_as_a_log
from bot.officefile import OfficeFileError, part_xml, quoted_comments, short
from bot.sheettable import first_table_only

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# a tab beside the table: what it is, how to use it, its history, the lists it draws on
ASIDE_SHEET = re.compile(r"\b(?:read\s*me|notes?|instructions?|how to|about|guide|change\s*log|"
                         r"changes|history|revisions?|versions?|lists?|lookups?|settings|"
                         r"config|sources?|references?|glossary|cover|contents|export summary)\b",
                         re.IGNORECASE)


def workbook_sheet_as_csv(package: zipfile.ZipFile,
                          wanted: str | None = None) -> tuple[str, list[str]]:
    """The sheet that holds the comparison as CSV, and notes: which sheet was read (and
    how to read another), what the sheet hides that was left out."""
    shared = _shared_strings(part_xml(package, "xl/sharedStrings.xml"))
    formats = _cell_formats(part_xml(package, "xl/styles.xml"))
    sheets = _visible_sheets(package)
    read = [(name, *_sheet_rows(part_xml(package, part), shared, formats))
            for name, part in sheets if wanted is None or name.casefold() == wanted.casefold()]
    if wanted is not None and not read:
        raise OfficeFileError(f"no visible sheet is named \"{wanted}\": the sheets are "
                              + ", ".join(f'"{name}"' for name, _ in sheets))
    tables = [sheet for sheet in read if _table_rows(sheet[1])]
    if not tables:
        raise OfficeFileError("no sheet in this workbook has a row with three cells or more: a "
                              "comparison needs a feature column, then a column per subject")
    name, rows, hidden = next((sheet for sheet in tables if not ASIDE_SHEET.search(sheet[0])
                               and not reads_as_a_log(_table_rows(sheet[1]))), tables[0])
    notes = []
    if len(sheets) > 1 and wanted is None:
        notes.append(f"read the sheet \"{name}\"; left out: " + ", ".join(
            f'"{other}"' for other, _ in sheets if other != name)
            + " (to read another: kb import --sheet NAME)")
    same = [other for other, rows_, _ in tables if other != name
            and _table_rows(rows_)[:1] == _table_rows(rows)[:1]]
    if same and wanted is None:  # a tab a year: the first is rarely the one people mean
        notes.append("the sheets " + ", ".join(f'"{other}"' for other in same)
                     + f" hold a table with the same columns as \"{name}\": read each with "
                     "--sheet NAME into a file of its own, and say which in its title")
    others = [other for other, rows_, _ in tables if other != name and other not in same
              and not ASIDE_SHEET.search(other) and not reads_as_a_log(_table_rows(rows_))]
    if others and wanted is None:  # ("Blind vs Guided" beside "Cover" and "Change log":
        notes.append("the sheet(s) " + ", ".join(f'"{other}"' for other in others)  # easy
                     + " hold a table too: import a comparison among them with --sheet "
                     "NAME into a file of its own")  # to miss, a warehouse's reviewer found)
    rows, second = first_table_only(rows)
    notes += hidden + ([second] if second else [])
    comments = [comment for part in _comment_parts(package, dict(sheets)[name])
                for comment in part_xml(package, part).findall(f".//{S}comment")]
    if comments:  # (an airline's hours sheet kept facts in them; an admissions office's
        said = quoted_comments([  # two rules staff must follow: each cell and its words)
            f"{c.get('ref', '?')} \"{short(_comment_words(c))}\"" for c in comments])
        notes.append(f"{len(comments)} cell comment(s) on the sheet are in no answer "
                     f"({said}): put what people ask about in a cell")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue(), notes

# a Google Sheets comment thread's own lines: "======", "ID#AAAB...", "Priya Nair    (2025-09-03
# 14:22:10)", "	-Daniel Ortiz" (a reply's author)
_THREAD_LINE = re.compile(r"^\s*(?:=+|ID#\S+|.{1,40}\(\d{4}-\d{2}-\d{2}[^)]*\)|-\s*\S.{0,40})\s*$")


def _comment_words(comment: ElementTree.Element) -> str:
    """A cell comment's words without a Google Sheets thread's header lines."""
    lines = "".join(comment.itertext()).splitlines()
    return " ".join(" ".join(line for line in lines if not _THREAD_LINE.match(line)).split())


def _comment_parts(package: zipfile.ZipFile, sheet_part: str) -> list[str]:
    """The comment parts of one sheet, by its relationships (a note on another tab was
    counted as this table's); none when the sheet's relationships name none."""
    folder, _, file = sheet_part.rpartition("/")
    relations = part_xml(package, f"{folder}/_rels/{file}.rels")
    if relations is None:
        return []
    found = []
    for relation in relations:
        if relation.get("Type", "").endswith("/comments"):
            target = relation.get("Target", "")
            found.append(target.lstrip("/") if target.startswith("/") else
                         posixpath.normpath(f"{folder}/{target}"))
    return [part for part in found if part in package.namelist()]


def _table_rows(rows: list[list[str]]) -> list[list[str]]:
    """The rows from the first with three cells or more: the table's header and body."""
    start = next((at for at, row in enumerate(rows) if sum(bool(c) for c in row) >= 3), None)
    return [] if start is None else [row for row in rows[start:] if any(row)]


def _visible_sheets(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, its part's path) in the workbook's tab order, hidden sheets left out."""
    workbook = part_xml(package, "xl/workbook.xml")
    relations = part_xml(package, "xl/_rels/workbook.xml.rels")
    targets = {relation.get("Id"): relation.get("Target", "")
               for relation in (relations if relations is not None else ())
               if relation.tag == f"{PACKAGE_R}Relationship"}
    sheets = []
    for sheet in workbook.iter(f"{S}sheet") if workbook is not None else ():
        target = targets.get(sheet.get(f"{R}id"), "")
        if sheet.get("state") in ("hidden", "veryHidden") or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name", ""), path))
    return sheets


def _shared_strings(table: ElementTree.Element | None) -> list[str]:
    """Each shared string's text, its rich-text runs joined (phonetic guides left out)."""
    if table is None:
        return []
    strings = []
    for item in table.findall(f"{S}si"):
        runs = item.findall(f"{S}r")
        if runs:  # rich text: a run in a symbol font ("Legend: ü = yes") drawn as it shows
            strings.append("".join(_run_text(run) for run in runs))
            continue
        strings.append("".join(t.text or "" for t in item.findall(f"{S}t")))
    return strings


def _run_text(run: ElementTree.Element) -> str:
    font = run.find(f"{S}rPr/{S}rFont")
    symbols = SYMBOL_FONTS.get((font.get("val", "") if font is not None else "").casefold())
    text = "".join(t.text or "" for t in run.findall(f"{S}t"))
    return text.translate(symbols) if symbols else text


def _sheet_rows(sheet: ElementTree.Element | None, shared: list[str],
                formats: list[tuple[str, str]]) -> tuple[list[list[str]], list[str]]:
    """The sheet's cells as rows of text, placed by their references ("C4") so that the
    empty cells Excel does not write keep their columns; hidden columns and rows left out
    (an internal "Lead notes" column became a subject shown to newcomers), and the column
    the sheet's filter picks rows by. Also what was left out, said as the import's notes."""
    if sheet is None:
        return [], []
    hidden_columns, filter_columns = _hidden_columns(sheet), _filter_columns(sheet)
    rows: list[list[str]] = []
    hidden_rows, hidden_said = [], set()
    for row in sheet.iter(f"{S}row"):
        cells: list[str] = []
        for cell in row.findall(f"{S}c"):
            column = _column(cell.get("r", "")) if cell.get("r") else len(cells)
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = _cell_text(cell, shared, formats)
        if row.get("hidden") in ("1", "true"):
            hidden_rows.append(cells)
            continue
        hidden_said.update(at for at in hidden_columns if at < len(cells) and cells[at])
        rows.append(cells)
    header = next((cells for cells in rows if sum(bool(c.strip()) for c in cells) >= 3), [])
    filtered = _filter_column_left_out(header, filter_columns, hidden_columns)
    said = _left_out_said(hidden_said, hidden_rows, rows, header, filter_columns,
                          filtered)
    rows = [[text for at, text in enumerate(cells)
             if at not in hidden_columns and at not in filtered] for cells in rows]
    rows = [row[:max((at + 1 for at, c in enumerate(row) if c), default=0)] for row in rows]
    return rows, said


def _filter_columns(sheet: ElementTree.Element) -> set[int]:
    """The columns the sheet's AutoFilter filters on (a filter set, not only its arrows)."""
    auto = sheet.find(f"{S}autoFilter")
    if auto is None or not auto.get("ref"):
        return set()
    start = _column(auto.get("ref").split(":")[0])
    return {start + int(column.get("colId", 0))
            for column in auto.findall(f"{S}filterColumn") if len(column)}


def _filter_column_left_out(header: list[str], filter_columns: set[int],
                            hidden_columns: set[int]) -> set[int]:
    """A column the filter picks rows by ("Unit": Med-Surg, All units), not the first and
    with two columns of subjects left beside it: the rows' group, not a thing compared (a
    nursing team's "Unit" was a third subject in every answer)."""
    if len(filter_columns) != 1:
        return set()
    column = next(iter(filter_columns))
    shown = [at for at, text in enumerate(header) if text.strip() and at not in hidden_columns]
    if column not in shown or column == shown[0] or len(shown) < 4:
        return set()
    return {column}


def _left_out_said(hidden_said: set[int], hidden_rows: list[list[str]], rows: list[list[str]],
                   header: list[str], filter_columns: set[int], filtered: set[int]
                   ) -> list[str]:
    """What the sheet hides and the import left out, by name: the rows a filter hides are
    the team's too, so it says how to keep them."""
    said = [f"left out what the sheet hides: column(s) "
            f"{', '.join(_letters(c) for c in sorted(hidden_said))}"] if hidden_said else []
    if hidden_rows:
        firsts = collections.Counter(cells[0].strip() for cells in rows + hidden_rows if cells)
        groups = {first for first, count in firsts.items() if first and count > 1}
        names = ", ".join(f'"{name}"' for name in (_row_name(cells, groups)
                                                   for cells in hidden_rows[:5]) if name)
        names += ", ..." if len(hidden_rows) > 5 else ""
        by = (f"the sheet's filter on column {', '.join(map(_letters, sorted(filter_columns)))}"
              " hides" if filter_columns else "the sheet hides")
        said.append(f"left out {len(hidden_rows)} row(s) {by}" + (f" ({names})" if names else "")
                    + (": clear the filter in Excel and import again to keep them"
                       if filter_columns else ""))
    said += [f"left out column {_letters(c)} (\"{header[c].strip()}\"), which the sheet's "
             "filter picks rows by: each row's group, not a thing compared" for c in filtered]
    return said


def _row_name(cells: list[str], groups: set[str]) -> str:
    """A hidden row's name: its first cell, or its second where the first is a group
    (Excel's Data > Subtotal writes the group on every row)."""
    filled = [c.strip() for c in cells if c.strip()]
    return filled[1] if len(filled) > 2 and filled[0] in groups else filled[0] if filled else ""


def _hidden_columns(sheet: ElementTree.Element) -> set[int]:
    hidden = set()
    for column in sheet.iter(f"{S}col"):
        if column.get("hidden") in ("1", "true"):
            hidden.update(range(int(column.get("min", 1)) - 1, int(column.get("max", 1))))
    return {c for c in hidden if c < 200}  # a hidden range to column XFD is no table's


def _column(reference: str) -> int:
    """"C4" -> 2."""
    number = 0
    for letter in re.match(r"[A-Z]*", reference.upper())[0]:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _letters(column: int) -> str:
    """2 -> "C"."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(cell: ElementTree.Element, shared: list[str],
               formats: list[tuple[str, str]]) -> str:
    kind, value = cell.get("t", "n"), cell.findtext(f"{S}v") or ""
    style = int(cell.get("s") or 0)
    code, font = formats[style] if style < len(formats) else ("General", "")
    if kind in ("s", "inlineStr", "str"):
        text = ("".join(t.text or "" for t in cell.iter(f"{S}t")) if kind == "inlineStr"
                else value if kind == "str" else shared[int(value)]
                if value.isdigit() and int(value) < len(shared) else "")
        symbols = SYMBOL_FONTS.get(font.casefold())
        return text.translate(symbols) if symbols and len(text.strip()) <= 2 else text
    if kind == "b":  # a checkbox: "Recommended for new users: TRUE FALSE FALSE" read badly
        return "Yes" if value == "1" else "No"
    if kind == "n" and value:
        return as_shown(float(value), code)
    return value


# Excel's built-in number formats a comparison's cells use; the others are in styles.xml
BUILT_IN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
                    22: "yyyy-mm-dd h:mm",
                    # Accounting, as Excel writes it in English (its money sign is the
                    # locale's): a sheet may use them without declaring them
                    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
                    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
                    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
                    44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'}


def _cell_formats(styles: ElementTree.Element | None) -> list[tuple[str, str]]:
    """Each cell style's number format code and font name, in the order a cell's `s`
    refers to them."""
    if styles is None:
        return []
    codes = {int(fmt.get("numFmtId", 0)): fmt.get("formatCode", "")
             for fmt in styles.iter(f"{S}numFmt")}
    fonts = [(font.find(f"{S}name").get("val", "") if font.find(f"{S}name") is not None
              else "") for font in styles.iter(f"{S}font")]
    cell_styles = styles.find(f"{S}cellXfs")
    return [(codes.get(int(xf.get("numFmtId", 0)), BUILT_IN_FORMATS.get(
                int(xf.get("numFmtId", 0)), "General")),
             fonts[int(xf.get("fontId", 0))] if int(xf.get("fontId", 0)) < len(fonts) else "")
            for xf in (cell_styles if cell_styles is not None else ())]


# the letters a symbol font draws as ticks and crosses: "ü" in Wingdings is ✔ (a plant's
# matrix answered "ü" and "û")
SYMBOL_FONTS = {"wingdings": str.maketrans("üûþýx¨o", "✔✘☑☒✘☐☐"),
                "wingdings 2": str.maketrans("POTRS£", "✔✘☒☑☒☐")}


_FORMAT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|\[\$([^-\]]*)[^\]]*\]|\[[^\]]*\]|[_*].|'
                           r"([0#?][0#?,]*(?:\.[0#?]+)?)|(.)")
_DATE_TOKEN = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|'
                         r"d|hh|h|ss|s|am/pm|a/p)|(.)", re.IGNORECASE)


def as_shown(number: float, code: str) -> str:
    """A number as the sheet shows it under its format code: 0.995 under "0.0%" is "99.5%",
    250 under '"Over "$#,##0.00' "Over $250.00", 48 under '0" hours"' "48 hours", 45677
    under "dd/mm/yyyy" "20/01/2025"; under General as Excel shows it (0.3, not
    0.30000000000000004)."""
    sections = code.split(";")  # positive; negative; zero ("0 \"hrs\";-0;\"–\"": a dash)
    section = (sections[2] if number == 0 and len(sections) > 2 else
               sections[1] if number < 0 and len(sections) > 1 else sections[0])
    if number == 0 and section is not sections[0] and "*" in re.sub(r'"[^"]*"', "", section):
        section = sections[0]  # Accounting's zero, '_("$"* "-"??_)', a dash set apart by a
        # fill, read "$-0" on a health plan's premium; shown as the positive format shows 0
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    general = str(int(number)) if float(number).is_integer() else f"{number:.15g}"
    if section.casefold() in ("general", "") or section == "@":
        return general
    if re.search(r"general", bare, re.IGNORECASE):  # 'General" doses"', as LibreOffice
        return re.sub(r"general", lambda _: general, re.sub(  # writes '0" doses"'
            r'"([^"]*)"|\\(.)', lambda m: m[1] if m[1] is not None else m[2], section),
            flags=re.IGNORECASE).strip()
    if re.search(r"[dy]|m(?!.*[0#?])", bare, re.IGNORECASE) and 0 < number < 2958466:
        return _date_shown(number, section)
    shown = abs(number) if number < 0 and ";" in code else number  # its own minus sign
    scaled = shown * 100 if "%" in bare else shown
    out, placed = [], False
    for literal, escaped, currency, digits, other in (
            m.groups() for m in _FORMAT_TOKEN.finditer(section)):
        if digits is not None and not placed:
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            out.append(f"{scaled:,.{decimals}f}" if "," in digits.split(".")[0]
                       else f"{scaled:.{decimals}f}")
            placed = True
        elif digits is None:
            out.append(literal or escaped or currency or other or "")
    return "".join(out).strip()


def _date_shown(number: float, section: str) -> str:
    moment = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=number)
    tokens = list(_DATE_TOKEN.finditer(section))
    out = []
    for at, token in enumerate(tokens):
        literal, escaped, part, other = token.groups()
        if part is None:
            out.append(literal or escaped or other or "")
            continue
        low = part.casefold()
        if low.startswith("m") and len(low) <= 2 and _is_minutes(tokens, at):
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        else:
            out.append(_date_part(moment, low))
    return "".join(out).strip()


def _is_minutes(tokens: list[re.Match], at: int) -> bool:
    """"m" after an hour or before seconds is minutes, not the month."""
    parts = [(i, t.group(3).casefold()) for i, t in enumerate(tokens) if t.group(3)]
    before = [p for i, p in parts if i < at]
    after = [p for i, p in parts if i > at]
    return bool(before and before[-1].startswith("h") or after and after[0].startswith("s"))


def _date_part(moment: datetime.datetime, part: str) -> str:
    return {"yyyy": f"{moment.year:04d}", "yy": f"{moment.year % 100:02d}",
            "mmmmm": moment.strftime("%B")[:1], "mmmm": moment.strftime("%B"),
            "mmm": moment.strftime("%b"), "mm": f"{moment.month:02d}", "m": str(moment.month),
            "dddd": moment.strftime("%A"), "ddd": moment.strftime("%a"),
            "dd": f"{moment.day:02d}", "d": str(moment.day),
            "hh": f"{moment.hour:02d}", "h": str(moment.hour),
            "ss": f"{moment.second:02d}", "s": str(moment.second),
            "am/pm": moment.strftime("%p"), "a/p": moment.strftime("%p")[:1]}[part]
