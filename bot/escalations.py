"""Questions handed to people ("Ask the team"), in the store: one per question, however many
click, whichever replica posts it; answered at the first expert reply; and the questions
experts saved as examples of a row. The Slack side is bot/slack/escalation.py; the report
reads `stats`.

These calls run in the courier's threads, never while a request waits for its ack.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from bot.store import Store, escalations, saved_examples_table, utc_now


@dataclass(frozen=True)
class Escalation:
    key: str
    team: str | None
    asker: str
    question: str
    reply_channel: str
    reply_thread: str | None
    job: str | None
    channel: str | None
    message_ts: str | None
    asked_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    post: str | None = None  # the post's blocks (JSON), to add the answer's line to later

    @property
    def post_blocks(self) -> list[dict]:
        try:
            blocks = json.loads(self.post or "[]")
        except ValueError:
            return []
        return blocks if isinstance(blocks, list) else []


def _row(found) -> Escalation | None:
    return Escalation(**dict(found._mapping)) if found is not None else None


def open_escalation(store: Store, *, key: str, team: str | None, asker: str, question: str,
                    reply_channel: str, reply_thread: str | None, job: str
                    ) -> tuple[Escalation, bool]:
    """The escalation of one question and whether `job` may post it: True for a new one,
    and for one this job opened but has not posted yet (a retry resumes it)."""
    row = {"key": key, "team": team, "asker": asker, "question": question,
           "reply_channel": reply_channel, "reply_thread": reply_thread, "job": job,
           "asked_at": utc_now()}
    try:
        store.transaction(lambda c: c.execute(escalations.insert(), row))
    except IntegrityError:
        existing = find(store, key)
        if existing is None:  # deleted in between (a refused post): this click may try
            return open_escalation(store, key=key, team=team, asker=asker, question=question,
                                   reply_channel=reply_channel, reply_thread=reply_thread,
                                   job=job)
        return existing, existing.job == job and existing.message_ts is None
    return find(store, key), True


def find(store: Store, key: str) -> Escalation | None:
    query = select(escalations).where(escalations.c.key == key)
    return store.transaction(lambda c: _row(c.execute(query).first()))


def by_post(store: Store, channel: str, message_ts: str) -> Escalation | None:
    """The escalation whose post in the escalation channel is `message_ts` (a thread's root)."""
    query = select(escalations).where(escalations.c.channel == channel,
                                      escalations.c.message_ts == message_ts)
    return store.transaction(lambda c: _row(c.execute(query).first()))


def posted(store: Store, key: str, channel: str, message_ts: str, blocks: list[dict]) -> None:
    query = (update(escalations).where(escalations.c.key == key)
             .values(channel=channel, message_ts=message_ts, post=json.dumps(blocks)))
    store.transaction(lambda c: c.execute(query))


def withdraw(store: Store, key: str) -> None:
    """The post was refused: forget the escalation so that a later click may try again."""
    store.transaction(lambda c: c.execute(
        escalations.delete().where(escalations.c.key == key, escalations.c.message_ts.is_(None))))


def answered(store: Store, key: str, by: str) -> bool:
    """Mark the escalation answered by `by`; True only for its first answer."""
    query = (update(escalations)
             .where(escalations.c.key == key, escalations.c.answered_at.is_(None))
             .values(answered_at=utc_now(), answered_by=by))
    return store.transaction(lambda c: c.execute(query).rowcount) == 1


def save_example(store: Store, escalation: Escalation, topic_id: str, feature: str,
                 saved_by: str) -> bool:
    """Keep the escalation's question as an example of one row; False when it already is."""
    row = {"escalation": escalation.key, "question": escalation.question,
           "topic_id": topic_id[:200], "feature": feature[:500], "saved_by": saved_by[:32],
           "saved_at": utc_now()}
    try:
        store.transaction(lambda c: c.execute(saved_examples_table.insert(), row))
    except IntegrityError:
        return False
    return True


def saved_for(store: Store, key: str) -> dict | None:
    table = saved_examples_table
    query = select(table.c.topic_id, table.c.feature, table.c.saved_by).where(
        table.c.escalation == key)
    return store.transaction(lambda c: (lambda r: dict(r._mapping) if r else None)(
        c.execute(query).first()))


# ------------------------------------------------------------------ the report
@dataclass(frozen=True)
class EscalationStats:
    asked: int = 0
    answered: int = 0
    median_minutes: float | None = None  # to the first expert reply, of those answered
    still_open: int = 0


def stats(connection: Connection, start: datetime, until: datetime,
          team: str | None = None) -> EscalationStats:
    """Escalations asked in the window: how many, how many answered and how fast, how many
    are still waiting for an answer."""
    query = select(escalations.c.asked_at, escalations.c.answered_at).where(
        escalations.c.asked_at >= start, escalations.c.asked_at < until,
        escalations.c.message_ts.is_not(None))
    if team:
        query = query.where(escalations.c.team == team)
    rows = list(connection.execute(query))
    waits = [(done - asked).total_seconds() / 60 for asked, done in rows if done is not None]
    return EscalationStats(len(rows), len(waits),
                           statistics.median(waits) if waits else None, len(rows) - len(waits))


def per_team(connection: Connection, start: datetime, until: datetime) -> dict[str, int]:
    query = (select(escalations.c.team, func.count())
             .where(escalations.c.asked_at >= start, escalations.c.asked_at < until,
                    escalations.c.message_ts.is_not(None))
             .group_by(escalations.c.team))
    return {team or "": count for team, count in connection.execute(query)}
