"""An OpenDocument text (.odt) as the HTML page the import already reads, as bot/wordfile.py
reads a Word document: the title, headings, paragraphs, lists and tables in the body's order,
bold and struck text marked as HTML marks them, a footnote written where it is pointed to.

LibreOffice saves .odt by default and Google Docs downloads it; an airline's reviewer was told
to "save as .docx" first, which Google Docs cannot do. Tracked changes read as accepted (the
deleted words live apart from the body, in `text:tracked-changes`); the table of contents,
headers and footers (in styles.xml, not content.xml) are no text."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from bot.officefile import part_xml, short
from bot.wordfile import one_subject_tables_joined, review_notes, tables_rejoined

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
# LibreOffice's own extension writes a table inside a shape (a Word text box, converted) so
LOEXT = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
BOXES = frozenset((f"{DRAW}text-box", f"{DRAW}custom-shape"))
# what holds blocks without being one: a section, a list's items, a change's insertion
WRAPPERS = frozenset((f"{TEXT}section", f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header",
                      f"{TEXT}soft-page-break", f"{TABLE}table-header-rows",
                      f"{TABLE}table-rows"))
SKIPPED = frozenset((f"{TEXT}table-of-content", f"{TEXT}tracked-changes",
                     f"{TEXT}sequence-decls", f"{OFFICE}forms", f"{TEXT}variable-decls",
                     f"{TEXT}user-field-decls", f"{TEXT}alphabetical-index",
                     f"{TEXT}bibliography", f"{TEXT}note-citation"))


def document_as_html(package: zipfile.ZipFile) -> tuple[str, list[str]]:
    """The document's body as an HTML page, and notes on what was read as accepted."""
    content = part_xml(package, "content.xml")
    body = content.find(f"{OFFICE}body/{OFFICE}text") if content is not None else None
    if body is None:
        return "<html><body></body></html>", []
    for element in body.iter():
        if element.tag.startswith(LOEXT) and element.tag[len(LOEXT):].startswith("table"):
            element.tag = TABLE + element.tag[len(LOEXT):]
    styles = _Styles(content, part_xml(package, "styles.xml"))
    parts = [_block(block, styles, in_list) for block, in_list in _blocks(body)]
    return (one_subject_tables_joined("\n".join(["<html><body>", *tables_rejoined(
        [p for p in parts if p]), "</body></html>"])), _review_notes(body))


def _review_notes(body: ElementTree.Element) -> list[str]:
    """A document under review: its tracked changes (read as accepted) and comments (not
    read), as for a Word document."""
    changes = list(body.iter(f"{TEXT}changed-region"))
    authors = {(creator.text or "").strip() for change in changes
               for creator in change.iter(f"{DC}creator")}
    return review_notes(len(changes), authors, _changed_rows(body, changes) if changes else [],
                        [" ".join(" ".join("".join(p.itertext()) for p in note.iter(
                            f"{TEXT}p")).split()) for note in body.iter(f"{OFFICE}annotation")],
                        "as the document shows them without markup")


def _changed_rows(body: ElementTree.Element, changes: list[ElementTree.Element]) -> list[str]:
    """Where the table's tracked changes are and what they change ("row 'Chance of getting
    in': '52 of 1,390' -> '38 of 1,410'"), as a Word document's note says (an admissions
    office's .odt note named neither)."""
    deleted = {region.get(f"{TEXT}id"): " ".join(
        "".join(p.itertext()) for p in region.iter(f"{TEXT}p")).strip()
        for region in changes if region.find(f"{TEXT}deletion") is not None}
    said = []
    for row in body.iter(f"{TABLE}table-row"):
        marks = [e for e in row.iter() if e.tag in (f"{TEXT}change", f"{TEXT}change-start")]
        if not marks:
            continue
        first = next(iter(_cells_of_row(row)), row)
        name = " ".join("".join(first.itertext()).split())
        gone = " / ".join(deleted[m.get(f"{TEXT}change-id")] for m in marks
                          if deleted.get(m.get(f"{TEXT}change-id")))
        added = _inserted(row)
        change = " -> ".join(f"'{short(text)}'" for text in (gone, added) if text)
        said.append(f"row '{short(name)}'" + (f": {change}" if change else ""))
    return said


