"""Small models turn evidence into an answer: a linear ranker that orders a table's rows, and
a linear model and boosted decision trees whose log-odds, blended, pick the kind of answer (a
row, the summary, the analogy, the table, help, or none). One of their signs is itself a
model: a phrasing regression from the question's sentence vector to the kind of answer,
which knows how a troubleshooting or how-to question reads whatever the table.

Their inputs are features any table has: how much of a row's name and words the question
uses, how close its meaning is to the row's texts, whether it asks like a troubleshooting or
how-to question, whether the things it compares are the table's subjects... never a word of
a particular table. They are fitted by `tools/fit_matcher.py` on labelled questions about the
shipped table and 106 imported tables, written for them and asked by people in public
(listed in bot/data/decision.json), and judged by leaving tables out and on tables
nobody had seen. Trees, because the signs weigh differently together than apart (a row near
in meaning means less beside a name the table never mentions): leaving a fifth of the tables
out at a time, the blend answers 1.1 points more of helpers' questions and 1.5 more of
people's than the linear model alone fitted on the same questions (docs/experiments.md,
eighteenth session).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

ROW_FEATURES = (
    "name", "words", "kin", "soft", "row_kind", "sem", "sem_rel", "sem_part", "sem_name",
    "sem_cell", "sem_question", "sem_example", "sem_mean",
)
ANSWER_FEATURES = (
    "row_top", "row_gap", "row_sem", "row_lex",
    "cue_summary", "cue_analogy", "cue_table", "cue_help",
    "sem_summary", "sem_analogy", "sem_table", "sem_help",
    "sides_ours", "offtopic", "foreign_side", "foreign_focus", "foreign_words",
    "troubleshooting", "how_to", "advice", "product", "reading", "personal", "foreign_how_to",
    "procedural", "coverage", "named", "strange", "length", "examples", "foreign_asked",
    "quoted", "offtopic_asked", "technical", "sem_gap", "sem_spread",
    *(f"phrasing_{kind}" for kind in ("summary", "analogy", "table", "help", "none")),
)
CLASSES = ("row", "summary", "analogy", "table", "help", "none")


DATA = Path(__file__).parent / "data"


class Weights(NamedTuple):
    row: dict[str, float]
    answer: dict[str, dict[str, float]] | None = None  # kind -> feature (and "bias") -> weight
    trees: Trees | None = None  # None: the shipped trees, read when first needed
    fitted_on: tuple[str, ...] = ()
    phrasing: Phrasing | None = None  # None: the shipped one, read when first needed


@lru_cache(maxsize=1)
def weights() -> Weights:
    data = json.loads((DATA / "decision.json").read_text("utf-8"))
    return Weights(data["row"], data["answer"], None, tuple(data.get("fitted_on", ())))


@lru_cache(maxsize=1)
def shipped_trees() -> Trees:
    """bot/data/answer_trees.json (a larger file than the linear models'): read on the first
    question the table's words alone did not settle."""
    return trees_from_data(json.loads((DATA / "answer_trees.json").read_text("utf-8")))


@lru_cache(maxsize=1)
def shipped_phrasing() -> Phrasing:
    return phrasing_from_data(json.loads((DATA / "answer_phrasing.json").read_text("utf-8")))


def row_score(features: dict[str, float], w: Weights | None = None) -> float:
    weight = (w or weights()).row  # features are sparse: only those present count
    return sum(weight[name] * value for name, value in features.items() if name in weight)


TREE_SHARE = 0.5  # of the log-odds; the linear model's the rest


def answer_probabilities(features: dict[str, float], w: Weights | None = None) -> dict[str, float]:
    """P(kind) for each kind of answer: the linear model's log-odds and the trees', blended
    (TREE_SHARE of the trees'), then a softmax. Trees learn how the signs weigh together but
    know nothing where they never saw a question (a table cue beside the table's own
    out-of-scope topic: "how do I write a helm chart?"); the linear model carries every
    sign's direction everywhere."""
    import numpy as np  # only questions the words did not settle come here

    w = w or weights()
    logits = ((1 - TREE_SHARE) * linear_logits(features, w.answer)
              + TREE_SHARE * tree_logits(features, w.trees or shipped_trees()))
    exp = np.exp(logits - logits.max())
    return dict(zip(CLASSES, (exp / exp.sum()).tolist(), strict=True))


def linear_logits(features: dict[str, float], answer: dict[str, dict[str, float]]) -> Any:
    """A multinomial logistic regression's log-odds, one a kind in CLASSES' order."""
    import numpy as np

    present = [(name, value) for name, value in features.items() if value]
    return np.array([answer[kind].get("bias", 0.0) + sum(
        answer[kind][name] * value for name, value in present if name in answer[kind])
        for kind in CLASSES])


def tree_logits(features: dict[str, float], trees: Trees) -> Any:
    """Every tree walked at once, its leaves' values summed per kind."""
    import numpy as np

    x = np.array([features.get(name, 0.0) for name in ANSWER_FEATURES])
    every, node = np.arange(len(trees.left)), np.zeros(len(trees.left), dtype=np.int64)
    for _ in range(trees.depth):
        left = trees.left[every, node]
        goes_left = x[trees.feature[every, node]] <= trees.threshold[every, node]
        step = np.where(goes_left, left, trees.right[every, node])
        node = np.where(left == 0, node, step)  # a leaf has no children: node 0 is the root
    return trees.baseline + np.bincount(trees.kind, weights=trees.value[every, node],
                                        minlength=len(CLASSES))


def phrasing_features(vector: Any, model: Phrasing | None = None) -> dict[str, float]:
    """How the question is phrased, whatever the table: a logistic regression over its
    sentence vector gives each kind of answer's log-odds against a row's ("how do I fix
    this error" reads as beyond any comparison table, "give me the gist" as a summary).
    Fitted on every table's questions, it is one more sign beside the table's evidence."""
    import numpy as np

    model = model or weights().phrasing or shipped_phrasing()
    logits = model.coef @ np.asarray(vector, dtype=float) + model.bias
    row = logits[CLASSES.index("row")]
    return {f"phrasing_{kind}": float(logits[k] - row)
            for k, kind in enumerate(CLASSES) if kind != "row"}


class Phrasing(NamedTuple):
    coef: Any  # np.ndarray (kinds, dimensions), kinds in CLASSES' order
    bias: Any  # (kinds,)
    data: dict  # answer_phrasing.json's form: {"kinds", "coef", "bias"}


def phrasing_from_data(data: dict) -> Phrasing:
    import numpy as np

    order = [data["kinds"].index(kind) for kind in CLASSES]  # stale: fails
    return Phrasing(np.array(data["coef"], dtype=float)[order],
                    np.array(data["bias"], dtype=float)[order], data)


class Trees(NamedTuple):
    """Boosted trees as flat arrays, one row a tree (padded to the largest), so that one
    question walks them all in a few array steps; `data` is their JSON form."""

    baseline: Any  # np.ndarray (kinds,): the log-odds before any tree
    kind: Any  # (trees,): the kind whose log-odds a tree adds to
    feature: Any  # (trees, nodes): the feature a node splits on
    threshold: Any  # (trees, nodes): at most this goes left
    left: Any  # (trees, nodes): 0 at a leaf
    right: Any
    value: Any  # (trees, nodes): a leaf's addition
    depth: int
    data: dict


def trees_from_data(data: dict) -> Trees:
    """answer_trees.json's form ({"features", "baseline", "depth", "trees": [{"kind",
    "feature", "threshold", "left", "right", "value"}]}) as arrays."""
    import numpy as np

    ours = np.array([ANSWER_FEATURES.index(name) for name in data["features"]])  # stale: fails

    def grid(field: str, dtype) -> Any:
        out = np.zeros((len(data["trees"]), max(len(t["left"]) for t in data["trees"])),
                       dtype=dtype)
        for i, tree in enumerate(data["trees"]):
            out[i, : len(tree[field])] = tree[field]
        return out

    return Trees(np.array([data["baseline"][k] for k in CLASSES]),
                 np.array([CLASSES.index(t["kind"]) for t in data["trees"]]),
                 ours[grid("feature", np.int64)], grid("threshold", float), grid("left", np.int64),
                 grid("right", np.int64), grid("value", float), int(data["depth"]), data)
