"""The table's own words as evidence: an inverted index of phrases, with typo repair.

1. split a cleaned message into words (`bot.text`);
2. repair typos against the knowledge base's own words with rapidfuzz (optimal string
   alignment, so "contianer" is one edit from "container");
3. stem the words and look up every phrase that starts at each word: a row's name and
   aliases, the words of its cells and examples, any vocabulary a maintainer added; the
   summary/analogy/table/help cues; the subjects' names; the out-of-scope terms;
4. weigh each hit by how specific it is (a word found in one row counts more than one found
   in every row).
The cost is proportional to the words in the message, not to the rows in the table.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from itertools import pairwise
from typing import NamedTuple

from bot.knowledge import KnowledgeBase, Row, Topic
from bot.text import (
    BOLD,
    acronym_plural,
    english_words,
    identifiers,
    is_derived_word,
    joined_forms,
    name_parts,
    other_spelling,
    section_numbers,
    stem,
    words,
)
from bot.vocabulary import (
    CHAT_WORDS,
    FILLER_WORDS,
    INTENT_CUES,
    PAGE_WORDS,
    QUESTION_TYPE_CUES,
    ROW_KINDS,
    STOPWORDS,
    STRONG,
    WHOLE_WORDS,
)

FEATURE_WEIGHT, VOCABULARY_WEIGHT, EXAMPLE_WEIGHT, CELL_WEIGHT = 3.0, 2.0, 1.0, 1.2
GENERIC_PHRASE_SHARE = 0.6  # "what is", "how many": a hint, not evidence on its own
OFF_TOPIC_WEIGHT = 3.0  # a topic the knowledge file says it does not cover
MAX_WORDS = 120
MAX_TYPO_CACHE = 50_000
# a word of two parts joined by a hyphen, each of letters: "Wi-Fi", "e-mail", "on-call"
HYPHENED = re.compile(r"\b([A-Za-z]+)-([A-Za-z]+)\b")
MIN_CLIP = 3  # letters of each word a clipped name keeps: "proto|buf"
MIN_TERM_WORDS, MAX_TERM_WORDS = 3, 5  # a term a cell writes out, whose initials people type
# little words end a term, and so do quantifiers: "on another file system" names no AFS
NOT_IN_A_TERM = STOPWORDS | frozenset("another several many neither".split())
TERM_WORD = re.compile(r"[a-z0-9]+")
TERM_BREAK = re.compile(r"[,.;:()\[\]/!?\"]+|\s[-\u2013\u2014]\s")
MIN_START = 4  # letters of a name's start that name it: "mongo", not "mo"
NAME_AND_NUMBER = re.compile(r"([a-z]{2,})([0-9]+)")  # "http2", "oauth2": a name, its version
ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")  # "SSR", "PITR": a name written in capitals
NUMERONYM = re.compile(r"([a-z])([6-9]|[1-9][0-9])([a-z])")  # "k8s", "i18n"; not "k3s"

Phrase = tuple[str, ...]
FILLER_STEMS = frozenset(stem(w) for w in FILLER_WORDS)
STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


# a word written as code names things: a lower-case start, then a capital ("minSdk",
# "replicaCount"); never repaired as a typo of an everyday word
CODE_NAME = re.compile(r"\b[a-z]+[A-Z][A-Za-z0-9]*\b")


def _images(topic: Topic) -> list[str]:
    """The analogy's bold images ("car", "traffic system"), which ask for it; not a
    subject's name, or its start, bolded in it ("**S1** the engine won't start": "is it S1 or
    S2" got the car analogy, a game studio's reviewer; "a **how-to** is asking where the
    toilets are" made "what is a how-to question" one, a support team's)."""
    names = [words(n) for s in topic.subjects for n in (s.name, *s.aliases)]
    return [image for image in BOLD.findall(topic.analogy)
            if not any(words(image) == name[:len(words(image))] for name in names)]


def _images_no_other_table_writes(kb: KnowledgeBase) -> list[str]:
    """Every table's analogy images that ask for an analogy in any message: not one another
    loaded table writes in its rows or names ("car" of the shipped analogy beside a motor
    claims table: "how much does a cat n car lose in value" asked for an analogy, an
    insurer's reviewer, forty-fifth session)."""
    written = {topic.id: frozenset(stem(w) for text in (
        *(n for s in topic.subjects for n in (s.name, *s.aliases)),
        *(t for r in topic.rows for t in (r.feature, *r.aliases, *r.cells))) for w in words(text))
        for topic in kb.topics}
    return [image for topic in kb.topics for image in _images(topic)
            if not any({stem(w) for w in words(image)} <= written[other.id]
                       for other in kb.topics if other.id != topic.id)]


class Doc(NamedTuple):
    """Something a message can be about: a row, an intent, a subject or an off-topic term."""

    kind: str
    topic: Topic | None = None
    row: Row | None = None
    term: str = ""


