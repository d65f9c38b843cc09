"""Starting and stopping `serve`: clear refusals, health check, clean SIGTERM, quiet logs."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import APP_TOKEN, BOT_TOKEN, ROOT, bot_env, free_port
from tests.e2e.slack_client import SlackSender, mention, unique


def run_serve(env: dict, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.slack.server"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_settings_are_all_named_with_where_to_find_them(fake):
    env = bot_env(fake, free_port())
    del env["SLACK_BOT_TOKEN"], env["SLACK_SIGNING_SECRET"]
    result = run_serve(env)
    assert result.returncode == 1
    assert "SLACK_BOT_TOKEN is not set" in result.stderr and "OAuth & Permissions" in result.stderr
    # Socket Mode is the default (manifest.yaml): its token is asked for first, HTTP offered
    assert "SLACK_APP_TOKEN is not set: for Socket Mode (the default" in result.stderr
    assert "For HTTP mode, set SLACK_SIGNING_SECRET instead" in result.stderr
    assert "App-Level Tokens" in result.stderr and "App Credentials" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_settings_are_refused_without_showing_the_values(fake):
    env = bot_env(
        fake,
        free_port(),
        SLACK_BOT_TOKEN="xoxp-user-token-secret",
        SLACK_APP_TOKEN="wrong-secret",
        PORT="http",
        SLACK_API_URL="slack.com",
    )
    result = run_serve(env)
    assert result.returncode == 1
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "PORT", "SLACK_API_URL"):
        assert name in result.stderr
    assert "secret" not in result.stderr


def test_broken_knowledge_base_is_refused_with_file_and_line(fake, tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "title: Broken\nsubjects: [A, B]\nrows:\n- feature: X\n  cells: [only one]\n"
    )
    result = run_serve(bot_env(fake, free_port(), K8S_COMPARE_KNOWLEDGE_DIR=str(tmp_path)))
    assert result.returncode == 1
    assert f"{tmp_path / 'broken.yaml'}:5: row 'X' is missing column(s): B" in result.stderr


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x", "mysql://user:pw-secret@db/x"])
def test_a_database_url_that_cannot_be_used_stops_the_start(fake, url):
    result = run_serve(bot_env(fake, free_port(), K8S_COMPARE_DATABASE_URL=url))
    assert result.returncode == 1
    assert "K8S_COMPARE_DATABASE_URL is not a database URL" in result.stderr
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_a_token_slack_refuses_stops_the_start_and_leaves_no_database(fake, tmp_path):
    fake.reset()
    fake.fail_next("auth.test", 1, 200)  # {"ok": false, "error": "fake_failure"}
    env = bot_env(fake, free_port())  # no K8S_COMPARE_DATABASE_URL: the default file
    result = run_serve(env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "k8s-compare cannot start: Slack did not accept the bot token " \
        "(fake_failure)\n"
    assert list(tmp_path.iterdir()) == []  # no k8s-compare.sqlite3 where none was asked for


def test_a_port_in_use_stops_the_start_in_one_line_and_leaves_no_database(fake, tmp_path):
    """It was a traceback (`OSError: address already in use`) after the database file had
    been made."""
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_serve(bot_env(fake, port), cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"k8s-compare cannot start: cannot listen on 127.0.0.1:{port} (")
    assert line.endswith("another process has it; stop it or set PORT to a free port")
    assert list(tmp_path.iterdir()) == []


def test_an_app_token_slack_refuses_stops_the_start_and_leaves_no_database(fake, tmp_path):
    fake.reset()
    fake.fail_next("apps.connections.open", 1, 200)  # {"ok": false, "error": "fake_failure"}
    result = run_serve(bot_env(fake, free_port(), SLACK_APP_TOKEN=APP_TOKEN,
                               SLACK_SIGNING_SECRET=""), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "k8s-compare cannot start: Slack did not accept the app token (fake_failure): it is "
        "under Basic Information > App-Level Tokens")
    assert list(tmp_path.iterdir()) == []  # it made the SQLite file first


def test_a_socket_mode_websocket_that_will_not_open_stops_the_start(fake, tmp_path):
    """apps.connections.open answers, but its WebSocket URL refuses (a proxy that blocks
    WebSockets): the bot said Ready and called apps.connections.open every second."""
    fake.reset()
    fake.socket_url = f"ws://127.0.0.1:{free_port()}/link/?ticket=fake"  # nothing listens
    try:
        result = run_serve(bot_env(fake, free_port(), SLACK_APP_TOKEN=APP_TOKEN,
                                   SLACK_SIGNING_SECRET=""), cwd=tmp_path)
    finally:
        fake.socket_url = ""
    assert result.returncode == 1
    assert "k8s-compare cannot start: Socket Mode could not connect (Slack gave a WebSocket " \
        "URL, but it did not open within 10 s" in result.stderr
    assert "Ready: " not in result.stderr and "Traceback" not in result.stderr
    opened = len(fake.of("apps.connections.open"))  # slack_sdk's own retries, 10 s of them
    time.sleep(2.5)
    assert len(fake.of("apps.connections.open")) == opened  # and then nothing: it stopped


def test_an_unreachable_web_api_stops_the_start_in_one_line(fake, tmp_path):
    nowhere = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    result = run_serve(bot_env(fake, free_port(), SLACK_API_URL=nowhere), cwd=tmp_path)
    assert result.returncode == 1
    # slack_sdk's own lines about each retry are DEBUG-only: one line says what is wrong
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"k8s-compare cannot start: no answer from {nowhere} (")
    assert list(tmp_path.iterdir()) == []
    debug = run_serve(bot_env(fake, free_port(), SLACK_API_URL=nowhere, LOG_LEVEL="DEBUG"))
    assert "DEBUG slack_sdk.web.base_client: Going to retry the same request" in debug.stderr


def test_a_good_start_logs_one_ready_line(bot):
    log = bot.wait_for_log("Ready: ")
    (ready,) = [line for line in log.splitlines() if "Ready: " in line]
    assert ready.endswith(
        f"INFO bot.slack: Ready: HTTP mode on 127.0.0.1:{bot.port}/slack/events, signed in as "
        "@k8s-compare in the Fake workspace; knowledge: 1 comparison(s), 8 rows. In Slack, "
        "try: /k8s-compare how do they scale?"
    )


def test_health_check_and_unknown_paths(bot):
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.port}/healthz", timeout=5) as response:
        assert response.status == 200 and response.read() == b"ok\n"
    probe = urllib.request.Request(f"http://127.0.0.1:{bot.port}/healthz", method="HEAD")
    with urllib.request.urlopen(probe, timeout=5) as response:  # a load balancer's check
        assert response.status == 200 and response.read() == b""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"http://127.0.0.1:{bot.port}/nothing-here", timeout=5)
    assert missing.value.code == 404


def test_oversized_body_is_refused_before_parsing(slack):
    assert slack.post("x" * 2_000_001, "application/x-www-form-urlencoded").status == 413


def test_sigterm_finishes_the_answer_under_way_then_exits_cleanly(fake, start_bot):
    bot = start_bot()
    fake.reset()
    fake.fail_next("chat.postMessage", 1, 429, retry_after=2)  # the answer is still under way
    channel = unique("C")
    reply = SlackSender(bot.port).event(mention(channel, "scaling?"))
    assert reply.status == 200
    fake.wait_for("chat.postMessage", channel=channel)  # first try: rate limited
    started = time.monotonic()
    assert bot.stop() == 0
    assert len(fake.of("chat.postMessage", channel=channel)) == 2  # the retry was sent before exit
    assert time.monotonic() - started < 20
    assert "Traceback" not in bot.log()


def test_logs_hold_neither_tokens_nor_question_text(fake, start_bot):
    for level in ("INFO", "DEBUG"):
        bot = start_bot(LOG_LEVEL=level)
        fake.reset()
        channel = unique("C")
        SlackSender(bot.port).event(mention(channel, "zebra-question-marker how do they scale?"))
        fake.wait_for("chat.postMessage", channel=channel)
        log = bot.wait_for_log("answered surface=mention")
        assert bot.stop() == 0
        assert BOT_TOKEN not in log and "secret-bot-token" not in log
        if level == "INFO":
            assert "zebra-question-marker" not in log
        else:  # slack_sdk's request logging was on, with its headers
            assert "Sending a request" in log
