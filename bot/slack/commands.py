"""`/k8s-compare [text]`: the answer as an ephemeral reply, carried by the ack itself.

Matching takes well under a millisecond (the matcher reads at most 1,000 characters of
any input), so the answer goes back in the acknowledgement: no second request, nothing
to lose if a response_url post failed, and Slack shows it only to the asker.
"""

from __future__ import annotations

import logging

from bot.render.blocks import render_answer
from bot.slack.deps import Deps, arrived, bind
from bot.slack.recording import SLASH

COMMAND = "/k8s-compare"
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."

log = logging.getLogger("bot.slack")


def answer_command(d: Deps, ack, command, context):
    """Match the text (empty or `help`: what the bot can do) and ack with the answer."""
    try:
        text = command.get("text")
        answer = d.matcher.match(text if isinstance(text, str) else "")
        payload = render_answer(answer, d.kb, share=True).payload()
    except Exception:  # a reply of some kind must go back within Slack's 3 seconds
        log.exception("Answering %s failed", COMMAND)
        ack(response_type="ephemeral", text=SORRY)
        return
    ack(response_type="ephemeral", **payload)
    d.recorder.answered(SLASH, answer, arrived(context))


def register(app, d: Deps) -> None:
    app.command(COMMAND)(bind(answer_command, d))