def _cells_of_row(row: ElementTree.Element) -> list[ElementTree.Element]:
    return [cell for cell in row if cell.tag == f"{TABLE}table-cell"]


def _inserted(row: ElementTree.Element) -> str:
    """The words between a row's insertion marks, in order."""
    out: list[str] = []
    active: set[str] = set()

    def walk(element: ElementTree.Element) -> None:
        if active and element.text:
            out.append(element.text)
        for child in element:
            if child.tag == f"{TEXT}change-start":
                active.add(child.get(f"{TEXT}change-id", ""))
            elif child.tag == f"{TEXT}change-end":
                active.discard(child.get(f"{TEXT}change-id", ""))
            elif child.tag != f"{TEXT}note" and not child.tag.startswith(OFFICE):
                walk(child)  # (not a footnote, nor a comment's words)
            if active and child.tail:
                out.append(child.tail)
    walk(row)
    return " ".join("".join(out).split())


def _blocks(element: ElementTree.Element, in_list: bool = False
            ) -> Iterator[tuple[ElementTree.Element, bool]]:
    for child in element:
        if child.tag in SKIPPED:
            continue
        if child.tag in WRAPPERS:
            yield from _blocks(child, in_list or child.tag == f"{TEXT}list")
        elif child.tag == f"{TABLE}table" and any(cell.find(f"{TABLE}table") is not None
                                                  for cell in _cells_of(child)):
            for cell in _cells_of(child):  # a table laying out tables: its cells' blocks,
                yield from _blocks(cell)  # as for a Word document
        elif child.tag in (f"{TEXT}p", f"{TEXT}h", f"{TABLE}table"):
            yield child, in_list
            for box in (e for e in child.iter() if e.tag in BOXES):  # a table in a text
                yield from _blocks(box)  # box, anchored to a paragraph (a nurse educator's)


def _block(block: ElementTree.Element, styles: _Styles, in_list: bool) -> str:
    if block.tag == f"{TABLE}table":
        return _table(block, styles)
    text = _runs(block, styles)
    if not text.strip():
        return ""
    style = block.get(f"{TEXT}style-name", "")
    level = block.get(f"{TEXT}outline-level", "1") if block.tag == f"{TEXT}h" else None
    level = level or styles.heading_level(style)  # a Word heading's style, converted
    if level and str(level).isdigit():
        level = min(int(level) + 1, 6)
        return f"<h{level}>{text}</h{level}>"
    if styles.named(style, "title"):
        return f"<h1>{text}</h1>"
    return f"<ul><li>{text}</li></ul>" if in_list or styles.is_list(style) else f"<p>{text}</p>"


def _runs(element: ElementTree.Element, styles: _Styles, line_break: str = " ") -> str:
    """A paragraph's text: its spans' bold and struck words marked, a footnote's text in
    brackets where it is pointed to, `text:s` as its spaces."""
    out = [html.escape(element.text or "", quote=False)]
    for child in element:
        tag = child.tag
        if tag == f"{TEXT}s":
            out.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
        elif tag == f"{TEXT}tab":
            out.append(" ")
        elif tag == f"{TEXT}line-break":
            out.append(line_break)
        elif tag == f"{TEXT}note":
            body = child.find(f"{TEXT}note-body")
            said = " ".join(_runs(p, styles) for p in body.iter(f"{TEXT}p")
                            ) if body is not None else ""
            out.append(f" ({said.strip()})" if said.strip() else "")
        elif tag in SKIPPED or tag.startswith(f"{TEXT}bookmark") or tag.startswith(
                f"{TEXT}change") or tag.startswith((OFFICE, DRAW)):
            pass  # (a comment is the reviewer's; a text box's blocks are read as blocks)
        else:  # a span, a link, a field: its words
            inner = _runs(child, styles, line_break)
            marks = styles.marks(child.get(f"{TEXT}style-name", ""))
            if "strike" in marks:
                inner = f"<s>{inner}</s>"
            elif "bold" in marks and inner.strip():
                lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", inner, re.DOTALL).groups()
                inner = f"{lead}<b>{core}</b>{trail}"
            out.append(inner)
        out.append(html.escape(child.tail or "", quote=False))
    return re.sub(r"</b>(\s*)<b>", r"\1", "".join(out))


