"""Mentions in channels and direct messages: answered once, in the right place.

A mention is answered in a thread under it (under the thread's root when it is itself in a
thread), a DM in the DM. Messages from bots (this one included, and other copies of it),
edits, joins and every other message subtype get no reply, so two bots cannot loop.
"""

from __future__ import annotations

import time

from bot.render.blocks import render_answer
from bot.slack.deps import Deps, ack_then, bind, first_delivery
from bot.slack.recording import DM, MENTION


def is_from_a_person(event: dict) -> bool:
    """A plain message typed by a person: no subtype (edits, joins...), no bot behind it."""
    return (
        not event.get("subtype")
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
        and bool(event.get("channel"))
        and bool(event.get("ts"))
    )


def is_new_question(d: Deps, event: dict, context, request) -> bool:
    """A person's message not answered yet: a mention in a DM also arrives as a message,
    and Slack retries, possibly to another replica."""
    return (
        is_from_a_person(event)
        and event.get("user") != context.bot_user_id
        and first_delivery(d, f"message:{event['channel']}:{event['ts']}", request)
    )


def answer_mention(d: Deps, event, client, context, request):
    started = time.perf_counter()
    if is_new_question(d, event, context, request):
        reply(d, event, client, event.get("thread_ts") or event["ts"], MENTION, started)


def answer_direct_message(d: Deps, event, client, context, request):
    started = time.perf_counter()
    if event.get("channel_type") == "im" and is_new_question(d, event, context, request):
        reply(d, event, client, event.get("thread_ts"), DM, started)


def reply(d: Deps, event: dict, client, thread_ts: str | None, surface: str, started: float):
    answer = d.matcher.match(event.get("text") or "")
    message = render_answer(answer, d.kb).payload(channel=event["channel"])
    if thread_ts:
        message["thread_ts"] = thread_ts
    if d.delivery.call(client.chat_postMessage, **message) is not None:
        d.recorder.answered(surface, answer, started)


def register(app, d: Deps) -> None:
    app.event("app_mention")(**ack_then(bind(answer_mention, d)))
    app.event("message")(**ack_then(bind(answer_direct_message, d)))
