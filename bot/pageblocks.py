"""What note-taking apps and wikis wrap around a page's prose, read as the import reads plain
text: a folded block (GitHub's `<details><summary>`, an Obsidian or GitHub callout
`> [!tip] TL;DR`, a Hugo shortcode `{{< note title="TL;DR" >}}`, an MkDocs admonition
`!!! tip "TL;DR"`, a Docusaurus one `:::tip TL;DR`, an MDX component with a label,
`<TabItem label="Think of it like…">`) holding the summary or the
analogy becomes one labelled paragraph ("TL;DR: ...", "Analogy: ..."); Obsidian's
wiki-links, highlights and comments become their text. Read as they were, a summary was
"(click to expand)", an analogy was "summary>Analogy</summary>" or "example] Analogy", and
answers showed `[[3E cheat sheet|Elite 3E]]`. An MDX page's imports and its other components
(`<Tabs>`, `<FitTestBadge model="9332+" />`) are no text of it: the analogy was the tag
`TabItem value="analogy" label="Think of it like…">`."""

from __future__ import annotations

import re

_DETAILS_OPEN = re.compile(r"^\s*<details\b[^>]*>\s*(.*)$", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY_TAG = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_SHORTCODE_OPEN = re.compile(r"^\s*\{\{[<%]\s*(\w[\w-]*)([^/>%]*?)\s*[>%]\}\}\s*$")
_SHORTCODE_CLOSE = re.compile(r"^\s*\{\{[<%]\s*/\s*\w[\w-]*\s*[>%]\}\}\s*$")
_CALLOUT = re.compile(r"^\s*>\s*\[!(\w+)\][+-]?\s*(.*)$")  # "> [!tip]- TL;DR"
_QUOTED = re.compile(r"^\s*>\s?(.*)$")
_COLONS_OPEN = re.compile(r"^\s*:::\s*([\w-]+)(?:\[([^\]]*)\]|[ \t]+(\S.*?))?\s*$")  # Docusaurus
_COLONS_CLOSE = re.compile(r"^\s*:::\s*$")
_COMPONENT_OPEN = re.compile(r"^\s*<([A-Z][\w.]*)\b([^<>]*?)>\s*$")  # <TabItem label="...">
_COMPONENT_LINE = re.compile(r"^\s*</?[A-Z][\w.]*\b[^<>]*>\s*$")  # <Tabs ...>, </TabItem>, <X />
_COMPONENT_INLINE = re.compile(r"\s*<[A-Z][\w.]*\b[^<>]*/>")  # a cell's <FitTestBadge ... />
_MDX_IMPORT = re.compile(r"""^\s*import\s+[\w{}\s,*]+\s+from\s+['"][^'"]+['"];?\s*$""")
_LABEL_ATTRIBUTE = re.compile(r"""\b(?:label|title)\s*=\s*["']([^"']*)["']""")
# MkDocs (Material, Backstage TechDocs): '!!! tip "TL;DR"', '??? example "Analogy"', then
# its text indented four spaces
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*([\w-]+)(?:\s+"([^"]*)")?\s*$')
_TOC_MACRO = re.compile(r"^\s*(?:\[\[_TOC_\]\]|\[TOC\]|\{:toc\}|\[\[toc\]\])\s*$",
                        re.IGNORECASE)  # GitLab's and markdown extensions' table of contents
_TAG = re.compile(r"<[^>]+>")
_EXPAND_HINT = re.compile(r"\(\s*(?:click|tap)?\s*(?:to\s+)?(?:expand|open|show)[^)]*\)",
                          re.IGNORECASE)
SUMMARY_TITLE = re.compile(r"\b(?:summary|tl;?dr|conclusion|in short|bottom line|"
                           r"key takeaways?)\b", re.IGNORECASE)
# a label that names the analogy beside or over it: a sheet's row "Think of it like", a
# folded block's title "Think of it like…", a heading "Analogy"
ANALOGY_LABEL = re.compile(r"^(?:analog(?:y|ies)|metaphor|think of (?:it|them|this)"
                           r"(?: as| like)?(?: this| that)?|it['\u2019]?s like|eli5)$",
                           re.IGNORECASE)  # (a Sites page's "Think of it like this" alone)
ANALOGY_TITLE = re.compile(r"\b(?:analog(?:y|ies)|metaphor|eli5|think of (?:it|them|this)|"
                           r"it['\u2019]?s like)\b", re.IGNORECASE)  # ":::info[Think of it
