"""The benchmark script runs and reports what it measured (a smoke run, not a timing test)."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_quick_benchmark_reports_every_figure():
    result = subprocess.run(
        [sys.executable, "bench/bench_matcher.py", "--quick"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| shipped")
            or line.startswith("| generated")]
    assert len(rows) == 2
    for row in rows:
        assert re.search(r"\| \d+\.\d / \d+\.\d \(\d+\.\d\) \|", row), row  # load
        assert len(re.findall(r"\| \d+\.\d+ \(\d+\.\d+\) ", row)) == 2, row  # words p50, p99
        assert re.search(r"\| \d+\.\d\d \(p50 \d+\.\d\d; \d+ of \d+ questions\)", row), row
    assert re.search(r"cold start: `k8s-compare ask` \d+ ms vs .* \(x\d+\.\d+\)", result.stdout)
    assert re.search(r"memory: .* \d+ MB", result.stdout)
    assert re.search(r"one model run, the question alone: (int8 graph \(used\) p50 \d+\.\d\d, "
                     r"p99 \d+\.\d\d ms vs )?uint8 graph p50 \d+\.\d\d, p99 \d+\.\d\d ms",
                     result.stdout)
