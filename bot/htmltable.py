"""An HTML `<table>` as markdown, for `kb import`: Confluence and Notion export tables as
HTML, and a maintainer pastes the page as it comes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.sheettable import grouped_rows_named

_SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                             "\u2078\u2079")


_STRUCK_TAGS = frozenset({"s", "strike", "del"})  # "<s>subsidy lost</s> repealed": struck
_LARGE_TYPE = re.compile(r"font-size:\s*(?:1[6-9]|[2-9]\d)(?:\.\d+)?pt", re.IGNORECASE)  # a title


class _HtmlTable(HTMLParser):
    """The cells of an HTML `<table>` (a Confluence or Notion export), each as its text; a
    link to a page kept as a markdown link, the way a pasted markdown cell keeps it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.spans: list[list[int]] = []  # each cell's colspan, row by row
        self.row_spans: list[list[int]] = []  # and its rowspan
        self.headings: list[bool] = []  # whether a row is all <th>
        self.caption: list[str] = []
        self._in_sup = False
        self._cell: list[str] | None = None
        self._in_caption = False
        self._href = ""
        self._link_at = 0  # where the open link's text starts in the cell
        self._word_marks: list[bool] = []  # open <span>s: whether each is Word's list mark
        self._list_paragraph = False  # in Word's list paragraph, its mark not yet passed

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            self.spans.append([])
            self.row_spans.append([])
            self.headings.append(True)
        elif tag in ("td", "th") and self.rows:
            self._cell = []
            for key, spans in (("colspan", self.spans), ("rowspan", self.row_spans)):
                span = dict(attrs).get(key) or "1"
                spans[-1].append(max(1, int(span)) if span.isdigit() else 1)
            self.headings[-1] = self.headings[-1] and tag == "th"
        elif tag == "sup":
            self._in_sup = True  # a footnote's mark: "months<sup>1</sup>" is "months¹"
        elif tag == "caption":
            self._in_caption = True
        elif tag == "a" and self._cell is not None:
            self._href = dict(attrs).get("href") or ""
            self._link_at = len(self._cell)
            if self._href.startswith("http"):  # an anchor in the page (a footnote's or a
                self._cell.append("[")  # Google Docs comment's mark) is no link
            elif re.match(r"#_(?:ftn|edn)\d", self._href):  # Word's footnote mark, set apart
                self._cell.append(" ")  # from its word: "litigation [1]", found below
        elif tag == "br" and self._cell is not None:
            self._cell.append("<br>")  # read as a markdown cell's: a new line, or a space
        elif tag == "code" and self._cell is not None:
            self._cell.append("`")  # a command stays one, as in a markdown cell
        elif tag in _STRUCK_TAGS and self._cell is not None:
            self._cell.append("~~")  # what the page no longer says, as markdown strikes it
        elif tag == "li" and self._cell is not None:  # a list in a cell: its items in a line
            self._new_item()
        elif tag == "p":  # "Web Page, Filtered" keeps no mso-list:Ignore: a list paragraph's
            self._list_paragraph = (dict(attrs).get("class") or "").startswith(  # first
                "MsoListParagraph")  # span in a bullet's font ("Symbol") is its mark
        elif tag == "span":  # Word's own bullet ("·" in a mso-list:Ignore span) starts an
            style = (dict(attrs).get("style") or "").replace(" ", "").casefold()
            glyph = self._list_paragraph and re.search(r"font-family:(?:symbol|wingdings)",
                                                       style) is not None
            self._list_paragraph = False
            self._word_marks.append("mso-list:ignore" in style or glyph)  # item, as <li> does
            if self._word_marks[-1] and self._cell is not None:
                self._new_item()

    def _new_item(self) -> None:
        """A list item in a cell: after the text before it with "; " (a space after a
        lead-in ending with ":", "," or "or": not ":;")."""
        before = re.sub(r"(?:\s|<br>|;)+$", "", "".join(self._cell))  # (one item's mark
        # in two spans, a bullet's font around mso-list:Ignore, starts it once)
        lead_in = re.search(r"(?::|,|\b(?:or|and))$", before)  # "triggers:", "..., or"
        self._cell[:] = [before, (" " if lead_in else "; ") if before else ""]

    def handle_endtag(self, tag):
        if tag == "span" and self._word_marks:
            self._word_marks.pop()
        elif tag in ("td", "th") and self._cell is not None:  # (an empty corner's paragraph
            text = _bare(" ".join("".join(self._cell).split()))  # is no "<br>" title)
            self.rows[-1].append(text.replace("|", "\\|"))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in _STRUCK_TAGS and self._cell is not None:
            self._cell.append("~~")
        elif tag == "sup":
            self._in_sup = False
        elif tag == "a" and self._cell is not None:
            if self._href.startswith("http"):
                self._cell.append(f"]({self._href})")
            elif self._href.lower().startswith("mailto:"):  # its address said, once ("email
                address = self._href[7:].split("?")[0]  # [claims@...]" kept the brackets)
                if address not in "".join(self._cell[self._link_at:]):
                    self._cell.append(f" ({address})")
            self._href = ""
        elif tag == "code" and self._cell is not None:
            self._cell.append("`")
        elif tag in ("p", "div") and self._cell is not None:
            self._cell.append("<br>")  # a paragraph of its own: a new line, as <br> is
        elif tag == "li" and self._cell is not None:
            self._cell.append(" ")

    def handle_data(self, data):
        if self._cell is not None and (any(self._word_marks) or self._href.startswith("#cmnt")):
            return  # the bullet glyph itself; a Google Docs comment's mark ("[a]")
        if self._cell is not None:
            self._cell.append(data.translate(_SUPERSCRIPT).strip("[]") if self._in_sup else data)
        elif self._in_caption:
            self.caption.append(data)


