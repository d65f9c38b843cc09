"""A Word or Excel file (.docx, .xlsx; Google Docs and Sheets, Pages and Numbers export to
them) as text the import already reads: a document as an HTML page, a workbook's sheet as
CSV. Teams keep their comparisons in these far more often than in markdown, and asking them
to save as CSV first lost the document's title, summary and analogy.

Both are zip files of XML; only the standard library reads them. What a hostile file could
cost is bounded: parts larger than MAX_PART_BYTES once inflated are refused, and XML that
declares a DTD (no Office file does) is refused before parsing, so no entity expands."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import zipfile
from xml.etree import ElementTree

MAX_PART_BYTES = 20_000_000  # a 10,000-row table's sheet is ~3 MB
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class OfficeFileError(ValueError):
    """The file is a zip, but no document or workbook the import can read."""


def is_zip(raw: bytes) -> bool:
    return raw.startswith(b"PK\x03\x04")


def office_page(raw: bytes) -> tuple[str, str, list[str]]:
    """("html", the document as a page, notes) or ("csv", a sheet's cells, notes)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise OfficeFileError(f"a damaged or cut-short file ({error}): save or download it "
                              "again and import the new copy") from None
    names = set(package.namelist())
    if "word/document.xml" in names:
        return "html", document_as_html(package), []
    if "xl/workbook.xml" in names:
        return ("csv", *workbook_sheet_as_csv(package))
    if "mimetype" in names and b"opendocument" in package.read("mimetype")[:100]:
        raise OfficeFileError("an OpenDocument file (LibreOffice's .odt or .ods): save it as "
                              ".docx or .xlsx (File > Save As) and import that")
    if "ppt/presentation.xml" in names:
        raise OfficeFileError("a PowerPoint file: copy the slide's table into a text file, "
                              "or save the slide as PDF and import its text")
    raise OfficeFileError("a zip file that is neither a Word document (.docx) nor an Excel "
                          "workbook (.xlsx): save the table as .docx, .xlsx or CSV")


def _xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A part parsed, or None when the package has no such part."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise OfficeFileError(f"{name} is {info.file_size:,} bytes unpacked: too large to read")
    with package.open(info) as part:
        data = part.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:  # the zip's directory understated it
        raise OfficeFileError(f"{name} is too large to read")
    if b"<!DOCTYPE" in data[:4096].upper():
        raise OfficeFileError(f"{name} declares a DTD, which no Office file does")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OfficeFileError(f"{name} is not well-formed XML ({error})") from None


# --- Word -----------------------------------------------------------------------------------

def document_as_html(package: zipfile.ZipFile) -> str:
    """The document's body in order: headings (by their style's name, so a German Word's
    "Überschrift 1" style, whose name is still "heading 1", counts), paragraphs, list items
    and tables, with bold and struck text marked as HTML marks them."""
    body = _xml(package, "word/document.xml").find(f"{W}body")
    styles = _style_names(_xml(package, "word/styles.xml"))
    parts = ["<html><body>"]
    for block in body if body is not None else ():
        if block.tag == f"{W}p":
            parts.append(_paragraph_html(block, styles))
        elif block.tag == f"{W}tbl":
            parts.append(_table_html(block, styles))
        elif block.tag == f"{W}sdt":  # a content control (a cover page, a table of contents)
            parts += [_paragraph_html(p, styles) for p in block.iter(f"{W}p")]
    return "\n".join(parts + ["</body></html>"])


def _style_names(styles: ElementTree.Element | None) -> dict[str, str]:
    """Style id -> its name, lower case ("Heading1" -> "heading 1")."""
    names = {}
    for style in styles.iter(f"{W}style") if styles is not None else ():
        name = style.find(f"{W}name")
        if name is not None:
            names[style.get(f"{W}styleId", "")] = name.get(f"{W}val", "").casefold()
    return names


def _paragraph_html(paragraph: ElementTree.Element, styles: dict[str, str]) -> str:
    text = _runs_html(paragraph)
    if not text.strip():
        return ""
    properties = paragraph.find(f"{W}pPr")
    style_id = _value(properties, "pStyle") or ""
    style = styles.get(style_id, style_id.casefold())
    if style == "title":
        return f"<h1>{text}</h1>"
    heading = re.fullmatch(r"heading\s*([1-6])", style)
    if heading:
        return f"<h{int(heading[1]) + 1}>{text}</h{int(heading[1]) + 1}>"
    if properties is not None and properties.find(f"{W}numPr") is not None or "list" in style:
        return f"<ul><li>{text}</li></ul>"
    return f"<p>{text}</p>"


