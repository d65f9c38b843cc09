"""Behaving well in a workspace: refused forgeries, one answer per question, no reply to
bots or edits, no pings, escaped mrkdwn, retried Web API failures, fast acks."""

from __future__ import annotations

import time

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.e2e.fake_slack import BOT_ID, BOT_USER_ID
from tests.e2e.slack_client import (
    SIGNING_SECRET,
    Signer,
    button,
    buttons,
    direct,
    mention,
    unique,
    unique_ts,
)

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<!subteam^S1>")


def settle(fake, channel: str, slack) -> list:
    """Send a real question as a sentinel and wait for its answer: whatever came before it
    in this channel has been handled by then. Returns every post in the channel."""
    slack.event(direct(channel, "sentinel: what is the purpose?"))
    fake.wait_for("chat.postMessage", channel=channel)
    time.sleep(0.3)  # listeners run on a pool: give an earlier one time to post, if it would
    return fake.of("chat.postMessage", channel=channel)


# ------------------------------------------------------------------ signatures
def test_the_test_signer_signs_exactly_as_slack_does():
    """slack_sdk's own verifier accepts what the tests send, and only that."""
    verifier = SignatureVerifier(SIGNING_SECRET)
    body = '{"type":"event_callback","text":"caf\u00e9 & <b>"}'
    headers = Signer().headers(body)
    assert verifier.is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert not verifier.is_valid(
        body + " ", headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )


def test_bad_signature_is_refused_and_nothing_runs(slack, fake):
    channel = unique("C")
    forged = slack.__class__(slack.port, Signer("not-the-signing-secret"), slack.response_base)
    assert forged.event(mention(channel, "how do they scale?")).status == 401
    assert forged.command("how do they scale?").status == 401
    assert slack.event(mention(channel, "scale?"), signed=False).status == 401
    time.sleep(0.5)
    assert fake.of("chat.postMessage", channel=channel) == []


def test_timestamp_older_than_five_minutes_is_refused(slack, fake):
    channel = unique("C")
    stale = int(time.time()) - 5 * 60 - 30
    assert slack.event(mention(channel, "how do they scale?"), timestamp=stale).status == 401
    assert slack.command("how do they scale?", timestamp=stale).status == 401
    time.sleep(0.5)
    assert fake.of("chat.postMessage", channel=channel) == []


def test_url_verification_challenge_is_answered(slack):
    reply = slack.post(
        '{"type":"url_verification","challenge":"c-123","token":"t"}', "application/json"
    )
    assert reply.status == 200 and "c-123" in reply.body


# ------------------------------------------------------------------ one question, one answer
def test_retried_event_is_answered_once(slack, fake):
    channel, event_id = unique("C"), unique("Ev")
    event = mention(channel, "how do they scale?")
    for retry in (None, 1, 2):
        assert slack.event(event, event_id=event_id, retry_num=retry).status == 200
    assert len(settle(fake, channel, slack)) == 2  # the mention's answer and the sentinel's


def test_mention_in_a_dm_arriving_twice_is_answered_once(slack, fake):
    channel, ts = unique("D"), unique_ts()
    slack.event(mention(channel, "how do they scale?", ts=ts))
    slack.event(direct(channel, f"<@{BOT_USER_ID}> how do they scale?", ts=ts))
    assert len(settle(fake, channel, slack)) == 2


@pytest.mark.parametrize(
    "event",
    [
        {"subtype": "bot_message", "bot_id": "B0OTHER"},
        {"bot_id": "B0OTHER", "bot_profile": {"name": "another copy of k8s-compare"}},
        {"user": BOT_USER_ID, "bot_id": BOT_ID},  # its own answer, delivered back
        {
            "subtype": "message_changed",
            "message": {"text": "how do they scale?", "user": "U0ASKER"},
        },
        {"subtype": "message_deleted"},
        {"subtype": "channel_join"},
        {"subtype": "thread_broadcast"},
        {"subtype": "file_share"},
    ],
)
def test_bots_edits_joins_and_other_subtypes_get_no_reply(slack, fake, event):
    channel = unique("D")
    slack.event({**direct(channel, "how do they scale?"), **event})
    slack.event({**mention(unique("C"), "how do they scale?"), **event})
    assert len(settle(fake, channel, slack)) == 1  # the sentinel's answer only


def test_two_copies_of_the_bot_cannot_loop(slack, fake):
    """Each copy's answer reaches the other as a bot message: neither replies to it."""
    channel = unique("D")
    slack.event(direct(channel, "how do they scale?"))
    answer = fake.wait_for("chat.postMessage", channel=channel)[0].params
    echoed = direct(channel, answer["text"], bot_id="B0OTHERCOPY", user="U0OTHERCOPY")
    slack.event(echoed)
    slack.event({**echoed, "type": "app_mention"})
    assert len(settle(fake, channel, slack)) == 2


