"""Turn a message into an Answer: one engine for the CLI and every Slack surface.

How it works, in one pass over the message:
1. clean Slack markup and split into words (`bot.text`);
2. repair typos against the knowledge base's own words with rapidfuzz
   (optimal string alignment, so "contianer" is one edit from "container");
3. stem the words and look up every vocabulary phrase that starts at each word in an
   inverted index: a row's feature name, its vocabulary and its cells' words, the
   summary/analogy/table/help cues, the subjects' aliases and the out-of-scope terms;
4. weigh each hit by how specific it is (a phrase found in one row counts more than one
   found in every row) and pick the answer kind with the most evidence.
The cost is proportional to the words in the message, not to the rows in the table.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answer import (
    REASON_EMPTY,
    REASON_OUT_OF_SCOPE,
    REASON_UNSURE,
    Answer,
    Suggestion,
)
from bot.knowledge import KnowledgeBase, Row, Topic
from bot.text import BOLD, clean_question, english_words, matching_text, stem, words
from bot.vocabulary import (
    FILLER_WORDS,
    GENERIC_OFF_TOPIC_CUES,
    HOW_TO_OPENINGS,
    INTENT_CUES,
    STOPWORDS,
    STRONG,
)

FEATURE_WEIGHT, VOCABULARY_WEIGHT, CELL_WEIGHT = 3.0, 2.0, 0.8
GENERIC_PHRASE_SHARE = 0.6  # "what is", "how many": a hint, not evidence on its own
OFF_TOPIC_WEIGHT = 3.0  # a topic the knowledge file says it does not cover: named in the reply
GENERIC_OFF_TOPIC_WEIGHT = 2.0  # "install", "pricing": how-to and shopping questions
SUBJECT_BONUS = 0.5  # prefer the rows of the comparison whose subjects were named

ROW_MIN = 1.6  # evidence needed to answer with a row
MIN_COVERAGE, UNNAMED_FACTOR = 0.6, 1.5  # see _Decision.threshold
UNSURE_MIN = 0.8  # below this, nothing matched: out of scope
INTENT_MIN = 1.5  # a summary/analogy/table/help answer needs one strong cue, not a weak one
NEAR_TIE = 0.9  # a runner-up this close to the best row is shown too (one at most)
CLAUSE_MIN = ROW_MIN  # the best row of one part of "X, and Y?" is shown when this strong
MAX_ROWS = 3
MAX_CLAUSES = 6
OFF_TOPIC_OVERRIDE = 2.5  # in-scope evidence must be this many times the off-topic evidence
MAX_WORDS = 120
MAX_TYPO_CACHE = 50_000

Phrase = tuple[str, ...]
FILLER_STEMS = frozenset(stem(w) for w in FILLER_WORDS)
CLAUSE_BREAK = re.compile(r"[?;.!,:]+|\b(?:and|also|plus|separately|then)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Doc:
    """Something a message can be about: a row, an intent, a subject or an off-topic term."""

    kind: str
    topic: Topic | None = None
    row: Row | None = None
    term: str = ""


class Matcher:
    """Build once per knowledge base (milliseconds); `match` is then pure and fast."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._docs: list[_Doc] = []
        self._phrases: dict[int, dict[Phrase, float]] = defaultdict(dict)
        self._surface_words: set[str] = set(STOPWORDS)
        self._pairs: set[tuple[str, str]] = set()  # neighbouring words in any phrase
        self._curated: set[tuple[int, Phrase]] = set()
        self._subject_stems: set[str] = set()
        self._analogy_images: list[str] = []
        for topic in kb.topics:
            self._add_topic(topic)
        for kind, cues in INTENT_CUES.items():
            doc = self._new_doc(_Doc(kind))
            images = self._analogy_images if kind == "analogy" else []
            for cue, weight in [*cues.items(), *((image, STRONG) for image in images)]:
                self._add_phrase(doc, cue, weight)
        self._generic_off_topic = self._new_doc(_Doc("offtopic"))
        for cue in GENERIC_OFF_TOPIC_CUES:
            self._add_phrase(self._generic_off_topic, cue, GENERIC_OFF_TOPIC_WEIGHT)
        self._index = self._build_index()
        self._collapse_skip = frozenset(self._subject_stems | FILLER_STEMS)
        self._known_words = sorted(self._surface_words)
        self._length_windows: dict[tuple[int, int], list[str]] = {}
        self._pair_firsts = {first for first, _ in self._pairs}
        self._pair_seconds = {second for _, second in self._pairs}
        self._typo_cache: dict[str, str] = {}

    # ---------------------------------------------------------------- building
    def _new_doc(self, doc: _Doc) -> int:
        self._docs.append(doc)
        return len(self._docs) - 1

    def _add_phrase(
        self, doc: int, phrase: str, weight: float, skip: frozenset = frozenset(), curated=True
    ) -> None:
        tokens = words(phrase)
        self._surface_words.update(tokens)
        self._pairs.update(zip(tokens, tokens[1:], strict=False))
        stems = tuple(stem(t) for t in tokens)
        if not stems or (len(stems) == 1 and stems[0] in skip):
            return
        current = self._phrases[doc].get(stems, 0.0)
        self._phrases[doc][stems] = max(current, weight)
        if curated:
            self._curated.add((doc, stems))

    def _add_topic(self, topic: Topic) -> None:
        subject = self._new_doc(_Doc("subject", topic))
        for s in topic.subjects:
            for name in (s.name, *s.aliases):
                self._add_phrase(subject, name, 1.0)
        subject_stems = frozenset(p[0] for p in self._phrases[subject] if len(p) == 1)
        self._subject_stems |= subject_stems
        cell_skip = subject_stems | {stem(w) for w in STOPWORDS}
        row_docs = []
        for row in topic.rows:
            doc = self._new_doc(_Doc("row", topic, row))
            row_docs.append(doc)
            for cell in row.cells:
                for word in words(cell):
                    if len(word) > 1:
                        self._add_phrase(doc, word, CELL_WEIGHT, cell_skip, curated=False)
            for phrase in row.vocabulary:
                generic = all(w in STOPWORDS for w in words(phrase))
                weight = VOCABULARY_WEIGHT * (GENERIC_PHRASE_SHARE if generic else 1.0)
                self._add_phrase(doc, phrase, weight, subject_stems)
            self._add_phrase(doc, row.feature, FEATURE_WEIGHT, subject_stems)
        for term in topic.out_of_scope:
            doc = self._new_doc(_Doc("offtopic", topic, term=term))
            self._add_phrase(doc, term, OFF_TOPIC_WEIGHT)
        # the analogy's own images ("car", "smart traffic system") ask for the analogy
        self._analogy_images.extend(BOLD.findall(topic.analogy))
        self._weigh_by_specificity(row_docs)

    def _weigh_by_specificity(self, row_docs: list[int]) -> None:
        """Scale each row phrase by how few of the topic's rows share it (an IDF in 0..1).

        A curated phrase (feature name, vocabulary) is compared with other rows' curated
        phrases only: "managed" in three cells must not weaken the Management row's name.
        """
        anywhere: dict[Phrase, int] = defaultdict(int)
        curated: dict[Phrase, int] = defaultdict(int)
        for doc in row_docs:
            for phrase in self._phrases[doc]:
                anywhere[phrase] += 1
                curated[phrase] += (doc, phrase) in self._curated
        total = len(row_docs) + 1
        for doc in row_docs:
            phrases = self._phrases[doc]
            for phrase, weight in phrases.items():
                spread = curated[phrase] if (doc, phrase) in self._curated else anywhere[phrase]
                phrases[phrase] = weight * math.log(total / spread) / math.log(total)

    def _build_index(self) -> dict[str, list[tuple[Phrase, int, float]]]:
        index: dict[str, list[tuple[Phrase, int, float]]] = defaultdict(list)
        for doc, phrases in self._phrases.items():
            for phrase, weight in phrases.items():
                index[phrase[0]].append((phrase, doc, weight))
        return dict(index)

    # ---------------------------------------------------------------- matching
    def correct(self, word: str, before: str = "", after: str = "") -> str:
        """The knowledge base's word this one is a typo of, or the word itself.

        A real English word is kept ("hearing" is not "healing"), unless the repair
        completes a phrase with its neighbour ("self heeling" -> "self healing")."""
        if word in self._surface_words or len(word) < 4 or not word.isalpha():
            return word
        if word in english_words():
            return self._phrase_completing_repair(word, before, after)
        return self._cached_nearest(word)

    def _cached_nearest(self, word: str) -> str:
        cached = self._typo_cache.get(word)
        if cached is None:
            cached = self._nearest_known_word(word)
            if len(self._typo_cache) < MAX_TYPO_CACHE:
                self._typo_cache[word] = cached
        return cached

    def _phrase_completing_repair(self, word: str, before: str, after: str) -> str:
        """A real word's repair, kept only when it pairs with a neighbour in some phrase;
        looked up only when a neighbour could pair at all."""
        if not (before in self._pair_firsts or after in self._pair_seconds):
            return word
        candidate = self._cached_nearest(word)
        pairs = self._pairs
        return candidate if (before, candidate) in pairs or (candidate, after) in pairs else word

    def _nearest_known_word(self, word: str) -> str:
        """One edit away (two for long words); a swap of two letters beats other edits.

        Optimal string alignment counts a swap as one edit, like Damerau-Levenshtein, and
        rapidfuzz computes it bit-parallel; only words of a reachable length are compared."""
        max_edits = 1 if len(word) <= 8 else 2
        candidates = process.extract(
            word, self._words_of_length(len(word), max_edits), scorer=OSA.distance,
            score_cutoff=max_edits, limit=8,
        )
        if not candidates:
            return word
        letters = sorted(word)
        best = min(candidates, key=lambda c: (c[1], sorted(c[0]) != letters, c[0][0] != word[0]))
        return best[0]

    def _words_of_length(self, length: int, spread: int) -> list[str]:
        key = (length, spread)
        if key not in self._length_windows:
            self._length_windows[key] = [
                w for w in self._known_words if abs(len(w) - length) <= spread
            ]
        return self._length_windows[key]

    def _hits(self, stems: list[str]) -> dict[int, dict[Phrase, float]]:
        """Per doc, the distinct phrases found in the message and their weights."""
        found: dict[int, dict[Phrase, float]] = defaultdict(dict)
        for start, first in enumerate(stems):
            for phrase, doc, weight in self._index.get(first, ()):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    found[doc][phrase] = weight
        return found

    def _tokens(self, cleaned: str) -> list[str]:
        """The words of a cleaned message, typos repaired."""
        found = words(cleaned)[:MAX_WORDS]
        padded = ["", *found, ""]
        return [self.correct(w, padded[i], padded[i + 2]) for i, w in enumerate(found)]

    def _explained(self, hits: dict[int, dict[Phrase, float]]) -> set[str]:
        """The stems that some row, cue or subject accounts for."""
        return {
            word for doc, phrases in hits.items() if self._docs[doc].kind != "offtopic"
            for phrase in phrases for word in phrase
        }

    def _coverage(self, tokens: list[str], explained: set[str]) -> float:
        """Share of the message's content words that some row or cue explains: "who do I
        talk to about my laptop charging" mentions talking, but is not about networking."""
        known = english_words()
        content = {  # real words only: a pasted id or a long run of letters says nothing
            stem(t) for t in tokens
            if t not in STOPWORDS and (t in known or t in self._surface_words)
        } - self._subject_stems
        return len(content & explained) / len(content) if content else 1.0

    def _sequences(self, tokens: list[str]) -> list[list[str]]:
        """The stems as written, and again without subject names and filler, so that
        "what is kubernetes even for" also reads as "what is for"."""
        stems = [stem(t) for t in tokens]
        collapsed = [s for s in stems if s not in self._collapse_skip]
        return [stems, collapsed] if len(collapsed) < len(stems) else [stems]

    def _all_hits(self, tokens: list[str]) -> dict[int, dict[Phrase, float]]:
        found: dict[int, dict[Phrase, float]] = defaultdict(dict)
        for sequence in self._sequences(tokens):
            for doc, phrases in self._hits(sequence).items():
                found[doc].update(phrases)
        return found

    def explain(self, text: str) -> list[tuple[str, str, float]]:
        """(what, phrase, weight) for every phrase that matched: for tuning vocabulary."""
        tokens = self._tokens(matching_text(text, clean_question(text)))
        rows = []
        for doc, phrases in self._all_hits(tokens).items():
            d = self._docs[doc]
            what = d.row.feature if d.row else (f"{d.kind}:{d.term}" if d.term else d.kind)
            rows += [(what, " ".join(p), round(w, 2)) for p, w in phrases.items()]
        return sorted(rows, key=lambda r: (r[0], -r[2]))

    def match(self, text: str) -> Answer:
        question = clean_question(text)
        cleaned = matching_text(text, question)
        tokens = self._tokens(cleaned)
        if not tokens:
            return Answer(question, "help", self._default_topic(), score=100, reason=REASON_EMPTY)
        hits = self._all_hits(tokens)
        evidence = {doc: sum(phrases.values()) for doc, phrases in hits.items()}
        explained = self._explained(hits)
        if self._is_foreign_how_to(tokens, explained):
            off_topic = evidence.get(self._generic_off_topic, 0.0)
            evidence[self._generic_off_topic] = off_topic + GENERIC_OFF_TOPIC_WEIGHT
        coverage = self._coverage(tokens, explained)
        clause_rows = lambda: self._clause_rows(cleaned)  # noqa: E731 - only row answers call it
        return _Decision(self, question, evidence, coverage, clause_rows).answer()

    def _clause_rows(self, cleaned: str) -> set[tuple[str, str]]:
        """The best row of each part of "how do X scale, and how do they recover?": a
        question that asks two things gets both rows, one that mentions one in passing not."""
        clauses = CLAUSE_BREAK.split(cleaned)
        if len(clauses) < 2:
            return set()
        best_rows = set()
        for clause in clauses[:MAX_CLAUSES]:
            hits = self._all_hits(self._tokens(clause))
            rows = ranked_rows(self._docs, {d: sum(p.values()) for d, p in hits.items()})
            if rows and rows[0][0] >= CLAUSE_MIN:
                best_rows.add((rows[0][1].topic.id, rows[0][1].row.feature))
        return best_rows

    def _is_foreign_how_to(self, tokens: list[str], explained: set[str]) -> bool:
        """"how do I <verb> ..." whose verb no row or cue explains: a how-to about
        something else ("how do I book a meeting room"), not a question for this table."""
        if "how" not in tokens and "where" not in tokens:
            return False
        for opening in HOW_TO_OPENINGS:
            size = len(opening)
            for start in range(len(tokens) - size):
                if tuple(tokens[start : start + size]) == opening:
                    verb = tokens[start + size]
                    return verb not in STOPWORDS and stem(verb) not in explained
        return False

    def lookup(self, suggestion: Suggestion, question: str = "") -> Answer | None:
        """The answer a button or a suggestion points at, without matching any text."""
        topic = self.kb.topic(suggestion.topic_id)
        if topic is None:
            return None
        if suggestion.kind == "row":
            row = topic.row(suggestion.feature)
            return Answer(question, "row", topic, (row,), 100) if row else None
        if suggestion.kind in ("summary", "analogy", "table", "help"):
            return Answer(question, suggestion.kind, topic, score=100)
        return None

    def _default_topic(self) -> Topic | None:
        return self.kb.topics[0] if self.kb.topics else None


