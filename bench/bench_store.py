"""Benchmark answering with recording on vs off, in one run.

    python bench/bench_store.py                 # 5,000 questions, a temporary SQLite file
    python bench/bench_store.py --postgres      # the same on a throwaway PostgreSQL server
    python bench/bench_store.py --database URL  # any SQLAlchemy URL (its tables get rows)
    python bench/bench_store.py --quick         # 200 questions, for a smoke test

Each round answers the labelled questions (cycled up to --questions) with the matcher, once
without a store and once calling `Store.record_answer` after every match, as the bot does.
"Answer path" is what a person waits for: match + enqueue. "Written" also waits until the
background writer has put every row in the database (`Store.flush`). Rounds alternate and
the median is reported, because the machines are shared and noisy: ratios matter most.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_matcher import labelled_questions  # noqa: E402

from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.store import Store  # noqa: E402


def answer_all(matcher: Matcher, questions: list[str], store: Store | None) -> tuple[float, float]:
    """Seconds to answer every question, and seconds until every record is written."""
    matcher.forget()  # each run matches every question (their vectors stay remembered)
    started = time.perf_counter()
    for question in questions:
        answer = matcher.match(question)
        if store is not None:
            store.record_answer("bench", answer, latency_ms=0.0)
    answered = time.perf_counter() - started
    if store is not None and not store.flush(timeout=300):
        raise RuntimeError("the writer did not drain in 300 s")
    return answered, time.perf_counter() - started


def measure(url: str, count: int, rounds: int, record_questions: bool) -> dict:
    matcher = Matcher(load_knowledge())
    pool = labelled_questions()
    questions = [pool[i % len(pool)] for i in range(count)]
    answer_all(matcher, questions, None)  # warm: the model loaded, every question's vectors
    off, on, drained = [], [], []
    with Store(url, record_questions=record_questions, queue_size=count + 1) as store:
        for _ in range(rounds):
            off.append(answer_all(matcher, questions, None)[0])
            answered, written = answer_all(matcher, questions, store)
            on.append(answered)
            drained.append(written)
        lost, dropped = store.lost, store.dropped
    if lost or dropped:
        raise RuntimeError(f"{lost} records lost, {dropped} dropped")
    rate = {name: count / statistics.median(times)
            for name, times in (("off", off), ("on", on), ("written", drained))}
    return {"database": store.safe_url, "questions": count, "rounds": rounds, **rate}


def report(figures: dict) -> str:
    off = figures["off"]
    return "\n".join([
        f"{figures['questions']:,} questions x {figures['rounds']} rounds, "
        f"{figures['database'].split(':')[0]}",
        "| recording | answers/s, answer path | answers/s, until written |",
        "|---|---:|---:|",
        f"| off | {off:,.0f} | - |",
        f"| on | {figures['on']:,.0f} | {figures['written']:,.0f} |",
        f"recording on/off: x{figures['on'] / off:.2f} on the answer path, "
        f"x{figures['written'] / off:.2f} until written; recording costs "
        f"{(1 / figures['on'] - 1 / off) * 1e6:.0f} µs per answer on the answer path",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 questions, 2 rounds")
    parser.add_argument("--record-questions", action="store_true",
                        help="keep every question's text too (K8S_COMPARE_RECORD_QUESTIONS)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database", metavar="URL", help="default: a temporary SQLite file")
    where.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL 15")
    args = parser.parse_args(argv)
    count, rounds = (200, 2) if args.quick else (args.questions, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            from tests.pg import PostgresServer

            server = PostgresServer()
            try:
                server.start()
                figures = measure(server.url(), count, rounds, args.record_questions)
            finally:
                server.cleanup()
        else:
            url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            figures = measure(url, count, rounds, args.record_questions)
    print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