class _PageText(HTMLParser):
    """The text of the page around a table, as markdown lines: a heading as `#` marks, each
    paragraph on its own line, bold kept as `**`; so the import finds the title above the
    table and a "TL;DR:" or "In short:" paragraph as it does on a markdown page."""

    BLOCKS = frozenset("p div li ul ol br tr td th table section article header footer"
                       .split())  # (a second table's cells: "Role", not "**Role****Name**")

    HIDDEN = frozenset("title script style noscript template".split())  # never shown
    # the site's frame around the page, not the page: Confluence's "Document generated by
    # Confluence on ..." footer (it became the summary's last points) and its breadcrumbs
    CHROME = re.compile(r"\b(?:footer|breadcrumbs?(?:-section)?|contentinfo|navigation|"
                        r"properties)\b|ribbon|sidenav|navbox|navbar|listmenu")
    # and SharePoint's ribbon ("s4-ribbonrow" read "BrowsePage") and site menu ("sideNavBox":
    # Home, Receiving, ...), and a Notion export's properties (owner, tags, dates: "11 lines"
    # of text above the table, said to be lost)
    VOID = frozenset("br hr img input meta link wbr area col source".split())  # no end tag

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside the browser tab's title, a script or a style
        self.in_sup = False  # "<sup>1</sup> AICPA calls these...": a footnote, "¹ AICPA..."
        self.in_heading = False  # "Type I vs Type IV fluid" was no part of the title)
        self.chrome: list[str] = []  # the open elements of the site's frame, when inside it
        self.list_mark = 0  # inside Word's own list number or bullet (spans deep)
        self.after_mark = False  # the item's text, on the source's next line, follows it
        self.last_class = ""  # the class of the element opened last
        self.label_span = False  # inside an expand macro's label
        self.panel_depth = 0  # the divs open inside a summary panel's body
        self.heading_text = ""  # the last heading's words (a panel's title: "TL;DR")

    def _is_chrome(self, tag: str, attrs) -> bool:
        named = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        return tag in ("footer", "nav") or bool(self.CHROME.search(named.casefold()))

    def handle_starttag(self, tag, attrs):
        before, self.last_class = self.last_class, dict(attrs).get("class") or ""
        if self.chrome or self._is_chrome(tag, attrs):
            if tag not in self.VOID:
                self.chrome.append(tag)
            return
        glyph = (tag == "span" and before.startswith("MsoListParagraph")
                 and re.search(r"font-family:\s*(?:symbol|wingdings)",
                               (dict(attrs).get("style") or "").casefold()))
        if tag == "span" and (self.list_mark or glyph or _WORD_LIST_MARK.search(
                dict(attrs).get("style") or "")):  # (Word's "Web Page, Filtered" keeps a
            # bullet's Symbol-font "·" without its mso-list mark: "- · Green ...")
            if not self.list_mark and not self.in_heading:  # a bullet: an item; a heading's
                self.parts.append("- ")  # "4." no part of it ("4. Analogy" was no heading
            self.list_mark += 1  # the analogy was found under: its paragraph was lost)
            self.after_mark = True
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n" + "#" * int(tag[1]) + " ")
            self.in_heading = True
        elif (tag == "p" and "conf-macro-render" in (dict(attrs).get("class") or "")) or (
                tag == "p" and "title" in (dict(attrs).get("class") or "").split()
                and "confluence-information-macro" in before) or (
                tag == "span" and "expand-control-text" in self.last_class):
            self.in_heading, self.label_span = True, tag == "span"  # a Confluence panel's
            self.parts.append("\n#### ")  # own title ("TL;DR" over a tip), as its Word
            # export writes it too; an expand macro's label ("Think of it like this..."):
            # its section's, not the page's (each titled one, or was taken for the analogy)
        elif tag == "p" and ({"title", "msotitle"} & set(  # Google Docs', Word's
                (dict(attrs).get("class") or "").casefold().split())
                             or _LARGE_TYPE.search(dict(attrs).get("style") or "")):
            self.in_heading = True
            self.parts.append("\n# ")  # a Google Doc's title, a OneNote page's (20pt): its
            # heading (the de-icing page's title was lost: "the de-icing table" found none)
        elif tag == "div" and (self.panel_depth or "confluence-information-macro-body" in (
                self.last_class) and _GIST_TITLE.search(self.heading_text)):
            self.panel_depth += 1  # a Confluence panel's body: its paragraphs are its points
            self.parts.append("\n")  # (the page's intro after a TL;DR panel was a point)
        elif tag == "p" and self.panel_depth:
            self.parts.append("\n- ")
        elif tag in self.BLOCKS and not self.in_heading:  # (a heading's own div, Google
            self.parts.append("\n")  # Sites' anchor: "###" over "Bottom line" was a point)
        elif tag in ("b", "strong"):
            self.parts.append("**")
        elif tag == "sup":
            self.in_sup = True

    def handle_endtag(self, tag):
        if self.chrome:
            if tag in self.chrome:  # its own end, or an inner element's
                del self.chrome[len(self.chrome) - 1 - self.chrome[::-1].index(tag):]
            return
        if tag == "div" and self.panel_depth:
            self.panel_depth -= 1
        if tag == "span" and self.list_mark:
            self.list_mark -= 1
        elif tag == "sup":
            self.in_sup = False
        elif tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self.BLOCKS or (
                tag == "span" and self.label_span):
            self.parts.append("\n")
            self.in_heading = self.label_span = False
        elif tag in ("b", "strong"):
            self.parts.append("**")

    def handle_data(self, data):
        if self.list_mark:
            return
        if self.in_heading:
            self.heading_text = data if self.parts[-1:] and self.parts[-1].startswith(
                "\n#") else self.heading_text + data
        if self.after_mark:
            data = data.lstrip()
            self.after_mark = not data
        if not self.hidden and not self.chrome:  # a heading broken over source lines is one
            data = data.replace("\n", " ") if self.in_heading else data  # ("De-icing:" over
            self.parts.append(data.translate(_SUPERSCRIPT) if self.in_sup else data)


