"""Benchmark the matcher against a plain rapidfuzz baseline, in one run.

    python bench/bench_matcher.py            # shipped base, 1,000 and 10,000 rows (minutes)
    python bench/bench_matcher.py --quick    # a smaller run, for a smoke test

For each knowledge base it reports: load time from the YAML files and from the compiled
cache; match latency p50/p99 of the questions the table's words settle ("words") and of
those the semantic layer decides ("meaning", each question encoded afresh), at first sight
(remembered answers forgotten before each pass), beside
`rapidfuzz.process.extractOne(question, row_names)` over the same questions; the one-off
cost of the semantic layer (model load, the table's vectors). Then the cold start of
`k8s-compare ask` beside `python -c "import rapidfuzz, yaml"`, and the process's memory.
Ratios matter, not absolute times: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import json
import math
import os
import random
import resource
import shutil
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
CACHE = tempfile.mkdtemp(prefix="bench-cache-")  # starts cold; the model's int8 weights too
os.environ["K8S_COMPARE_CACHE_DIR"] = CACHE
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)

from bot.embedding import Embedder, default_embedder, exact_int8_kernels  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.text import english_words  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval" / "questions.yaml"
PROJECT_QUESTIONS = sorted((ROOT / "tests" / "data").glob("*.yaml"))


def percentile(samples: list[float], pct: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_each(function, questions: list[str], repeat: int, fresh=None) -> list[float]:
    """Latency of every call, in milliseconds; each question asked `repeat` times, with
    `fresh()` (forgetting cached question vectors) before each pass."""
    samples = []
    for _ in range(repeat):
        if fresh:
            fresh()
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
    """Write a knowledge file of `rows` rows from English words; return questions for it:
    some naming a row (the words settle them), some with a row's vocabulary (typos
    included), some in other words (the model decides those two)."""
    rng = random.Random(seed)
    pool = sorted(w for w in english_words() if 4 <= len(w) <= 10)
    table, questions = [], []
    for index in range(rows):
        feature = f"{rng.choice(pool).title()} {rng.choice(pool)} {index}"
        cells = [" ".join(rng.sample(pool, 12)).capitalize() + "." for _ in range(2)]
        vocabulary = [" ".join(rng.sample(pool, rng.choice((1, 2)))) for _ in range(8)]
        table.append({"feature": feature, "cells": cells, "vocabulary": vocabulary})
        if index % max(1, rows // 100) == 0:
            questions.append(f"what about {feature.lower()}?")
            words = rng.sample(vocabulary, 2)
            questions.append(f"how does {typo(words[0], rng)} compare, and what about {words[1]}?")
            questions.append(f"is the {rng.choice(pool)} of alpha any {rng.choice(pool)}er "
                             f"than beta when {rng.choice(pool)}?")
    data = {"title": "Alpha vs Beta", "subjects": [{"name": "Alpha"}, {"name": "Beta"}],
            "rows": table}
    (directory / "generated.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return questions


def split_by_path(matcher: Matcher, questions: list[str]) -> tuple[list[str], list[str]]:
    """The questions the table's words settle, and those the semantic layer decides."""
    words, meaning = [], []
    for question in questions:
        case = matcher.case(question)
        (words if case is None or case.decide_by_words() else meaning).append(question)
    return words, meaning


def measure_kb(directory: Path | None, questions: list[str], repeat: int,
               meaning_sample: int | None = None) -> dict:
    """Load, warm and time one knowledge base; `meaning_sample` caps how many of the questions
    the model decides are timed (a smoke run needs a few: each costs tens of milliseconds)."""
    started = time.perf_counter()
    kb = load_knowledge(directory)
    matcher = Matcher(kb)
    load_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    cached = Matcher(load_knowledge(directory))  # what a restart or `ask` reads
    cached_load_ms = (time.perf_counter() - started) * 1000
    del cached

    started = time.perf_counter()
    names = _baseline_names([directory / "generated.yaml"] if directory else None)
    baseline_load_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    matcher.semantic.warm()  # the model (once per process) and this table's vectors
    semantic_ms = (time.perf_counter() - started) * 1000

    by_words, by_meaning = split_by_path(matcher, questions)
    by_meaning = by_meaning[:meaning_sample]

    def forget() -> None:  # first sight: no remembered answers, no remembered vectors
        matcher.forget()
        default_embedder()._cache.clear()

    words = time_each(matcher.match, by_words, repeat, fresh=matcher.forget)
    meaning = time_each(matcher.match, by_meaning, repeat, fresh=forget)
    baseline = time_each(
        lambda q: process.extractOne(q, names, scorer=fuzz.WRatio), questions, repeat
    )
    return {
        "meaning_questions": by_meaning,
        "rows": sum(len(t.rows) for t in kb.topics), "questions": len(questions),
        "by_words": len(by_words), "by_meaning": len(by_meaning),
        "load_ms": load_ms, "cached_load_ms": cached_load_ms,
        "baseline_load_ms": baseline_load_ms, "semantic_ready_ms": semantic_ms,
        "words_p50_ms": percentile(words, 50), "words_p99_ms": percentile(words, 99),
        "meaning_p50_ms": percentile(meaning, 50), "meaning_p99_ms": percentile(meaning, 99),
        "baseline_p50_ms": percentile(baseline, 50), "baseline_p99_ms": percentile(baseline, 99),
    }