# ------------------------------------------------------------------ pings and escaping
def test_pings_are_never_echoed_anywhere(slack, fake):
    channel = unique("C")
    pings = " ".join(PINGS)
    escaped_pings = pings.replace("<", "&lt;").replace(">", "&gt;")  # typed literally
    for text in (
        f"{pings} how do they scale?",
        f"{escaped_pings} how do they scale?",
        f"{pings} {escaped_pings} helm charts?",
        f"{escaped_pings} limited?",
    ):
        reply = slack.command(text)
        assert not [p for p in PINGS if p in reply.body]
        choice = buttons(reply.json()["blocks"])[0]  # Share on answers, a choice on the others
        _, url = slack.action(choice, ephemeral=True)
        fake.posted_to(url)
        slack.event(mention(channel, text))
    fake.wait_for("chat.postMessage", count=4, channel=channel)
    sent = fake.sent_anywhere()
    assert not [p for p in PINGS if p in sent]


def test_mrkdwn_specials_in_user_text_are_escaped(slack):
    reply = slack.command("is a <b> & c > d the same as helm?").json()
    asked = [b for b in reply["blocks"] if b["type"] == "context"][0]["elements"][0]["text"]
    assert asked == "You asked: “is a &lt;b&gt; &amp; c &gt; d the same as helm?”"


# ------------------------------------------------------------------ Web API failures
@pytest.mark.parametrize("status, retry_after", [(429, 1), (500, None), (503, None)])
def test_rate_limits_and_server_errors_are_retried_and_the_answer_arrives(
    slack, fake, status, retry_after
):
    channel = unique("C")
    fake.fail_next("chat.postMessage", 1, status, retry_after)
    slack.event(mention(channel, "how do they scale?"))
    first, second = fake.wait_for("chat.postMessage", count=2, channel=channel, timeout=20)[:2]
    assert second.params["blocks"] == first.params["blocks"]
    if retry_after:
        assert second.at - first.at >= retry_after  # Slack's Retry-After was honoured


def test_response_url_rate_limit_is_retried(slack, fake):
    fake.fail_next("response_url", 1, 429, retry_after=1)
    blocks = slack.command("what about networking").json()["blocks"]
    _, url = slack.action(button(blocks, "Share"), ephemeral=True)
    first, second = fake.posted_to(url, count=2, timeout=20)
    assert first == second and second["response_type"] == "in_channel"


def test_slack_refusing_a_call_is_logged_and_the_bot_carries_on(slack, fake, bot):
    channel = unique("C")
    fake.fail_next("chat.postMessage", 1, 200)  # {"ok": false, "error": "fake_failure"}
    slack.event(mention(channel, "how do they scale?"))
    bot.wait_for_log("Slack call failed method=chat.postMessage reason=fake_failure")
    fake.fail_next("response_url", 1, 404)  # an expired response_url
    share = button(slack.command("scaling?").json()["blocks"], "Share")
    slack.action(share, ephemeral=True)
    bot.wait_for_log("Slack call failed method=response_url reason=http_404")
    # still answering: the refused try, then the sentinel's answer
    assert len(settle(fake, channel, slack)) == 2
    assert "Traceback" not in bot.log()


# ------------------------------------------------------------------ fast acks
def test_huge_input_is_acknowledged_well_within_three_seconds(slack, fake):
    huge = ("how do containers scale under load? " * 1200)[:40_000]
    assert len(huge) == 40_000
    reply = slack.command(huge)
    assert reply.status == 200 and reply.seconds < 3, reply.seconds
    assert reply.json()["blocks"]
    channel = unique("C")
    reply = slack.event(mention(channel, huge))
    assert reply.status == 200 and reply.seconds < 3, reply.seconds
    fake.wait_for("chat.postMessage", channel=channel)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "🚀" * 5000,
        "\x00\x01\ufffd" * 1000,
        "<@U1> <!here>",
        "&lt;&gt;&amp;" * 100,
        "*_~`" * 500,
        "ü" * 40_000,
    ],
)
def test_odd_input_never_crashes(slack, fake, text):
    reply = slack.command(text)
    assert reply.status == 200 and reply.json()["blocks"]
    channel = unique("D")
    slack.event(direct(channel, text))
    if text.strip():
        fake.wait_for("chat.postMessage", channel=channel)


# ------------------------------------------------------------------ stale or tampered buttons
@pytest.mark.parametrize(
    "action_id, value, expected",
    [
        ("show_answer_0", "row|container-vs-kubernetes|No such row", "no longer"),
        ("share_answer", "not json at all", "no longer"),
        ("table_page_1", '{"s":["row|container-vs-kubernetes|Scope"],"p":3}', "no longer"),
        ("tour_next", "x|no-such-topic", "That's the tour"),
        ("feedback_helpful", "", "Thanks"),
    ],
)
def test_stale_or_tampered_buttons_get_a_polite_reply(slack, fake, bot, action_id, value, expected):
    choice = {"action_id": action_id, "value": value, "text": {"type": "plain_text", "text": "x"}}
    reply, url = slack.action(choice, ephemeral=True)
    assert reply.status == 200
    assert expected in fake.posted_to(url)[0]["text"]
    assert "Traceback" not in bot.log()
