"""What each row, answer kind and table word means, as sentence vectors: relatedness that no
word list holds.

Every row is represented by its name, each cell (alone and under the row's name and its
subject), a question in the table's own words ("What is the difference in boot time between
A and B?") and any examples a maintainer wrote; each answer kind by the generic ways of asking
for it (`bot.vocabulary.KIND_EXAMPLES`) and the table's own examples. A question's similarity
to a row is its best similarity to each kind of the row's texts, and its average over all.

The vectors are made on first use (a fraction of a second for a small table) and kept in a
cache file named by the texts' and the model's hash, so a restart or a second replica on the
same volume reads them instead of encoding again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.compiled import KEEP, prune
from bot.compiled import cache_dir as default_cache
from bot.embedding import Embedder, default_embedder, similarity
from bot.knowledge import KnowledgeBase, Topic
from bot.text import words
from bot.vocabulary import KIND_EXAMPLES, STOPWORDS

log = logging.getLogger(__name__)

LARGE_TABLE_ROWS = 500  # beyond this, one text a row keeps encoding time in check
ROW_QUESTION = "What is the difference in {feature} between {a} and {b}?"
SOFT_FLOOR = 0.4  # word similarity below this says nothing
TOP_ROWS = 24  # a question is compared in detail with this many of its closest rows

RowKey = tuple[str, str]  # (topic id, row name)
KindKey = tuple[str, str]  # (topic id or "", kind)


ROW_TEXT_KINDS = ("name", "cell", "question", "example")


@dataclass(frozen=True)
class SemanticScores:
    """Best similarity to each row's texts of each kind, and to each answer kind."""

    rows: dict[RowKey, dict[str, float]]  # row -> {"name"|"cell"|"question"|"example": sim}
    kinds: dict[KindKey, float]
    # row -> average similarity over all its texts: a row whose texts all come close fits
    # better than one with a single lucky text
    means: dict[RowKey, float] = field(default_factory=dict)

    def row(self, key: RowKey) -> float:
        return max(self.rows.get(key, {}).values(), default=0.0)


@dataclass(frozen=True)
class Meaning:
    """What the semantic layer says of one question: its similarity to every row and kind,
    the same for each of its parts, and each unfamiliar word's nearest table word."""

    whole: SemanticScores
    parts: tuple[SemanticScores, ...]  # each part of a question that asks several things
    kin: dict[str, tuple[str, float]]
    soft_rows: dict[RowKey, float]  # how near the unfamiliar words come to a row's words
    vector: Any = None  # the question's own unit vector: how it is phrased, whatever the table
    by_topic: dict[str, Meaning] = field(default_factory=dict)  # each table's own, when several

    def of(self, topic_id: str) -> Meaning:
        """What one table's vectors say of the question (all of it, with one table)."""
        return self.by_topic.get(topic_id, self)


def row_texts(topic: Topic) -> list[tuple[str, str, str]]:
    """(row name, kind of text, text) for every text that stands for a row."""
    names = [s.name for s in topic.subjects]
    pair = (names + names)[:2]
    large = len(topic.rows) > LARGE_TABLE_ROWS
    texts = []
    for row in topic.rows:
        f = row.feature
        question = ROW_QUESTION.format(a=pair[0], b=pair[1], feature=f.lower())
        if large:  # one text a row: a 10,000-row table encodes in a minute, once
            texts.append((f, "cell", f"{f}: {' / '.join(row.cells)}"))
            continue
        texts += [(f, "name", name) for name in (f, *row.aliases)]
        texts += [(f, "cell", cell) for cell in (*row.cells, row.note) if cell]
        texts += [(f, "cell", f"{f} of {n}: {c}") for n, c in zip(names, row.cells, strict=False)]
        texts += [(f, "question", question), *((f, "example", e) for e in row.examples)]
    return texts


def kind_texts(topic: Topic) -> list[tuple[str, str]]:
    """A table's own examples of asking for its summary, analogy or table. (The summary's
    own sentences are not among them: they are about the subjects, like every row.)"""
    return [(kind, e) for kind in KIND_EXAMPLES for e in topic.examples_of(kind)]


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()}