class _Decision:
    """Weighs the evidence for one message and words the Answer."""

    def __init__(
        self,
        matcher: Matcher,
        question: str,
        evidence: dict[int, float],
        coverage: float,
        clause_rows: Callable[[], set[tuple[str, str]]],
    ):
        self.matcher, self.question, self.coverage = matcher, question, coverage
        self.clause_rows = clause_rows  # the best row of each part; only row answers ask
        docs = matcher._docs
        self.by_kind: dict[str, list[tuple[float, _Doc]]] = defaultdict(list)
        for doc_id, score in evidence.items():
            self.by_kind[docs[doc_id].kind].append((score, docs[doc_id]))
        self.named_topics = {d.topic.id for _, d in self.by_kind["subject"]}
        self.rows = ranked_rows(docs, evidence)

    def threshold(self, base: float) -> float:
        """Ask for more evidence when the message names no subject and is mostly about
        other things: one loose word ("talk", "difference") is not a question for us."""
        if self.named_topics or self.coverage >= MIN_COVERAGE:
            return base
        return base * UNNAMED_FACTOR

    def best(self, kind: str) -> float:
        return max((s for s, _ in self.by_kind[kind]), default=0.0)

    def topic(self) -> Topic | None:
        """The comparison the message is about: the one it names, else its best row's."""
        subjects = sorted(self.by_kind["subject"], key=lambda pair: -pair[0])
        if subjects:
            return subjects[0][1].topic
        if self.rows:
            return self.rows[0][1].topic
        return self.matcher._default_topic()

    def off_topic(self) -> tuple[float, str]:
        """Evidence that the message is about something the focused comparison leaves out,
        and the term to name. Another comparison's gaps do not count against this one."""
        focus = self.rows[0][1].topic if self.rows else self.topic()
        hits = [(s, d) for s, d in self.by_kind["offtopic"] if d.topic in (None, focus)]
        named = max((pair for pair in hits if pair[1].term), key=lambda p: p[0], default=None)
        return sum(s for s, _ in hits), named[1].term if named else ""

    def answer(self) -> Answer:
        row_score = self.rows[0][0] if self.rows else 0.0
        off_topic, term = self.off_topic()
        intents = {kind: self.best(kind) for kind in ("summary", "analogy", "table", "help")}
        kind, score = max([("row", row_score), *intents.items()], key=lambda pair: pair[1])
        if off_topic and score < off_topic * OFF_TOPIC_OVERRIDE:
            return self.none(REASON_OUT_OF_SCOPE, term)
        if kind != "row" and score < self.threshold(INTENT_MIN):
            kind, score = "row", row_score
        if score < UNSURE_MIN:
            return self.none(REASON_OUT_OF_SCOPE)
        if kind == "row" and score < self.threshold(ROW_MIN):
            # near a row: ask which; mostly about other things ("what's for lunch"): say so
            mostly_ours = self.named_topics or self.coverage >= MIN_COVERAGE
            return self.none(REASON_UNSURE if mostly_ours else REASON_OUT_OF_SCOPE)
        if kind == "row":
            return self.row_answer()
        return Answer(self.question, kind, self.topic(), score=confidence(score))

    def row_answer(self) -> Answer:
        """The best row, the best row of each part of a many-part question, and one
        runner-up that is as good as tied, most relevant first."""
        best_score, best = self.rows[0]
        chosen, tie_shown = [best.row], False
        clause_rows = self.clause_rows() if len(self.rows) > 1 else set()
        for score, doc in self.rows[1:]:
            if doc.topic is not best.topic or len(chosen) == MAX_ROWS:
                continue
            if (doc.topic.id, doc.row.feature) in clause_rows:
                chosen.append(doc.row)
            elif score >= NEAR_TIE * best_score and not tie_shown:
                chosen.append(doc.row)
                tie_shown = True
        return Answer(self.question, "row", best.topic, tuple(chosen), confidence(best_score))

    def none(self, reason: str, term: str = "") -> Answer:
        topic = self.topic()
        suggestions = [
            Suggestion("row", d.topic.id, d.row.feature)
            for s, d in self.rows[:3] if s >= UNSURE_MIN / 2
        ]
        if topic is not None and len(suggestions) < 3:
            suggestions += [Suggestion(k, topic.id) for k in ("summary", "analogy", "table")]
        # unsure: how close the nearest row came; out of scope: no confidence in any row
        score = confidence(self.rows[0][0]) if self.rows and reason == REASON_UNSURE else 0
        return Answer(self.question, "none", topic, (), score, tuple(suggestions[:4]), reason, term)


def ranked_rows(docs: list[_Doc], evidence: dict[int, float]) -> list[tuple[float, _Doc]]:
    """The rows with evidence, strongest first, each with the bonus for naming the
    subjects of its comparison."""
    named = {docs[d].topic.id for d in evidence if docs[d].kind == "subject"}
    rows = [
        (score + (SUBJECT_BONUS if docs[d].topic.id in named else 0.0), docs[d])
        for d, score in evidence.items() if docs[d].kind == "row"
    ]
    return sorted(rows, key=lambda pair: -pair[0])


def confidence(evidence: float) -> int:
    """Map summed evidence onto 0-100: 1.6 (just enough for a row) is about 50."""
    return round(100 * (1 - math.exp(-evidence / 2.3)))