# a panel titled as the gist ("TL;DR"): its paragraphs are the summary's points
_GIST_TITLE = re.compile(r"\b(?:tl;?dr|summary|in short|key points|in a nutshell|bottom line)\b",
                         re.IGNORECASE)


# a Google Docs page's comments: the mark in the text ("[b]" after the analogy) and the
# comment itself at the foot of the page ("Not everyone likes football - keep for now?")
_COMMENT_MARK = re.compile(r'<a\b[^>]*href="#cmnt\d+"[^>]*>[^<]*</a>', re.IGNORECASE)
_COMMENT_BODY = re.compile(r'<div\b[^>]*>\s*<p\b[^>]*>\s*<a\b[^>]*href="#cmnt_ref\d+"'
                           r"(?:(?!</div>).)*</div>", re.IGNORECASE | re.DOTALL)


def _page_text(html: str) -> str:
    html = _COMMENT_MARK.sub("", _COMMENT_BODY.sub("", html))
    page = _PageText()
    page.feed(html.replace("\r\n", "\n").replace("\r", "\n"))  # Word saves CRLF: a "\r"
    # in a heading broke it in two
    page.close()
    return "".join(page.parts)


_WORD_LIST_MARK = re.compile(r"mso-list:\s*ignore", re.IGNORECASE)  # Word's list number
_NUMBERED = re.compile(r"^(?:table|figure)\s+\d+[.:]?\s*", re.IGNORECASE)
# a table with no table inside: the data, not the layout around it (a Gmail page's message,
# its header and its quoted reply are tables too, the data table within: read from the
# outer one's start to the inner one's end, the header named no subject in column 3)
_HTML_TABLE = re.compile(r"<table\b(?:(?!<table\b).)*?</table\s*>", re.IGNORECASE | re.DOTALL)