class SemanticIndex:
    """The vectors of one knowledge base; thread-safe; encodes on first use only."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder | None = None,
                 cache_dir: Path | None = None):
        self.embedder = embedder or default_embedder()
        self.cache_dir = cache_dir if cache_dir is not None else default_cache()
        self.cache_keep = KEEP  # vector files kept in the folder (more when many tables)
        # ("row", (RowKey, kind of text)) | ("kind", KindKey), one per text
        self.owners: list[tuple[str, object]] = []
        texts: list[str] = []
        for kind, examples in KIND_EXAMPLES.items():
            for text in examples:
                self.owners.append(("kind", ("", kind)))
                texts.append(text)
        table_words: set[str] = set()
        words_of_row: dict[RowKey, set[str]] = {}
        for topic in kb.topics:
            for feature, text_kind, text in row_texts(topic):
                self.owners.append(("row", ((topic.id, feature), text_kind)))
                texts.append(text)
            for kind, text in kind_texts(topic):
                self.owners.append(("kind", (topic.id, kind)))
                texts.append(text)
            large = len(topic.rows) > LARGE_TABLE_ROWS
            for row in topic.rows:
                found = set()
                texts_of_row = (row.feature, *row.aliases) if large else (
                    row.feature, *row.cells, row.note, *row.examples, *row.aliases)
                for text in texts_of_row:
                    found |= content_words(text)
                words_of_row[(topic.id, row.feature)] = found
                table_words |= found
        self.words = sorted(table_words)
        self._position = position = {w: i for i, w in enumerate(self.words)}
        self.row_words = {key: [position[w] for w in found] for key, found in
                          words_of_row.items()}
        self.row_name_words = {topic.id: sorted({  # ("pricing" of a "Pricing" row)
            position[w] for row in topic.rows for name in (row.feature, *row.aliases)
            for w in content_words(name)}) for topic in kb.topics}
        self.texts = texts
        self.row_keys = list(dict.fromkeys(o[0] for w, o in self.owners if w == "row"))
        self._vectors = self._word_vectors = None
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._vectors is not None

    def _load(self) -> None:
        import numpy as np

        with self._lock:
            if self._vectors is not None:
                return
            everything = self.texts + self.words
            vectors = self._read_cache(everything)
            if vectors is None:
                vectors = self.embedder.encode(everything)
                self._write_cache(everything, vectors)
            self._group(np)
            self._word_vectors = vectors[len(self.texts) :]
            self._vectors = vectors[: len(self.texts)]  # last: readers wait for this one

    def _group(self, np) -> None:
        """Texts grouped by what they stand for (a row's name, its cells, its questions,
        its examples; an answer kind), so that one question's best similarity per group is
        one numpy call, however large the table."""
        row_id = {key: i for i, key in enumerate(self.row_keys)}
        labels = list(dict.fromkeys(self.owners))  # ("row", (key, kind)) | ("kind", key)
        group_of = {label: g for g, label in enumerate(labels)}
        texts_by_group = sorted(range(len(self.owners)), key=lambda i: group_of[self.owners[i]])
        self._order = np.array(texts_by_group, dtype=np.int64)
        counts = np.bincount([group_of[self.owners[i]] for i in texts_by_group],
                             minlength=len(labels))
        self._starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        self._labels = labels
        self._group_row = np.array([row_id[label[1][0]] if label[0] == "row" else -1
                                    for label in labels], dtype=np.int64)
        self._texts_of_row = np.bincount(self._group_row[self._group_row >= 0],
                                         weights=counts[self._group_row >= 0],
                                         minlength=len(self.row_keys))
        self._groups_of_row = [[] for _ in self.row_keys]
        for g, r in enumerate(self._group_row.tolist()):
            if r >= 0:
                self._groups_of_row[r].append(g)
        # every row's groups side by side (each row has one at least, its name): a row's best
        # similarity is then one reduceat, not a slow ufunc.at over every group
        self._row_groups = np.array([g for groups in self._groups_of_row for g in groups],
                                    dtype=np.int64)
        self._row_group_starts = np.cumsum([0] + [len(g) for g in self._groups_of_row[:-1]])
        self._kind_groups = np.flatnonzero(self._group_row < 0).tolist()

    def warm(self) -> None:
        """Encode now (a server does this in the background at start)."""
        self._load()

    def scores(self, texts: list[str]) -> list[SemanticScores]:
        """Each text's similarity to every row and kind, the texts encoded in one batch."""
        return self._encoded_scores(texts)[1]

    def _encoded_scores(self, texts: list[str]) -> tuple[Any, list[SemanticScores]]:
        self._load()
        vectors = self.embedder.encode_cached(texts)
        return vectors, [self._scores(row) for row in similarity(vectors, self._vectors)]

    def meaning(self, question: str, parts: list[str], unfamiliar: list[str]) -> Meaning:
        """The question's (and its parts') similarity to every row and kind, and each
        unfamiliar word's nearest table word ("ram" -> ("memory", 0.73)); the words go in a
        batch of their own, short, so padded short."""
        encoded = [question, *(p for p in parts if p)]  # "": a part left to its words alone
        vectors, scores = self._encoded_scores(encoded)
        found = iter(scores)
        whole = next(found)
        by_part = [next(found) if p else SemanticScores({}, {}) for p in parts]
        kin, soft = {}, {}
        if unfamiliar and self.words:
            sims = similarity(self.embedder.encode_cached(unfamiliar), self._word_vectors)
            for word, row in zip(unfamiliar, sims, strict=True):
                best = int(row.argmax())
                kin[word] = (self.words[best], float(row[best]))
            for key in whole.rows:  # the rows worth a look, not all 10,000
                columns = self.row_words.get(key)
                if columns:
                    nearest = sims[:, columns].max(axis=1) - SOFT_FLOOR
                    soft[key] = float(nearest.clip(min=0).sum())
        return Meaning(whole, tuple(by_part), kin, soft, vectors[0])

    def closeness_to_row_names(self, word: str, topic_id: str) -> float:
        """How near in meaning a word is to the nearest word of a table's row names ("cost"
        to a row's "pricing" 0.77, "version" to it 0.23): its own vector when it is a table
        word too, else one encoded alone (and remembered)."""
        import numpy as np

        chosen = self.row_name_words.get(topic_id)
        if not chosen:
            return 0.0
        self._load()
        vector = (self._word_vectors[self._position[word]] if word in self._position
                  else self.embedder.encode_cached([word])[0])
        return float(np.max(self._word_vectors[chosen] @ vector))

    def _scores(self, sims) -> SemanticScores:
        """The closest rows (all of a small table, the best TOP_ROWS of a big one), each
        with its best similarity per kind of text and its average, and every answer kind's."""
        import numpy as np

        ordered = sims[self._order]
        best = np.maximum.reduceat(ordered, self._starts)  # one value a group
        is_row = self._group_row >= 0
        mean = np.bincount(self._group_row[is_row],
                           weights=np.add.reduceat(ordered, self._starts)[is_row],
                           minlength=len(self.row_keys)) / self._texts_of_row
        if len(self.row_keys) > TOP_ROWS:  # a big table: only its closest rows, in detail
            row_sims = np.maximum.reduceat(best[self._row_groups], self._row_group_starts)
            chosen = np.argpartition(-row_sims, TOP_ROWS)[:TOP_ROWS].tolist()
            wanted = [g for r in chosen for g in self._groups_of_row[r]] + self._kind_groups
            values = dict(zip(wanted, best[wanted].tolist(), strict=True))
            means = dict(zip(chosen, mean[chosen].tolist(), strict=True))
        else:
            chosen, values, means = range(len(self.row_keys)), best.tolist(), mean.tolist()
        labels = self._labels
        rows = {self.row_keys[r]: {labels[g][1][1]: values[g] for g in self._groups_of_row[r]}
                for r in chosen}
        kinds = {labels[g][1]: values[g] for g in self._kind_groups}
        return SemanticScores(rows, kinds, {self.row_keys[r]: means[r] for r in chosen})

    # ---------------------------------------------------------------- cache
    def _cache_path(self, texts: list[str]) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(model_fingerprint(self.embedder).encode())
        digest.update("\0".join(texts).encode())
        return self.cache_dir / f"vectors-{digest.hexdigest()[:20]}.npy"

    def _read_cache(self, texts: list[str]):
        import numpy as np

        path = self._cache_path(texts)
        try:
            if path is not None and path.exists():
                vectors = np.load(path)
                if vectors.shape[0] == len(texts):
                    return vectors
        except (OSError, ValueError) as exc:
            log.warning("semantic cache %s unreadable (%s); encoding again", path, exc)
        return None

    def _write_cache(self, texts: list[str], vectors) -> None:
        import numpy as np

        path = self._cache_path(texts)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as out:
                np.save(out, vectors)
            partial.replace(path)
            prune(path.parent, "vectors-*.npy", self.cache_keep)
        except OSError as exc:  # a read-only file system: keep the vectors in memory only
            log.info("semantic cache not written to %s: %s", path, exc)


