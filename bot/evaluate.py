"""Score the matcher on a labelled question file (the format of shared/eval/questions.yaml).

A team regression-tests its own knowledge base with `k8s-compare eval FILE.yaml`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answer import KINDS, Answer


@dataclass(frozen=True)
class LabelledQuestion:
    q: str
    kind: str
    tag: str = "untagged"
    accept: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    topic: str = ""  # the comparison that should answer (its file's name), with several


@dataclass
class Report:
    results: list[tuple[LabelledQuestion, Answer, bool]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(ok for *_, ok in self.results) / len(self.results) if self.results else 0.0

    def by_tag(self) -> dict[str, tuple[int, int]]:
        """tag -> (correct, total), in the order tags first appear."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for question, _, ok in self.results:
            counts[question.tag][0] += ok
            counts[question.tag][1] += 1
        return {tag: (c, t) for tag, (c, t) in counts.items()}

    def out_of_scope_as_row(self) -> tuple[int, int]:
        """(out-of-scope questions answered with a row, out-of-scope questions): the
        confident wrong answers a channel sees."""
        answers = [a for q, a, _ in self.results if q.kind == "none"]
        return sum(a.kind == "row" for a in answers), len(answers)

    def offered(self) -> tuple[int, int]:
        """(row questions declined with a row they accept among the buttons, row questions
        declined): how many of those declines are one click from the answer."""
        declined = [(q, a) for q, a, _ in self.results if q.kind == "row" and a.kind == "none"]
        return sum(any(s.kind == "row" and s.feature in (q.all or q.accept)
                       for s in a.suggestions) for q, a in declined), len(declined)

    @property
    def misses(self) -> list[tuple[LabelledQuestion, Answer]]:
        return [(q, a) for q, a, ok in self.results if not ok]


class EvalFileError(ValueError):
    """The labelled question file cannot be read."""


def load_questions(path: Path) -> list[LabelledQuestion]:
    """The file's questions; any problem is one `FILE:LINE: what is wrong` line."""
    data, lines = _parse(path)
    if not isinstance(data, list) or not data:
        raise EvalFileError(f"{path}:1: expected a list of questions (q, kind, accept, tag)")
    questions = []
    for number, (item, line) in enumerate(zip(data, lines, strict=True), 1):
        where = f"{path}:{line}: entry {number}"
        if not isinstance(item, dict) or "q" not in item or "kind" not in item:
            raise EvalFileError(f"{where} needs at least 'q' and 'kind'")
        if item["kind"] not in KINDS:
            raise EvalFileError(f"{where}: kind must be one of {', '.join(KINDS)}")
        for key in ("accept", "all"):
            if not _is_names(item.get(key)):
                raise EvalFileError(f"{where}: {key} must be a row name or a list of row "
                                    f"names, as `k8s-compare kb list` shows them")
        questions.append(
            LabelledQuestion(
                q=str(item["q"] or ""),
                kind=str(item["kind"]),
                tag=str(item.get("tag", "untagged")),
                # a two-row question labelled with `all` alone may show either row first
                accept=_names(item.get("accept", item.get("all"))),
                all=_names(item.get("all")),
                topic=str(item.get("topic") or ""),
            )
        )
    return questions


# libyaml's safe loader when PyYAML was built with it: ten times faster on the large sets
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(path: Path) -> tuple[object, list[int]]:
    """The file's data and, for a list, the line each entry starts on. A syntax error is
    reported where the parser found it, on one line (PyYAML's own message takes four)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read labelled questions: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError:
        _syntax_error(path, text)  # raises, worded as the Python parser words it
    if isinstance(node, yaml.SequenceNode):
        return data, [item.start_mark.line + 1 for item in node.value]
    return data, []


def _syntax_error(path: Path, text: str):
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or type(exc).__name__
        line = mark.line + 1 if mark else 1
        raise EvalFileError(f"{path}:{line}: YAML syntax error: {problem}") from exc
    raise EvalFileError(f"{path}:1: YAML syntax error")  # libyaml alone refused it


def _is_names(value) -> bool:
    """None, a row name, or a list of them (not `all: true`, not `accept: 12`)."""
    if value is None or isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _names(value) -> tuple[str, ...]:
    """Row names as a tuple: `accept: Scalability` means the one row, not its letters."""
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def is_correct(question: LabelledQuestion, answer: Answer) -> bool:
    """The file header's rule: right kind (from the comparison `topic` names, when it names
    one); for rows, an accepted top row, every row in `all` present, and at most one row
    more than the question needs."""
    if answer.kind != question.kind:
        return False
    if question.topic and question.kind not in ("none", "help") and (
        answer.topic is None or answer.topic.id != question.topic
    ):
        return False  # the right row of the wrong comparison
    if question.kind != "row":
        return True
    features = answer.features
    needed = max(1, len(question.all))
    return (
        bool(features)
        and features[0] in question.accept
        and all(f in features for f in question.all)
        and len(features) <= needed + 1
    )


def evaluate(questions: list[LabelledQuestion], answer_for) -> Report:
    report = Report()
    for question in questions:
        answer = answer_for(question.q)
        report.results.append((question, answer, is_correct(question, answer)))
    return report


def format_report(report: Report) -> str:
    lines = [f"accuracy: {report.accuracy:.1%} ({sum(ok for *_, ok in report.results)}"
             f"/{len(report.results)})"]
    as_row, out_of_scope = report.out_of_scope_as_row()
    if out_of_scope:
        lines.append(f"out of scope answered with a row: {as_row}/{out_of_scope}")
    offered, declined = report.offered()
    if declined:
        lines.append(f"row questions declined with the right row as a button: "
                     f"{offered}/{declined}")
    lines += ["", "per tag:"]
    for tag, (correct, total) in report.by_tag().items():
        lines.append(f"  {tag:<20} {correct / total:6.1%}  ({correct}/{total})")
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}):"]
        for question, answer in report.misses:
            wanted = list(question.all or question.accept)
            expected = question.kind + (f" {wanted}" if wanted else "")
            got = answer.kind + (f" {answer.features}" if answer.features else "")
            if question.topic and answer.topic is not None:
                expected, got = f"{expected} of {question.topic}", f"{got} of {answer.topic.id}"
            lines.append(f"  [{question.tag}] {question.q!r}\n      expected {expected}, got {got}"
                         f" (score {answer.score})")
    return "\n".join(lines)