# like this]" over "Webhooks are a doorbell: ..."
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# Obsidian: [[Page]], [[Page|shown text]] (its "|" escaped inside a table), ==highlight==,
# %% a comment %%
_WIKI_LINK = re.compile(r"\[\[([^\[\]|\\\s][^\[\]|\\]*?)(?:\\?\|([^\[\]]+?))?\]\]")
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)(?<=\S)==")
_COMMENT = re.compile(r"%%.*?%%")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,}|\^{3,})\s*$")  # one run: not a rule of columns
_ORG_HEADING = re.compile(r"^(\*+)\s+(\S.*)$")
_ORG_TITLE = re.compile(r"^#\+title:\s*(\S.*)$", re.IGNORECASE)
_TAGS_ONLY = re.compile(r"^\s*#[A-Za-z][\w/-]*(?:\s+#[A-Za-z][\w/-]*)*\s*$")
_FRONT_MATTER_LINE = re.compile(r"^(?:\s*$|[\w-]+:|\s+\S|\s*-\s)")  # "key: ...", a list item


def with_atx_headings(lines: list[str], org: bool = False) -> list[str]:
    """Headings written other ways as markdown's "# ...": a line underlined with "===" or
    "---" (markdown's other kind, and reStructuredText's), and in an Org file its "* " and
    "#+TITLE:" lines. The page's title was missed, and its file's name titled the table."""
    out: list[str] = []
    for at, line in enumerate(lines):
        under = lines[at + 1] if at + 1 < len(lines) else ""
        if _UNDERLINE.match(line) and out and out[-1].startswith("#"):
            out.append("")  # the underline of the heading just written (a line kept for
            continue  # a line, so the table's line numbers stay)
        if line.strip() and "|" not in line and _UNDERLINE.match(under) and not (
                _UNDERLINE.match(line) or line.startswith(("#", ">", "-", "*", "+"))):
            out.append(("# " if under.strip()[0] == "=" else "## ") + line.strip())
        elif org and (found := _ORG_HEADING.match(line)):
            out.append("#" * (len(found[1]) + 1) + " " + found[2])  # under "#+TITLE"
        elif org and (found := _ORG_TITLE.match(line)):
            out.append(f"# {found[1]}")
        else:
            out.append(line)
    return out


def without_front_matter(lines: list[str]) -> list[str]:
    """The page without the YAML front matter Obsidian, Jekyll or Hugo put first ("---",
    "tags: [...]", "owner: ...", "---"): no prose of the comparison (it was noted as text in
    no answer), its `title:` kept as the page's heading."""
    if not lines or lines[0].strip() != "---":
        return lines
    end = next((at for at, line in enumerate(lines[1:40], 1) if line.strip() == "---"), None)
    if end is None or not all(_FRONT_MATTER_LINE.match(line) for line in lines[1:end]):
        return lines
    title = next((found[1].strip().strip("'\"") for line in lines[1:end]
                  if (found := re.match(r"^title:\s*(\S.*)$", line))), "")
    return [*([f"# {title}"] if title else []), *lines[end + 1:]]


