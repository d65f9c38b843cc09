"""Running it for real, end to end: /metrics, the records in the store, the logs, and a
database that is down. Each test starts its own bot, so every count is exact."""

from __future__ import annotations

import json
import signal
import sqlite3

import pytest

from tests.e2e.conftest import BOT_TOKEN, ONBOARDING_CHANNEL, free_port
from tests.e2e.scrape import wait_for_metrics
from tests.e2e.slack_client import SlackSender, button, click, direct, mention, unique

SCALE = "how do containers and clusters scale?"  # a row: Scalability
NETWORKING = "what about networking"  # a row: Networking
HELM = "how do I write a helm chart?"  # none: out of scope
ANSWERS, WRITTEN = "k8s_compare_answers_total", "k8s_compare_records_written_total"


@pytest.fixture
def asker(fake, start_bot):
    """A fresh bot (settings from the test) and a sender for it."""

    def start(**env: str) -> tuple:
        bot = start_bot(**env)
        fake.reset()
        return bot, SlackSender(bot.port, response_base=fake.response_url(""))

    yield start
    assert fake.invalid == [], fake.invalid


def ask_everywhere(slack: SlackSender, fake, prefix: str = "") -> list[dict]:
    """A row by slash command, a row by mention and an out-of-scope DM, each answered;
    returns the slash command's blocks."""
    blocks = slack.command(prefix + SCALE).json()["blocks"]
    for event in (mention(unique("C"), prefix + NETWORKING), direct(unique("D"), prefix + HELM)):
        slack.event(event)
        fake.wait_for("chat.postMessage", channel=event["channel"])
    return blocks


def metric_at_least(name: str, value: float, **labels):
    return lambda scrapes: scrapes[0].value(name, **labels) >= value


# ------------------------------------------------------------------ /metrics
def test_metrics_count_answers_by_surface_and_kind_with_histograms_and_a_skipped_retry(
    asker, fake
):
    bot, slack = asker()
    help_blocks = slack.command("help").json()["blocks"]
    feedback_on = ask_everywhere(slack, fake)
    click(slack, fake, button(feedback_on, "Helpful"))
    click(slack, fake, button(help_blocks, "Summary"))
    channel, event_id = unique("C"), unique("Ev")
    retried = mention(channel, "analogy?")
    slack.event(retried, event_id=event_id)
    fake.wait_for("chat.postMessage", channel=channel)
    slack.event(retried, event_id=event_id, retry_num=1)  # Slack thought it was missed
    slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"})
    slack.event({"type": "member_joined_channel", "user": "U0NEW", "channel": ONBOARDING_CHANNEL,
                 "event_ts": unique("1.")})

    skipped = "k8s_compare_duplicates_skipped_total"
    (metrics,) = wait_for_metrics([bot], lambda s: s[0].value(ANSWERS) >= 8
                                  and s[0].value(skipped) >= 1 and s[0].value(WRITTEN) >= 9)
    assert metrics.by(ANSWERS, "surface", "kind") == {
        ("slash", "help"): 1, ("slash", "row"): 1, ("mention", "row"): 1, ("dm", "none"): 1,
        ("mention", "analogy"): 1, ("button", "summary"): 1, ("home", "table"): 1,
        ("onboarding", "summary"): 1,
    }
    assert metrics.by(skipped, "reason") == {("slack_retry",): 1}
    assert len(fake.of("chat.postMessage", channel=channel)) == 1
    assert metrics.value("k8s_compare_answer_latency_seconds_count") == 8
    assert metrics.value("k8s_compare_answer_latency_seconds_count", surface="mention") == 2
    # typed questions only: 2 slash commands, 2 mentions, 1 DM
    assert metrics.value("k8s_compare_match_score_count") == 5
    assert metrics.value("k8s_compare_match_score_bucket", kind="none", le="10.0") == 1
    assert metrics.by("k8s_compare_feedback_total", "helpful", "kind") == {("yes", "row"): 1}
    assert metrics.value("k8s_compare_records_dropped_total") == 0
    assert metrics.value("k8s_compare_records_lost_total") == 0
    assert metrics.value("process_resident_memory_bytes") > 0


