"""Onboarding channels: a private welcome for each newcomer and a tour of the rows.

When someone joins a channel listed in K8S_COMPARE_ONBOARDING_CHANNELS they get, visible to
them alone, the summary, the analogy and a "Take the tour" button (one per comparison when
several are loaded). The tour shows one row
at a time with Back / Next / Done, always editing that same ephemeral message through the
click's response_url (chat.update cannot edit ephemeral messages).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import Suggestion
from bot.knowledge import Topic
from bot.outbox import DELIVERED, REFUSED, Job
from bot.render.blocks import (
    Message,
    actions,
    analogy_section,
    button,
    context_block,
    fallback,
    mrkdwn,
    row_blocks,
    row_text,
    section,
    summary_section,
    title_context,
)
from bot.slack.clicks import take_click
from bot.slack.commands import COMMAND
from bot.slack.deps import Deps, bind, client_for, owe
from bot.slack.recording import ONBOARDING

TOUR_START, TOUR_NEXT, TOUR_BACK, TOUR_DONE = "tour_start", "tour_next", "tour_back", "tour_done"
WELCOME = "Welcome! New to {a} and {b}? Here is the difference in a nutshell."
MAX_TOURS = 5  # one tour button per comparison, for the first five loaded
TOUR_LABEL = 75  # Slack's limit on a button's text
FAREWELL = (
    "That's the tour! Ask me anything about it with `{command} your question`, "
    "by mentioning me, or in a direct message."
)


def welcome_message(topics: Sequence[Topic]) -> Message:
    """The first comparison's gist, and a tour of each comparison loaded (a team's own
    tables beside ours), so the welcome fits whatever the knowledge directory holds."""
    topic = topics[0]
    a, b = (mrkdwn(s.name) for s in topic.subjects[:2])
    welcome = WELCOME.format(a=a, b=b)
    tours = [button("Take the tour" if len(topics) == 1 else f"Tour: {t.title}"[:TOUR_LABEL],
                    f"{TOUR_START}_{n}" if n else TOUR_START, _step_value(t, 0),
                    "primary" if n == 0 else "")
             for n, t in enumerate(topics[:MAX_TOURS])]
    blocks = [
        section(f"*{welcome}*"),
        summary_section(topic),
        analogy_section(topic),
        *title_context(topic),
        *actions(tours),
    ]
    return Message(fallback(welcome, blocks[1]["text"]["text"], blocks[2]["text"]["text"]), blocks)


def tour_message(topic: Topic, index: int) -> Message:
    """Row `index` of the topic with the buttons to move on; the last step offers Done."""
    index = min(max(0, index), len(topic.rows) - 1)
    row, total = topic.rows[index], len(topic.rows)
    buttons = []
    if index > 0:
        buttons.append(button("◀ Back", TOUR_BACK, _step_value(topic, index - 1)))
    if index < total - 1:
        buttons.append(button("Next ▶", TOUR_NEXT, _step_value(topic, index + 1), "primary"))
    buttons.append(
        button("Done", TOUR_DONE, _step_value(topic, index), "" if index < total - 1 else "primary")
    )
    blocks = [
        context_block(f"Tour of _{mrkdwn(topic.title)}_ · step {index + 1} of {total}"),
        *row_blocks(topic, row),
        *actions(buttons),
    ]
    return Message(fallback(f"Step {index + 1} of {total}", row_text(topic, row)), blocks)


def farewell_message() -> Message:
    text = FAREWELL.format(command=COMMAND)
    return Message(text, [section(text)])


def _step_value(topic: Topic, index: int) -> str:
    return f"{index}|{topic.id}"


def _parse_step(value: str) -> tuple[int, str]:
    index, _, topic_id = str(value).partition("|")
    return (int(index) if index.isdecimal() and len(index) < 6 else 0), topic_id


def take_member_joined(d: Deps, ack, event, body, context, request):
    """Greet a person who joined an onboarding channel, once (Slack may retry the event)."""
    channel, user = event.get("channel"), event.get("user")
    if (channel in d.settings.onboarding_channels and isinstance(user, str) and user
            and user != context.bot_user_id and d.knowledge.current.kb.topics):
        joined = f"joined:{channel}:{user}:{event.get('event_ts', body.get('event_id'))}"
        owe(d, joined, ONBOARDING, {"channel": channel, "user": user}, context, request)
    ack()


def deliver_welcome(d: Deps, job: Job) -> str:
    """Recorded as a `summary` answer, what the welcome shows; tour steps are not questions."""
    kb, matcher = d.knowledge.current
    client = client_for(d, job)
    if not kb.topics or client is None:
        return REFUSED
    topic = kb.topics[0]
    outcome = d.delivery.call(client.chat_postEphemeral, channel=job.payload["channel"],
                              user=job.payload["user"], **welcome_message(kb.topics).payload())
    if outcome == DELIVERED:
        summary = matcher.lookup(Suggestion("summary", topic.id))
        d.recorder.answered(ONBOARDING, summary, job.arrived, job.payload.get("team"))
    return outcome


def deliver_tour_step(d: Deps, job: Job) -> str:
    """Start, Next, Back and Done all replace the message the button was on."""
    index, topic_id = _parse_step(job.payload.get("value", ""))
    topic = d.knowledge.current.kb.topic(topic_id)
    if job.payload.get("action_id") == TOUR_DONE or topic is None or not topic.rows:
        message = farewell_message()
    else:
        message = tour_message(topic, index)
    return d.delivery.respond(job.payload.get("response_url", ""),
                              message.payload(replace_original=True))


def register(app, d: Deps) -> None:
    app.event("member_joined_channel")(bind(take_member_joined, d))
    d.courier.handles(ONBOARDING, bind(deliver_welcome, d))
    app.action(re.compile(rf"^{TOUR_START}(_\d+)?$"))(bind(take_click, d))  # one a table
    for action_id in (TOUR_NEXT, TOUR_BACK, TOUR_DONE):
        app.action(action_id)(bind(take_click, d))
    for action_id in (TOUR_START, TOUR_NEXT, TOUR_BACK, TOUR_DONE):
        d.courier.handles(action_id, bind(deliver_tour_step, d))
