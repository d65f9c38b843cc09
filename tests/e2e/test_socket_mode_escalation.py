"""Ask the team over Socket Mode: the click arrives as an interactive envelope, the
expert's reply as an events_api envelope, and the reply reaches the asker's thread."""

from __future__ import annotations

import time

from tests.e2e.conftest import APP_TOKEN
from tests.e2e.fake_slack import TEAM_ID
from tests.e2e.slack_client import APP_ID, button, mention, unique, unique_ts
from tests.e2e.test_socket_mode import FakeSocketMode

EXPERTS = "C0SOCKETEXPERTS"


def events_api(event: dict) -> dict:
    return {"envelope_id": unique("env-"), "type": "events_api",
            "accepts_response_payload": False,
            "payload": {"type": "event_callback", "team_id": TEAM_ID, "api_app_id": APP_ID,
                        "event": event, "event_id": unique("Ev"),
                        "event_time": int(time.time())}}


def test_the_expert_reply_is_relayed_over_socket_mode(fake, start_bot):
    socket_mode = FakeSocketMode().start()
    fake.socket_url = socket_mode.url
    fake.reset()
    fake.names.update({"U0ASKER": "Ada", "U0EXPERT": "Grace"})
    try:
        bot = start_bot(wait=False, SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="",
                        K8S_COMPARE_ESCALATION_CHANNEL=EXPERTS,
                        K8S_COMPARE_ESCALATION_MENTION="U0ONCALL")
        assert socket_mode.connected.wait(60), bot.log()
        channel, ts = unique("C"), unique_ts()
        socket_mode.request(events_api(mention(channel, "how do I write a helm chart?", ts)))
        (reply,) = fake.wait_for("chat.postMessage", channel=channel)
        ask = button(reply.params["blocks"], "Ask the team")

        url = fake.response_url(unique("click"))
        click = {"envelope_id": unique("env-"), "type": "interactive",
                 "accepts_response_payload": False, "payload": {
                     "type": "block_actions", "team": {"id": TEAM_ID},
                     "user": {"id": "U0ASKER"}, "api_app_id": APP_ID, "token": "t",
                     "trigger_id": unique("trigger."), "response_url": url,
                     "container": {"type": "message", "message_ts": reply.response_ts,
                                   "channel_id": channel, "is_ephemeral": False},
                     "channel": {"id": channel},
                     "message": {"ts": reply.response_ts, "thread_ts": ts},
                     "actions": [{"type": "button", "action_id": ask["action_id"],
                                  "block_id": "b", "text": ask["text"], "value": ask["value"],
                                  "action_ts": unique_ts()}]}}
        socket_mode.request(click)
        assert fake.posted_to(url)[0]["text"].startswith(f"I've asked the team in <#{EXPERTS}>")
        (post,) = fake.wait_for("chat.postMessage", channel=EXPERTS)
        assert "<@U0ONCALL>" in post.sent_text  # the operator's mention, the only one

        answer_ts = unique_ts()
        socket_mode.request(events_api({
            "type": "message", "channel": EXPERTS, "channel_type": "channel",
            "user": "U0EXPERT", "text": "helm create mychart", "ts": answer_ts,
            "thread_ts": post.response_ts, "event_ts": answer_ts}))
        relayed = fake.wait_for("chat.postMessage", channel=channel, count=2)[-1].params
        assert relayed["thread_ts"] == ts and "helm create mychart" in relayed["blocks"][1][
            "text"]["text"]
        assert "*Grace* from the team answered" in relayed["blocks"][0]["text"]["text"]
        assert bot.stop() == 0
        assert "Traceback" not in bot.log()
    finally:
        socket_mode.stop()
