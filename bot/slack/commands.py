"""`/k8s-compare [text]`: the answer as an ephemeral reply, carried by the ack itself.

Matching takes under a millisecond when the table's words settle the question, and some
milliseconds when the meaning model decides (docs/matching.md; the matcher reads at most
1,000 characters of any input), well inside Slack's 3 s. So the answer goes back in the
acknowledgement: no second request, nothing to lose if a response_url post failed, and
Slack shows it only to the asker. Past the person's rate cap the ack is empty (Slack then
shows nothing) and this minute's one note goes out through the response_url.
"""

from __future__ import annotations

import logging

from bot.render.blocks import render_answer, with_ask_the_team
from bot.slack.deps import Deps, arrived, bind
from bot.slack.escalation import AskRef, ask_value
from bot.slack.fair_use import noted_if_long, over_the_cap, person
from bot.slack.recording import SLASH

COMMAND = "/k8s-compare"
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."

log = logging.getLogger("bot.slack")


def answer_command(d: Deps, ack, command, context):
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
        message = noted_if_long(render_answer(answer, kb, share=True), text)
        if answer.kind == "none":
            where = AskRef(answer.question, str(command.get("channel_id", "")), by_dm=True)
            message = with_ask_the_team(message, ask_value(d, context.team_id, where))
        payload = message.payload()
    except Exception:  # a reply of some kind must go back within Slack's 3 seconds
        log.exception("Answering %s failed", COMMAND)
        ack(response_type="ephemeral", text=SORRY)
        return
    ack(response_type="ephemeral", **payload)
    d.recorder.answered(SLASH, answer, arrived(context), context.team_id)


def register(app, d: Deps) -> None:
    app.command(COMMAND)(bind(answer_command, d))
