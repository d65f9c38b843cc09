"""Turn a message into an Answer: one engine for the CLI and every Slack surface.

It reads a message the way a fair teacher holding the comparison tables would:
1. clean Slack markup; in a long message, keep the sentence(s) that ask (`bot.reading`);
2. collect the tables' own words found in it (`bot.lexical`): row names and aliases, the
   words of cells and examples, answer-kind cues ("tl;dr", "analogy"), subject names;
3. read what it asks (`bot.reading`) and judge that against the table: two things compared
   that are not the table's subjects, a thing to define that the table never names, a product
   it never mentions, a fix-my-setup, how-to, advice or roadmap question: evidence that the
   table does not answer it, however many of its words the question shares;
4. when the words do not settle it, compare meanings (`bot.semantic`): the question against
   every row's texts and every answer kind's examples, and its unfamiliar words against the
   table's words ("ram" ~ "memory"). The model is loaded on the first such question only;
5. decide: the best row (and the row of each part of a two-part question), a summary,
   analogy, table or help answer, "beyond this table" with the closest rows as choices,
   "which comparison?" when two tables fit equally, or out of scope.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.answer import (
    REASON_EMPTY,
    REASON_OUT_OF_SCOPE,
    REASON_RELATED,
    REASON_UNSURE,
    REASON_WHICH_TOPIC,
    Answer,
    Suggestion,
)
from bot.knowledge import KnowledgeBase, Row, Topic
from bot.lexical import Doc, LexicalIndex, Phrase, nearest_word
from bot.reading import CLAUSE_END, Reading, question_part, read
from bot.semantic import Meaning, SemanticIndex
from bot.text import clean_question, english_words, matching_text, stem, words
from bot.vocabulary import HOW_TO_OPENINGS, ROW_KINDS, STOPWORDS

INTENTS = ("summary", "analogy", "table", "help")
SUBJECT_BONUS = 0.5  # prefer the rows of the comparison whose subjects were named
ROW_KIND_BONUS = 2.0  # "what is X?" -> a Definition-like row; "when should I..." -> Use Case
ROW_MIN = 1.0  # evidence needed to answer with a row
MIN_COVERAGE, UNNAMED_FACTOR = 0.5, 2.0  # see _Case.threshold
UNSURE_MIN = 0.8  # below this, nothing matched: out of scope
INTENT_MIN = 1.5  # a summary/analogy/table/help answer needs one strong cue, not a weak one
NEAR_TIE = 0.6  # a runner-up this close to the best row is shown too (one at most)
CLAUSE_MIN = ROW_MIN  # the best row of one part of "X, and Y?" is shown when this strong
MAX_ROWS = 3
MAX_CLAUSES = 6
BEYOND_OVERRIDE = 2.5  # an answer needs this many times the evidence that it is beyond us
FOREIGN_SIDE = 1.5  # "difference between a node and a pod": not this table's subjects
FOREIGN_FOCUS = 2.0  # "what is a statefulset?": a thing the table never names
FOREIGN_WORD = 1.5  # a name the table never mentions and the dictionary does not know
MAX_FOREIGN_WORDS = 2
QUESTION_TYPES = {  # a troubleshooting, how-to, advice, roadmap or "where to read" question
    "troubleshooting": 2.0, "how_to": 2.0, "advice": 2.0, "product": 3.0, "reading": 2.0,
}
FOREIGN_HOW_TO = 2.0  # "how do I book a room": a how-to whose verb no table explains
PROCEDURAL = 1.3  # any other "how do I ...": steps, more often than a difference
RELATED_MIN = 0.8  # a row this close is offered when a question is beyond the table

# meaning: similarity above a floor becomes evidence on the lexical scale
SEMANTIC_ROW_FLOOR, SEMANTIC_ROW_WEIGHT = 0.28, 8.0  # see semantic_evidence
SEMANTIC_KIND_FLOOR, SEMANTIC_KIND_WEIGHT = 0.27, 8.0
WORD_KNOWN = 0.55  # an unfamiliar word this close to a table word is that word's kin
NAME_KNOWN = 0.7  # the same for a word the dictionary does not know (a product's name)
CONFIDENT_ROW = 3.6  # a row this well evidenced by the table's words needs no model
TOPIC_TIE = 0.85  # two tables this close, neither named: ask which one

CLAUSE_BREAK = re.compile(r"[?;.!,:]+|\b(?:and|also|plus|separately|then)\b", re.IGNORECASE)
GENERIC_HEADS = frozenset("one ones other both two them it they each either".split())


@dataclass
class _TopicView:
    """The evidence for answering from one table."""

    topic: Topic
    rows: list[tuple[float, Doc]] = field(default_factory=list)  # strongest first
    kinds: dict[str, float] = field(default_factory=dict)
    beyond: float = 0.0
    beyond_terms: list[str] = field(default_factory=list)
    named: float = 0.0  # how much of its subjects the message names

    @property
    def best_row(self) -> float:
        return self.rows[0][0] if self.rows else 0.0

    @property
    def best(self) -> tuple[str, float]:
        return max([("row", self.best_row), *self.kinds.items()], key=lambda pair: pair[1])


class Matcher:
    """Build once per knowledge base (milliseconds); `match` is then pure and fast."""

    def __init__(self, kb: KnowledgeBase, semantic: SemanticIndex | None = None):
        self.kb = kb
        self.lexical = LexicalIndex(kb)
        self.semantic = semantic if semantic is not None else SemanticIndex(kb)
        self._row_docs = {(d.topic.id, d.row.feature): i for i, d in enumerate(self.lexical.docs)
                          if d.kind == "row"}
        self._row_kinds = {key: kind for key in self._row_docs
                           if (kind := row_kind(key[1])) is not None}

    def match(self, text: str, topic_id: str = "") -> Answer:
        """The answer to one message; `topic_id` answers from that comparison only."""
        question = clean_question(text)
        asked = question_part(matching_text(text, question))
        tokens = self.lexical.tokens(asked)
        if not tokens:
            return Answer(question, "help", self._default_topic(), score=100, reason=REASON_EMPTY)
        case = _Case(self, question, asked, tokens, topic_id)
        answer = case.decide(final=False)
        if answer is None:
            case.add_meaning(self.semantic.meaning(" ".join(tokens), case.part_texts(),
                                                   case.unfamiliar()))
            answer = case.decide(final=True)
        return answer

    def explain(self, text: str) -> list[tuple[str, str, float]]:
        """(what, evidence, weight) for every piece of evidence: for tuning knowledge."""
        question = clean_question(text)
        tokens = self.lexical.tokens(question_part(matching_text(text, question)))
        case = _Case(self, question, question, tokens, "")
        case.add_meaning(self.semantic.meaning(" ".join(tokens), case.part_texts(),
                                               case.unfamiliar()))
        return case.explanation()

    def lookup(self, suggestion: Suggestion, question: str = "") -> Answer | None:
        """The answer a button or a suggestion points at, without matching any text."""
        topic = self.kb.topic(suggestion.topic_id)
        if topic is None:
            return None
        if suggestion.kind == "row":
            row = topic.row(suggestion.feature)
            return Answer(question, "row", topic, (row,), 100) if row else None
        if suggestion.kind in INTENTS:
            return Answer(question, suggestion.kind, topic, score=100)
        if suggestion.kind == "topic":
            return self.match(question, topic.id) if question else None
        return None

    def _default_topic(self) -> Topic | None:
        return self.kb.topics[0] if self.kb.topics else None


def row_kind(feature: str) -> str | None:
    """Which common kind of row a row name is ("Use Case", "When to use" -> use_case)."""
    name = tuple(stem(w) for w in words(feature))
    for kind, (names, _) in ROW_KINDS.items():
        for candidate in names:
            stems = tuple(stem(w) for w in words(candidate))
            if name == stems or (len(stems) > 1 and _contains(name, stems)):
                return kind
    return None


def _contains(words_: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words_[i : i + size] == phrase for i in range(len(words_) - size + 1))


class _Case:
    """One message being decided: the evidence, per table, for every possible answer."""

    def __init__(self, matcher: Matcher, question: str, asked: str, tokens: list[str],
                 topic_id: str):
        self.m, self.question, self.asked, self.tokens = matcher, question, asked, tokens
        self.stems = [stem(t) for t in tokens]
        self.hits = matcher.lexical.hits(tokens)
        clauses = [matcher.lexical.tokens(c) for c in CLAUSE_END.split(asked)]
        self.reading: Reading = read([c for c in clauses if c])
        self.meaning: Meaning | None = None
        self.pending = False  # a judgment waits for meaning (an unfamiliar word's kin)
        self.kin: dict[str, tuple[str, float]] = {}  # unfamiliar word -> nearest table word
        docs = matcher.lexical.docs
        self.evidence = {d: sum(p.values()) for d, p in self.hits.items()}
        self.intent_cues = {docs[d].kind: s for d, s in self.evidence.items()
                            if docs[d].kind in INTENTS}
        self.strange = self._strange_words()
        self.strange += self._names(asked)
        topics = [t for t in matcher.kb.topics if not topic_id or t.id == topic_id]
        self.views = [self._view(t) for t in topics]

    # ------------------------------------------------------------ evidence
    def _strange_words(self) -> list[str]:
        """Words no table uses, the dictionary does not know and are no typo of a word it
        knows: names of other products, objects or errors ("kustomize", "k3s")."""
        lexical, known = self.m.lexical, english_words()
        found = []
        for token in dict.fromkeys(self.tokens):
            if lexical.knows(token) or token in known or len(token) < 3 or token[0].isdigit():
                continue  # "3am", "10x": amounts and times, not names
            if len(token) > 4 and token.isalpha() and not _is_compound(token) and (
                nearest_word(token, _english_of_length) != token
            ):
                continue  # a typo of an everyday word ("dissappears"); short words are a
                # letter from many others, so "dns" stays a name
            found.append(token)
        return found

    def _names(self, asked: str) -> list[str]:
        """Capitalised words inside a sentence that no table uses ("Registrator", "Ping",
        "Open Container Initiative"): people write the names of things that way. Ignored
        when the message capitalises most words (a title)."""
        found = []
        for sentence in re.split(r"[.?!:;]\s+|\n", asked):
            typed = re.findall(r"[A-Za-z][A-Za-z0-9]*", sentence)
            capitals = [w for w in typed[1:] if w[0].isupper() and w != "I"]
            if not typed or len(capitals) * 2 > len(typed) - 1:
                continue
            for word in capitals:
                lowered = word.lower()
                if not self.m.lexical.knows(lowered) and lowered not in found and (
                    lowered not in self.strange
                ):
                    found.append(lowered)
        return found

    def _view(self, topic: Topic) -> _TopicView:
        view = _TopicView(topic)
        docs, evidence = self.m.lexical.docs, self.evidence
        view.named = sum(s for d, s in evidence.items()
                         if docs[d].kind == "subject" and docs[d].topic is topic)
        bonus = SUBJECT_BONUS if view.named else 0.0
        scores = {d: s + bonus for d, s in evidence.items()
                  if docs[d].kind == "row" and docs[d].topic is topic}
        self._add_row_kind(view, scores)
        view.rows = sorted(((s, docs[d]) for d, s in scores.items()), key=lambda p: -p[0])
        view.kinds = {k: self.intent_cues.get(k, 0.0) for k in INTENTS}
        self._judge_beyond(view)
        return view

    def _add_row_kind(self, view: _TopicView, scores: dict[int, float]) -> None:
        """"what is X" asks for a Definition-like row when X is a subject; "when should I
        use it" for a Use Case-like row; and so on for every table that has one."""
        joined = f" {' '.join(self.tokens)} "
        asked = {kind for kind, (_, openings) in ROW_KINDS.items()
                 if any(f" {o} " in joined for o in openings)}
        if len(asked) > 1:
            asked.discard("definition")  # "what is the point of it": purpose, not definition
        for (topic_id, feature), kind in self.m._row_kinds.items():
            if topic_id != view.topic.id or kind not in asked:
                continue
            about = self.reading.about
            if kind == "definition" and not (
                self._is_ours(about, view.topic, rows_count=False) if about else view.named
            ):
                continue
            doc = self.m._row_docs[(topic_id, feature)]
            scores[doc] = scores.get(doc, 0.0) + ROW_KIND_BONUS

    def _is_ours(self, phrase: tuple[str, ...], topic: Topic, rows_count=True) -> bool:
        """A compared side or a defined thing is this table's when its head word is one of
        the table's subject names (or, for a side, a row's name): "docker container" is,
        "kubernetes pod" and "docker compose" are not."""
        subject_words = {w for name in self.m.lexical.topic_subjects[topic.id] for w in name}
        table_stems = self.m.lexical.topic_stems[topic.id]
        nouns = [w for w in phrase if stem(w) in table_stems or w in self.strange]
        head = (nouns or phrase)[-1]  # "k8s cluster click": click is no thing compared
        if head in GENERIC_HEADS:
            return True
        head_stem = stem(head)
        if head_stem in subject_words:
            return True
        if rows_count:
            row_words = {stem(w) for r in topic.rows for n in (r.feature, *r.aliases)
                         for w in words(n)}
            return head_stem in row_words
        return False

    def _judge_beyond(self, view: _TopicView) -> None:
        """Evidence that the question, whatever words it shares, is not one this table
        answers; kept per table, since one table's gaps are another's subject."""
        topic, docs = view.topic, self.m.lexical.docs
        for d, s in self.evidence.items():
            if docs[d].kind == "offtopic" and docs[d].topic is topic:
                self._beyond(view, s, docs[d].term)
        foreign_sides = [s for s in self.reading.sides if not self._is_ours(s, topic)]
        if foreign_sides:
            self._beyond(view, FOREIGN_SIDE, " ".join(foreign_sides[0]))
        about = self.reading.about
        table_stems = self.m.lexical.topic_stems[topic.id]
        if about and not any(stem(w) in table_stems or self._is_kin(w) for w in about):
            if self.meaning is None:
                self.pending = True  # its words may mean what the table's words mean
            else:
                self._beyond(view, FOREIGN_FOCUS, " ".join(about))
        if self.meaning is not None:  # until then, an unfamiliar word may be a synonym
            foreign = [w for w in self.strange if not self._is_kin(w)]
            for word in foreign[:MAX_FOREIGN_WORDS]:
                self._beyond(view, FOREIGN_WORD, word)
        self._judge_question_type(view)
        verb = self._foreign_how_to_verb(table_stems)
        if verb:
            self._beyond(view, FOREIGN_HOW_TO, "")
        elif self._how_to_opening():
            self._beyond(view, PROCEDURAL, "")

    def _judge_question_type(self, view: _TopicView) -> None:
        """Troubleshooting, how-to, advice, roadmap: each kind found counts once, unless
        the table names a row with its cue words ("error" in an "Error Handling" row)."""
        has_use_case = any(key[0] == view.topic.id and kind == "use_case"
                           for key, kind in self.m._row_kinds.items())
        row_words = self.m.lexical.row_name_stems[view.topic.id]
        for kind, cues in self.reading.types:
            if all(all(stem(w) in row_words for w in words(cue)) for cue in cues):
                continue
            if kind == "advice" and has_use_case:
                continue  # "which should we pick?" is what a Use Case row answers
            self._beyond(view, QUESTION_TYPES[kind], "")

    def _how_to_opening(self) -> bool:
        """"how do I ...", "how to ...": most often steps to follow, which a comparison
        does not give; a little evidence, that a row's own words outweigh."""
        joined = f" {' '.join(self.tokens)} "
        return any(f" {' '.join(opening)} " in joined for opening in HOW_TO_OPENINGS)

    def _foreign_how_to_verb(self, table_stems: frozenset[str]) -> str:
        """"how do I <verb> ..." whose verb this table never uses: a how-to about something
        else ("how do I book a meeting room"), not a question for this table."""
        tokens = self.tokens
        for opening in HOW_TO_OPENINGS:
            size = len(opening)
            for start in range(len(tokens) - size):
                if tuple(tokens[start : start + size]) == opening:
                    verb = tokens[start + size]
                    if verb in STOPWORDS or stem(verb) in table_stems:
                        return ""
                    if self.meaning is None:
                        self.pending = True
                        return ""
                    return "" if self._is_kin(verb) else verb
        return ""

    @staticmethod
    def _beyond(view: _TopicView, weight: float, term: str) -> None:
        view.beyond += weight
        if term:
            view.beyond_terms.append(term)

    # ------------------------------------------------------------ meaning
    def _is_kin(self, word: str) -> bool:
        """Does an unfamiliar word mean what some table word means? A name the dictionary
        does not know must be closer: "kubelet" shares letters, not meaning, with
        "kubernetes"."""
        sim = self.kin.get(word, ("", 0.0))[1]
        is_name = word in self.strange and not _is_compound(word)
        return sim >= (NAME_KNOWN if is_name else WORD_KNOWN)

    def part_texts(self) -> list[str]:
        """The parts of a question that asks several things, each with words of its own."""
        parts = [" ".join(self.m.lexical.tokens(c)) for c in CLAUSE_BREAK.split(self.asked)]
        parts = [p for p in parts if any(w not in STOPWORDS for w in p.split())]
        return parts[:MAX_CLAUSES] if len(parts) > 1 else []

    def unfamiliar(self) -> list[str]:
        """Words no table uses: the semantic layer finds their nearest table word."""
        return [t for t in dict.fromkeys(self.tokens)
                if t not in STOPWORDS and not self.m.lexical.knows(t) and len(t) > 1]

    def add_meaning(self, meaning: Meaning) -> None:
        """Fold in the semantic layer: similarity to rows and kinds, and the kin of every
        word the tables do not use, then judge every table again."""
        self.meaning = meaning
        self.kin = meaning.kin
        docs = self.m.lexical.docs
        for word, (kin, sim) in self.kin.items():
            if self._is_kin(word):  # "ram" counts where "memory" would, a little less
                for doc, weight in self.m.lexical.word_hits(stem(kin)).items():
                    if docs[doc].kind == "row":
                        self.evidence[doc] = self.evidence.get(doc, 0.0) + weight * sim
        self.views = [self._view(v.topic) for v in self.views]
        for view in self.views:
            for (topic_id, feature), sim in meaning.whole.rows.items():
                if topic_id == view.topic.id and sim > SEMANTIC_ROW_FLOOR:
                    self._add_row_score(view, feature, semantic_evidence(sim))
            for kind in INTENTS:
                sim = max(meaning.whole.kinds.get(("", kind), 0.0),
                          meaning.whole.kinds.get((view.topic.id, kind), 0.0))
                if sim > SEMANTIC_KIND_FLOOR:
                    view.kinds[kind] += SEMANTIC_KIND_WEIGHT * (sim - SEMANTIC_KIND_FLOOR)

    def _add_row_score(self, view: _TopicView, feature: str, extra: float) -> None:
        doc = self.m.lexical.docs[self.m._row_docs[(view.topic.id, feature)]]
        scores = {id(d): [s, d] for s, d in view.rows}
        if id(doc) in scores:
            scores[id(doc)][0] += extra
        else:
            scores[id(doc)] = [extra + (SUBJECT_BONUS if view.named else 0.0), doc]
        view.rows = sorted(((s, d) for s, d in scores.values()), key=lambda p: -p[0])

    # ------------------------------------------------------------ deciding
    def coverage(self) -> float:
        """Share of the question's content words that some row, cue or subject explains,
        or that mean nearly what a table word means."""
        known = english_words()
        docs = self.m.lexical.docs
        explained = {w for d, phrases in self.hits.items() if docs[d].kind != "offtopic"
                     for phrase in phrases for w in phrase}
        explained |= {stem(w) for w in self.kin if self._is_kin(w)}
        content = {
            stem(t) for t in self.tokens
            if t not in STOPWORDS and (t in known or self.m.lexical.knows(t) or t in self.strange)
        } - self.m.lexical.subject_stems
        return len(content & explained) / len(content) if content else 1.0

    def focus_view(self) -> tuple[_TopicView | None, _TopicView | None]:
        """The table to answer from, and a second one when it fits as well and neither is
        named: then the reply asks which."""
        if not self.views:
            return None, None
        named = [v for v in self.views if v.named]
        if named:
            best = max(named, key=lambda v: (v.named, v.best[1]))
            return best, None
        ranked = sorted(self.views, key=lambda v: -v.best[1])
        first = ranked[0]
        second = ranked[1] if len(ranked) > 1 else None
        if second and first.best[1] >= ROW_MIN and second.best[1] >= TOPIC_TIE * first.best[1]:
            return first, second
        return first, None

    def threshold(self, base: float, view: _TopicView, coverage: float) -> float:
        """Ask for more evidence when the message names no subject and is mostly about
        other things: one loose word ("talk", "difference") is not a question for us."""
        return base if view.named or coverage >= MIN_COVERAGE else base * UNNAMED_FACTOR

    def decide(self, final: bool) -> Answer | None:
        """The answer, or None when the words alone do not settle it and meaning could."""
        view, rival = self.focus_view()
        if view is None:
            return Answer(self.question, "none", None, reason=REASON_OUT_OF_SCOPE)
        coverage = self.coverage()
        kind, score = view.best
        if rival is not None and kind == "row" and rival.best[0] == "row":
            return self.which_topic(view, rival) if final else None
        if not final and (self.pending or self.strange):
            return None  # an unfamiliar word decides: is it the table's in other words?
        if view.beyond and score < view.beyond * BEYOND_OVERRIDE:
            if not final and score >= RELATED_MIN and not view.beyond_terms:
                return None  # meaning may yet show the question is the table's
            return self.beyond(view)
        if kind != "row" and score < self.threshold(INTENT_MIN, view, coverage):
            kind, score = "row", view.best_row
        confident = (score >= CONFIDENT_ROW or kind != "row") and coverage >= MIN_COVERAGE
        if not final and not confident:
            return None
        if score < UNSURE_MIN:
            return self.none(view, REASON_OUT_OF_SCOPE)
        if kind == "row" and score < self.threshold(ROW_MIN, view, coverage):
            mostly_ours = view.named or coverage >= MIN_COVERAGE
            return self.none(view, REASON_UNSURE if mostly_ours else REASON_OUT_OF_SCOPE)
        if kind == "row":
            return self.row_answer(view)
        return Answer(self.question, kind, view.topic, score=confidence(score))

    def row_answer(self, view: _TopicView) -> Answer:
        """The best row of each part of a many-part question, in the order asked; else the
        best row and one runner-up that is as good as tied."""
        best_score, best = view.rows[0]
        by_part = self.part_rows(view.topic) if len(view.rows) > 1 else []
        if len(by_part) > 1:
            rows = {d.row.feature: d.row for _, d in view.rows}
            chosen = [rows.get(f) or view.topic.row(f) for f in by_part][:MAX_ROWS]
            return Answer(self.question, "row", view.topic, tuple(chosen), confidence(best_score))
        chosen = [best.row]
        for score, doc in view.rows[1:2]:
            if score >= NEAR_TIE * best_score:
                chosen.append(doc.row)
        return Answer(self.question, "row", view.topic, tuple(chosen), confidence(best_score))

    def part_rows(self, topic: Topic) -> list[str]:
        """The best row of each part of "how do X scale, and how do they recover?", in the
        order asked: a question that asks two things gets both rows, one that mentions one
        in passing does not."""
        parts = self.part_texts()
        if not parts:
            return []
        docs, found = self.m.lexical.docs, []
        meanings = self.meaning.parts if self.meaning else ()
        for i, part in enumerate(parts):
            scores = defaultdict(float)
            for d, phrases in self.m.lexical.hits(part.split()).items():
                if docs[d].kind == "row" and docs[d].topic is topic:
                    scores[docs[d].row.feature] += sum(phrases.values())
            if i < len(meanings):
                for (topic_id, feature), sim in meanings[i].rows.items():
                    if topic_id == topic.id and sim > SEMANTIC_ROW_FLOOR:
                        scores[feature] += semantic_evidence(sim)
            if scores:
                feature, score = max(scores.items(), key=lambda pair: pair[1])
                if score >= CLAUSE_MIN and feature not in found:
                    found.append(feature)
        return found

    def related(self, view: _TopicView) -> list[Suggestion]:
        return [Suggestion("row", view.topic.id, d.row.feature)
                for s, d in view.rows[:3] if s >= RELATED_MIN]

    def beyond(self, view: _TopicView) -> Answer:
        """The table does not answer it: say so, offering the rows it comes close to."""
        related = self.related(view)
        if related:
            return Answer(self.question, "none", view.topic, (), 0, tuple(related),
                          REASON_RELATED, view.beyond_terms[0] if view.beyond_terms else "")
        term = view.beyond_terms[0] if view.beyond_terms else ""
        return self.none(view, REASON_OUT_OF_SCOPE, term)

    def which_topic(self, view: _TopicView, rival: _TopicView) -> Answer:
        choices = (Suggestion("topic", view.topic.id), Suggestion("topic", rival.topic.id))
        return Answer(self.question, "none", view.topic, (), 0, choices, REASON_WHICH_TOPIC)

    def none(self, view: _TopicView, reason: str, term: str = "") -> Answer:
        topic = view.topic
        suggestions = [Suggestion("row", topic.id, d.row.feature)
                       for s, d in view.rows[:3] if s >= UNSURE_MIN / 2]
        if len(suggestions) < 3:
            suggestions += [Suggestion(k, topic.id) for k in ("summary", "analogy", "table")]
        # unsure: how close the nearest row came; out of scope: no confidence in any row
        score = confidence(view.best_row) if view.rows and reason == REASON_UNSURE else 0
        return Answer(self.question, "none", topic, (), score, tuple(suggestions[:4]), reason,
                      term)

    # ------------------------------------------------------------ explaining
    def explanation(self) -> list[tuple[str, str, float]]:
        """Every piece of evidence, as words a maintainer recognises."""
        docs, lines = self.m.lexical.docs, []
        for d, phrases in self.hits.items():
            doc = docs[d]
            what = doc.row.feature if doc.row else (f"{doc.kind}:{doc.term}" if doc.term
                                                     else doc.kind)
            lines += [(what, " ".join(_as_typed(p, self.tokens, self.stems)), round(w, 2))
                      for p, w in phrases.items()]
        if self.meaning is not None:
            for (_, feature), sim in self.meaning.whole.rows.items():
                lines.append((feature, f"meaning (similarity {sim:.2f})", round(sim, 2)))
            for (_, kind), sim in self.meaning.whole.kinds.items():
                if sim > SEMANTIC_KIND_FLOOR:
                    lines.append((kind, f"meaning (similarity {sim:.2f})", round(sim, 2)))
        for word, (kin, sim) in self.kin.items():
            lines.append(("word", f"{word} ~ {kin}", round(sim, 2)))
        for view in self.views:
            for term in view.beyond_terms:
                lines.append(("beyond the table", term, view.beyond))
        for kind, cues in self.reading.types:
            lines += [(f"question type: {kind}", cue, QUESTION_TYPES[kind]) for cue in cues]
        return sorted(lines, key=lambda r: (r[0], -r[2]))


