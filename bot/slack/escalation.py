"""Ask the team: a person behind the bot, for the questions it cannot answer.

When K8S_COMPARE_ESCALATION_CHANNEL names a channel (for the workspace), the reply to a
`none` answer and the thanks for a "Not helpful" click carry an **Ask the team** button.
A click posts the question, who asked (their name, never a ping) and a link to where it
was asked to that channel, mentioning K8S_COMPARE_ESCALATION_MENTION (the only mention
the bot ever sends on its own), and tells the clicker, ephemerally, that it did. One
escalation per question, whoever clicks and however often: later clicks are told it was
already asked.

Experts answer in the post's thread. Each reply is sent to the asker, with who answered,
where the question was asked (its thread, its DM, or by DM for a slash command), and the
first marks the escalation answered and puts a row menu and **Save as example** under the
post: one click keeps the question as an example of the row chosen, for the
knowledge-base maintainers (`Store.saved_examples`).

Everything that calls Slack is owed in the outbox like an answer (bot/slack/deps.py), so
no escalation post, relay or save is lost when a replica stops or Slack falters.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from bot.escalations import (
    Escalation,
    answered,
    by_post,
    find,
    open_escalation,
    posted,
    save_example,
    saved_for,
    withdraw,
)
from bot.outbox import DELIVERED, REFUSED, Job
from bot.render.blocks import (
    ASK_THE_TEAM,
    BUTTON_VALUE_CHARS,
    SECTION_CHARS,
    Message,
    actions,
    button,
    clip,
    context_block,
    escape,
    fallback,
    mrkdwn,
    plain,
    section,
    unescape,
)
from bot.slack.clicks import click_key, click_payload, text
from bot.slack.courier import RETRY
from bot.slack.deps import Deps, bind, client_for, owe
from bot.slack.settings import Settings
from bot.store import DatabaseUnavailable
from bot.text import clean_question, without_invisible

RELAY = "escalation_reply"  # the outbox kind of an expert's reply
PICK_ROW = "example_row"  # the row menu under an answered escalation
SAVE_EXAMPLE = "save_example"
QUESTION_CHARS = 1_200  # of the question in a button value (escaped), under Slack's 2,000
MENU_OPTIONS = 100  # Block Kit's limit for a static select
OPTION_CHARS = 75
OPTION_VALUE_CHARS = 150

ASKED = "I've asked the team in <#{channel}>. When someone answers, I'll send it to you {where}."
ALREADY = ("The team was already asked this question on {when:%d %b at %H:%M} UTC; their answer "
           "will come {where}.")
NOT_SET_UP = "Asking the team is not set up here any more. Try asking me in other words."
UNREADABLE = "That button can no longer be read. Ask me your question again, please."
CANNOT_POST = ("I couldn't reach the team's channel. Please tell whoever runs this bot; "
               "until then, ask in a channel where the team can see it.")
DATABASE_DOWN = "I can't record this right now; try the button again in a minute."
PICK_FIRST = "Pick the row this question is an example of, then click Save as example."
ROW_GONE = "That row is no longer in the knowledge base; pick another one."

log = logging.getLogger("bot.slack")


# ------------------------------------------------------------------ configuration
def channel_for(settings: Settings, team: str | None) -> str | None:
    """The escalation channel for `team`: its own, else the one for every workspace."""
    mine = [c for t, c in settings.escalation_channels if t and t == team]
    every = [c for t, c in settings.escalation_channels if not t]
    return (mine or every or [None])[0]


def mention_for(settings: Settings, team: str | None) -> str:
    """The operator's mention for `team`: user groups as <!subteam^S…>, people as <@U…>."""
    ids = [i for t, i in settings.escalation_mentions if not t or t == team]
    return " ".join(f"<!subteam^{i}>" if i.startswith("S") else f"<@{i}>" for i in ids)


