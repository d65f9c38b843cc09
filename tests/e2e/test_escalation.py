"""Ask the team, end to end over HTTP: the button on a `none` reply and after "Not helpful",
one post per question in the escalation channel with the operator's mention and a link,
the expert's reply sent to the asker in the right place (the mention's thread, the DM the
question was asked in, or a new DM for a slash command), and Save as example."""

from __future__ import annotations

import json

import pytest

from tests.e2e.fake_slack import BOT_USER_ID, TEAM_ID
from tests.e2e.slack_client import button, buttons, direct, mention, unique, unique_ts

EXPERTS, GROUP = "C0EXPERTS", "S0EXPERTS"
UNANSWERABLE = "how do I write a helm chart?"


@pytest.fixture(scope="module")
def escalating(fake, tmp_path_factory):
    """One bot with escalation set up (the session's bot has none)."""
    from tests.e2e.conftest import BotProcess, bot_env, free_port

    env = bot_env(fake, free_port(), K8S_COMPARE_ESCALATION_CHANNEL=EXPERTS,
                  K8S_COMPARE_ESCALATION_MENTION=GROUP)
    process = BotProcess(env, tmp_path_factory.mktemp("escalation") / "bot.log")
    process.start().wait_healthy()
    yield process
    process.stop()


@pytest.fixture
def sender(fake, escalating):
    from tests.e2e.slack_client import SlackSender

    fake.reset()
    fake.names.update({"U0ASKER": "Ada", "U0EXPERT": "Grace", "U0OTHER": "Linus"})
    yield SlackSender(escalating.port, response_base=fake.response_url(""))
    assert fake.invalid == [], fake.invalid


def ask_by_mention(fake, sender, channel: str) -> tuple[str, dict]:
    """Mention the bot with a question it cannot answer; its reply in the thread."""
    ts = unique_ts()
    assert sender.event(mention(channel, UNANSWERABLE, ts)).status == 200
    (reply,) = fake.wait_for("chat.postMessage", channel=channel)
    assert reply.params["thread_ts"] == ts
    return ts, reply.params


def click(fake, sender, choice: dict, channel: str, reply: dict, user: str = "U0ASKER",
          **extra) -> dict:
    message = {"ts": unique_ts(), "thread_ts": reply.get("thread_ts"), **extra}
    response, url = sender.action(choice, ephemeral=False, channel=channel, user=user,
                                  message=message)
    assert response.status == 200
    return fake.posted_to(url)[0]


def expert_reply(sender, thread_ts: str, text: str, user: str = "U0EXPERT") -> str:
    ts = unique_ts()
    event = {"type": "message", "channel": EXPERTS, "channel_type": "channel", "user": user,
             "text": text, "ts": ts, "thread_ts": thread_ts, "event_ts": ts}
    assert sender.event(event).status == 200
    return ts


