"""How far a second, independent labeller agrees with the labels of people's questions, and
how far the matcher does: is the issue's 85% on real questions within a careful reader's reach?

    python tools/label_agreement.py

Each file in tests/data/agreement/ holds a second labelling of one set of people's questions
(`index` into that set, `kind`, and `rows` for a row), written by a helper that saw only the
table, the labelling rule of the set's header and the questions in shuffled order: not the
first labels, not the code. `shared-real-questions` labels ../shared/eval/real-questions.yaml;
the others label tests/data/blind/<name>.yaml. Prints, per set and in all: how often the two
labellings give the same answer (the same kind; for a row, the second's first row among the
rows the first accepts), how often both decline or both answer, and the matcher's accuracy
against each labelling (against the second: its first row among the second's rows, at most
two rows).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import yaml  # noqa: E402
from score_blind import BLIND, matcher_for  # noqa: E402

from bot.answer import Answer  # noqa: E402
from bot.evaluate import LabelledQuestion, is_correct, load_questions  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402

AGREEMENT = ROOT / "tests" / "data" / "agreement"
SHARED = ROOT.parent / "shared" / "eval" / "real-questions.yaml"
SHARED_NAME = "shared-real-questions"
MEASURES = ("same answer", "both decline or both answer", "matcher vs the first labels",
            "matcher vs the second labels")


def same_answer(first: LabelledQuestion, second: dict) -> bool:
    if second["kind"] != first.kind:
        return False
    return first.kind != "row" or second["rows"][0] in first.accept


def right_by_second(second: dict, answer: Answer) -> bool:
    if second["kind"] != "row":
        return answer.kind == second["kind"]
    return (answer.kind == "row" and bool(answer.features)
            and answer.features[0] in second["rows"] and len(answer.features) <= 2)


def measure(first: list[LabelledQuestion], seconds: list[dict], matcher: Matcher) -> list[bool]:
    """For each measure, one bool a question."""
    results = []
    for second in seconds:
        question = first[second["index"]]
        answer = matcher.match(question.q)
        results.append((same_answer(question, second),
                        (second["kind"] == "none") == (question.kind == "none"),
                        is_correct(question, answer), right_by_second(second, answer)))
    return results


def main() -> int:
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    everything: list[tuple[bool, ...]] = []
    for path in sorted(AGREEMENT.glob("*.yaml")):
        name = path.stem
        if name == SHARED_NAME and not SHARED.exists():
            print(f"{name}: {SHARED} not found; skipped")
            continue
        first = load_questions(SHARED if name == SHARED_NAME else BLIND / f"{name}.yaml")
        matcher = shipped if name == SHARED_NAME else matcher_for(name, shipped)
        results = measure(first, yaml.safe_load(path.read_text("utf-8")), matcher)
        everything += results
        print(f"{name} ({len(results)} questions)")
        for index, label in enumerate(MEASURES):
            right = sum(r[index] for r in results)
            print(f"  {label:32s} {right:4d} = {right / len(results):6.1%}")
    print(f"all ({len(everything)} questions)")
    for index, label in enumerate(MEASURES):
        right = sum(r[index] for r in everything)
        print(f"  {label:32s} {right:4d} = {right / len(everything):6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