# ------------------------------------------------------------------ the button
@dataclass(frozen=True)
class AskRef:
    """What an Ask the team button carries: the question, the conversation (`channel`),
    the message that identifies the question and is linked to (`message`, may be empty),
    the thread answers go to, and whether answers go by DM (slash commands, ephemeral
    replies: no thread the asker can see later)."""

    question: str
    channel: str
    message: str = ""
    thread: str = ""
    by_dm: bool = False

    def encode(self) -> str | None:
        data = {"q": escape(self.question)[:QUESTION_CHARS], "c": self.channel,
                "m": self.message, "t": self.thread, "d": int(self.by_dm)}
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return value if len(value) <= BUTTON_VALUE_CHARS else None

    @classmethod
    def decode(cls, value: str) -> AskRef | None:
        try:
            data = json.loads(value)
            question = clean_question(without_invisible(unescape(str(data["q"]))))
            return cls(question, str(data["c"]), str(data.get("m", "")),
                       str(data.get("t", "")), bool(data.get("d")))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def ask_value(d: Deps, team: str | None, ref: AskRef) -> str | None:
    """The button's value when the workspace has an escalation channel, else None (no
    button): what bot.render.blocks.with_ask_the_team takes."""
    if channel_for(d.settings, team) is None or not ref.question or not ref.channel:
        return None
    return ref.encode()


def take_ask(d: Deps, ack, body, action, context, request):
    """Every click is owed (a replay does nothing); the deliverer decides whether the
    question still needs asking."""
    owe(d, click_key(body, action), ASK_THE_TEAM, click_payload(body, action), context, request)
    ack()


def ask_the_team(d: Deps, job: Job) -> str:
    """Post the question to the escalation channel once, and tell the clicker."""
    ref = AskRef.decode(job.payload.get("value", ""))
    team = job.payload.get("team")
    channel = channel_for(d.settings, team)
    if ref is None or not ref.question:
        return _tell(d, job, UNREADABLE)
    if channel is None or d.store is None:
        return _tell(d, job, NOT_SET_UP)
    asker = job.payload.get("user", "")
    reply_channel, reply_thread = (asker, None) if ref.by_dm else (ref.channel, ref.thread or None)
    key = f"escalation:{team}:{ref.channel}:{ref.message or job.payload.get('message_ts', '')}"
    try:
        escalation, mine = open_escalation(
            d.store, key=key, team=team, asker=asker, question=ref.question,
            reply_channel=reply_channel, reply_thread=reply_thread, job=job.key)
    except DatabaseUnavailable:
        return RETRY
    where = _where_answers_go(escalation)
    if not mine:
        return _tell(d, job, ALREADY.format(when=escalation.asked_at, where=where))
    client = client_for(d, job)
    if client is None:
        return REFUSED
    post = escalation_post(d, client, team, ref, asker)
    outcome, sent = d.delivery.send(client.chat_postMessage, channel=channel,
                                    unfurl_links=False, **post.payload())
    if outcome == RETRY:
        return RETRY
    if outcome == REFUSED:
        withdraw(d.store, key)
        return _tell(d, job, CANNOT_POST)
    try:
        posted(d.store, key, channel, str(sent.get("ts", "")), post.blocks)
    except DatabaseUnavailable:
        log.error("Escalation posted but not recorded: replies in its thread won't be relayed")
    d.recorder.metrics.escalations.labels("asked").inc()
    log.info("escalated", extra={"fields": {"team": team, "channel": channel}})
    return _tell(d, job, ASKED.format(channel=channel, where=where))


def _where_answers_go(escalation: Escalation) -> str:
    if escalation.reply_channel.startswith(("U", "W")):
        return "in a direct message"
    if escalation.reply_channel.startswith("D"):
        return "in our direct messages"
    return "in this thread" if escalation.reply_thread else "in this channel"


def _tell(d: Deps, job: Job, message: str) -> str:
    """An ephemeral line to the person who clicked."""
    return d.delivery.respond(job.payload.get("response_url", ""), {
        "text": message, "response_type": "ephemeral", "replace_original": False})


def escalation_post(d: Deps, client, team: str | None, ref: AskRef, asker: str) -> Message:
    """The question as the team sees it: the mention, who asked and where, the question."""
    name = display_name(d, client, asker)
    where = _where_asked(d, client, ref)
    mention = mention_for(d.settings, team)
    lead = f"{mention} " if mention else ""
    question = clip(escape(ref.question), SECTION_CHARS - 10)
    blocks = [
        section(f"{lead}*{escape(name)}* asked a question I could not answer{where}:"),
        section(f">{question}"),
        context_block(f"Reply in this thread: I'll send each reply to {escape(name)}, "
                      "with who answered."),
    ]
    return Message(fallback(f"{escape(name)} asked the team: {escape(ref.question)}"), blocks)


