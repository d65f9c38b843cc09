"""Fair use: at most K8S_COMPARE_RATE_LIMIT questions a person per minute (default 20), and
a word in the reply when a long message was answered from its first part.

Past the cap a person gets one polite note, visible to them alone, then silence until the
minute is over. Only typed questions count (the slash command, mentions, DMs); buttons do
not. The check is a dictionary lookup on the answer path, never a database call: counts
are kept per calendar minute in memory, and a background thread shares them through the
database every SYNC_SECONDS (each replica writes its own counts and reads the sum of the
others'), so replicas that share a database hold one cap between them, give or take what
arrived in the last second. Without a database, or while it is down, the cap is per replica.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.outbox import REFUSED, Job
from bot.render.blocks import Message, with_note
from bot.slack.deps import Deps, arrived, bind, client_for, for_workspace
from bot.store import DatabaseUnavailable, Store, rate_counts
from bot.text import MAX_QUESTION_CHARS, clean_question

SYNC_SECONDS = 1.0
RATE_NOTE = "rate_note"  # the outbox kind of the note
NOTE = ("I answer up to {limit} a minute from one person, and you've reached that. "
        "Please ask again in a minute; I'll answer then.")

LONG = (f"_Your message was long, so I answered from its first {MAX_QUESTION_CHARS:,} "
        "characters. One question at a time gets the best answer._")

log = logging.getLogger("bot.slack")


def noted_if_long(message: Message, question: str) -> Message:
    """The reply, saying so when the matcher read only the first part of the message
    (bot/text.py reads MAX_QUESTION_CHARS of it, whatever its length)."""
    return with_note(message, LONG) if read_in_part(question) else message


def read_in_part(question: str) -> bool:
    """True when the matcher read only the first MAX_QUESTION_CHARS of `question`."""
    return (len(question) > MAX_QUESTION_CHARS
            and len(clean_question(question)) >= MAX_QUESTION_CHARS)


def person(team: str | None, user: str) -> str:
    return f"{team or ''}:{user}"[:80]


class RateLimiter:
    """Counts questions per person per minute; `limit` 0 switches the cap off."""

    def __init__(self, limit: int, store: Store | None = None, owner: str = "",
                 clock: Callable[[], float] = time.time):
        self.limit, self.store, self.owner, self.clock = limit, store, owner[:64], clock
        self._mine: Counter = Counter()  # (person, minute) -> asked here
        self._others: dict[tuple[str, int], int] = {}  # asked on other replicas
        self._dirty: set[tuple[str, int]] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def minute(self) -> int:
        return int(self.clock() // 60)

    def allows(self, who: str) -> bool:
        """True while `who` has asked fewer than `limit` questions this minute."""
        if not self.limit:
            return True
        key = (who, self.minute())
        with self._lock:
            return self._mine[key] + self._others.get(key, 0) < self.limit

    def count(self, who: str) -> None:
        """One more question from `who` (answered)."""
        if not self.limit:
            return
        key = (who, self.minute())
        with self._lock:
            self._mine[key] += 1
            self._dirty.add(key)

    def note_key(self, who: str) -> str:
        """The outbox key of this minute's note: one note per person per minute, whichever
        replica sees the question."""
        return f"rate:{who}:{self.minute()}"

    def note(self) -> str:
        return NOTE.format(limit=f"{self.limit} question{'s' if self.limit != 1 else ''}")

    # ------------------------------------------------------------ sharing the counts
    def start(self) -> None:
        if self.limit and self.store is not None and self._thread is None:
            self._thread = threading.Thread(target=self._sync_forever, name="rate-sync",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()

    def _sync_forever(self) -> None:
        while not self._stopping.wait(SYNC_SECONDS):
            try:
                self.sync()
            except DatabaseUnavailable:  # logged by the store; per replica meanwhile
                pass
            except Exception:  # a bug must not end the sharing for good
                log.exception("Sharing the rate counts failed; trying again")

    def sync(self) -> None:
        """Write this replica's new counts, read the others' for this minute, forget old
        minutes."""
        now = self.minute()
        with self._lock:
            dirty, self._dirty = self._dirty, set()
            rows = [{"person": p, "minute": m, "owner": self.owner, "count": self._mine[p, m]}
                    for p, m in dirty]
            for key in [k for k in self._mine if k[1] < now]:
                del self._mine[key]

        def share(connection) -> list:
            if rows:
                _upsert(connection, rows)
            connection.execute(delete(rate_counts).where(rate_counts.c.minute < now - 1))
            query = (select(rate_counts.c.person, func.sum(rate_counts.c.count))
                     .where(rate_counts.c.minute == now, rate_counts.c.owner != self.owner)
                     .group_by(rate_counts.c.person))
            return list(connection.execute(query))

        try:
            others = self.store.transaction(share)
        except DatabaseUnavailable:
            with self._lock:
                self._dirty |= dirty  # written next time
            raise
        with self._lock:
            self._others = {(who, now): int(total) for who, total in others}


def _upsert(connection, rows: list[dict]) -> None:
    """This replica's counts, in one statement run for every row (a busy second has
    hundreds of people; one statement each would cost the answers their CPU)."""
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite if dialect == "sqlite" else postgresql).insert(rate_counts)
        statement = insert.on_conflict_do_update(
            index_elements=["person", "minute", "owner"], set_={"count": insert.excluded.count})
        connection.execute(statement, rows)
        return
    for row in rows:
        changed = connection.execute(
            update(rate_counts).where(rate_counts.c.person == row["person"],
                                      rate_counts.c.minute == row["minute"],
                                      rate_counts.c.owner == row["owner"])
            .values(count=row["count"])).rowcount
        if not changed:
            connection.execute(rate_counts.insert(), row)


def over_the_cap(d: Deps, who: str, payload: dict, context) -> bool:
    """True when `who` has asked their fill this minute: then this minute's one note is
    owed (to them alone) instead of an answer, and the caller answers nothing."""
    if d.limiter.allows(who):
        return False
    d.recorder.metrics.rate_limited.inc()
    d.courier.take(d.limiter.note_key(who), RATE_NOTE, for_workspace(payload, context),
                   arrived(context))  # False after the first: silence until the minute ends
    return True


def deliver_note(d: Deps, job: Job) -> str:
    """The note, to the asker alone: through the slash command's response_url, or as an
    ephemeral message where the question was asked."""
    note = {"text": d.limiter.note()}
    if job.payload.get("response_url"):
        return d.delivery.respond(job.payload["response_url"],
                                  {**note, "response_type": "ephemeral"})
    client = client_for(d, job)
    if client is None:
        return REFUSED  # the workspace uninstalled the app meanwhile: nobody to tell
    where = {"channel": job.payload["channel"], "user": job.payload["user"]}
    if job.payload.get("thread_ts"):
        where["thread_ts"] = job.payload["thread_ts"]
    return d.delivery.call(client.chat_postEphemeral, **where, **note)


def register(app, d: Deps) -> None:
    d.courier.handles(RATE_NOTE, bind(deliver_note, d))
