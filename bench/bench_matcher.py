"""Benchmark the matcher against a plain rapidfuzz baseline, in one run.

    python bench/bench_matcher.py            # full run: shipped base, 1,000 and 10,000 rows
    python bench/bench_matcher.py --quick    # a smaller run, for a smoke test

Reports, for each knowledge base: knowledge load time, match latency p50/p99 for our
matcher and for `rapidfuzz.process.extractOne(question, row_names)` over the same
questions; then the cold start of `k8s-compare ask` beside `python -c "import rapidfuzz,
yaml"`. Ratios matter, not absolute times: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.text import english_words  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval" / "questions.yaml"
PROJECT_QUESTIONS = sorted((ROOT / "tests" / "data").glob("*.yaml"))


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_each(function, questions: list[str], repeat: int) -> list[float]:
    """Latency of every call, in milliseconds; each question asked `repeat` times."""
    samples = []
    for _ in range(repeat):
        for question in questions:
            started = time.perf_counter()
            function(question)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def labelled_questions() -> list[str]:
    files = [SHARED_EVAL, *PROJECT_QUESTIONS] if SHARED_EVAL.exists() else PROJECT_QUESTIONS
    return [item["q"] for path in files for item in yaml.safe_load(path.read_text())]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def generate_kb(directory: Path, rows: int, seed: int = 7) -> list[str]:
    """Write a knowledge file of `rows` rows from English words; return questions for it."""
    rng = random.Random(seed)
    pool = sorted(w for w in english_words() if 4 <= len(w) <= 10)
    table, questions = [], []
    for index in range(rows):
        feature = f"{rng.choice(pool).title()} {rng.choice(pool)} {index}"
        cells = [" ".join(rng.sample(pool, 12)).capitalize() + "." for _ in range(2)]
        vocabulary = [" ".join(rng.sample(pool, rng.choice((1, 2)))) for _ in range(8)]
        table.append({"feature": feature, "cells": cells, "vocabulary": vocabulary})
        if index % max(1, rows // 200) == 0:
            words = rng.sample(vocabulary, 2)
            questions.append(f"how does {typo(words[0], rng)} compare, and what about {words[1]}?")
    data = {"title": "Alpha vs Beta", "subjects": [{"name": "Alpha"}, {"name": "Beta"}],
            "rows": table}
    (directory / "generated.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return questions


def measure_kb(directory: Path | None, questions: list[str], repeat: int) -> dict:
    started = time.perf_counter()
    kb = load_knowledge(directory)
    matcher = Matcher(kb)
    load_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    files = [directory / "generated.yaml"] if directory else None
    names = _baseline_names(files)
    baseline_load_ms = (time.perf_counter() - started) * 1000

    ours = time_each(matcher.match, questions, repeat)
    baseline = time_each(
        lambda q: process.extractOne(q, names, scorer=fuzz.WRatio), questions, repeat
    )
    return {
        "rows": sum(len(t.rows) for t in kb.topics), "questions": len(questions),
        "load_ms": load_ms, "baseline_load_ms": baseline_load_ms,
        "p50_ms": percentile(ours, 50), "p99_ms": percentile(ours, 99),
        "baseline_p50_ms": percentile(baseline, 50), "baseline_p99_ms": percentile(baseline, 99),
    }


def _baseline_names(files: list[Path] | None) -> list[str]:
    """The baseline's whole knowledge: row names read from the same YAML files."""
    paths = files or sorted((ROOT / "knowledge").glob("*.yaml"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [r["feature"] for p in paths for r in yaml.load(p.read_text(), Loader=loader)["rows"]]


def cold_start(runs: int) -> dict:
    """Median wall time of a terminal answer vs importing rapidfuzz and yaml alone."""
    ask = [sys.executable, "-m", "bot.cli", "ask", "does kubernetes autoscale?"]
    bare = [sys.executable, "-c", "import rapidfuzz, yaml"]

    def median_ms(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    median_ms(ask)  # warm the file cache once
    ask_ms, bare_ms = median_ms(ask), median_ms(bare)
    return {"ask_ms": ask_ms, "import_ms": bare_ms, "ratio": ask_ms / bare_ms}


def report(results: list[dict], start: dict) -> str:
    lines = [
        "| knowledge base | rows | load ms (baseline) | p50 ms (baseline) | p99 ms (baseline) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in results:
        lines.append(
            f"| {name} | {r['rows']:,} | {r['load_ms']:.1f} ({r['baseline_load_ms']:.1f}) "
            f"| {r['p50_ms']:.3f} ({r['baseline_p50_ms']:.3f}) "
            f"| {r['p99_ms']:.3f} ({r['baseline_p99_ms']:.3f}) |"
        )
    lines.append("")
    lines.append(
        f"cold start: `k8s-compare ask` {start['ask_ms']:.0f} ms vs `import rapidfuzz, yaml` "
        f"{start['import_ms']:.0f} ms (x{start['ratio']:.2f})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    # (rows, times each question is asked): the 10,000-row baseline takes ~50 ms a call
    sizes = ((200, 2),) if args.quick else ((1_000, 10), (10_000, 3))
    repeat, runs = (2, 2) if args.quick else (30, 10)

    results = [("shipped", measure_kb(None, labelled_questions(), repeat))]
    for rows, size_repeat in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            questions = generate_kb(Path(tmp), rows)
            results.append((f"generated {rows:,}", measure_kb(Path(tmp), questions, size_repeat)))
    start = cold_start(runs)
    print(report(results, start))
    if args.json:
        print(json.dumps({"kbs": dict(results), "cold_start": start}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