class SemanticLayer:
    """One `SemanticIndex` a table, whatever else is loaded: the 8-bit model scales each
    run's activations together, so encoding every table's texts in one batch made a table's
    vectors (and answers) shift when a team added a table beside it. Encoded on its own, a
    table's vectors are the ones it was measured and fitted with, and its cache file is
    shared with any other set of tables it is loaded with. The question is encoded once."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder | None = None,
                 cache_dir: Path | None = None):
        embedder = embedder or default_embedder()
        self.indexes = {t.id: SemanticIndex(KnowledgeBase((t,), kb.version), embedder, cache_dir)
                        for t in kb.topics}
        for index in self.indexes.values():  # a file a table: twenty tables must not evict
            index.cache_keep = KEEP + len(self.indexes)  # each other's at every start

    @property
    def ready(self) -> bool:
        return all(index.ready for index in self.indexes.values())

    def warm(self) -> None:
        for index in self.indexes.values():
            index.warm()

    def scores(self, texts: list[str]) -> list[SemanticScores]:
        per_table = [index.scores(texts) for index in self.indexes.values()]
        return [merged(scores) for scores in zip(*per_table, strict=True)] if per_table else []

    def meaning(self, question: str, parts: list[str], unfamiliar: list[str]) -> Meaning:
        """Each table's meaning of the question, and all of them merged (the rows of every
        table; an unfamiliar word's nearest word in any table)."""
        by_topic = {topic_id: index.meaning(question, parts, unfamiliar)
                    for topic_id, index in self.indexes.items()}
        if len(by_topic) <= 1:
            return next(iter(by_topic.values()), Meaning(SemanticScores({}, {}), (), {}, {}))
        meanings = list(by_topic.values())
        kin: dict[str, tuple[str, float]] = {}
        for meaning in meanings:
            for word, found in meaning.kin.items():
                if found[1] > kin.get(word, ("", -1.0))[1]:
                    kin[word] = found
        return Meaning(
            merged([m.whole for m in meanings]),
            tuple(merged(list(p)) for p in zip(*(m.parts for m in meanings), strict=True)),
            kin, {k: v for m in meanings for k, v in m.soft_rows.items()}, meanings[0].vector,
            by_topic)


def merged(scores: list[SemanticScores]) -> SemanticScores:
    """Several tables' scores as one: their rows side by side (each keyed by its table), the
    ways of asking for a kind of answer at their best."""
    rows, kinds, means = {}, {}, {}
    for each in scores:
        rows.update(each.rows)
        means.update(each.means)
        for key, sim in each.kinds.items():
            kinds[key] = max(sim, kinds.get(key, sim))
    return SemanticScores(rows, kinds, means)


def model_fingerprint(embedder: Embedder) -> str:
    sums = embedder.model_dir / "SHA256SUMS"
    return sums.read_text("utf-8") if sums.exists() else str(embedder.model_dir)

