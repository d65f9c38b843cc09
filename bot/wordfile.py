"""A Word document (.docx) as the HTML page the import already reads: headings by their
style's name, paragraphs, lists and tables in the body's order, bold and struck text marked
as HTML marks them, footnotes written where they are pointed to. A document under review
is read as if its tracked changes were accepted (what Word shows with "No Markup"), and the
import says how many there were and by whom: two reviewers found a pending "7 -> 14 days"
suggestion and a deleted row settled without a word."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from bot.officefile import part_xml, quoted_comments, short, span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what wraps content without being content: content controls (a template's fields, a
# repeating row), custom XML and smart tags; a table inside one was skipped, a row lost
WRAPPERS = frozenset(f"{W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "smartTag"))
REMOVED = frozenset(f"{W}{tag}" for tag in ("del", "moveFrom"))  # tracked: no longer there
# where a paragraph anchors a text box or a picture: its content is read as blocks of its own
ANCHORS = frozenset(("drawing", "pict", "AlternateContent", "txbxContent", "object"))
CHANGES = frozenset(f"{W}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo"))


def document_as_html(package: zipfile.ZipFile) -> tuple[str, list[str]]:
    """The document's body as an HTML page, and notes on what was read as accepted."""
    document = part_xml(package, "word/document.xml")
    body = document.find(f"{W}body") if document is not None else None
    reader = _Reader(_style_names(part_xml(package, "word/styles.xml")),
                     {**_notes_text(part_xml(package, "word/footnotes.xml"), "footnote"),
                      **_notes_text(part_xml(package, "word/endnotes.xml"), "endnote")})
    parts = []
    for block in _blocks(body) if body is not None else ():
        parts.append(reader.paragraph(block) if block.tag == f"{W}p" else reader.table(block))
    page = "\n".join(["<html><body>", *tables_rejoined(parts), "</body></html>"])
    return one_subject_tables_joined(page), _review_notes(body, _comments_said(
        part_xml(package, "word/comments.xml")))


def _comments_said(comments: ElementTree.Element | None) -> dict[str, str]:
    """Each comment's words, by its id."""
    return {c.get(f"{W}id", ""): " ".join("".join(c.itertext()).split())
            for c in (comments.iter(f"{W}comment") if comments is not None else ())}


_TABLE = re.compile(r"<table>\n(.*?)\n</table>", re.DOTALL)


def one_subject_tables_joined(page: str) -> str:
    """Tables side by side or one under another, each of one subject (a heading row naming
    it over its rows' names and values), with the same row names: one comparison, a column
    a subject. A kitchen's SOP kept its sanitizers so, two small tables in a borderless one,
    and was "no table found" (a restaurant group's reviewer, forty-fifth session)."""
    runs: list[list[re.Match]] = []
    for found in _TABLE.finditer(page):
        if runs and not page[runs[-1][-1].end():found.start()].strip():
            runs[-1].append(found)
        else:
            runs.append([found])
    out, done = [], 0
    for run in runs:
        joined = _joined_tables([_one_subject(found[1]) for found in run]) if len(run) > 1 \
            else ""
        if joined:
            out += [page[done:run[0].start()], joined]
            done = run[-1].end()
    return "".join([*out, page[done:]])


