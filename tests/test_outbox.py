"""The outbox on SQLite and on a real PostgreSQL: owed once per key across replicas, leases
that only a dead (or silent) owner loses, exactly one taker per expired lease, expiry after
the age limit, payloads (which may hold a question) cleared once done, and work owed in
memory during an outage written as rows once the database is back."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.outbox import DELIVERED, EXPIRED, Job, Outbox
from bot.store import Store, claim_key, outbox
from tests.pg import database_url, postgres_server  # noqa: F401 - fixtures


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def replicas(database_url):  # noqa: F811 - the fixture
    """Two processes' outboxes on one database, on a clock the test moves."""
    stores, clock = [Store(database_url), Store(database_url)], Clock()
    yield [Outbox(store, f"replica-{i}", lease_seconds=10, clock=clock)
           for i, store in enumerate(stores)], clock
    for store in stores:
        store.close()


def rows(box: Outbox) -> list[dict]:
    with box.store.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(outbox))]


def test_a_key_is_owed_once_across_replicas_even_at_the_same_moment(replicas):
    (one, two), clock = replicas
    for attempt in range(5):
        barrier = threading.Barrier(8)

        def owe(index: int, key=f"message:C1:{attempt}", barrier=barrier) -> bool:
            barrier.wait()
            box = (one, two)[index % 2]
            return box.owe(key, "mention", {"text": "q"}, clock()) is not None

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(owe, range(8))).count(True) == 1


def test_a_live_owner_keeps_its_lease_and_a_dead_ones_is_taken_by_exactly_one(replicas):
    (one, two), clock = replicas
    job = one.owe("message:C1:1.1", "mention", {"text": "how do they scale?"}, clock())
    clock.now += 8
    one.renew()  # alive: its lease runs 10 s from now
    clock.now += 8
    assert two.take_due() == []
    clock.now += 3  # no renewal for 11 s: the owner is gone
    barrier, taken = threading.Barrier(2), []

    def take(box: Outbox) -> None:
        barrier.wait()
        taken.extend(box.take_due())

    threads = [threading.Thread(target=take, args=(box,)) for box in (two, one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(taken) == 1 and taken[0].payload == {"text": "how do they scale?"}
    assert taken[0].key == job.key and taken[0].arrived == job.arrived


def test_done_rows_lose_their_payload_and_are_never_taken_again(replicas):
    (one, two), clock = replicas
    job = one.owe("message:C1:1.1", "mention", {"text": "private question"}, clock())
    one.finish(job, DELIVERED)
    clock.now += 60
    assert two.take_due() == []
    assert [(r["done"], r["payload"]) for r in rows(one)] == [(DELIVERED, None)]
    assert two.owe("message:C1:1.1", "mention", {}, clock()) is None  # a late Slack retry


def test_released_jobs_are_taken_at_once_and_old_ones_expire_instead(replicas):
    (one, two), clock = replicas
    fresh = one.owe("message:C1:1", "mention", {"text": "a"}, clock())
    one.owe("message:C1:2", "mention", {"text": "b"}, clock() - 601)  # older than 10 min
    assert one.release([fresh]) == 1
    assert [job.key for job in two.take_due()] == [fresh.key]  # no wait for the lease
    assert two.expire() == 1 and two.expire() == 0
    assert sorted(r["done"] or "" for r in rows(one)) == ["", EXPIRED]


def owed_in_memory(key: str, arrived: float) -> Job:
    """A job acknowledged while the database was unavailable: no row was written for it."""
    return Job(claim_key(key), "mention", {"text": "how do they scale?"}, arrived, durable=False)


def test_work_owed_in_memory_is_saved_leased_to_its_owner_or_free_at_shutdown(replicas):
    (one, two), clock = replicas
    kept, freed = owed_in_memory("message:C1:1", clock()), owed_in_memory("message:C1:2", clock())
    assert one.save([kept]) == [kept] and kept.durable
    assert one.save([freed], keep=False) == [freed]
    (given_up,) = two.take_due()  # given up at shutdown: taken at once
    assert given_up.key == freed.key
    two.finish(given_up, DELIVERED)
    clock.now += 11  # its owner stopped renewing: the saved row is taken like any other
    (taken,) = two.take_due()
    assert taken.key == kept.key and taken.payload == {"text": "how do they scale?"}
    assert two.owe("message:C1:1", "mention", {}, clock()) is None  # a late Slack retry


def test_a_row_whose_first_insert_landed_late_counts_as_saved(replicas):
    (one, two), clock = replicas
    one.owe("message:C1:1", "mention", {"text": "q"}, clock())  # timed out, yet written
    late = owed_in_memory("message:C1:1", clock())
    assert one.save([late], keep=False) == [late] and len(rows(one)) == 1
    assert [job.key for job in two.take_due()] == [late.key]


def test_old_work_is_not_saved_to_be_sent_late(replicas):
    (one, _two), clock = replicas
    assert one.save([owed_in_memory("message:C1:1", clock() - 601)]) == []
    assert rows(one) == []


def write_late(box: Outbox, key: str, owner: str, arrived: float) -> None:
    """A row an earlier write committed after the caller had stopped waiting for it."""
    row = {"key": claim_key(key), "kind": "mention", "payload": '{"text": "q"}',
           "arrived": arrived, "owner": owner, "lease_until": arrived + 10}
    box.store.transaction(lambda c: c.execute(outbox.insert(), row))


@pytest.mark.parametrize("late_row", [False, True], ids=["no-row", "late-row"])
def test_a_job_finished_before_its_row_is_written_is_never_sent_again(replicas, late_row):
    (one, two), clock = replicas
    job = owed_in_memory("message:C1:1", clock())
    one.finish(job, DELIVERED)  # sent while the database was away: nothing to mark yet
    if late_row:  # then a save that had timed out commits the row as owed after all
        write_late(one, "message:C1:1", "replica-0", clock())
    assert one.save([job]) == [job]
    clock.now += 60
    assert two.take_due() == []
    assert [(r["done"], r["payload"]) for r in rows(one)] == [(DELIVERED, None)]


def test_a_shutdown_save_frees_only_rows_of_its_own(replicas):
    (one, two), clock = replicas
    write_late(two, "message:C1:1", "replica-1", clock())  # another replica's
    mine = owed_in_memory("message:C1:1", clock())
    assert one.save([mine], keep=False) == [mine]
    assert [(r["owner"], r["lease_until"]) for r in rows(one)] == [("replica-1", clock() + 10)]


def test_a_large_backlog_is_saved_in_batches(replicas):
    (one, two), clock = replicas
    jobs = [owed_in_memory(f"message:C1:{index}", clock()) for index in range(250)]
    jobs[7].done = DELIVERED
    assert len(one.save(jobs, keep=False)) == 250 and all(job.durable for job in jobs)
    assert len(two.take_due()) == 100  # TAKE_AT_ONCE: the rest on the next sweeps
    assert sum(1 for r in rows(one) if r["done"] == DELIVERED) == 1
