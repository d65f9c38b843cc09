"""A LaTeX page's `tabular` as markdown, for `kb import`: a lab handbook or a thesis keeps its
comparison tables in LaTeX, and a maintainer imports the `.tex` file (or pastes its table)
as it is. The caption is the title, `\\section{}` a heading, and the text around the table
(its "\\textbf{In short:} ..." and "Analogy: ...") stays prose, so the rest of the import
reads it as it reads a markdown page."""

from __future__ import annotations

import re

_TABULAR = re.compile(
    r"\\begin\{(tabular\*?|tabularx|tabulary|longtable|tblr)\}"  # the environment
    r"(?:\[[^\]]*\])?(?:\{[^{}]*\})?"  # tabular*'s or tabularx's width, longtable's [c]
    r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"  # the column spec, "{@{}p{3cm}ll@{}}"
    r"(.*?)\\end\{\1\}", re.DOTALL)
_COMMENT = re.compile(r"(?<!\\)%.*$", re.MULTILINE)
_RULES = re.compile(r"\\(?:toprule|midrule|bottomrule|hline|endhead|endfirsthead|endfoot|"
                    r"endlastfoot|addlinespace|morecmidrules)\b(?:\[[^\]]*\])?|"
                    r"\\c(?:mid)?rule(?:\([^)]*\))?\{[^}]*\}")
_CAPTION = re.compile(r"\\caption(?:\[[^\]]*\])?\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")
_SECTION = re.compile(r"\\(?:chapter|(?:sub)*section|paragraph)\*?\{([^{}]*)\}")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\{[^}]*\}(?:\[[^\]]*\])?")
_MULTICOLUMN = re.compile(r"\\multi(?:column|row)\{[^}]*\}\{[^}]*\}")
_SYMBOLS = {r"\times": "×", r"\sim": "~", r"\le": "≤", r"\leq": "≤", r"\ge": "≥",
            r"\geq": "≥", r"\pm": "±", r"\approx": "≈", r"\to": "→", r"\rightarrow": "→",
            r"\ldots": "…", r"\dots": "…", r"\cdot": "·", r"\mu": "µ",
            r"\degree": "°", r"\textdegree": "°", r"\euro": "€", r"\pounds": "£"}
_ESCAPED = {r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", r"\{": "{", r"\}": "}",
            r"\textbackslash": "\\", r"\,": " ", r"\;": " ", r"\ ": " ", r"\\": " "}
# the commands whose argument is shown as it is (or marked as markdown marks it)
_MARKED = {"textbf": "**", "textit": "", "emph": "", "textsc": "", "textrm": "", "textsf": "",
           "underline": "", "mbox": "", "text": "", "textup": "", "textmd": "", "url": "",
           "texttt": "`", "path": "`", "verb": "`", "code": "`", "si": "", "SI": ""}


def looks_like_latex_table(text: str) -> bool:
    return bool(_TABULAR.search(text))


def latex_as_markdown(text: str) -> str:
    """The page with its first tabular as a markdown table (its caption the heading above
    it), the prose before and after it as plain paragraphs."""
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    found = _TABULAR.search(text)
    if found is None:
        return text
    caption = _CAPTION.search(text[:found.start()]) or _CAPTION.search(text[found.end():])
    rows = [_cells(line) for line in _rows(found.group(3))]
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    lines = [f"## {_inline(caption.group(1))}", ""] if caption else []
    for at, row in enumerate(rows):
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if at == 0:
            lines.append("|" + "---|" * width)
    before = _prose(_CAPTION.sub("", text[:found.start()]))
    after = _prose(_CAPTION.sub("", text[found.end():]))
    return "\n".join([before, "", *lines, "", after]) + "\n"


def _rows(body: str) -> list[str]:
    """The table's rows: split at `\\\\` outside braces (a cell's `\\newline` stays)."""
    body = _RULES.sub("", body)
    rows, depth, start, at = [], 0, 0, 0
    while at < len(body):
        char = body[at]
        depth += (char == "{") - (char == "}")
        if body.startswith("\\\\", at) and depth == 0:
            rows.append(body[start:at])
            at = start = at + 2
            continue
        at += 1 + (char == "\\")  # "\&", "\{": an escaped character is no delimiter
    rows.append(body[start:])
    return [row for row in rows if row.strip()]


