"""The slash command's remembered replies (bot/slack/commands.py): the very bytes Bolt's ack
would send, made once per answer and knowledge version."""

from __future__ import annotations

from slack_bolt.context.ack import Ack

from bot.knowledge import load_knowledge
from bot.render.blocks import render_answer
from bot.slack.commands import Replies, ack_json

QUESTIONS = [
    "how do containers and clusters scale?",
    "tl;dr container vs kubernetes",
    "give me an analogy",
    "show me the full table",
    "how do I write a helm chart?",  # none: choices
    "",  # help
]


def test_a_remembered_reply_is_what_ack_would_have_sent(kb, matcher):
    replies = Replies()
    for question in QUESTIONS:
        answer = matcher.match(question)
        bolt = Ack()
        bolt(response_type="ephemeral", **render_answer(answer, kb, share=True).payload())
        ours = Ack()
        ack_json(ours, replies.json(answer, kb))
        assert ours.response.body == bolt.response.body, question
        assert (ours.response.status, ours.response.headers) == (
            bolt.response.status, bolt.response.headers)


def test_a_reply_is_made_once_per_answer_and_knowledge_version(kb, matcher):
    replies = Replies(size=2)
    first, second, third = (matcher.match(q) for q in QUESTIONS[:3])
    made = replies.json(first, kb)
    assert replies.json(first, kb) is made  # remembered, not made again
    replies.json(second, kb)
    replies.json(third, kb)  # three answers, room for two: the oldest is forgotten
    again = replies.json(first, kb)
    assert again == made and again is not made

    reloaded = load_knowledge()  # the same files, a new version object (a live reload)
    assert replies.json(first, reloaded) is not again
    assert replies.json(first, reloaded) is replies.json(first, reloaded)
