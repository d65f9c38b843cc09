"""Answers owed while the database is unavailable outlive a crash (bot/spool.py): a process
killed with SIGKILL during an outage leaves its spool file, and the next process on the same
store sends what was owed, writes what was already sent as done, and empties the file; a
living process's file is never taken; a clean stop leaves no file behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import spool as spool_module
from bot import store as store_module
from bot.answer import Answer
from bot.outbox import DELIVERED, Job, Outbox
from bot.slack.courier import Courier
from bot.slack.metrics import Metrics
from bot.spool import Journal, Spool, read_journal
from bot.store import Store, answers, feedback, outbox
from tests.test_courier import wait_until

ROOT = Path(__file__).resolve().parent.parent

# A process that acknowledges three answers while its database folder does not exist, sends
# one of them, and waits (Slack is slow for the others) until it is killed.
CRASHING = """
import sys, threading, time
from pathlib import Path
from bot.outbox import DELIVERED, Outbox
from bot.slack.courier import RETRY, Courier
from bot.slack.metrics import Metrics
from bot.spool import Spool
from bot.store import Store
folder, spool = Path(sys.argv[1]), Path(sys.argv[2])
store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
courier = Courier(Outbox(store, "first"), Metrics(), 1, Spool(spool, "first"))
courier.handles("mention", lambda job: DELIVERED if job.key.endswith(":0") else RETRY)
courier.start()
for index in range(3):
    assert courier.take(f"message:C1:{index}", "mention", {"text": f"q{index}"}, time.time())
while not courier._unsaved["message:C1:0"].done:
    time.sleep(0.01)