class LexicalIndex:
    """Built once per knowledge base (milliseconds); lookups are then pure and fast."""

    def __init__(self, kb: KnowledgeBase):
        self.docs: list[Doc] = []
        self._phrases: dict[int, dict[Phrase, float]] = defaultdict(dict)
        self._surface_words: set[str] = set(STOPWORDS)
        self._hyphened: dict[str, str] = {}  # "wifi" -> "wi fi", of a table's "Wi-Fi"
        self._pairs: set[tuple[str, str]] = set()  # neighbouring words in any phrase
        self._curated: set[tuple[int, Phrase]] = set()
        self._origins: dict[tuple[int, Phrase], str] = {}
        self.subject_stems: set[str] = set()
        self._subject_surfaces: dict[str, set[str]] = defaultdict(set)  # stem -> as written
        self.topic_stems: dict[str, frozenset[str]] = {}  # every stem a table uses
        self.topic_subjects: dict[str, tuple[Phrase, ...]] = {}  # subject names as stems
        self.row_name_stems: dict[str, frozenset[str]] = {}  # words of rows' names, aliases
        self.name_stems_of: dict[tuple[str, str], frozenset[str]] = {}  # one row's, by name
        self.rows_named: dict[tuple[str, str], list[str]] = defaultdict(list)  # by a word
        # a table's row names and aliases as stems -> the row, and its longest name's length:
        # "can you compare definition, purpose and scope" finds each whole name
        self.row_named_by: dict[tuple[str, Phrase], str] = {}
        self.row_part_named_by: dict[tuple[str, Phrase], str] = {}  # "Booking" of "Booking /
        # reporting"
        # a section a row's name cites ("4.2" of "Retention period (§4.2)"), or an id its
        # cells write ("CVE-2024-3094") -> those rows
        self.rows_citing: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.longest_row_name: dict[str, int] = {}
        # neighbouring words of subject names, in the tables' order (a dict: answers must not
        # depend on a set's order when two names fit)
        self._name_pairs: dict[tuple[str, str], None] = {}
        self._versioned_names: set[tuple[str, str]] = set()  # ("http", "2") of HTTP/2
        self._acronyms: set[str] = set()  # "ssr" of a row named SSR, "pitr" of Backups / PITR
        self._numeronyms: set[str] = set()  # "a11y" of a row named so
        # a name's initials -> its words ("er" -> "emergency room"); None when two names
        # share them
        self._initials: dict[str, tuple[str, ...] | None] = {}
        # the initials of a term a cell writes out in three to five words ("hpa" of
        # "Horizontal Pod Autoscaler", "rmd" of "required minimum distributions")
        self._term_initials: dict[str, tuple[str, ...] | None] = {}
        self.subject_words: dict[str, tuple[str, ...]] = {}  # subject names' words as typed
        self.subjects_of: dict[str, frozenset[str]] = {}  # a table's one-word subject names
        for topic in kb.topics:
            self._add_topic(topic, _named_elsewhere(topic, kb))
        analogy_images = _images_no_other_table_writes(kb)
        for kind, cues in INTENT_CUES.items():
            doc = self._new_doc(Doc(kind))
            images = analogy_images if kind == "analogy" else []  # "car", "traffic system"
            for cue, weight in [*cues.items(), *((image, STRONG) for image in images)]:
                self._add_phrase(doc, cue, weight)
        cue_words = [*(c for cues in QUESTION_TYPE_CUES.values() for c in cues),
                     *(o for _, openings in ROW_KINDS.values() for o in openings)]
        self._surface_words.update(w for cue in cue_words for w in words(cue))  # "recommand"
        self._index = self._build_index()
        # words naming a row or a subject somewhere: "sticky sessions load" (Session
        # Persistence) spells out no SSL, nor "type loadbalancer service" TLS
        self._name_stems = frozenset(self.subject_stems).union(*self.row_name_stems.values())
        self._collapse_skip = frozenset(self.subject_stems | FILLER_STEMS)
        # a subject named by a noun of "-er" the stemmer makes a verb ("container" and
        # "contains" are both "contain"): only that noun names it ("which fluid contains
        # calcium?" named the shipped Container table, and the fluids table lost it)
        self._agent_stems = frozenset(
            found for found, surfaces in self._subject_surfaces.items()
            if all(_agent_noun(w) for w in surfaces) and not found.endswith(("er", "or")))
        self._known_words = sorted(self._surface_words)
        self._by_first_letter: dict[str, list[str]] | None = None
        self._length_windows: dict[tuple[int, int], list[str]] = {}
        self._pair_firsts = {first for first, _ in self._pairs}
        self._pair_seconds = {second for _, second in self._pairs}
        self._typo_cache: dict[str, str] = {}

    # ---------------------------------------------------------------- building
    def _new_doc(self, doc: Doc) -> int:
        self.docs.append(doc)
        return len(self.docs) - 1

    def _add_phrase(
        self, doc: int, phrase: str, weight: float, skip: frozenset = frozenset(),
        origin: str = "name",
    ) -> None:
        """`origin` says where a row phrase came from: "name" (the row's name or alias),
        "part" (of a name joining two), "vocabulary", "cell" or "example"; all but cells and
        examples are curated."""
        tokens = words(phrase)
        self._surface_words.update(tokens)
        self._pairs.update(zip(tokens, tokens[1:], strict=False))
        stems = tuple(stem(t) for t in tokens)
        if not stems or (len(stems) == 1 and stems[0] in skip):
            return
        current = self._phrases[doc].get(stems, 0.0)
        if weight > current:
            self._phrases[doc][stems] = weight
            self._origins[(doc, stems)] = origin
        if origin in ("name", "vocabulary", "part"):
            self._curated.add((doc, stems))

    def _add_words(self, doc: int, text: str, weight: float, skip: frozenset,
                   origin: str) -> None:
        """Each content word of a cell or an example, as a phrase of its own."""
        for word in words(text):
            if len(word) > 1:
                self._add_phrase(doc, word, weight, skip, origin)

    def origin(self, doc: int, phrase: Phrase) -> str:
        return self._origins.get((doc, phrase), "name")

    def _add_topic(self, topic: Topic, named_elsewhere: frozenset[str] = frozenset()) -> None:
        """Index one table: what names it, each row's words, its short forms and out-of-scope
        terms, every word it writes, and its rows' names."""
        names, subject_stems = self._add_subjects(topic, named_elsewhere)
        row_docs = [self._add_row(topic, row, subject_stems) for row in topic.rows]
        self._add_short_forms(topic)
        for term in topic.out_of_scope:
            self._add_phrase(self._new_doc(Doc("offtopic", topic, term=term)), term,
                             OFF_TOPIC_WEIGHT, origin="offtopic")
        self._add_written_words(topic, names)
        self._index_row_names(topic)
        self._weigh_by_specificity(row_docs)

    def _add_subjects(self, topic: Topic, named_elsewhere: frozenset[str]
                      ) -> tuple[list[str], frozenset[str]]:
        """The names that name the table (its subjects', their other spellings and plurals,
        its title's words): (the names, their one-word stems)."""
        subject = self._new_doc(Doc("subject", topic))
        # an alias made only of words every sentence has ("A" for "A Record") would name the
        # subject in any question, so it names nothing
        names = [name for s in topic.subjects for name in (s.name, *s.aliases)
                 if name == s.name or not all(w in STOPWORDS for w in words(name))]
        names += [w for w in topic.title_words()  # "the regions" names "Our AWS regions"
                  if stem(w) not in named_elsewhere]
        names += _title_phrases(topic, named_elsewhere)  # "reference managers"
        names += [spelled for name in names if (spelled := other_spelling(name))]  # "sev 2"
        names += [many for name in names if (many := acronym_plural(name))]  # "VMs"
        names += [joined for name in names for joined in joined_forms(name)]  # "nextjs"
        # a title word another table uses, or a subject's, still names this one beside a word
        # for the page itself: "the pricing table" beside a battlecard's Pricing row, "the
        # offices table" of "Our three offices" beside "Leeds (Head Office)"
        own = topic.title_words()  # (none for "A vs B": its subjects name it already)
        paged = [f"{w} {page}" for w in (topic.title_words(with_subjects=True) if own else ())
                 if (stem(w) in named_elsewhere or w not in own) and w not in WHOLE_WORDS
                 for page in PAGE_WORDS]  # ("full table" of "Full load vs ..." asks for any)
        for name in names + paged:
            self._add_phrase(subject, name, 1.0)
        self.topic_subjects[topic.id] = tuple(tuple(stem(w) for w in words(n))
                                              for n in names + paged)
        self._name_pairs.update((pair, None) for n in names for pair in pairwise(words(n))
                                if all(w.isalpha() and len(w) >= MIN_CLIP for w in pair))
        self._versioned_names.update(pair for n in names for pair in pairwise(words(n))
                                     if pair[0].isalpha() and pair[1].isdigit())
        self.subject_words[topic.id] = tuple(dict.fromkeys(w for n in names for w in words(n)))
        for word in self.subject_words[topic.id]:
            self._subject_surfaces[stem(word)].add(word)
        subject_stems = frozenset(p[0] for p in self._phrases[subject] if len(p) == 1)
        self.subject_stems |= subject_stems
        self.subjects_of[topic.id] = subject_stems
        return names, subject_stems

    def _add_row(self, topic: Topic, row: Row, subject_stems: frozenset[str]) -> int:
        """A row's document: its cells', note's and examples' words, its vocabulary, and its
        name in every form people type it."""
        skip = subject_stems | STOP_STEMS
        doc = self._new_doc(Doc("row", topic, row))
        for cell in (*row.cells, row.note):  # ("renewal" in a Pricing row's note)
            self._add_words(doc, cell, CELL_WEIGHT, skip, "cell")
            self._add_term_initials(cell)
            for found in dict.fromkeys(identifiers(cell, written_upper=True)):
                self.rows_citing[found].append((topic.id, row.feature))  # "CVE-2024-3094"
        for example in row.examples:
            self._add_words(doc, example, EXAMPLE_WEIGHT, skip, "example")
        for phrase in row.vocabulary:
            generic = all(w in STOPWORDS for w in words(phrase))
            weight = VOCABULARY_WEIGHT * (GENERIC_PHRASE_SHARE if generic else 1.0)
            self._add_phrase(doc, phrase, weight, subject_stems, "vocabulary")
        for name in (row.feature, *row.aliases):
            self._add_phrase(doc, name, FEATURE_WEIGHT, subject_stems)
            if spelled := other_spelling(name):  # "Tier1 support" asked as "tier 1"
                self._add_phrase(doc, spelled, FEATURE_WEIGHT, subject_stems)
            for joined in joined_forms(name):  # "W-2 for 2024" asked as "my w2"
                self._add_phrase(doc, joined, FEATURE_WEIGHT, subject_stems)
            for part in name_parts(name):  # "repeats" of "Repeats / eRD"
                self._add_phrase(doc, part, FEATURE_WEIGHT, subject_stems, "part")
            for number in section_numbers(name):  # "what does 4.2 say"
                self._add_phrase(doc, number, FEATURE_WEIGHT, subject_stems)
                self.rows_citing[number].append((topic.id, row.feature))
        return doc

    def _add_short_forms(self, topic: Topic) -> None:
        """The acronyms, numeronyms and initials of the names the table writes."""
        written = [s.name for s in topic.subjects] + [r.feature for r in topic.rows]
        # (as the table writes its names: a proposed alias, "WT" for Write-Through, is no
        # acronym people spell out; "whole table" is not it)
        self._acronyms.update(a.lower() for n in written for a in ACRONYM.findall(n)
                              if not _spells_out(n, a))
        self._numeronyms.update(w for n in written for w in words(n) if NUMERONYM.fullmatch(w))
        for name in (*written, *(a for r in topic.rows for a in r.aliases)):
            self._add_initials(name)

    def _add_written_words(self, topic: Topic, names: list[str]) -> None:
        """Every word the table writes, as typed and as stems (what a typo is repaired to)."""
        texts = [*names, topic.title, *topic.summary, topic.analogy,
                 *(e for _, questions in topic.examples for e in questions),
                 *(t for r in topic.rows for t in (r.feature, *r.cells, r.note, *r.examples,
                                                    *r.aliases, *r.vocabulary))]
        self._surface_words.update(w for t in texts for w in words(t))
        self._hyphened.update((f"{m[1]}{m[2]}".lower(), f"{m[1]} {m[2]}".lower())
                              for t in texts for m in HYPHENED.finditer(t))
        self.topic_stems[topic.id] = frozenset(stem(w) for t in texts for w in words(t))

    def _index_row_names(self, topic: Topic) -> None:
        """Which row each name (and each part of a "A / B" name) and each name word names."""
        for row in topic.rows:
            for name in (row.feature, *row.aliases):
                stems = tuple(stem(w) for w in words(name))
                self.row_named_by.setdefault((topic.id, stems), row.feature)
                parts = name.split("/")
                for part in parts if len(parts) > 1 else ():
                    self.row_part_named_by.setdefault(
                        (topic.id, tuple(stem(w) for w in words(part))), row.feature)
                self.longest_row_name[topic.id] = max(len(stems),
                                                      self.longest_row_name.get(topic.id, 0))
            named = frozenset(stem(w) for n in (row.feature, *row.aliases) for w in words(n))
            self.name_stems_of[(topic.id, row.feature)] = named
            for word in named:
                self.rows_named[(topic.id, word)].append(row.feature)
        self.row_name_stems[topic.id] = frozenset().union(
            *(self.name_stems_of[(topic.id, r.feature)] for r in topic.rows))

    def _add_initials(self, name: str) -> None:
        """The initials people type for a name of two words or more ("ER" for Emergency
        room, "TCO" for Total cost of ownership, with or without its little words), read as
        the name when typed (`_read`); none for a name with digits or a word in capitals."""
        if any(w.isupper() and len(w) > 1 for w in name.split()):
            return  # "RDS for PostgreSQL": its capitals are its short name already
        said = words(name)
        if len(said) < 2 or not all(w.isalpha() for w in said):
            return
        content = [w for w in said if w not in STOPWORDS]
        for run in {tuple(said), tuple(content)}:
            if len(run) >= 2:  # two names: "CR" of Cost Ratio and Cold Room name neither
                _note_initials(self._initials, "".join(w[0] for w in run), tuple(said))

    def _add_term_initials(self, text: str) -> None:
        """The initials of each term a cell writes out: a run of three to five words with
        no little word or punctuation inside or around it ("the Horizontal Pod Autoscaler
        (HPA) scales..." holds "horizontal pod autoscaler"). People type the short form the
        table never writes; two terms with the same initials name neither."""
        for piece in TERM_BREAK.split(text):
            run: list[str] = []
            for word in [*TERM_WORD.findall(piece.lower()), ""]:  # (cheaper than `words`)
                if word and word.isalpha() and word not in NOT_IN_A_TERM:
                    run.append(word)
                    continue
                if MIN_TERM_WORDS <= len(run) <= MAX_TERM_WORDS:
                    _note_initials(self._term_initials, "".join(w[0] for w in run), tuple(run))
                run = []

    def spelled_initials(self, word: str, in_capitals: bool) -> tuple[str, ...]:
        """The name whose initials a word is, when it is no word of the tables ("TCO",
        "ER"): typed in capitals, or (three letters or more) no English word either."""
        name = self._initials.get(word)
        if name is None and word not in self._initials:  # a name's before a term's
            single = word[:-1] if word.endswith("s") and len(word) > 3 else word
            name = self._term_initials.get(single)  # "RMDs" are required minimum distributions
        if not name or word in self._surface_words or word in CHAT_WORDS:
            return ()
        if in_capitals or len(word) >= 3 and word not in english_words():
            return name
        return ()

    def _weigh_by_specificity(self, row_docs: list[int]) -> None:
        """Scale each row phrase by how few of the topic's rows share it (an IDF in 0..1).

        A curated phrase (row name, alias, vocabulary) is compared with other rows' curated
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

    # ---------------------------------------------------------------- typos
    def correct(self, word: str, before: str = "", after: str = "") -> str:
        """The knowledge base's word this one is a typo of (a clipped subject's name: its
        words, "protocol buffers"), or the word itself.

        A real English word is kept ("hearing" is not "healing"), unless the repair
        completes a phrase with its neighbour ("self heeling" -> "self healing"); so is
        another form of a table word, which its stem already matches ("rebasing")."""
        if word in self._surface_words:
            return word
        if (spelled := self._table_spelling(word)) is not None:
            return spelled
        if len(word) == 3 and word.isalpha() and (
                paired := self._phrase_completing_repair(word, before, after)) != word:
            return paired  # "login nod" is "login node" (a name's two words), "nod" alone a nod
        if len(word) < 4 or not word.isalpha():
            return swapped_function_word(word)  # "teh": short words slip by a swap
        if word in english_words():
            return self._phrase_completing_repair(word, before, after)
        repaired = self._cached_nearest(word)
        if stem(repaired) != stem(word) and self._is_table_stem(stem(word)) and (
            not self.subject_named(word)  # "mongo" names MongoDB, not the cell's "mongos"
        ):
            return word  # "rebasing" is the table's "rebase" already; "rebating" is not
        return repaired

    def _table_spelling(self, word: str) -> str | None:
        """How the table writes a word people type another way, no typo: without its
        hyphen, as a numeronym or spelled out, or with a version run into a name; None when
        it is none of these (a numeronym of no table word is itself)."""
        if word in self._hyphened:  # "wifi" is the table's "Wi-Fi", typed as most do
            return self._hyphened[word]
        if NUMERONYM.fullmatch(word):
            return self._numeronym_of(word)
        if len(word) >= 8 and (short := f"{word[0]}{len(word) - 2}{word[-1]}") in (
                self._numeronyms):
            return short  # "accessibility" is a row named "a11y" (not a cell's "r7g" type)
        versioned = NAME_AND_NUMBER.fullmatch(word)
        if versioned and versioned.groups() in self._versioned_names:
            return " ".join(versioned.groups())  # "http2" is the table's HTTP/2; "http3" no
        return None

    def written_short(self, word: str) -> bool:
        """Is this a table word as people shorten it, not a name of its own ("K8s" beside a
        table that says Kubernetes, "RAID5" beside RAID 5)? Capitalised, such a word had
        read as a product no table names."""
        return self._table_spelling(word) not in (None, word)

    def _is_table_stem(self, found: str) -> bool:
        return any(found in stems for stems in self.topic_stems.values())

    def _cached_nearest(self, word: str) -> str:
        """The table's word within reach, else the everyday word ("secrue" -> "secure"),
        so that the semantic layer reads what was meant."""
        cached = self._typo_cache.get(word)
        if cached is None:
            cached = self.subject_named(word) or self._clip_of(word) or nearest_word(
                word, self._words_of_length)
            if cached == word:
                cached = self._short_form_of(word)
            if cached == word and len(word) > 4:
                cached = moved_double(word, self._surface_words)  # "refferal": the table's
                if cached == word and not coined_word(word):
                    cached = nearest_word(word, english_of_length, max_edits=1)
                    if cached == word:
                        cached = moved_double(word, english_words())
            elif cached == word:
                cached = only_word_missing_a_letter(word)
            if len(self._typo_cache) < MAX_TYPO_CACHE:
                self._typo_cache[word] = cached
        return cached

    def _numeronym_of(self, word: str) -> str:
        """The one table word a numeronym abbreviates: first and last letter kept, the
        count of letters between them written as a number ("k8s" -> "kubernetes")."""
        first, count, last = NUMERONYM.fullmatch(word).groups()
        found = [w for w in self._words_of_length(int(count) + 2, 0)
                 if w[0] == first and w[-1] == last]
        return found[0] if len(found) == 1 else word

    def subject_named(self, word: str) -> str:
        """The subject's name, as its words, that a short form stands for: the start of one
        of its words ("mongo") or the starts of two run together ("protobuf"); else ""."""
        clipped = self.subject_word_started(word) or self._clipped_name_of(word)
        return "" if clipped == word else clipped

    def subject_word_started(self, word: str, topic_id: str = "") -> str:
        """The one word of a subject's name that this word is the start of, at least half of
        it ("mongo" of MongoDB, "rabbit" of RabbitMQ, "prem" of On-Premises: people drop
        a name's tail), else "". Not "java" for JavaScript: too little of it."""
        if len(word) < MIN_START:
            return ""
        found = {w for t, names in self.subject_words.items() if not topic_id or t == topic_id
                 for w in names if w != word and w.startswith(word) and 2 * len(word) >= len(w)}
        return _one_word(found)  # "MongoDB" and its plural are one name

    def _clipped_name_of(self, word: str) -> str:
        """The subject a word clips, as its words: the starts of two neighbouring words of
        its name run together ("protobuf" -> "protocol buffers", "protobufs" too), the way
        people shorten a long name. The word itself when no name fits."""
        for form in (word, word[:-1]) if word.endswith("s") else (word,):
            for first, second in self._name_pairs:
                for cut in range(MIN_CLIP, min(len(first), len(form) - MIN_CLIP) + 1):
                    if form[:cut] == first[:cut] and second.startswith(form[cut:]):
                        return f"{first} {second}"
        return word

    def _clip_of(self, word: str) -> str:
        """The one table word this unknown word is the start of, a plural's "s" allowed
        ("caths" -> "catheter"), before a repair of one letter ("cats", another table's
        subject); "" when none or several."""
        form = word[:-1] if word.endswith("s") else word
        if len(form) < 4:
            return ""
        found = [w for w in self._words_starting(form[0])
                 if len(w) >= len(form) + 2 and w.startswith(form)]
        return _one_word(found) if found else ""

    def _short_form_of(self, word: str) -> str:
        """The one table word this unknown word shortens, the way people shorten words in
        chat: its start ("isol" -> "isolation", "kube" -> "kubernetes") or its outline,
        first and last letters kept ("mgmt" -> "management", "deps" -> "dependencies"); a
        plural's "s" may be added ("msgs" -> "message"). Forms of one word count as one
        ("orch": orchestrate, orchestration). The word itself when none or several words
        fit: a name ("kubelet") shortens nothing."""
        for form in (word, word[:-1]) if word.endswith("s") and len(word) > 4 else (word,):
            found = [w for w in self._words_starting(form[0]) if len(w) >= len(form) + 2 and (
                w.startswith(form) or (w[-1] == form[-1] and _in_order(form, w)))]
            if found:
                return _one_word(found) or word  # "orch": orchestrate, orchestration
        return word

    def _words_starting(self, letter: str) -> list[str]:
        """The table's words by first letter, built on the first unknown word (whole before
        it is shared: answers run in parallel threads)."""
        if self._by_first_letter is None:
            by_letter: dict[str, list[str]] = defaultdict(list)
            for w in self._known_words:
                if w not in STOPWORDS and w.isalpha():
                    by_letter[w[0]].append(w)
            self._by_first_letter = by_letter
        return self._by_first_letter.get(letter, [])

    def _phrase_completing_repair(self, word: str, before: str, after: str) -> str:
        """A real word's repair, kept only when it pairs with a neighbour in some phrase;
        looked up only when a neighbour could pair at all. A neighbour that is itself a
        typo pairs as repaired: "compnay mach" is "company match" as "company mach" is."""
        before, after = self._repaired_neighbour(before), self._repaired_neighbour(after)
        if not (before in self._pair_firsts or after in self._pair_seconds):
            return word
        candidate = self._cached_nearest(word)
        pairs = self._pairs
        return candidate if (before, candidate) in pairs or (candidate, after) in pairs else word

    def _repaired_neighbour(self, word: str) -> str:
        if len(word) < 4 or not word.isalpha() or word in self._surface_words or (
                word in english_words()):
            return word
        return self._cached_nearest(word)

    def _words_of_length(self, length: int, spread: int) -> list[str]:
        key = (length, spread)
        if key not in self._length_windows:
            self._length_windows[key] = [
                w for w in self._known_words if abs(len(w) - length) <= spread
            ]
        return self._length_windows[key]

    def knows(self, word: str) -> bool:
        """A word of some table, a function word, or chat shorthand."""
        return word in self._surface_words or word in CHAT_WORDS

    # ---------------------------------------------------------------- lookups
    def tokens(self, cleaned: str) -> list[str]:
        """The words of a cleaned message, typos repaired."""
        return [token for token, _ in self._read(cleaned)]

    def as_typed(self, cleaned: str) -> dict[str, str]:
        """Each repaired word of a message -> the word as typed, so that a reply names what
        the asker wrote ("matcha"), not the word it was read as ("match")."""
        return {token: typed for token, typed in self._read(cleaned) if token != typed}

    def _read(self, cleaned: str) -> list[tuple[str, str]]:
        found = words(cleaned)[:MAX_WORDS]
        padded = ["", *found, ""]
        code = {w.lower() for w in CODE_NAME.findall(cleaned)}  # "minSdk" is no "minsk"
        capitals = {w.lower() for w in ACRONYM.findall(cleaned)}  # "ER", "TCO", as typed
        read = [(t, w) for i, w in enumerate(found)  # a clipped name is two words again
                for t in (w if self._kept_as_code(w, code)
                          else " ".join(self.spelled_initials(w, w in capitals))
                          or self.correct(w, padded[i], padded[i + 2])).split()]
        return self._spelled_out(read) if self._acronyms else read

    def _kept_as_code(self, word: str, code: set[str]) -> bool:
        """A word written as code stays as typed, never repaired ("minSdk" is no "minsk"),
        unless it is a table's name of several words run together: "livenessProbe" is the
        Liveness Probe a table compares (it was a name no table uses, and declined)."""
        if word not in code or self.knows(word):
            return False
        spelled = self.correct(word)
        return not (" " in spelled and spelled.replace(" ", "") == word)

    def _spelled_out(self, read: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Words spelling out an acronym a name of the table is written with, read as it:
        "server side rendering" is the SSR row's, "point in time recovery" the PITR of
        "Backups / PITR". The words must start and end with content words, and two words
        only count with no function word ("is it" is no "II"), and none may name a row or a
        subject itself."""
        tokens = [t for t, _ in read]
        for size in range(min(5, len(read)), 1, -1):
            for start in range(len(read) - size + 1):
                run = tokens[start:start + size]
                short = "".join(t[0] for t in run)
                if (short in self._acronyms and short not in tokens
                        and all(t.isalpha() and stem(t) not in self._name_stems for t in run)
                        and run[0] not in STOPWORDS and run[-1] not in STOPWORDS
                        and (size > 2 or not set(run) & STOPWORDS)):
                    typed = " ".join(w for _, w in read[start:start + size])
                    return self._spelled_out([*read[:start], (short, typed),
                                              *read[start + size:]])
        return read

    def _hits(self, stems: list[str]) -> dict[int, dict[Phrase, float]]:
        """Per doc, the distinct phrases found in the message and their weights. A word
        inside a longer answer-kind cue is that cue's, not a row's: "short version" asks for
        the summary, not the Versioning row; nor another kind's: "big picture" asks for
        the summary, not for a picture."""
        spans = []
        for start, first in enumerate(stems):
            for phrase, doc, weight in self._index.get(first, ()):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    spans.append((start, start + len(phrase), phrase, doc, weight))
        cued = {i for start, end, phrase, doc, _ in spans
                if len(phrase) > 1 and self.docs[doc].kind in INTENT_CUES
                for i in range(start, end)}
        named = [(start, end) for start, end, phrase, doc, _ in spans
                 if len(phrase) > 1 and self.docs[doc].kind == "subject"]
        found: dict[int, dict[Phrase, float]] = defaultdict(dict)
        for start, end, phrase, doc, weight in spans:
            inside = all(i in cued for i in range(start, end))
            if inside and self.docs[doc].kind in ("row", "offtopic") and len(phrase) == 1:
                continue
            if self._names_a_row_inside_a_subject(start, end, phrase, doc, named):
                continue
            if self._inside_another_kinds_cue(start, end, doc, weight, spans):
                continue
            found[doc][phrase] = weight
        return found

    def _names_a_row_inside_a_subject(self, start: int, end: int, phrase: Phrase, doc: int,
                                      named: list[tuple[int, int]]) -> bool:
        """Is this a row's name said inside a subject's name of several words ("drink" in
        "do not drink")? Those words name the subject: "laundry ok under do not drink?" went
        to the Drinking row, not Dishes & laundry (a water utility's reviewer, forty-seventh
        session). A cell's words are left be: a cell names its subjects as the question
        does."""
        return (self.docs[doc].kind == "row" and self.origin(doc, phrase) != "cell"
                and any(s <= start and end <= e for s, e in named))

    def _inside_another_kinds_cue(self, start: int, end: int, doc: int, weight: float,
                                  spans) -> bool:
        """Is this cue part of a longer, no weaker cue for another kind ("picture" inside
        "big picture")? A weak longer hint ("explain it") leaves the cue ("explain") be."""
        kind = self.docs[doc].kind
        return kind in INTENT_CUES and any(
            s <= start and end <= e and e - s > end - start and w >= weight
            and self.docs[d].kind != kind and self.docs[d].kind in INTENT_CUES
            for s, e, _, d, w in spans)

    def word_hits(self, word_stem: str) -> dict[int, float]:
        """The docs that use one word on its own, and its weight in each."""
        return {doc: weight for phrase, doc, weight in self._index.get(word_stem, ())
                if len(phrase) == 1}

    def hits(self, tokens: list[str]) -> dict[int, dict[Phrase, float]]:
        """The stems as written, and again without subject names and filler, so that
        "what is kubernetes even for" also reads as "what is for"."""
        stems = [stem(t) for t in tokens]
        found = self._found(stems)
        naming = [s + "~" if s in self._agent_stems and not _agent_noun(t) else s
                  for s, t in zip(stems, tokens, strict=True)]  # "contains": no Container
        if naming != stems:
            for doc in [d for d in found if self.docs[d].kind == "subject"]:
                del found[doc]
            for doc, phrases in self._found(naming).items():
                if self.docs[doc].kind == "subject":
                    found[doc].update(phrases)
        self._drop_differences_said_as_verbs(found, tokens, stems)
        return found

    def _drop_differences_said_as_verbs(self, found: dict[int, dict[Phrase, float]],
                                        tokens: list[str], stems: list[str]) -> None:
        """The stemmer makes "difference" and "differ" one word, so "how does the rhythm of
        getting code into main differ between the two?" read as "main difference" and
        "difference between": the summary, though it asks how one thing differs (a row). A
        cue written with the noun is not said by the verb."""
        verbs = [at for at, t in enumerate(tokens) if t in _DIFFER_VERBS]
        if not verbs:
            return
        for doc, phrases in found.items():
            if self.docs[doc].kind in INTENT_CUES:
                for phrase in [p for p in phrases if p in _NOUN_DIFFERENCE_CUES]:
                    starts = [at for at in range(len(stems) - len(phrase) + 1)
                              if tuple(stems[at:at + len(phrase)]) == phrase]
                    if starts and all(any(at <= v < at + len(phrase) for v in verbs)
                                      for at in starts):  # (none: found with names left out)
                        del phrases[phrase]

    def _found(self, stems: list[str]) -> dict[int, dict[Phrase, float]]:
        collapsed = [s for s in stems if s not in self._collapse_skip]
        found: dict[int, dict[Phrase, float]] = defaultdict(dict)
        for sequence in ([stems, collapsed] if len(collapsed) < len(stems) else [stems]):
            for doc, phrases in self._hits(sequence).items():
                found[doc].update(phrases)
        return found


_DIFFER_VERBS = frozenset("differ differs differed differing".split())
# answer-kind cues written with the noun ("main difference", "difference between") as stems
_NOUN_DIFFERENCE_CUES = frozenset(
    tuple(stem(w) for w in words(cue)) for cues in INTENT_CUES.values() for cue in cues
    if any(w in ("difference", "differences") for w in words(cue)))


def _note_initials(found: dict[str, tuple[str, ...] | None], short: str,
                   meant: tuple[str, ...]) -> None:
    """Initials -> the words they stand for; None once two different ones share them."""
    found[short] = meant if found.get(short, meant) == meant else None


def every_subjects_word(topic: Topic) -> list[str]:
    """A word every subject's name has ("CSP" of "Category 1 CSP" and "Category 2 CSP"):
    what the table compares kinds of, and what people call it by beside "table"."""
    if len(topic.subjects) < 2:
        return []
    named = [words(s.name) for s in topic.subjects]
    return [w for w in dict.fromkeys(named[0]) if all(w in n for n in named[1:])
            and w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def _agent_noun(word: str) -> bool:
    """"container(s)", "consumer's", "scheduler": a noun of "-er" or "-or"."""
    return word.casefold().removesuffix("'s").rstrip("s").endswith(("er", "or"))


def _named_elsewhere(topic: Topic, kb: KnowledgeBase) -> frozenset[str]:
    """Stems another loaded table names things with (its title, subjects, rows): a title
    word among them names neither table ("process" of "Mobile release process" beside a
    privacy table's "Legal basis for processing"). Empty when the title adds no words."""
    if not topic.title_words():
        return frozenset()
    return frozenset(stem(w) for other in kb.topics if other.id != topic.id
                     for name in (other.title, *(n for s in other.subjects
                                                 for n in (s.name, *s.aliases)),
                                  *(n for r in other.rows for n in (r.feature, *r.aliases)))
                     for w in words(name))


def _title_phrases(topic: Topic, named_elsewhere: frozenset[str]) -> list[str]:
    """The title's own words as it runs them together, when one of them names another
    table: "Reference managers: Zotero vs EndNote vs Mendeley" is named by "reference
    managers" though the shipped table's Management row takes "managers" alone ("tl;dr for
    the reference managers" was that row: a library's reviewer, forty-fourth session); only
    with a word of its own ("room status" of "OOO vs OOS - room status", every word of it
    another title's, took "analogy for the room statuses" from "Room status codes")."""
    own, runs, run = set(topic.title_words()), [], []
    naming = set(topic.title_words(with_subjects=True)) - own  # the subjects' words
    for word in [*words(topic.title), ""]:
        if word and word not in naming and word not in STOPWORDS:  # a heading word too:
            run.append(word)  # "reference" of "Reference managers"
            continue
        elsewhere = [stem(w) in named_elsewhere for w in run]
        if len(run) > 1 and own & set(run) and any(elsewhere) and not all(elsewhere):
            runs.append(" ".join(run))
        run = []
    runs += [joined for joined in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", topic.title)
             if set(words(joined)) & own and any(  # "On-call: Primary vs Secondary" beside
                 w in STOPWORDS or stem(w) in named_elsewhere for w in words(joined))]
    return runs  # a "Who to call" row: "on-call tl;dr" was a row (an SRE team's reviewer)


def _one_word(found) -> str:
    """The shortest of these words when they are forms of one word, else ""."""
    return min(found, key=len) if len({stem(w) for w in found}) == 1 else ""


def _in_order(letters: str, word: str) -> bool:
    """Are these letters all in the word, in this order ("mgmt" in "management")?"""
    rest = iter(word)
    return all(letter in rest for letter in letters)


def nearest_word(word: str, candidates_of_length, max_edits: int = 0) -> str:
    """One edit away (two for long words); a swap of two letters beats other edits, and
    a dropped letter beats a wrong one ("relase" is "release", not "relate"): the two
    commonest slips of typing.

    Optimal string alignment counts a swap as one edit, like Damerau-Levenshtein, and
    rapidfuzz computes it bit-parallel; only words of a reachable length are compared."""
    from rapidfuzz import process  # only a word no table uses pays for the import
    from rapidfuzz.distance import OSA

    max_edits = max_edits or (1 if len(word) <= 8 else 2)
    candidates = process.extract(
        word, candidates_of_length(len(word), max_edits), scorer=OSA.distance,
        score_cutoff=max_edits, limit=8,
    )
    if not candidates:
        return word
    letters = sorted(word)
    best = min(candidates, key=lambda c: (
        c[1], sorted(c[0]) != letters, not _in_order(word, c[0]), c[0][0] != word[0]))
    return best[0]


def moved_double(word: str, known) -> str:
    """The known word this one writes with its double letter moved ("refferal" for
    "referral", "tommorow" for "tomorrow"): two edits, but one slip people make often (a
    hospital's "refferal for pos plan?" was a word no table uses), else the word."""
    for at in range(1, len(word)):
        if word[at] != word[at - 1]:
            continue
        single = word[:at] + word[at + 1:]
        for put in range(len(single)):
            doubled = single[:put + 1] + single[put] + single[put + 1:]
            if doubled != word and single[put].isalpha() and doubled in known:
                return doubled
    return word


def swapped_function_word(word: str) -> str:
    """The function word whose two neighbouring letters this short unknown word swaps
    ("teh" -> "the", "adn" -> "and"), else the word: too short to repair otherwise."""
    if len(word) != 3 or word in english_words() or word in STOPWORDS:
        return word
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if swapped in STOPWORDS:
            return swapped
    return word


def coined_word(word: str) -> bool:
    """A word coined from a dictionary word ("laggy", "crashy") and no dictionary word with
    a letter dropped ("costy" is "costly", "realy" "really"): kept as typed, not repaired
    to a word of like spelling ("leggy")."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    return is_derived_word(word) and process.extractOne(
        word, english_of_length(len(word) + 1, 0), scorer=Levenshtein.distance,
        score_cutoff=1) is None


def only_word_missing_a_letter(word: str) -> str:
    """The one dictionary word this short word is with a letter dropped ("lern" ->
    "learn"), else the word: a four-letter word is a letter away from many words, so
    only the commonest slip, and only when it is not ambiguous, repairs it."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    found = {c for c, *_ in process.extract(
        word, english_of_length(len(word) + 1, 0), scorer=Levenshtein.distance,
        score_cutoff=1, limit=None)}
    return found.pop() if len(found) == 1 else word


_english_windows: dict[tuple[int, int], list[str]] = {}


def english_of_length(length: int, spread: int) -> list[str]:
    """Dictionary words of about this length (for typo repair), built once per length."""
    key = (length, spread)
    if key not in _english_windows:
        _english_windows[key] = sorted(w for w in english_words() if abs(len(w) - length) <= spread)
    return _english_windows[key]


def _spells_out(name: str, acronym: str) -> bool:
    """Does the name write its acronym's words too ("Payment arrangement (PA)")? Then people
    type those words or the acronym, and two other words that happen to start so ("pay
    anything", "pink apple") are no spelling of it: a water utility's leak question got its
    billing table's answer (forty-seventh session)."""
    said = [w for w in words(name) if w != acronym.lower()]
    short = acronym.lower()
    return any("".join(w[0] for w in run) == short
               for run in (said, [w for w in said if w not in STOPWORDS]))
