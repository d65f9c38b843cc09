"""What the database could not take yet, kept in a local file until it does.

While the database cannot be reached, acknowledged answers are owed in this process's memory
only (bot/outbox.py), and records wait in memory (bot/store.py). A crash then (`kill -9`, an
OOM kill) would lose them even though Slack was told the question arrived. So each is also
appended to this process's journal file, and the next process on the same store adopts what
a process that ended left in its files.

Each line is one `os.write` on an O_APPEND descriptor: once the call returns the kernel
holds it, so a crash of the process loses nothing. On Kubernetes the folder is the pod's
`/cache` emptyDir, which outlives a container restart (not the pod's deletion). A file is
locked (flock) for as long as its process lives: a file whose lock can be taken belongs to
a process that ended. Lines:
    {"add": key, "entry": {...}}   not in the database yet
    {"note": key, ...}             more about it (an answer sent: its outcome)
    {"settle": key}                the database holds it, or it needs nothing more
The file is emptied whenever nothing in it is unsettled, so it holds people's questions only
for as long as the database is away.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from bot.compiled import cache_dir
from bot.outbox import Job

log = logging.getLogger("bot.outbox")


def spool_folder(store_url: str) -> Path | None:
    """`<cache>/journal/<store>`: one folder per database, so that only a process on the same
    store adopts a file; None when the cache is turned off."""
    base = cache_dir()
    if base is None:
        return None
    return base / "journal" / hashlib.sha256(store_url.encode()).hexdigest()[:16]


COMPACT_BYTES = 1 << 20  # a file past this, four times what it still holds, is rewritten


class Journal:
    """This process's `<prefix>-<owner>.jsonl` in `folder`, made only once something is
    added; thread-safe. What is unsettled is also kept in memory, as the lines that wrote
    it, so that a long outage (every answer owed, sent, then settled) never grows the file
    past four times what it still needs: it is rewritten with only those lines."""

    def __init__(self, folder: Path, prefix: str, owner: str):
        self.folder, self.prefix = folder, prefix
        self.path = folder / f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '_', owner)}.jsonl"
        self._fd: int | None = None
        self._live: dict[str, list[bytes]] = {}  # unsettled key -> the lines about it
        self._live_bytes = self._size = 0
        self._broken = False  # could not be written: logged once, the rest stays in memory
        self._lock = threading.Lock()

    def add(self, key: str, entry: dict) -> None:
        self._write(key, {"add": key, "entry": entry})

    def note(self, key: str, fields: dict) -> None:
        self._write(key, {**fields, "note": key})

    def settle(self, keys: Iterable[str]) -> None:
        """Once nothing is unsettled the file is emptied."""
        with self._lock:
            gone = [key for key in keys if key in self._live]
            if self._fd is None or not gone:
                return
            for key in gone:
                self._live_bytes -= sum(map(len, self._live.pop(key)))
            try:
                if not self._live:
                    os.ftruncate(self._fd, 0)
                    self._size = 0
                    return
                self._append(b"".join(_line({"settle": key}) for key in gone))
                if self._size > max(COMPACT_BYTES, 4 * self._live_bytes):
                    self._compact()
            except OSError:  # a full disk: adopted later, these are written or marked again
                pass

    def adopt(self) -> list[tuple[str, dict, dict]]:
        """(key, entry, notes) of what processes that ended left unsettled in this folder:
        added to this process's file first, then their files removed (a crash in between
        adopts them twice; their keys tell the copies apart). Rewrites a crash left
        half-done are removed."""
        adopted: dict[str, tuple[str, dict, dict]] = {}
        found = [*self.folder.glob(f"{self.prefix}-*.jsonl"),
                 *self.folder.glob(f"{self.prefix}-*.rewrite")] if self.folder.is_dir() else []
        for path in sorted(p for p in found if p != self.path):
            fd = _lock_if_ended(path)
            if fd is None:
                continue
            try:
                with os.fdopen(os.dup(fd), "rb") as locked:
                    text = locked.read().decode("utf-8", errors="replace")
                for key, entry, notes in read_journal(text) if path.suffix == ".jsonl" else []:
                    self.add(key, entry)
                    if notes:
                        self.note(key, notes)
                    adopted[key] = (key, entry, notes)
                if not self._broken:  # else their file is the only copy on disk: kept
                    path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("Cannot adopt %s: %s", path, exc)
            finally:
                os.close(fd)
        return list(adopted.values())

    def close(self) -> int:
        """Remove the file if nothing in it is unsettled; how many are left for the next
        process on this store to adopt."""
        with self._lock:
            left = len(self._live)
            if self._fd is not None:
                if not left:
                    self.path.unlink(missing_ok=True)
                os.close(self._fd)
                self._fd = None
            return left

    def _write(self, key: str, item: dict) -> None:
        line = _line(item)
        with self._lock:
            if self._broken or ("note" in item and key not in self._live):
                return  # a note about something settled meanwhile says nothing new
            try:
                if self._fd is None:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    self._fd = _locked(self.path, os.O_CREAT)
                self._append(line)
            except OSError as exc:
                self._broken = True
                log.warning("Cannot keep what the database could not take in %s (%s): it "
                            "stays in memory only", self.folder, exc)
                return
            self._live.setdefault(key, []).append(line)
            self._live_bytes += len(line)

    def _append(self, data: bytes) -> None:
        os.write(self._fd, data)
        self._size += len(data)

    def _compact(self) -> None:
        """Rewrite the file with only the unsettled lines: written beside it, locked, then
        renamed over it, so a crash at any point leaves one whole file."""
        partial = self.path.with_suffix(".rewrite")
        fd = _locked(partial, os.O_CREAT | os.O_TRUNC)
        try:
            live = b"".join(line for lines in self._live.values() for line in lines)
            os.write(fd, live)
            os.rename(partial, self.path)
        except OSError:
            os.close(fd)
            raise
        os.close(self._fd)
        self._fd, self._size = fd, len(live)


def _line(item: dict) -> bytes:
    return (json.dumps(item, default=str) + "\n").encode()  # never fails on an odd value


def _locked(path: Path, flags: int) -> int:
    """`path` opened for appending and locked for as long as this process holds it. An
    adopter may lock and remove a file just created, before its creator locks it: then it
    is made again, so that this process never writes to a file without a name."""
    for _attempt in range(5):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _is_at(fd, path):
                return fd
        except OSError:
            pass
        os.close(fd)
    raise OSError(f"could not hold {path}")


def _lock_if_ended(path: Path) -> int | None:
    """A descriptor holding the lock of `path` if its process ended, else None: the lock
    must be on the file still at that path (its process may have just renamed a rewrite
    over it, or removed it), or it says nothing about that file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None  # removed by another process adopting it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if _is_at(fd, path):
            return fd
    except OSError:
        pass  # its process is alive
    os.close(fd)
    return None


