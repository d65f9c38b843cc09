"""What the bot answered, what people thought of it, and the answers it still owes Slack.

The knowledge-base maintainers need to know what newcomers ask that the table cannot answer
yet, which rows are asked most and which answers people found unhelpful (`k8s-compare
report` reads this). Acknowledged work must outlive the process that acknowledged it, and
a Slack retry that reaches another replica must be answered once, so the outbox lives here
too (its logic is bot/outbox.py): one SQL database shared by every replica.

Any SQLAlchemy URL works (`K8S_COMPARE_DATABASE_URL`); the default is a SQLite file, which
needs no set-up and suits one process. Several replicas need a server such as PostgreSQL.

Recording must never cost an answer: `record_answer` and `record_feedback` only put a row on
a bounded queue that one background thread writes, and a full queue drops the row. When the
database is down the failure is logged once, and its recovery once, however many messages
arrive in between; the rows it could not take wait in memory (as many as the queue holds)
and are written when it is back, so a passing outage loses no record. Calls on the answer
path go through `promptly`, which waits at most half a second for the database, so a hung
database never holds an answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import (
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.answer import Answer
from bot.text import clean_question

DATABASE_URL_ENV = "K8S_COMPARE_DATABASE_URL"
RECORD_QUESTIONS_ENV = "K8S_COMPARE_RECORD_QUESTIONS"
DEFAULT_DATABASE_FILE = "k8s-compare.sqlite3"
QUEUE_SIZE = 10_000  # about a day of questions for a busy workspace: a long outage, not a flood
BATCH_SIZE = 500
LINGER_SECONDS = 1.0  # how long the writer gathers rows before a transaction (flush: less)
IDLE_WAKE_SECONDS = 60.0  # the writer's longest sleep on an empty queue
UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
WAITING_RETRY_SECONDS = 5.0  # records waiting for a database that was unavailable: retried
RETRY_SECONDS = 5.0  # after a failed or slow call, `promptly` skips the database this long
LOCK_TIMEOUT_SECONDS = 2.0  # longest a write waits for a lock or a statement
CONNECT_TIMEOUT_SECONDS = 5
PROMPT_SECONDS = 0.5  # longest an answer waits for the database (bot/outbox.py)
IO_THREADS = 4  # threads for `promptly`; one stuck on a hung database blocks no answer
MAX_KEY_CHARS = 255


log = logging.getLogger("bot.store")
T = TypeVar("T")

metadata = MetaData()

# Times are naive UTC everywhere: SQLite keeps no time zone, and one rule for every
# database keeps `report --since` comparisons simple.
answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("surface", String(32), nullable=False),  # cli, slash, mention, dm, home, button...
    Column("kind", String(16), nullable=False),
    Column("topic", String(200)),  # the comparison's id; none answers may have none
    Column("features", Text, nullable=False),  # JSON list of the row names answered
    Column("score", Integer, nullable=False),
    Column("reason", String(32)),  # why a none answer is none: empty, unsure, out_of_scope
    Column("question", Text),  # see question_to_store
    Column("latency_ms", Float),
    Column("team", String(32)),  # the workspace (T...): per-workspace lines in the report
)
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("surface", String(32), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),  # what was rated
    Column("topic", String(200)),
    Column("features", Text, nullable=False),
    # a digest of who voted on which message: one vote per person per answer
    Column("voter", String(64), unique=True),
    Column("team", String(32)),
    Column("question", Text),  # the rated answer's question, kept as for a none answer
)
# Answers owed to Slack (bot/outbox.py): written before an event or a click is acknowledged,
# marked done when Slack accepts the answer. The key is what makes the work unique (a
# message's channel and ts, a click's...), so the row is also the delivery's claim.
outbox = Table(
    "outbox", metadata,
    Column("key", String(MAX_KEY_CHARS), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("payload", Text),  # JSON; cleared once done, as it may hold a question
    Column("arrived", Float, nullable=False, index=True),  # Unix time the request arrived
    Column("owner", String(64)),  # the process sending it, while it holds the lease
    Column("lease_until", Float, nullable=False),
    Column("done", String(16), index=True),  # None while owed; delivered, refused, expired
)
# Questions someone asked the team about ("Ask the team", bot/escalations.py): one row per
# question, whoever clicks; the post in the escalation channel is its thread.
escalations = Table(
    "escalations", metadata,
    Column("key", String(MAX_KEY_CHARS), primary_key=True),  # the question: team, channel, ts
    Column("team", String(32)),
    Column("asker", String(32), nullable=False),  # who clicked: the answer is sent to them
    Column("question", Text, nullable=False),  # cleaned: no pings
    Column("reply_channel", String(32), nullable=False),  # where the experts' answer goes
    Column("reply_thread", String(32)),
    Column("job", String(MAX_KEY_CHARS)),  # the outbox job that posts it (a retry resumes)
    Column("channel", String(32)),  # the escalation channel and the post's ts, once posted
    Column("message_ts", String(32), index=True),
    Column("post", Text),  # the post's blocks (JSON): the answer's line is added to them
    Column("asked_at", DateTime, nullable=False, index=True),
    Column("answered_at", DateTime),  # the first expert reply
    Column("answered_by", String(32)),
)
# Questions an expert saved as an example of a row ("Save as example" on an answered
# escalation), for the knowledge-base maintainers to adopt (`kb suggest` reads them).
saved_examples_table = Table(
    "saved_examples", metadata,
    Column("id", Integer, primary_key=True),
    Column("escalation", String(MAX_KEY_CHARS), unique=True),  # one per question
    Column("question", Text, nullable=False),
    Column("topic_id", String(200), nullable=False),
    Column("feature", String(500), nullable=False),
    Column("saved_by", String(32), nullable=False),
    Column("saved_at", DateTime, nullable=False, index=True),
)
# Questions per person per minute, per replica (bot/slack/ratelimit.py): each replica writes
# its own counts and reads the others', so the cap holds across replicas sharing a database.
rate_counts = Table(
    "rate_counts", metadata,
    Column("person", String(80), primary_key=True),  # team:user
    Column("minute", Integer, primary_key=True),  # Unix time // 60
    Column("owner", String(64), primary_key=True),  # the replica
    Column("count", Integer, nullable=False),
)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    """`$K8S_COMPARE_DATABASE_URL`, else a SQLite file in the working directory.

    A function, not a constant, so the working directory and the environment are read
    when the store opens (the image sets the variable to a file under /data)."""
    env = os.environ if env is None else env
    url = env.get(DATABASE_URL_ENV, "").strip()
    return url or f"sqlite:///{Path.cwd() / DEFAULT_DATABASE_FILE}"


def record_questions_enabled(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get(RECORD_QUESTIONS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def question_to_store(question: str, kind: str, record_questions: bool) -> str | None:
    """The question text to keep, or None: the privacy rule in one place.

    Text is kept only when recording is switched on, except for `none` answers, whose
    text is what tells the maintainers which gaps to fill. What is kept is cleaned as
    it would be shown: no user or channel pings, no links' targets, one line."""
    if kind != "none" and not record_questions:
        return None
    return clean_question(question) or None


