"""Load and validate knowledge files: one YAML file per comparison table.

Teams edit these files by hand, so every problem is reported as `FILE:LINE: what is
wrong`, all problems at once, and the bot refuses to start on a broken knowledge base.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from bot.compiled import cached

KNOWLEDGE_DIR_ENV = "K8S_COMPARE_KNOWLEDGE_DIR"
# the shipped comparison: the `knowledge` package, installed beside `bot`
SHIPPED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

TOP_KEYS = {
    "title", "subjects", "rows", "summary", "analogy", "examples", "out_of_scope", "source"
}
REQUIRED_TOP_KEYS = ("title", "subjects", "rows")
SUBJECT_KEYS = {"name", "aliases"}
ROW_KEYS = {"feature", "cells", "note", "aliases", "examples", "vocabulary"}
EXAMPLE_KINDS = ("summary", "analogy", "table")  # a row's examples sit on the row itself


class Subject(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()


class Row(NamedTuple):
    """One line of the table. `note` is what the table says of the row as a whole (a sheet's
    "Notes" or "Owner" column), shown once under its cells; `aliases` are other names of the
    row ("HA" for High Availability); `examples` are questions it answers, read as a person
    reads them; `vocabulary` is the older, phrase-list way of tuning and still counts."""

    feature: str
    cells: tuple[str, ...]
    vocabulary: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""


class Topic(NamedTuple):
    """One comparison table: its subjects (columns), rows, summary and analogy."""

    id: str
    title: str
    subjects: tuple[Subject, ...]
    rows: tuple[Row, ...]
    summary: tuple[str, ...] = ()
    analogy: str = ""
    out_of_scope: tuple[str, ...] = ()
    source: str = ""
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, questions) per EXAMPLE_KINDS

    def examples_of(self, kind: str) -> tuple[str, ...]:
        return next((questions for k, questions in self.examples if k == kind), ())

    def title_words(self, with_subjects: bool = False) -> tuple[str, ...]:
        """The words a title adds to its subjects' names ("regions" of "Our AWS regions"
        over three regions): people name the comparison by them too. None for "A vs B".
        `with_subjects`: a subject's words too ("offices" of "Our three offices" beside
        "Leeds (Head Office)"), which name the table beside "table" or "page"."""
        from bot.text import stem, words
        from bot.vocabulary import HEADING_WORDS, STOPWORDS, TITLE_TAIL

        named = {stem(w) for s in self.subjects for n in (s.name, *s.aliases) for w in words(n)}
        head = words(self.title)  # "Cloud regions for new services": "new" names nothing
        joined = self.title.split()[0].count("-") if self.title.split() else 0  # "On-call:"
        head = head[:next((at for at, w in enumerate(head) if w in TITLE_TAIL and at > joined),
                          len(head))]  # opens with a word, not a tail
        named = set() if with_subjects else named
        return tuple(dict.fromkeys(w for w in head if stem(w) not in named  # "paths": a path
                                   and w not in STOPWORDS and w not in HEADING_WORDS))

    def row(self, feature: str) -> Row | None:
        wanted = feature.casefold()
        return next((r for r in self.rows if r.feature.casefold() == wanted), None)


class KnowledgeBase(NamedTuple):
    topics: tuple[Topic, ...]
    version: str = ""  # a hash of the files' contents: which knowledge a replica runs

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


class Problem(NamedTuple):
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """Everything wrong with the knowledge files, one FILE:LINE problem each."""

    def __init__(self, problems: list[Problem] | None = None):
        super().__init__(problems)
        self.problems = problems if problems is not None else []

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def default_knowledge_dir() -> Path:
    """`$K8S_COMPARE_KNOWLEDGE_DIR`, else the knowledge base shipped with the package."""
    configured = os.environ.get(KNOWLEDGE_DIR_ENV)
    if configured:
        return Path(configured)
    return SHIPPED_KNOWLEDGE


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load every `*.yaml` in the directory; raise KnowledgeError listing all problems."""
    directory = Path(directory) if directory is not None else default_knowledge_dir()
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), 0, "knowledge directory not found")])
    files = sorted(directory / name for name in os.listdir(directory) if name.endswith(".yaml"))
    if not files:
        raise KnowledgeError([Problem(str(directory), 0, "no *.yaml knowledge files here")])
    digest = hashlib.sha256()
    for path in files:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError as exc:
            raise KnowledgeError([Problem(str(path), 0, f"cannot read file: {exc}")]) from exc
    version = digest.hexdigest()[:12]
    return cached("knowledge", version, lambda: _parse_all(files, version))


def load_topic(path: Path) -> tuple[Topic | None, list[Problem]]:
    """Parse one knowledge file; return the topic or the problems found in it."""
    from bot.knowledge_file import load_topic as parse

    return parse(path)


def _parse_all(files: list[Path], version: str) -> KnowledgeBase:
    topics, problems = [], []
    for path in files:
        topic, file_problems = load_topic(path)
        problems.extend(file_problems)
        if topic is not None:
            topics.append(topic)
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(tuple(topics), version)


@lru_cache(maxsize=1)
def _shipped_ids() -> frozenset[str]:
    return frozenset(path.stem for path in SHIPPED_KNOWLEDGE.glob("*.yaml"))


def teams_first(topics: tuple[Topic, ...] | list[Topic]) -> list[Topic]:
    """A team's own comparisons before the one shipped beside them: a warehouse's, a
    hotel's and a ramp team's reviewers saw Container vs Kubernetes Cluster open their help
    and its examples."""
    shipped = _shipped_ids()
    return sorted(topics, key=lambda topic: topic.id in shipped)
