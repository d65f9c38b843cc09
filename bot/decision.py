"""Two small linear models turn evidence into an answer: a ranker that orders a table's rows
and a classifier that picks the kind of answer (a row, the summary, the analogy, the table,
help, or none).

Their inputs are features any table has: how much of a row's name and words the question
uses, how close its meaning is to the row's texts, whether it asks like a troubleshooting or
how-to question, whether the things it compares are the table's subjects... never a word of
a particular table. The weights are fitted by `tools/fit_matcher.py` on labelled questions
about the shipped table and seventeen tuning tables, written for them and asked by people in
public (listed in bot/data/decision.json), and judged on tables and questions they never saw.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

ROW_FEATURES = (
    "name", "words", "kin", "soft", "row_kind", "sem", "sem_rel", "sem_part", "sem_name",
    "sem_cell", "sem_question", "sem_example", "sem_mean",
)
ANSWER_FEATURES = (
    "row_top", "row_gap", "row_sem", "row_lex",
    "cue_summary", "cue_analogy", "cue_table", "cue_help",
    "sem_summary", "sem_analogy", "sem_table", "sem_help",
    "sides_ours", "offtopic", "foreign_side", "foreign_focus", "foreign_words",
    "troubleshooting", "how_to", "advice", "product", "reading", "foreign_how_to",
    "procedural", "coverage", "named", "strange", "length", "examples", "foreign_asked",
    "quoted", "offtopic_asked", "technical", "sem_gap", "sem_spread",
)
CLASSES = ("row", "summary", "analogy", "table", "help", "none")


class Weights(NamedTuple):
    row: dict[str, float]
    answer: dict[str, dict[str, float]]  # class -> feature (and "bias") -> weight
    fitted_on: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def weights() -> Weights:
    data = json.loads((Path(__file__).parent / "data" / "decision.json").read_text("utf-8"))
    return Weights(data["row"], data["answer"], tuple(data.get("fitted_on", ())))


def row_score(features: dict[str, float], w: Weights | None = None) -> float:
    weight = (w or weights()).row  # features are sparse: only those present count
    return sum(weight[name] * value for name, value in features.items() if name in weight)


def answer_probabilities(features: dict[str, float], w: Weights | None = None) -> dict[str, float]:
    """P(kind) for each kind of answer: a multinomial logistic regression."""
    w = w or weights()
    present = [(name, value) for name, value in features.items() if value]
    logits = {}
    for kind in CLASSES:
        weight = w.answer[kind]
        logits[kind] = weight.get("bias", 0.0) + sum(
            weight[name] * value for name, value in present if name in weight)
    top = max(logits.values())
    exp = {kind: math.exp(value - top) for kind, value in logits.items()}
    total = sum(exp.values())
    return {kind: value / total for kind, value in exp.items()}
