"""Fair use end to end over HTTP: past K8S_COMPARE_RATE_LIMIT questions in a minute a person
gets one polite note visible to them alone, then silence until the minute passes; buttons
are not counted; two replicas sharing a database hold one cap; a long message is answered
from its first part and the reply says so."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.scrape import wait_for_metrics
from tests.e2e.slack_client import SlackSender, button, mention, unique

LIMIT = 3
NOTE = ("I answer up to 3 questions a minute from one person, and you've reached that. "
        "Please ask again in a minute; I'll answer then.")


@pytest.fixture
def not_at_the_end_of_a_minute():
    """The cap counts per calendar minute: start with enough of the minute left that the
    test's questions all fall in it (waits at most 20 s, usually not at all)."""
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.5)


def command(sender: SlackSender, fake, text: str, user: str) -> tuple[str, str]:
    """A slash command: the ack's body and the command's response_url."""
    name = unique("cmd")
    body = sender.command_body(text, "C0GENERAL", user, name)
    reply = sender.post(body, "application/x-www-form-urlencoded")
    assert reply.status == 200
    return reply.body, fake.response_url(name)


@pytest.mark.usefixtures("not_at_the_end_of_a_minute")
def test_past_the_cap_one_note_then_silence_and_buttons_still_work(fake, start_bot):
    fake.reset()
    bot = start_bot(K8S_COMPARE_RATE_LIMIT=str(LIMIT))
    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    user = unique("U")
    answers = [command(sender, fake, "how do they scale?", user)[0] for _ in range(LIMIT)]
    assert all('"blocks"' in body for body in answers)

    body, url = command(sender, fake, "how do they scale?", user)
    assert body == ""  # an empty ack: Slack shows nothing
    (note,) = fake.posted_to(url)
    assert note == {"text": NOTE, "response_type": "ephemeral"}
    silent_body, silent_url = command(sender, fake, "analogy?", user)
    channel = unique("C")
    sender.event(mention(channel, "what about networking?", user=user))

    # buttons are not questions: a click past the cap still gets its reply
    share = button(json.loads(answers[0])["blocks"], "Share in channel")
    reply, click_url = sender.action(share, ephemeral=True, user=user)
    assert fake.posted_to(click_url)[0]["response_type"] == "in_channel"
    # someone else is not held back
    assert '"blocks"' in command(sender, fake, "how do they scale?", unique("U"))[0]
    time.sleep(1)  # nothing is owed for the silenced questions, so nothing may arrive late
    assert silent_body == "" and fake.of(_path=silent_url.split(str(fake.port))[1]) == []
    assert fake.of("chat.postMessage", channel=channel) == []
    assert fake.of("chat.postEphemeral", channel=channel) == []
    wait_for_metrics([bot], lambda s: s[0].value("k8s_compare_rate_limited_total") == 3)


@pytest.mark.usefixtures("not_at_the_end_of_a_minute")
def test_a_mention_past_the_cap_gets_one_ephemeral_note_where_it_was_asked(fake, start_bot):
    fake.reset()
    bot = start_bot(K8S_COMPARE_RATE_LIMIT="1")
    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    user, channel = unique("U"), unique("C")
    sender.event(mention(channel, "how do they scale?", user=user))
    fake.wait_for("chat.postMessage", channel=channel)
    for question in ("analogy?", "summary?"):
        sender.event(mention(channel, question, user=user))
    (note,) = fake.wait_for("chat.postEphemeral", channel=channel)
    assert note.params["user"] == user and note.params["text"].startswith(
        "I answer up to 1 question a minute from one person")
    time.sleep(1)
    assert len(fake.of("chat.postEphemeral", channel=channel)) == 1
    assert len(fake.of("chat.postMessage", channel=channel)) == 1


@pytest.mark.usefixtures("not_at_the_end_of_a_minute")
def test_replicas_sharing_a_database_hold_one_cap(fake, start_bot, tmp_path):
    fake.reset()
    shared = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    first = start_bot(K8S_COMPARE_RATE_LIMIT=str(LIMIT), K8S_COMPARE_DATABASE_URL=shared)
    second = start_bot(K8S_COMPARE_RATE_LIMIT=str(LIMIT), K8S_COMPARE_DATABASE_URL=shared)
    one = SlackSender(first.port, response_base=fake.response_url(""))
    two = SlackSender(second.port, response_base=fake.response_url(""))
    user = unique("U")
    for _ in range(LIMIT - 1):
        assert '"blocks"' in command(one, fake, "how do they scale?", user)[0]
    time.sleep(2.5)  # each replica shares its counts every second
    assert '"blocks"' in command(two, fake, "how do they scale?", user)[0]
    assert command(two, fake, "how do they scale?", user)[0] == ""
    time.sleep(2.5)
    assert command(one, fake, "how do they scale?", user)[0] == ""


def test_a_long_message_is_answered_from_its_first_part_and_says_so(slack, fake):
    channel = unique("C")
    text = "how do they scale? " + "and also many other things " * 120
    assert len(text) > 2_000
    slack.event(mention(channel, text))
    (answer,) = fake.wait_for("chat.postMessage", channel=channel)
    assert answer.params["blocks"][0]["text"]["text"] == "Scalability"
    assert answer.params["blocks"][-1]["elements"][0]["text"] == (
        "_Your message was long, so I answered from its first 1,000 characters. One question "
        "at a time gets the best answer._")
    short = unique("C")
    slack.event(mention(short, "how do they scale?"))
    (answer,) = fake.wait_for("chat.postMessage", channel=short)
    assert "was long" not in answer.sent_text
