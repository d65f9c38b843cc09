"""The outbox on SQLite and on a real PostgreSQL: owed once per key across replicas, leases
that only a dead (or silent) owner loses, exactly one taker per expired lease, expiry after
the age limit, and payloads (which may hold a question) cleared once done."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.outbox import DELIVERED, EXPIRED, Outbox
from bot.store import Store, outbox
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
