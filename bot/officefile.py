"""A Word or Excel file (.docx, .xlsx; Google Docs and Sheets, Pages and Numbers export to
them), an OpenDocument text (.odt) or a PowerPoint deck (.pptx) as text the import already
reads: a document or a deck's slide as an HTML page (bot/wordfile.py, bot/odtfile.py,
bot/slidefile.py), a workbook's table sheet as CSV (bot/excelfile.py).
Teams keep their comparisons in these far more often than in markdown, and asking them to
save as CSV first lost the document's title, summary and analogy.

Both are zip files of XML; only the standard library reads them. What a hostile file could
cost is bounded: parts larger than MAX_PART_BYTES once inflated are refused, and XML that
declares a DTD (no Office file does) is refused before parsing, so no entity expands."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

MAX_PART_BYTES = 20_000_000  # a 10,000-row table's sheet is ~3 MB


def part_bytes(package: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, refused past MAX_PART_BYTES inflated (KeyError: no such part)."""
    info = package.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise OfficeFileError(f"{name} is {info.file_size:,} bytes unpacked: too large to read")
    with package.open(info) as part:
        data = part.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:  # the zip's directory understated it
        raise OfficeFileError(f"{name} is too large to read")
    return data


class OfficeFileError(ValueError):
    """The file is a zip, but no document or workbook the import can read."""


def is_zip(raw: bytes) -> bool:
    return raw.startswith(b"PK\x03\x04")


def office_page(raw: bytes, sheet: str | None = None) -> tuple[str, str, list[str]]:
    """("html", the document as a page, notes) or ("csv", a sheet's cells, notes); `sheet`
    names the workbook's sheet to read instead of the one that looks like the table."""
    from bot.excelfile import workbook_sheet_as_csv
    from bot.wordfile import document_as_html

    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise OfficeFileError(f"a damaged or cut-short file ({error}): save or download it "
                              "again and import the new copy") from None
    names = set(package.namelist())
    if "word/document.xml" in names:
        return ("html", *document_as_html(package))
    if "xl/workbook.xml" in names:
        return ("csv", *workbook_sheet_as_csv(package, sheet))
    pages = [name for name in names if name.lower().endswith((".html", ".htm"))]
    if len(pages) == 1:  # Google Docs' "Web page (.html, zipped)": the page and its images
        return "html", part_bytes(package, pages[0]).decode("utf-8", "replace"), []
    if pages:
        return _site_export_page(package, sorted(pages))
    kind = package.read("mimetype")[:100] if "mimetype" in names else b""
    if b"opendocument.text" in kind:  # LibreOffice's own, and Google Docs' download
        from bot.odtfile import document_as_html as odt_as_html
        return ("html", *odt_as_html(package))
    if b"opendocument.presentation" in kind:  # Impress's own (a hospital's trainer's deck
        raise OfficeFileError(  # was told it was a spreadsheet, forty-seventh session)
            "an OpenDocument presentation (.odp): save it as .pptx and import that "
            "(LibreOffice Impress: File > Save As > PowerPoint, or `soffice --headless "
            "--convert-to pptx FILE`)")
    if b"opendocument" in kind:
        raise OfficeFileError(  # (Google Docs has no Save As: an airline's reviewer)
            "an OpenDocument spreadsheet (.ods): save it as .xlsx and import that "
            "(LibreOffice: File > Save As, or `soffice --headless --convert-to xlsx FILE`; "
            "Google Sheets: File > Download > Microsoft Excel)")
    if "ppt/presentation.xml" in names:
        from bot.slidefile import deck_as_html
        return ("html", *deck_as_html(package))
    raise OfficeFileError("a zip file that is neither a Word document (.docx) nor an Excel "
                          "workbook (.xlsx): save the table as .docx, .xlsx or CSV")


_COMPARISON_TABLE = re.compile(rb"<tr\b(?:(?!</tr>).)*?<t[hd]\b(?:(?!</tr>).)*?<t[hd]\b"
                               rb"(?:(?!</tr>).)*?<t[hd]\b", re.IGNORECASE | re.DOTALL)


def _site_export_page(package: zipfile.ZipFile, pages: list[str]) -> tuple[str, str, list[str]]:
    """A wiki's export of several pages (Confluence's "Export to HTML" zip: index.html, the
    pages, their attachments): the one page with a table of three columns or more, read as
    if unzipped (a bank's export was refused with "save it as .docx", which the pages are
    not); which pages to choose from when several have one."""
    tabled = [name for name in pages if name.rsplit("/", 1)[-1].lower() != "index.html"
              and _COMPARISON_TABLE.search(part_bytes(package, name))]
    comparing = [name for name in tabled if re.search(
        r"(?:^|[^a-z])(?:vs|versus|compared)(?:[^a-z]|$)", name.rsplit("/", 1)[-1].lower())]
    if len(tabled) == 1 or len(comparing) == 1:  # ("CHAPS-vs-Faster-Payments-vs-Bacs", not
        page = tabled[0] if len(tabled) == 1 else comparing[0]  # the home page's team table)
        return ("html", part_bytes(package, page).decode("utf-8", "replace"),
                [f"read {page}, the page in the zip that holds the comparison"])
    if not tabled:
        raise OfficeFileError("a zip of web pages none of which has a table of three columns "
                              "or more: export the page that holds the comparison")
    shown = ", ".join(name.rsplit("/", 1)[-1] for name in tabled[:5])
    raise OfficeFileError(f"a zip of {len(tabled)} pages with tables ({shown}"
                          f"{', ...' if len(tabled) > 5 else ''}): unzip it and import the "
                          "page that holds the comparison")


def span(name: str, count: int) -> str:
    """An HTML cell's colspan or rowspan attribute, written only past one."""
    return f' {name}="{count}"' if count > 1 else ""


def quoted_comments(comments: list[str]) -> str:
    """The first few comments as a note quotes them ('C6 "Board approves…"; "DRAFT…"; ...'),
    each already labelled as its file places it; "" when none has words."""
    said = [c for c in comments[:MAX_COMMENTS_QUOTED] if c]
    more = "; ..." if said and len(comments) > MAX_COMMENTS_QUOTED else ""
    return "; ".join(said) + more


MAX_COMMENTS_QUOTED = 4


def short(text: str, limit: int = 40) -> str:
    """A cell's or a comment's words as a note quotes them: one line, cut with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def part_xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A part parsed, or None when the package has no such part."""
    try:
        data = part_bytes(package, name)
    except KeyError:
        return None
    if b"<!DOCTYPE" in data[:4096].upper():
        raise OfficeFileError(f"{name} declares a DTD, which no Office file does")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OfficeFileError(f"{name} is not well-formed XML ({error})") from None