print("acknowledged", flush=True)
time.sleep(60)
"""


def crash_during_an_outage(tmp_path: Path) -> tuple[Path, Path]:
    """Run CRASHING and kill -9 it once it has acknowledged; (database folder, spool)."""
    folder, spool = tmp_path / "not-yet", tmp_path / "spool"
    child = subprocess.Popen([sys.executable, "-c", CRASHING, str(folder), str(spool)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "acknowledged"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    return folder, spool


@pytest.mark.parametrize("database", ["back before the next start", "back later"])
def test_answers_owed_during_an_outage_survive_a_kill_9_and_the_next_process_sends_them(
    tmp_path, monkeypatch, database
):
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    folder, spool = crash_during_an_outage(tmp_path)
    (left,) = spool.glob("owed-*.jsonl")
    assert {key: notes.get("outcome") for key, _entry, notes in read_journal(left.read_text())} == {
        "message:C1:0": DELIVERED, "message:C1:1": None, "message:C1:2": None}

    if database == "back before the next start":  # adopted as outbox rows, taken once
        folder.mkdir()
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    sent = []
    courier = Courier(Outbox(store, "second"), Metrics(), 2, Spool(spool, "second"))
    courier.handles("mention", lambda job: sent.append(job.payload["text"]) or DELIVERED)
    courier.start()
    if database == "back later":  # sent from memory at once, saved once it is back
        wait_until(lambda: sorted(sent) == ["q1", "q2"])
        folder.mkdir()
    wait_until(lambda: sorted(sent) == ["q1", "q2"] and not courier._unsaved)
    courier.stop(1)
    with store.engine.connect() as connection:
        rows = connection.execute(outbox.select()).all()
    assert sorted((row.key, row.done) for row in rows) == [
        (f"message:C1:{index}", DELIVERED) for index in range(3)]  # the first: written done
    assert list(spool.glob("*")) == []  # nothing kept: the questions are gone from disk
    assert sorted(sent) == ["q1", "q2"]  # and the first never sent again
    store.close()


def test_a_living_process_keeps_its_file(tmp_path):
    alive, other = Spool(tmp_path, "alive"), Spool(tmp_path, "other")
    alive.owe(Job("message:C1:1", "mention", {"text": "q"}, time.time(), durable=False))
    assert other.adopt() == []
    assert alive.close() == 1  # left for the next process: it did not reach the database
    (job,) = other.adopt()
    assert job.payload == {"text": "q"} and not job.durable
    assert [p.name for p in tmp_path.iterdir()] == ["owed-other.jsonl"]


def test_the_file_is_emptied_once_the_database_holds_everything(tmp_path):
    spool = Spool(tmp_path, "one")
    jobs = [Job(f"message:C1:{i}", "mention", {"text": "q"}, time.time(), durable=False)
            for i in range(3)]
    for job in jobs:
        spool.owe(job)
    spool.settled(jobs[:1])
    left = read_journal(spool.path.read_text())
    assert [key for key, *_ in left] == ["message:C1:1", "message:C1:2"]
    spool.settled(jobs[1:])
    assert spool.path.read_text() == ""  # no question stays on disk longer than needed
    assert spool.close() == 0 and not spool.path.exists()


def test_a_line_a_crash_cut_short_is_skipped(tmp_path):
    path = tmp_path / "owed-dead.jsonl"
    lines = [{"add": "a", "entry": {"kind": "mention", "payload": {"text": "q"}, "arrived": 1}},
             {"add": "b", "entry": {"kind": "mention", "payload": {}, "arrived": 2.0}},
             {"note": "b", "outcome": DELIVERED},
             {"add": "c", "entry": {"kind": "mention", "payload": {}, "arrived": 3.0}},
             {"settle": "c"}, {"add": "d", "entry": "not a dict"}, ["not", "a", "dict"],
             {"add": "f", "entry": {"kind": "mention", "payload": "not a dict", "arrived": 1}}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines) + '{"add": "e", "en')
    spool = Spool(tmp_path, "alive")
    assert [(job.key, job.done) for job in spool.adopt()] == [("a", None), ("b", DELIVERED)]
    assert not path.exists()
    spool.settled([Job("a", "mention", {}, 1.0), Job("b", "mention", {}, 2.0)])
    assert spool.close() == 0  # nothing unreadable kept either


def test_records_waiting_for_the_database_outlive_the_process_and_are_written_by_the_next(
    tmp_path, monkeypatch
):
    """The store's records (what `report` and `kb suggest` read) wait in memory while the
    database is away; kept in the journal too, the next process on the store writes them."""
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    folder, spool = tmp_path / "not-yet", tmp_path / "spool"
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    first = Store(url, record_questions=True)
    first.keep_waiting_in(Journal(spool, "records", "first"))
    for question in ("what is a pod?", "how do they scale?"):
        first.record_answer("mention", Answer(question, "none", None), 12.5, team="T1")
    first.record_feedback("mention", False, "none", question="what is a pod?", voter="U1:1")
    assert first.flush() and first.waiting == 3
    first.close(timeout=1)  # still away: lost to this process, kept for the next
    assert first.lost == 3
    (left,) = spool.glob("records-*.jsonl")
    assert len(read_journal(left.read_text())) == 3

    folder.mkdir()  # the database is back
    second = Store(url, record_questions=True)
    assert second.keep_waiting_in(Journal(spool, "records", "second")) == 3
    assert second.flush() and second.waiting == 0
    second.close()
    with second.engine.connect() as connection:
        rows = connection.execute(answers.select()).all()
        votes = connection.execute(feedback.select()).all()
    assert sorted(row.question for row in rows) == ["how do they scale?", "what is a pod?"]
    assert {(row.team, row.latency_ms) for row in rows} == {("T1", 12.5)}
    assert all(row.at.year >= 2026 for row in rows)  # times come back as times
    assert [(vote.helpful, vote.question) for vote in votes] == [(False, "what is a pod?")]
    assert list(spool.glob("*")) == []


def test_a_long_outage_never_grows_the_file_past_four_times_what_it_still_holds(
    tmp_path, monkeypatch
):
    """Answers owed, sent and settled for hours while one stays unsettled: the file is
    rewritten with what it still needs, so it cannot fill the pod's volume."""
    monkeypatch.setattr(spool_module, "COMPACT_BYTES", 4096)
    journal = Journal(tmp_path, "owed", "one")
    journal.add("stays", {"payload": {"text": "still owed"}})
    sizes = []
    for index in range(2000):
        journal.add(f"k{index}", {"payload": {"text": "x" * 100}})
        journal.note(f"k{index}", {"outcome": DELIVERED})
        journal.settle([f"k{index}"])
        sizes.append(journal.path.stat().st_size)
    assert max(sizes) < 4096 + 1024  # written ~700 KB in all
    assert [(key, entry) for key, entry, _ in read_journal(journal.path.read_text())] == [
        ("stays", {"payload": {"text": "still owed"}})]
    os.close(journal._fd)  # the process ends without a word: its lock goes with it
    (leftover,) = Journal(tmp_path, "owed", "next").adopt()
    assert leftover == ("stays", {"payload": {"text": "still owed"}}, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["owed-next.jsonl"]


def test_a_rewrite_a_crash_left_half_done_is_removed(tmp_path):
    (tmp_path / "owed-dead.rewrite").write_text('{"add": "a", "entry": {}}\n')
    assert Journal(tmp_path, "owed", "next").adopt() == []
    assert list(tmp_path.iterdir()) == []


def test_a_living_process_that_just_rewrote_its_file_is_not_adopted(tmp_path, monkeypatch):
    """The adopter opened the old file; the living process renamed its rewrite over it and
    let go of the old one's lock just before the adopter tried it."""
    live = Journal(tmp_path, "owed", "live")
    live.add("k", {"payload": {"text": "still owed"}})
    real_flock, rewritten = spool_module.fcntl.flock, []

    def flock_after_a_rewrite(fd, operation):
        if not rewritten:
            rewritten.append(True)
            live._compact()
        return real_flock(fd, operation)

    monkeypatch.setattr(spool_module.fcntl, "flock", flock_after_a_rewrite)
    assert Journal(tmp_path, "owed", "adopter").adopt() == []
    assert rewritten and live.path.exists() and os.fstat(live._fd).st_nlink == 1


def test_a_file_removed_before_its_creator_locked_it_is_made_again(tmp_path, monkeypatch):
    real_flock, removed = spool_module.fcntl.flock, []

    def an_adopter_got_there_first(fd, operation):
        if not removed:
            removed.append(True)
            (tmp_path / "owed-new.jsonl").unlink()
        return real_flock(fd, operation)

    monkeypatch.setattr(spool_module.fcntl, "flock", an_adopter_got_there_first)
    journal = Journal(tmp_path, "owed", "new")
    journal.add("k", {"payload": {}})
    assert removed and os.fstat(journal._fd).st_nlink == 1
    assert [key for key, *_ in read_journal(journal.path.read_text())] == ["k"]


def test_an_answer_saved_while_it_was_being_taken_leaves_nothing_on_disk(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'not-yet' / 'db.sqlite3'}")
    courier = Courier(Outbox(store, "one"), Metrics(), 1, Spool(tmp_path / "spool", "one"))
    owe = courier.spool.owe

    def a_sweep_comes_first(job):
        (tmp_path / "not-yet").mkdir(exist_ok=True)
        courier._save_unsaved(last_chance=True)  # the sweeper, as the database comes back
        owe(job)

    courier.spool.owe = a_sweep_comes_first
    assert courier.take("message:C1:1", "mention", {"text": "q"}, time.time())
    courier._save_unsaved(last_chance=True)  # the next sweep saves it
    assert courier.spool.close() == 0
    store.close()


def test_odd_lines_never_stop_the_next_process(tmp_path):
    """A feedback record without every field, and lines nested past what JSON's reader
    takes: the records that can be written are, and the writer carries on."""
    (tmp_path / "records-dead.jsonl").write_text(
        json.dumps({"add": "a", "entry": {"table": "feedback", "row": {
            "surface": "slash", "helpful": True, "kind": "row"}}}) + "\n"
        + "[" * 100_000 + "\n", "utf-8")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert store.keep_waiting_in(Journal(tmp_path, "records", "next")) == 1
    store.record_answer("slash", Answer("q", "none", None))
    assert store.flush() and store.written + store.lost == 2
    store.close()
