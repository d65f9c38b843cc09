"""Score the matcher on every blind question set, as docs/matching.md reports it.

    python tools/score_blind.py [NAME ...]

Each set in tests/data/blind/ is scored against its table: a markdown table from
tests/data/tables/ imported exactly as `k8s-compare kb import` imports it, nothing added, or
the shipped knowledge base for the `shipped-*` and `real-style-*` sets. Whether a set was used
for tuning or held out is read from the table in tests/data/blind/README.md, the one place
that says so. Prints one line a set (accuracy, out-of-scope questions answered with a row)
and the mean of the held-out imported tables. NAME limits the run to those sets.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.evaluate import evaluate, load_questions  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.tableimport import import_table  # noqa: E402

BLIND, TABLES = ROOT / "tests" / "data" / "blind", ROOT / "tests" / "data" / "tables"
LISTING = re.compile(r"^\| (\S+)\.yaml \| [^|]+ \| ([^|]+) \|$", re.MULTILINE)


def uses() -> dict[str, str]:
    """Set name -> "tuning" or "held out", from the blind sets' README."""
    listing = (BLIND / "README.md").read_text("utf-8")
    return {name: "tuning" if use.strip().startswith("tuning") else "held out"
            for name, use in LISTING.findall(listing)}


def matcher_for(name: str, shipped: Matcher) -> Matcher:
    table = TABLES / f"{name}.md"
    if not table.exists():
        return shipped
    with tempfile.TemporaryDirectory(prefix="blind-") as folder:  # read whole, then gone
        (Path(folder) / f"{name}.yaml").write_text(import_table(table, None), "utf-8")
        return Matcher(load_knowledge(Path(folder)))


def score(name: str, shipped: Matcher) -> tuple[float, int, int]:
    """Accuracy, and out-of-scope questions answered with a row of how many."""
    report = evaluate(load_questions(BLIND / f"{name}.yaml"), matcher_for(name, shipped).match)
    declined = [answer for q, answer, _ in report.results if q.kind == "none"]
    return report.accuracy, sum(a.kind == "row" for a in declined), len(declined)


def main(names: list[str]) -> int:
    listed = uses()
    unknown = [n for n in names if n not in listed]
    if unknown:
        print(f"not in tests/data/blind/README.md: {', '.join(unknown)}", file=sys.stderr)
        return 2
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    held_tables = []
    for name in names or listed:
        accuracy, as_row, out_of_scope = score(name, shipped)
        imported = (TABLES / f"{name}.md").exists()
        if imported and listed[name] == "held out":
            held_tables.append(accuracy)
        kind = "imported" if imported else "shipped"
        print(f"{name:28s} {kind:8s} {listed[name]:8s} {accuracy:6.1%}  "
              f"out-of-scope as a row {as_row}/{out_of_scope}", flush=True)
    if held_tables:
        mean = sum(held_tables) / len(held_tables)
        print(f"mean of {len(held_tables)} held-out imported tables: {mean:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
