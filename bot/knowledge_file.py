"""Read one knowledge file (YAML) into a Topic, reporting every problem as FILE:LINE.

Kept apart from bot/knowledge.py so that YAML is imported only when a file has to be
parsed: compiled knowledge (bot/compiled.py) spares a terminal question that cost.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from bot.knowledge import (
    EXAMPLE_KINDS,
    REQUIRED_TOP_KEYS,
    ROW_KEYS,
    SUBJECT_KEYS,
    TOP_KEYS,
    Problem,
    Row,
    Subject,
    Topic,
)

try:  # libyaml is several times faster; fall back to pure Python where it is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def load_topic(path: Path) -> tuple[Topic | None, list[Problem]]:
    """Parse one knowledge file; return the topic or the problems found in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), 0, f"cannot read file: {exc}")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark and context_mark.line + 1 != line:
            reason += f" ({context} started at line {context_mark.line + 1})"
        return None, [Problem(str(path), line, f"YAML syntax error: {reason}")]
    return _TopicReader(path).read(node)


class _TopicReader:
    """Walks the YAML node tree so each problem can name its line."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(str(self.path), line, message))

    def read(self, node: yaml.Node | None) -> tuple[Topic | None, list[Problem]]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "a knowledge file must be a mapping with title, subjects and rows")
            return None, self.problems
        top = self.mapping(node, TOP_KEYS, "top level")
        for key in REQUIRED_TOP_KEYS:
            if key not in top:
                self.problem(node, f"missing required key '{key}'")
        subjects = self.subjects(top.get("subjects"))
        rows = self.rows(top.get("rows"), subjects)
        topic = Topic(
            id=self.path.stem,
            title=self.text(top.get("title"), "title"),
            subjects=subjects,
            rows=rows,
            summary=self.text_list(top.get("summary"), "summary", allow_single=True),
            analogy=self.text(top.get("analogy"), "analogy", required=False),
            out_of_scope=self.text_list(top.get("out_of_scope"), "out_of_scope"),
            source=self.text(top.get("source"), "source", required=False),
            examples=self.kind_examples(top.get("examples")),
        )
        return (None if self.problems else topic), self.problems

    def mapping(self, node: yaml.MappingNode, allowed: set[str], where: str) -> dict:
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.problem(key_node, f"unknown key '{key}' in {where} (expected: {expected}"
                             f"){hint}")
            elif key in values:
                self.problem(key_node, f"duplicate key '{key}' in {where}")
            else:
                values[key] = value_node
        return values

    def text(self, node: yaml.Node | None, what: str, required: bool = True) -> str:
        if node is None:
            return ""
        if isinstance(node, yaml.MappingNode):  # "Guaranteed: within a partition"
            self.problem(node, f"{what} must be text: put it in quotes, since ': ' inside "
                               "reads as a key")
            return ""
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.problem(node, f"{what} must be text")
            return ""
        value = str(node.value).strip()
        if required and not value:
            self.problem(node, f"{what} is empty")
        return value

    def text_list(self, node: yaml.Node | None, what: str, allow_single: bool = False):
        if node is None:
            return ()
        if allow_single and isinstance(node, yaml.ScalarNode):
            return (self.text(node, what),)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list of text")
            return ()
        return tuple(self.text(item, f"{what} entry") for item in node.value)

    def subjects(self, node: yaml.Node | None) -> tuple[Subject, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            self.problem(node, "subjects must list at least two columns to compare")
            return ()
        return tuple(self.subject(item) for item in node.value)

    def subject(self, node: yaml.Node) -> Subject:
        if isinstance(node, yaml.ScalarNode):
            return Subject(self.text(node, "subject name"))
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "a subject is a name or a mapping with name and aliases")
            return Subject("")
        values = self.mapping(node, SUBJECT_KEYS, "subject")
        if "name" not in values:
            self.problem(node, "subject is missing 'name'")
        aliases = self.text_list(values.get("aliases"), "aliases")
        return Subject(self.text(values.get("name"), "subject name"), aliases)

    def rows(self, node: yaml.Node | None, subjects: tuple[Subject, ...]) -> tuple[Row, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, "rows must be a non-empty list")
            return ()
        rows, first_seen = [], {}
        for item in node.value:
            row = self.row(item, subjects)
            if row is None:
                continue
            key = row.feature.casefold()
            if key in first_seen:
                first = first_seen[key]
                self.problem(item, f"duplicate row '{row.feature}' (first at line {first})")
            first_seen.setdefault(key, item.start_mark.line + 1)
            rows.append(row)
        return tuple(rows)

    def row(self, node: yaml.Node, subjects: tuple[Subject, ...]) -> Row | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "a row must be a mapping with feature and cells")
            return None
        values = self.mapping(node, ROW_KEYS, "row")
        feature = self.text(values.get("feature"), "feature")
        if "feature" not in values:
            self.problem(node, "row is missing 'feature'")
        cells = self.cells(values.get("cells"), node, feature, subjects)
        return Row(
            feature,
            cells,
            vocabulary=self.text_list(values.get("vocabulary"), f"vocabulary of '{feature}'"),
            examples=self.text_list(values.get("examples"), f"examples of '{feature}'"),
            aliases=self.text_list(values.get("aliases"), f"aliases of '{feature}'"),
            note=self.text(values.get("note"), f"note of '{feature}'", required=False),
        )

    def kind_examples(self, node: yaml.Node | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """`examples: {summary: [...], analogy: [...], table: [...]}` at the top level."""
        if node is None:
            return ()
        if not isinstance(node, yaml.MappingNode):
            kinds = ", ".join(EXAMPLE_KINDS)
            self.problem(node, f"examples must map an answer kind ({kinds}) to questions")
            return ()
        values = self.mapping(node, set(EXAMPLE_KINDS), "examples")
        return tuple(
            (kind, self.text_list(values[kind], f"examples of {kind}"))
            for kind in EXAMPLE_KINDS if kind in values
        )

    def cells(self, node, row_node, feature: str, subjects) -> tuple[str, ...]:
        if node is None:
            self.problem(row_node, f"row '{feature}' is missing 'cells'")
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"cells of '{feature}' must be a list, one per subject")
            return ()
        cells = []
        for index, item in enumerate(node.value):
            column = subjects[index].name if index < len(subjects) else f"column {index + 1}"
            cell = self.text(item, f"cell '{column}' of row '{feature}'", required=False)
            if not cell and isinstance(item, yaml.ScalarNode):
                self.problem(item, f"cell '{column}' of row '{feature}' is empty: write "
                                   "'\u2014' or 'n/a' where the table says nothing")
            cells.append(cell)
        if subjects and len(cells) < len(subjects):
            missing = ", ".join(s.name for s in subjects[len(cells):])
            self.problem(node, f"row '{feature}' is missing column(s): {missing}")
        elif subjects and len(cells) > len(subjects):
            extra = len(cells) - len(subjects)
            self.problem(node, f"row '{feature}' has {extra} cell(s) more than there are columns")
        return tuple(cells)
