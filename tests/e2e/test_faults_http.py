"""Hostile clients against the real server on 127.0.0.1 (issue 9, cases 1, 3, 7, 8, 9):
idle and trickling connections, malformed bodies with and without a signature, replayed
clicks, crafted button values and invisible characters. Each test starts its own bot, so
every count is exact; every loop and wait is bounded."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import json
import re
import socket
import time
from urllib.parse import urlencode

import pytest

from bot.text import FORMAT_CHARACTERS
from tests.e2e.scrape import scrape, wait_for_metrics
from tests.e2e.slack_client import SlackSender, button, direct, unique

REQUEST_TIMEOUT = 3  # K8S_COMPARE_REQUEST_TIMEOUT for these bots: stalled clients go fast
REJECTED = "k8s_compare_http_rejected_total"
HIDDEN = "\u2066\u2067\u2068\u2069\U000e0041\U000e0042\u200b\u202e\u061c\ufeff"


@pytest.fixture
def asker(fake, start_bot):
    def start(**env: str) -> tuple:
        bot = start_bot(K8S_COMPARE_REQUEST_TIMEOUT=str(REQUEST_TIMEOUT), **env)
        fake.reset()
        return bot, SlackSender(bot.port, response_base=fake.response_url(""))

    yield start
    assert fake.invalid == [], fake.invalid


# ------------------------------------------------------------------ 1: slow clients
def stall(port: int, count: int, trickle: bool) -> list[socket.socket]:
    """`count` connections that send half a request head (or, `trickle`, a whole head
    announcing 100,000 bytes and then only a few of them) and then nothing."""
    opened = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        if trickle:
            connection.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
                               b"Content-Length: 100000\r\n\r\npayload=")
        else:
            connection.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-")
        opened.append(connection)
    return opened


def closed_by_server(connection: socket.socket, within: float) -> bool:
    """True if the server closed `connection` (after its 408) within `within` seconds."""
    connection.settimeout(within)
    try:
        while connection.recv(4096):
            pass
        return True
    except (TimeoutError, OSError) as error:
        return isinstance(error, ConnectionResetError)


def test_500_idle_and_trickling_connections_starve_nothing_and_are_closed(asker):
    bot, slack = asker()
    questions = ("how do they scale?", "networking", "help")
    for question in questions:  # untimed: the matcher loads what it needs on first use
        assert slack.command(question).status == 200
    kept_alive = http.client.HTTPConnection("127.0.0.1", bot.port, timeout=10)
    for _ in range(2):  # two requests on one connection, which then stays idle
        kept_alive.request("GET", "/healthz")
        assert kept_alive.getresponse().read() == b"ok\n"
    stalled = stall(bot.port, 400, trickle=False) + stall(bot.port, 100, trickle=True)
    try:
        for question in questions:
            reply = slack.command(question)
            assert reply.status == 200 and "blocks" in reply.json()
            assert reply.seconds < 1, reply.seconds  # the bound: a second at most
            started = time.perf_counter()
            assert bot.get("/healthz", timeout=5) == "ok\n"
            assert time.perf_counter() - started < 1
        for connection in stalled[400:410]:  # trickling: still sending, still closed
            connection.sendall(b"x")
        assert all(closed_by_server(c, REQUEST_TIMEOUT + 10) for c in stalled)
        assert closed_by_server(kept_alive.sock, REQUEST_TIMEOUT + 10)  # quietly: no 408
    finally:
        kept_alive.close()
        for connection in stalled:
            connection.close()
    metrics = scrape(bot)
    assert metrics.value(REJECTED, reason="timeout") == 500
    assert metrics.value("k8s_compare_answers_total", surface="slash") == 6


# ------------------------------------------------------------------ 3: malformed
MALFORMED = {
    "not UTF-8": (b"\xff\xfe\xfa payload", "application/x-www-form-urlencoded"),
    "invalid JSON": (b'{"type": "event_callback", ', "application/json"),
    "a JSON array": (b"[1, 2, 3]", "application/json"),
    "payload=x": (b"payload=x", "application/x-www-form-urlencoded"),
    "payload a list": (urlencode({"payload": "[1]"}).encode(), "application/x-www-form-urlencoded"),
}


def post_raw(port: int, body: bytes, headers: dict) -> int:
    with contextlib.closing(socket.create_connection(("127.0.0.1", port), timeout=10)) as c:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        c.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
                  f"{head}Connection: close\r\n\r\n".encode() + body)
        status_line = c.makefile("rb").readline()
    return int(status_line.split()[1])


def test_malformed_bodies_get_401_unsigned_and_400_signed_without_a_traceback(asker):
    bot, slack = asker()
    signer = slack.signer
    log_before = len(bot.log().splitlines())
    for body, content_type in MALFORMED.values():
        headers = {"Content-Type": content_type}
        for _ in range(20):  # unsigned, as an attacker sends them
            assert post_raw(bot.port, body, headers) == 401
        stamp = str(int(time.time()))
        bad_stamp = {**headers, "X-Slack-Request-Timestamp": "abc",
                     "X-Slack-Signature": "v0=" + "0" * 64}
        assert post_raw(bot.port, body, bad_stamp) == 401
        signature = "v0=" + hmac.new(
            signer.secret, b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        signed = {**headers, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
        assert post_raw(bot.port, body, signed) == 400
    stale = slack.command("scale", timestamp=int(time.time()) - 400)
    assert stale.status == 401

    metrics = scrape(bot)
    assert metrics.value(REJECTED, reason="unauthenticated") == len(MALFORMED) * 21 + 1
    assert metrics.value(REJECTED, reason="malformed") == len(MALFORMED)
    new_lines = bot.log().splitlines()[log_before:]
    assert "Traceback" not in bot.log()
    assert len(new_lines) == len(MALFORMED), new_lines  # one line per signed malformed body
    assert all("not in a form Slack sends" in line for line in new_lines)


# ------------------------------------------------------------------ 7: replays
def replay(slack: SlackSender, body: str, times: int) -> list[int]:
    return [slack.post(body, "application/x-www-form-urlencoded").status for _ in range(times)]


def click_body(slack: SlackSender, fake, choice: dict, user: str, message_ts: str,
               action_ts: str) -> tuple[str, str]:
    """A signed-once click (the same bytes each time it is replayed) and its response_url."""
    response_url = fake.response_url(unique("click"))
    payload = {
        "type": "block_actions", "user": {"id": user}, "team": {"id": "T0FAKE"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": "C0GENERAL",
                      "is_ephemeral": True},
        "trigger_id": unique("trigger."), "channel": {"id": "C0GENERAL"},
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": choice["action_id"], "block_id": "b",
                     "text": choice["text"], "value": choice.get("value", ""),
                     "action_ts": action_ts}],
    }
    return urlencode({"payload": json.dumps(payload)}), response_url


def test_replayed_clicks_vote_once_share_once_and_a_second_click_changes_the_vote(asker, fake):
    bot, slack = asker()
    blocks = slack.command("how do they scale?").json()["blocks"]
    message_ts = unique("1700000000.")
    helpful, _url = click_body(slack, fake, button(blocks, "Helpful"), "U0VOTER", message_ts,
                               unique("1.1"))
    assert replay(slack, helpful, 10) == [200] * 10
    share, share_url = click_body(slack, fake, button(blocks, "Share"), "U0VOTER", message_ts,
                                  unique("1.2"))
    assert replay(slack, share, 5) == [200] * 5
    other_share, _ = click_body(slack, fake, button(blocks, "Share"), "U0VOTER", message_ts,
                                unique("1.3"))  # a real second click on the same answer
    assert replay(slack, other_share, 1) == [200]
    fake.posted_to(share_url)
    changed, _ = click_body(slack, fake, button(blocks, "Not helpful"), "U0VOTER", message_ts,
                            unique("1.4"))
    assert replay(slack, changed, 3) == [200] * 3

    wait_for_metrics([bot], lambda s: s[0].value("k8s_compare_feedback_total") >= 2
                     and s[0].value("k8s_compare_records_written_total") >= 3)
    time.sleep(1)  # anything replayed late would have arrived by now
    assert len(fake.of("response_url", response_type="in_channel")) == 1
    assert bot.stored("SELECT helpful, kind FROM feedback") == [(0, "row")]  # one vote, changed
    assert scrape(bot).value("k8s_compare_duplicates_skipped_total") == 9 + 4 + 1 + 2


# ------------------------------------------------------------------ 8 and 9
def test_crafted_button_values_make_no_series_and_no_records(asker, fake):
    bot, slack = asker()
    series_before = scrape(bot).text.count("\n")
    for i in range(100):
        value = json.dumps({"s": [f"kind{i}|t|f"], "p": 0, "q": ""})
        for label in ("Helpful", "Not helpful"):
            choice = {"action_id": "feedback_helpful" if label == "Helpful"
                      else "feedback_not_helpful",
                      "text": {"type": "plain_text", "text": label}, "value": value}
            reply, _ = slack.action(choice, ephemeral=True)
            assert reply.status == 200
    fake.wait_for("response_url", count=200)
    metrics = scrape(bot)
    assert metrics.text.count("\n") == series_before
    assert metrics.value("k8s_compare_feedback_total") == 0
    assert bot.stored("SELECT kind FROM feedback") == []


def test_invisible_characters_are_never_echoed_and_huge_page_numbers_get_a_reply(asker, fake):
    bot, slack = asker()
    question = f"zebra{HIDDEN} quux{HIDDEN} blorp"  # unsure: the reply echoes the question
    channel = unique("D")
    slack.event(direct(channel, question))
    fake.wait_for("chat.postMessage", channel=channel)
    slash = slack.command(question).body
    sent = fake.sent_anywhere() + slash
    assert "zebra" in sent  # echoed, but without a single hidden character
    assert re.search(f"[{FORMAT_CHARACTERS}]", sent) is None
    escaped = [f"\\u{ord(c):04x}" for c in HIDDEN if ord(c) < 0x10000]
    assert not any(code in sent.lower() for code in escaped)  # nor JSON-escaped

    page = {"action_id": "table_page_0", "text": {"type": "plain_text", "text": "Next"},
            "value": '{"s":["table|container-vs-kubernetes|"],"p":1e999,"q":""}'}
    reply, url = slack.action(page, ephemeral=True)
    assert reply.status == 200
    assert fake.posted_to(url)[0]["text"]  # the person gets a reply, not silence
    assert "Traceback" not in bot.log()