def _cells(row: str) -> list[str]:
    """A row's cells: split at `&` outside braces, each as markdown text."""
    cells, depth, start, at = [], 0, 0, 0
    while at < len(row):
        char = row[at]
        depth += (char == "{") - (char == "}")
        if char == "&" and depth == 0:
            cells.append(row[start:at])
            start = at + 1
        at += 1 + (char == "\\")
    cells.append(row[start:])
    return [_inline(_MULTICOLUMN.sub("", cell)).replace("|", "\\|") for cell in cells]


def _prose(text: str) -> str:
    """Text outside the table as markdown paragraphs: a section as a heading, a paragraph
    (lines up to a blank one) on one line."""
    text = _SECTION.sub(lambda m: f"\n\n## {m.group(1)}\n\n", _ENVIRONMENT.sub("", text))
    text = re.sub(r"\\(?:label|ref|cite|pageref)\{[^}]*\}", "", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(_inline(p) for p in paragraphs if p.strip())


def _inline(text: str) -> str:
    """LaTeX's inline marks as markdown's: `\\textbf{x}` as **x**, `\\texttt{x}` as `x`,
    `\\footnote{x}` as " (x)", `$2\\times$` as "2×", "--" as "–"; other commands dropped,
    their argument kept."""
    text = text.replace("\\$", "\0")  # a dollar sign, not math: "\\$TMPDIR", "\\$12"
    text = re.sub(r"(?<!\\)~", " ", text)  # a space that does not break: "Table~1"
    text = re.sub(r"\\(?:newline|linebreak|par)\b", "; ", text)
    text = re.sub(r"\\href\{([^}]*)\}\{([^}]*)\}", r"[\2](\1)", text)
    text = re.sub(r"~?\\(?:ref|cite|label|pageref|eqref)\{[^}]*\}", "", text)
    text = re.sub(r"\\(?:noindent|centering|small|footnotesize|scriptsize|large|Large|"
                  r"normalsize|raggedright|hfill|vfill|bfseries|itshape|ttfamily)\b\s*", "", text)
    for _ in range(3):  # nested marks, innermost first: "\textbf{\texttt{x}}"
        text = re.sub(r"\\footnote\{([^{}]*)\}", r" (\1)", text)
        text = re.sub(r"\\(\w+)\{([^{}]*)\}", _marked, text)
    text = re.sub(r"\$([^$]*)\$", lambda m: _math(m.group(1)), text)
    for command, symbol in sorted(_SYMBOLS.items(), key=lambda pair: -len(pair[0])):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", symbol, text)
    for escaped, plain in _ESCAPED.items():
        text = text.replace(escaped, plain)
    text = re.sub(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?", "", text)  # any other command, dropped
    parts = text.split("`")  # code between the odd backticks: its "--exclusive" stays
    text = "`".join(part if at % 2 else _typeset(part) for at, part in enumerate(parts))
    text = " ".join(text.replace("{", "").replace("}", "").replace("\0", "$").split())
    return text.replace("( ", "(").replace(" )", ")")  # "(see Table~\ref{t})"


def _typeset(text: str) -> str:
    """Dashes and quotes as LaTeX prints them: "--" an en dash, ``x'' curly quotes."""
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("``", "\u201c")
    return text.replace("''", "\u201d")


def _marked(found: re.Match) -> str:
    mark = _MARKED.get(found.group(1), "")
    return f"{mark}{found.group(2)}{mark}" if found.group(2).strip() else ""


def _math(formula: str) -> str:
    """Inline math as the text it shows: "2\\times" as "2×", "\\sim150" as "~150"."""
    for command, symbol in _SYMBOLS.items():
        formula = re.sub(re.escape(command) + r"(?![A-Za-z])", symbol, formula)
    return formula.replace("^", "").replace("{", "").replace("}", "").strip()
