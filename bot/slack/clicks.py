"""Button clicks: acknowledged at once, their reply owed once per click, whoever replays it.

A click's reply is owed in the outbox like an answer. Its key is the click itself (who,
which button, Slack's action_ts), so a signed click replayed within Slack's five minutes
finds the row and does nothing; `owe_once` lets a listener use a wider key (Share: once
per answer). Only what the reply needs is kept: the response_url, the button, who clicked
and where the button was.
"""

from __future__ import annotations

import re

from bot.slack.deps import Deps, owe

_POSITION = re.compile(r"_\d+$")  # show_answer_3 -> show_answer: one kind per button family


def kind_of(action_id: str) -> str:
    return _POSITION.sub("", action_id)


def text(value) -> str:
    return value if isinstance(value, str) else ""


def clicker(body: dict) -> str:
    user = body.get("user")
    return text(user.get("id")) if isinstance(user, dict) else ""


def where(body: dict) -> tuple[str, str]:
    """The conversation and the message the button was on."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    return text(container.get("channel_id")), text(container.get("message_ts"))


def click_payload(body: dict, action: dict) -> dict:
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    return {
        "response_url": text(body.get("response_url")),
        "action_id": text(action.get("action_id")),
        "value": text(action.get("value")),
        "ephemeral": bool(container.get("is_ephemeral")),
        "thread_ts": text(message.get("thread_ts") or container.get("thread_ts")) or None,
        "user": clicker(body),
        "channel": text(container.get("channel_id")),
        "message_ts": text(container.get("message_ts")),
    }


def click_key(body: dict, action: dict) -> str:
    moment = text(action.get("action_ts")) or text(body.get("trigger_id"))
    return f"click:{clicker(body)}:{text(action.get('action_id'))}:{moment}"


def owe_once(d: Deps, key: str, body, action, context, request) -> bool:
    return owe(d, key, kind_of(text(action.get("action_id"))), click_payload(body, action),
               context, request)


def take_click(d: Deps, ack, body, action, context, request):
    owe_once(d, click_key(body, action), body, action, context, request)
    ack()
