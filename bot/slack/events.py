"""Mentions in channels and direct messages: answered once, in the right place.

A mention is answered in a thread under it (under the thread's root when it is itself in a
thread), a DM in the DM. Messages from bots (this one included, and other copies of it),
edits, joins and every other message subtype get no reply, so two bots cannot loop. A
person's reply in a thread of the escalation channel goes to bot/slack/escalation.py.

The listener owes the answer (the outbox keeps the question until Slack accepts it) and
acks; `deliver_answer` matches and sends it, on this replica or any other, with the token
of the workspace that asked.
"""

from __future__ import annotations

from bot.outbox import DELIVERED, REFUSED, Job
from bot.render.blocks import render_answer, with_ask_the_team
from bot.slack.deps import Deps, bind, client_for, owe
from bot.slack.escalation import AskRef, ask_value, is_escalation_reply, take_reply
from bot.slack.fair_use import noted_if_long, over_the_cap, person
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
    and Slack retries, possibly to another replica. Past the person's rate cap, this
    minute's note is owed instead."""
    if not is_from_a_person(event) or event["user"] == context.bot_user_id:
        return
    text = event.get("text")
    payload = {"channel": event["channel"], "thread_ts": thread_ts,
               "text": text if isinstance(text, str) else "", "user": event["user"],
               "ts": event["ts"]}
    who = person(context.team_id, event["user"])
    if over_the_cap(d, who, payload, context):
        return
    if owe(d, f"message:{event['channel']}:{event['ts']}", surface, payload, context, request):
        d.limiter.count(who)


def take_mention(d: Deps, ack, event, context, request):
    owe_answer(d, event, context, request, MENTION, event.get("thread_ts") or event.get("ts"))
    ack()


def take_message(d: Deps, ack, event, context, request):
    """Direct messages are questions; in the escalation channel, thread replies are the
    team's answers. Every other message is acknowledged and left alone."""
    if event.get("channel_type") == "im":
        owe_answer(d, event, context, request, DM, event.get("thread_ts"))
    elif (is_from_a_person(event) and event["user"] != context.bot_user_id
          and is_escalation_reply(d, event, context.team_id)):
        take_reply(d, event, context, request)
    ack()


def deliver_answer(d: Deps, job: Job) -> str:
    kb, matcher = d.knowledge.current  # one version of the knowledge for the whole answer
    text = job.payload.get("text") or ""
    answer = matcher.match(text)
    message = noted_if_long(render_answer(answer, kb), text)
    if answer.kind == "none":
        where = AskRef(answer.question, job.payload["channel"], job.payload.get("ts", ""),
                       job.payload.get("thread_ts") or "")
        message = with_ask_the_team(message, ask_value(d, job.payload.get("team"), where))
    client = client_for(d, job)
    if client is None:
        return REFUSED  # the workspace uninstalled the app meanwhile
    payload = message.payload(channel=job.payload["channel"])
    if job.payload.get("thread_ts"):
        payload["thread_ts"] = job.payload["thread_ts"]
    outcome = d.delivery.call(client.chat_postMessage, **payload)
    if outcome == DELIVERED:
        d.recorder.answered(job.kind, answer, job.arrived, job.payload.get("team"))
    return outcome


def register(app, d: Deps) -> None:
    app.event("app_mention")(bind(take_mention, d))
    app.event("message")(bind(take_message, d))
    for surface in (MENTION, DM):
        d.courier.handles(surface, bind(deliver_answer, d))
