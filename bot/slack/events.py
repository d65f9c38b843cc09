"""Mentions in channels and direct messages: answered once, in the right place.

A mention is answered in a thread under it (under the thread's root when it is itself in a
thread), a DM in the DM. Messages from bots (this one included, and other copies of it),
edits, joins and every other message subtype get no reply, so two bots cannot loop.

The listener owes the answer (the outbox keeps the question until Slack accepts it) and
acks; `deliver_answer` matches and sends it, on this replica or any other.
"""

from __future__ import annotations

from bot.outbox import DELIVERED, Job
from bot.render.blocks import render_answer
from bot.slack.deps import Deps, bind, owe
from bot.slack.recording import DM, MENTION


def is_from_a_person(event: dict) -> bool:
    """A plain message typed by a person: no subtype (edits, joins...), no bot behind it."""
    return (
        not event.get("subtype")
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and isinstance(event.get("user"), str) and bool(event.get("user"))
        and isinstance(event.get("channel"), str) and bool(event.get("channel"))
        and isinstance(event.get("ts"), str) and bool(event.get("ts"))
    )


def owe_answer(d: Deps, event: dict, context, request, surface: str, thread_ts) -> None:
    """A person's message not answered yet: a mention in a DM also arrives as a message,
    and Slack retries, possibly to another replica."""
    if not is_from_a_person(event) or event["user"] == context.bot_user_id:
        return
    text = event.get("text")
    payload = {"channel": event["channel"], "thread_ts": thread_ts,
               "text": text if isinstance(text, str) else ""}
    owe(d, f"message:{event['channel']}:{event['ts']}", surface, payload, context, request)


def take_mention(d: Deps, ack, event, context, request):
    owe_answer(d, event, context, request, MENTION, event.get("thread_ts") or event.get("ts"))
    ack()


def take_direct_message(d: Deps, ack, event, context, request):
    if event.get("channel_type") == "im":
        owe_answer(d, event, context, request, DM, event.get("thread_ts"))
    ack()


def deliver_answer(d: Deps, job: Job) -> str:
    answer = d.matcher.match(job.payload.get("text") or "")
    message = render_answer(answer, d.kb).payload(channel=job.payload["channel"])
    if job.payload.get("thread_ts"):
        message["thread_ts"] = job.payload["thread_ts"]
    outcome = d.delivery.call(d.client.chat_postMessage, **message)
    if outcome == DELIVERED:
        d.recorder.answered(job.kind, answer, job.arrived)
    return outcome


def register(app, d: Deps) -> None:
    app.event("app_mention")(bind(take_mention, d))
    app.event("message")(bind(take_direct_message, d))
    for surface in (MENTION, DM):
        d.courier.handles(surface, bind(deliver_answer, d))