def _value(properties: ElementTree.Element | None, tag: str) -> str | None:
    found = properties.find(f"{W}{tag}") if properties is not None else None
    return None if found is None else found.get(f"{W}val")


def _is_on(run_properties: ElementTree.Element | None, tag: str) -> bool:
    """<w:b/> is bold; <w:b w:val="0"/> (or "false") is not."""
    found = run_properties.find(f"{W}{tag}") if run_properties is not None else None
    return found is not None and found.get(f"{W}val", "1") not in ("0", "false", "off")


def _runs_html(paragraph: ElementTree.Element) -> str:
    """The paragraph's runs as text; deleted text (a tracked change) is not in a <w:t>."""
    out = []
    for run in paragraph.iter(f"{W}r"):
        text = "".join(" " if part.tag in (f"{W}tab", f"{W}br", f"{W}cr") else part.text or ""
                       for part in run if part.tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"))
        if not text:
            continue
        text, marks = html.escape(text, quote=False), run.find(f"{W}rPr")
        if _is_on(marks, "strike") or _is_on(marks, "dstrike"):
            text = f"<s>{text}</s>"
        elif _is_on(marks, "b") and text.strip():
            text = f"<b>{text}</b>"
        out.append(text)
    return re.sub(r"</b><b>", "", "".join(out))  # a word in three runs is one bold word


def _table_html(table: ElementTree.Element, styles: dict[str, str]) -> str:
    """A Word table as an HTML one: a cell spanning columns (gridSpan) gets a colspan, and
    cells merged down (vMerge) one cell with a rowspan, as an HTML export writes them."""
    rows = [_row_cells(row, styles) for row in table.findall(f"{W}tr")]
    for at, row in enumerate(rows):
        for cell in row:
            if cell["merge"] == "restart":
                cell["rowspan"] = 1 + _continued_below(rows, at, cell["column"])
    lines = ["<table>"]
    for row in rows:
        cells = "".join(
            f"<td{_span('colspan', cell['span'])}{_span('rowspan', cell.get('rowspan', 1))}>"
            f"{cell['html']}</td>" for cell in row if cell["merge"] != "continue")
        lines.append(f"<tr>{cells}</tr>")
    return "\n".join(lines + ["</table>"])


def _row_cells(row: ElementTree.Element, styles: dict[str, str]) -> list[dict]:
    cells, column = [], 0
    for cell in row.findall(f"{W}tc"):
        properties = cell.find(f"{W}tcPr")
        span = int(_value(properties, "gridSpan") or 1)
        merge = properties.find(f"{W}vMerge") if properties is not None else None
        state = None if merge is None else merge.get(f"{W}val") or "continue"
        paragraphs = [_runs_html(p) for p in cell.findall(f"{W}p")]
        cells.append({"html": "<br>".join(p for p in paragraphs if p.strip()), "span": span,
                      "merge": state, "column": column})
        column += span
    return cells


def _continued_below(rows: list[list[dict]], at: int, column: int) -> int:
    count = 0
    for row in rows[at + 1:]:
        below = next((cell for cell in row if cell["column"] == column), None)
        if below is None or below["merge"] != "continue":
            break
        count += 1
    return count


def _span(name: str, count: int) -> str:
    return f' {name}="{count}"' if count > 1 else ""


# --- Excel ----------------------------------------------------------------------------------

def workbook_sheet_as_csv(package: zipfile.ZipFile) -> tuple[str, list[str]]:
    """The first visible sheet with cells in three columns or more (a comparison's feature
    column and two subjects) as CSV, and a note naming the sheets left out."""
    shared = _shared_strings(_xml(package, "xl/sharedStrings.xml"))
    formats = _cell_formats(_xml(package, "xl/styles.xml"))
    sheets = _visible_sheets(package)
    for name, part in sheets:
        rows = _sheet_rows(_xml(package, part), shared, formats)
        if any(sum(bool(cell) for cell in row) >= 3 for row in rows):
            others = [other for other, _ in sheets if other != name]
            notes = [f"read the sheet \"{name}\"; left out: "
                     + ", ".join(f'"{other}"' for other in others)] if others else []
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            return out.getvalue(), notes
    raise OfficeFileError("no sheet in this workbook has a row with three cells or more: a "
                          "comparison needs a feature column, then a column per subject")


def _visible_sheets(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, its part's path) in the workbook's tab order, hidden sheets left out."""
    workbook = _xml(package, "xl/workbook.xml")
    relations = _xml(package, "xl/_rels/workbook.xml.rels")
    targets = {relation.get("Id"): relation.get("Target", "")
               for relation in (relations if relations is not None else ())
               if relation.tag == f"{PACKAGE_R}Relationship"}
    sheets = []
    for sheet in workbook.iter(f"{S}sheet"):
        target = targets.get(sheet.get(f"{R}id"), "")
        if sheet.get("state") in ("hidden", "veryHidden") or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name", ""), path))
    return sheets


def _shared_strings(table: ElementTree.Element | None) -> list[str]:
    """Each shared string's text (its rich-text runs joined; phonetic guides left out)."""
    if table is None:
        return []
    return ["".join(t.text or "" for t in item.iter(f"{S}t")
                    if t not in set(item.iter(f"{S}rPh")) and not _in_phonetic(item, t))
            for item in table.findall(f"{S}si")]


def _in_phonetic(item: ElementTree.Element, text: ElementTree.Element) -> bool:
    return any(text in set(guide.iter(f"{S}t")) for guide in item.findall(f"{S}rPh"))


def _sheet_rows(sheet: ElementTree.Element, shared: list[str],
                formats: list[str]) -> list[list[str]]:
    """The sheet's cells as rows of text, placed by their references ("C4"), so that empty
    cells Excel does not write keep their columns; empty rows kept as empty lines."""
    rows: list[list[str]] = []
    for row in sheet.iter(f"{S}row"):
        number = int(row.get("r") or len(rows) + 1)
        while len(rows) < number:
            rows.append([])
        cells = rows[number - 1]
        for cell in row.findall(f"{S}c"):
            column = _column(cell.get("r", "")) if cell.get("r") else len(cells)
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = _cell_text(cell, shared, formats)
    return [row[:max((at + 1 for at, c in enumerate(row) if c), default=0)] for row in rows]


def _column(reference: str) -> int:
    """"C4" -> 2."""
    number = 0
    for letter in re.match(r"[A-Z]*", reference.upper())[0]:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _cell_text(cell: ElementTree.Element, shared: list[str], formats: list[str]) -> str:
    kind, value = cell.get("t", "n"), cell.findtext(f"{S}v") or ""
    if kind == "s":
        return shared[int(value)] if value.isdigit() and int(value) < len(shared) else ""
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{S}t"))
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind == "n" and value:
        style = int(cell.get("s") or 0)
        return _as_shown(float(value), formats[style] if style < len(formats) else "General")
    return value


# Excel's built-in number formats a comparison's cells use (ids 9-22); others are in styles.xml
BUILT_IN_FORMATS = {9: "0%", 10: "0.00%", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm",
                    17: "mmm-yy", 22: "yyyy-mm-dd h:mm"}


def _cell_formats(styles: ElementTree.Element | None) -> list[str]:
    """Each cell style's number format code, in the order a cell's `s` refers to them."""
    if styles is None:
        return []
    codes = {int(fmt.get("numFmtId", 0)): fmt.get("formatCode", "")
             for fmt in styles.iter(f"{S}numFmt")}
    cell_styles = styles.find(f"{S}cellXfs")
    return [codes.get(number, BUILT_IN_FORMATS.get(number, "General"))
            for number in (int(xf.get("numFmtId", 0)) for xf in
                           (cell_styles if cell_styles is not None else ()))]


def _as_shown(number: float, code: str) -> str:
    """A number as the sheet shows it: 0.995 under "0.0%" is "99.5%", 46082 under a date
    format the date, 1500 under a currency format "$1,500.00"; else as Excel's General
    shows it ("0.30000000000000004" is 0.3)."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])  # no literals, colours
    decimals = len(re.search(r"\.(0*)", plain)[1]) if re.search(r"\.0", plain) else 0
    if "%" in plain:
        return f"{number * 100:.{decimals}f}%"
    if re.search(r"[dy]", plain, re.IGNORECASE) and 0 < number < 2958466:  # dates to 9999
        return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(number))).isoformat()
    symbol = re.search(r"\[\$([^-\]]+)|([$€£¥])", code.split(";")[0])  # "[$€-407]", "$"
    if symbol:
        grouped = f"{number:,.{decimals}f}" if "," in plain else f"{number:.{decimals}f}"
        return f"{symbol[1] or symbol[2]}{grouped}"
    return str(int(number)) if number.is_integer() else f"{number:.15g}"