def rated_question_to_store(question: str, helpful: bool, record_questions: bool) -> str | None:
    """A "Not helpful" vote's question is kept like an unanswered one: it is a gap to fill."""
    return question_to_store(question, "row" if helpful else "none", record_questions)


def engine_url(url: str) -> str:
    """Plain `postgresql://` and Heroku-style `postgres://` URLs use psycopg 3, the driver
    the `postgres` extra installs (SQLAlchemy's default for them is psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def claim_key(key: str) -> str:
    """`key` as stored in the outbox: one too long for the column is replaced by its
    digest, not cut, so two long keys with the same beginning stay two keys."""
    if len(key) <= MAX_KEY_CHARS:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def encode_features(features: Iterable[str]) -> str:
    return _features_json(tuple(features))


@lru_cache(maxsize=1_024)
def _features_json(features: tuple[str, ...]) -> str:
    """Row names, the knowledge's own few hundred texts, encoded once each for every
    record that names them (json.dumps with options builds a new encoder each call)."""
    return json.dumps(list(features), ensure_ascii=False)


def decode_features(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(item) for item in value] if isinstance(value, list) else []


def describe_error(exc: BaseException) -> str:
    """One line naming what failed, from the driver's own error when there is one.

    SQLAlchemy's message also carries the statement and its parameters (question text),
    which must not reach the logs."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else 'no detail'}"


class Alarm:
    """A condition logged when it starts and when it ends, never in between.

    A database outage during a busy hour would otherwise write one error per message."""

    def __init__(self, level: int, started: str, ended: str):
        self.level, self.started, self.ended = level, started, ended
        self.active = False
        self._lock = threading.Lock()

    def start(self, detail: str) -> None:
        with self._lock:
            if self.active:
                return
            self.active = True
        log.log(self.level, "%s (%s)", self.started, detail)

    def end(self) -> None:
        with self._lock:
            if not self.active:
                return
            self.active = False
        log.info("%s", self.ended)