def test_metrics_count_web_api_retries_and_failures_by_method(asker, fake):
    bot, slack = asker()
    fake.fail_next("chat.postMessage", 1, 500)  # retried, then answered
    channel = unique("C")
    slack.event(mention(channel, "how do they scale?"))
    assert len(fake.wait_for("chat.postMessage", count=2, channel=channel)) == 2
    fake.fail_next("views.publish", 1, 200)  # Slack refuses: nothing to retry, no answer
    slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"})
    fake.fail_next("response_url", 3, 500)  # every try fails
    slack.action(button(slack.command(SCALE).json()["blocks"], "Share"), ephemeral=True)

    errors = "k8s_compare_slack_api_errors_total"
    (metrics,) = wait_for_metrics([bot], metric_at_least(errors, 2))
    assert metrics.by(errors, "method") == {("views.publish",): 1, ("response_url",): 1}
    assert metrics.by("k8s_compare_slack_api_retries_total", "method", "reason") == {
        ("chat.postMessage", "server_error"): 1, ("response_url", "server_error"): 2,
    }
    assert metrics.by(ANSWERS, "surface") == {("mention",): 1, ("slash",): 1}


# ------------------------------------------------------------------ recording
@pytest.mark.parametrize("record_questions", [False, True], ids=["private", "recording"])
def test_answers_and_feedback_are_recorded_with_text_only_as_the_privacy_rule_says(
    asker, fake, record_questions
):
    bot, slack = asker(**({"K8S_COMPARE_RECORD_QUESTIONS": "1"} if record_questions else {}))
    blocks = ask_everywhere(slack, fake, prefix="xylophone ")
    click(slack, fake, button(blocks, "Not helpful"))
    wait_for_metrics([bot], metric_at_least(WRITTEN, 4))

    answers = bot.stored(
        "SELECT surface, kind, features, score > 0, latency_ms > 0, question FROM answers"
    )
    text = (lambda q: "xylophone " + q) if record_questions else (lambda q: None)
    assert answers == sorted([
        ("dm", "none", "[]", 0, 1, "xylophone " + HELM),  # always kept: the gaps to fill
        ("mention", "row", '["Networking"]', 1, 1, text(NETWORKING)),
        ("slash", "row", '["Scalability"]', 1, 1, text(SCALE)),
    ], key=repr)
    feedback = bot.stored("SELECT surface, helpful, kind, features FROM feedback")
    assert feedback == [("button", 0, "row", '["Scalability"]')]
    logged = bot.wait_for_log("feedback surface=button helpful=no kind=row rows=Scalability")
    assert ("xylophone" in logged) is record_questions  # the log follows the recording switch


# ------------------------------------------------------------------ logs
def test_json_logs_parse_line_by_line_with_no_token_and_no_question_text(asker, fake):
    bot, slack = asker(LOG_FORMAT="json")
    blocks = ask_everywhere(slack, fake, prefix="xylophone ")
    click(slack, fake, button(blocks, "Helpful"))
    fake.fail_next("chat.postMessage", 1, 200)
    slack.event(mention(unique("C"), "xylophone analogy?"))
    wait_for_metrics([bot], metric_at_least("k8s_compare_slack_api_errors_total", 1))
    assert bot.stop() == 0

    lines = bot.log().splitlines()
    entries = [json.loads(line) for line in lines]  # every line, or the test fails here
    answered = [e for e in entries if e["message"] == "answered"]
    assert sorted((e["surface"], e["kind"]) for e in answered) == [
        ("dm", "none"), ("mention", "row"), ("slash", "row")
    ]
    for entry in answered:
        assert entry["level"] == "INFO" and entry["logger"] == "bot.slack"
        assert isinstance(entry["score"], int) and entry["latency_ms"] > 0
    assert ["Scalability"] in [e["rows"] for e in answered]
    failed = [e for e in entries if e["message"] == "Slack call failed"]
    assert [(e["method"], e["reason"]) for e in failed] == [("chat.postMessage", "fake_failure")]
    assert any(e["message"] == "feedback" and e["helpful"] == "yes" for e in entries)
    assert "xylophone" not in bot.log() and BOT_TOKEN not in bot.log() and "secret" not in bot.log()


