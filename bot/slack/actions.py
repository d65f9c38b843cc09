"""Buttons on answers: share in channel, feedback, did-you-mean / help choices, table pages.

Every reply goes through the interaction's response_url, which works in any conversation
(no channel membership needed) and can replace an ephemeral message, which chat.update
cannot. Clicks are owed like answers (bot/slack/clicks.py): a replayed click does nothing,
Share posts once per answer, feedback is one vote per person per answer. Button values
come back from Slack as they were sent, but are still decoded defensively: a bad value
gets a polite reply, never a crash, and never becomes a metric label.
"""

from __future__ import annotations

import re

from bot.answer import Answer, Suggestion
from bot.matcher import Matcher
from bot.outbox import DELIVERED, Job
from bot.render.blocks import (
    CHOOSE,
    CHOOSE_PATTERN,
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    SHOW,
    SHOW_PATTERN,
    TABLE_PAGE,
    TABLE_PAGE_PATTERN,
    Message,
    Ref,
    escape,
    render_answer,
    section,
    with_ask_the_team,
)
from bot.slack.clicks import click_key, clicker, owe_once, take_click, text, where
from bot.slack.deps import Deps, bind
from bot.slack.escalation import AskRef, ask_value
from bot.slack.recording import BUTTON

GONE = "That part of the comparison is no longer in the knowledge base. Try asking again."
THANKS = "Thanks, glad it helped!"
THANKS_ANYWAY = "Thanks for telling me. I'll pass it on so this answer gets better."


def resolve(matcher: Matcher, ref: Ref | None) -> Answer | None:
    """The answer a button refers to: its rows put back together, or its one part."""
    if ref is None or not ref.suggestions:
        return None
    found = [matcher.lookup(s, ref.question) for s in ref.suggestions]
    answers = [a for a in found if a is not None]
    if not answers:
        return None
    if len(answers) > 1 and all(a.kind == "row" for a in answers):
        rows = tuple(row for a in answers for row in a.rows)
        return Answer(ref.question, "row", answers[0].topic, rows, 100)
    return answers[0]


def placement(payload: dict) -> dict:
    """Where a new answer goes: to the clicker alone if the button was on an ephemeral
    message, else visibly in the same conversation and thread."""
    if payload.get("ephemeral"):
        return {"response_type": "ephemeral", "replace_original": False}
    where = {"response_type": "in_channel", "replace_original": False}
    if payload.get("thread_ts"):
        where["thread_ts"] = payload["thread_ts"]
    return where


def reply(d: Deps, job: Job, message: dict) -> str:
    return d.delivery.respond(job.payload.get("response_url", ""), message)


def gone(d: Deps, job: Job) -> str:
    """The button points at a row the knowledge base no longer has (it was edited), or at
    nothing this bot ever rendered."""
    return reply(d, job, {"text": GONE, "response_type": "ephemeral", "replace_original": False})


def take_share(d: Deps, ack, body, action, context, request):
    """Share posts once per answer: the key is the message the button is on."""
    channel, message_ts = where(body)
    key = f"share:{channel}:{message_ts}" if channel and message_ts else click_key(body, action)
    owe_once(d, key, body, action, context, request)
    ack()


def share_answer(d: Deps, job: Job) -> str:
    """Post the answer of an ephemeral reply visibly in the channel."""
    kb, matcher = d.knowledge.current
    answer = resolve(matcher, Ref.decode(job.payload.get("value", "")))
    if answer is None:
        return gone(d, job)
    message = render_answer(answer, kb, shared=True)
    outcome = reply(d, job, message.payload(response_type="in_channel", replace_original=False))
    if outcome == DELIVERED:
        d.recorder.shared(answer)
    return outcome


def take_feedback(d: Deps, ack, body, action, context, request):
    """One vote per person per answer, recorded when the click is first seen (a replay is
    skipped; another click by the same person on the same answer changes the vote)."""
    if owe_once(d, click_key(body, action), body, action, context, request):
        ref = Ref.decode(text(action.get("value"))) or Ref(())
        channel, message_ts = where(body)
        voter = f"{clicker(body)}:{channel}:{message_ts}" if message_ts else None
        d.recorder.feedback(BUTTON, action.get("action_id") == HELPFUL, ref, voter,
                            team=context.team_id)
    ack()


def thank(d: Deps, job: Job) -> str:
    """Thank the clicker (only they see it); after "Not helpful", offer to ask the team."""
    helpful = job.payload.get("action_id") == HELPFUL
    thanks = THANKS if helpful else THANKS_ANYWAY
    message = Message(thanks, [section(escape(thanks))])
    ref = Ref.decode(job.payload.get("value", ""))
    if not helpful and ref is not None:
        where = AskRef(ref.question, job.payload.get("channel", ""),
                       job.payload.get("message_ts", ""), job.payload.get("thread_ts") or "",
                       by_dm=bool(job.payload.get("ephemeral")))
        message = with_ask_the_team(message, ask_value(d, job.payload.get("team"), where))
    return reply(d, job, message.payload(response_type="ephemeral", replace_original=False))


def show_answer(d: Deps, job: Job) -> str:
    """A did-you-mean or help button: show the answer it names, where it was clicked."""
    kb, matcher = d.knowledge.current
    return show(d, job, kb, matcher.lookup(Suggestion.from_value(job.payload.get("value", ""))))


def choose_topic(d: Deps, job: Job) -> str:
    """A "which comparison?" button: answer the question it carries from that one."""
    kb, matcher = d.knowledge.current
    return show(d, job, kb, resolve(matcher, Ref.decode(job.payload.get("value", ""))))


def show(d: Deps, job: Job, kb, answer: Answer | None) -> str:
    """A button's answer, where the button was clicked, recorded once Slack has it."""
    if answer is None:
        return gone(d, job)
    message = render_answer(answer, kb, share=bool(job.payload.get("ephemeral")))
    outcome = reply(d, job, message.payload(**placement(job.payload)))
    if outcome == DELIVERED:
        d.recorder.answered(BUTTON, answer, job.arrived, job.payload.get("team"))
    return outcome


def turn_table_page(d: Deps, job: Job) -> str:
    """Previous / next rows of the full table, in place of the page that was shown."""
    kb, matcher = d.knowledge.current
    ref = Ref.decode(job.payload.get("value", ""))
    answer = resolve(matcher, ref)
    if answer is None or answer.kind != "table":
        return gone(d, job)
    message = render_answer(answer, kb, share=bool(job.payload.get("ephemeral")),
                            start=ref.start)
    return reply(d, job, message.payload(replace_original=True))


def register(app, d: Deps) -> None:
    app.action(SHARE)(bind(take_share, d))
    app.action(HELPFUL)(bind(take_feedback, d))
    app.action(NOT_HELPFUL)(bind(take_feedback, d))
    app.action(re.compile(SHOW_PATTERN))(bind(take_click, d))
    app.action(re.compile(TABLE_PAGE_PATTERN))(bind(take_click, d))
    app.action(re.compile(CHOOSE_PATTERN))(bind(take_click, d))
    for kind, deliver in ((SHARE, share_answer), (HELPFUL, thank), (NOT_HELPFUL, thank),
                          (SHOW, show_answer), (TABLE_PAGE, turn_table_page),
                          (CHOOSE, choose_topic)):
        d.courier.handles(kind, bind(deliver, d))