def _one_subject(table: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(the subject, [(row name, value)]) of a table of one subject, or None."""
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>",
                                                                        table)]
    if len(rows) < MIN_ONE_SUBJECT_ROWS or not rows[0] or len(rows[0]) > 2 or (
            len(rows[0]) == 2 and _text(rows[0][0])) or any(len(row) != 2 for row in rows[1:]):
        return None
    return rows[0][-1], [(name, value) for name, value in rows[1:]]


def _joined_tables(tables: list[tuple[str, list[tuple[str, str]]] | None]) -> str:
    if any(table is None for table in tables):
        return ""
    names = [[_text(name) for name, _ in rows] for _, rows in tables]
    if any(found != names[0] for found in names):
        return ""
    lines = ["<table>", "<tr><td></td>" + "".join(f"<td>{subject}</td>" for subject, _ in tables)
             + "</tr>"]
    lines += [f"<tr><td>{name}</td>" + "".join(f"<td>{rows[at][1]}</td>" for _, rows in tables)
              + "</tr>" for at, (name, _) in enumerate(tables[0][1])]
    return "\n".join([*lines, "</table>"])


def _text(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split()).casefold()


MIN_ONE_SUBJECT_ROWS = 3  # its heading and two rows at least


_CONTINUED = re.compile(r"^<p>[^<]{0,60}\bcontinued\b[^<]{0,40}</p>$", re.IGNORECASE)


def tables_rejoined(parts: list[str]) -> list[str]:
    """A table a page break cut in two, Word writing the rest as a second table of the same
    columns (its header row repeated, a "Table continued" line between): one table. Read as
    two, the import kept the first half only (five rows of ten, a logistics team's)."""
    out: list[str] = []
    for part in parts:
        earlier = next((at for at in range(len(out) - 1, -1, -1) if out[at] and not
                        _CONTINUED.match(out[at])), None)
        if (part.startswith("<table>") and earlier is not None
                and out[earlier].startswith("<table>")
                and _header_row(out[earlier]).count("<td") == _header_row(part).count("<td")
                and not (_one_subject(part) and _one_subject(out[earlier]))):  # each its own
            rows = part.split("\n")[1:-1]
            if rows and rows[0] == _header_row(out[earlier]):
                rows = rows[1:]  # its header, repeated on the new page
            out[earlier] = out[earlier].removesuffix("\n</table>") + "\n" + "\n".join(
                rows + ["</table>"])
            del out[earlier + 1:]
            continue
        out.append(part)
    return out


def _header_row(table: str) -> str:
    return table.split("\n")[1] if table.count("\n") > 1 else ""


def _content(element: ElementTree.Element, *tags: str) -> Iterator[ElementTree.Element]:
    """The element's children with these tags, in order, looking inside wrappers."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in WRAPPERS and not _is_contents(child):
            yield from _content(child, *tags)


def _is_contents(wrapper: ElementTree.Element) -> bool:
    """A table of contents (a content control of that gallery): its lines repeat the
    headings with page numbers ("An analogy 1" was a Google Doc's analogy)."""
    gallery = wrapper.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(f"{W}val") or "").casefold()


def _blocks(body: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The body's paragraphs and tables in order, each text box's after the paragraph that
    anchors it: a SharePoint page kept its table and its summary in text boxes ("no table
    found"). A text box written twice (its drawing, and the VML fallback) is read once. A
    table laying out tables is read as the blocks of its cells (a kitchen's SOP was "no table
    found")."""
    for block in _content(body, f"{W}p", f"{W}tbl"):
        if block.tag == f"{W}tbl" and any(cell.find(f"{W}tbl") is not None
                                          for cell in block.iter(f"{W}tc")):
            for row in _content(block, f"{W}tr"):  # a table laying out tables (two small
                for cell in _content(row, f"{W}tc"):  # ones side by side in a borderless
                    yield from _blocks(cell)  # one): its cells' blocks, in order
            continue
        yield block
        if block.tag == f"{W}p":
            for box in _text_boxes(block):
                yield from _blocks(box)


def _text_boxes(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    for child in element:
        if child.tag.endswith("}txbxContent"):
            yield child
        elif not child.tag.endswith("}Fallback"):
            yield from _text_boxes(child)


def _runs(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The runs a reader sees now: deleted and moved-away text left out, and a text box's
    (read as blocks of its own)."""
    for child in element:
        if child.tag == f"{W}r":
            yield child
        elif (child.tag not in REMOVED and child.tag != f"{W}pPr"
              and child.tag.rsplit("}", 1)[-1] not in ANCHORS):
            yield from _runs(child)


def _style_names(styles: ElementTree.Element | None) -> dict[str, str]:
    """Style id -> its name, lower case ("Heading1" -> "heading 1"; a German Word's
    "berschrift1" style is still named "heading 1"); a style with an outline level, its
    own or inherited, is named as the heading of that level: a law firm's "Level 1" house
    style is its headings (its summary was lost under one)."""
    found = {}
    for style in styles.iter(f"{W}style") if styles is not None else ():
        name = style.find(f"{W}name")
        level = style.find(f"{W}pPr/{W}outlineLvl")
        based = style.find(f"{W}basedOn")
        found[style.get(f"{W}styleId", "")] = (
            "" if name is None else name.get(f"{W}val", "").casefold(),
            None if level is None else level.get(f"{W}val"),
            None if based is None else based.get(f"{W}val"))
    return {style_id: _heading_name(style_id, found) for style_id in found}


def _heading_name(style_id: str, styles: dict[str, tuple]) -> str:
    name, seen = styles[style_id][0], set()
    while style_id in styles and style_id not in seen:  # its own level, or its base's
        seen.add(style_id)
        _, level, based = styles[style_id]
        if level is not None and level.isdigit() and int(level) < 6:
            return name if re.fullmatch(r"heading\s*[1-6]|title", name) else (
                f"heading {int(level) + 1}")
        style_id = based
    return name


def _notes_text(notes: ElementTree.Element | None, kind: str) -> dict[tuple[str, str], str]:
    """(kind, id) -> a footnote's or endnote's text."""
    found = {}
    for note in notes.findall(f"{W}{kind}") if notes is not None else ():
        text = " ".join(" ".join(t.text or "" for t in p.iter(f"{W}t")) for p in
                        note.iter(f"{W}p")).split()
        if text:
            found[(kind, note.get(f"{W}id", ""))] = " ".join(text)
    return found


class _Reader:
    """Paragraphs and tables as HTML, knowing the document's styles and notes."""

    def __init__(self, styles: dict[str, str], notes: dict[tuple[str, str], str]):
        self.styles, self.notes = styles, notes

    def paragraph(self, paragraph: ElementTree.Element) -> str:
        text = self.runs(paragraph)
        if not text.strip() or any("PAGEREF" in (field.text or "") for field in
                                   paragraph.iter(f"{W}instrText")):
            return ""  # (a contents line outside a content control: a heading's page)
        properties = paragraph.find(f"{W}pPr")
        style_id = _value(properties, "pStyle") or ""
        style = self.styles.get(style_id, style_id.casefold())
        level = _value(properties, "outlineLvl")  # set on the paragraph itself
        if level is not None and level.isdigit() and int(level) < 6:
            style = f"heading {int(level) + 1}"
        if style == "title":
            return f"<h1>{text}</h1>"
        heading = re.fullmatch(r"heading\s*([1-6])", style)
        if heading:
            level = min(int(heading[1]) + 1, 6)
            return f"<h{level}>{text}</h{level}>"
        if _is_list_item(properties, style):
            return f"<ul><li>{text}</li></ul>"
        return f"<p>{text}</p>"

    def runs(self, paragraph: ElementTree.Element, line_break: str = " ") -> str:
        """The paragraph's text, bold and struck runs marked, a footnote written in
        brackets where it is pointed to."""
        out = []
        for run in _runs(paragraph):
            text = "".join(self._piece(part, line_break) for part in run)
            if not text:
                continue
            marks = run.find(f"{W}rPr")
            if _is_on(marks, "strike") or _is_on(marks, "dstrike"):
                text = f"<s>{text}</s>"
            elif _is_on(marks, "b") and text.strip():  # "In short: " bold, its space not:
                lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()
                text = f"{lead}<b>{core}</b>{trail}"  # "**In short: **we ..." kept its "**"
            out.append(text)
        return re.sub(r"</b>(\s*)<b>", r"\1", "".join(out))  # a word in runs: one bold word

    def _piece(self, part: ElementTree.Element, line_break: str) -> str:
        if part.tag == f"{W}t":
            return html.escape(part.text or "", quote=False)
        if part.tag in (f"{W}br", f"{W}cr"):
            return line_break
        if part.tag == f"{W}tab":
            return " "
        for kind in ("footnote", "endnote"):
            if part.tag == f"{W}{kind}Reference":
                said = self.notes.get((kind, part.get(f"{W}id", "")))
                return f" ({html.escape(said, quote=False)})" if said else ""
        return ""

    def table(self, table: ElementTree.Element) -> str:
        """A Word table as an HTML one: a cell spanning columns (gridSpan) gets a colspan,
        cells merged down (vMerge) one cell with a rowspan, as an HTML export writes them."""
        rows = [self._cells(row) for row in _content(table, f"{W}tr") if not _deleted(row)]
        for at, row in enumerate(rows):
            for cell in row:
                if cell["merge"] == "restart":
                    cell["rowspan"] = 1 + _continued_below(rows, at, cell["column"])
        lines = ["<table>"]
        for row in rows:
            cells = "".join(
                f"<td{span('colspan', cell['span'])}{span('rowspan', cell.get('rowspan', 1))}>"
                f"{cell['html']}</td>" for cell in row if cell["merge"] != "continue")
            lines.append(f"<tr>{cells}</tr>")
        return "\n".join(lines + ["</table>"])

    def _cells(self, row: ElementTree.Element) -> list[dict]:
        cells, column = [], 0
        for cell in _content(row, f"{W}tc"):
            properties = cell.find(f"{W}tcPr")
            across = int(_value(properties, "gridSpan") or 1)
            merge = properties.find(f"{W}vMerge") if properties is not None else None
            said = [text for text in (self.runs(p, "<br>") for p in _content(cell, f"{W}p"))
                    if text.strip()]  # a line break in a cell parts items ("MRSA<br>VRE")
            # a cell's paragraphs or bullets are its items ("zone the floor; tag fixtures")
            shown = said[0] if len(said) == 1 else "".join(f"<li>{p}</li>" for p in said)
            cells.append({"html": f"<ul>{shown}</ul>" if len(said) > 1 else shown,
                          "span": across, "column": column,
                          "merge": None if merge is None else merge.get(f"{W}val") or "continue"})
            column += across
        return cells


def _is_list_item(properties: ElementTree.Element | None, style: str) -> bool:
    return (properties is not None and properties.find(f"{W}numPr") is not None
            or "list" in style)


def _deleted(row: ElementTree.Element) -> bool:
    """A row deleted under tracking: gone once the changes are accepted."""
    properties = row.find(f"{W}trPr")
    return properties is not None and properties.find(f"{W}del") is not None


def _review_notes(body: ElementTree.Element | None, said: dict[str, str]) -> list[str]:
    """What a document under review holds that the import settled: its tracked changes (read
    as accepted) and its comments (not read; `said`: their words by id)."""
    if body is None:
        return []
    changes = [element for element in body.iter() if element.tag in CHANGES
               and element.find(f".//{W}r") is not None or element.tag == f"{W}trPr"
               and element.find(f"{W}del") is not None]
    comments = dict.fromkeys(mark.get(f"{W}id") for mark in body.iter(f"{W}commentReference"))
    authors = {c.get(f"{W}author") or "" for c in changes if c.tag in CHANGES}
    return review_notes(len(changes), authors, _changed_rows(body) if changes else [],
                        [said.get(at or "", "") for at in comments],
                        "as Word shows them with No Markup")


def review_notes(changes: int, authors: set[str], where: list[str], comments: list[str],
                 shown: str) -> list[str]:
    """The notes on a document under review, a Word document's or an OpenDocument's alike:
    how many tracked changes were read as accepted, by whom and in which rows, and the
    comments no answer holds, their first words quoted as a workbook's are ("DRAFT - please
    don't share outside HR" on a school district's title was only counted)."""
    notes = []
    if changes:
        named = sorted(authors - {""})
        by = f" by {', '.join(named)}" if named else ""
        listed = f" ({'; '.join(where[:4])}{'; ...' if len(where) > 4 else ''})" if where else ""
        notes.append(f"{changes} tracked change(s){by} read as accepted, {shown}{listed}: "
                     "accept or reject them in the document if they are not agreed, and "
                     "import it again")
    if comments:
        quoted = quoted_comments([f'"{short(c)}"' if c else "" for c in comments])
        notes.append(f"{len(comments)} comment(s) in the document are in no answer"
                     + (f" ({quoted})" if quoted else "")
                     + ": read them before sharing the table")
    return notes



def _changed_rows(body: ElementTree.Element) -> list[str]:
    """Where the table's tracked changes are and what they change ("row 'When it breaks':
    '$25' -> '$30'"): a school's reviewer had to unzip the document to find a suggested
    fee that was not yet agreed."""
    said = []
    for row in body.iter(f"{W}tr"):
        if not any(e.tag in CHANGES for e in row.iter()):
            continue
        cells = row.findall(f"{W}tc")
        first = cells[0] if cells else row
        name = ("".join(t.text or "" for t in first.iter(f"{W}t")).strip()
                or "".join(t.text or "" for t in first.iter(f"{W}delText")).strip())
        if _deleted(row):
            said.append(f"row '{short(name)}' deleted")
            continue
        gone = " / ".join(text for d in row.iter(f"{W}del") if (text := "".join(
            t.text or "" for t in d.iter(f"{W}delText")).strip()))
        added = " / ".join(text for i in row.iter(f"{W}ins") if (text := "".join(
            t.text or "" for t in i.iter(f"{W}t")).strip()))
        change = " -> ".join(f"'{short(text)}'" for text in (gone, added) if text)
        said.append(f"row '{short(name)}'" + (f": {change}" if change else ""))
    return said


def _value(properties: ElementTree.Element | None, tag: str) -> str | None:
    found = properties.find(f"{W}{tag}") if properties is not None else None
    return None if found is None else found.get(f"{W}val")


def _is_on(run_properties: ElementTree.Element | None, tag: str) -> bool:
    """<w:b/> is bold; <w:b w:val="0"/> (or "false") is not."""
    found = run_properties.find(f"{W}{tag}") if run_properties is not None else None
    return found is not None and found.get(f"{W}val", "1") not in ("0", "false", "off")


def _continued_below(rows: list[list[dict]], at: int, column: int) -> int:
    count = 0
    for row in rows[at + 1:]:
        below = next((cell for cell in row if cell["column"] == column), None)
        if below is None or below["merge"] != "continue":
            break
        count += 1
    return count

