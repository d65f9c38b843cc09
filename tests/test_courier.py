"""The courier's rules, in one process with the outbox in memory: an answer past the outbox's
age limit is dropped with a log line and a count (never sent late), a refusal is dropped and
counted, a passing failure is tried again, stopping leaves what it could not send owed and
says how many, and what was owed in memory during an outage is saved once the database is
back."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from bot import store as store_module
from bot.outbox import DELIVERED, REFUSED, Outbox
from bot.slack import courier as courier_module
from bot.slack.courier import RETRY, Courier
from bot.slack.metrics import Metrics
from bot.store import Store


def start_courier(deliver, threads: int = 2) -> tuple[Courier, Metrics]:
    metrics = Metrics()
    courier = Courier(Outbox(None, "test"), metrics, threads)
    courier.handles("mention", deliver)
    courier.start()
    return courier, metrics


def dropped(metrics: Metrics, reason: str) -> float:
    return metrics.registry.get_sample_value("k8s_compare_answers_dropped_total",
                                             {"reason": reason})


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.02)


def test_an_answer_older_than_ten_minutes_is_dropped_logged_and_counted_not_sent(caplog):
    sent = []
    courier, metrics = start_courier(lambda job: sent.append(job.key) or DELIVERED)
    with caplog.at_level(logging.WARNING, logger="bot.slack"):
        assert courier.take("message:C1:1", "mention", {}, time.time() - 601)
        assert courier.take("message:C1:2", "mention", {}, time.time())
        wait_until(lambda: sent == ["message:C1:2"] and dropped(metrics, "expired") == 1)
        wait_until(lambda: "Dropped 1 owed answers older than 600 s" in caplog.text)
    courier.stop(1)


def test_refusals_are_dropped_and_passing_failures_are_tried_again(monkeypatch):
    monkeypatch.setattr(courier_module, "RETRY_SECONDS", 0.1)
    tries: dict[str, int] = {}

    def deliver(job):
        tries[job.key] = tries.get(job.key, 0) + 1
        if job.key.endswith("refused"):
            return REFUSED
        return RETRY if tries[job.key] < 3 else DELIVERED

    courier, metrics = start_courier(deliver)
    courier.take("message:C1:refused", "mention", {}, time.time())
    courier.take("message:C1:flaky", "mention", {}, time.time())
    wait_until(lambda: tries.get("message:C1:flaky") == 3 and courier.owed_count() == 0)
    assert tries["message:C1:refused"] == 1 and dropped(metrics, "refused") == 1
    assert metrics.registry.get_sample_value("k8s_compare_answers_owed") == 0
    courier.stop(1)


def test_stopping_sends_what_it_can_then_says_how_many_it_left(caplog):
    release = threading.Event()

    def slow(job):
        release.wait(5)
        return DELIVERED

    courier, metrics = start_courier(slow, threads=1)
    for index in range(5):
        courier.take(f"message:C1:{index}", "mention", {}, time.time())
    assert metrics.registry.get_sample_value("k8s_compare_answers_owed") == 5
    threading.Timer(0.5, release.set).start()  # the one being sent finishes after the grace
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        courier.stop(0.2)
    (line,) = [r for r in caplog.records if r.getMessage().startswith("Stopped:")]
    # in memory only (no store), so what was not sent is lost, and said so
    assert line.fields["being_sent"] == 0 and line.fields["lost"] == 4
    assert dropped(metrics, "unsaved") == 4


def test_answers_owed_in_memory_during_an_outage_outlive_the_process_once_it_ends(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    monkeypatch.setattr(courier_module, "RETRY_SECONDS", 60.0)  # Slack is down meanwhile
    folder = tmp_path / "not-yet"  # the database cannot be opened until it exists
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    courier = Courier(Outbox(store, "first"), Metrics(), threads=2)
    courier.handles("mention", lambda job: RETRY)
    courier.start()
    keys = [f"message:C1:{index}" for index in range(3)]
    with caplog.at_level(logging.INFO, logger="bot.slack"):
        for key in keys:
            assert courier.take(key, "mention", {"text": "q"}, time.time())
        folder.mkdir()  # the database is back
        wait_until(lambda: "Saved 3 answers owed only in memory" in caplog.text)
        courier.stop(0.1)
    (line,) = [r for r in caplog.records if r.getMessage().startswith("Stopped:")]
    assert line.fields["lost"] == 0 and line.fields["left_owed"] == 3
    next_process = Outbox(store, "second")
    assert sorted(job.payload["text"] for job in next_process.take_due()) == ["q"] * 3
    store.close()


def test_stopping_saves_what_is_owed_in_memory_when_the_database_is_back(tmp_path):
    folder = tmp_path / "not-yet"
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    courier = Courier(Outbox(store, "first"), Metrics(), threads=1)
    courier.handles("mention", lambda job: DELIVERED)  # never started: no thread runs
    assert courier.take("message:C1:1", "mention", {"text": "q"}, time.time())
    folder.mkdir()
    # no sweep ran in between, and the store still skips the database after the outage:
    # the stop itself writes the row (its last chance), free for the next process to take
    courier.stop(0)
    store.close()
    next_store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    (job,) = Outbox(next_store, "second").take_due()
    assert job.payload == {"text": "q"}
    next_store.close()


def test_an_answer_sent_while_its_save_timed_out_is_never_sent_again(tmp_path, monkeypatch):
    """The sweeper's save gives up waiting, the answer is sent meanwhile, then the save's
    transaction commits the row as owed after all: the next sweep writes it done."""
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    folder = tmp_path / "not-yet"
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    box, release = Outbox(store, "first"), threading.Event()
    courier = Courier(box, Metrics(), threads=1)
    courier.handles("mention", lambda job: release.wait(10) and DELIVERED)
    courier.start()
    assert courier.take("message:C1:1", "mention", {"text": "q"}, time.time())
    timed_out = []
    save_batch = box._save_batch

    def slow_first_save(batch, keep, last_chance):
        if not timed_out:  # the first save: committed later, reported as timed out now
            timed_out.append([dataclasses.replace(job) for job in batch])
            return False
        return save_batch(batch, keep, last_chance)

    monkeypatch.setattr(box, "_save_batch", slow_first_save)
    folder.mkdir()
    wait_until(lambda: timed_out)
    release.set()
    wait_until(lambda: courier.owed_count() == 0)  # sent, and finished: nothing to mark yet
    save_batch(timed_out[0], True, False)  # the late commit: the row, as owed
    wait_until(lambda: not courier._unsaved)  # the next sweep wrote it done
    courier.stop(0)
    later = Outbox(store, "second", clock=lambda: time.time() + 60)
    assert later.take_due() == []
    store.close()
