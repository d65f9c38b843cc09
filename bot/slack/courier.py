"""Sending what is owed: worker threads deliver the outbox's jobs, a sweeper takes over what
other processes left behind, and `stop` drains within the grace period.

A listener acknowledges an event or a click only after `take` has written the job to the
outbox (bot/outbox.py); a worker thread then runs the job's deliverer, which calls Slack
and says how it went: delivered (the row is marked done), refused for good by Slack (done,
counted as dropped), or worth another try (given back to the outbox for any replica to
retry a few seconds later). Once a second the sweeper renews this process's leases, marks
rows older than the outbox's limit expired (logged and counted, never sent late), and takes
rows whose lease ran out: a replica that stopped or crashed, or this pod before a restart.
Jobs owed in memory only (the database was unavailable when they were acknowledged) are
written to the outbox by the first sweep that finds it available again.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from bot.outbox import DELIVERED, EXPIRED, REFUSED, Job, Outbox
from bot.slack.metrics import Metrics
from bot.spool import Spool

RETRY = "retry"  # a deliverer's third outcome, next to DELIVERED and REFUSED
RETRY_SECONDS = 5.0
SWEEP_SECONDS = 1.0
IN_FLIGHT_SECONDS = 3.0  # on SIGTERM, after the grace period: answers already being sent
PRUNE_EVERY_SECONDS = 60.0

Deliver = Callable[[Job], str]

log = logging.getLogger("bot.slack")


class Courier:
    def __init__(self, outbox: Outbox, metrics: Metrics, threads: int,
                 spool: Spool | None = None):
        """`spool`: where jobs owed in memory only are also kept, so that they outlive a
        crash of this process (bot/spool.py); None: in memory only."""
        self.outbox, self.metrics, self.threads = outbox, metrics, threads
        self.spool = spool
        self.deliverers: dict[str, Deliver] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._active: set[str] = set()  # keys queued or being sent by this process
        self._later: list[tuple[float, Job]] = []  # memory-only jobs waiting for a retry
        self._unsaved: dict[str, Job] = {}  # taken in memory only: no save has written them
        self._expired = 0  # dropped by workers since the sweeper last logged
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._started = False
        self._sweeper: threading.Thread | None = None
        metrics.owed.set_function(lambda: len(self._active))

    def handles(self, kind: str, deliver: Deliver) -> None:
        self.deliverers[kind] = deliver

    def take(self, key: str, kind: str, payload: dict, arrived: float) -> bool:
        """Owe the answer for `key` (written before the caller acks) and queue it; False
        when `key` was already owed or answered: a Slack retry or a replayed request."""
        job = self.outbox.owe(key, kind, payload, arrived)
        if job is None:
            return False
        if not job.durable and self.outbox.store is not None:  # no store: nothing to save to
            if self.spool:  # first: a save that settles it must find it there
                self.spool.owe(job)
            with self._lock:
                self._unsaved[job.key] = job
        self._enqueue(job)
        return True

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            self._adopt()
        except Exception:  # a file it cannot take must not stop the bot at every start
            log.exception("Adopting what ended processes owed failed; carrying on without")
        for index in range(self.threads):
            threading.Thread(target=self._work, name=f"courier-{index}", daemon=True).start()
        self._sweeper = threading.Thread(
            target=self._sweep_forever, name="courier-sweeper", daemon=True
        )
        self._sweeper.start()

    def _adopt(self) -> None:
        """Take on what processes on this store that ended (a crash while the database was
        unavailable) left in their spool files. With the database back, they become free
        outbox rows (those already sent, done rows), which the sweepers take once each: a
        row an old write committed late is taken once too, when its lease runs out. While
        it is still away, they are sent from memory and saved once it answers."""
        jobs = self.spool.adopt() if self.spool and self.outbox.store is not None else []
        if not jobs:
            return
        for job in jobs:
            self.outbox.adopt(job)
        saved = {job.key for job in self.outbox.save(jobs, keep=False)}
        self.spool.settled([job for job in jobs if job.key in saved])
        for job in (job for job in jobs if job.key not in saved):
            with self._lock:
                self._unsaved[job.key] = job
            if job.done is None:
                self._enqueue(job)
        owed = sum(1 for job in jobs if job.done is None)
        log.info("Adopted %d answers a process that ended owed only in memory (%d still "
                 "to send) from %s", len(jobs), owed, self.spool.folder,
                 extra={"fields": {"adopted": len(jobs), "to_send": owed}})

    # ------------------------------------------------------------ delivering
    def _enqueue(self, job: Job) -> None:
        with self._lock:
            if job.key in self._active:
                return
            self._active.add(job.key)
        self._queue.put(job)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._deliver(job)
            finally:
                with self._lock:
                    self._active.discard(job.key)
                self._queue.task_done()
        self._queue.task_done()

    def _deliver(self, job: Job) -> None:
        if self.outbox.expired(job):
            self._finish(job, EXPIRED)
            self.metrics.drop(EXPIRED)
            with self._lock:
                self._expired += 1
            return
        deliver = self.deliverers.get(job.kind)
        try:
            outcome = deliver(job) if deliver else REFUSED
        except Exception:  # a bug must not kill the worker thread nor retry forever
            log.exception("Delivering a %s answer failed", job.kind)
            outcome = REFUSED
        if outcome == RETRY:
            self._retry(job)
            return
        self._finish(job, outcome)
        if outcome == REFUSED:
            self.metrics.drop(REFUSED)
        elif outcome == DELIVERED and job.taken_over:
            self.metrics.redelivered.inc()

    def _finish(self, job: Job, outcome: str) -> None:
        self.outbox.finish(job, outcome)
        if not job.durable and self.spool:
            self.spool.sent(job)

    def _retry(self, job: Job) -> None:
        if job.durable:
            self.outbox.retry_later(job, RETRY_SECONDS)
        else:
            with self._lock:
                self._later.append((time.monotonic() + RETRY_SECONDS, job))

    # ------------------------------------------------------------ sweeping
    def _sweep_forever(self) -> None:
        renew_at = prune_at = 0.0
        while not self._stopping.wait(SWEEP_SECONDS):
            try:
                renew_at, prune_at = self._sweep(renew_at, prune_at)
            except Exception:  # a bug must not end the takeovers for good
                log.exception("Sweeping the outbox failed; trying again in %.0f s", SWEEP_SECONDS)

    def _sweep(self, renew_at: float, prune_at: float) -> tuple[float, float]:
        """One round; returns when to renew the leases and prune next."""
        now = time.monotonic()
        self.outbox.sweep_marks()
        self._save_unsaved()
        if now >= renew_at:
            self.outbox.renew()
            renew_at = now + self.outbox.lease_seconds / 3
        self._log_expired(self.outbox.expire())
        for job in self.outbox.take_due():
            self._enqueue(job)
        for job in self._due_retries(now):
            self._enqueue(job)
        if now >= prune_at:
            self.outbox.prune()
            prune_at = now + PRUNE_EVERY_SECONDS
        return renew_at, prune_at

    def _save_unsaved(self, last_chance: bool = False) -> None:
        """Write what is owed in memory only, now that the database may answer again. Jobs
        already sent are offered too (written done) until a save returns them: an earlier
        write that timed out may still commit their row as owed."""
        with self._lock:  # sent and too old to be taken anyway: forgotten (bounds memory)
            gone = [job for job in self._unsaved.values()
                    if job.done and self.outbox.expired(job)]
            for job in gone:
                del self._unsaved[job.key]
            pending = list(self._unsaved.values())
        saved = self.outbox.save(pending, last_chance=last_chance)
        self._forget_saved(gone + saved)
        owed = sum(1 for job in saved if job.done is None)
        if owed:
            log.info("Saved %d answers owed only in memory to the database: they now outlive "
                     "this process", owed, extra={"fields": {"saved": owed}})

    def _forget_saved(self, jobs: list[Job]) -> None:
        """The database holds these now (or they need nothing more): no longer owed in
        memory, nor in the spool."""
        with self._lock:
            for job in jobs:
                self._unsaved.pop(job.key, None)
        if self.spool:
            self.spool.settled(jobs)

    def _log_expired(self, marked: int) -> None:
        if marked:
            self.metrics.drop(EXPIRED, marked)
        with self._lock:
            count, self._expired = self._expired + marked, 0
        if count:
            log.warning("Dropped %d owed answers older than %d s: too late to be of use",
                        count, self.outbox.max_age,
                        extra={"fields": {"dropped": count, "reason": EXPIRED}})

    def _due_retries(self, now: float) -> list[Job]:
        with self._lock:
            due = [job for at, job in self._later if at <= now]
            self._later = [(at, job) for at, job in self._later if at > now]
        return due

    # ------------------------------------------------------------ stopping
    def stop(self, grace_seconds: float) -> None:
        """Deliver what is queued for up to `grace_seconds`, then start nothing new, let the
        answers being sent finish (up to IN_FLIGHT_SECONDS: cutting one after Slack took it
        would send it twice), give the rest back to the outbox for another replica (or the
        next start), and log how many."""
        self._stopping.set()
        if self._sweeper is not None:  # it must not take rows while they are given back
            self._sweeper.join(SWEEP_SECONDS * 5)
        owed_at_stop = self.owed_count()
        deadline = time.monotonic() + grace_seconds
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks and time.monotonic() < deadline:
                self._queue.all_tasks_done.wait(max(0.0, deadline - time.monotonic()))
        left = self._take_queued()
        in_flight = self._wait_in_flight(IN_FLIGHT_SECONDS)
        with self._lock:
            left += [job for _at, job in self._later]
            self._later = []
        for _ in range(self.threads):
            self._queue.put(None)
        self.outbox.release([job for job in left if job.durable])
        self._forget_saved(self.outbox.save([job for job in left if not job.durable],
                                            keep=False, last_chance=True))
        self._save_unsaved(last_chance=True)  # being sent, or sent: leased or written done
        unsaved = [job for job in left if not job.durable]
        too_old = sum(1 for job in unsaved if self.outbox.expired(job))
        if too_old:
            self.metrics.drop(EXPIRED, too_old)
        if len(unsaved) > too_old:
            self.metrics.drop("unsaved", len(unsaved) - too_old)
        spooled = self.spool.close() if self.spool else 0
        self._log_stop(owed_at_stop, len(left) - len(unsaved) + in_flight, in_flight,
                       len(unsaved), spooled)

    def _log_stop(self, owed_at_stop: int, owed: int, in_flight: int, unsaved: int,
                  spooled: int) -> None:
        fields = {"delivered_in_grace": owed_at_stop - owed - unsaved, "left_owed": owed,
                  "being_sent": in_flight, "lost": unsaved, "spooled": spooled}
        level = logging.WARNING if owed or unsaved else logging.INFO
        kept = (f"; {spooled} kept in {self.spool.path} for the next process on this pod"
                if spooled else "")
        log.log(level, "Stopped: %d answers left owed for another replica or the next start, "
                "%d lost (owed only in memory while the database was unavailable)%s",
                owed, unsaved, kept, extra={"fields": fields})

    def _wait_in_flight(self, seconds: float) -> int:
        """Wait for the answers being sent (the queue is empty now); how many are left."""
        deadline = time.monotonic() + seconds
        while True:
            with self._lock:
                sending = len(self._active)
            if not sending or time.monotonic() >= deadline:
                return sending
            time.sleep(0.02)

    def owed_count(self) -> int:
        with self._lock:
            return len(self._active) + len(self._later)

    def _take_queued(self) -> list[Job]:
        """Empty the queue: the jobs no worker has started."""
        left = []
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return left
            self._queue.task_done()
            if job is not None:
                left.append(job)
                with self._lock:
                    self._active.discard(job.key)