def _baseline_names(files: list[Path] | None) -> list[str]:
    """The baseline's whole knowledge: row names read from the same YAML files."""
    paths = files or sorted((ROOT / "knowledge").glob("*.yaml"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [r["feature"] for p in paths for r in yaml.load(p.read_text(), Loader=loader)["rows"]]


def cold_start(runs: int) -> dict:
    """Median wall time of a terminal answer vs importing rapidfuzz and yaml alone, the two
    commands taking turns so that both see the same machine load."""
    ask = [sys.executable, "-m", "bot.cli", "ask", "what is the scalability of a kubernetes "
           "cluster?"]
    bare = [sys.executable, "-c", "import rapidfuzz, yaml"]

    def once_ms(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        return (time.perf_counter() - started) * 1000

    # an installed bot has its bytecode (pip compiles it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile its sources on every start
    compileall.compile_dir(ROOT / "bot", quiet=1)
    once_ms(ask)  # warm the file cache and the compiled knowledge once
    ask_ms, bare_ms = [], []
    for _ in range(runs):
        ask_ms.append(once_ms(ask))
        bare_ms.append(once_ms(bare))
    ask_median, bare_median = statistics.median(ask_ms), statistics.median(bare_ms)
    return {"ask_ms": ask_median, "import_ms": bare_median, "ratio": ask_median / bare_median}


def model_graphs(questions: list[str], repeat: int) -> dict:
    """One model run per question (the question alone), with the uint8 graph and, where this
    CPU multiplies uint8 by int8 exactly, the int8 graph the bot then uses: turn about, so
    the machine's noise falls on both."""
    plain = Embedder(int8=False)
    fast = Embedder(int8=True) if exact_int8_kernels(plain.model_dir) else None
    times: dict[str, list[float]] = {"uint8": [], "int8": []}
    for _ in range(repeat):
        for question in questions:
            for name, embedder in (("uint8", plain), ("int8", fast)):
                if embedder is not None:
                    started = time.perf_counter()
                    embedder.encode([question])
                    times[name].append((time.perf_counter() - started) * 1000)
    return {f"{name}_p{pct}_ms": percentile(samples, pct)
            for name, samples in times.items() for pct in (50, 99)}


def report(results: list[tuple[str, dict]], start: dict, rss_mb: float, graphs: dict) -> str:
    lines = [
        "| knowledge base | rows | load ms: YAML / compiled (baseline) | words p50 ms "
        "(baseline) | words p99 ms (baseline) | meaning p99 ms | semantic ready ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results:
        lines.append(
            f"| {name} | {r['rows']:,} | {r['load_ms']:.1f} / {r['cached_load_ms']:.1f} "
            f"({r['baseline_load_ms']:.1f}) "
            f"| {r['words_p50_ms']:.3f} ({r['baseline_p50_ms']:.3f}) "
            f"| {r['words_p99_ms']:.3f} ({r['baseline_p99_ms']:.3f}) "
            f"| {r['meaning_p99_ms']:.2f} (p50 {r['meaning_p50_ms']:.2f}; "
            f"{r['by_meaning']} of {r['questions']} questions) "
            f"| {r['semantic_ready_ms']:.0f} |"
        )
    lines.append("")
    lines.append(
        f"cold start: `k8s-compare ask` {start['ask_ms']:.0f} ms vs `import rapidfuzz, yaml` "
        f"{start['import_ms']:.0f} ms (x{start['ratio']:.2f})"
    )
    plain = f"p50 {graphs['uint8_p50_ms']:.2f}, p99 {graphs['uint8_p99_ms']:.2f} ms"
    if not math.isnan(graphs["int8_p50_ms"]):  # timed: this CPU's int8 kernels are exact
        lines.append(
            f"one model run, the question alone: int8 graph (used) p50 "
            f"{graphs['int8_p50_ms']:.2f}, p99 {graphs['int8_p99_ms']:.2f} ms vs uint8 graph "
            f"{plain} (x{graphs['uint8_p50_ms'] / graphs['int8_p50_ms']:.2f} at p50, "
            f"x{graphs['uint8_p99_ms'] / graphs['int8_p99_ms']:.2f} at p99)")
    else:
        lines.append(f"one model run, the question alone: uint8 graph {plain} (this CPU's "
                     f"int8 kernels saturate, so the int8 graph is not used)")
    lines.append(f"memory: this process, the model and every table above loaded: "
                 f"{rss_mb:.0f} MB (peak RSS)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    # (rows, times each question is asked): the 10,000-row baseline takes ~50 ms a call
    sizes = ((60, 2),) if args.quick else ((1_000, 5), (10_000, 2))
    repeat, runs = (2, 2) if args.quick else (10, 7)

    sample = 40 if args.quick else None
    results = [("shipped", measure_kb(None, labelled_questions(), repeat, sample))]
    for rows, size_repeat in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            questions = generate_kb(Path(tmp), rows)
            results.append((f"generated {rows:,}",
                            measure_kb(Path(tmp), questions, size_repeat, sample)))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    graphs = model_graphs(results[0][1].pop("meaning_questions"), repeat)
    for _, figures in results[1:]:
        figures.pop("meaning_questions")
    start = cold_start(runs)
    print(report(results, start, rss_mb, graphs))
    if args.json:
        print(json.dumps({"kbs": dict(results), "cold_start": start, "rss_mb": rss_mb,
                          "model_graphs": graphs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