def _as_typed(phrase: Phrase, tokens: list[str], stems: list[str]) -> list[str]:
    """A matched phrase in the words the person typed, not as stems ("memori")."""
    size = len(phrase)
    for i in range(len(stems) - size + 1):
        if tuple(stems[i : i + size]) == phrase:
            return tokens[i : i + size]
    return list(phrase)


def _is_compound(word: str) -> bool:
    """Two dictionary words written as one ("autoscaling", "hardcoding")."""
    known = english_words()
    return any(word[:i] in known and word[i:] in known for i in range(3, len(word) - 2))


_english_windows: dict[tuple[int, int], list[str]] = {}


def _english_of_length(length: int, spread: int) -> list[str]:
    key = (length, spread)
    if key not in _english_windows:
        _english_windows[key] = [w for w in english_words() if abs(len(w) - length) <= spread]
    return _english_windows[key]


def semantic_evidence(similarity: float) -> float:
    """Similarity above the floor, on the scale of the table's words (0.55 is about one
    row name)."""
    return SEMANTIC_ROW_WEIGHT * max(0.0, similarity - SEMANTIC_ROW_FLOOR)


def confidence(evidence: float) -> int:
    """Map summed evidence onto 0-100: 1.6 (just enough for a row) is about 50."""
    return round(100 * (1 - math.exp(-evidence / 2.3)))
