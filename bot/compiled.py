"""Compiled knowledge, cached on the files' contents: a 10,000-row table is read from a
cache file in a fraction of the time parsing its YAML and indexing its words take, and a
terminal question starts answering sooner.

Each entry is named by what it was made from (the knowledge files' bytes, and the source
of the code that made it), so an edited file or a new version of the bot never reads a
stale entry. The cache lives with the semantic layer's vectors (`$K8S_COMPARE_CACHE_DIR`,
else the user's cache folder); it must be writable by the bot's user alone, as entries are
Python pickles. Where it cannot be written (a read-only file system), everything is built
in memory as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_DIR_ENV = "K8S_COMPARE_CACHE_DIR"
HERE = Path(__file__).resolve().parent
KEEP = 16  # entries of each kind kept in the cache folder
# the modules whose code decides what a compiled entry holds
SOURCES = ("knowledge.py", "knowledge_file.py", "lexical.py", "vocabulary.py", "text.py",
           "compiled.py")


def cache_dir() -> Path | None:
    """`$K8S_COMPARE_CACHE_DIR`, else the user's cache folder; empty disables the cache."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "k8s-compare"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The entry `kind`-`key` from the cache, or `build()` saved there for next time."""
    folder = cache_dir()
    path = folder / f"{kind}-{code_fingerprint()}-{key}.pickle" if folder else None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as stored:
                return pickle.load(stored)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            _log().info("compiled knowledge %s unreadable (%s); building it again", path, exc)
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
            prune(folder, f"{kind}-*.pickle")
        except OSError as exc:
            _log().info("compiled knowledge not cached in %s: %s", folder, exc)
    return value


def prune(folder: Path, pattern: str, keep: int = KEEP) -> None:
    """Delete all but the `keep` newest entries like `pattern`: knowledge that was edited
    and versions of the bot that were replaced leave entries nobody will read again."""
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[keep:]:
        stale.unlink(missing_ok=True)


def _log():
    import logging  # only when something goes wrong: a terminal question does not pay for it

    return logging.getLogger(__name__)