def _merged_subheadings(rows: list[list[str]], spans: list[list[int]],
                        headings: list[bool]) -> list[list[str]]:
    """A two-row header (Confluence's merged cells): each subject spans columns named in the
    row under it ("SOC 2 Type I" over "What the auditor does" and "Typical for us"). Each
    subject gets one cell a row, its columns' texts named: "What the auditor does: ...;
    Typical for us: ..." (read as five columns, the header named no subject in column 4)."""
    if len(rows) < 3 or not headings[1] or not any(span > 1 for span in spans[0][1:]):
        return rows
    names = [_bare(name) for name in rows[1]]
    if sum(spans[0][1:]) != len(names):
        return rows  # not a subject over its columns: read as it is
    groups, at = [], 1
    for span in spans[0][1:]:
        groups.append(range(at, at + span))
        at += span
    merged = [rows[0]]
    for row in rows[2:]:
        if len(row) != at:
            return rows
        merged.append([row[0], *("; ".join(f"{names[c - 1]}: {_bare(row[c])}" for c in group
                                           if _bare(row[c])) for group in groups)])
    return merged


def _spread(row: list[str], spans: list[int]) -> list[str]:
    """A row with a cell merged over several columns (Word's `colspan=2` over both sides:
    "Sick while on holiday") says it in each: read as one cell, the other side was "—"."""
    if all(span == 1 for span in spans) or len(spans) != len(row):
        return row
    return [cell for cell, span in zip(row, spans, strict=True) for _ in range(span)]


def _carried_down(table: _HtmlTable) -> None:
    """A cell spanning rows (`rowspan`) said in each row it spans; a row name spanning rows
    ("Limits" over "50 GB" and "500k files") joins their cells in one row ("50 GB; 500k
    files"). Read as written, the second line's first cell became a row name. A header's
    spans are left to `_merged_subheadings` (a two-row header's corner cell)."""
    pending: dict[int, list] = {}  # column -> [text, rows still to fill, colspan]
    rows, spans, carried_name = [], [], []
    for row, colspans, row_spans, heading in zip(table.rows, table.spans, table.row_spans,
                                                 table.headings, strict=True):
        if heading:
            row_spans = [1] * len(row)
        cells, widths, column, at = [], [], 0, 0
        carried_name.append(0 in pending)
        while at < len(row) or any(c >= column for c in pending):
            if column in pending:
                text, left, width = pending[column]
                cells.append(text)
                widths.append(width)
                pending[column][1] -= 1
                if left == 1:
                    del pending[column]
            elif at < len(row):
                cells.append(row[at])
                widths.append(colspans[at])
                if row_spans[at] > 1:
                    pending[column] = [row[at], row_spans[at] - 1, colspans[at]]
                at += 1
            else:
                column += 1
                continue
            column += widths[-1]
        rows.append(cells)
        spans.append(widths)
    if _groups_rows(rows, spans, carried_name):  # "Reporting" merged down beside "Who
        named = grouped_rows_named([[""] * carried + row[carried:] if (carried := int(
            down)) else row for row, down in zip(rows, carried_name, strict=True)])
        table.rows, table.spans = named, [[1] * len(row) for row in named]  # reports it",
        return  # "How quickly": each row's own name, its group after it
    for at in range(len(rows) - 1, 0, -1):  # a row name's later rows, into its first
        if carried_name[at] and len(rows[at]) == len(rows[at - 1]):
            rows[at - 1] = [rows[at - 1][0], *(
                "; ".join(dict.fromkeys(t for t in (a, b) if _bare(t)))
                for a, b in zip(rows[at - 1][1:], rows[at][1:], strict=True))]
            del rows[at], spans[at], table.headings[at]
    table.rows, table.spans = rows, spans


