"""Metrics, log formats and the recorder, in-process (the e2e tests check them end to end)."""

from __future__ import annotations

import copy
import json
import logging
import time

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.slack.delivery import Delivery
from bot.slack.logs import JsonFormatter, RedactingFormatter
from bot.slack.metrics import Metrics
from bot.slack.recording import SLASH, Recorder
from bot.store import Store

EXPORTED = {
    "k8s_compare_answers", "k8s_compare_match_score", "k8s_compare_answer_latency_seconds",
    "k8s_compare_feedback", "k8s_compare_slack_api_errors", "k8s_compare_slack_api_retries",
    "k8s_compare_duplicates_skipped", "k8s_compare_records_written",
    "k8s_compare_records_dropped", "k8s_compare_records_lost",
}


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'store.sqlite3'}", record_questions=False) as store:
        yield store


def families(metrics: Metrics) -> dict:
    text = generate_latest(metrics.registry).decode()
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_every_metric_is_exported_with_its_help(store):
    exported = families(Metrics(store))
    assert exported.keys() >= EXPORTED
    assert all(exported[name].documentation for name in EXPORTED)
    assert "process_cpu_seconds" in exported  # the process' own, on the app's registry


def test_each_app_has_a_registry_of_its_own():
    first, second = Metrics(), Metrics()  # the default registry would refuse the second
    first.answered(SLASH, "row", 80, 0.002)
    assert families(first)["k8s_compare_answers"].samples[0].value == 1
    assert families(second)["k8s_compare_answers"].samples == []


def test_copies_of_the_retry_handlers_count_into_the_same_registry():
    """Bolt deep-copies the WebClient, retry handlers included, for every lazy listener."""
    metrics = Metrics()
    handler = copy.deepcopy(Delivery(metrics).retry_handlers("response_url"))[0]
    assert handler.metrics is metrics


def record(message: str, fields: dict | None = None, exc: Exception | None = None):
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    entry = logging.LogRecord("bot.slack", logging.INFO, "f", 1, message, (), exc_info)
    if fields is not None:
        entry.fields = fields
    return entry


def test_json_lines_carry_the_fields_and_mask_tokens_even_in_tracebacks():
    try:
        raise ValueError("refused xoxb-123-secret")
    except ValueError as error:
        line = JsonFormatter().format(record("answered", {"surface": "dm", "rows": ["A"]}, error))
    assert "\n" not in line and "123-secret" not in line
    entry = json.loads(line)
    assert (entry["message"], entry["surface"], entry["rows"]) == ("answered", "dm", ["A"])
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")
    assert "xoxb-***" in entry["exception"]


def test_readable_lines_quote_values_so_user_text_cannot_start_a_line():
    fields = {"kind": "row", "rows": ["Scalability", "Load balancing"], "question": "a\nFAKE"}
    line = RedactingFormatter("%(message)s").format(record("answered", fields))
    assert line == 'answered kind=row rows="Scalability|Load balancing" question="a\\nFAKE"'
    assert RedactingFormatter("%(message)s").format(record("x", {"rows": []})) == "x rows=-"


@pytest.mark.parametrize("record_questions", [False, True])
def test_the_answer_line_holds_the_question_only_when_recording_is_on(
    tmp_path, matcher, caplog, record_questions
):
    answer = matcher.match("zebra: how do kubernetes clusters scale?")
    with Store(f"sqlite:///{tmp_path / 's.sqlite3'}", record_questions=record_questions) as store:
        with caplog.at_level(logging.INFO, logger="bot.slack"):
            Recorder(Metrics(store), store).answered(SLASH, answer, arrived=time.time())
        assert store.flush()
    (line,) = [r for r in caplog.records if r.getMessage() == "answered"]
    assert ("question" in line.fields) is record_questions
    assert line.fields["rows"] == ["Scalability"] and line.fields["surface"] == "slash"


def test_a_started_recorder_notes_answers_on_its_own_thread_and_all_of_them_on_stop(
    tmp_path, matcher, caplog
):
    answer = matcher.match("how do kubernetes clusters scale?")
    answers = lambda metrics: metrics.answers.labels(SLASH, "row")._value.get()  # noqa: E731
    with Store(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        metrics = Metrics(store)
        recorder = Recorder(metrics, store)
        recorder.start()
        with caplog.at_level(logging.INFO, logger="bot.slack"):
            recorder.answered(SLASH, answer, arrived=time.time() - 0.25)
            deadline = time.monotonic() + 10
            lines = lambda: [r for r in caplog.records if r.getMessage() == "answered"]  # noqa: E731
            while not lines():  # the recorder's thread notes it, soon: counted, then logged
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert answers(metrics) == 1
            (line,) = lines()
            assert line.threadName == "recorder" and line.fields["latency_ms"] >= 250
            for _ in range(3):
                recorder.answered(SLASH, answer, arrived=time.time())
            recorder.stop()  # what is waiting is noted before it returns
            assert answers(metrics) == 4
            recorder.answered(SLASH, answer, arrived=time.time())  # stopped: noted at once
            assert answers(metrics) == 5
        assert store.flush()
        assert store.written == 5
