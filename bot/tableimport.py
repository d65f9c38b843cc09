"""Build a knowledge file from a markdown comparison table.

The table's facts are copied word for word; only markdown that is decoration (bold row
names, heading emoji, mis-encoded characters) is cleaned. Tuning a team has added to an
existing knowledge file (aliases, vocabulary, out_of_scope) survives a re-import.
"""

from __future__ import annotations

import html
import io
import re
import tempfile
import unicodedata
import urllib.parse
from pathlib import Path

import yaml

from bot.chatexport import messages_as_paragraphs, pipe_lines_as_table
from bot.docmarkup import (
    adoc_as_markdown,
    box_table_as_grid,
    doc_tables_as_markdown,
    looks_like_box_table,
    looks_like_doc_table,
    rst_as_markdown,
)
from bot.htmltable import html_tables_as_markdown
from bot.labelledlines import labelled_lines_as_markdown
from bot.latextable import latex_as_markdown, looks_like_latex_table
from bot.officefile import OfficeFileError, is_zip, office_page
from bot.pageblocks import (
    ANALOGY_LABEL,
    folded_blocks,
    with_atx_headings,
    without_front_matter,
    without_note_marks,
)
from bot.proposals import propose
from bot.sheettable import MAIL_SUBJECT, SHEET_SUFFIXES, sheet_as_markdown
from bot.spacedtable import spaced_table_as_markdown
from bot.text import (
    MARKDOWN_LINK,
    english_words,
    stem,
    two_names,
    unaccented,
    without_invisible,
)
from bot.vocabulary import CORNER_WORDS, HEADING_WORDS, QUALIFIERS, STOPWORDS
from bot.wikimarkup import looks_like_wiki_table, wiki_as_markdown

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LISTED = re.compile(r"\s*<br\s*/?>\s*(?:[-*+\u2022]|\d+[.)])\s+", re.IGNORECASE)  # <br>- item
# a line of its own: "...after 5 min<br>Slack DM", "$500 individual<br>$1,000 family"
_NEW_ITEM = re.compile(r"(?<=[\w)%*`\]])\s*<[bB][rR]\s*/?>\s*"  # after "**$0**" too
                       r"(?=[A-Z$\u20ac\u00a3~\d\"'\u201c\u2018])")  # "~£2", "28 days", a quote
_BULLETED = re.compile(r"^(?:[-*+\u2022]|\d+[.)])\s+(?=\S)")  # a cell that starts a list
# [text](url): kept when it leads to a page (a runbook's address is the row's fact), else text
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
# formatting tags a page's table may carry; not `<NodeIP>`, a placeholder inside a command
_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|code|span|sup|sub|small|p|div|font)\b[^>]*>",
                  re.IGNORECASE)
# headings whose bullets are the summary: "Summary", "TL;DR", "Conclusion", "In short"...
_SUMMARY_HEADING = re.compile(r"summary|tl;?dr|conclusion|in short|bottom line|key takeaways?|"
                              r"key points|key messages?|recommendation|in a nutshell|in brief|"
                              r"short version",
                              re.IGNORECASE)  # (a SharePoint page's "In a nutshell" heading)
# and the labels only a paragraph or a row opens with ("**In a nutshell:** ..."; a heading so
# named is followed by whatever the page ends with, a Confluence footer too)
_SUMMARY_OPENING = (rf"{_SUMMARY_HEADING.pattern}|in a nutshell|in brief|(?:the )?short version|"
                    r"long story short|basically|en bref|en r[ée]sum[ée]|kurz gesagt|fazit|"
                    r"rule of thumb(?![*_\s]*[:\u2013\u2014-][*_\s]*(?:think of|imagine)\b)")
# ("Short version: ..." under an email's table, "Basically: ..." under a chat's, an Evernote
# note's "Rule of thumb: ...", unless it leads into the analogy: "Rule of thumb: think of")
# a paragraph that labels itself the summary: "TL;DR: ...", "**In short:** ...", "Summary - ..."
_SUMMARY_LABEL = re.compile(  # "tl;dr" needs no colon: "tl;dr ICT = fast, ..." in a chat
    rf"^[*_\s]*(?:(?:{_SUMMARY_OPENING})[*_\s]*[:\u2013\u2014-]|tl;dr\b)"
    r"(?:[*_]+(?=\s))?\s*(\S.*)$",  # the bold closing "**TL;DR:**", not opening the text
    re.IGNORECASE)
_QUOTE = re.compile(r"^\s*>\s?")
_ANALOGY_LABEL = re.compile(r"^[*_\s]*(?:think of (?:it|them|this) like\s*[:\u2013\u2014-]|"
                            r"(?:(?:an|the|our)\s+)?(?:analogy|metaphor|eli5)"
                            r"(?:\s+(?:from|for|by)\s+[\w' ]{1,30}?)?[*_\s]*"  # "... from the
                            r"[:\u2013\u2014-]|"  # trainers:"
                            r"(?:by way of|as an|to use an|for an) analogy\s*,)"
                            r"(?:[*_]+(?=\s))?\s*",
                            re.IGNORECASE)  # "**Analogy:** the card is ...": the label
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")  # Slack's emoji, ":red_circle:"
_HTML_PAGE = re.compile(r"<(?:html|body|div|p|h[1-6])\b", re.IGNORECASE)
_LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:\s*|[^\w*_\s]+\s*)+")  # a callout's emoji:
# "💡 TL;DR: ...", and as GitLab and Slack write it, ":bulb: **TL;DR:** ..."
# a remark closing a heading, about the page rather than the comparison: a date, "draft"
_REMARK = re.compile(r"\s*[(\[](?=[^)\]]*(?:\d|updated|draft|wip|edit|owner|maintained|ask\b))"
                     r"[^)\]]*[)\]]$",
                     re.IGNORECASE)
# a title's bracket naming the period the table is for, not when it was edited: a fees
# workbook's tab a year, each "UG entry: Home vs International (2024 entry)"
_SCOPE = re.compile(r"\(\s*(?:Q[1-4]\s+|FY\s?)?\d{2,4}(?:[/\u2013-]\d{2,4})?"
                    r"(?:\s+[a-z]+){0,2}\s*\)$", re.IGNORECASE)
_NOTES_WORDS = frozenset("notes note comments comment remarks remark we our us".split())
_WHOLE_BOLD = re.compile(r"^(\*\*|__)[^*_]+(?<![.!?])\1$")  # bold as a whole, no sentence
# a short label before the analogy's own opening: "Rule of thumb: think of X as ...", "If a
# patient is confused, this is what I say: think of ..." (a dental front desk's email)
_LEAD_IN = re.compile(r"^[*_]*[A-Za-z][\w ,'\u2019]{0,60}[:\u2013\u2014][*_\s]+"
                      r"(?=(?:think of|imagine)\b)",
                      re.IGNORECASE)
_LIKE = re.compile(r"^[*_\s]*(?:it['\u2019]?s|it is|this is|they['\u2019]?re)\s+"
                   r"(?:a bit\s+)?like\b", re.IGNORECASE)  # "It's like ...": the analogy
_OPENS_ANALOGY = re.compile(r"^[*_\s]*(?:think of|imagine|analogy\b|(?:by way of|as an|to use "
                            r"an|for an) analogy\b)", re.IGNORECASE)
# two images in bold, one said to be the other ("OneDrive is your **desk drawer**, Teams is
# the department's **filing cabinet**"): an analogy without "think of"
_BOLD_IMAGES = re.compile(r"\bis\b[^*\n]{0,40}\*\*[^*\n]+\*\*.*\bis\b[^*\n]{0,40}\*\*[^*\n]+\*\*")
_ANALOGY_HEADING = re.compile(r"^\W*(?:(?:an|the|our)\s+)?(?:analog(?:y|ies)|metaphor|"
                              r"think of it(?: like(?: this)?)?|in other words|eli5|"
                              r"think of (?:a|an|the|your)\s"
                              r"[^.?!]{1,40})\W*$", re.IGNORECASE)  # "Think of a parcel"
_ANALOGY_HINT = re.compile(r"\b(think of|imagine|analogy|is like|as an?)\b", re.IGNORECASE)
_STRONG_HINT = re.compile(r"\b(think of|imagine|analogy|is like)\b", re.IGNORECASE)
# what a two-byte "repair" of real text gives: "–£" (a range in pounds) read back as UTF-8
# is the Cyrillic "У"; mojibake in a Latin-script table is of Latin letters, quotes, emoji
_OTHER_ALPHABET = re.compile(r"[\u0300-\u036f\u0370-\u07ff]")  # (and a lone accent)
_MOJIBAKE_RUN = re.compile(r"[\u0080-\u02ff\u2013-\u203a\u20ac\u2122\ufb01\ufb02\uf8ff]{2,}")


