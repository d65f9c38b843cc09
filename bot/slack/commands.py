"""`/k8s-compare [text]`: the answer as an ephemeral reply, carried by the ack itself.

Matching takes under a millisecond when the table's words settle the question, and some
milliseconds when the meaning model decides (docs/matching.md; the matcher reads at most
1,000 characters of any input), well inside Slack's 3 s. So the answer goes back in the
acknowledgement: no second request, nothing to lose if a response_url post failed, and
Slack shows it only to the asker. Past the person's rate cap the ack is empty (Slack then
shows nothing) and this minute's one note goes out through the response_url.

The reply to a remembered answer is remembered too, already in JSON (`Replies`): the
same answer from the same knowledge is the same reply, and rendering its Block Kit and
encoding it was most of the bot's own CPU per slash command in the load test
(bench/load_slack.py). Replies that carry something of the request (the note on a long
message, the "Ask the team" button) are made afresh.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict

from slack_bolt import BoltResponse

from bot.answer import Answer
from bot.knowledge import KnowledgeBase
from bot.render.blocks import Message, render_answer, with_ask_the_team
from bot.slack.deps import Deps, arrived, bind
from bot.slack.escalation import AskRef, ask_value
from bot.slack.fair_use import noted_if_long, over_the_cap, person, read_in_part
from bot.slack.recording import SLASH

COMMAND = "/k8s-compare"
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."
REMEMBERED_REPLIES = 1_024  # a few KB each; the matcher remembers 4,096 answers

log = logging.getLogger("bot.slack")


class Replies:
    """The slash command's reply to each recently seen answer, as the ack's JSON body.

    The matcher hands back the same Answer object for the same question, so an answer is
    found by its identity (no hashing of the table it points into); an entry holds the
    answer, so its id is not reused while the entry lives. One knowledge version at a
    time: a reload starts afresh, and the old knowledge is not kept alive here."""

    def __init__(self, size: int = REMEMBERED_REPLIES):
        self.size = size
        self._kb: KnowledgeBase | None = None
        self._replies: OrderedDict[int, tuple[Answer, str]] = OrderedDict()
        self._lock = threading.Lock()

    def json(self, answer: Answer, kb: KnowledgeBase) -> str:
        found = self._replies.get(id(answer)) if kb is self._kb else None
        if found is not None and found[0] is answer:
            return found[1]
        body = ephemeral_json(render_answer(answer, kb, share=True))
        with self._lock:
            if kb is not self._kb:
                self._kb = kb
                self._replies.clear()
            self._replies[id(answer)] = (answer, body)
            if len(self._replies) > self.size:
                self._replies.popitem(last=False)
        return body


def ephemeral_json(message: Message) -> str:
    """What `ack(response_type="ephemeral", **message.payload())` sends, byte for byte."""
    body = {"text": message.text, "response_type": "ephemeral"}
    if message.blocks:
        body["blocks"] = message.blocks
    return json.dumps(body)


def ack_json(ack, body: str) -> None:
    """Acknowledge with a body already in JSON: Bolt's Ack keeps the response it sends in
    `ack.response`, which is what `ack(...)` sets after encoding its arguments."""
    ack.response = BoltResponse(status=200, body=body)


def answer_command(d: Deps, replies: Replies, ack, command, context):
    """Match the text (empty or `help`: what the bot can do) and ack with the answer."""
    try:
        who = person(context.team_id, str(command.get("user_id", "")))
        if over_the_cap(d, who, {"response_url": command.get("response_url", "")}, context):
            ack()
            return
        d.limiter.count(who)
        text = command.get("text")
        text = text if isinstance(text, str) else ""
        kb, matcher = d.knowledge.current  # one version of the knowledge for the answer
        answer = matcher.match(text)
        ask = None
        if answer.kind == "none":
            where = AskRef(answer.question, str(command.get("channel_id", "")), by_dm=True)
            ask = ask_value(d, context.team_id, where)
        if ask is None and not read_in_part(text):
            body = replies.json(answer, kb)
        else:
            message = noted_if_long(render_answer(answer, kb, share=True), text)
            body = ephemeral_json(with_ask_the_team(message, ask))
    except Exception:  # a reply of some kind must go back within Slack's 3 seconds
        log.exception("Answering %s failed", COMMAND)
        ack(response_type="ephemeral", text=SORRY)
        return
    ack_json(ack, body)
    d.recorder.answered(SLASH, answer, arrived(context), context.team_id)


def register(app, d: Deps) -> None:
    app.command(COMMAND)(bind(answer_command, d, Replies()))