def test_a_none_answer_asks_the_team_once_and_the_expert_reply_reaches_the_thread(
        fake, sender, escalating):
    channel = unique("C")
    question_ts, reply = ask_by_mention(fake, sender, channel)
    ask = button(reply["blocks"], "Ask the team")

    told = click(fake, sender, ask, channel, reply)
    assert told["response_type"] == "ephemeral"
    assert told["text"] == (f"I've asked the team in <#{EXPERTS}>. When someone answers, "
                            "I'll send it to you in this thread.")
    (post,) = fake.wait_for("chat.postMessage", channel=EXPERTS)
    shown = post.sent_text
    assert f"<!subteam^{GROUP}>" in shown and "*Ada* asked a question" in shown
    assert UNANSWERABLE in shown and "see the question" in shown
    permalink = fake.of("chat.getPermalink")[0].params
    assert (permalink["channel"], permalink["message_ts"]) == (channel, question_ts)
    assert "<@U0ASKER>" not in shown  # who asked is named, never pinged

    # one escalation per question, whoever clicks and however often
    again = click(fake, sender, ask, channel, reply, user="U0OTHER")
    assert again["text"].startswith("The team was already asked this question on ")
    assert click(fake, sender, ask, channel, reply)["text"].startswith("The team was already")
    assert len(fake.of("chat.postMessage", channel=EXPERTS)) == 1

    expert_reply(sender, post_ts_of(fake, post), "Run <@U0OTHER|linus> `helm create` <!here>, see "
                                  "<https://helm.sh/docs|the docs>")
    relayed = fake.wait_for("chat.postMessage", channel=channel, count=2)[-1].params
    assert relayed["thread_ts"] == question_ts  # in the thread where it was asked
    text = json.dumps(relayed)
    assert "*Grace* from the team answered your question" in text
    assert "@linus" in text and "<https://helm.sh/docs|the docs>" in text
    assert "<!here>" not in text and "<@U0OTHER" not in text  # a relay pings nobody

    (update,) = fake.wait_for("chat.update", channel=EXPERTS)
    assert "Answered by Grace" in json.dumps(update.params["blocks"])
    row_menu = [e for b in update.params["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["type"] == "static_select"]
    assert row_menu and {"Scalability"} <= {o["value"].split("|")[1]
                                            for o in row_menu[0]["options"]}
    (answered,) = escalating.stored("SELECT answered_by, answered_at IS NOT NULL FROM escalations"
                                    f" WHERE reply_channel = '{channel}'")
    assert answered == ("U0EXPERT", 1)

    # Save as example: the row the expert picks, once
    save = button(update.params["blocks"], "Save as example")
    option = next(o for o in row_menu[0]["options"] if o["value"].endswith("|Scalability"))
    state = {"values": {"example_0": {"example_row": {"type": "static_select",
                                                      "selected_option": option}}}}
    unpicked = save_click(fake, sender, save, update.params["blocks"], {"values": {}})
    assert unpicked["text"] == ("Pick the row this question is an example of, then click Save "
                                "as example.")
    saved = save_click(fake, sender, save, update.params["blocks"], state)
    assert saved["replace_original"] is True
    assert "Saved as an example of *Scalability*" in json.dumps(saved["blocks"])
    assert not [b for b in saved["blocks"] if b["type"] == "actions"]
    again = save_click(fake, sender, save, update.params["blocks"], state)
    assert again["text"] == "Already saved as an example of “Scalability”."
    assert escalating.stored("SELECT question, topic_id, feature, saved_by FROM saved_examples"
                             ) == [(UNANSWERABLE, "container-vs-kubernetes", "Scalability",
                                    "U0EXPERT")]


def save_click(fake, sender, save: dict, blocks: list, state: dict) -> dict:
    """Click Save as example on the escalation post, with the row menu's state."""
    from urllib.parse import urlencode

    url = fake.response_url(unique("save"))
    payload = {
        "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": "U0EXPERT"},
        "api_app_id": "A0K8SCOMPARE", "token": "t", "trigger_id": unique("trigger."),
        "container": {"type": "message", "message_ts": unique_ts(), "channel_id": EXPERTS,
                      "is_ephemeral": False},
        "channel": {"id": EXPERTS}, "response_url": url, "state": state,
        "message": {"ts": unique_ts(), "blocks": blocks},
        "actions": [{"type": "button", "action_id": save["action_id"], "block_id": "b",
                     "text": save["text"], "value": save["value"], "action_ts": unique_ts()}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    assert sender.post(body, "application/x-www-form-urlencoded").status == 200
    return fake.posted_to(url)[0]


def test_not_helpful_offers_the_team_and_a_slash_question_is_answered_by_dm(fake, sender):
    channel = unique("C")
    reply = sender.command("how do they scale?", channel=channel).json()
    not_helpful = button(reply["blocks"], "Not helpful")
    response, url = sender.action(not_helpful, ephemeral=True, channel=channel)
    thanks = fake.posted_to(url)[0]
    assert thanks["text"].startswith("Thanks for telling me")
    ask = button(thanks["blocks"], "Ask the team")
    response, url = sender.action(ask, ephemeral=True, channel=channel)
    assert fake.posted_to(url)[0]["text"].endswith("I'll send it to you in a direct message.")
    post = fake.wait_for("chat.postMessage", channel=EXPERTS)[0]
    assert f"with /k8s-compare in <#{channel}>" in post.sent_text
    assert "how do they scale?" in post.sent_text

    expert_reply(sender, post_ts_of(fake, post), "It scales with the HPA.")
    relayed = fake.wait_for("chat.postMessage", channel="U0ASKER")[0].params
    assert "It scales with the HPA." in json.dumps(relayed) and "thread_ts" not in relayed


def test_a_question_asked_in_a_dm_gets_the_expert_reply_back_in_that_dm(
        fake, sender, escalating):
    dm = unique("D")
    assert sender.event(direct(dm, UNANSWERABLE)).status == 200  # message.im
    (reply,) = fake.wait_for("chat.postMessage", channel=dm)
    assert "thread_ts" not in reply.params  # a DM is answered in the DM
    ask = button(reply.params["blocks"], "Ask the team")

    told = click(fake, sender, ask, dm, reply.params)
    assert told["text"] == (f"I've asked the team in <#{EXPERTS}>. When someone answers, "
                            "I'll send it to you in our direct messages.")
    (post,) = fake.wait_for("chat.postMessage", channel=EXPERTS)
    shown = post.sent_text
    assert f"<!subteam^{GROUP}>" in shown and UNANSWERABLE in shown
    assert "*Ada* asked a question I could not answer in a direct message with me:" in shown
    assert fake.of("chat.getPermalink") == []  # only the asker could open a link to a DM
    assert dm not in shown

    expert_reply(sender, post_ts_of(fake, post), "Start with `helm create mychart`.")
    relayed = fake.wait_for("chat.postMessage", channel=dm, count=2)[-1].params
    assert "thread_ts" not in relayed  # back in the DM itself, where the question was asked
    text = json.dumps(relayed)
    assert "*Grace* from the team answered your question" in text
    assert "helm create mychart" in text
    beside = [c for c in fake.of("chat.postMessage", channel="U0ASKER")
              if "helm create mychart" in json.dumps(c.params)]
    assert beside == []  # not in a new DM beside the one it was asked in
    # this post's update (an earlier test's relay may still be updating its own)
    (update,) = fake.wait_for("chat.update", channel=EXPERTS, ts=post.response_ts)
    assert "Answered by Grace" in json.dumps(update.params["blocks"])
    assert escalating.stored("SELECT reply_channel, reply_thread, answered_by FROM escalations"
                             f" WHERE reply_channel = '{dm}'") == [(dm, None, "U0EXPERT")]


def post_ts_of(fake, post) -> str:
    """The ts the fake Slack gave the escalation post (what a thread reply points at)."""
    return post.response_ts


def test_a_none_slash_answer_carries_the_button_and_a_reply_by_the_asker_is_not_relayed(
        fake, sender):
    reply = sender.command(UNANSWERABLE, channel=unique("C")).json()
    ask = button(reply["blocks"], "Ask the team")
    response, url = sender.action(ask, ephemeral=True)
    fake.posted_to(url)
    post = fake.wait_for("chat.postMessage", channel=EXPERTS)[0]
    expert_reply(sender, post_ts_of(fake, post), "me too", user="U0ASKER")
    sentinel = expert_reply(sender, post_ts_of(fake, post), "Helm is out of scope here.")
    relayed = fake.wait_for("chat.postMessage", channel="U0ASKER")
    assert len(relayed) == 1 and "out of scope" in json.dumps(relayed[0].params)
    assert sentinel


def test_a_refused_post_is_said_and_a_later_click_can_try_again(fake, sender):
    channel = unique("C")
    _ts, reply = ask_by_mention(fake, sender, channel)
    ask = button(reply["blocks"], "Ask the team")
    fake.fail_next("chat.postMessage", 1, 200, error="not_in_channel")  # not invited there
    refused = click(fake, sender, ask, channel, reply)
    assert refused["text"].startswith("I couldn't reach the team's channel.")
    told = click(fake, sender, ask, channel, reply)  # once the bot is invited
    assert told["text"].startswith(f"I've asked the team in <#{EXPERTS}>")
    assert len(fake.of("chat.postMessage", channel=EXPERTS)) == 2  # the refused one, then this


def test_a_button_value_that_is_not_ours_gets_a_polite_reply(fake, sender):
    forged = {"action_id": "ask_the_team", "text": {"type": "plain_text", "text": "Ask"},
              "value": "<!channel> not json"}
    response, url = sender.action(forged, ephemeral=True)
    assert response.status == 200
    assert fake.posted_to(url)[0]["text"] == (
        "That button can no longer be read. Ask me your question again, please.")
    assert fake.of("chat.postMessage", channel=EXPERTS) == []


def test_without_the_setting_there_is_no_button(slack, fake):
    reply = slack.command(UNANSWERABLE).json()
    assert "Ask the team" not in [b["text"]["text"] for b in buttons(reply["blocks"])]
    assert BOT_USER_ID