class TableImportError(ValueError):
    """The markdown has no comparison table we can read."""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Mac Roman or Windows-1252 (`üìù` -> 📝, `â€™` -> ’); a run that
    would turn into Greek, Cyrillic, Hebrew or Arabic is real text and stays."""

    def fix(match: re.Match) -> str:
        run = match.group(0)
        for codec in ("mac_roman", "cp1252", "latin-1"):
            try:
                raw = run.encode(codec)
            except UnicodeEncodeError:
                continue
            for lead in (b"", b"\xf0"):  # an emoji whose first byte was lost in copying
                try:
                    repaired = (lead + raw).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if not _OTHER_ALPHABET.search(repaired):
                    return repaired
        return run

    return _MOJIBAKE_RUN.sub(fix, text)


def _strip_decoration(text: str) -> str:
    """Remove emoji and other pictures from a heading or row name (Slack's ":red_circle:"
    too), and `**bold**` markers; a comparison's or a currency's sign stays."""
    text = _SHORTCODE.sub(" ", _BREAK.sub(" ", text))  # a header over two lines is one name
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"^\s*([*_])(?!\s)([^*_]+?)(?<!\s)\1\s*$", r"\2", text)  # Slack's
    # *bold*, a whole name in italics ("*How long*" headed every answer of a Slack paste)
    kept = (ch for ch in text if unicodedata.category(ch)[0] in "LNPZ" or ch in "&+/'°℃℉‰"
            or unicodedata.category(ch) in ("Sm", "Sc"))  # "CVSS ≥ 9.0", "Over $50k", "-3 °C":
    # meaning (a ramp team's "Holdover time (light snow, -3 °C)" read "-3 C")
    return " ".join("".join(kept).split())


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    # a pipe inside a cell is written "\|" (GitHub drops the backslash, even in code)
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


_ORG_SEPARATOR = re.compile(r"^\s*\|-[-:]*(?:\+[-:]+)+\|\s*$")


def _is_separator(line: str) -> bool:
    """`|---|:---:|`, or `--- | :---:` without the outer pipes (GitHub takes both); Org's
    `|---+---|`."""
    if _ORG_SEPARATOR.match(line):  # Emacs Org's "|-----+-----|"
        return True
    cells = _cells(line)
    return "|" in line and len(cells) >= 2 and all(
        _SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells)


def _first_table(lines: list[str]) -> list[int]:
    """The line numbers of the document's first table of three columns or more (a Notion
    page's two-column properties table above the comparison is not it): its header, the
    separator under it and the rows that follow, up to the first line that is no table row
    (a second table later in the page is not mixed into the first). Else its first table."""
    tables = list(_tables(lines))
    return next((t for t in tables if len(_cells(lines[t[0]])) >= 3), tables[0] if tables else [])


def _tables(lines: list[str]):
    at = 1
    while at < len(lines):
        if _is_separator(lines[at]) and "|" in lines[at - 1]:
            end = at + 1
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            yield [at - 1, *range(at + 1, end)]
            at = end
        at += 1


_REFERENCE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(https?://[^\s>]+)>?(?:\s+.*)?$")
_REFERENCED = re.compile(r"\[([^\]]+)\]\[([^\]]*)\]")


def with_reference_links(lines: list[str]) -> list[str]:
    """A README's reference-style links (`[astro dev start][astro]` over `[astro]: https://...`
    under the table) as inline ones, and their definitions taken out of the page's text:
    they stayed as "[...][astro]" in answers, their addresses lost."""
    urls = {m[1].casefold(): m[2] for line in lines if (m := _REFERENCE.match(line))}
    if not urls:
        return lines

    def inline(link: re.Match) -> str:
        url = urls.get((link[2] or link[1]).casefold())
        return f"[{link[1]}]({url})" if url else link[0]

    return [_REFERENCED.sub(inline, line) for line in lines if not _REFERENCE.match(line)]


# what a chat app adds around a pasted message, none of it the writer's: a code fence, the
# reactions (":+1: 6  :pray: 2", "1 like"), "12 replies", "(edited)", "Ravi Kumar  3:14 PM",
# a Teams channel's tabs ("Chat   Files   Near miss table   +")
_CHAT_CHROME = re.compile(
    r"^\s*(?:(?:```|~~~)\w*|(?::[a-z0-9_+-]+:\s*\d*\s*)+|\d+\s+repl(?:y|ies)|\(?[Ee]dited\)?"
    r"|\d+\s+likes?|[Ll]ast reply .*|(?:Chat|Posts)\s{2,}Files\b.*"
    r"|[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3}\s+\d{1,2}:\d{2}(?:\s?[AP]M)?)\s*$")
# Teams puts the sender's name on a line of its own over the time ("Kerry Walsh" over
# "Tuesday 09:41" was the title of every answer)
_CHAT_TIME = re.compile(r"^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|yesterday|today|gestern|"
                        r"heute|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)|"
                        r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)\s+\d{1,2}:\d{2}(?:\s?[AP]M)?\s*$",
                        re.IGNORECASE)
_SENDER = re.compile(r"^\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3}\s*$")
_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
# struck-through text (`~~$10~~ $12`) is what the page no longer says: a row whose name is
# struck is left out, struck words in a cell dropped
_STRUCK_WHOLE = re.compile(r"~~[^~]+~~")
_STRUCK = re.compile(r"\s*" + _STRUCK_WHOLE.pattern)
_STRUCK_NOTED = re.compile(r"~~([^~]+)~~(?=\s*[(\[])")  # a bracket after it says why
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # markdown's "\~", "\-", "\+" (Google Docs')


def _unescaped(line: str) -> str:
    r"""A line with markdown's backslash escapes read ("\~£1.20 \- brand" is "~£1.20 -
    brand", as Google Docs' export writes it); a table line keeps "\|", a pipe inside a
    cell, for splitting it into cells."""
    in_table = bool(re.search(r"(?<!\\)\|", line))
    parts = _CODE_SPAN.split(line)  # inside `code` a backslash is the code's: `\\server`
    return "".join(part if part.startswith("`") else _ESCAPED.sub(
        lambda m: m[0] if m[1] == "|" and in_table else m[1], part) for part in parts)


def _clean_cell(cell: str) -> str:
    """A cell's words as a person reads them: line breaks (`<br>`) as spaces, a link as its
    text, formatting tags (`<b>`, `<span>`) dropped; the facts themselves untouched."""
    cell = _COMPONENT.sub(r"\2", cell)  # an MDX component around words: its words
    cell = _STRUCK.sub("", _STRUCK_NOTED.sub(r"\1", _html_as_markdown(cell)))  # "~~$10~~
    # $12" is $12; "~~Berglas~~ (deprecated)" still says Berglas is deprecated
    cell = _BULLETED.sub("", _LISTED.sub("; ", cell))  # "UI<br>- app tree" -> "UI; app tree"
    cell = _BREAK.sub(" ", _NEW_ITEM.sub("; ", cell))  # "after 5 min<br>Slack DM": two facts
    cell = _LINK.sub(lambda link: link[0] if MARKDOWN_LINK.fullmatch(link[0]) else link[1], cell)
    cell = re.sub(r":\s*;\s*", ": ", cell)  # a lead-in over a list: not ":;"
    cell = re.sub(r"(?<=[^\s.][.!?])\s*;\s+(?=\S)", " ", cell)  # an item that ends its sentence:
    # "shaded grey. Options marked ...", not "grey.; Options" (two reviewers' bullets)
    return " ".join(html.unescape(_TAG.sub("", cell)).split())


# an MDX component wrapped around a cell's words ("<MacroName>Bug::Escalated</MacroName>",
# shown raw in every answer to a support team); a placeholder ("<NodeIP>") has no end tag
_COMPONENT = re.compile(r"<([A-Z][\w.]*)\b[^>]*>(.*?)</\1\s*>")


def _html_as_markdown(cell: str) -> str:
    """HTML written into a markdown cell (a notebook's, a wiki's) as the marks it means:
    <b> as **bold**, <i> as _italic_, <code> as `code`, a list's items parted by "; "
    (after a lead-in's ":" by a space). `&nbsp;` and `&rarr;` are read as what they are."""
    if "<" not in cell:
        return cell
    cell = _HTML_MARK.sub(lambda m: f"{_MARKS[m[1].lower()]}{m[2]}{_MARKS[m[1].lower()]}", cell)
    cell = re.sub(r"\s*</?(?:ul|ol)\b[^>]*>\s*", " ", cell, flags=re.IGNORECASE)
    cell = re.sub(r"\s*<li\b[^>]*>\s*", "<li>", cell, flags=re.IGNORECASE)
    cell = re.sub(r"(?<=:)<li>", " ", cell)  # "a depot:<ul><li>tyres" -> "a depot: tyres"
    return re.sub(r"</li>", "", cell.replace("<li>", "; "), flags=re.IGNORECASE).strip("; ")


def _sup_digits(line: str) -> str:
    """A footnote's number written `<sup>1</sup>` as the superscript "¹" the footnotes are
    read by (a notebook's cell said "same 1", its note under the table in no answer)."""
    if "<sup" not in line:
        return line
    return _SUP.sub(lambda m: m[1].translate(str.maketrans("0123456789", _SUPERSCRIPTS)), line)


_SUP = re.compile(r"<sup>\s*(\d{1,2})\s*</sup>", re.IGNORECASE)
_MARKS = {"b": "**", "strong": "**", "i": "_", "em": "_", "code": "`"}
_HTML_MARK = re.compile(r"<(b|strong|i|em|code)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE)


def parse_table_markdown(markdown: str, file_name: str = "") -> dict:
    """Read title, subjects, rows, summary and analogy from a comparison table document
    (`file_name`, its file's, titles a page that has no heading)."""
    lines, table, html_page, spaced = _table_lines(markdown, file_name)
    suffix = Path(file_name).suffix.casefold()
    header = [html.unescape(_html_as_markdown(cell)) for cell in _cells(lines[table[0]])]
    if len(header) < 3:  # (a Word document has no "line 18": a kitchen's reviewer)
        where = "the first table" if html_page else f"line {table[0] + 1}: the table"
        raise TableImportError(f"{where} has {len(header)} column(s): a comparison needs a "
                               "column of row names and a column for each of two subjects "
                               "or more")
    named = {at: _cells(lines[at])[0].strip() for at in table[1:]}  # each row's name, once
    struck = [name for name in named.values() if _STRUCK_WHOLE.fullmatch(name)]
    grid = _grid(lines, [table[0], *(at for at, name in named.items() if name not in struck)],
                 len(header))
    gist = [cells for cells in grid if _labels_the_gist(cells[0])]  # "In short:" under the
    body = [cells for cells in grid if not _labels_the_gist(cells[0])]  # fluids: no fourth
    transposed = is_transposed(header, body) or _form_responses(  # line to count (the
        header, body)  # sheet was read sideways)
    left_out = []
    if transposed:  # a spreadsheet's way: a subject a line, a feature a column (without the
        header, body = _without_record_columns(header, body, left_out)  # list's "Modified",
        header, body = _without_code_column(header, body, left_out)  # nor its "ID" numbers)
        header, grid = [header[0], *(cells[0] for cells in body)], [
            [header[column], *(cells[column] for cells in body)]
            for column in range(1, len(header))]
        grid += [[cells[0], "; ".join(c.strip() for c in cells[1:] if c.strip()),
                  *[""] * (len(body) - 1)] for cells in gist]
    grid, name_notes = names_footnoted(grid, footnotes(lines[table[-1] + 1:]))
    grid = with_footnotes(grid, footnotes(lines[table[-1] + 1:]))
    grid, uncommented = without_comment_marks(grid, lines[table[-1] + 1:])
    grid, legend = with_legend(grid, [*lines[:table[0]], *lines[table[-1] + 1:]])
    uncommented += legend
    notes = [f"read with its {len(header) - 1} lines as the subjects and its columns as the "
             "rows (the table lists a subject a line)", *left_out] if transposed else []
    notes += [f"row '{name.strip('~ ')}' is struck through on the page: left out"
              for name in struck]
    notes += uncommented
    if spaced and (columned := _lines_in_columns(lines[table[-1] + 1:])):
        notes.append(f"the table may end early: {len(columned)} lines under it still run in "
                     f"columns (the first \"{_preview(' '.join(columned[0].split()))}\"), "
                     "where the page's columns did not line up: check the rows against the "
                     "page, or copy the table out of its source")
    header, grid = _without_code_column(header, grid, notes)
    header, grid, fields = _without_record_fields(header, grid, notes)
    header, grid, remarks = _without_notes_columns(header, grid, notes)
    row_notes = ["; ".join(filter(None, said))
                 for said in zip(fields, remarks, name_notes, strict=True)]
    subjects = _unshouted_words(_subject_names(header), "\n".join(lines))
    if len(subjects) > 2:  # a "Notes" or "What we do" column would be a subject too
        notes.append(f"{len(subjects)} subjects, a column each: {', '.join(subjects)}" + (
            " (a column of notes is no subject: move it into the cells, or delete it)"
            if any(set(_letters(s)) & _NOTES_WORDS for s in subjects)
            else ""))
    later = _first_table(lines[table[-1] + 1:])
    if later:
        notes.append(f"only the page's first table is read; the one at line "
                     f"{table[-1] + 2 + later[0]} needs a file of its own")
    rows = _named_rows(grid, subjects, notes, row_notes)
    notes += _placeholder_notes(rows)
    before, after = _paragraphs(lines[:table[0]]), _paragraphs(lines[table[-1] + 1:])
    summary, analogy = _summary_and_analogy(before, after)
    summary, analogy = _summary_and_analogy_rows(rows, subjects, summary, analogy, notes)
    label = _file_label(file_name, subjects)
    titled = before
    if suffix in (".md", ".markdown") and _WIKI_PAGE.fullmatch(Path(file_name).stem) and not any(
            re.match(r"#\s", line.strip()) for line in before):
        titled = [*before, f"# {Path(file_name).stem.replace('-', ' ')}"]
    title = _quieted(_title(titled, subjects, header[0], label, lines[:table[0]]))
    for where, part in (("above", before), ("under", after)):
        unused = [line for line in _unused_text(part, summary, analogy)  # a wiki page's
                  if not title.startswith(" ".join(_strip_decoration(line).split()))
                  and not MAIL_SUBJECT.match(line)]  # (nor an email's subject line)
        if unused:  # "not legal advice"; not the line that titles the table
            longest = max(unused, key=lambda line: (not _BOILERPLATE.search(line), len(line)))
            # (its facts, not a byline, "Maya Okafor", nor an email's disclaimer)
            said = (f"\"{_preview(longest)}\"" if len(unused) == 1 else
                    f"{len(unused)} lines, the longest \"{_preview(longest)}\"")
            notes.append(f"the text {where} the table is in no answer ({said}): put what "
                         "people ask about in a row or the summary")
    if title != " vs ".join(subjects):  # a heading or a file's name: say so, since every
        source = "the file's name" if label and label.casefold() in title.casefold() and (
            label.casefold() not in " ".join(before).casefold()) else "the page"
        notes.append(f"titled \"{title}\" from {source}: every answer names its table so; "
                     "edit `title:` to rename it")  # answer, help and menu shows it
    topic = {"title": title, "subjects": [{"name": s} for s in subjects]}
    if notes:
        topic[NOTES] = notes
    topic["rows"] = rows
    if summary:
        topic["summary"] = summary
    if analogy:
        topic["analogy"] = analogy
    return topic


# a template's block tags around a docs page: dbt's `{% docs name %}` ... `{% enddocs %}`, a
# line holding only a Jinja or Liquid tag or comment (a cell's `{% if %}` in code stays), and
# `{% raw %}` ... `{% endraw %}` around what the page shows as written (a bank's dbt page:
# "e.g. `{% raw %}{{ config(...) }}{% endraw %}`" in the import's note)
_TEMPLATE_TAG = re.compile(r"\{%-?\s*(?:end)?(?:docs\b[^%]*|raw\s*)-?%\}|"
                           r"^[ \t]*\{[%#].*[%#]\}[ \t]*$", re.MULTILINE)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
# a footnote's mark ("[1]", not an index: "args[1]"), and a page's notes under the table
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"  # ⁰¹²³⁴⁵⁶⁷⁸⁹
_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
# "[1]", markdown's "[^1]", or a superscript, glued or not ("$12 /user/month¹"): replaced only
# where a note with that number is on the page ("m²" with no "² ..." line stays square metres)
_FOOTNOTE_MARK = re.compile(rf"\s?(?:(?<![\w\]])\[(\d{{1,2}})\]|\[\^(\d{{1,2}})\])|"
                            rf"([{_SUPERSCRIPTS}]{{1,2}})(?!\w)")
_FOOTNOTE = re.compile(rf"^\s*(?:[-*]\s+)?(?:\[\^?(\d{{1,2}})\]:?|([{_SUPERSCRIPTS}]{{1,2}}))"
                       r"\s*(\S.*)$")  # "[1]Consumer Insurance ...": a Google Doc's text
# a Google Doc's comment as its plain text writes it: "[a]" in the text, "[a]Check with
# Legal ..." at the end; a reviewer's remark, no part of the cell it was made on
_COMMENT = re.compile(r"^\s*\[([a-z]{1,2})\](\S.*)$")
_ANY_TAG = re.compile(r"<[^>]+>")


def _table_lines(markdown: str, file_name: str) -> tuple[list[str], list[int], bool, str]:
    """The page as markdown lines and where its first table is: (lines, the table's line
    numbers, whether it came from an HTML page, the columns-of-spaces text it was read from
    or ""). Whatever the page was written in (a wiki, a sheet, a PDF's text, a chat), it is
    turned into a markdown table first; no table at all is an error that says what to do."""
    markdown = markdown.translate(_LIGATURES)  # a PDF's "ﬁles" is "files"
    markdown = _TEMPLATE_TAG.sub("", markdown)  # dbt's "{% enddocs %}" ended an analogy
    markdown = messages_as_paragraphs(markdown)  # a WhatsApp chat: a message a paragraph
    if looks_like_box_table(markdown):  # "┌─┬─┐" as a CLI tool or a chat bot draws a table
        markdown = box_table_as_grid(markdown)
    suffix = Path(file_name).suffix.casefold()
    if suffix in (".rst", ".rest"):
        markdown = rst_as_markdown(markdown)
    elif suffix in (".adoc", ".asciidoc", ".asc"):
        markdown = adoc_as_markdown(markdown)
    elif suffix in (".tex", ".latex") or looks_like_latex_table(markdown):
        markdown = latex_as_markdown(markdown)  # a lab handbook's tabular, as a page
    lines = folded_blocks([without_note_marks(_unescaped(_sup_digits(line))) for line in
                           with_reference_links(without_front_matter(
                               repair_mojibake(markdown).splitlines()))
                           if not _CHAT_CHROME.match(line)])
    table = _first_table(lines)
    html_page = "<table" in markdown.lower() and (len(table) < 2 or _HTML_PAGE.search(markdown)
                                                  and not len(_cells(lines[table[0]])) >= 3)
    # (a notebook's markdown keeps its table beside a DataFrame's HTML output: the table)
    if html_page:  # exported from a wiki as HTML (its CSS may hold a "|" line or two)
        lines = html_tables_as_markdown(repair_mojibake(markdown)).splitlines()
        table = _first_table(lines)
    chatless = _without_chat_chrome(markdown)
    if len(table) < 2 and "\t" in markdown:  # spreadsheet cells copied into a text file
        lines = sheet_as_markdown(chatless, "\t").splitlines()
        table = _first_table(lines)
    if len(table) < 2 and looks_like_doc_table(markdown):  # reStructuredText, AsciiDoc (a
        lines = doc_tables_as_markdown(repair_mojibake(markdown)).splitlines()  # grid's
        table = _first_table(lines)  # spaces read as columns made "|" a row's name)
    spaced = ""
    if len(table) < 2 and (spaced := spaced_table_as_markdown(repair_mojibake(chatless))):
        lines = spaced.splitlines()  # columns of spaces: a Slack or CLI paste, a PDF's text
        table = _first_table(lines)
    if len(table) < 2 and looks_like_wiki_table(markdown):  # Confluence / Jira wiki markup
        lines = wiki_as_markdown(repair_mojibake(markdown)).splitlines()
        table = _first_table(lines)
    if len(table) < 2 and (listed := labelled_lines_as_markdown(chatless)):
        lines = listed.splitlines()  # "• *Cost* – Nurse: free | Vet: £52": a Slack message
        table = _first_table(lines)
    if len(table) < 2 and (piped := pipe_lines_as_table(chatless)):
        lines = piped.splitlines()  # "What | Cancel | No-show", no separator: typed in a chat
        table = _first_table(lines)
    lines = with_atx_headings(lines, org=file_name.casefold().endswith(".org"))
    if len(table) < 2:
        _no_table(markdown, suffix)
    return lines, table, html_page, spaced


def _no_table(markdown: str, suffix: str) -> None:
    """Say why no table was found, and what to import instead."""
    if _HTML_PAGE.search(markdown):
        raise TableImportError(
            "no table found in this Word document: a table in a picture or a chart is no "
            "table; put it in the page as a table" if suffix == ".docx" else
            "no <table> found in this HTML page: export the page with its table, or paste "
            "the table as markdown")
    if "\f" in markdown and _lines_in_columns(markdown.splitlines()):
        raise TableImportError(  # (not "use -layout" to a text made so: a hotel's reviewer
            "no table found in this PDF's text, though it keeps its columns: a line running "
            "into the table's margin (a browser's header or footer, a site's menu or "
            "sidebar) or a heading cell wrapped over two lines can hide it; copy the table "
            "out of the page, or save the page as HTML, and import that")  # went in a circle)
    if "\f" in markdown:  # a PDF's text: plain pdftotext writes a cell
        raise TableImportError(  # a line, and the table is gone (an insurer's reviewer)
            "no table found in this PDF's text: make it again with its columns kept, "
            "`pdftotext -layout FILE.pdf FILE.txt`, and import that")
    raise TableImportError("no table found: need a markdown table (a header, a separator "
                               "and rows), an HTML <table>, CSV or TSV cells, columns of "
                               "spaces (a paste, or a PDF's text: a header line over three "
                               "rows or more), a Confluence or Jira wiki table (|| header "
                               "|| lines over | cell | lines), a reStructuredText, "
                               "AsciiDoc, MediaWiki, Org or LaTeX (tabular) table, or a "
                               "line a feature (\"- Cost: A: $5 | B: $9\", three lines or "
                               "more), or a feature's name over a line a subject, as a chat "
                               "types it (\"*Cost*\" over \"A: $5\" and \"B: $9\", a message "
                               "each is fine). From a Google Doc, download it as Word (.docx) or "
                               "OpenDocument (.odt): its plain text writes a cell a line, "
                               "and the table is gone")


_NOTES_HEADER = _NOTES_WORDS - {"we", "our", "us"} | {"and", "caveats", "caveat"}


_ROW_CODE = re.compile(r"^(?:[A-Z]{1,8}[-_. ]?\d{1,4}[a-z]?|\d{1,2}(?:\.\d{1,2})+|\d{4,})$")
# "LOD-01", "C.12", "R3", a checklist's "2.1", a help desk's macro "360051234511"


_NUMBER_HEADER = re.compile(r"#|\b(?:no|nr|number|id|ref|item)\b\.?\s*$", re.IGNORECASE)


def _without_code_column(header: list[str], grid: list[list[str]], notes: list[str]
                         ) -> tuple[list[str], list[list[str]]]:
    """A register's first column of codes ("Ref": LOD-01, LOD-02 ...) beside a column that
    names each row: the names are the rows' names (a bank's reviewer got "Did you mean 1.
    LOD-07 2. LOD-02?"), the codes left out, and the import says so."""
    codes = [cells[0].strip(" *") for cells in grid]
    numbered = _NUMBER_HEADER.search(header[0]) and all(c.isdigit() for c in codes)
    if (len(header) < 4 or len(grid) < 2 or not all(_ROW_CODE.match(c) or numbered
                                                    for c in codes)
            or len(set(codes)) < len(codes)):
        return header, grid  # (a record's number, "Incident #" 1, 2, 3 of a Procore
        # export, were the subjects compared)
    names = [cells[1].strip() for cells in grid]
    if not all(names) or len(set(names)) < len(names) or any(_ROW_CODE.match(n) for n in names):
        return header, grid
    notes.append(f"column '{_strip_decoration(header[0]) or 1}' holds each line's code "
                 f"({codes[0]}, ...): they are named by '{_strip_decoration(header[1])}'")
    return header[1:], [cells[1:] for cells in grid]


def _without_notes_columns(header: list[str], grid: list[list[str]], notes: list[str]
                           ) -> tuple[list[str], list[list[str]], list[str]]:
    """A sheet's "Notes" or "Comments" column beside two subjects or more is no subject (it
    was a third one, "Chat vs Email vs Notes", in every answer): it is each row's note,
    shown once under the row's cells (added to every subject's cell, "(note: see 8D-031)"
    read as if said of each side), where people's questions still find its facts; the
    import says so. Returns the header, the grid and each grid row's note."""
    kept = [0] + [at for at in range(1, len(header)) if not _is_notes_header(header[at])]
    if len(kept) == len(header) or len(kept) < 3:
        return header, grid, [""] * len(grid)
    dropped = sorted(set(range(len(header))) - set(kept))
    for at in dropped:
        notes.append(f"column '{_strip_decoration(header[at])}' is read as notes on each row, "
                     "not a subject: each row's note is shown once under its cells")
    said = ["; ".join(cells[at].strip() for at in dropped if cells[at].strip()) for cells in grid]
    return [header[at] for at in kept], [[cells[at] for at in kept] for cells in grid], said


_NOTE_NOUNS = frozenset("notes note comments comment remarks remark".split())


def _is_notes_header(cell: str) -> bool:
    """"Notes", "Notes and caveats", and a note column named for whom it is ("Reception
    notes", "Notes for reception": a vet practice's sheet showed them as a fourth plan)."""
    words = _letters(_strip_decoration(cell))
    return bool(words) and (set(words) <= _NOTES_HEADER or words[-1] in _NOTE_NOUNS or (
        words[0] in _NOTE_NOUNS and words[1:2] in (["for"], ["from"], ["by"], ["on"])))


_MARKED_INTERNAL = re.compile(r"\(\s*(?:internal(?: only)?|private|staff only|not for sharing)"
                              r"\s*\)", re.IGNORECASE)


def _is_internal_header(cell: str) -> bool:
    """A column kept for the team: "Internal notes", "Notes (internal)", and one marked so
    whatever its name ("Reception notes (internal)" reached newcomers as a fourth plan)."""
    words = _header_words(cell)
    return bool(_INTERNAL_HEADER.match(words) or _MARKED_INTERNAL.search(cell) or (
        {"internal", "private"} & set(words.split()) and _NOTE_NOUNS & set(words.split())))


# a review status in the traffic-light colours (Smartsheet's RYG, a RAG column): the team's
# own flag on the record; under a row, "Status: Red" read as a warning about the row's subject
_TRAFFIC_LIGHTS = frozenset("red amber yellow green r a y g rag ryg grey gray blue".split())


_LIGHTS = "\U0001f7e2\U0001f7e1\U0001f7e0\U0001f534\u26aa\u26ab\U0001f535"  # 🟢🟡🟠🔴⚪⚫🔵


_WARNING_LIGHTS = {"red": "Red", "r": "Red", "\U0001f534": "Red", "amber": "Amber",
                   "\U0001f7e0": "Amber", "a": "Amber", "yellow": "Yellow", "y": "Yellow",
                   "\U0001f7e1": "Yellow"}


def _flagged_rows(header: str, grid: list[list[str]], at: int) -> str:
    """The rows a status column marks red or amber, named: the column is left out, and a
    warehouse's "Max load" (Red: its figure unconfirmed) went out as a fact unmarked."""
    if not _is_review_flag(header, [cells[at] for cells in grid]):
        return ""
    marked: dict[str, list[str]] = {}
    for cells in grid:
        light = _WARNING_LIGHTS.get(cells[at].strip().strip("\ufe0f").casefold())
        if light and cells[0].strip():
            marked.setdefault(light, []).append(_strip_decoration(cells[0]).strip())
    said = "; ".join(f"{light}: {', '.join(rows)}" for light, rows in marked.items())
    return f"rows '{header}' marks {said}: check them before people rely on them" if said else ""


def _is_review_flag(header: str, column: list[str]) -> bool:
    said = {" ".join(_letters(cell)) or ("green" if cell.strip() and set(cell.strip())
                                          <= set(_LIGHTS + " \ufe0f") else "")
            for cell in column} - {""}  # (a Google Sheet's "🟢" status: a QA team's)
    return _header_words(header) in ("status", "rag", "rag status", "ryg", "health") and (
        bool(said) and said <= _TRAFFIC_LIGHTS)


# a record's own fields that a sheet (Airtable, Notion, SharePoint) exports beside the things
# compared: when it changed (dropped), and who owns it, how it is filed and linked (kept as
# each row's labelled note: "who owns the rotation?" is asked)
_TIMESTAMP_HEADER = re.compile(  # ("Last tested" beside a bank's three lines of defence)
    r"^(?:last |date |next )?(?:modified|updated|edited|created|reviewed|tested|checked|"
    r"audited|verified)(?: (?:at|on|by|time|date))?$|^(?:review|test|audit) date$"
    r"|^(?:done|completed?|ticked|tick)$"  # a checklist's own state: "Done?"
    r"|^(?:record )?id$")
_FIELD_HEADER = re.compile(
    r"^(?:(?:(?:policy|page|doc|document|content|process|record|control|risk|business|"
    r"system|service|data|product) )?"
    r"(?:owner|author|assignee|editor|maintainer)s?|category|categories|tags?|labels?|group"
    r"|status"
    r"|related\b.*|links?|urls?|sources?|references?|see also)$")

# a column the team keeps for itself ("Notes (internal)", "Internal comments"): left out, as
# it was written for the maintainers, not the people asking ("keep wording neutral!!")
_INTERNAL_HEADER = re.compile(
    r"^(?:(?:internal|private|staff|team) (?:notes?|comments?|remarks?|only)|internal|private"
    r"|(?:notes?|comments?|remarks?) (?:internal|private|internal only|not for sharing))$")


def _letters(text: str) -> list[str]:
    """A heading's or header's words in lower case, their accents off ("Übersicht" was
    "bersicht"), as the bot reads words."""
    return re.findall(r"[a-z]+", unaccented(text.casefold()))


def _columns_named(header: list[str], columns: list[int]) -> str:
    """"column(s) 'Status', 'Owner'": how a note names the columns it speaks of."""
    return "column(s) " + ", ".join(f"'{_strip_decoration(header[at])}'" for at in columns)


def _header_words(cell: str) -> str:
    return " ".join(_letters(_strip_decoration(cell)))


# a SharePoint list's own columns, exported beside the team's
_SYSTEM_HEADER = re.compile(r"^(?:item type|path|content type|attachments|compliance asset id|"
                            r"(?:created|modified)(?: by)?|app (?:created|modified) by)$")


def _without_record_columns(header: list[str], body: list[list[str]], notes: list[str]
                            ) -> tuple[list[str], list[list[str]]]:
    """A list of a subject a line (a SharePoint or Airtable export) with the record's own
    columns beside the features: its timestamps, system fields and internal notes are left
    out, as they are when the subjects are columns ("what does the auditor eat" got "Auditor
    is vegetarian" from a "Notes (internal)" column, a plant's reviewer found)."""
    def column(at: int) -> list[str]:
        return [cells[at].strip() for cells in body if at < len(cells)]
    if _form_responses(header, body):  # who answered and when: names and e-mail addresses
        said = [at for at in range(len(header)) if _RESPONDENT_HEADER.match(  # reached
            _header_words(header[at]))]  # every answer from a form's sheet
        notes.append(_columns_named(header, said) + " say who answered the form "
                     "and when: left out (no answer shows a colleague's name or address)")
        kept = [at for at in range(len(header)) if at not in said]
        header, body = [header[at] for at in kept], [[cells[at] for at in kept
                                                      if at < len(cells)] for cells in body]
    dropped = [at for at in range(1, len(header)) if any(
        pattern.match(_header_words(header[at]))
        for pattern in (_TIMESTAMP_HEADER, _SYSTEM_HEADER, _LINKED_HEADER))
        or _is_internal_header(header[at]) or _is_review_flag(header[at], column(at))]
    attached = [at for at in range(1, len(header))
                if at not in dropped and _attachments(column(at))]
    if len(header) - 1 - len(dropped + attached) < 2:
        return header, body
    if dropped:
        notes.append(_columns_named(header, dropped)
                     + " are the list's own, not things compared: left out")
    if attached:
        notes.append(_columns_named(header, attached) + " hold attached files, whose "
                     "exported links expire: left out (link the files from a page that "
                     "lasts, in a cell)")
    kept = [at for at in range(len(header)) if at not in dropped + attached]
    ticked = {at for at in kept if _is_checkbox(column(at))}
    for at in sorted(ticked):
        notes.append(f"column '{_strip_decoration(header[at])}' is a checkbox: read as Yes "
                     "(ticked) and No")
    return [header[at] for at in kept], [
        [("Yes" if cells[at].strip() else "No") if at in ticked else _listed(cells[at])
         for at in kept if at < len(cells)] for cells in body]


# an Airtable or SharePoint list's links to other records ("Related builds": build numbers
# that pulled "what build does regression run on" from the row that answers it)
_LINKED_HEADER = re.compile(r"^related\b.*$|^linked\b.*$")
# Airtable's attachment field as exported: "plan.pdf (https://...airtableusercontent...)"
_ATTACHMENT = re.compile(r"[^,()]+\.\w{1,5} \(https?://[^\s)]+\)")


# a Google or Microsoft Form's responses sheet: who answered and when, then the answers
_RESPONDENT_HEADER = re.compile(r"^(?:timestamp|start time|completion time|e ?mail(?: address)?|"
                                r"(?:your |full |respondent s? )?name|respondent|id)$")
MAX_FORM_LINES = 12


def _form_responses(header: list[str], body: list[list[str]]) -> bool:
    """A form's responses sheet ("Timestamp", "Email Address", "Your name", then a column
    a question): each line describes one thing, so it reads a subject a line whatever the
    count (four tools' descriptions were read as four rows named by timestamps, the form's
    questions as twelve subjects, and colleagues' addresses in every answer)."""
    return _header_words(header[0]) in ("timestamp", "start time", "id") and (
        2 <= len(body) <= MAX_FORM_LINES) and any(
        _header_words(h) not in ("timestamp", "start time", "completion time", "id")
        and not _RESPONDENT_HEADER.match(_header_words(h)) for h in header[1:])


def _attachments(column: list[str]) -> bool:
    said = [cell for cell in column if cell]
    return bool(said) and all(all(_ATTACHMENT.fullmatch(part.strip())
                                  for part in re.split(r",(?=[^,]+\.\w{1,5} \()", cell))
                              for cell in said)


def _is_checkbox(column: list[str]) -> bool:
    """Airtable's checkbox as exported: "checked", or nothing for an unticked box."""
    said = {cell.casefold() for cell in column if cell}
    return said == {"checked"}


def _listed(cell: str) -> str:
    """A multiple-select's values as Airtable joins them, "PS5,Switch,PC (Steam)", spaced
    as a person writes a list (a number's "1,000" untouched)."""
    return re.sub(r"(?<=[^\s,]),(?=[^\s,])", lambda m: "," if (
        cell[m.start() - 1].isdigit() and cell[m.end()].isdigit()) else ", ", cell)


def _without_record_fields(header: list[str], grid: list[list[str]], notes: list[str]
                           ) -> tuple[list[str], list[list[str]], list[str]]:
    """An Airtable or Notion export's "Last modified", "Owner", "Tags" and "URL" beside the
    two things compared are no subjects: they made "Category vs Snowflake vs BigQuery vs ...
    vs Owner", six columns in every answer. Its timestamps and internal notes are left out
    (every answer showed "We can't give tax advice!! keep wording neutral"); its other fields
    are each row's labelled note ("Owner: Platform team"), where "who owns the rotation?"
    still finds them. Only when two subjects at least are left (a table comparing "Owner"
    with "Tenant" keeps both). Returns the header, the grid and each grid row's note."""
    stamps = [at for at in range(1, len(header)) if _TIMESTAMP_HEADER.match(
        _header_words(header[at]))]
    internal = [at for at in range(1, len(header)) if _is_internal_header(header[at])
                or _is_review_flag(header[at], [cells[at] for cells in grid])]
    fields = [at for at in range(1, len(header)) if _FIELD_HEADER.match(
        _header_words(header[at])) and at not in internal]
    system = [at for at in range(1, len(header)) if _SYSTEM_HEADER.match(  # a SharePoint
        _header_words(header[at])) and at not in stamps]  # list's "Item Type" and "Path"
    if len(header) - 1 <= 2 or len(header) - 1 - len(stamps + internal + fields + system) < 2:
        return header, grid, [""] * len(grid)
    if system:
        notes.append(_columns_named(header, system)
                     + " are the list's own, not things compared: left out")
    if internal:
        notes.append(_columns_named(header, internal)
                     + " are kept for the team, not for people asking: left out")
        notes += [flagged for at in internal if (flagged := _flagged_rows(header[at], grid, at))]
    if stamps:
        notes.append(_columns_named(header, stamps) + " say when or by whom each record "
                     "changed, not a thing compared: left out")
    if fields:
        notes.append(_columns_named(header, fields)
                     + " describe each record, not a thing compared: each row's note")
    kept = [at for at in range(len(header)) if at not in stamps + internal + fields + system]
    said = ["" if _SUMMARY_ROW.match(cells[0]) or _ANALOGY_ROW.match(cells[0]) else  # no
            "; ".join(f"{_strip_decoration(header[at])}: {cells[at].strip()}"  # note there
                      for at in fields if cells[at].strip()) for cells in grid]
    return [header[at] for at in kept], [[cells[at] for at in kept] for cells in grid], said


def _grid(lines: list[str], table: list[int], width: int) -> list[list[str]]:
    """The table's rows under its header, each cell cleaned; every row as wide as the header."""
    grid = []
    for index in table[1:]:
        cells = [_clean_cell(c) for c in _cells(lines[index])]
        if len(cells) != width:
            raise TableImportError(
                f"line {index + 1}: {len(cells)} cells, but the header has {width}")
        grid.append(cells)
    return grid


def with_footnotes(grid: list[list[str]], notes: dict[str, str]) -> list[list[str]]:
    """"$3,300 family [1]" with "[1] The deductible is aggregate" further down the page:
    the note in the cell, in brackets."""
    if not notes:
        return grid
    def noted(mark: re.Match) -> str:
        number = mark[1] or mark[2] or mark[3].translate(_SUPERSCRIPT)
        return f" ({notes[number]})" if number in notes else mark[0]

    return [[" ".join(_FOOTNOTE_MARK.sub(noted, c).split()) for c in cells] for cells in grid]


# a legend's key: a mark a cell holds alone ("✓", "✗", "✓*", "●"), then "=" or ":"
_LEGEND_KEY = re.compile(r"(?:^|(?<=\s))([^\w\s|=:]{1,2}\*?)\s*[=:]\s*")
_LEGEND_LABEL = re.compile(r"^\W*(?:legend|key)\s*:?\s*", re.IGNORECASE)


def legend_of(line: str) -> dict[str, str]:
    """A legend line's marks and what each means ("Legend: ✓ = yes ✗ = no ✓* = yes, but
    only if the REB approves it"): two marks at least, or a "Legend:" or "Key:" label."""
    text = _LEGEND_LABEL.sub("", _ANY_TAG.sub("", line).strip().strip("*_"))
    keys = list(_LEGEND_KEY.finditer(text))
    if not keys or keys[0].start() > 0 or len(keys) < 2 and text == line.strip():
        return {}
    ends = [k.start() for k in keys[1:]] + [len(text)]
    return {k[1]: text[k.end():end].strip(" ,;·|/") for k, end in zip(keys, ends, strict=True)}


def with_legend(grid: list[list[str]], around: list[str]) -> tuple[list[list[str]], list[str]]:
    """Marks a legend beside the table explains, written out in the cells that hold them
    ("✓* (yes, but only if the REB approves it)"): a research ethics office's "✓*" reached
    newcomers as a bare tick, its condition lost (forty-seventh session)."""
    legend = {}
    for line in around:
        legend.update(legend_of(line))
    marked = {m: meaning for m, meaning in legend.items() if meaning and any(
        c.strip() == m for cells in grid for c in cells[1:])}
    if not marked:
        return grid, []
    written = [[cells[0], *(f"{c.strip()} ({marked[c.strip()]})" if c.strip() in marked else c
                            for c in cells[1:])] for cells in grid]
    shown = "; ".join(f"{m} = {meaning}" for m, meaning in marked.items())
    return written, [f"the legend ({_preview(shown)}) is written into the cells that use its marks"]


def without_comment_marks(grid: list[list[str]], below: list[str]
                          ) -> tuple[list[list[str]], list[str]]:
    """A Google Doc's plain text marks each comment in the text ("drafted with Legal[b]")
    and writes it at the end ("[b]Check with Legal if AV03 is still current"): the marks
    left in cells reached newcomers (an insurer's reviewer). Returns the grid without them
    and a note naming the comments left out."""
    said = {found[1]: found[2] for line in below if (found := _COMMENT.match(line))}
    if not said:
        return grid, []
    mark = re.compile(r"\[(" + "|".join(map(re.escape, said)) + r")\]")
    marked = [found for cells in grid for cell in cells for found in mark.findall(cell)]
    if not marked:
        return grid, []
    grid = [[" ".join(mark.sub("", cell).split()) for cell in cells] for cells in grid]
    first = said[marked[0]]
    return grid, [f"{len(set(marked))} comment mark(s) left out of the cells (the comments "
                  f"under the table, \"[{marked[0]}]{_preview(first)}\", are no answer)"]


def names_footnoted(grid: list[list[str]], notes: dict[str, str]
                    ) -> tuple[list[str], list[str]]:
    """A footnote on a row's name ("First response target¹") as that row's note, its mark
    off the name: written into the name, it made a 30-word heading of every answer (a
    support team's reviewer). Returns the grid and each row's note."""
    said = []
    for cells in grid:
        found = [mark for mark in _FOOTNOTE_MARK.finditer(cells[0])
                 if (mark[1] or mark[2] or mark[3].translate(_SUPERSCRIPT)) in notes]
        said.append("; ".join(notes[m[1] or m[2] or m[3].translate(_SUPERSCRIPT)]
                              for m in found))
        starts = {mark.start() for mark in found}
        if found:
            cells[0] = " ".join(_FOOTNOTE_MARK.sub(
                lambda m, starts=starts: "" if m.start() in starts else m[0], cells[0]).split())
    return grid, said


def footnotes(lines: list[str]) -> dict[str, str]:
    """A page's notes under its table ("[1] The family deductible is aggregate."), by number:
    a cell's "[1]" means nothing once the table is read without the page."""
    notes, number, alone = {}, None, False
    for line in (_ANY_TAG.sub("", line) for line in lines):
        if found := _FOOTNOTE.match(line):
            number = found[1] or found[2].translate(_SUPERSCRIPT)
            notes[number] = " ".join(found[3].split())
        elif mark := _FOOTNOTE_ALONE.match(line):  # "[1]" on a line of its own, its text
            number, alone = mark[1], True  # under it (Word's filtered page breaks there)
            notes[number] = ""
        elif number and line.strip():  # its sentence wrapped onto the next line (a Word
            notes[number] = " ".join([*notes[number].split(), *line.split()])  # page's
            alone = False  # source is wrapped)
        elif not alone:
            number = None
    return {n: note for n, note in notes.items() if note}


_FOOTNOTE_ALONE = re.compile(r"^\s*\[\^?(\d{1,2})\]:?\s*$")


NOTES = "_notes"  # what the import read differently from the page, said when it writes
NOTHING_SAID = "\u2014"  # an empty cell: the table says nothing for that subject


def _subject_names(header: list[str]) -> list[str]:
    """The header's subjects; a column without a name, or two with one, is the table's
    mistake to mend (the bot could not tell which is meant)."""
    subjects = [_unshouted(_strip_decoration(name)) for name in header[1:]]
    subjects = _without_shared_prefix(subjects)
    for at, name in enumerate(subjects):
        if not name:
            raise TableImportError(f"column {at + 2} of the header names no subject")
        if name.casefold() in (s.casefold() for s in subjects[:at]):
            raise TableImportError(f"two columns are named '{name}'; rename one")
    return subjects


def _without_shared_prefix(subjects: list[str]) -> list[str]:
    """Names that all begin with the same label and a spaced dash ("TRAINING - Near miss",
    "TRAINING - First aid injury", a Procore export's record titles) without it: the label
    tells none of them apart, and a question says "near miss"."""
    heads = [re.match(r"^(.{2,30}?)\s+[-\u2013\u2014:]\s+(?=\S)", s) for s in subjects]
    if len(subjects) < 2 or None in heads or len({m[1] for m in heads if m}) != 1:
        return subjects
    return [s[len(m[0]):] for s, m in zip(subjects, heads, strict=True) if m]


def _without_chat_chrome(text: str) -> str:
    """A pasted page without what a chat app adds (a Slack paste's "(edited)" and reactions
    ended its "tl;dr"; a Teams sender over the time was the title), its code fences kept:
    a fence ends a table of spaces. Split at line ends only: PowerPoint's "\v" breaks a line
    inside a cell."""
    lines = text.split("\n")
    after = [*lines[1:], ""]
    tabs = {at for at in range(len(lines) - 1)  # Teams' tab strip, a tab a line ("Chat",
            if _TEAMS_TAB.match(lines[at]) and _TEAMS_TAB.match(lines[at + 1])}  # "Files",
    tabs |= {at + 1 for at in tabs}  # "Photos": the title of every answer, "Photos"), and
    tabs |= {at - 1 for at in tabs if at and at - 1 not in tabs}  # the chat's name over it
    counts = {at + 1 for at in range(len(lines) - 1)  # a reaction's count on a line of
              if _REACTION.match(lines[at]) and _COUNT.match(lines[at + 1])}  # its own
    return "\n".join(_EDITED.sub("", line)
                     for at, (line, below) in enumerate(zip(lines, after, strict=True))
                     if not (_CHAT_CHROME.match(line) or _CHAT_TIME.match(line) or at in tabs
                             or at in counts or _SENDER.match(line) and _CHAT_TIME.match(below))
                     or line.lstrip().startswith(("```", "~~~")))


# Slack's desktop copy puts a reaction's emoji and its count on lines of their own
# (":white_check_mark:" over "7": "every visit. (edited) 7 3 1" closed an analogy), and
# "(edited)" at the end of the message's last line
_REACTION = re.compile(r"^\s*:[a-z0-9_+-]+:\s*$")
_COUNT = re.compile(r"^\s*\d{1,4}\s*$")
_EDITED = re.compile(r"\s+\(edited\)\s*$")


_TEAMS_TAB = re.compile(r"^\s*(?:chat|files|photos|posts|shared|wiki|notes|whiteboard|"
                        r"meeting notes|q&a|dateien|fotos|beitr(?:ä|ae)ge|notizen|\+)\s*$",
                        re.IGNORECASE)  # (and German Teams': "Dateien", "Fotos")


def _unshouted(name: str) -> str:
    """A name written in capitals as a header shouts it ("FEDERAL WORK-STUDY (FWS)", in
    every answer and title), in the case people write it ("Federal Work-Study (FWS)"); a
    short word stays as written unless the dictionary knows it ("SQL SERVER" is "SQL
    Server", "STUDENT JOB" "Student Job"), and a name of one long word or none ("HTTP/2",
    "AWS") is left alone."""
    long_words = re.findall(r"[A-Za-z]{4,}", name)
    if len(long_words) < 2 or name.upper() != name:
        return name
    known = english_words()
    return re.sub(r"[A-Z]{3,}", lambda found: found.group(0).capitalize() if len(
        found.group(0)) > 3 or found.group(0).casefold() in known else found.group(0), name)


def _unshouted_words(names: list[str], page: str) -> list[str]:
    """Subjects of one word each in capitals that the page itself writes otherwise ("DOG"
    and "CAT" over an email's rows, which say "Dog vs cat recovery" and "small dogs") as the
    page writes them ("There is no analogy for DOG vs CAT yet" shouted in every answer); a
    page that writes "CPU" and "GET" in capitals keeps them so."""
    def spoken(name: str) -> bool:
        said = re.findall(rf"\b{re.escape(name)}s?\b", page, re.IGNORECASE)
        return sum(not word.isupper() for word in said) > sum(word.isupper() for word in said)
    shouted = [name for name in names if name.isalpha() and name.isupper() and len(name) >= 3]
    if len(names) < 2 or len(shouted) < len(names) or not all(map(spoken, shouted)):
        return names
    return [name.capitalize() for name in names]


_SMALL_WORDS = frozenset("of and the vs for to in on or an a by at with".split())


def _quieted(title: str) -> str:
    """A title written in capitals ("CONTROL REGISTER – THREE LINES OF DEFENCE", a sheet's
    banner) as such a header is written ("Control Register – Three Lines of Defence"): its
    dictionary words capitalised, its small joining words small, the rest ("KYC", "HTTP/2")
    as written; only when three long words or more shout, not "HTTP/2 VS HTTP/3"."""
    known = english_words()
    shouted = all(w.isupper() for w in re.findall(r"[A-Za-z]{3,}", title))  # (a lawyer's
    long_words = [w for w in re.findall(r"[A-Za-z]{5,}", title) if w.casefold() in known]
    if not shouted or len(long_words) < 3:  # "v" stays small in capitals)
        return title

    def quiet(found: re.Match) -> str:
        word = found.group(0)
        if found.start() and word.casefold() in _SMALL_WORDS:
            return word.lower()
        return word.capitalize() if len(word) >= 4 and word.casefold() in known or len(
            word) >= 6 else word  # ("DEFENCE", spelled as in Britain, is no acronym)
    return re.sub(r"[A-Za-z]+", quiet, title)


def _named_rows(grid: list[list[str]], subjects: list[str], notes: list[str],
                row_notes: list[str]) -> list[dict]:
    """The rows, each with its name, a cell per subject and its note if it has one. A line
    without a name is more of the row above (a cell written over two lines); an empty cell
    is written as a dash, so the file checks and the reply shows the table says nothing
    there; a name used twice is the table's mistake to mend."""
    rows: list[dict] = []
    for cells, note in zip(grid, row_notes, strict=True):
        name = _strip_decoration(cells[0])
        if not name and rows:
            notes.append("a line without a row name is read as more of row "
                         f"'{rows[-1]['feature']}'")
            rows[-1]["cells"] = [" ".join(filter(None, pair)) for pair in
                                 zip(rows[-1]["cells"], cells[1:], strict=True)]
            if note:
                rows[-1]["note"] = "; ".join(filter(None, [rows[-1].get("note"), note]))
            continue
        if not name:
            raise TableImportError("the table's first row has no name in its first column")
        same = [at for at, row in enumerate(rows, 1) if row["feature"].casefold()
                == name.casefold()]
        if same:
            raise TableImportError(f"two rows are named '{name}' (rows {same[0]} and "
                                   f"{len(rows) + 1} of the table); rename or merge one")
        rows.append({"feature": name, "cells": cells[1:], **({"note": note} if note else {})})
    rows = _without_section_headings(rows, notes)
    for row in rows:
        for at, cell in enumerate(row["cells"]):
            if not cell:
                row["cells"][at] = NOTHING_SAID
                notes.append(f"row '{row['feature']}' has nothing for {subjects[at]}: "
                             f"written as '{NOTHING_SAID}'")
    return rows


def _without_section_headings(rows: list[dict], notes: list[str]) -> list[dict]:
    """A row with nothing in any cell heads the rows under it ("START OF SHIFT" in a
    Smartsheet export, its only values in the columns left out): no answer, left out (it
    was a row of dashes, and help's first example)."""
    headings = [r for r in rows if not any(c.strip() for c in r["cells"]) and not r.get("note")]
    if not headings or len(headings) == len(rows):
        return rows
    notes.append("row(s) " + ", ".join(f"'{r['feature']}'" for r in headings)
                 + " have nothing in any cell: read as section headings, left out")
    return [r for r in rows if r not in headings]


def is_transposed(header: list[str], grid: list[list[str]]) -> bool:
    """A table that lists each subject on a line and each feature in a column ("| Model |
    CPU | Memory | ... |" over two laptops): at most three lines, and at least twice as many
    columns, four or more. A comparison is written the other way: a few subjects across,
    many features down."""
    features = len(header) - 1
    if 2 <= len(grid) <= 3 and features >= max(4, 2 * len(grid)):
        return True  # (four to six lines under a corner naming what they are, "Account" over
    kind = _letters(header[0])  # four current accounts, read a subject a line too: read
    return (4 <= len(grid) <= MAX_LISTED_SUBJECTS and features >= 2 * len(grid)  # the
            and 1 <= len(kind) <= 2 and (kind in _TITLE_COLUMNS or not any(  # other way,
                w in CORNER_WORDS or w in HEADING_WORDS for w in kind)))  # the eight
    # features were subjects)


# a database's title column over its records (Notion's and Airtable's "Name", SharePoint's
# "Title"): four knives a line each under "Name", seven features across, were read as seven
# subjects compared on four rows (a kitchen's Notion export)
_TITLE_COLUMNS = (["name"], ["title"])


MAX_LISTED_SUBJECTS = 6


# a template's placeholder that a tool fills in when it sends the text (Zendesk's
# "{{dc.return_window}}", a mail merge's "{{first_name}}"), outside code: `{{ .Values.x }}` in
# backticks is a Helm chart's own text
_PLACEHOLDER = re.compile(r"\{\{\s*[\w.\-]+\s*\}\}")


def _placeholder_notes(rows: list[dict]) -> list[str]:
    """A note for each row whose cells hold a template's placeholder: answers would show it
    as written ("money back within {{dc.return_window}}", an e-commerce team's macro)."""
    return [f"row '{row['feature']}' says {found[0]}, a placeholder its tool fills in: write "
            "its value in" for row in rows
            if (found := _PLACEHOLDER.findall(_CODE_SPAN.sub("", " ".join(row["cells"]))))]


_COLUMN_GAP = re.compile(r"\S {3,}(?=\S)")


def _lines_in_columns(after: list[str]) -> list[str]:
    """The lines under a table of spaces that still run in columns (two gaps of three spaces
    or more), when there are three or more: a PDF's table whose columns shifted from row to
    row ends where they stop lining up, and the rest of it is left under it (a ServiceNow
    article's text lost four of its nine rows, and the import said "ok")."""
    columned = [line for line in after if len(_COLUMN_GAP.findall(line)) >= 2]
    return columned if len(columned) >= 3 else []


def _title(before: list[str], subjects: list[str], corner: str = "", file_label: str = "",
           lines_above: list[str] = ()) -> str:
    """The subjects joined by "vs"; or the heading above the table when it names the
    comparison in a team's own words instead ("Our AWS regions" over three regions, which
    people ask about as "the regions"), not when it is a generic "Comparison". With no
    heading, a corner cell that says what the subjects are ("Laptop" over two models, not
    "Feature") leads the title: people ask for "the laptop table"."""
    joined = " vs ".join(subjects)
    nearest = next((line.strip() for line in reversed(before) if line.strip()), "")
    if _WHOLE_BOLD.match(nearest) and not _labelled_summary(nearest):  # a slide's title,
        # "**Observability vendors – Q3 review**"; not a bold sentence ("**In short: ...**")
        before = [*before, f"## {nearest}"]
    elif not any(_HEADING.match(line.strip()) for line in before):
        before = [*before, *(f"## {opening}" for opening in _bold_openings(before, subjects))]
    kind = _letters(corner)
    if kind and len(kind) <= 2 and not any(w in CORNER_WORDS or w in HEADING_WORDS
                                           for w in kind):
        joined = f"{corner.strip()}: {joined}"
    heading = _CONFLUENCE_SPACE.sub("", _title_heading(before, subjects)) or _comparing_line(
        before, subjects) or _comparing_line(list(lines_above), subjects)  # a chat message's
    # first line over its next, with no empty line between: "Data classification cheat sheet
    # – Confidential vs Restricted" over "Newcomers keep asking..." (a bank's Slack message)
    if not heading and file_label and ":" not in joined:  # a sheet: "our-three-offices.csv"
        sides = re.split(r"\s+(?:vs|versus)\s+", file_label, maxsplit=1, flags=re.IGNORECASE)
        if len(sides) == 2 and all(any(_names_a_subject(side, [s], loosely=True)
                                       for s in subjects) for side in sides):
            spelled = {w.casefold(): w for s in subjects for w in re.findall(r"\w+", s)}
            return " ".join(spelled.get(w.casefold(), w) for w in file_label.split())
        if len(sides) == 2:  # a file's own shorthand for the comparison ("Fulltime vs
            return joined  # halftime sheets: Full-time ... vs ..."): the subjects say it
        return f"{file_label}: {joined}"  # is what people call it ("the offices table"); one
        # that compares them already is the title ("Produce suppliers Greenleaf vs Metro")
    folded = heading.casefold()
    if heading and all(name.casefold() in folded for name in subjects):
        label = heading.split(":")[0].strip() if ":" in heading else ""
        if label and not _names_a_subject(label, subjects) and not all(
                w in HEADING_WORDS for w in _letters(label)):
            return f"{label}: {' vs '.join(subjects)}"  # "Incident severity: Sev1 vs Sev2"
    if not _SCOPE.search(heading):  # "(2024 entry)" says which year's table it is: kept
        heading = _REMARK.sub("", heading)  # "(updated 2025-02-18 by infra-finance)"
    folded = heading.casefold()
    beside = _words_beside(heading, subjects) if heading else []
    if heading and all(name.casefold() in folded for name in subjects) and (
            len(beside) >= 2 or beside and re.search(r"\bvs\.?\s", heading, re.IGNORECASE)
            and _letters(heading)[-1:] == beside):  # "... vs Startup probes": what all
        return heading  # three are; "Release 4.12.0 — iOS vs Android release process"
    if heading and all(name.casefold() in folded for name in subjects) and re.search(
            r"\b(?:vs\.?|versus)\s", heading, re.IGNORECASE):  # its title compares them:
        return " vs ".join(subjects)  # no corner's "Container: ..." (a kitchen's "Cambro vs
        # Hotel Pan"; a corner over a list of them, "Frankfurt, Virginia and Sydney", still
        # says what they are: "Region")
    if not heading or all(name.casefold() in folded for name in subjects):
        return joined  # (no heading, or one that only lists the subjects)
    if all(w in HEADING_WORDS for w in _letters(folded)):
        return joined
    return heading


# words of a file's name that say nothing of what it compares: "export (3).csv", "table_v2",
# an Airtable view's "401k - Grid view.csv"
_FILE_NOISE = frozenset("export exported table tables sheet sheets data copy of final draft "
                        "untitled new old latest download downloaded file doc docs page "
                        "vs versus and comparison compare slack paste pasted message thread "
                        "msg email mail grid view views hidden fields internal inner "
                        "intermediate frame minified flyer poster leaflet brochure printable "
                        "print trello notion confluence jira sharepoint onenote evernote "
                        "whatsapp airtable smartsheet gdoc gdocs gsheet gsheets".split())  # (a
# Canva flyer's "Barrier nursing flyer - A4"; the tool a file came from, "trello-lost-damaged-
# claims-returned.txt", titled every answer "Trello lost damaged claims returned: ...")


_REPLY_MARKS = frozenset("re fwd fw aw wg tr sv".split())


def _file_label(file_name: str, subjects: list[str]) -> str:
    """A sheet's file name as people call the table ("Our three offices" of
    our-three-offices.csv), when it says more than the subjects' names and noise."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    stem = re.sub(r"([0-9a-f]{32})_all$", r"\1", stem)  # Notion's CSV of every property
    stem = re.sub(r"(?<=\w)-[^-]*\bview$", "", stem, flags=re.IGNORECASE)  # Airtable's
    # "<table>-<view>.csv": "Test Passes-Onboarding view" titled every answer with the view
    typed = [w for w in re.findall(r"[A-Za-z0-9]+", stem)  # not Notion's page id
             if not (len(w) >= 12 and re.fullmatch(r"[0-9a-f]+", w))]
    while typed and typed[0].casefold() in _REPLY_MARKS:  # "Fwd_ Medicare vs Medicaid
        typed = typed[1:]  # cheat sheet.eml", as Gmail names a forwarded message
    named = {w for s in subjects for w in _letters(s)}
    own = [w for w in typed if w.casefold() not in named | _FILE_NOISE | HEADING_WORDS
           and len(w) > 2 and w.isalpha()]
    if not own or len(typed) > 6:
        return ""
    label = " ".join(typed)
    return label[0].upper() + label[1:]


def _words_beside(heading: str, subjects: list[str]) -> list[str]:
    """A heading's words that are not its subjects' names nor words any heading has
    ("Difference Between A and B": none)."""
    named = {stem(w) for s in subjects for w in _letters(s)}
    return [w for w in _letters(heading)
            if stem(w) not in named and w not in HEADING_WORDS and w not in STOPWORDS]


# a Confluence export's page title starts with its space's name: "Platform : Staging vs
# Production environments" (a colon with a space before it, as no other title writes one)
_CONFLUENCE_SPACE = re.compile(r"^[^:]{1,40}?\s+:\s+(?=\S)")


# a handbook's or notebook's section number before its heading: "2. Where do I put my
# data?", "3.1 Queues" (every list of comparisons read "2. 2. Where do I ..."); not "2.0 vs 3.0"
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?)\s+(?=[A-Z])")


# a section heading that says nothing of its own: "Side by side", "What's the difference?"
_ASKING_HEADING = frozenset("side by what whats s how do does they differ different is are "
                            "it".split())


# a GitHub or GitLab wiki page's file, named by its title with hyphens ("Bug-Severity-Levels.md"):
# the page's title, since a wiki page writes no H1 ("Severity at a glance", a section's
# heading, titled every answer)
_WIKI_PAGE = re.compile(r"[A-Z][\w'&]*(?:-[A-Za-z0-9][\w'&]*){1,8}")


# a message's bold opening, after its emoji: ":pushpin: *What to book: Nurse vs Vet*"
_OPENING_BOLD = re.compile(r"^\s*(?::[a-z0-9_+-]+:\s*)*(\*{1,2})(?!\s)([^*]+?)(?<!\s)\1(?!\*)")


def _comparing_line(before: list[str], subjects: list[str]) -> str:
    """A plain line above the table that compares every subject ("Pre-authorisation vs
    Deposit – taking payment at check-in", a slide's title in its PDF's text): the title,
    over the file's name ("Module4 Payments" titled every answer)."""
    for line in reversed(before):
        line = _strip_decoration(  # (a Slack message's ":pushpin: ... :lock:" too)
            _DOCUMENT_PART.sub("", _SECTION_NUMBER.sub("", " ".join(line.split()))))
        if subject := MAIL_SUBJECT.match(line):  # Outlook's header
            line = _PLEASE.sub("", subject.group(1))  # "**Subject: **PPO vs DHMO – cheat
            # sheet (please print)" titled every answer (a dental front desk's reviewer)
        line = _comparing_clause(line)
        if (re.search(r"\b(?:vs\.?|versus)\s", line, re.IGNORECASE) and len(line.split()) <= 16
                and all(_names_a_subject(line, [s], loosely=True) for s in subjects)):
            return _subjects_as_written(line, subjects) if len(
                _words_beside(line, subjects)) >= 2 or _ends_in_their_kind(
                line, subjects) else ""  # (no more than the subjects' names, or than a
    return ""  # remark, "PPO vs DHMO – check-in": their own title)


def _ends_in_their_kind(line: str, subjects: list[str]) -> bool:
    """Does one word after the last subject say what both are ("Opening vs Closing shift")?"""
    return bool(re.search(rf"\b{re.escape(subjects[-1])}\s+[A-Za-z]{{3,}}$", line,
                          re.IGNORECASE)) if subjects else False


def _comparing_clause(line: str) -> str:
    """The sentence and clause of a line that says "vs" ("OPENING vs CLOSING shift" of a
    chat's "Right. OPENING vs CLOSING shift, read this before Saturday pin it"), or the
    line."""
    for part in re.split(r"(?<=[.!?])\s+|,\s+", line):
        if (re.search(r"\b(?:vs\.?|versus)\s", part, re.IGNORECASE) and ": " not in part
                and re.match(r"[A-Z0-9]", part) and not part.endswith((".", "!", "?"))):
            return part.strip()  # (not "A vs B Created: 14/Oct/25", a Jira export's fields,
    return line  # nor "here's the hot vs cold holding comparison for the pack.", a sentence)


def _subjects_as_written(line: str, subjects: list[str]) -> str:
    """The title with each subject shouted in it ("OPENING") written as the table writes it."""
    for subject in subjects:
        line = re.sub(rf"\b{re.escape(subject.upper())}\b", subject, line)
    return line


# a request in brackets closing an email's subject, "(please print)"
_PLEASE = re.compile(r"\s*[(\[]\s*(?:pls|please)\b[^)\]]*[)\]]\s*$", re.IGNORECASE)


# a document's part before a title: "Appendix B. Contact vs Droplet", "Table 4.2 – ..."
_DOCUMENT_PART = re.compile(r"^(?:appendix|annex|section|table|figure|part|chapter|schedule)\s+"
                            r"[\w.]{1,6}[.:\u2013\u2014-]?\s+", re.IGNORECASE)


def _bold_openings(before: list[str], subjects: list[str]) -> list[str]:
    """A chat message's title: the bold words opening a line that name every subject (a
    vet practice's Slack message was titled by its file's name, "Nurse vs Vet slack
    bullets", over "*What to book: Nurse appt vs Vet appt*")."""
    found = (m[2] for line in before if (m := _OPENING_BOLD.match(line)))
    return [text for text in found if all(_names_a_subject(text, [s], loosely=True)
                                          for s in subjects)][:1]


def _title_heading(before: list[str], subjects: list[str]) -> str:
    """The heading nearest above the table; or, when that one is a section's ("What
    changes", naming neither subject) under a page's heading that names them ("Orders DB
    migration: old cluster vs new cluster"), the page's; so too under any page heading when
    the section's says nothing of its own ("Side-by-side", "Comparison")."""
    headings = [(len(line) - len(line.lstrip("#")),
                 _SECTION_NUMBER.sub("", _strip_decoration(found.group(1))))
                for line in (line.strip() for line in before) if (found := _HEADING.match(line))]
    if not headings:
        return ""
    level, nearest = headings[-1]
    generic = set(_letters(nearest)) <= HEADING_WORDS | _ASKING_HEADING
    asking = nearest.rstrip().endswith("?")  # "Which bin does it go in?" under the document's
    # title, "Bin guide for advisers", which people call it by (a council's contact centre)
    if not _names_a_subject(nearest, subjects, loosely=True):
        for upper, text in reversed(headings[:-1]):
            if upper < level and (generic or asking
                                  or _names_a_subject(text, subjects, loosely=True)) or (
                    upper <= level and all(_names_a_subject(text, [s], loosely=True)
                                           for s in subjects)):
                return text  # the page's "Health plans: PPO vs HDHP" over "Side-by-side";
                # a Word document's title naming them all over its numbered section "1. The
                # three routes compared", both at level 1 (a library's reviewer)
        if generic:  # a page's title paragraph above its numbered sections, all level 1
            return next((text for upper, text in reversed(headings[:-1]) if upper <= level
                         and _names_a_subject(text, subjects, loosely=True)), "")
    return "" if generic else nearest  # ("Side by side" alone titled a law firm's note)


def _names_a_subject(text: str, subjects: list[str], loosely: bool = False) -> bool:
    """Does the text name a subject: its name, or (`loosely`) its name's first words without
    what qualifies them ("PCI DSS" of "PCI DSS v4.0", "SOC 2" of "SOC 2 Type II")?"""
    folded = text.casefold()  # either of a name's two ("CDD" of "Customer Due Diligence
    for form in (form for name in subjects for form in two_names(name) or [name]):  # (CDD)")
        parts = form.casefold().split()
        for size in range(len(parts), 0 if loosely else len(parts) - 1, -1):
            start = " ".join(parts[:size])
            if len(start) >= 3 and start not in QUALIFIERS and start not in STOPWORDS and (
                    re.search(rf"(?<!\w){re.escape(start)}(?!\w)", folded)):
                return True
    return False


def _unused_text(lines: list[str], summary: list[str], analogy: str) -> list[str]:
    """The lines of prose under the table that no answer shows: a spreadsheet's "Notes:" row,
    a caveat under a wiki table. Headings, rules, tables and footnotes are not prose."""
    unused = []
    for line in lines:
        text = _ANY_TAG.sub("", _QUOTE.sub("", line)).strip()
        bullet = _BULLET.match(text)
        if (not text or _HEADING.match(text) or "|" in text or _FOOTNOTE.match(text)
                or _COMMENT.match(text)  # a Google Doc's comment: a remark, no fact
                or legend_of(text)  # a legend: written into the cells
                or set(text) <= set("-*_= ") or text in summary
                or analogy and _analogy_text(text) == analogy  # "Analogy: ..." is shown
                or (_WHOLE_BOLD.match(text) and not _labelled_summary(text))  # a title
                or _labelled_summary(text) in summary
                or summary and _SUMMARY_HEADING.fullmatch(text.strip(" *_:"))  # its label
                or (bullet and bullet.group(1).strip() in summary)  # alone, "In short"
                or _CAPTION.match(text)):  # "Table 1 – Fast-track vs Complex claims"
            continue
        unused.append(text)
    return unused


# a document's caption of its table or figure: what the table is, no fact of its own
_CAPTION = re.compile(r"^(?:table|figure|fig\.|tabelle|abbildung)\s+\d+(?:\.\d+)*\s*"
                      r"[.:\u2013\u2014-]\s+\S.{0,80}$", re.IGNORECASE)


# a heading as a page's text copy writes it, a short line of words with no full stop:
# "How to do each one", "Related Articles"
_HEADING_WORD = r"[\w'\u2019\"\u201c\u201d-]"
_LOOKS_LIKE_A_HEADING = re.compile(rf"^[A-Z]{_HEADING_WORD}*(?:\s+{_HEADING_WORD}+){{0,6}}$")
# a page's sign-off: who to ask, not a point of the summary above it
_SIGN_OFF = re.compile(r"^\W*(?:any |more |other )?(?:questions?|queries|stuck|unsure|not sure|"
                       r"need (?:more )?help|still (?:stuck|unsure|confused)|did this (?:answer "
                       r"your question|help))\s*\?", re.IGNORECASE)
# an email's legal footer: the longest line under a table saved from Outlook, and no fact
_BOILERPLATE = re.compile(r"^\W*(?:disclaimer|confidentiality notice)\b|\bintended solely for\b"
                          r"|\bthis (?:e-?mail|message)(?: and any attachments?)? (?:is|are|may "
                          r"be|contains?) (?:confidential|privileged)"
                          r"|\bbefore printing this e-?mail\b", re.IGNORECASE)


def _preview(line: str, limit: int = 60) -> str:
    """A line's start to quote in a note: its spaces collapsed, cut between words, and no
    character that hides (SharePoint's zero-width space opened "\u200bWelcome ...")."""
    text = " ".join(without_invisible(line).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _labelled_summary(line: str) -> str:
    """The text of a paragraph that labels itself the summary ("TL;DR: ...", "**In short:
    ...**"), without the bold that closes a sentence bold as a whole; else ""."""
    line = _ANY_TAG.sub("", _QUOTE.sub("", line)).strip()  # Notion's "<aside>💡 **TL;DR**"
    labelled = _SUMMARY_LABEL.match(_LEADING_SYMBOLS.sub("", line))
    if not labelled:
        return ""
    text = labelled.group(1).strip()
    for mark in ("**", "__"):
        if text.endswith(mark) and text.count(mark) % 2:
            text = text[:-len(mark)].rstrip()
    return _as_sentence(text)


def _as_sentence(text: str) -> str:
    """"In short: if it plugs in, IT" is a sentence of its own: "If it plugs in, IT" (not
    "v2 moves auth..." nor "kubectl ...", whose first word is a name)."""
    from bot.text import english_words  # loaded only by an import that needs it

    first = text.split(" ", 1)[0]
    plain = first.isalpha() and first.islower() and first in english_words()
    return text[:1].upper() + text[1:] if plain else text


def _paragraphs(lines: list[str]) -> list[str]:
    """The page's lines with each wrapped paragraph or list item on one line, as markdown
    reads them: a summary written over three lines is one point, not three fragments (its
    first line alone was kept)."""
    joined: list[str] = []
    for line in lines:
        text = line.strip()
        starts_block = (not text or _HEADING.match(text) or _BULLET.match(line)
                        or text.startswith(("|", ">", "<")) or _FOOTNOTE.match(text)
                        or _labelled_summary(text) or _OPENS_ANALOGY.match(text))  # a line
        # "TL;DR: ..." then a line "Think of ..." are two things, as their writer means
        previous = joined[-1].strip() if joined else ""
        if starts_block or not previous or _HEADING.match(previous) or previous.startswith(
                ("|", "<")):
            joined.append(line)
        else:
            joined[-1] = f"{joined[-1].rstrip()} {text}"
    return joined


def _summary_and_analogy(before: list[str], after: list[str]) -> tuple[list[str], str]:
    """Bullets under a summary heading ("Summary", "TL;DR", "Conclusion"...), else its lines
    of prose, below the table or else above it (an RFC's "## TL;DR" comes first), else a
    paragraph above the table that labels itself the summary; the first paragraph that
    reads like an analogy."""
    summary, analogy = _summary_and_analogy_below(after)
    above, analogy_above = _summary_and_analogy_below(before)
    if not summary:
        summary = above or [text for text in map(_labelled_summary, before) if text][:1]
    return summary, analogy or analogy_above


_SUMMARY_ROW = re.compile(rf"^(?:{_SUMMARY_OPENING})$", re.IGNORECASE)
_ANALOGY_ROW = ANALOGY_LABEL  # (a row named so, a label alone on a line)


def _labels_the_gist(name: str) -> bool:
    """Is a row's name a summary's or an analogy's label ("In short:", "Think of it like")?"""
    return any(_SUMMARY_ROW.match(part) or _ANALOGY_ROW.match(part)
               for part in _label_parts(name))


def _label_parts(name: str) -> list[str]:
    """A row's name as a label reads, and each half of one in two languages ("En bref /
    TL;DR": a customs desk's)."""
    label = _row_label(name)
    return [label, *(part.strip() for part in label.split(" / "))]


def _row_label(name: str) -> str:
    """A row's name as a label reads: "In short:" is "In short"."""
    return _strip_decoration(name).strip().rstrip(":").strip()


def _summary_and_analogy_rows(rows: list[dict], subjects: list[str], summary: list[str],
                              analogy: str, notes: list[str]) -> tuple[list[str], str]:
    """A row named "Summary" or "Analogy" (a spreadsheet has nowhere else to put them) is
    the table's summary or analogy, a subject a point, when the page has none: as a row,
    "give me an analogy" said there was none. Two rows at least stay rows."""
    for row in list(rows):
        filled = [(name, cell) for name, cell in zip(subjects, row["cells"], strict=True)
                  if cell != NOTHING_SAID]
        said = [cell if len(filled) == 1 or cell.casefold().startswith(name.casefold())
                or _labelled_by_a_word_of(cell, name)  # "Credit = ..." of "Account credit"
                or _labelled_by_its_other_name(cell, name)  # "UFH: short-acting", not
                # "Unfractionated heparin (UFH): UFH: short-acting"
                else f"{name}: {cell}" for name, cell in filled]  # nor "Snowflake: Snowflake:
        # ...", nor a name before one cell spanning them all
        if len(rows) <= 2:
            break
        if not said:  # nothing in the subjects' cells (a "Recommendation" row's note only)
            continue
        said += [row["note"]] if row.get("note") else []  # a Notes column's "Rule: offer
        # credit first" is the summary's too, not lost
        label = _row_label(row["feature"])  # "In short:"
        if any(_SUMMARY_ROW.match(part) or _SUMMING_UP.match(part)
               for part in _label_parts(row["feature"])) and not summary:
            summary, kind = [_capitalised(point) for point in said], "summary"
        elif (_ANALOGY_ROW.match(label) or _NAMED_ANALOGY.search(label)) and not analogy:
            analogy, kind = "; ".join(said), "analogy"  # "medicine: 5 Whys is ...": one
            if analogy[:1].islower() and re.match(r"think of|it.?s like", label, re.I) and (
                    not _OWN_VERB.search(re.split(r"[:;]", analogy)[0])):  # sentence, its
                analogy = f"{label} {analogy}"  # label its start; not over "a cycle count
            analogy = _capitalised(analogy)  # is tidying one drawer", a sentence of its own
        else:
            continue
        rows.remove(row)
        notes[:] = [n for n in notes if not n.startswith(f"row '{row['feature']}' has nothing")]
        notes.append(f"row '{row['feature']}' is read as the table's {kind}")
    return summary, analogy


# a form's questions asking for the gist: "Sum it up in one line for a new colleague", "An
# everyday analogy (optional)"
_SUMMING_UP = re.compile(r"^(?:sum (?:it|them|this) up|in one (?:line|sentence)|one[- ]liner)\b",
                         re.IGNORECASE)
_NAMED_ANALOGY = re.compile(r"^(?:an?\s+)?(?:\w+\s+)?analog(?:y|ies)\b", re.IGNORECASE)
_OWN_VERB = re.compile(r"\b(?:is|are|was|were|means|has|have)\b", re.IGNORECASE)


def _capitalised(text: str) -> str:
    """A sentence typed in a sheet's cell from lower case, as the page would start it (not
    a name written so: "iManage", "eBay")."""
    return text[:1].upper() + text[1:] if re.match(r"[a-z]+\b", text) else text


def _labelled_by_a_word_of(cell: str, name: str) -> bool:
    """Does the cell start with a word of the subject's name as its label ("Permanent = ..."
    of "Permanent contract", "Credit = ..." of "Account credit")?"""
    first = re.match(r"\s*(\w+)\s*(?:=|:|-|\u2013|\u2014)", cell)
    return bool(first) and first.group(1).casefold() in (w.casefold() for w in name.split())


def _labelled_by_its_other_name(cell: str, name: str) -> bool:
    """Does the cell start with the subject's other name as a label ("UFH: ..." in the
    column of "Unfractionated heparin (UFH)")?"""
    label = cell.split(":", 1)[0].strip().casefold() if ":" in cell else ""
    return bool(label) and label in (n.casefold() for n in two_names(name) or [])


def _analogy_text(line: str) -> str:
    """The analogy without its "Analogy:" label: the reply has its own heading. (Its bold
    stays: the replies show it as bold, and the matcher reads its images.)"""
    text = _LEADING_SYMBOLS.sub("", line.strip())
    bare = _LEAD_IN.sub("", _ANALOGY_LABEL.sub("", text)).strip()
    first = bare.split(" ", 1)[0]
    if bare != text and (first in STOPWORDS or first in ("think", "imagine") or first.islower()):
        return bare[:1].upper() + bare[1:]  # "By way of analogy, the ...": not "iPhone"
    return bare


def _summary_and_analogy_below(lines: list[str]) -> tuple[list[str], str]:
    summary: list[str] = []
    prose: list[str] = []
    analogy = ""
    in_summary = labelled_point = in_analogy = weak = False  # weak: an analogy only "as a"
    # hinted ("report it as a near miss"), which a later one under "Think of it like this",
    # or saying "think of", takes over from (a warehouse's SOP)
    analogy_before = ""  # the analogy when the section began: prose after one found in it
    for line in lines:  # is no summary (a desk's "Still stuck? ..." under its analogy)
        line = _QUOTE.sub("", line)  # "> **TL;DR:** ..." reads as the paragraph it quotes
        heading = _HEADING.match(line.strip())
        if heading:
            analogy_before = analogy
            in_summary = bool(_SUMMARY_HEADING.search(heading.group(1)))
            in_analogy = bool(_ANALOGY_HEADING.search(heading.group(1)))
            continue
        if _SUMMARY_HEADING.fullmatch(line.strip(" *_:")):  # "Key points" alone over its
            in_summary, in_analogy = True, False  # bullets: a heading in all but its style
            continue
        if in_analogy and (not analogy or weak) and line.strip() and not _BULLET.match(line):
            analogy, weak = _analogy_text(line), False  # "## An analogy" over "A make-good is the
            continue  # restaurant sending over a free round": no "think of" to find it by
        bullet, labelled = _BULLET.match(line), _labelled_summary(line)
        if labelled and not summary and not prose:
            prose.append(labelled)
            labelled_point = bool(bullet and in_summary)  # "Key points:" over "- In short:
        elif bullet and in_summary and not analogy and _OPENS_ANALOGY.match(  # ..." and tips
                bullet.group(1)) or bullet and in_summary and not analogy and _LIKE.match(
                bullet.group(1)):  # a slide's point "Think of ..." or "It's like ..."
            analogy = _analogy_text(bullet.group(1))
        elif bullet and in_summary and labelled_point:
            continue  # a tip beside the point that says it is the summary
        elif bullet and in_summary:
            summary.append(bullet.group(1).strip())
        elif line.strip() and not bullet and not analogy and _ANALOGY_ROW.match(
                _row_label(line.strip().rstrip(".\u2026"))):  # a folded block's label
            in_analogy = True  # alone, "Think of it like…", over its analogy
        elif line.strip() and not bullet and (not analogy or weak and _STRONG_HINT.search(
                line)) and (_ANALOGY_HINT.search(line) or _BOLD_IMAGES.search(line)
                            or _LIKE.match(line)):
            analogy = _analogy_text(line)  # ("It's like a gym membership: ..." was a point)
            weak = not (_STRONG_HINT.search(line) or _BOLD_IMAGES.search(line)
                        or _LIKE.match(line))
        elif in_summary and prose and _LOOKS_LIKE_A_HEADING.match(line.strip()):
            in_summary = False  # "How to do each one" in a page's text copy, its headings
            # plain lines: a new section (the footer's "We run on Intercom" was a point)
        elif in_summary and _SIGN_OFF.match(line.strip()):
            in_summary = False  # "Questions? Ask Priya or the duty nurse.": who to ask,
            # after the points (a vet practice's summary ended with it)
        elif in_summary and line.strip() and not bullet and "|" not in line and (
                not labelled_point) and analogy == analogy_before:
            prose.append(line.strip())  # "## Conclusion" then a paragraph, not bullets
    said = [point for point in summary or prose if point.strip(_INVISIBLE + " \t")]
    return said, analogy  # (not SharePoint's empty paragraph, a zero-width space)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0"


ROW_TUNING = ("aliases", "examples", "vocabulary")
TOPIC_TUNING = ("examples", "out_of_scope")


def merge_tuning(imported: dict, existing: dict) -> dict:
    """Keep what a maintainer added to an existing knowledge file (aliases, examples,
    vocabulary, out_of_scope) as it is: a proposal they deleted is not proposed again."""
    old_subjects = {s.get("name"): s for s in existing.get("subjects", []) if isinstance(s, dict)}
    for subject in imported["subjects"]:
        if subject["name"] in old_subjects:
            subject.pop("aliases", None)
            if old_subjects[subject["name"]].get("aliases"):
                subject["aliases"] = old_subjects[subject["name"]]["aliases"]
    old_rows = {r.get("feature"): r for r in existing.get("rows", []) if isinstance(r, dict)}
    for row in imported["rows"]:
        if row["feature"] not in old_rows:
            continue
        row.pop("aliases", None)
        row.update({k: old_rows[row["feature"]][k] for k in ROW_TUNING
                    if old_rows[row["feature"]].get(k)})
    imported.update({k: existing[k] for k in TOPIC_TUNING if existing.get(k)})
    return imported


def kept_prose(imported: dict, existing: dict) -> tuple[list[str], dict[str, object]]:
    """A summary or analogy written into the file by hand ("kb check" suggests it when the
    table has none) is kept when the table still has none; one the table now has replaces
    it, and the old one goes to the comments at the end: a re-import loses nothing unsaid."""
    notes, replaced = [], {}
    for key in ("summary", "analogy"):
        written = existing.get(key)
        if not written or written == imported.get(key):
            continue
        if imported.get(key):
            replaced[key] = written
            notes.append(f"the table's {key} replaces the one the file had (kept as comments "
                         "at the end of the file)")
        else:
            imported[key] = written
            notes.append(f"the {key} written in the file is kept: the table has none")
    return notes, replaced


def kept_title(imported: dict, existing: dict, notes: list[str], wrote: str = "") -> list[str]:
    """A title edited in the file (as the import's note invites) is kept on a re-import: it
    put the page's heading back every time the page was exported again. One the import
    wrote itself (`wrote`, as its note says) is no edit: it gives way to the new one ("Nurse
    vs Vet slack retyped", from a file's first name, stayed for good). (A title set by hand
    to the subjects' names is an edit: it undid a heading a chat's tab strip gave.)"""
    written = existing.get("title")
    if not isinstance(written, str) or not written.strip() or written == imported["title"]:
        return notes
    if written == wrote:
        return notes
    page_title, imported["title"] = imported["title"], written
    return [note for note in notes if not note.startswith("titled ")] + [
        f"the title written in the file is kept (the page's would be \"{page_title}\")"]


def left_behind(imported: dict, existing: dict) -> dict[str, dict]:
    """What a maintainer added to rows the table no longer has (renamed or removed): by row
    name, its examples and vocabulary, so that a re-import can say so instead of dropping
    them unseen."""
    kept = {row["feature"] for row in imported["rows"]}
    return {row["feature"]: added for row in existing.get("rows", [])
            if isinstance(row, dict) and row.get("feature") not in kept
            and (added := {k: row[k] for k in ROW_TUNING if k != "aliases" and row.get(k)})}


_DECLARES_CP1252 = re.compile(r"charset\s*=\s*[\"']?(?:windows-1252|cp1252)", re.IGNORECASE)


# a MIME message's header lines, folded ones too (Exchange's "Received:" and label lines go on
# over several: a bank's Outlook email was read as raw quoted-printable, "cred=")
_MIME_HEADER = re.compile(rb"(?:[^\s:]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*MIME-Version:"
                          rb"\s*1\.0", re.IGNORECASE)
MIME_HEADER_BYTES = 64_000  # an Exchange message's headers run to tens of kilobytes


def _html_part(raw: bytes) -> bytes:
    """The HTML of a MIME message saved as a file (Confluence's Word export, an .mht or
    .eml page), decoded from its transfer encoding, as UTF-8; the file itself when it holds
    none."""
    import email
    from email import policy

    message = email.message_from_bytes(raw, policy=policy.compat32)
    html, plain = (next((part for part in message.walk() if part.get_content_type() == kind),
                        None) for kind in ("text/html", "text/plain"))
    if html is not None:
        page = _payload_text(html)
        if plain is None or "<table" in page.casefold():  # (Apple Mail's HTML of a table
            return page.encode("utf-8")  # typed with tabs is spans: its plain part is it)
    if plain is None:
        return raw
    text = _payload_text(plain)
    if plain.get_param("format", "").lower() == "flowed":
        text = unflowed(text, plain.get_param("delsp", "").lower() == "yes")
    text = _unquoted(text)
    subject = _decoded_header(message.get("Subject", ""))
    return ((f"Subject: {subject}\n\n" if subject else "") + text).encode("utf-8")


def _payload_text(part) -> str:
    return (part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8",
                                                        "replace")


def _decoded_header(value) -> str:
    """A header as its writer typed it: Apple Mail folds a long subject over two lines of
    RFC 2047 words ("=?utf-8?Q?rs=29?=" was a table's title)."""
    from email.header import decode_header, make_header

    try:
        text = str(make_header(decode_header(str(value))))
    except (ValueError, LookupError):  # a malformed encoded word, or an unknown charset
        text = str(value)
    return " ".join(text.split())


def unflowed(text: str, delete_space: bool = False) -> str:
    """A format=flowed plain-text email (RFC 3676, Thunderbird's way) as its writer typed
    it: a line ending in a space goes on in the next one (wrapped at 72 characters, a
    table's cells were cut mid-sentence, its row "The" alone)."""
    out: list[str] = []
    going_on, depth = False, ""
    for line in text.replace("\r\n", "\n").split("\n"):
        quoted = re.match(r">*", line)[0]  # a reply's quoted lines flow at their own depth
        line = line[len(quoted):]
        line = line[1:] if line.startswith(" ") else line  # space-stuffing
        if going_on and out and quoted == depth:
            out[-1] += line
        else:
            out.append(f"{quoted} {line}" if quoted else line)
        going_on, depth = line.endswith(" ") and line != "-- ", quoted
        if going_on and delete_space:
            out[-1] = out[-1][:-1]
    return "\n".join(out)


def _unquoted(text: str) -> str:
    """A plain-text reply with its quoted message's "> " marks taken off: the table a
    colleague sent is in the quote (a dental billing office's reply kept "> " in its title,
    every row name and mid-cell, "60 > days from date of service")."""
    return re.sub(r"(?m)^(?:> ?)+", "", text) if re.search(r"(?m)^>", text) else text


def read_page(table_path: Path, sheet: str | None = None) -> tuple[str, list[str]]:
    """The file as a markdown page, and notes on how it was read: a spreadsheet's CSV or TSV
    written as a markdown table; a file that is not UTF-8 read as Windows-1252, the encoding
    Excel on Windows saves "CSV" in (a byte-order mark, which Excel also writes, dropped)."""
    raw, notes = table_path.read_bytes(), []
    if is_zip(raw) and (notion := _notion_export(raw)) is not None:
        return notion
    if is_zip(raw):  # .docx, .xlsx: a zip of XML
        return _office_page(raw, sheet)
    if sheet is not None:
        raise TableImportError("--sheet names a sheet of an Excel workbook (.xlsx): this "
                               "file is not one")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # the binary .doc and .xls of Office 97-2003
        kind, modern = ({".xls": ("Excel workbook", "xlsx"), ".ppt": ("PowerPoint deck", "pptx")}
                        .get(table_path.suffix.casefold(), ("Word document", "docx")))
        raise TableImportError(f"an old binary {kind} ({table_path.suffix or '.doc'}, Office "
                               f"97-2003): save it as .{modern} (File > Save As in Office or "
                               f"LibreOffice, or `soffice --headless --convert-to {modern} "
                               f"\"{table_path.name}\"`) and import that")
    if raw.lstrip().startswith(b"{\\rtf"):  # PowerPoint's "Outline/RTF", WordPad's files
        raise TableImportError("an RTF file: save it as .docx (File > Save As in Word, "
                               "LibreOffice or WordPad) and import that; a slide's table is "
                               "not in PowerPoint's outline, so copy it into a text file")
    if raw.startswith(b"%PDF-"):  # a PDF's text is laid out for print, not kept as cells
        raise TableImportError("a PDF: import its text instead, as `pdftotext -layout "
                               "FILE.pdf FILE.txt` writes it (poppler-utils), which keeps the "
                               "columns a viewer's copy and paste often loses")
    if _MIME_HEADER.match(raw[:MIME_HEADER_BYTES]):  # Confluence's "Export to Word": a MIME message
        raw = _html_part(raw)  # whose HTML is quoted-printable ("we= lding", "<= /p>")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # undefined bytes still raise: not a text file
        if not _DECLARES_CP1252.search(text[:2000]):  # a Word page says so: nothing to check
            notes.append("read as Windows-1252, not UTF-8: check the accented letters")
    suffix = table_path.suffix.lower()
    if suffix == ".ipynb":
        text = _notebook_markdown(text)
    if suffix == ".enex":
        text = _evernote_note(text)
    if suffix in (".md", ".markdown"):
        text = _with_linked_database(text, _files_in(table_path.parent), notes)
    if suffix in (".html", ".htm") and "<table" not in text.lower():
        text = _with_saved_frames(text, table_path.parent, notes)
    if suffix in SHEET_SUFFIXES:
        text = sheet_as_markdown(text, SHEET_SUFFIXES[suffix])
        if not text:
            raise TableImportError("no header row with two subjects or more: a spreadsheet's "
                                   "table needs a feature column, then a column per subject")
    return text, notes


# a line that is only a link to a CSV beside the page: Notion's "Markdown & CSV" export
# writes an inline database so, its rows in the CSV
_DATABASE_LINK = re.compile(r"^\s*\[[^\]]*\]\(([^)]+\.csv)\)\s*$", re.MULTILINE)


def _with_linked_database(text: str, linked, notes: list[str]) -> str:
    """A Notion page exported as "Markdown & CSV" keeps its TL;DR callout and analogy
    toggle in the page and its table in a CSV the page links: the CSV's table read in
    the link's place (the page alone was "no table found", the CSV alone lost the
    summary and analogy, a help desk's reviewer found). `linked` gives a linked file's
    bytes, or None."""
    def table(link: re.Match) -> str:
        name = urllib.parse.unquote(link[1])
        raw = linked(name)
        if raw is None:
            return link[0]
        notes.append(f"read the table from the CSV the page links, {Path(name).name}")
        try:
            cells = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            cells = raw.decode("cp1252", "replace")
        return sheet_as_markdown(cells, None) or link[0]
    return _DATABASE_LINK.sub(table, text, count=1)


_FRAME = re.compile(r"<iframe\b[^>]*\bsrc=\"(?!https?:|//)([^\"]+)\"[^>]*>(?:\s*</iframe>)?",
                    re.IGNORECASE)
MAX_FRAME_DEPTH = 3


def _notebook_markdown(text: str) -> str:
    """A Jupyter notebook's markdown cells, in order, as one page: where a team writes its
    comparison (a DataFrame's output in a code cell is data, not the comparison: a retail
    data team's notebook imported its output table, the summary the notebook's raw JSON)."""
    import json

    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        raise TableImportError("a .ipynb file that is not a notebook's JSON: open it in "
                               "Jupyter and save it again") from None
    pages = ["".join(c.get("source", "")) if isinstance(c.get("source"), list)
             else str(c.get("source", "")) for c in cells
             if isinstance(c, dict) and c.get("cell_type") == "markdown"]
    if not any(_first_table(page.splitlines()) for page in pages):
        raise TableImportError("no table in the notebook's markdown cells: write the "
                               "comparison as a markdown table in a markdown cell (a code "
                               "cell's output is the data, not the comparison)")
    return "\n\n".join(pages)


_ENEX_NOTE = re.compile(r"<note>(.*?)</note>", re.DOTALL)
_ENEX_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_ENEX_CONTENT = re.compile(r"<content>\s*<!\[CDATA\[(.*?)\]\]>\s*</content>", re.DOTALL)


def _evernote_note(text: str) -> str:
    """An Evernote export (.enex) as the page its note shows: the note's title as its heading
    (a web page's `<title>` is the browser tab's, never read: a vet hospital's note was
    titled by its file's name), then its content; the first note holding a table."""
    notes = [(_ENEX_TITLE.search(note), _ENEX_CONTENT.search(note))
             for note in _ENEX_NOTE.findall(text)]
    notes = [(title, content) for title, content in notes if content]
    if not notes:
        raise TableImportError("an .enex file with no note in it: export the note again from "
                               "Evernote (File > Export Note..., as ENEX)")
    title, content = next((note for note in notes if "<table" in note[1][1].lower()), notes[0])
    return (f"<h1>{title[1].strip()}</h1>\n" if title else "") + content[1]


def _with_saved_frames(text: str, folder: Path, notes: list[str], root: Path | None = None,
                       depth: int = 0) -> str:
    """A page saved from the browser whose table is in an embedded frame, as Google Sites
    shows one, the frame saved beside it in its "_files" folder: each frame's page read in
    its place, inside the page's folder only (a school's Sites page was "no <table> found",
    its TL;DR and analogy lost when the frame was imported alone)."""
    root = root or folder.resolve()

    def framed(found: re.Match) -> str:
        path = (folder / html.unescape(urllib.parse.unquote(found[1]))).resolve()
        if depth >= MAX_FRAME_DEPTH or not path.is_file() or not path.is_relative_to(root):
            return found[0]
        if depth == 0:
            notes.append(f"read the frame the page embeds in its place ({path.name})")
        return _with_saved_frames(path.read_bytes().decode("utf-8", "replace"), path.parent,
                                  notes, root, depth + 1)
    return _FRAME.sub(framed, text)


def _files_in(folder: Path):
    """A linked file's bytes, only from inside the export's folder, as Notion writes it."""
    def read(name: str) -> bytes | None:
        path = (folder / name).resolve()
        if not path.is_file() or not path.is_relative_to(folder.resolve()):
            return None
        return path.read_bytes()
    return read


def _notion_export(raw: bytes, nested: bool = False) -> tuple[str, list[str]] | None:
    """The page of a Notion "Markdown & CSV" export still zipped, as Notion downloads it
    (one page's .md at the top, its database's CSVs in a folder beside it), read with its
    linked CSV; None for any other zip. (A game studio's reviewer was told to save the
    table as .docx, which Notion cannot.) Notion now wraps the export in a zip of its
    parts, "ExportBlock-...-Part-1.zip" (an SRE team's reviewer): each part is read once,
    no deeper."""
    import zipfile

    from bot.officefile import part_bytes
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return None
    names = set(package.namelist())
    parts = sorted(n for n in names if _NOTION_PART.search(n))
    if parts and len(parts) == len(names) and not nested:
        for part in parts:
            if (found := _notion_export(part_bytes(package, part), nested=True)) is not None:
                return found[0], [f"read inside {part}, the part of the export holding the "
                                  "page", *found[1]]
        return None
    pages = [n for n in names if "/" not in n and n.lower().endswith((".md", ".markdown"))]
    if len(pages) != 1 or "word/document.xml" in names or "xl/workbook.xml" in names:
        return None

    def member(name: str) -> bytes | None:
        return part_bytes(package, name) if name in names else None
    notes = [f"read {pages[0]}, the page inside the zip"]
    text = (member(pages[0]) or b"").decode("utf-8-sig", "replace")
    return _with_linked_database(text, member, notes), notes


_NOTION_PART = re.compile(r"(?:^|/)ExportBlock-[\w-]+-Part-\d+\.zip$", re.IGNORECASE)


def _office_page(raw: bytes, sheet: str | None) -> tuple[str, list[str]]:
    """A Word document as its HTML page, an Excel workbook's sheet as a markdown one."""
    try:
        kind, text, notes = office_page(raw, sheet)
    except OfficeFileError as error:
        raise TableImportError(str(error)) from None
    if kind == "html" and sheet is not None:
        raise TableImportError("--sheet names a sheet of an Excel workbook (.xlsx): this "
                               "file is a Word document")
    if kind == "csv":
        text = sheet_as_markdown(text, ",")
        if not text:
            raise TableImportError("no header row with two subjects or more: a sheet's table "
                                   "needs a feature column, then a column per subject")
    return text, notes


def import_table(table_path: Path, output: Path | None, sheet: str | None = None) -> str:
    """Return the knowledge file for a table, with proposed aliases, merged with the
    tuning already in `output`."""
    page, notes = read_page(table_path, sheet)
    parsed = parse_table_markdown(page, table_path.name)
    notes += parsed.pop(NOTES, [])
    topic, orphans, replaced = {"source": table_path.name, **propose(parsed)}, {}, {}
    if output is not None and output.exists():
        existing = _existing_file(output)
        existing = existing if isinstance(existing, dict) else {}
        prose_notes, replaced = kept_prose(topic, existing)
        notes = kept_title(topic, existing, notes, _titled_by_import(output))
        notes += _rows_back(topic, existing)
        topic = merge_tuning(topic, existing)
        orphans = left_behind(topic, existing)
        notes += prose_notes + [f"row '{name}' is no longer in the table: what was added to "
                                "it is kept as comments at the end of the file"
                                for name in orphans]
    header = f"# Imported from {table_path.name} by `k8s-compare kb import`.\n"
    header += "# Facts (subjects, rows, cells, summary, analogy) are the table's own words.\n"
    header += "# aliases were proposed by the import (acronyms, plurals, short forms): keep or\n"
    header += "# delete them. Add examples (questions a row answers) and out_of_scope terms to\n"
    header += "# tune matching; a re-import keeps them.\n"
    header += "".join(f"# note: {note}\n" for note in notes)
    text = header + yaml.safe_dump(topic, sort_keys=False, allow_unicode=True, width=4096)
    _loads(text)
    return text + _as_comments(orphans) + _replaced_as_comments(replaced)


_TITLE_NOTE = re.compile(r'^# note: titled "(.*)" from (?:the page|the file\'s name): ',
                         re.MULTILINE)


def _titled_by_import(output: Path) -> str:
    """The title the import wrote into `output`, as its own note says, or ""."""
    found = _TITLE_NOTE.search(output.read_text("utf-8", "replace"))
    return found[1] if found else ""


def _rows_back(imported: dict, existing: dict) -> list[str]:
    """Rows the import brings that the file did not have: new in the table, or deleted by
    hand and back with every re-export (a game studio's reviewer lost its edit unawares)."""
    had = {str(r.get("feature", "")).casefold() for r in existing.get("rows") or []
           if isinstance(r, dict)}
    new = [r["feature"] for r in imported.get("rows", []) if r["feature"].casefold() not in had]
    if not had or not new:
        return []
    return [f"row(s) {', '.join(repr(n) for n in new)} were not in the file: new in the table, "
            "or deleted here by hand (they come back with every import: leave them out of "
            "the table itself)"]


def _existing_file(output: Path) -> dict:
    """The knowledge file a re-import merges into; one that does not parse is said in the
    line `kb check` gives (a title edited with an unquoted colon was a traceback)."""
    try:
        return yaml.safe_load(output.read_text("utf-8")) or {}
    except yaml.YAMLError as error:
        from bot.knowledge import load_topic

        problems = load_topic(output)[1]
        said = str(problems[0]) if problems else f"{output}: {error}"
        raise TableImportError(f"{said}: mend it (or delete the file) and import again"
                               ) from None


def _as_comments(orphans: dict[str, dict]) -> str:
    """What was added to rows the table no longer has, as YAML comments to move by hand."""
    if not orphans:
        return ""
    rows = yaml.safe_dump([{"feature": name, **added} for name, added in orphans.items()],
                          sort_keys=False, allow_unicode=True, width=4096)
    return ("# Added to rows the table no longer has: move what still applies to the row "
            "that took their place.\n" + "".join(f"# {line}\n" for line in rows.splitlines()))


def _replaced_as_comments(replaced: dict[str, object]) -> str:
    """The summary or analogy the file had before the table's own replaced it."""
    if not replaced:
        return ""
    old = yaml.safe_dump(replaced, sort_keys=False, allow_unicode=True, width=4096)
    return ("# Written in the file before this import, replaced by the table's own:\n"
            + "".join(f"# {line}\n" for line in old.splitlines()))


def _loads(text: str) -> None:
    """Refuse to hand over a file the bot would refuse to load: one broken file stops every
    comparison loaded beside it."""
    from bot.knowledge import load_topic

    with tempfile.TemporaryDirectory(prefix="kb-import-") as folder:
        path = Path(folder) / "imported.yaml"
        path.write_text(text, "utf-8")
        problems = load_topic(path)[1]
    if problems:
        raise TableImportError("the import would write a file the bot cannot load: "
                               + "; ".join(p.message for p in problems))