def folded_blocks(lines: list[str]) -> list[str]:
    """The page's lines with each folded block written out (see the module's docstring)."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        if _DETAILS_OPEN.match(lines[at]):
            title, body, at = _details(lines, at)
        elif shortcode := _SHORTCODE_OPEN.match(lines[at]):  # Hugo's {{< note >}} ...
            name, params = shortcode[1], shortcode[2]
            titled = re.search(r"title\s*=\s*[\"']([^\"']*)[\"']", params)
            title, body, at = (titled[1] if titled else name), [], at + 1
            while at < len(lines) and not _SHORTCODE_CLOSE.match(lines[at]):
                body.append(lines[at])
                at += 1
            at += 1
        elif admonition := _ADMONITION.match(lines[at]):
            title, body, at = _admonition(lines, at, admonition)
        elif colons := _COLONS_OPEN.match(lines[at]):
            title, body, at = colons[2] or colons[3] or colons[1], [], at + 1
            while at < len(lines) and not _COLONS_CLOSE.match(lines[at]):
                body.append(lines[at])
                at += 1
            at += 1
        elif (component := _COMPONENT_OPEN.match(lines[at])) and _LABEL_ATTRIBUTE.search(
                component[2]):
            title, body, at = _component(lines, at, component)
        elif _COMPONENT_LINE.match(lines[at]) or _MDX_IMPORT.match(lines[at]):
            at += 1  # a container (<Tabs>), a component of its own, an import: no text
            continue
        elif callout := _CALLOUT.match(lines[at]):
            title, body, at = callout[2] or callout[1], [], at + 1
            while at < len(lines) and _QUOTED.match(lines[at]):
                body.append(_QUOTED.match(lines[at])[1])
                at += 1
        else:
            out.append(_COMPONENT_INLINE.sub("", lines[at]))
            at += 1
            continue
        out += ["", *written_out(title, folded_blocks(body)), ""]
    return out


def _component(lines: list[str], at: int, opening: re.Match) -> tuple[str, list[str], int]:
    """An MDX component with a label from line `at` (`<TabItem label="Think of it like…">`):
    its label, the lines up to its closing tag, and the line after it."""
    title, body, at = _LABEL_ATTRIBUTE.search(opening[2])[1], [], at + 1
    closing = re.compile(rf"^\s*</{re.escape(opening[1])}\s*>\s*$")
    while at < len(lines) and not closing.match(lines[at]):
        body.append(lines[at])
        at += 1
    return title, body, at + 1


def _admonition(lines: list[str], at: int, opening: re.Match) -> tuple[str, list[str], int]:
    """An MkDocs admonition from line `at`: its title (its kind when untitled), its
    indented lines, and the line after it. Read as it was, the summary was lost and the
    analogy read 'example "Analogy" Terraform is ...'."""
    title, body, at = opening[2] or opening[1], [], at + 1
    while at < len(lines) and (lines[at].startswith(("    ", "\t")) or not lines[at].strip()
                               and at + 1 < len(lines) and lines[at + 1].startswith("    ")):
        body.append(lines[at])
        at += 1
    return title, body, at


def _details(lines: list[str], at: int) -> tuple[str, list[str], int]:
    """A `<details>` block from line `at`: its `<summary>` title, the lines it folds, and the
    line after it."""
    text = [_DETAILS_OPEN.match(lines[at])[1]]
    at += 1
    while at < len(lines) and not _DETAILS_CLOSE.search(text[-1]):
        text.append(lines[at])
        at += 1
    block = _DETAILS_CLOSE.split("\n".join(text))[0]
    found = _SUMMARY_TAG.search(block)
    title = _TAG.sub("", found[1]) if found else ""
    body = (block[found.end():] if found else block).splitlines()
    return title, body, at


def written_out(title: str, body: list[str]) -> list[str]:
    """A folded block as the import reads a page: the summary as "TL;DR: ..." (its bullets
    under a "## Summary" heading), the analogy as "Analogy: ...", else its lines alone."""
    title = " ".join(_EXPAND_HINT.sub("", title).replace("*", "").split())
    said = [line.strip() for line in body if line.strip()]
    if SUMMARY_TITLE.search(title) and said:
        if any(_BULLET.match(line) for line in said):
            return ["## Summary", "", *said]
        return [f"TL;DR: {_unlabelled(' '.join(said), SUMMARY_TITLE)}"]
    if ANALOGY_TITLE.search(title) and said:
        return [f"Analogy: {_unlabelled(' '.join(said), ANALOGY_TITLE)}"]
    return said


def _unlabelled(text: str, label: re.Pattern) -> str:
    """The text without the label its block's title already gives ("TL;DR: the login...")."""
    found = label.match(text.lstrip("*_ "))
    rest = text.lstrip("*_ ")[found.end():] if found else ""
    return rest.lstrip("*_ ").lstrip(":\u2013\u2014-").strip() if found and re.match(
        r"[*_ ]*[:\u2013\u2014-]", rest) else text


def without_note_marks(line: str) -> str:
    """A line without Obsidian's marks: a wiki-link as the text it shows, a highlight as its
    text, a comment and a line of tags left out; not inside `code` (a shell's `[[ ]]`)."""
    if _TAGS_ONLY.match(line) or _TOC_MACRO.match(line):
        return ""  # "#onboarding #time-entry": the note's tags, no prose; "[[_TOC_]]"
    if "[[" not in line and "==" not in line and "%%" not in line:
        return line
    parts = line.split("`")
    for at in range(0, len(parts), 2):  # the even parts are outside code spans
        part = _COMMENT.sub("", parts[at])
        part = _WIKI_LINK.sub(lambda link: (link[2] or link[1]).strip(), part)
        parts[at] = _HIGHLIGHT.sub(r"\1", part)
    return "`".join(parts)