def _is_at(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def read_journal(text: str) -> list[tuple[str, dict, dict]]:
    """(key, entry, notes) a journal's text holds unsettled, in the order they were added
    (a line a crash cut short, or any line it cannot read, is skipped)."""
    found: dict[str, tuple[str, dict, dict]] = {}
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("entry"), dict) and "add" in item:
            found[str(item["add"])] = (str(item["add"]), item["entry"], {})
        elif "note" in item and str(item["note"]) in found:
            found[str(item["note"])][2].update(
                (name, value) for name, value in item.items() if name != "note")
        elif "settle" in item:
            found.pop(str(item["settle"]), None)
    return list(found.values())


class Spool:
    """Answers owed in memory only, as jobs (bot/slack/courier.py)."""

    def __init__(self, folder: Path, owner: str):
        self.journal = Journal(folder, "owed", owner)
        self.folder, self.path = folder, self.journal.path

    def owe(self, job: Job) -> None:
        self.journal.add(job.key, {"kind": job.kind, "payload": job.payload,
                                   "arrived": job.arrived})

    def sent(self, job: Job) -> None:
        self.journal.note(job.key, {"outcome": job.done})

    def settled(self, jobs: list[Job]) -> None:
        """The database holds these now (or they need nothing more: sent, and too old for
        a row to send them again)."""
        self.journal.settle(job.key for job in jobs)

    def adopt(self) -> list[Job]:
        """The jobs that processes which ended left unsaved; those already sent have
        `done` set."""
        jobs = []
        for key, entry, notes in self.journal.adopt():
            job = _job(key, entry)
            if job is None:  # unreadable: nothing to send, nothing to keep
                self.journal.settle([key])
                continue
            job.done = str(notes["outcome"]) if notes.get("outcome") else None
            jobs.append(job)
        return jobs

    def close(self) -> int:
        return self.journal.close()


def _job(key: str, entry: dict) -> Job | None:
    try:
        arrived = float(entry.get("arrived") or 0)
    except (TypeError, ValueError):
        return None
    payload = entry.get("payload")
    if not isinstance(payload, dict):
        return None
    return Job(key, str(entry.get("kind")), payload, arrived, durable=False)
