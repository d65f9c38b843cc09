"""The store on SQLite and on a real PostgreSQL: records, feedback, the question-text privacy
rule, and answers going out while the database is down (one error logged, not one per
message; answers owed are then kept in memory). The outbox's own rules: test_outbox.py."""

from __future__ import annotations

import logging
import re
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DataError

from bot import store as store_module
from bot.answer import Answer
from bot.outbox import Outbox
from bot.store import (
    DEFAULT_DATABASE_FILE,
    DatabaseUnavailable,
    Store,
    answers,
    claim_key,
    decode_features,
    default_database_url,
    engine_url,
    feedback,
    question_to_store,
    record_questions_enabled,
)
from tests.conftest import ROOT
from tests.pg import (  # noqa: F401 - fixtures
    database_url,
    free_port,
    postgres_server,
    running_server,
    unavailable_reason,
)

START = datetime(2025, 3, 1, 12, 0, 0)


class FakeClock:
    """The store's clock, moved by hand: pruning and report windows without sleeping."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def open_store(database_url):  # noqa: F811 - the fixture
    """Stores on the test's database, closed after the test; several make replicas."""
    opened = []

    def make(**options) -> Store:
        opened.append(Store(database_url, **options))
        return opened[-1]

    yield make
    for each in opened:
        each.close()


def rows(store: Store, table) -> list[dict]:
    assert store.flush(), "the writer did not drain"
    query = select(table).order_by(table.c.at)
    return store.transaction(lambda c: [dict(r._mapping) for r in c.execute(query)])


def row_answer(kb, *features: str, question: str = "how does it scale?") -> Answer:
    topic = kb.topics[0]
    return Answer(question, "row", topic, tuple(topic.row(f) for f in features), 88)


def none_answer(question: str, reason: str = "out_of_scope") -> Answer:
    return Answer(question, "none", None, score=12, reason=reason)


# --- pure rules -------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "recording", "stored"), [
    ("row", False, None),
    ("summary", False, None),
    ("none", False, "what is helm?"),
    ("row", True, "what is helm?"),
    ("none", True, "what is helm?"),
])
def test_question_text_is_kept_only_when_recording_or_unanswered(kind, recording, stored):
    assert question_to_store("<@U123ABC> what is  helm?", kind, recording) == stored


def test_kept_question_text_never_carries_pings_and_empty_text_is_none():
    kept = question_to_store("<!here> <@U1> see <https://x.io|docs> :wave:", "none", False)
    assert kept == "see docs"
    assert question_to_store("<@U1> :wave:", "none", True) is None


@pytest.mark.parametrize(("value", "enabled"), [
    ("1", True), ("true", True), (" ON ", True), ("yes", True),
    ("", False), ("0", False), ("off", False), ("nope", False),
])
def test_record_questions_switch(value, enabled):
    assert record_questions_enabled({"K8S_COMPARE_RECORD_QUESTIONS": value}) is enabled


def test_default_database_is_a_sqlite_file_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_database_url({}) == f"sqlite:///{tmp_path / DEFAULT_DATABASE_FILE}"
    image = {"K8S_COMPARE_DATABASE_URL": "sqlite:////data/k8s-compare.sqlite3"}
    assert default_database_url(image) == "sqlite:////data/k8s-compare.sqlite3"


def test_plain_postgres_urls_use_psycopg_3():
    assert engine_url("postgres://bot:pw@db/k8s") == "postgresql+psycopg://bot:pw@db/k8s"
    assert engine_url("postgresql://db/k8s") == "postgresql+psycopg://db/k8s"
    assert engine_url("sqlite:///x.db") == "sqlite:///x.db"


def test_long_claim_keys_are_hashed_not_cut():
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    assert claim_key("message:C1:1.2") == "message:C1:1.2"
    assert claim_key(long_a) != claim_key(long_b)
    assert len(claim_key(long_a)) <= 255


def test_without_postgresql_binaries_the_reason_names_what_is_missing(tmp_path):
    assert "no initdb, pg_ctl in" in unavailable_reason(bin_dir=tmp_path)