def _where_asked(d: Deps, client, ref: AskRef) -> str:
    """` in <#C…> (link)`: a channel reference pings nobody; DMs are not linked, since only
    the asker can open them."""
    if ref.channel.startswith("D"):
        return " in a direct message with me"
    if ref.by_dm or not ref.message:
        return f" with /k8s-compare in <#{ref.channel}>"
    outcome, found = d.delivery.send(client.chat_getPermalink, channel=ref.channel,
                                     message_ts=ref.message)
    link = found.get("permalink", "") if outcome == DELIVERED else ""
    if link.startswith("https://"):
        return f" in <#{ref.channel}> (<{link}|see the question>)"
    return f" in <#{ref.channel}>"


def display_name(d: Deps, client, user: str) -> str:
    """A person's name to show without pinging them (users.info; escalations are rare
    enough to ask each time); their ID if Slack cannot say."""
    outcome, found = d.delivery.send(client.users_info, user=user)
    profile = (found.get("user") or {}).get("profile") or {} if outcome == DELIVERED else {}
    name = (profile.get("display_name") or profile.get("real_name")
            or (found.get("user") or {}).get("name") or "")
    name = clean_question(name)[:80]
    return name or f"user {user}"


# ------------------------------------------------------------------ the experts' replies
def is_escalation_reply(d: Deps, event: dict, team: str | None) -> bool:
    """A reply in a thread of the escalation channel: a dictionary lookup, nothing more."""
    thread = event.get("thread_ts")
    return (bool(thread) and thread != event.get("ts")
            and event.get("channel") == channel_for(d.settings, team))


def take_reply(d: Deps, event: dict, context, request) -> None:
    payload = {"channel": event["channel"], "thread_ts": event["thread_ts"], "ts": event["ts"],
               "user": event["user"], "text": text(event.get("text"))}
    owe(d, f"relay:{event['channel']}:{event['ts']}", RELAY, payload, context, request)


_LINK_OR_CHANNEL = re.compile(r"^(?:https?://|mailto:|#C)")
_CONTROL = re.compile(r"<([^<>]*)>")


def relayable(reply: str) -> str:
    """An expert's message as it may be sent on: links and channel references kept; user,
    group and broadcast mentions turned into plain text (`@name`), so a relay never pings.
    Slack already escaped everything else in the text."""
    def plain_mention(found: re.Match) -> str:
        inner = found.group(1)
        if _LINK_OR_CHANNEL.match(inner):
            return found.group(0)
        label = inner.partition("|")[2].lstrip("@")
        return f"@{escape(label)}" if label else "@someone"

    return _CONTROL.sub(plain_mention, without_invisible(reply)).strip()


def relay(d: Deps, job: Job) -> str:
    """Send an expert's reply to the asker; the first answer also marks the escalation
    answered and offers Save as example on the post."""
    if d.store is None:
        return REFUSED
    try:
        escalation = by_post(d.store, job.payload["channel"], job.payload["thread_ts"])
    except DatabaseUnavailable:
        return RETRY
    expert = job.payload.get("user", "")
    if escalation is None or expert == escalation.asker:
        return DELIVERED  # not an escalation's thread, or the asker talking: nothing owed
    client = client_for(d, job)
    if client is None:
        return REFUSED
    name = display_name(d, client, expert)
    message = relay_message(name, escalation.question, relayable(job.payload.get("text", "")))
    where = {"channel": escalation.reply_channel}
    if escalation.reply_thread:
        where["thread_ts"] = escalation.reply_thread
    outcome = d.delivery.call(client.chat_postMessage, unfurl_links=False, **where,
                              **message.payload())
    if outcome != DELIVERED:
        return outcome
    d.recorder.metrics.escalations.labels("relayed").inc()
    try:
        first = answered(d.store, escalation.key, expert)
    except DatabaseUnavailable:
        first = False
    if first and escalation.message_ts:
        blocks = [*escalation.post_blocks, context_block(f"Answered by {escape(name)}; "
                                                         "sent to the asker."),
                  *example_controls(d, escalation.key)]
        d.delivery.call(client.chat_update, channel=escalation.channel,
                        ts=escalation.message_ts, text=f"Answered by {name}", blocks=blocks)
    return DELIVERED


