"""deploy/observability: the alert rules pass `promtool check rules` and fire in
`promtool test rules`; every dashboard query is valid PromQL; and every metric either of
them names is one the real bot exports on GET /metrics."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import ROOT

OBSERVABILITY = ROOT / "deploy" / "observability"
RULES = OBSERVABILITY / "prometheus-rules.yaml"
RULES_TEST = OBSERVABILITY / "prometheus-rules.test.yaml"
DASHBOARD = OBSERVABILITY / "grafana-dashboard.json"
PROMQL_WORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}
GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
SAMPLE_SUFFIXES = {  # the samples a family of each type exposes
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "gauge": ("",),
    "untyped": ("",),
}

promtool = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    promtool is None, reason="promtool missing (Debian package prometheus; .ci/run installs it)"
)


def run_promtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([promtool, *args], capture_output=True, text=True, timeout=120,
                          cwd=OBSERVABILITY)


def alert_rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"]
            for rule in group["rules"]]


def dashboard_queries() -> list[str]:
    """Every query of every panel, with Grafana's interval variable as a real duration."""
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [target["expr"].replace("$__rate_interval", "5m")
            for panel in panels for target in panel["targets"]]


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: what is left once strings, label
    matchers, ranges, grouping clauses, functions and keywords are taken out."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text)
    text = GROUPING.sub(" ", re.sub(r"\boffset\s+-?\w+", " ", text))
    names = set()
    for found in re.finditer(r"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*", text):
        is_function = text[found.end():].lstrip().startswith("(")
        if not is_function and found.group().lower() not in PROMQL_WORDS:
            names.add(found.group())
    return names


def exported_names(exposition: str) -> set[str]:
    """Every sample name /metrics can carry, from its `# TYPE` lines: a counter with no
    samples yet (no label values seen) still counts. The text format names a counter's
    family with its `_total`, OpenMetrics without."""
    names = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", exposition, re.MULTILINE):
        family = name.removesuffix("_total") if kind == "counter" else name
        names.update(family + suffix for suffix in SAMPLE_SUFFIXES.get(kind, ("",)))
    return names


def test_the_name_scan_reads_promql():
    assert metric_names(
        'sum by (le) (rate(a_bucket{x="b c"}[5m])) / on(pod) b_total offset 1h and c > 0.7'
    ) == {"a_bucket", "b_total", "c"}


@needs_promtool
def test_alert_rules_pass_promtool_check():
    result = run_promtool("check", "rules", RULES.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alert_rules())} rules found" in result.stdout


@needs_promtool
def test_each_alert_fires_when_it_should_and_not_before():
    result = run_promtool("test", "rules", RULES_TEST.name)
    assert result.returncode == 0, result.stdout + result.stderr
    tested = set(re.findall(r"alertname: (\w+)", RULES_TEST.read_text()))
    assert tested == {rule["alert"] for rule in alert_rules()}


@needs_promtool
def test_every_dashboard_query_is_valid_promql(tmp_path):
    rules = [{"record": f"dashboard:query_{n}", "expr": q}
             for n, q in enumerate(dashboard_queries())]
    check = tmp_path / "dashboard-queries.yaml"
    check.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = run_promtool("check", "rules", str(check))
    assert result.returncode == 0, result.stdout + result.stderr


# What issue 11 says an operator watches, each with what one panel's queries must hold.
WATCHED = {
    "answers by surface": ["sum by (surface) (rate(k8s_compare_answers_total"],
    "answers by kind": ["sum by (kind) (rate(k8s_compare_answers_total"],
    "answer rate": ['k8s_compare_answers_total{surface=~"slash|mention|dm", kind!="none"}',
                    ") / sum("],
    "latency percentiles": [f"histogram_quantile({q}, sum by (le) (rate("
                            "k8s_compare_answer_latency_seconds_bucket"
                            for q in ("0.5", "0.9", "0.99")],
    "Slack API errors": ["k8s_compare_slack_api_errors_total"],
    "answers owed": ["k8s_compare_answers_owed"],
    "records lost": ["k8s_compare_records_lost_total"],
    "records waiting": ["k8s_compare_records_waiting"],
    "database reachable": ["k8s_compare_database_available"],
}


def test_each_metric_an_operator_watches_has_a_panel_of_its_own():
    panels = json.loads(DASHBOARD.read_text())["panels"]
    shown = {panel["title"]: " ".join(target["expr"] for target in panel["targets"])
             for panel in panels}
    found = {watched: [title for title, queries in shown.items()
                       if all(fragment in queries for fragment in fragments)]
             for watched, fragments in WATCHED.items()}
    assert all(found.values()), {watched: "no panel" for watched, titles in found.items()
                                 if not titles}
    assert all(title.strip() for title in shown), "a panel without a title"
    assert len({p["id"] for p in panels}) == len(panels) == len(shown)
    assert all(p["datasource"] == {"type": "prometheus", "uid": "${datasource}"} for p in panels)


def test_the_alerts_cover_what_an_operator_must_hear_about():
    rules = {rule["alert"]: rule for rule in alert_rules()}
    assert set(rules) >= {"K8sCompareAnswerRateDrop", "K8sCompareSlackApiErrors",
                          "K8sCompareRecordsLost", "K8sCompareAnswersDropped"}
    # docs/reliability.md: "alert on any increase" of acknowledged answers dropped
    dropped = rules["K8sCompareAnswersDropped"]
    assert "increase(k8s_compare_answers_dropped_total[" in dropped["expr"]
    assert dropped["expr"].rstrip().endswith("> 0") and "for" not in dropped
    documented = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert [name for name in rules if f"| `{name}` |" not in documented] == []


def test_every_metric_named_is_exported_by_the_running_bot(bot, slack):
    assert slack.command("how do they scale?").status == 200  # samples, not only families
    exported = exported_names(bot.get("/metrics"))
    assert "k8s_compare_answers_total" in exported and "process_cpu_seconds_total" in exported
    named: dict[str, set[str]] = {}
    for rule in alert_rules():
        named[rule["alert"]] = metric_names(rule["expr"])
    for n, query in enumerate(dashboard_queries()):
        named[f"dashboard query {n}: {query}"] = metric_names(query)
    assert all(named.values()), "a query names no metric: the scan is broken"
    missing = {where: names - exported for where, names in named.items() if names - exported}
    assert not missing, missing


def test_observability_files_are_in_the_repository():
    for path in (RULES, RULES_TEST, DASHBOARD):
        assert Path(path).is_file(), path
