"""Score the matcher on every blind question set, as docs/matching.md reports it.

    python tools/score_blind.py [--examples] [NAME ...]

Each set in tests/data/blind/ is scored against its table: a markdown table from
tests/data/tables/ imported exactly as `k8s-compare kb import` imports it, nothing added, or
the shipped knowledge base for the `shipped-*` and `real-style-*` sets. Which table a set
asks about, and whether it was used for tuning or held out, is read from the listing in
tests/data/blind/README.md, the one place that says so. Prints one line a set (accuracy,
out-of-scope questions answered with a row), the mean of the held-out imported tables, and
that of the `real-questions-*` sets: questions people asked in public about a table, quoted
with their sources. NAME limits the run to those sets.

--examples also scores each imported table that has one with a maintainer's day-one additions
merged in: tests/data/tables/examples/NAME.yaml, three example questions a row, two for each
answer kind and a few nearby topics out of scope, written by a helper who saw only the table
(not the code, not the questions). It measures what a handful of examples buys a team.
"""

from __future__ import annotations

import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.evaluate import evaluate, load_questions  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.tableimport import import_table  # noqa: E402

BLIND, TABLES = ROOT / "tests" / "data" / "blind", ROOT / "tests" / "data" / "tables"
EXAMPLES = TABLES / "examples"
LISTING = re.compile(r"^\| (\S+)\.yaml \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)
REAL = "real-questions-"  # quoted real questions about an imported table, not written blind


@lru_cache(maxsize=1)
def listing() -> dict[str, tuple[str, str]]:
    """Set name -> (its table as listed, its use), from the blind sets' README."""
    text = (BLIND / "README.md").read_text("utf-8")
    return {name: (table.strip(), use.strip()) for name, table, use in LISTING.findall(text)}


def uses() -> dict[str, str]:
    """Set name -> "tuning" or "held out"."""
    return {name: "tuning" if use.startswith("tuning") else "held out"
            for name, (_, use) in listing().items()}


def table_of(name: str) -> Path | None:
    """The markdown table a set asks about, or None: the shipped knowledge base."""
    table = listing().get(name, ("", ""))[0]
    return ROOT / "tests" / "data" / table if table.startswith("tables/") else None


def matcher_for(name: str, shipped: Matcher, examples: bool = False) -> Matcher:
    table = table_of(name)
    if table is None:
        return shipped
    return imported_matcher(table, EXAMPLES / f"{table.stem}.yaml" if examples else None)


def imported_matcher(table: Path, additions: Path | None = None) -> Matcher:
    """A matcher for a markdown table imported exactly as `kb import` imports it (with a
    maintainer's additions merged in, when given)."""
    imported = import_table(table, None)
    if additions is not None:
        imported = with_examples(imported, additions)
    with tempfile.TemporaryDirectory(prefix="blind-") as folder:  # read whole, then gone
        (Path(folder) / f"{table.stem}.yaml").write_text(imported, "utf-8")
        return Matcher(load_knowledge(Path(folder)))


def with_examples(imported: str, additions: Path) -> str:
    """An imported knowledge file with a maintainer's additions: `rows` (row name -> example
    questions), `examples` (answer kind -> questions) and `out_of_scope` (topics)."""
    data, extra = yaml.safe_load(imported), yaml.safe_load(additions.read_text("utf-8"))
    for row in data["rows"]:
        row["examples"] = extra["rows"][row["feature"]]
    data["examples"], data["out_of_scope"] = extra["examples"], extra["out_of_scope"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def score(name: str, shipped: Matcher, examples: bool = False) -> tuple[float, int, int]:
    """Accuracy, and out-of-scope questions answered with a row of how many."""
    matcher = matcher_for(name, shipped, examples)
    report = evaluate(load_questions(BLIND / f"{name}.yaml"), matcher.match)
    declined = [answer for q, answer, _ in report.results if q.kind == "none"]
    return report.accuracy, sum(a.kind == "row" for a in declined), len(declined)


def main(names: list[str]) -> int:
    examples = "--examples" in names
    names = [n for n in names if n != "--examples"]
    listed = uses()
    unknown = [n for n in names if n not in listed]
    if unknown:
        print(f"not in tests/data/blind/README.md: {', '.join(unknown)}", file=sys.stderr)
        return 2
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    held_tables, held_real, held_with_examples = [], [], []
    for name in names or listed:
        accuracy, as_row, out_of_scope = score(name, shipped)
        imported = table_of(name) is not None
        if imported and listed[name] == "held out":
            (held_real if name.startswith(REAL) else held_tables).append(accuracy)
        kind = "imported" if imported else "shipped"
        line = (f"{name:28s} {kind:8s} {listed[name]:8s} {accuracy:6.1%}  "
                f"out-of-scope as a row {as_row}/{out_of_scope}")
        if examples and imported and (EXAMPLES / f"{table_of(name).stem}.yaml").exists():
            with_them, as_row, _ = score(name, shipped, examples=True)
            line += f"  | with examples {with_them:6.1%}  as a row {as_row}/{out_of_scope}"
            if listed[name] == "held out":
                held_with_examples.append((accuracy, with_them))
        print(line, flush=True)
    if held_tables:
        mean = sum(held_tables) / len(held_tables)
        print(f"mean of {len(held_tables)} held-out imported tables: {mean:.1%}")
    if held_real:
        mean = sum(held_real) / len(held_real)
        print(f"mean of {len(held_real)} real-question sets (not tuned on): {mean:.1%}")
    if held_with_examples:
        count = len(held_with_examples)
        before, after = (sum(pair[i] for pair in held_with_examples) / count for i in (0, 1))
        print(f"the {count} held-out tables with an examples file: {before:.1%} as imported, "
              f"{after:.1%} with a maintainer's examples")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