# --- records -------------------------------------------------------------------------------

def test_answers_are_recorded_with_what_was_answered(open_store, kb):
    store = open_store(clock=FakeClock(), record_questions=False)
    store.record_answer("mention", row_answer(kb, "Scalability", "Networking"), latency_ms=3.5)
    store.record_answer("dm", none_answer("<@U1> how do I install helm?"))
    first, second = rows(store, answers)
    assert first["at"] == START and first["surface"] == "mention" and first["kind"] == "row"
    assert first["topic"] == kb.topics[0].id and first["score"] == 88
    assert decode_features(first["features"]) == ["Scalability", "Networking"]
    assert first["question"] is None and first["latency_ms"] == 3.5
    assert second["question"] == "how do I install helm?" and second["reason"] == "out_of_scope"
    assert second["topic"] is None and decode_features(second["features"]) == []
    assert (store.written, store.lost, store.dropped) == (2, 0, 0)


def test_question_text_of_answered_questions_is_kept_when_recording_is_on(open_store, kb):
    store = open_store(record_questions=True)
    store.record_answer("cli", row_answer(kb, "Scalability", question="does it scale?"))
    assert [r["question"] for r in rows(store, answers)] == ["does it scale?"]


def test_one_vote_per_voter_a_later_click_replaces_it(open_store):
    store, other_replica = open_store(clock=FakeClock()), open_store(clock=FakeClock())
    store.record_feedback("button", True, "row", "t", ["Scalability"], voter="U1:C1:1.1")
    assert store.flush()
    other_replica.record_feedback("button", False, "row", "t", ["Scalability"],
                                  voter="U1:C1:1.1")  # the same person changes their mind
    store.record_feedback("button", True, "row", "t", ["Scalability"], voter="U2:C1:1.1")
    store.record_feedback("button", True, "summary", "t")  # no voter: every click counts
    assert other_replica.flush()
    votes = sorted((r["helpful"], r["kind"], bool(r["voter"])) for r in rows(store, feedback))
    assert votes == [(False, "row", True), (True, "row", True), (True, "summary", False)]
    assert all("U1" not in (r["voter"] or "") for r in rows(store, feedback))  # a digest


def test_a_database_from_before_votes_gets_the_voter_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    with sqlite3.connect(tmp_path / "old.sqlite3") as old:
        old.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, "
                    "surface VARCHAR(32) NOT NULL, helpful BOOLEAN NOT NULL, "
                    "kind VARCHAR(16) NOT NULL, topic VARCHAR(200), features TEXT NOT NULL)")
    with Store(url) as store:
        for helpful in (True, False):
            store.record_feedback("button", helpful, "row", "t", ["Scalability"], voter="U1:C:1")
        assert [r["helpful"] for r in rows(store, feedback)] == [False]


def test_feedback_records_what_was_rated(open_store):
    store = open_store(clock=FakeClock())
    store.record_feedback("button", True, "row", "container-vs-kubernetes", ["Scalability"])
    store.record_feedback("button", False, "summary", "container-vs-kubernetes")
    liked, disliked = rows(store, feedback)
    assert liked["helpful"] is True and decode_features(liked["features"]) == ["Scalability"]
    assert disliked["helpful"] is False and disliked["kind"] == "summary"
    assert disliked["topic"] == "container-vs-kubernetes" and disliked["surface"] == "button"


def test_records_after_close_are_counted_not_raised(open_store, kb):
    store = open_store()
    store.close()
    store.record_answer("cli", row_answer(kb, "Scalability"))
    assert store.dropped == 1


