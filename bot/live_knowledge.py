"""Knowledge that changes without a restart: a new version of the files is loaded, checked
and warmed up beside the one in use, then swapped in with one assignment.

Every running bot watches `$K8S_COMPARE_KNOWLEDGE_DIR`: a ConfigMap update (Kubernetes swaps
the `..data` symlink) or an editor rewriting a file changes what `os.stat` says, and the
next poll (every POLL_SECONDS) reloads; SIGHUP asks for a reload at once. Polling a handful
of `stat` calls costs nothing and needs no inotify library.

A request reads `current` once and uses that pair (knowledge base, matcher) to the end, so
an answer in flight finishes on the knowledge it started with, and no request ever sees a
half-built reload. A broken version never replaces a good one: the bot keeps answering from
the last good knowledge, logs each `FILE:LINE: problem` once, and says so in its metrics.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import NamedTuple

from bot.knowledge import KnowledgeBase, KnowledgeError, default_knowledge_dir, load_knowledge
from bot.matcher import Matcher

POLL_SECONDS = 2.0  # well inside the 30 s a ConfigMap change may take to be answered from

log = logging.getLogger("bot.knowledge")


class Loaded(NamedTuple):
    """One version of the knowledge and the matcher built from it: read together."""

    kb: KnowledgeBase
    matcher: Matcher


class NoMetrics:
    def knowledge_loaded(self, version: str) -> None:
        pass

    def knowledge_failed(self, broken: bool) -> None:
        pass


def fingerprint(directory: Path) -> tuple:
    """What changes when any knowledge file does: each file's real path (a ConfigMap's
    symlink swap), inode, size and modification time. Cheap: no file is read."""
    try:
        found = []
        for path in sorted(directory.glob("*.yaml")):
            stat = path.stat()
            found.append((path.name, os.path.realpath(path), stat.st_ino, stat.st_size,
                          stat.st_mtime_ns))
        return (os.path.realpath(directory), tuple(found))
    except OSError as error:  # a swap under way, or the folder gone: try again next poll
        return ("unreadable", type(error).__name__)


class LiveKnowledge:
    """The knowledge in use (`current`), reloaded from `directory` when its files change."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None, *,
                 directory: Path | str | None = None, metrics=None,
                 poll_seconds: float = POLL_SECONDS):
        self.current = Loaded(kb, matcher if matcher is not None else Matcher(kb))
        self.directory = Path(directory) if directory is not None else default_knowledge_dir()
        self.metrics = metrics or NoMetrics()
        self.poll_seconds = poll_seconds
        self._seen = fingerprint(self.directory)
        self._reported: set[str] = set()  # problems already logged for the broken files
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # one reload at a time (the poll and a SIGHUP)
        self._thread: threading.Thread | None = None
        self.metrics.knowledge_loaded(kb.version)
        self.metrics.knowledge_failed(False)

    @property
    def kb(self) -> KnowledgeBase:
        return self.current.kb

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="knowledge-watch",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def reload_soon(self) -> None:
        """SIGHUP: reload now, whether or not the files look changed. Safe in a signal
        handler: it only sets an event."""
        self._wake.set()

    def _watch(self) -> None:
        while not self._stopping.is_set():
            forced = self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.check(force=forced)
            except Exception:  # a bug must not end the watching for good
                log.exception("Checking the knowledge files failed; trying again")

    def check(self, force: bool = False) -> bool:
        """Reload if the files changed (or `force`); True when a new version is in use."""
        seen = fingerprint(self.directory)
        if seen == self._seen and not force:
            return False
        self._seen = seen
        return self.reload()

    def reload(self) -> bool:
        with self._lock:
            try:
                kb = load_knowledge(self.directory)
            except KnowledgeError as error:
                self._failed(error)
                return False
            self._reported.clear()
            self.metrics.knowledge_failed(False)
            old = self.current.kb
            if kb.version == old.version:  # said, so an admin's SIGHUP is seen to be heard
                log.info("Knowledge checked: unchanged, version %s", old.version)
                return False
            matcher = Matcher(kb)
            _warm(matcher)
            self.current = Loaded(kb, matcher)  # the one reference every request reads
        self.metrics.knowledge_loaded(kb.version)
        rows = sum(len(t.rows) for t in kb.topics)
        log.info("Knowledge reloaded: version %s (was %s), %d comparison(s), %d rows",
                 kb.version, old.version, len(kb.topics), rows,
                 extra={"fields": {"version": kb.version, "previous": old.version}})
        return True

    def _failed(self, error: KnowledgeError) -> None:
        new = [str(p) for p in error.problems if str(p) not in self._reported]
        if new:
            log.error("Knowledge files are broken; still answering from version %s",
                      self.current.kb.version,
                      extra={"fields": {"version": self.current.kb.version}})
        for problem in new:
            log.error("%s", problem)
        self._reported.update(new)
        self.metrics.knowledge_failed(True)


def _warm(matcher: Matcher) -> None:
    """Encode the new version's vectors before it answers anyone, so the first question
    after a reload is as quick as any; a failure here is the matcher's to report later."""
    semantic = getattr(matcher, "semantic", None)
    if semantic is None or not hasattr(semantic, "warm"):
        return
    try:
        semantic.warm()
    except Exception as error:  # noqa: BLE001 - answering still works without the vectors
        log.warning("Could not warm up the new knowledge's vectors (%s); they will be "
                    "encoded on first use", type(error).__name__)