def relay_message(expert: str, question: str, reply: str) -> Message:
    asked = escape(clip(question, 300))
    head = f"*{escape(expert)}* from the team answered your question “{asked}”:"
    body = reply or "_(no text: see the thread in the team's channel)_"
    blocks = [section(head), section(clip(body, SECTION_CHARS))]
    return Message(fallback(f"{escape(expert)} from the team answered your question", reply),
                   blocks)


# ------------------------------------------------------------------ save as example
def example_controls(d: Deps, key: str) -> list[dict]:
    """A menu of the knowledge base's rows and the Save as example button."""
    options = []
    for topic in d.knowledge.current.kb.topics:
        for row in topic.rows:
            value = f"{topic.id}|{row.feature}"
            if len(value) <= OPTION_VALUE_CHARS and len(options) < MENU_OPTIONS:
                options.append({"text": plain(mrkdwn(row.feature), OPTION_CHARS),
                                "value": value})
    if not options or len(key) > BUTTON_VALUE_CHARS:
        return []
    menu = {"type": "static_select", "action_id": PICK_ROW, "options": options,
            "placeholder": plain("Which row does it belong to?")}
    return actions([menu, button("Save as example", SAVE_EXAMPLE, key)], "example")


def take_pick(ack):
    """Choosing a row only changes the menu; the Save click reads it."""
    ack()


def chosen_row(body: dict) -> str:
    values = ((body.get("state") or {}).get("values") or {}) if isinstance(body, dict) else {}
    for block in values.values():
        picked = (block.get(PICK_ROW) or {}).get("selected_option") if isinstance(block, dict) \
            else None
        if isinstance(picked, dict):
            return text(picked.get("value"))
    return ""


def take_save(d: Deps, ack, body, action, context, request):
    payload = click_payload(body, action)
    payload["row"] = chosen_row(body)
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    payload["blocks"] = [b for b in message.get("blocks") or []
                         if isinstance(b, dict) and b.get("type") != "actions"]
    owe(d, click_key(body, action), SAVE_EXAMPLE, payload, context, request)
    ack()


def save(d: Deps, job: Job) -> str:
    """Keep the question as an example of the chosen row, once; the post then says so."""
    topic_id, _, feature = job.payload.get("row", "").partition("|")
    if not feature:
        return _tell(d, job, PICK_FIRST)
    topic = d.knowledge.current.kb.topic(topic_id)
    row = topic.row(feature) if topic else None
    if row is None:
        return _tell(d, job, ROW_GONE)
    if d.store is None:
        return _tell(d, job, NOT_SET_UP)
    try:
        escalation = find(d.store, job.payload.get("value", ""))
        if escalation is None:
            return _tell(d, job, UNREADABLE)
        if not save_example(d.store, escalation, topic.id, row.feature, job.payload["user"]):
            done = saved_for(d.store, escalation.key) or {}
            return _tell(d, job, f"Already saved as an example of “{done.get('feature')}”.")
    except DatabaseUnavailable:
        return _tell(d, job, DATABASE_DOWN)
    note = f"Saved as an example of *{mrkdwn(row.feature)}* for the knowledge base."
    blocks = [*job.payload.get("blocks", []), context_block(note)]
    return d.delivery.respond(job.payload.get("response_url", ""), {
        "text": f"Saved as an example of {row.feature}", "blocks": blocks,
        "replace_original": True})


def register(app, d: Deps) -> None:
    app.action(ASK_THE_TEAM)(bind(take_ask, d))
    app.action(PICK_ROW)(take_pick)
    app.action(SAVE_EXAMPLE)(bind(take_save, d))
    d.courier.handles(ASK_THE_TEAM, bind(ask_the_team, d))
    d.courier.handles(RELAY, bind(relay, d))
    d.courier.handles(SAVE_EXAMPLE, bind(save, d))