def test_a_full_queue_drops_and_counts_and_warns_once(tmp_path, kb, monkeypatch, caplog):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", queue_size=2)
    picked_up, release = threading.Event(), threading.Event()
    write = store._write

    def slow_write(batch):
        picked_up.set()
        release.wait(10)
        return write(batch)

    monkeypatch.setattr(store, "_write", slow_write)
    store.record_answer("cli", row_answer(kb, "Scalability"))
    assert picked_up.wait(10)
    with caplog.at_level(logging.INFO, logger="bot.store"):
        for _ in range(10):
            store.record_answer("cli", row_answer(kb, "Scalability"))
        release.set()
        store.flush()
    store.close()
    assert (store.written, store.dropped) == (3, 8)
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]
    assert "queue is full" in caplog.records[0].getMessage()


def test_flush_and_close_do_not_wait_out_the_writers_linger(tmp_path, kb, monkeypatch):
    """The writer gathers records for a while before a transaction; whoever waits for them
    (a flush, the shutdown) has them written at once."""
    monkeypatch.setattr(store_module, "LINGER_SECONDS", 60.0)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    store.record_answer("cli", row_answer(kb, "Scalability"))
    assert store.flush(timeout=10)
    store.record_answer("cli", row_answer(kb, "Scalability"))
    started = time.monotonic()
    store.close(timeout=10)
    assert time.monotonic() - started < 10
    assert store.written == 2


# --- the database is down -----------------------------------------------------------------

def test_database_down_answers_still_flow_and_one_error_is_logged(kb, caplog):
    url = f"postgresql+psycopg://bot:hunter2@127.0.0.1:{free_port()}/k8s"  # nothing listens
    with caplog.at_level(logging.DEBUG):
        store = Store(url)
        started = time.perf_counter()
        for _ in range(200):
            store.record_answer("mention", row_answer(kb, "Scalability"))
            store.record_feedback("button", False, "row", "t", ["Scalability"])
        enqueue_seconds = time.perf_counter() - started
        assert store.flush()
        box = Outbox(store, "test")
        assert [owes(box, "message:C1:1.1"), owes(box, "message:C1:1.1")] == [True, False]
        store.close()
    assert enqueue_seconds < 0.5, "recording waited for the database"
    assert (store.written, store.lost) == (0, 400)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert "unavailable" in errors[0].getMessage() and "***" in errors[0].getMessage()
    assert "hunter2" not in caplog.text


def owes(box: Outbox, key: str) -> bool:
    return box.owe(key, "mention", {"text": "q"}, time.time()) is not None


def test_recovery_is_logged_once_and_the_records_kept_meanwhile_are_written(
    tmp_path, kb, caplog, monkeypatch
):
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    folder = tmp_path / "not-yet"
    with caplog.at_level(logging.INFO, logger="bot.store"):
        store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
        box = Outbox(store, "test")
        for _ in range(20):
            store.record_answer("cli", row_answer(kb, "Scalability"))
        assert owes(box, "outage-key") is True
        assert store.flush() and store.waiting == 20
        folder.mkdir()
        store.record_answer("cli", row_answer(kb, "Networking"))
        assert owes(box, "outage-key") is False, "owed in memory during the outage"
        assert owes(box, "after-key") is True and owes(box, "after-key") is False
        recorded = rows(store, answers)
        store.close()
    assert [decode_features(r["features"]) for r in recorded] == [["Scalability"]] * 20 + [
        ["Networking"]]
    assert (store.waiting, store.lost) == (0, 0)
    assert [r.levelname for r in caplog.records] == ["ERROR", "INFO"]
    assert "available again" in caplog.records[1].getMessage()


def test_records_kept_through_an_outage_are_bounded_and_written_unprompted(
    tmp_path, kb, monkeypatch
):
    monkeypatch.setattr(store_module, "WAITING_RETRY_SECONDS", 0.2)
    folder = tmp_path / "not-yet"
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}", queue_size=5)
    for feature in ["Scalability", "Networking", "Scope"] * 3:  # nine for room for five
        store.record_answer("cli", row_answer(kb, feature))
        assert store.flush()
    assert (store.waiting, store.lost) == (5, 4)  # the oldest went first
    folder.mkdir()  # back, and no record comes to prompt a write: the writer retries alone
    deadline = time.monotonic() + 10
    while store.waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    recorded = rows(store, answers)
    store.close()
    assert [decode_features(r["features"])[0] for r in recorded] == [
        "Networking", "Scope", "Scalability", "Networking", "Scope"]
    assert (store.written, store.lost) == (5, 4)


