"""A PowerPoint deck (.pptx; Google Slides, Keynote and LibreOffice Impress export to it) as
the HTML page the import already reads: the slide whose table compares, its title as the
page's heading, its text boxes and speaker notes as paragraphs, and the same table continued
on the slides after it ("Debit vs prepaid (cont.)", its header row repeated) as one table.
Trainers keep their comparisons in the deck they teach from; the import had refused it and
asked for the slide's table to be copied out by hand.

Reads the deck's XML with the standard library, as bot/wordfile.py reads Word's."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from bot.officefile import OfficeFileError, part_xml, short, span

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TITLES = frozenset(("title", "ctrTitle"))
COMPARING = re.compile(r"(?:^|\W)(?:vs\.?|versus|compared?|comparison|difference)(?:\W|$)",
                       re.IGNORECASE)
MIN_COLUMNS = 3  # a row's name and two subjects
FURNITURE = frozenset(("sldNum", "dt", "ftr", "hdr"))  # a slide's number, date, footer


def _a_heading(shape: ElementTree.Element) -> bool:
    """One short line: what a slide's title is, drawn as a plain text box."""
    said = _paragraphs(shape, marks=False)
    return len(said) == 1 and len(said[0].split()) <= 12 and not said[0].endswith(".")


def deck_as_html(package: zipfile.ZipFile) -> tuple[str, list[str]]:
    """The slide with the comparison (and its continuation) as a page, and notes on which
    slide was read when the deck has other tables."""
    slides = [_Slide(package, name, number) for number, name in enumerate(_slide_order(package), 1)]
    tabled = [slide for slide in slides if slide.shown and slide.table_rows]
    if not tabled:
        raise OfficeFileError("a PowerPoint deck with no table of three columns or more on "
                              "any slide: put the comparison in a table on one slide")
    runs = _continued_runs(tabled)
    chosen = _the_comparison(runs)
    first = chosen[0]
    rows = first.table_rows + [row for slide in chosen[1:] for row in slide.table_rows[1:]]
    page = "\n".join(["<html><body>", *first.heading(), _table(rows),
                      *(paragraph for slide in chosen for paragraph in slide.paragraphs()),
                      "</body></html>"])
    return page, _notes(chosen, runs)


def _slide_order(package: zipfile.ZipFile) -> list[str]:
    """The slides' parts in the order the deck shows them (not their file names' order:
    a slide moved up keeps its name)."""
    deck = part_xml(package, "ppt/presentation.xml")
    targets = _relations(package, "ppt/_rels/presentation.xml.rels", "ppt/")
    listed = deck.find(f"{P}sldIdLst") if deck is not None else None
    order = [targets.get(entry.get(f"{R}id"), "") for entry in (
        listed if listed is not None else ())]
    return [name for name in order if name in package.namelist()]


def _relations(package: zipfile.ZipFile, rels: str, folder: str) -> dict[str, str]:
    """A part's relationships: id -> the part it points to, as a path in the package."""
    found = part_xml(package, rels)
    out = {}
    for relation in found if found is not None else ():
        target = relation.get("Target", "")
        path = posixpath.normpath(posixpath.join("/" + folder, target)).lstrip("/")
        out[relation.get("Id", "")] = path
    return out


