"""App Home: the whole comparison, its summary and analogy, and how to ask the bot."""

from __future__ import annotations

from bot.answer import Suggestion
from bot.knowledge import KnowledgeBase, Topic
from bot.outbox import DELIVERED, REFUSED, Job
from bot.render.blocks import (
    MAX_VIEW_BLOCKS,
    MORE_TOPICS,
    analogy_section,
    columns,
    context_block,
    divider,
    escape,
    fit,
    header,
    mrkdwn,
    section,
    summary_section,
)
from bot.slack.commands import COMMAND
from bot.slack.deps import Deps, bind, client_for, owe
from bot.slack.recording import HOME

HOW_TO_USE = (
    "*How to ask me*\n"
    f"• `{COMMAND} your question` anywhere: only you see the answer, and you can share it.\n"
    "• Mention me in a channel: I answer in a thread under your message.\n"
    "• Send me a direct message in the Messages tab: no mention needed.\n"
    f"• `{COMMAND} help` lists every part of the comparison."
)
ROWS_NOTE = "Showing {shown:,} of {total:,} rows: ask me about any other row by name."


def home_view(kb: KnowledgeBase) -> dict:
    """Every topic in full while it fits Slack's 100 blocks, then how to use the bot."""
    tail = [divider(), section(HOW_TO_USE)]
    body: list[dict] = []
    for topic in kb.topics:
        room = MAX_VIEW_BLOCKS - len(tail) - len(body)
        if room < 6:
            body.append(
                context_block(MORE_TOPICS)
            )
            break
        body += topic_blocks(topic, room)
    return {"type": "home", "blocks": fit(body, tail, MAX_VIEW_BLOCKS)}


def topic_blocks(topic: Topic, room: int) -> list[dict]:
    """Title, summary, analogy, then as many rows as fit in `room` blocks."""
    blocks = [header(topic.title), summary_section(topic), analogy_section(topic), divider()]
    shown = 0
    for row in topic.rows:
        row_sections = columns(topic, row, f"*{mrkdwn(row.feature)}*")
        if len(blocks) + len(row_sections) > room - 1:
            break
        blocks += row_sections
        shown += 1
    if shown < len(topic.rows):
        blocks.append(context_block(escape(ROWS_NOTE.format(shown=shown, total=len(topic.rows)))))
    return blocks


def take_home_opened(d: Deps, ack, event, body, context, request):
    """Slack asks nothing back: the Home tab shows whatever view was last published."""
    user = event.get("user")
    if event.get("tab", "home") == "home" and isinstance(user, str) and user:
        key = f"home:{user}:{body.get('event_id') or event.get('event_ts')}"
        owe(d, key, HOME, {"user": user}, context, request)
    ack()


def deliver_home(d: Deps, job: Job) -> str:
    """Recorded as a `table` answer: how often people read the whole comparison there."""
    kb, matcher = d.knowledge.current
    client = client_for(d, job)
    if client is None:
        return REFUSED  # the workspace uninstalled the app meanwhile
    view = home_view(kb)
    outcome = d.delivery.call(client.views_publish, user_id=job.payload["user"], view=view)
    if outcome == DELIVERED and kb.topics:
        table = matcher.lookup(Suggestion("table", kb.topics[0].id))
        d.recorder.answered(HOME, table, job.arrived, job.payload.get("team"))
    return outcome


def register(app, d: Deps) -> None:
    app.event("app_home_opened")(bind(take_home_opened, d))
    d.courier.handles(HOME, bind(deliver_home, d))