def _groups_rows(rows: list[list[str]], spans: list[list[int]], carried: list[bool]) -> bool:
    """Does a first column merged down over rows group them, beside a column naming each
    (a warehouse's SOP: "Reporting" over "Who reports it", "How quickly", "How to report")?
    Four columns or more, none spanning columns, and a name of its own in every row the
    group's cell runs down beside. (Over the subjects' values alone, "Limits" over "50 GB"
    and "500k files", its rows are one row's.) Read as one row a group, eight rows fused
    into three and the names' column was a subject."""
    body = [(row, down) for row, down in zip(rows[1:], carried[1:], strict=True)]
    return (any(carried) and len(rows[0]) >= 4 and all(s == 1 for row in spans for s in row)
            and all(len(row) == len(rows[0]) and _bare(row[1]) for row, _ in body)
            and len({_bare(row[1]) for row, _ in body}) == len(body))


def _bare(cell: str) -> str:
    """A cell's text without the line breaks around it (a paragraph's end is one)."""
    return re.sub(r"^(?:\s|<br>)+|(?:\s|<br>)+$", "", cell)


def _labels_the_subjects(rows: list[list[str]], spans: list[list[int]]) -> bool:
    """A header's first row a corner and one label merged over every subject's column
    ("Feature" | "Portable extinguisher" over "Halon (BCF)" and "Water (H2O)"), the row
    under it naming each subject: the import stopped with "column 3 of the header names no
    subject" (an airline's Word handout)."""
    return (len(rows) > 2 and len(rows[0]) == 2 and len(rows[1]) >= 3
            and spans[0][1] == len(rows[1]) - 1 and bool(_bare(rows[0][1]))
            and all(_bare(cell) for cell in rows[1][1:])
            and _bare(rows[1][0]) in ("", _bare(rows[0][0])))


def _read(html: str) -> tuple[_HtmlTable, list[list[str]]]:
    """One <table>: the parser that read it (its caption) and its non-empty rows."""
    table = _HtmlTable()
    table.feed(html)
    if any(span > 1 for spans in table.row_spans for span in spans):
        _carried_down(table)
    rows = [[c.replace("[]", "") for c in row] for row in table.rows]
    if _labels_the_subjects(rows, table.spans):  # "Portable extinguisher" over Halon and
        del rows[0], table.spans[0], table.headings[0]  # Water: the row under names them
    if len(rows) > 2 and len(rows[0]) == 1 and table.spans[0][0] > 1 and rows[0][0]:
        table.caption.append(_bare(rows[0][0]).replace("**", ""))  # a title merged over
        del rows[0], table.spans[0], table.headings[0]  # the whole table (Excel's range)
    rows = _merged_subheadings([rows[0], *(_spread(row, spans) for row, spans in zip(
        rows[1:], table.spans[1:], strict=True))] if rows else rows, table.spans, table.headings)
    return table, [row for row in rows if any(_bare(c) for c in row)]  # (a blank footer row)


