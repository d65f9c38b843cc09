"""Sends the app what Slack sends, signed the way Slack signs it.

Slack signs each request with HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the
app's signing secret, in `X-Slack-Signature: v0=<hex>` next to
`X-Slack-Request-Timestamp`. Commands and interactions are form-encoded (interactions as
one `payload` field of JSON), events are JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.e2e.fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "e2e-signing-secret"
APP_ID = "A0K8SCOMPARE"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """IDs no other test uses: the app under test remembers what it already answered."""
    return f"{prefix}{next(_counter):06d}"


def unique_ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


class Signer:
    def __init__(self, secret: str = SIGNING_SECRET):
        self.secret = secret.encode()

    def signature(self, body: str, timestamp: str) -> str:
        base = f"v0:{timestamp}:{body}".encode()
        return "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()

    def headers(self, body: str, timestamp: int | None = None) -> dict:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self.signature(body, stamp),
        }


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


class SlackSender:
    """One HTTP connection per request, as Slack's senders do."""

    def __init__(self, port: int, signer: Signer | None = None, response_base: str = ""):
        self.port, self.signer, self.response_base = port, signer or Signer(), response_base

    def post(
        self,
        body: str,
        content_type: str,
        headers: dict | None = None,
        signed: bool = True,
        timestamp: int | None = None,
        timeout: float = 30,
    ) -> Reply:
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if signed:
            all_headers.update(self.signer.headers(body, timestamp))
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("POST", "/slack/events", body.encode(), all_headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        return Reply(response.status, text, time.perf_counter() - started)

    # ------------------------------------------------------------ what Slack sends
    def command_body(self, text: str, channel: str, user: str, response_name: str) -> str:
        return urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "fake",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": "newcomer",
                "command": "/k8s-compare",
                "text": text,
                "api_app_id": APP_ID,
                "response_url": self.response_base + response_name,
                "trigger_id": unique("trigger."),
            }
        )

    def command(self, text: str, channel: str = "C0GENERAL", user: str = "U0ASKER", **kw) -> Reply:
        body = self.command_body(text, channel, user, unique("cmd"))
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def event(
        self, event: dict, event_id: str | None = None, retry_num: int | None = None,
        team: str = TEAM_ID, **kw
    ) -> Reply:
        envelope = {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or unique("Ev"),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "U0BOT", "is_bot": True}],
        }
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else {}
        )
        return self.post(json.dumps(envelope), "application/json", headers=headers, **kw)

    def action(
        self,
        button: dict,
        *,
        ephemeral: bool,
        channel: str = "C0GENERAL",
        user: str = "U0ASKER",
        message: dict | None = None,
        response_name: str | None = None,
    ) -> tuple[Reply, str]:
        """Click `button` (as the bot rendered it); returns the reply and the response_url."""
        response_url = self.response_base + (response_name or unique("click"))
        container = {
            "type": "message",
            "message_ts": (message or {}).get("ts", unique_ts()),
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "container": container,
            "trigger_id": unique("trigger."),
            "channel": {"id": channel},
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b",
                    "text": button["text"],
                    "value": button.get("value", ""),
                    "action_ts": unique_ts(),
                }
            ],
        }
        if message is not None:
            payload["message"] = message
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded"), response_url


def direct(channel: str, text: str, ts: str | None = None, **extra) -> dict:
    """A person's message event in a DM (what `message.im` delivers)."""
    ts = ts or unique_ts()
    event = dict(type="message", channel_type="im", user="U0ASKER", text=text, channel=channel)
    return {**event, "ts": ts, "event_ts": ts, **extra}


def mention(channel: str, text: str, ts: str | None = None, **extra) -> dict:
    """An `app_mention` event: `text` after a mention of the bot."""
    event = direct(channel, f"<@{BOT_USER_ID}> {text}", ts, type="app_mention", **extra)
    del event["channel_type"]
    return event


def buttons(blocks: list[dict]) -> list[dict]:
    """Every button: in actions blocks, and beside a section's text (its accessory)."""
    found = []
    for block in blocks:
        if block.get("type") == "actions":
            found += [e for e in block["elements"] if e.get("type") == "button"]
        elif (block.get("accessory") or {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def button(blocks: list[dict], label: str) -> dict:
    """The button whose text contains `label` (fails the test if there is none)."""
    found = [b for b in buttons(blocks) if label in b["text"]["text"]]
    assert found, f"no button {label!r} in {[b['text']['text'] for b in buttons(blocks)]}"
    return found[0]


def click(slack: SlackSender, fake, choice: dict, ephemeral: bool = True, **where) -> dict:
    """Click `choice` as Slack would; returns what the bot posted to the click's response_url."""
    reply, url = slack.action(choice, ephemeral=ephemeral, **where)
    assert reply.status == 200
    return fake.posted_to(url)[0]