def test_records_the_database_refuses_are_lost_at_once_not_kept_for_ever(tmp_path, kb):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    transaction = store.transaction

    def refuses(work):
        try:
            raise DataError("INSERT ...", {}, Exception("value too long"))
        except DataError as exc:
            raise DatabaseUnavailable("refused") from exc

    store.transaction = refuses
    store.record_answer("cli", row_answer(kb, "Scalability"))
    assert store.flush() and (store.waiting, store.lost) == (0, 1)
    store.transaction = transaction
    store.record_answer("cli", row_answer(kb, "Networking"))
    assert [decode_features(r["features"]) for r in rows(store, answers)] == [["Networking"]]
    store.close()


def test_a_backlog_is_written_in_batches_when_the_database_is_back(tmp_path, kb, monkeypatch):
    monkeypatch.setattr(store_module, "BATCH_SIZE", 2)
    folder = tmp_path / "not-yet"
    store = Store(f"sqlite:///{folder / 'db.sqlite3'}")
    for _ in range(5):
        store.record_answer("cli", row_answer(kb, "Scalability"))
    assert store.flush() and store.waiting == 5
    folder.mkdir()
    transactions = []
    transaction = store.transaction
    store.transaction = lambda work: transactions.append(1) or transaction(work)
    store.record_answer("cli", row_answer(kb, "Scope"))
    assert store.flush() and len(transactions) == 3  # six rows, two at a time
    assert len(rows(store, answers)) == 6
    store.close()


def test_records_a_hung_database_never_takes_are_counted_lost_at_close(tmp_path, kb, caplog):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    hung, release = threading.Event(), threading.Event()

    def hangs(rows):
        hung.set()
        release.wait(10)
        return True

    store._write = hangs
    store.record_answer("cli", row_answer(kb, "Scalability"))
    assert hung.wait(10)
    for _ in range(3):
        store.record_answer("cli", row_answer(kb, "Networking"))
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        store.close(timeout=0.5)
    release.set()
    assert store.lost == 3
    assert "3 records lost: the database did not take them within 0.5 s" in caplog.text


@pytest.fixture
def own_postgres():
    """A server of the test's own, to stop and start without disturbing the others."""
    with running_server() as server:
        yield server


def test_postgresql_stopped_and_restarted_mid_run(own_postgres, kb, caplog, monkeypatch):
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.0)
    store = Store(own_postgres.url())
    box, other_replica = Outbox(store, "test"), Outbox(store, "other")
    store.record_answer("mention", row_answer(kb, "Scalability"))
    assert store.flush() and owes(box, "before")
    with caplog.at_level(logging.INFO, logger="bot.store"):
        own_postgres.stop()
        for index in range(50):
            store.record_answer("mention", row_answer(kb, "Networking"))
            assert owes(box, f"during-{index}") is True
        assert store.flush()
        own_postgres.start()
        store.record_answer("mention", row_answer(kb, "Scope"))
        assert owes(other_replica, "before") is False  # written before the outage
        recorded = rows(store, answers)
    store.close()
    # the 50 kept in memory during the outage were written with the first record after it
    assert [decode_features(r["features"]) for r in recorded] == [
        ["Scalability"], *[["Networking"]] * 50, ["Scope"]]
    assert store.lost == 0
    assert [r.levelname for r in caplog.records] == ["ERROR", "INFO"]


def test_recording_benchmark_reports_both_throughputs():
    """A smoke run of bench/bench_store.py (the figures themselves are in the README)."""
    result = subprocess.run(
        [sys.executable, "bench/bench_store.py", "--quick"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\| off \| [\d,]+ \| - \|\n\| on \| [\d,]+ \| [\d,]+ \|", result.stdout)
    assert re.search(r"recording on/off: x\d\.\d\d on the answer path, x\d\.\d\d until written",
                     result.stdout)