class DatabaseUnavailable(Exception):
    """The database could not be reached or failed; the store has already logged it."""


_STOP = object()  # tells the writer thread to finish


class Store:
    """Answers, feedback and the outbox in one SQL database; shared by every thread."""

    def __init__(
        self, url: str | None = None, *, record_questions: bool | None = None,
        queue_size: int = QUEUE_SIZE, clock: Callable[[], datetime] = utc_now,
    ):
        self.engine = _create_engine(engine_url(url or default_database_url()))
        self.safe_url = self.engine.url.render_as_string(hide_password=True)
        if record_questions is None:
            record_questions = record_questions_enabled()
        self.record_questions = record_questions
        self.clock = clock
        self.dropped = 0  # records not queued: the queue was full, or the store closed
        self.lost = 0  # never written: refused, or still waiting when the store closed
        self.written = 0
        self._queue: queue.Queue = queue.Queue(queue_size)
        self._outage = Alarm(
            logging.ERROR,
            f"database {self.safe_url} is unavailable; answers still go out, and records and "
            "answers owed are kept by this process until it is back",
            f"database {self.safe_url} is available again",
        )
        self._backlog = Alarm(
            logging.WARNING, "recording queue is full; new records are dropped",
            "recording queue has room again",
        )
        self._lock = threading.Lock()  # never held while talking to the database
        self._schema_lock = threading.Lock()
        self._schema_ready = self._closed = False
        self._writer: threading.Thread | None = None
        self._hurry = threading.Event()  # set: write what is queued without lingering
        self._waiting: list[tuple[Table, dict]] = []  # the writer's, for a database that is back
        self._journal = None  # bot.spool.Journal: where waiting records are kept on disk too
        # id(row) -> its key there: a row is alive while it waits, so its id is its own
        self._journal_keys: dict[int, str] = {}
        self._retry_waiting_at = 0.0
        self._io = ThreadPoolExecutor(IO_THREADS, "store-io")  # for `promptly`
        self._skip_until = 0.0  # `promptly` does not wait for the database before this
        # Create the tables now; if the database is down, on first use after it is back.
        with contextlib.suppress(DatabaseUnavailable):
            self.transaction(lambda connection: None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def keep_waiting_in(self, journal) -> int:
        """From now on, records waiting for the database are also kept in `journal`
        (bot/spool.py), so that a crash during an outage loses none; queues what processes
        on this store that ended left in its folder, and says how many."""
        self._journal = journal
        adopted = 0
        for key, entry, _notes in journal.adopt():
            record = _decode_record(entry)
            if record is None:
                journal.settle([key])
                continue
            self._journal_keys[id(record[1])] = key
            adopted += self._enqueue(*record)
        if adopted:
            log.info("Adopted %d records a process that ended could not write", adopted,
                     extra={"fields": {"adopted": adopted}})
        return adopted

    @property
    def waiting(self) -> int:
        """Records the database could not take yet: written when it is back."""
        return len(self._waiting)

    @property
    def unavailable(self) -> bool:
        """True from a failed or timed-out database call until one succeeds again."""
        return self._outage.active

    def record_answer(
        self, surface: str, answer: Answer, latency_ms: float | None = None,
        team: str | None = None,
    ) -> None:
        """Queue one answer to be written; returns at once, whatever the database's state."""
        self._enqueue(answers, {
            "team": team[:32] if team else None,
            "at": self.clock(), "surface": surface[:32], "kind": answer.kind[:16],
            "topic": answer.topic.id[:200] if answer.topic else None,
            "features": encode_features(answer.features), "score": int(answer.score),
            "reason": answer.reason[:32] or None, "latency_ms": latency_ms,
            "question": question_to_store(answer.question, answer.kind, self.record_questions),
        })

    def record_feedback(
        self, surface: str, helpful: bool, kind: str, topic_id: str | None = None,
        features: Sequence[str] = (), voter: str | None = None, question: str = "",
        team: str | None = None,
    ) -> None:
        """Queue one click of helpful / not helpful on the answer made of `kind`,
        `topic_id` and `features` (the row names, for a row answer). With `voter` (who
        clicked on which message) a later click by the same voter replaces the vote."""
        self._enqueue(feedback, {
            "at": self.clock(), "surface": surface[:32], "helpful": bool(helpful),
            "kind": kind[:16], "topic": topic_id[:200] if topic_id else None,
            "features": encode_features(features),
            "voter": hashlib.sha256(voter.encode()).hexdigest() if voter else None,
            "question": rated_question_to_store(question, helpful, self.record_questions),
            "team": team[:32] if team else None,
        })

    def saved_examples(self, since: datetime | None = None) -> list[dict]:
        """Questions experts saved as examples of a row ("Save as example"), oldest first:
        question, topic_id, feature, saved_by, saved_at. Raises DatabaseUnavailable."""
        table = saved_examples_table
        query = select(table.c.question, table.c.topic_id, table.c.feature, table.c.saved_by,
                       table.c.saved_at).order_by(table.c.saved_at, table.c.id)
        if since is not None:
            query = query.where(table.c.saved_at >= since)
        return self.transaction(lambda c: [dict(row._mapping) for row in c.execute(query)])

    def transaction(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)` in one transaction, creating the tables first if need be.

        A unique-key clash comes from a working database: it ends an outage and is
        re-raised. Any other database error starts the outage (logged once) and raises
        DatabaseUnavailable."""
        try:
            self._ensure_schema()
            with self.engine.begin() as connection:
                result = work(connection)
        except IntegrityError:
            self._outage.end()
            raise
        except SQLAlchemyError as exc:
            self._outage.start(describe_error(exc))
            raise DatabaseUnavailable(describe_error(exc)) from exc
        self._outage.end()
        return result

    def promptly(self, work: Callable[[Connection], T], timeout: float = PROMPT_SECONDS,
                 *, last_chance: bool = False) -> T:
        """`transaction(work)`, waited on for at most `timeout`: for calls on the answer path.

        A database that hangs (a frozen server, a lost network) would otherwise hold the
        answer for as long as it hangs. Past the timeout the outage starts (logged once),
        DatabaseUnavailable is raised, and for RETRY_SECONDS further calls do not
        wait at all (unless it is their `last_chance`: the process is stopping); the call
        left behind finishes, or fails, on its own thread."""
        if time.monotonic() < self._skip_until and not last_chance:
            raise DatabaseUnavailable("database skipped after an outage")
        try:
            future = self._io.submit(self.transaction, work)
        except RuntimeError:  # closed: the process is stopping
            raise DatabaseUnavailable("the store is closed") from None
        try:
            return future.result(timeout)
        except FutureTimeout:
            self._outage.start(f"no answer within {timeout:g} s")
            self._skip_until = time.monotonic() + RETRY_SECONDS
            raise DatabaseUnavailable("timed out") from None
        except DatabaseUnavailable:
            self._skip_until = time.monotonic() + RETRY_SECONDS
            raise

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued record is written, lost, or `waiting` for the database to
        come back; False if `timeout` ran out."""
        deadline = time.monotonic() + timeout
        self._hurry.set()
        try:
            with self._queue.all_tasks_done:
                while self._queue.unfinished_tasks:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._queue.all_tasks_done.wait(remaining)
        finally:
            self._hurry.clear()
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (for at most `timeout`), stop the writer, close connections."""
        with self._lock:
            self._closed, writer = True, self._writer
        self._hurry.set()
        if writer is not None:
            with contextlib.suppress(queue.Full):  # a hung writer: counted below
                self._queue.put(_STOP, timeout=timeout)
            writer.join(timeout)
            if writer.is_alive():  # a database that hangs: what the writer still holds is lost
                left = len(self._waiting) + sum(
                    1 for item in list(self._queue.queue) if item is not _STOP)
                self.lost += left
                log.warning("%d records lost: the database did not take them within %g s "
                            "of closing", left, timeout, extra={"fields": {"lost": left}})
        if self._journal is not None:  # removed if everything was written
            self._journal.close()
        self._io.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()

    def _ensure_schema(self) -> None:
        if self._schema_ready:  # every claim passes here: no lock once the tables exist
            return
        with self._schema_lock:
            if not self._schema_ready:
                metadata.create_all(self.engine)
                _add_voter_column(self.engine)
                _add_team_columns(self.engine)
                self._schema_ready = True

    def _enqueue(self, table: Table, row: dict) -> bool:
        if self._journal is not None and self.unavailable:  # the writer may hang meanwhile
            self._journal_row(table, row)
        if self._start_writer():
            try:
                self._queue.put_nowait((table, row))
                return True
            except queue.Full:
                self._backlog.start(f"{self._queue.maxsize} records waiting")
        with self._lock:
            self.dropped += 1
        self._unjournal([(table, row)])  # dropped: not kept on disk either
        return False

    def _start_writer(self) -> bool:
        """Start the writer thread on first use; False once the store is closed."""
        with self._lock:
            if self._writer is None and not self._closed:
                self._writer = threading.Thread(
                    target=self._write_forever, name="store-writer", daemon=True
                )
                self._writer.start()
            return not self._closed

    def _write_forever(self) -> None:
        while True:
            batch = self._next_batch()
            rows = [item for item in batch if item is not _STOP]
            self._write_or_wait(rows, last=len(rows) < len(batch))
            if self._queue.qsize() < self._queue.maxsize // 2:
                self._backlog.end()
            for _ in batch:
                self._queue.task_done()
            if len(rows) < len(batch):
                return

    def _next_batch(self) -> list:
        """Up to BATCH_SIZE queued items: the first (waiting at most IDLE_WAKE_SECONDS),
        then whatever arrived in the next LINGER_SECONDS (`flush` and `close` cut the
        wait short). One row per transaction costs ~1 ms on PostgreSQL, one row of 500
        costs ~0.05 ms, so a busy hour stays cheap. The writer sleeps through the linger
        instead of waking for every record: in the server, each wake-up took the GIL from
        the threads answering (the Slack load test lost ~6% of its throughput to them).
        A transaction's own cost grows with the server's load (each of its steps waits
        for the GIL again), so a second's linger, not a tenth, cut the writer's CPU under
        the load test to about a third (48 to 17 µs a record)."""
        try:
            wake = WAITING_RETRY_SECONDS if self._waiting else IDLE_WAKE_SECONDS
            batch = [self._queue.get(timeout=wake)]
        except queue.Empty:
            return []
        if batch[0] is not _STOP and self._queue.qsize() < BATCH_SIZE - 1:
            self._hurry.wait(LINGER_SECONDS)
        while len(batch) < BATCH_SIZE and batch[-1] is not _STOP:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write_or_wait(self, rows: list[tuple[Table, dict]], last: bool) -> None:
        """Write `rows` after those still waiting, BATCH_SIZE at a time. While the database
        is unreachable they wait in memory, at most the queue's size (the oldest are lost
        first), and are tried again with the next rows or every WAITING_RETRY_SECONDS; the
        `last` try is the store's closing, after which what could not be written is lost,
        and logged."""
        due = last or time.monotonic() >= self._retry_waiting_at
        if not rows and not (self._waiting and due):
            return
        rows = self._waiting + rows  # still `waiting` until written, for the gauge
        written = 0
        while written < len(rows) and self._write(rows[written:written + BATCH_SIZE]):
            written += BATCH_SIZE
        self._unjournal(rows[:written])  # written, or refused for good
        rows = rows[written:]
        if last and rows:
            self.lost += len(rows)
            kept = self._journal.close() if self._journal else 0
            log.warning("%d records lost: the database was still unavailable when the store "
                        "closed%s", len(rows), f" ({kept} kept in {self._journal.path} for the"
                        " next process on this store)" if kept else "",
                        extra={"fields": {"lost": len(rows), "kept": kept}})
            rows = []
        overflow = max(0, len(rows) - self._queue.maxsize)
        self.lost += overflow
        self._unjournal(rows[:overflow])
        self._waiting = rows[overflow:]
        self._journal_waiting()
        self._retry_waiting_at = time.monotonic() + WAITING_RETRY_SECONDS

    def _journal_waiting(self) -> None:
        """Keep on disk the waiting records not kept there yet."""
        if self._journal is None:
            return
        for table, row in self._waiting:
            self._journal_row(table, row)

    def _journal_row(self, table: Table, row: dict) -> None:
        if id(row) not in self._journal_keys:
            key = uuid.uuid4().hex
            self._journal_keys[id(row)] = key
            self._journal.add(key, {"table": table.name, "row": _encode_row(row)})

    def _unjournal(self, rows: list[tuple[Table, dict]]) -> None:
        keys = [self._journal_keys.pop(id(row), None) for _table, row in rows]
        if self._journal is not None and any(keys):
            self._journal.settle(key for key in keys if key)

    def _write(self, rows: list[tuple[Table, dict]]) -> bool:
        """Write `rows` in one transaction; False only when the database cannot be reached
        (they are worth keeping). Rows it refuses are lost, as retrying cannot help."""
        by_table: dict[Table, list[dict]] = defaultdict(list)
        for table, row in rows:
            by_table[table].append(row)

        clicks = by_table.pop(feedback, [])
        votes = [row for row in clicks if row.get("voter")]
        by_table[feedback] = [row for row in clicks if not row.get("voter")]

        def insert_all(connection: Connection) -> None:
            for table, values in by_table.items():
                if values:
                    connection.execute(table.insert(), values)
            for vote in votes:
                _upsert_vote(connection, vote)

        try:
            self.transaction(insert_all)
        except DatabaseUnavailable as exc:
            if isinstance(exc.__cause__, UNREACHABLE):
                return False
            self.lost += len(rows)
        except Exception as exc:  # a row the driver refuses must not stop the writer thread
            self.lost += len(rows)
            log.error("Could not write %d records (%s); the writer carries on",
                      len(rows), type(exc).__name__)
        else:
            self.written += len(rows)
        return True


JOURNALED = {"answers": answers, "feedback": feedback}  # the tables records go to


def _encode_row(row: dict) -> dict:
    return {name: {"datetime": value.isoformat()} if isinstance(value, datetime) else value
            for name, value in row.items()}


def _decode_record(entry: dict) -> tuple[Table, dict] | None:
    """A journaled record back as (table, row); None when it cannot be read."""
    table, row = JOURNALED.get(entry.get("table")), entry.get("row")
    if table is None or not isinstance(row, dict) or not set(row) <= set(table.c.keys()):
        return None
    try:
        return table, {name: datetime.fromisoformat(value["datetime"])
                       if isinstance(value, dict) else value for name, value in row.items()}
    except (KeyError, TypeError, ValueError):
        return None


def _create_engine(url: str) -> Engine:
    """One engine per store, its pool shared by every thread. Connections are checked before
    use (pool_pre_ping), so a database restart costs a reconnect, not a failed write."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        # Claims and the writer write from several threads: wait briefly for the lock. A
        # claim runs before an answer, so a file locked for long must not hold answers up.
        engine = create_engine(
            url, pool_pre_ping=True, connect_args={"timeout": LOCK_TIMEOUT_SECONDS}
        )
        event.listen(engine, "connect", _sqlite_write_ahead_log)
        return engine
    connect_args = {}
    if backend == "postgresql":  # a slow or locked server must not hold answers up either
        timeout_ms = int(LOCK_TIMEOUT_SECONDS * 1000)
        connect_args = {
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "options": f"-c statement_timeout={timeout_ms} -c lock_timeout={timeout_ms}",
        }
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_write_ahead_log(dbapi_connection, _record) -> None:
    """Readers (`report`) never block the writer, and commits are cheaper."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _add_voter_column(engine: Engine) -> None:
    """Databases made before votes were one per person get the column and its index; before
    rated questions were kept, their column."""
    columns = {c["name"] for c in inspect(engine).get_columns("feedback")}
    with engine.begin() as connection:
        if "voter" not in columns:
            connection.execute(text("ALTER TABLE feedback ADD COLUMN voter VARCHAR(64)"))
            connection.execute(text("CREATE UNIQUE INDEX ix_feedback_voter ON feedback (voter)"))
        if "question" not in columns:
            connection.execute(text("ALTER TABLE feedback ADD COLUMN question TEXT"))


def _add_team_columns(engine: Engine) -> None:
    """Databases made before the bot served several workspaces get a `team` column."""
    for table in (answers, feedback):
        if "team" not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
            with engine.begin() as connection:
                connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN team VARCHAR(32)"))


def _upsert_vote(connection: Connection, vote: dict) -> None:
    """The voter's vote, replacing an earlier one: a second click changes the vote."""
    changed = {key: vote[key] for key in ("at", "helpful", "kind", "topic", "features",
                                          "question", "team")}
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        module = sqlite if dialect == "sqlite" else postgresql
        statement = module.insert(feedback).values(vote)
        connection.execute(statement.on_conflict_do_update(index_elements=["voter"],
                                                           set_=changed))
        return
    updated = connection.execute(
        update(feedback).where(feedback.c.voter == vote["voter"]).values(changed)
    ).rowcount
    if not updated:
        connection.execute(feedback.insert(), vote)
