"""Mentions in channels and direct messages: answered once, in the right place.

A mention is answered in a thread under it (under the thread's root when it is itself in a
thread), a DM in the DM. Messages from bots (this one included, and other copies of it),
edits, joins and every other message subtype get no reply, so two bots cannot loop.
"""

from __future__ import annotations

from bot.render.blocks import render_answer
from bot.slack.delivery import call
from bot.slack.deps import Deps, ack_then, bind


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


def answer_mention(d: Deps, event, client, context):
    if is_from_a_person(event):
        reply(d, event, client, context, event.get("thread_ts") or event["ts"], "mention")


def answer_direct_message(d: Deps, event, client, context):
    if event.get("channel_type") == "im" and is_from_a_person(event):
        reply(d, event, client, context, event.get("thread_ts"), "direct_message")


def reply(d: Deps, event: dict, client, context, thread_ts: str | None, surface: str) -> None:
    """Answer a message once: a mention in a DM also arrives as a message, and retries too."""
    if event.get("user") == context.bot_user_id:
        return
    if not d.dedupe.claim(f"message:{event['channel']}:{event['ts']}"):
        return
    answer = d.matcher.match(event.get("text") or "")
    message = render_answer(answer, d.kb).payload(channel=event["channel"])
    if thread_ts:
        message["thread_ts"] = thread_ts
    if call(client.chat_postMessage, **message) is not None:
        d.recorder.answered(surface, answer)


def register(app, d: Deps) -> None:
    app.event("app_mention")(**ack_then(bind(answer_mention, d)))
    app.event("message")(**ack_then(bind(answer_direct_message, d)))
