"""Buttons on answers: share in channel, feedback, did-you-mean / help choices, table pages.

Every reply goes through the interaction's response_url, which works in any conversation
(no channel membership needed) and can replace an ephemeral message, which chat.update
cannot. Button values come back from Slack as they were sent, but are still decoded
defensively: a bad value gets a polite reply, never a crash.
"""

from __future__ import annotations

import re
import time

from bot.answer import Answer, Suggestion
from bot.matcher import Matcher
from bot.render.blocks import (
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    SHOW_PATTERN,
    TABLE_PAGE_PATTERN,
    Ref,
    render_answer,
)
from bot.slack.deps import Deps, ack_then, bind
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


def is_ephemeral(body: dict) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


def placement(body: dict) -> dict:
    """Where a new answer goes: to the clicker alone if the button was on an ephemeral
    message, else visibly in the same conversation and thread."""
    if is_ephemeral(body):
        return {"response_type": "ephemeral", "replace_original": False}
    where = {"response_type": "in_channel", "replace_original": False}
    message, container = body.get("message") or {}, body.get("container") or {}
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    if thread_ts:
        where["thread_ts"] = thread_ts
    return where


def reply(d: Deps, body: dict, payload: dict) -> bool:
    return d.delivery.respond(body.get("response_url", ""), payload)


def gone(d: Deps, body: dict) -> None:
    """The button points at a row the knowledge base no longer has (it was edited)."""
    reply(d, body, {"text": GONE, "response_type": "ephemeral", "replace_original": False})


def share_answer(d: Deps, body, action):
    """Post the answer of an ephemeral reply visibly in the channel."""
    answer = resolve(d.matcher, Ref.decode(action.get("value", "")))
    if answer is None:
        return gone(d, body)
    message = render_answer(answer, d.kb, shared=True)
    if reply(d, body, message.payload(response_type="in_channel", replace_original=False)):
        d.recorder.shared(answer)


def record_feedback(d: Deps, body, action):
    """Record helpful / not helpful and thank the clicker (only they see the thanks)."""
    ref = Ref.decode(action.get("value", "")) or Ref(())
    helpful = action.get("action_id") == HELPFUL
    d.recorder.feedback(BUTTON, helpful, ref)
    thanks = THANKS if helpful else THANKS_ANYWAY
    reply(d, body, {"text": thanks, "response_type": "ephemeral", "replace_original": False})


def show_answer(d: Deps, body, action):
    """A did-you-mean or help button: show the answer it names, where it was clicked."""
    started = time.perf_counter()
    answer = d.matcher.lookup(Suggestion.from_value(action.get("value", "")))
    if answer is None:
        return gone(d, body)
    message = render_answer(answer, d.kb, share=is_ephemeral(body))
    if reply(d, body, message.payload(**placement(body))):
        d.recorder.answered(BUTTON, answer, started)


def turn_table_page(d: Deps, body, action):
    """Previous / next rows of the full table, in place of the page that was shown."""
    ref = Ref.decode(action.get("value", ""))
    answer = resolve(d.matcher, ref)
    if answer is None or answer.kind != "table":
        return gone(d, body)
    message = render_answer(answer, d.kb, share=is_ephemeral(body), start=ref.start)
    reply(d, body, message.payload(replace_original=True))


def register(app, d: Deps) -> None:
    app.action(SHARE)(**ack_then(bind(share_answer, d)))
    app.action(HELPFUL)(**ack_then(bind(record_feedback, d)))
    app.action(NOT_HELPFUL)(**ack_then(bind(record_feedback, d)))
    app.action(re.compile(SHOW_PATTERN))(**ack_then(bind(show_answer, d)))
    app.action(re.compile(TABLE_PAGE_PATTERN))(**ack_then(bind(turn_table_page, d)))