class _Slide:
    """One slide's title, table, other text and speaker notes."""

    def __init__(self, package: zipfile.ZipFile, name: str, number: int):
        self.number = number
        root = part_xml(package, name)
        self.shown = root is not None and root.get("show") != "0"  # a hidden slide: left out
        shapes = list(_shapes(root.find(f"{P}cSld/{P}spTree"))) if self.shown else []
        titled = next((s for s in shapes if _placeholder(s) in TITLES), None)
        tables = [t for t in (_rows_of(s) for s in shapes) if t and len(t[0]) >= MIN_COLUMNS]
        self.table_rows = max(tables, key=len, default=[])
        texts = [s for s in shapes if s.tag == f"{P}sp" and _placeholder(s) not in TITLES
                 and _placeholder(s) not in FURNITURE]
        if titled is None and texts and _a_heading(texts[0]):  # a deck drawn with text boxes
            titled = texts[0]  # (Google Slides' "Google Shape;66"): the line at its top
        self.title = _text_of(titled) if titled is not None else ""
        self.texts = [s for s in texts if s is not titled]
        if not self.table_rows:  # a column a text box: "Incident report" over "When: ..."
            self.table_rows, used = _boxes_side_by_side(self.texts)
            self.texts = [s for s in self.texts if s not in used]
        folder, file = name.rsplit("/", 1)
        related = _relations(package, f"{folder}/_rels/{file}.rels", folder)
        notes = next((path for path in related.values() if "/notesSlides/" in path), "")
        notes_root = part_xml(package, notes) if notes and self.shown else None
        self.notes = [s for s in _shapes(notes_root.find(f"{P}cSld/{P}spTree"))
                      if s.tag == f"{P}sp" and _placeholder(s) not in FURNITURE | {"sldImg"}
                      ] if notes_root is not None else []  # the notes' box, or a text box

    @property
    def header(self) -> list[str]:
        return [" ".join(cell["text"].split()).casefold() for cell in self.table_rows[0]]

    def heading(self) -> list[str]:
        return [f"<h1>{html.escape(self.title)}</h1>"] if self.title else []

    def paragraphs(self) -> list[str]:
        """The slide's other text and its speaker notes, a paragraph each, as written."""
        return [f"<p>{line}</p>" for shape in self.texts + self.notes
                for line in _paragraphs(shape)]


_LABELLED = re.compile(r"^\s*(?P<label>[^:<>]{1,40}?)\s*:\s+(?P<said>\S.*)$")
MIN_LABELS = 3


def _boxes_side_by_side(texts: list) -> tuple[list[list[dict]], list]:
    """The table drawn as text boxes side by side, a subject's name over "Label: text"
    lines in each, the same labels in every box (a bus operator's Impress slide was "no
    table on any slide", forty-eighth session); the boxes it was read from."""
    rows_by_top: dict[int, list] = {}
    for shape in texts:
        rows_by_top.setdefault(_top(shape)[0], []).append(shape)
    for boxes in sorted(rows_by_top.values(), key=len, reverse=True):
        if len(boxes) < 2:
            break
        boxes = sorted(boxes, key=lambda shape: _top(shape)[1])
        read = [_subject_and_labels(shape) for shape in boxes]
        labels = [label for label in read[0][1] if all(label in r[1] for r in read[1:])]
        if len(labels) >= MIN_LABELS and all(r[0] for r in read):
            header = [_cell(""), *(_cell(subject) for subject, _ in read)]
            return [header, *([_cell(label), *(_cell(r[1][label]) for r in read)]
                              for label in labels)], boxes
    return [], []


def _subject_and_labels(shape) -> tuple[str, dict[str, str]]:
    said = _paragraphs(shape, marks=False)  # (a bold label, "<b>When:</b>", is a label)
    labelled = {m["label"].strip(): m["said"] for line in said[1:]
                if (m := _LABELLED.match(line))}
    return (said[0] if said and not _LABELLED.match(said[0]) else ""), labelled


def _cell(shown: str) -> dict:
    return {"html": shown, "text": html.unescape(re.sub(r"<[^>]+>", "", shown)),
            "colspan": 1, "rowspan": 1}


def _shapes(tree: ElementTree.Element | None):
    """Every shape and table frame, those inside groups too, top to bottom as placed."""
    found = []
    for child in tree if tree is not None else ():
        if child.tag == f"{P}grpSp":
            found += _shapes(child)
        elif child.tag in (f"{P}sp", f"{P}graphicFrame"):
            found.append(child)
    return sorted(found, key=_top) if tree is not None and tree.tag == f"{P}spTree" else found


def _top(shape: ElementTree.Element) -> tuple[int, int]:
    offset = shape.find(f".//{A}off")
    if offset is None:
        offset = shape.find(f".//{P}xfrm/{A}off")
    return (int(offset.get("y", 0)), int(offset.get("x", 0))) if offset is not None else (0, 0)


