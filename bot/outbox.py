"""Answers owed to Slack: acknowledged work kept in the store until Slack accepts it.

Slack never re-sends what was acknowledged, so an answer owed must outlive the process
that acknowledged it. Before the ack goes out, the work (what to answer, where) is written
as one row keyed by what makes it unique; that row is also the delivery's claim, so a
retry or a replayed request finds it and is skipped. When Slack accepts the answer the row
is marked done and its payload (which may hold a question) is cleared.

Leases: the process that writes a row holds it for `lease_seconds` and renews the lease of
everything it still owes while it lives. A row whose lease ran out (its process stopped,
crashed or hung) is taken, with one conditional UPDATE, by exactly one replica, or by the
same pod after a restart. The one duplicate possible is a crash between Slack accepting
an answer and the row being marked. Rows older than `max_age` are not sent late: they are
marked expired, logged and counted by the caller.

While the database is unavailable (or slower than the store's prompt timeout), work is
owed in this process's memory only and claims fall back to memory: answers still go out.
`save` writes such jobs as rows as soon as the database answers again (the courier calls it
every sweep, and once more when stopping), so only a crash while it is still unavailable
loses them (they are counted as `unsaved` at shutdown). Jobs already sent are written too,
as done rows, so that a row an earlier write left behind never sends them again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.dedupe import DEFAULT_TTL_SECONDS, MemoryDedupe
from bot.store import DatabaseUnavailable, Store, claim_key, outbox

DEFAULT_LEASE_SECONDS = 10.0
MAX_AGE_SECONDS = 600.0  # an answer later than this is no use to the person who asked
DELIVERED, REFUSED, EXPIRED = "delivered", "refused", "expired"
TAKE_AT_ONCE = 100
SAVE_AT_ONCE = 100  # jobs owed in memory written per transaction: each well within `promptly`

log = logging.getLogger("bot.outbox")


@dataclass
class Job:
    key: str  # as stored (claim_key)
    kind: str
    payload: dict
    arrived: float  # Unix time the request reached a replica
    durable: bool = True  # False: owed in memory only (the database was unavailable)
    taken_over: bool = False  # another process acknowledged it
    attempts: int = field(default=0, compare=False)
    done: str | None = None  # its outcome, once `finish` was called


class Outbox:
    """Owed answers in `store` (None: in memory only), leased to `owner`."""

    def __init__(
        self, store: Store | None, owner: str, *, lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_age: float = MAX_AGE_SECONDS, clock: Callable[[], float] = time.time,
    ):
        self.store, self.owner = store, owner
        self.lease_seconds, self.max_age, self.clock = lease_seconds, max_age, clock
        self._seen = MemoryDedupe(ttl=DEFAULT_TTL_SECONDS, clock=clock)
        self._unmarked: list[tuple[str, str]] = []  # marks the database could not take yet
        self._lock = threading.Lock()

    def owe(self, key: str, kind: str, payload: dict, arrived: float) -> Job | None:
        """The new job, or None when `key` is already owed or done (a retry, a replay)."""
        stored = claim_key(key)
        if not self._seen.claim(stored):
            return None
        job = Job(stored, kind, payload, arrived)
        if self.store is None:
            job.durable = False
            return job
        row = {"key": stored, "kind": kind, "payload": json.dumps(payload), "arrived": arrived,
               "owner": self.owner, "lease_until": self.clock() + self.lease_seconds}
        try:
            self.store.promptly(lambda c: c.execute(outbox.insert(), row))
        except IntegrityError:
            return None
        except DatabaseUnavailable:
            job.durable = False
        return job

    def adopt(self, job: Job) -> None:
        """A job another process owed (bot/spool.py): known here, so that a replay of its
        request is not answered twice."""
        self._seen.claim(job.key)

    def finish(self, job: Job, outcome: str) -> None:
        """Mark `job` done; if the database cannot take it now, retried by `sweep_marks`.
        A job owed in memory is marked too: its insert may have landed after timing out.
        `done` is set first, so that a `save` running meanwhile marks its row too."""
        job.done = outcome
        if self.store is not None and not self._mark([(job.key, outcome)]):
            with self._lock:
                self._unmarked.append((job.key, outcome))

    def save(self, jobs: list[Job], *, keep: bool = True, last_chance: bool = False
             ) -> list[Job]:
        """Write jobs owed in memory only as rows, so that they outlive this process; the
        jobs now durable. `keep`: leased to this process, which goes on sending them; else
        free for the next replica to sweep (shutdown). `last_chance`: tried even while the
        store skips the database after an outage (shutdown: there is no later).

        A job already finished is written done, so that a row an earlier call wrote late
        (the first insert, or a save that timed out, may still commit) never sends it
        again; the caller keeps offering a job until a save returns it. Written SAVE_AT_ONCE
        at a time, each batch in one prompt transaction, stopping at the first failure."""
        jobs = [job for job in jobs if not job.durable and (job.done or not self.expired(job))]
        if self.store is None or not jobs:
            return []
        saved: list[Job] = []
        for start in range(0, len(jobs), SAVE_AT_ONCE):
            batch = jobs[start:start + SAVE_AT_ONCE]
            if not self._save_batch(batch, keep, last_chance):
                break
            for job in batch:
                job.durable = True
            saved += batch
        finished = [(job.key, job.done) for job in saved if job.done is not None]
        if finished and not self._mark(finished):  # finished while its row was written
            with self._lock:
                self._unmarked.extend(finished)
        return saved

    def _save_batch(self, batch: list[Job], keep: bool, last_chance: bool) -> bool:
        owner, lease = (self.owner, self.clock() + self.lease_seconds) if keep else (None, 0.0)

        def write(connection) -> None:
            keys = [job.key for job in batch]
            there = set(connection.execute(
                select(outbox.c.key).where(outbox.c.key.in_(keys))).scalars())
            new = [job for job in batch if job.key not in there]
            if new:
                connection.execute(outbox.insert(), [_row(job, owner, lease) for job in new])
            if there:  # written late by this process: leased anew, or freed at shutdown
                ours = (outbox.c.key.in_(there), outbox.c.done.is_(None),
                        outbox.c.owner == self.owner)
                connection.execute(update(outbox).where(*ours)
                                   .values(owner=owner, lease_until=lease))

        for _attempt in range(2):  # a late insert committed meanwhile: the next sees it
            try:
                self.store.promptly(write, last_chance=last_chance)
                return True
            except IntegrityError:
                continue
            except DatabaseUnavailable:
                return False
        return False

    def retry_later(self, job: Job, delay: float) -> None:
        """Give the job back: any replica may try again after `delay` seconds."""
        if job.durable:
            self._update(job.key, owner=None, lease_until=self.clock() + delay)

    def release(self, jobs: list[Job]) -> int:
        """Give jobs back at once (shutdown): the next replica to sweep takes them."""
        released = 0
        for job in jobs:
            if job.durable and self._update(job.key, owner=None, lease_until=0.0):
                released += 1
        return released

    def renew(self) -> None:
        """Extend the lease of everything this process still owes: it is alive."""
        query = (update(outbox).where(outbox.c.owner == self.owner, outbox.c.done.is_(None))
                 .values(lease_until=self.clock() + self.lease_seconds))
        self._quietly(lambda c: c.execute(query))

    def take_due(self) -> list[Job]:
        """Owed rows whose lease ran out, each taken by one conditional UPDATE so that two
        replicas never both take one; at most TAKE_AT_ONCE per call."""
        now = self.clock()
        due = (select(outbox.c.key, outbox.c.kind, outbox.c.payload, outbox.c.arrived,
                      outbox.c.owner)
               .where(outbox.c.done.is_(None), outbox.c.lease_until < now,
                      outbox.c.arrived >= now - self.max_age)
               .order_by(outbox.c.arrived).limit(TAKE_AT_ONCE))
        rows = self._quietly(lambda c: c.execute(due).all()) or []
        taken = []
        for key, kind, payload, arrived, owner in rows:
            took = (update(outbox)
                    .where(outbox.c.key == key, outbox.c.done.is_(None),
                           outbox.c.lease_until < now)
                    .values(owner=self.owner, lease_until=self.clock() + self.lease_seconds))
            if self._quietly(lambda c, q=took: c.execute(q).rowcount) == 1:
                self._seen.claim(key)
                taken.append(Job(key, kind, _decode(payload), arrived,
                                 taken_over=owner != self.owner))
        return taken

    def expire(self) -> int:
        """Mark rows owed for longer than `max_age` expired; how many this call marked."""
        query = (update(outbox)
                 .where(outbox.c.done.is_(None), outbox.c.arrived < self.clock() - self.max_age)
                 .values(done=EXPIRED, payload=None, owner=None))
        return self._quietly(lambda c: c.execute(query).rowcount) or 0

    def sweep_marks(self) -> None:
        with self._lock:
            marks, self._unmarked = self._unmarked, []
        if marks and not self._mark(marks):
            with self._lock:
                self._unmarked = marks + self._unmarked

    def prune(self) -> None:
        """Forget finished rows once no retry of theirs can come (the claims' TTL)."""
        cutoff = self.clock() - DEFAULT_TTL_SECONDS
        query = delete(outbox).where(outbox.c.done.is_not(None), outbox.c.arrived < cutoff)
        self._quietly(lambda c: c.execute(query))

    def expired(self, job: Job) -> bool:
        return self.clock() - job.arrived > self.max_age

    # ------------------------------------------------------------ database calls
    def _mark(self, marks: list[tuple[str, str]]) -> bool:
        def mark_all(connection) -> bool:
            for key, outcome in marks:
                connection.execute(update(outbox).where(outbox.c.key == key)
                                   .values(done=outcome, payload=None, owner=None))
            return True

        return bool(self._quietly(mark_all))

    def _update(self, key: str, **values) -> bool:
        query = (update(outbox)
                 .where(and_(outbox.c.key == key, outbox.c.done.is_(None),
                             outbox.c.owner == self.owner))
                 .values(**values))
        return bool(self._quietly(lambda c: c.execute(query).rowcount))

    def _quietly(self, work, default=None):
        """`work` on the database, or `default` while it is unavailable (the store has
        logged the outage once; these calls are retried by the next sweep)."""
        if self.store is None:
            return default
        try:
            return self.store.promptly(work)
        except DatabaseUnavailable:
            return default


def _row(job: Job, owner: str | None, lease: float) -> dict:
    """The outbox row for `job`; one already finished is written done, without its payload."""
    return {"key": job.key, "kind": job.kind, "arrived": job.arrived, "done": job.done,
            "payload": None if job.done else json.dumps(job.payload),
            "owner": None if job.done else owner, "lease_until": lease}


def _decode(payload: str | None) -> dict:
    try:
        value = json.loads(payload or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