# ------------------------------------------------------------------ database down
def test_database_down_answers_still_go_out_and_one_error_is_logged(asker, fake):
    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/k8s_compare"  # nothing listens
    bot, slack = asker(K8S_COMPARE_DATABASE_URL=nowhere)
    ask_everywhere(slack, fake)
    assert "blocks" in slack.command(NETWORKING).json()
    channel = unique("C")
    retried = mention(channel, "analogy?")
    for retry in (None, 1):  # claims fall back to memory: still answered once
        slack.event(retried, event_id=f"Ev{channel}", retry_num=retry)
    fake.wait_for("chat.postMessage", channel=channel)

    (metrics,) = wait_for_metrics([bot], metric_at_least("k8s_compare_records_waiting", 5))
    assert metrics.value(ANSWERS) == 5 and metrics.value(WRITTEN) == 0
    assert metrics.value("k8s_compare_records_lost_total") == 0  # kept until it is back
    assert metrics.value("k8s_compare_duplicates_skipped_total") == 1
    assert len(fake.of("chat.postMessage", channel=channel)) == 1
    assert bot.stop() == 0
    errors = [line for line in bot.log().splitlines() if " ERROR " in line]
    assert len(errors) == 1, errors
    assert "bot.store" in errors[0] and "is unavailable; answers still go out" in errors[0]
    assert "records lost: the database was still unavailable when the store closed" in bot.log()
    assert "Traceback" not in bot.log()


def test_records_kept_while_the_database_was_away_are_written_when_it_is_back(
    asker, fake, tmp_path
):
    folder = tmp_path / "not-yet"  # the SQLite file cannot be opened until its folder exists
    bot, slack = asker(K8S_COMPARE_DATABASE_URL=f"sqlite:///{folder / 'bot.sqlite3'}")
    ask_everywhere(slack, fake)
    wait_for_metrics([bot], metric_at_least("k8s_compare_records_waiting", 3))
    folder.mkdir()
    (metrics,) = wait_for_metrics([bot], lambda s: s[0].value(WRITTEN) >= 3
                                  and s[0].value("k8s_compare_records_waiting") == 0, timeout=20)
    assert metrics.value("k8s_compare_records_lost_total") == 0
    assert bot.stop() == 0
    surfaces = [surface for (surface,) in bot.stored("SELECT surface FROM answers")]
    assert sorted(surfaces) == ["dm", "mention", "slash"], surfaces
    assert "is available again" in bot.log() and "Traceback" not in bot.log()


def test_records_waiting_for_the_database_survive_a_kill_9_and_the_next_process_writes_them(
    asker, start_bot, fake, tmp_path
):
    folder = tmp_path / "not-yet"
    database = f"sqlite:///{folder / 'bot.sqlite3'}"
    bot, slack = asker(K8S_COMPARE_DATABASE_URL=database)
    ask_everywhere(slack, fake)
    wait_for_metrics([bot], metric_at_least("k8s_compare_records_waiting", 3))
    bot.process.send_signal(signal.SIGKILL)  # while the database is still away
    bot.process.wait(10)
    folder.mkdir()
    second = start_bot(K8S_COMPARE_DATABASE_URL=database)
    second.wait_for_log("Adopted 3 records a process that ended could not write")
    wait_for_metrics([second], metric_at_least(WRITTEN, 3), timeout=20)
    assert second.stop() == 0
    surfaces = [surface for (surface,) in second.stored("SELECT surface FROM answers")]
    assert sorted(surfaces) == ["dm", "mention", "slash"], surfaces
    assert "Traceback" not in bot.log() + second.log()


# ------------------------------------------------------------------ shutdown
def test_sigterm_writes_the_records_still_queued(asker, fake):
    bot, slack = asker()
    with sqlite3.connect(bot.database.removeprefix("sqlite:///"), isolation_level=None) as lock:
        lock.execute("BEGIN IMMEDIATE")  # the bot's writer waits: its records stay queued
        for question in (SCALE, NETWORKING, HELM):
            assert "blocks" in slack.command(question).json()
        bot.process.send_signal(signal.SIGTERM)
        bot.wait_for_log("Stopping: finishing the answers under way, then writing their records")
        lock.execute("ROLLBACK")
    assert bot.stop() == 0
    assert bot.stored("SELECT kind FROM answers") == [("none",), ("row",), ("row",)]