def _table(table: ElementTree.Element, styles: _Styles) -> str:
    """A table as an HTML one; a cell spanning columns or rows keeps its span, a covered
    cell (the rest of a merge) is none."""
    lines = ["<table>"]
    for row in _rows(table):
        cells = []
        for cell in row:
            if cell.tag != f"{TABLE}table-cell":
                continue
            said = [text for text in (_runs(p, styles, "<br>") for p, _ in _blocks(cell)
                                      if p.tag != f"{TABLE}table") if text.strip()]
            shown = said[0] if len(said) == 1 else "".join(f"<li>{p}</li>" for p in said)
            spans = "".join(f' {name}="{value}"' for name, value in (
                ("colspan", cell.get(f"{TABLE}number-columns-spanned", "1")),
                ("rowspan", cell.get(f"{TABLE}number-rows-spanned", "1"))) if value != "1")
            cells.append(f"<td{spans}>{f'<ul>{shown}</ul>' if len(said) > 1 else shown}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return "\n".join(lines + ["</table>"])


def _cells_of(table: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The table's own cells, not those of a table inside one."""
    return (cell for row in _rows(table) for cell in _cells_of_row(row))


def _rows(table: ElementTree.Element) -> Iterator[ElementTree.Element]:
    for child in table:
        if child.tag == f"{TABLE}table-row":
            yield child
        elif child.tag in WRAPPERS:
            yield from _rows(child)


class _Styles:
    """Which styles are bold, struck, a title, a heading or a list's: automatic styles name
    their parent ("P3" of "Title"), named ones live in styles.xml."""

    def __init__(self, *parts: ElementTree.Element | None):
        self.parent: dict[str, str] = {}
        self.own: dict[str, set[str]] = {}
        self.shown: dict[str, str] = {}  # "Heading 2" of "Heading_20_2"
        self.listed: set[str] = set()
        self.outline: dict[str, str] = {}
        for part in parts:
            for style in part.iter(f"{STYLE}style") if part is not None else ():
                name = style.get(f"{STYLE}name", "")
                self.parent[name] = style.get(f"{STYLE}parent-style-name", "")
                self.shown[name] = style.get(f"{STYLE}display-name", name.replace("_20_", " "))
                if style.get(f"{STYLE}list-style-name"):
                    self.listed.add(name)
                if (level := style.get(f"{STYLE}default-outline-level", "")).isdigit():
                    self.outline[name] = level  # a house style's "Level 1" heading
                found = style.find(f"{STYLE}text-properties")
                marks = set()
                if found is not None and found.get(f"{FO}font-weight") in ("bold", "700", "800",
                                                                             "900"):
                    marks.add("bold")
                if found is not None and found.get(
                        f"{STYLE}text-line-through-style", "none") != "none":
                    marks.add("strike")
                self.own[name] = marks

    def marks(self, name: str) -> set[str]:
        """(a style is its parent's, unless it says)"""
        return next((self.own[n] for n in self._chain(name) if self.own.get(n)), set())

    def _chain(self, name: str) -> Iterator[str]:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            yield name
            name = self.parent.get(name, "")

    def named(self, name: str, shown: str) -> bool:
        return any(self.shown.get(n, n).casefold() == shown for n in self._chain(name))

    def heading_level(self, name: str) -> str:
        for style in self._chain(name):
            if style in self.outline:
                return self.outline[style]
            found = re.fullmatch(r"heading\s*([1-6])", self.shown.get(style, style).casefold())
            if found:
                return found[1]
        return ""

    def is_list(self, name: str) -> bool:
        return any(n in self.listed for n in self._chain(name))
