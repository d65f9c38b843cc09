"""Answers owed while the database is unavailable, kept in a local file until it takes them.

While the database cannot be reached, an acknowledged answer is owed in this process's
memory only (bot/outbox.py). A crash then (`kill -9`, an OOM kill) would lose it even
though Slack was told it arrived. So each such job is also appended to this process's spool
file, and the next process on the same store adopts what a dead process left unsaved.

Each line is one `os.write` on an O_APPEND descriptor: once the call returns the kernel
holds it, so a crash of the process loses nothing. On Kubernetes the folder is the pod's
`/cache` emptyDir, which outlives a container restart (not the pod's deletion). A file is
locked (flock) for as long as its process lives: a file whose lock can be taken belongs to
a process that ended. Lines:
    {"owe": key, "kind": ..., "payload": ..., "arrived": ...}   acknowledged, owed
    {"sent": key, "outcome": ...}   finished; only its done row is left to write
    {"saved": key}                  the database holds it: nothing left to do here
The file is emptied whenever nothing in it is unsaved, so it holds people's questions only
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
from pathlib import Path

from bot.compiled import cache_dir
from bot.outbox import Job

log = logging.getLogger("bot.outbox")


def spool_folder(store_url: str) -> Path | None:
    """`<cache>/owed/<store>`: one folder per database, so that only a process on the same
    store adopts a file; None when the cache is turned off."""
    base = cache_dir()
    if base is None:
        return None
    return base / "owed" / hashlib.sha256(store_url.encode()).hexdigest()[:16]


class Spool:
    """This process's spool file in `folder`, written only once something is owed there."""

    def __init__(self, folder: Path, owner: str):
        self.folder = folder
        self.path = folder / f"owed-{re.sub(r'[^A-Za-z0-9_.-]', '_', owner)}.jsonl"
        self._fd: int | None = None
        self._unsaved: set[str] = set()
        self._broken = False  # could not be written: logged once, the jobs stay in memory
        self._lock = threading.Lock()

    def owe(self, job: Job) -> None:
        self._write({"owe": job.key, "kind": job.kind, "payload": job.payload,
                     "arrived": job.arrived}, add=job.key)

    def sent(self, job: Job) -> None:
        self._write({"sent": job.key, "outcome": job.done})

    def settled(self, jobs: list[Job]) -> None:
        """The database holds these now (or they need nothing more: sent, and too old for
        a row to send them again); once nothing is unsaved the file is emptied."""
        with self._lock:
            if self._fd is None or not jobs:
                return
            self._unsaved.difference_update(job.key for job in jobs)
            try:
                if self._unsaved:
                    self._append([{"saved": job.key} for job in jobs])
                else:
                    os.ftruncate(self._fd, 0)
            except OSError:  # a full disk: adopted later, these are saved or marked again
                pass

    def adopt(self) -> list[Job]:
        """The jobs that processes which ended left unsaved in this folder: written into
        this process's file first, then their files removed (a crash in between adopts
        them twice, and the courier knows a job by its key)."""
        adopted: dict[str, Job] = {}
        for path in sorted(self.folder.glob("owed-*.jsonl")) if self.folder.is_dir() else ():
            if path == self.path:
                continue
            try:
                fd = os.open(path, os.O_RDWR)
            except OSError:
                continue  # removed by another process adopting it
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue  # its process is alive
            try:
                jobs = read_jobs(path)
                for job in jobs:
                    self.owe(job)
                    if job.done:
                        self.sent(job)
                adopted.update((job.key, job) for job in jobs)
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("Cannot adopt the owed answers in %s: %s", path, exc)
            finally:
                os.close(fd)
        return list(adopted.values())

    def close(self) -> int:
        """Remove the file if nothing in it is unsaved; how many are left for the next
        process on this store to adopt."""
        with self._lock:
            left = len(self._unsaved)
            if self._fd is not None:
                if not left:
                    self.path.unlink(missing_ok=True)
                os.close(self._fd)
                self._fd = None
            return left

    def _write(self, entry: dict, add: str | None = None) -> None:
        with self._lock:
            if self._broken:
                return
            try:
                if self._fd is None:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._append([entry])
            except OSError as exc:
                self._broken = True
                log.warning("Cannot keep owed answers in %s (%s): while the database is "
                            "unavailable they are kept in memory only", self.folder, exc)
                return
            if add:
                self._unsaved.add(add)

    def _append(self, entries: list[dict]) -> None:
        os.write(self._fd, "".join(json.dumps(e) + "\n" for e in entries).encode())


def read_jobs(path: Path) -> list[Job]:
    """The jobs a spool file holds unsaved, in the order they were owed (a line a crash cut
    short is skipped)."""
    jobs: dict[str, Job] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict):
            continue
        if "owe" in entry and isinstance(entry.get("payload"), dict):
            try:
                arrived = float(entry.get("arrived") or 0)
            except (TypeError, ValueError):
                continue
            jobs[str(entry["owe"])] = Job(str(entry["owe"]), str(entry.get("kind")),
                                          entry["payload"], arrived, durable=False)
        elif "sent" in entry and entry["sent"] in jobs:
            jobs[entry["sent"]].done = str(entry.get("outcome"))
        elif "saved" in entry:
            jobs.pop(entry["saved"], None)
    return list(jobs.values())
