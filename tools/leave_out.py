"""Judge the matcher's fitted models on tables they were not fitted on, in about eight minutes.

    python tools/leave_out.py [--held-out]

Every training set's evidence (tools/fit_matcher.py's TRAINING) is collected once, with the
semantic layer always asked; then the imported tables are dealt into five folds by name, and
each fold is left out in turn (its tables' helpers' questions and the people's questions
about them), the models refitted on the rest and the fold scored; then the shared real set
is left out on its own. Refitting is seconds, collecting is most of the run, so one run
judges every table. It prints the figures docs/experiments.md compares: the imported tables'
helpers' sets and people's sets, out-of-scope questions answered with a row, and the shared
real set left out. A sign someone wants to try is judged here first, then once on tables
nobody has seen: --held-out also fits on everything and scores every set of
tests/data/blind/README.md listed as held out, pooled by kind.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import fit_matcher  # noqa: E402  (siblings in tools/)
import score_blind  # noqa: E402

from bot import decision  # noqa: E402
from bot.evaluate import is_correct  # noqa: E402

SHARED_REAL = "shared-real"
FOLDS = 5  # the imported tables are dealt into this many, by name


def collect(sets) -> list[dict]:
    """fit_matcher's samples, each with the answer the words alone give (no model weighs
    that, so it is the same under any refit)."""
    samples = fit_matcher.collect(sets)
    for s in samples:
        s["by_words"] = s["matcher"].case(s["q"].q).decide_by_words()
    return samples


@contextmanager
def weighing_with(weights: decision.Weights) -> Iterator[None]:
    """The matcher decides with `weights` inside the block, with the shipped ones after."""
    shipped = decision.weights
    decision.weights = lambda: weights
    try:
        yield
    finally:
        decision.weights = shipped


def answer(sample: dict, weights: decision.Weights):
    """What `Matcher.match` answers, from evidence already collected."""
    if sample["by_words"] is not None:
        return sample["by_words"]
    with weighing_with(weights):
        sample["case"].rank(weights)
        return sample["case"].decide()


def tally(samples: list[dict], weights: decision.Weights) -> tuple[int, int, int]:
    """(right, questions, out-of-scope questions answered with a row)."""
    right = oos_as_row = 0
    for s in samples:
        got = answer(s, weights)
        right += is_correct(s["q"], got)
        oos_as_row += s["q"].kind == "none" and got.kind == "row"
    return right, len(samples), oos_as_row


def leave_each_out(samples: list[dict]) -> dict[str, tuple[int, int, int]]:
    """Each imported table scored by models fitted without its fold, its helpers' and
    people's questions apart ("vm", "vm people"), and the shared real set left out alone."""
    found: dict[str, tuple[int, int, int]] = {}
    tables = sorted({s["group"] for s in samples} - {"shipped", "raw"})
    for fold in (set(tables[k::FOLDS]) for k in range(min(FOLDS, len(tables)))):
        weights = fit_matcher.fit([s for s in samples if s["group"] not in fold])
        for group in sorted(fold):
            held = [s for s in samples if s["group"] == group]
            found[group] = tally([s for s in held if not _peoples(s)], weights)
            found[f"{group} people"] = tally([s for s in held if _peoples(s)], weights)
    if any(s["set"] == SHARED_REAL for s in samples):
        weights = fit_matcher.fit([s for s in samples if s["set"] != SHARED_REAL])
        found[SHARED_REAL] = tally([s for s in samples if s["set"] == SHARED_REAL], weights)
    return found


def _peoples(sample: dict) -> bool:
    """A set of questions people asked in public (not the helper-written "real-style"
    sets, whose names start the same way)."""
    return sample["set"] in fit_matcher.PEOPLES


def pooled(found: dict[str, tuple[int, int, int]], names) -> str:
    right, total, oos = (sum(found[n][i] for n in names if n in found) for i in range(3))
    return f"{100 * right / total:.1f}% of {total} (out of scope as a row {oos})" if total else "-"


def summary(found: dict[str, tuple[int, int, int]]) -> list[str]:
    tables = [g for g in found if " " not in g and g != SHARED_REAL]
    return [
        f"tables left out, a fifth at a time: {pooled(found, tables)}",
        f"people's questions about them:      {pooled(found, [f'{g} people' for g in tables])}",
        f"shared real left out:               {pooled(found, [SHARED_REAL])}",
    ]


def held_out_sets() -> list[tuple[str, Path, Path, str]]:
    """Every set tests/data/blind/README.md lists as held out, with its table."""
    return [(name, score_blind.table_of(name) or fit_matcher.SHIPPED,
             score_blind.BLIND / f"{name}.yaml", "held out")
            for name, use in score_blind.uses().items() if use == "held out"]


def held_out_summary(samples: list[dict], weights: decision.Weights) -> list[str]:
    def kind(name: str) -> str:
        if name.startswith(score_blind.REAL):
            return "people's sets"
        return "shipped table" if score_blind.table_of(name) is None else "imported tables"

    by_kind: dict[str, list[dict]] = {}
    for s in samples:
        by_kind.setdefault(kind(s["set"]), []).append(s)
    found = {k: tally(group, weights) for k, group in by_kind.items()}
    return [f"held out, {k + ':':17s}{pooled(found, [k])}" for k in sorted(found)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true",
                        help="also score the held-out sets with models fitted on everything")
    args = parser.parse_args()
    samples = collect(fit_matcher.TRAINING)
    print("\n".join(summary(leave_each_out(samples))))
    if args.held_out:
        weights = fit_matcher.fit(samples)
        print("\n".join(held_out_summary(collect(held_out_sets()), weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