def _placeholder(shape: ElementTree.Element) -> str:
    found = shape.find(f".//{P}nvPr/{P}ph")
    return "" if found is None else found.get("type", "body")


def _text_of(shape: ElementTree.Element) -> str:
    return " ".join(" ".join(_paragraphs(shape, marks=False)).split())


def _paragraphs(element: ElementTree.Element, marks: bool = True) -> list[str]:
    """Each paragraph's text (escaped, bold marked when `marks`), empty ones left out."""
    out = []
    for paragraph in element.iter(f"{A}p"):
        pieces = []
        for run in paragraph:
            if run.tag == f"{A}br":
                pieces.append("<br>" if marks else " ")
            elif run.tag in (f"{A}r", f"{A}fld"):
                text = html.escape(run.findtext(f"{A}t") or "")
                bold = run.find(f"{A}rPr")
                if marks and text.strip() and bold is not None and bold.get("b") in ("1", "true"):
                    text = f"<b>{text}</b>"
                pieces.append(text)
        said = "".join(pieces).strip()
        if said.replace("<br>", "").strip():
            out.append(said)
    return out


def _rows_of(frame: ElementTree.Element) -> list[list[dict]]:
    """A table frame's rows: each cell's HTML, text and spans; a cell covered by a merge
    (hMerge, vMerge) is none, as HTML writes it."""
    table = frame.find(f".//{A}tbl")
    if table is None:
        return []
    rows = []
    for row in table.findall(f"{A}tr"):
        cells = []
        for cell in row.findall(f"{A}tc"):
            if cell.get("hMerge") in ("1", "true") or cell.get("vMerge") in ("1", "true"):
                continue
            said = _paragraphs(cell)
            shown = said[0] if len(said) == 1 else "".join(f"<li>{p}</li>" for p in said)
            cells.append({"html": f"<ul>{shown}</ul>" if len(said) > 1 else shown,
                          "text": _text_of(cell), "colspan": int(cell.get("gridSpan", 1)),
                          "rowspan": int(cell.get("rowSpan", 1))})
        rows.append(cells)
    return rows if any(any(c["text"] for c in row) for row in rows) else []


def _table(rows: list[list[dict]]) -> str:
    lines = ["<table>"]
    for row in rows:
        lines.append("<tr>" + "".join(
            f"<td{span('colspan', c['colspan'])}{span('rowspan', c['rowspan'])}>"
            f"{c['html']}</td>" for c in row) + "</tr>")
    return "\n".join(lines + ["</table>"])



def _continued_runs(tabled: list[_Slide]) -> list[list[_Slide]]:
    """Slides one after another whose tables share a header row: one table a deck spread
    over several slides."""
    runs: list[list[_Slide]] = []
    for slide in tabled:
        if runs and runs[-1][-1].number == slide.number - 1 and runs[-1][0].header == (
                slide.header):
            runs[-1].append(slide)
        else:
            runs.append([slide])
    return runs


def _the_comparison(runs: list[list[_Slide]]) -> list[_Slide]:
    """The run whose title compares ("Debit vs prepaid"), else the one with most rows."""
    comparing = [run for run in runs if COMPARING.search(run[0].title)]
    candidates = comparing or runs
    return max(candidates, key=lambda run: sum(len(s.table_rows) for s in run))


def _notes(chosen: list[_Slide], runs: list[list[_Slide]]) -> list[str]:
    numbers = ", ".join(str(slide.number) for slide in chosen)
    said = [f"read slide{'s' if len(chosen) > 1 else ''} {numbers}"
            + (f" ('{short(chosen[0].title)}')" if chosen[0].title else "")
            + (", one table continued over them" if len(chosen) > 1 else "")]
    others = [run[0] for run in runs if run is not chosen]
    if others:
        listed = ", ".join(f"{s.number}" + (f" ('{short(s.title, 30)}')" if s.title else "")
                           for s in others[:4])
        said.append(f"the deck's other tables (slide {listed}) were left out: import a copy "
                    "holding only the slide you want, if it is one of those")
    return said
