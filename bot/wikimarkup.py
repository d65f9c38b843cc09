"""Confluence and Jira wiki markup as the markdown `kb import` reads: how every Jira issue and
a Confluence page's source show a table (`|| header ||` over `| cell |` lines), pasted into a
text file. It failed with "no markdown table found"; converted by hand, its `[text|url]`
links split cells and `*Model*`, `{{code}}`, `\\\\` and `(x)` were left raw in answers."""

from __future__ import annotations

import re

from bot.pageblocks import written_out

_HEADER_LINE = re.compile(r"^\s*\|\|.*\|\|\s*$")
_ROW_LINE = re.compile(r"^\s*\|(?!\|).*\|\s*$")
_HEADING = re.compile(r"^\s*h([1-6])\.\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(#+)\s+(\S.*)$")  # "# step": a numbered list, not a heading
_BULLET = re.compile(r"^\s*(\*+|-)\s+(\S.*)$")
_LINK = re.compile(r"\[([^\[\]|]+)\|([^\[\]]+)\]")  # [text|https://...]
_BARE_LINK = re.compile(r"\[((?:https?|mailto):[^\[\]|]+)\]")
_MACRO = re.compile(r"\{(?:info|note|tip|warning|panel|quote|expand|status|color)(?::[^}]*)?\}")
_MENTION = re.compile(r"\[~([\w.-]+)\]")  # "[~oncall-lead]"
_TITLED_BLOCK = re.compile(r"\{(panel|info|note|tip|warning|expand)(?::([^}]*))?\}(.*?)\{\1\}",
                           re.DOTALL)  # "{panel:title=TL;DR|bgColor=...}...{panel}"
_LONE_MACRO = re.compile(r"^\s*\{(?:toc|children|anchor|jira|include)(?::[^}]*)?\}\s*$")
_MONOSPACE = re.compile(r"\{\{(.+?)\}\}")
_STRONG = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMOTICONS = {"(/)": "✅", "(x)": "❌", "(!)": "⚠️", "(i)": "ℹ️", "(?)": "❓", "(y)": "👍",
              "(n)": "👎", "(on)": "💡", "(off)": "💡", "(*)": "⭐"}


def looks_like_wiki_table(text: str) -> bool:
    """A `||`-headed table line followed by `|` row lines."""
    lines = text.splitlines()
    return any(_HEADER_LINE.match(line) and any(_ROW_LINE.match(after) for after in lines[at + 1:])
               for at, line in enumerate(lines))


def wiki_as_markdown(text: str) -> str:
    """The page with its headings, lists, table and inline marks written as markdown."""
    out: list[str] = []
    for line in _TITLED_BLOCK.sub(_block_written_out, text).splitlines():
        if _LONE_MACRO.match(line):
            continue
        line = _inline(_MACRO.sub("", line))
        if _HEADER_LINE.match(line):
            cells = _split(line.strip()[2:-2], "||")
            out += ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)]
        elif _ROW_LINE.match(line):
            out.append("| " + " | ".join(_split(line.strip()[1:-1], "|")) + " |")
        elif heading := _HEADING.match(line):
            out.append("#" * int(heading[1]) + " " + heading[2])
        elif numbered := _NUMBERED.match(line):
            out.append("  " * (len(numbered[1]) - 1) + "1. " + numbered[2])
        elif bullet := _BULLET.match(line):
            out.append("  " * (len(bullet[1]) - 1) + "- " + bullet[2])
        else:
            out.append(line)
    return "\n".join(out)


def _block_written_out(block: re.Match) -> str:
    """A panel, note or expand macro around text: a "TL;DR" or "Analogy" one as that labelled
    paragraph (a `{panel:title=TL;DR}` summary was read as loose text above the table), any
    other as its text."""
    params = block[2] or ""
    titled = re.search(r"(?:^|\|)title=([^|]*)", params)
    title = titled[1] if titled else ("" if "=" in params else params)
    return "\n" + "\n".join(written_out(title, block[3].splitlines())) + "\n"


def _inline(line: str) -> str:
    """Links as markdown links (their "|" no longer splits a cell), a mention `[~name]` as
    the name (no "@": never a ping), `{{code}}` as code,
    `*strong*` as bold, `\\\\` as a line break, emoticons as emoji."""
    line = _MENTION.sub(r"\1", _BARE_LINK.sub(r"\1", _LINK.sub(r"[\1](\2)", line)))
    line = _STRONG.sub(r"**\1**", _MONOSPACE.sub(r"`\1`", line))
    for code, emoji in _EMOTICONS.items():
        line = line.replace(code, emoji)
    return line.replace("\\\\", "<br>")


_MD_LINK = re.compile(r"\[[^\[\]]*\]\([^()]*\)")


def _split(inner: str, bar: str) -> list[str]:
    """Cells between bars; a link's url (which may hold a "|") kept whole."""
    links: list[str] = []

    def hide(link: re.Match) -> str:
        links.append(link[0])
        return f"\x00{len(links) - 1}\x00"

    cells = _MD_LINK.sub(hide, inner).split(bar)
    return [re.sub(r"\x00(\d+)\x00", lambda m: links[int(m[1])], c).strip() for c in cells]
