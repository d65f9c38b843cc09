"""The answer-kind trees as the bot walks them (bot/decision.py), apart from fitting them."""

import math

from bot import decision


def one_tree(kind: str, feature: str, threshold: float, low: float, high: float) -> dict:
    """A stump in answer_trees.json's form: at most `threshold` goes left to `low`."""
    return {"kind": kind, "feature": [decision.ANSWER_FEATURES.index(feature), 0, 0],
            "threshold": [threshold, 0.0, 0.0], "left": [1, 0, 0], "right": [2, 0, 0],
            "value": [0.0, low, high]}


def trees(*stumps: dict, depth: int = 1) -> decision.Trees:
    return decision.trees_from_data({
        "features": list(decision.ANSWER_FEATURES), "depth": depth,
        "baseline": {kind: 0.0 for kind in decision.CLASSES}, "trees": list(stumps)})


def test_each_tree_adds_its_leafs_value_to_its_kind():
    forest = trees(one_tree("row", "row_sem", 0.5, -1.0, 2.0),
                   one_tree("none", "offtopic", 0.0, 0.0, 3.0),
                   one_tree("row", "row_lex", 1.0, 0.0, 0.5))
    near = decision.tree_logits({"row_sem": 0.6, "row_lex": 2.0}, forest)
    assert list(near) == [2.5, 0.0, 0.0, 0.0, 0.0, 0.0]
    far = decision.tree_logits({"row_sem": 0.5, "offtopic": 1.0}, forest)  # at most: left
    assert list(far) == [-1.0, 0.0, 0.0, 0.0, 0.0, 3.0]


def test_a_deeper_tree_keeps_walking_while_shallower_ones_rest_on_their_leaf():
    deep = {"kind": "summary", "feature": [decision.ANSWER_FEATURES.index("cue_summary"),
                                           0, decision.ANSWER_FEATURES.index("named"), 0, 0],
            "threshold": [0.0, 0.0, 1.0, 0.0, 0.0], "left": [1, 0, 3, 0, 0],
            "right": [2, 0, 4, 0, 0], "value": [0.0, -0.5, 0.0, 1.0, 4.0]}
    forest = trees(deep, one_tree("row", "row_sem", 0.5, -1.0, 2.0), depth=2)
    logits = decision.tree_logits({"cue_summary": 2.0, "named": 2.0, "row_sem": 0.9}, forest)
    assert (logits[0], logits[1]) == (2.0, 4.0)


def test_probabilities_blend_the_linear_models_and_the_trees_log_odds():
    """Where the trees saw no question like it, the linear model still speaks: a table cue
    the trees alone would answer with the table, beside the table's own out-of-scope topic."""
    linear = {kind: {"bias": 0.0} for kind in decision.CLASSES}
    linear["none"] = {"bias": 0.0, "offtopic": 6.0}
    weights = decision.Weights({}, linear, trees(one_tree("table", "cue_table", 1.0, 0.0, 6.0)))
    p = decision.answer_probabilities({"cue_table": 2.5, "offtopic": 1.0}, weights)
    share = decision.TREE_SHARE
    assert math.isclose(p["table"] / p["none"], math.exp(6.0 * share - 6.0 * (1 - share)))
    assert math.isclose(sum(p.values()), 1.0)
    alone = decision.answer_probabilities({"cue_table": 2.5}, weights)
    assert alone["table"] > p["table"] and alone["none"] < p["none"]


def test_phrasing_gives_each_kinds_log_odds_against_a_row_from_the_question_vector():
    """The phrasing regression reads only the question's sentence vector, so its signs mean
    the same on any table: here one direction of the (two-dimensional) space says "beyond
    the table", the other "a row"."""
    kinds = ["help", "none", "row", "summary", "analogy", "table"]  # any order: scikit-learn's
    coef = {"none": [3.0, -1.0], "row": [-1.0, 2.0]}
    phrasing = decision.phrasing_from_data({
        "kinds": kinds, "coef": [coef.get(k, [0.0, 0.0]) for k in kinds],
        "bias": [0.5 if k == "help" else 0.0 for k in kinds]})
    troubleshooting = decision.phrasing_features([1.0, 0.0], phrasing)
    assert troubleshooting == {"phrasing_summary": 1.0, "phrasing_analogy": 1.0,
                               "phrasing_table": 1.0, "phrasing_help": 1.5,
                               "phrasing_none": 4.0}
    asks_a_row = decision.phrasing_features([0.0, 1.0], phrasing)
    assert asks_a_row["phrasing_none"] == -3.0 and asks_a_row["phrasing_summary"] == -2.0


def test_the_shipped_phrasing_regression_reads_the_shipped_models_vectors():
    """bot/data/answer_phrasing.json has a weight for every dimension of the sentence model
    the bot ships, for every kind of answer."""
    shipped = decision.shipped_phrasing()
    assert shipped.coef.shape[0] == len(decision.CLASSES)
    from bot.embedding import default_embedder

    assert shipped.coef.shape[1] == default_embedder().encode(["what is a pod?"]).shape[1]
