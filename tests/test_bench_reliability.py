"""The reliability benchmark runs and reports every figure (a smoke run with small counts on
the bot's own server; the figures themselves are in docs/reliability.md)."""

import re
import subprocess
import sys

import pytest

from tests import early
from tests.conftest import ROOT


def run_the_quick_benchmark() -> subprocess.CompletedProcess:
    """A minute spent mostly waiting (on its bots' starts and Slack's delays, a quarter of
    it on a core), so it starts when the run begins (tests/early.py), beside tests that keep
    the cores busy."""
    return subprocess.run(
        [sys.executable, "bench/reliability.py", "--quick", "--servers", "asyncio"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )


@pytest.mark.early(step=run_the_quick_benchmark)
def test_quick_reliability_benchmark_reports_every_figure_and_loses_nothing():
    result = early.result(run_the_quick_benchmark)
    assert re.search(r"^asyncio +\d+ +\d+ +\d+\.\d\d +\d+ +\d+ ms$", result.stdout, re.M), (
        result.stdout
    )
    row = (r"^(SIGTERM|kill -9|outage, kill -9|kill -9 in outage), Slack at [\d.]+ s"
           r" +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$")
    bursts = re.findall(row, result.stdout, re.M)
    assert [b[0] for b in bursts] == ["SIGTERM", "kill -9", "outage, kill -9",
                                      "kill -9 in outage"], result.stdout
    for _fault, sent, acked, delivered, lost, _duplicated in bursts:
        assert int(sent) >= int(acked) > 0 and acked == delivered and lost == "0"
    assert "first process: exit 0" in result.stdout  # SIGTERM ends cleanly