def html_tables_as_markdown(text: str) -> str:
    """The page with its first HTML table of three columns or more (else its first) written
    as a markdown one (its caption as the heading above it), so the rest of the import reads
    it like any pasted table."""
    read = [(found, table, _without_sheet_grid(rows))
            for found in _HTML_TABLE.finditer(text) for table, rows in [_read(found.group(0))]]
    read = [t for t in read if len(t[2]) >= 2]
    if not read:
        return text  # the first of three columns or more (not a Notion page's properties),
    wide = [t for t in read if max(map(len, t[2])) >= 3]  # not a policy's version history
    found, table, rows = next((t for t in wide if not reads_as_a_log(t[2])
                               and not _reads_as_fields(t[2])), wide[0] if wide else read[0])
    width = max(len(row) for row in rows)
    caption = _NUMBERED.sub("", " ".join("".join(table.caption).split()))  # "Table 1. ..."
    lines = [f"## {caption}", ""] if caption else []
    for at, row in enumerate(rows):
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if at == 0:
            lines.append("|" + "---|" * width)
    return (_page_text(text[:found.start()]) + "\n" + "\n".join(lines) + "\n"
            + _page_text(text[found.end():]))


# a version history's, a change log's columns: when and by whom, not things compared
_LOG_HEADER = re.compile(r"^(?:version|ver\.?|v|rev(?:ision)?\.?|no\.?|#|date|when|author|by|"
                         r"(?:changed|edited|updated|approved|reviewed|issued) by|approver|"
                         r"reviewer|owner|status|(?:summary|description|details) of (?:the )?"
                         r"changes?|(?:what )?changed?s?|comments?|description|reason)$",
                         re.IGNORECASE)
_LOG_KEY = re.compile(r"^(?:v\.?\s?)?\d+(?:\.\d+)*[a-z]?$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$|"
                      r"^\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}$|^[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}$",
                      re.IGNORECASE)


def _without_sheet_grid(rows: list[list[str]]) -> list[list[str]]:
    """A published Google Sheet's table without the grid's own labels: its column letters
    over it ("", "A", "B", ...) and its row numbers beside it. Embedded in a Google Sites
    page, it imported "ok" as "A vs B vs C vs D" with rows named 1 to 12 (a library's
    reviewer, forty-fifth session)."""
    if len(rows) < 3 or not rows[0] or _bare(rows[0][0]).strip():
        return rows
    letters = [_bare(cell).strip() for cell in rows[0][1:]]
    numbered = [_bare(row[0]).strip() for row in rows[1:] if row]
    if (len(letters) < 2 or letters != [chr(ord("A") + at) for at in range(len(letters))]
            or not all(n.isdigit() for n in numbered if n)
            or sum(1 for n in numbered if n) < len(numbered) // 2 + 1):
        return rows
    return [row[1:] for row in rows[1:] if row and any(_bare(c).strip() for c in row[1:])]


def _reads_as_fields(rows: list[list[str]]) -> bool:
    """Whether a table is a record's fields ("Status: | Done", "Type: | Spike | Priority: |
    Medium", Jira's issue export), every row opening with a label: a comparison's header
    opens with its corner. A QA team's Jira export was "column 2 of the header names no
    subject"."""
    return len(rows) >= 2 and all(row and _bare(row[0]).strip(" *").endswith(":")
                                  for row in rows)


def reads_as_a_log(rows: list[list[str]]) -> bool:
    """Whether a table is a record of changes (a policy's "Document control": Version /
    Date / Author / Summary of change), not a comparison: its header is all such words, or
    every row is keyed by a version number or a date. A bank's standard and a retailer's
    workbook put one before their comparison, and it was imported instead."""
    header, body = rows[0], [row for row in rows[1:] if row and _bare(row[0])]
    named = [_bare(cell).strip(" :*") for cell in header if _bare(cell).strip(" :*")]
    keys = [_bare(row[0]).strip(" *") for row in body]
    return (len(named) >= 2 and all(_LOG_HEADER.match(name) for name in named)
            or len(keys) >= 2 and all(_LOG_KEY.match(key) for key in keys))
