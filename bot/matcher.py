"""Turn a message into an Answer: one engine for the CLI and every Slack surface.

It reads a message the way a fair teacher holding the comparison tables would:
1. clean Slack markup; in a long message, keep the sentence(s) that ask (`bot.reading`);
2. collect the tables' own words found in it (`bot.lexical`): row names and aliases, the
   words of cells and examples, answer-kind cues ("tl;dr", "analogy"), subject names;
3. read what it asks (`bot.reading`) and judge that against each table (`bot.scope`): two
   things compared that are not the table's subjects, a thing to define that the table never
   names, a product it never mentions, a fix-my-setup, how-to, advice or roadmap question:
   evidence that the table does not answer it, however many of its words the question shares;
4. unless the table's words settle it (`bot.words_path`), compare meanings (`bot.semantic`):
   the question against every row's texts and every answer kind's examples, its unfamiliar
   words against the table's words ("ram" ~ "memory"). The model loads on the first such
   question only;
5. decide with two small fitted models (`bot.decision`): a ranker for the rows and a
   classifier for the kind of answer: the best row (and the row of each part of a two-part
   question), the summary, analogy, table or help; "beyond this table" with the closest rows
   as choices; "which comparison?" when two tables fit equally (`bot.routing` chooses the
   table); or out of scope.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from collections import OrderedDict, defaultdict
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

from bot import decision
from bot.answer import (
    INTENTS,
    MAX_ROWS,
    REASON_EMPTY,
    REASON_LANGUAGE,
    REASON_OUT_OF_SCOPE,
    REASON_RELATED,
    REASON_UNSURE,
    Answer,
    Suggestion,
    confidence,
)
from bot.compiled import cached
from bot.knowledge import KnowledgeBase, Topic, teams_first
from bot.lexical import (
    Doc,
    LexicalIndex,
    Phrase,
    english_of_length,
    nearest_word,
)
from bot.reading import (
    ASKING_STEMS,
    CLAUSE_END,
    DIFFERING,
    QUESTION_OPENERS,
    PhraseFinder,
    Reading,
    asked_about,
    contains,
    people_named,
    question_part,
    read,
    small_talk,
    technical_literals,
    typed_capitalised,
)
from bot.routing import TableChoice
from bot.scope import (
    BEYOND_WORDS,
    NAME_KNOWN,
    WORD_KNOWN,
    ScopeJudgement,
)
from bot.text import (
    clean_question,
    english_words,
    in_a_script_we_cannot_read,
    matching_text,
    shorthands,
    stem,
    words,
)
from bot.vocabulary import (
    GREETING,
    HOW_TO_OPENINGS,
    PAGE_WORDS,
    ROW_KINDS,
    SALUTATIONS,
    SIBLING_ROW_KINDS,
    STEPS_ROW_STARTS,
    STOPWORDS,
    WHOLE_WORDS,
)
from bot.words_path import (
    MEANS,
    WordsPath,
)

if TYPE_CHECKING:  # the semantic layer is imported on first use
    from bot.semantic import Meaning, SemanticLayer

PAGE_STEMS = frozenset(stem(w) for w in PAGE_WORDS)

SUBJECT_BONUS = 0.5  # prefer the rows of the comparison whose subjects were named
ROW_KIND_BONUS = 2.0  # "what is X?" -> a Definition-like row; "when should I..." -> Use Case
NEAR_TIE = 0.6  # (words only) a runner-up this close to the best row is shown too

COMPARING_STEMS = frozenset(stem(w) for w in DIFFERING)
SALUTATION_STEMS = frozenset(stem(w) for w in SALUTATIONS)
# words that only ask nicely: "plan types table pls" asks for the table as plainly as
# without them (a hospital's reviewer got a row, forty-seventh session)
POLITE_STEMS = frozenset(stem(w) for w in "please pls plz thx ty cheers".split())
# Where a capital opens a sentence, not a name: a clause's end, or a dash between spaces
# ("A question about PostgreSQL - May I connect...": "May" is no product)
NAME_SENTENCE_END = re.compile(rf"{CLAUSE_END.pattern}|\s[-\u2013\u2014]\s")
# a row answer less likely than this is a question: "did you mean...?" with the closest rows
# as buttons. Leaving a fifth of the tables out at a time (twentieth session), 0.6 answered as
# many questions right as 0.5 over helpers' and people's sets together, with 28% fewer
# out-of-scope questions answered with a row; 0.7 lost two points on helpers' sets
ROW_SURE = 0.6
REMEMBERED_ANSWERS = 4_096  # recent answers, by the question's text
MAX_REMEMBERED_CHARS = 2_000  # a longer text is remembered by its start (all that is read)
GIST_SURE = 0.6  # how sure a summary that says the question's words is, as a score
TIE_GAP = 1.0  # (ranker) a runner-up this close to the best row's score is shown too
PART_MARGIN = 2.0  # a part of "X, and Y?" shows its best row when it clearly prefers it
PART_MARGIN_WORDED = 1.0  # ... or less clearly, when the part uses that row's words
PART_MARGIN_ASKED = 0.5  # ... or barely, when it is one of several questions ("is X? does Y?")
# a part opening so asks on its own; "when the team says X, do they mean Y?" is one question
ASKS_ALONE = QUESTION_OPENERS - {"when"}
PART_WORDS = 0.4
PART_SEM = 0.4  # ... and it is that close in meaning, or shares a word with the part
PART_SEM_ASKED = 0.3  # ... less close, when a question of its own clearly prefers the row
PART_CONTENDERS = 4  # ... and the whole question ranks that row among its first four
# a message of several questions shows another question's best row beside the best (when
# one row would be shown) if the whole message ranks it among its first six and the part
# comes this near in meaning, or shares a word: measured on the tuning tables' helpers' sets
# (twenty-third session), two-row questions 404 -> 422 of 526, with 23 more second rows on
# the 5,300 questions one row answers, and no first row changed
OTHER_QUESTION_CONTENDERS, OTHER_QUESTION_SEM = 6, 0.3
MAX_SAME_NAMED = 5  # rows offered when more than MAX_ROWS share the name words asked
MAX_PARTS = 6
MAX_UNFAMILIAR = 6  # words no table uses, given to the model: names first, then the longest
RELATED_SEM = 0.4  # a row this close in meaning is offered when a question is beyond the table
EXPLAINED_ROWS = 6  # rows nearest in meaning that --explain lists

PART_BREAK = re.compile(r"[?;.!,:+&]+|\b(?:and|also|plus|separately|then)\b", re.IGNORECASE)


class _TopicView:
    """The evidence for answering from one table."""

    def __init__(self, topic: Topic, named: float = 0.0):
        self.topic = topic
        self.named = named  # how much of its subjects the message names
        self.row_features: dict[str, dict[str, float]] = {}
        self.rows: list[tuple[float, Doc]] = []  # strongest first
        self.cues: dict[str, float] = {}  # summary/analogy/table/help cues
        self.beyond: dict[str, float] = {}  # what says it is not ours
        self.beyond_terms: list[str] = []

    @property
    def best_row(self) -> float:
        return self.rows[0][0] if self.rows else 0.0


class Matcher:
    """Build once per knowledge base (milliseconds); `match` is then pure and fast."""

    def __init__(self, kb: KnowledgeBase, semantic: SemanticLayer | None = None):
        self.kb = kb
        self.lexical = cached("lexical", kb.version, lambda: LexicalIndex(kb))
        self._semantic = semantic
        self._answers: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.row_docs = {(d.topic.id, d.row.feature): i for i, d in enumerate(self.lexical.docs)
                         if d.kind == "row"}
        self.row_kinds = {key: kind for key in self.row_docs
                          if (kind := row_kind(key[1])) is not None}
        self.rows_asking = {key: opener for key in self.row_docs if key not in self.row_kinds
                            and (opener := wh_opener(words(key[1])))}  # "Who decides"
        self.example_share = {topic.id: sum(bool(r.examples) for r in topic.rows)
                              / len(topic.rows) for topic in kb.topics}  # once, not per question
        self.with_steps = frozenset(t.id for t in kb.topics if _has_steps_row(t))
        self._prices_stated: dict[str, bool] = {}  # read on the first price question only
        self.how_to_rows = _rows_saying_how_to(kb)  # once: a 10,000-row table is not read
        # again on every "how do I ..." question
        self.examples_asked = _rows_by_example(kb)

    def states_prices(self, topic: Topic) -> bool:
        """Do the table's cells give prices? Read once, on the first question asking one."""
        if topic.id not in self._prices_stated:
            self._prices_stated[topic.id] = _states_prices(topic)
        return self._prices_stated[topic.id]

    @property
    def semantic(self) -> SemanticLayer:
        """The semantic layer, made (and its module imported) on first use only."""
        if self._semantic is None:
            from bot.semantic import SemanticLayer

            self._semantic = SemanticLayer(self.kb)
        return self._semantic

    def match(self, text: str, topic_id: str = "") -> Answer:
        """The answer to one message; `topic_id` answers from that comparison only.

        An answer depends only on the text and the knowledge, so the most recent ones are
        remembered: the question an onboarding channel asks ten times a day is read once."""
        key = (text[: MAX_REMEMBERED_CHARS + 1], topic_id)
        remembered = self._answers.get(key)
        if remembered is None:
            remembered = self._match(text, topic_id)
            with self._lock:
                self._answers[key] = remembered
                if len(self._answers) > REMEMBERED_ANSWERS:
                    self._answers.popitem(last=False)
        return remembered

    def forget(self) -> None:
        """Forget remembered answers (a benchmark measures first sight)."""
        with self._lock:
            self._answers.clear()

    def _match(self, text: str, topic_id: str) -> Answer:
        question = clean_question(text)  # once: every path below reads it
        if in_a_script_we_cannot_read(text):
            topic = self._default_topic()
            offers = tuple(Suggestion.overview(topic)) if topic else ()
            return Answer(question, "none", topic, suggestions=offers, reason=REASON_LANGUAGE)
        chat = small_talk(text, question)
        if chat:  # "thanks!", "ok got it": nothing asked, so a short reply, no gap recorded
            return Answer(question, "help", self._default_topic(), score=100, reason=chat)
        if written := self._a_row_example(question, topic_id):
            return written
        case = self.case(text, topic_id, question)
        if case is None:
            return Answer(question, "help", self._default_topic(), score=100,
                          reason=REASON_EMPTY)
        return case.decide_by_words() or case.with_meaning().decide()

    def _a_row_example(self, question: str, topic_id: str) -> Answer | None:
        """The row whose maintainer wrote this very question as its example: the surest mend
        the docs promise holds even where another row's name says a word of it (a
        warehouse's "Can I use the lift during a fire alarm?", an example of its Don't row,
        went to the row named "Alarm / signal")."""
        found = self.examples_asked.get(" ".join(words(question)))
        if found is None or topic_id and found[0] != topic_id:
            return None
        return self.lookup(Suggestion("row", *found), question)

    def case(self, text: str, topic_id: str = "", question: str | None = None) -> _Case | None:
        """The evidence for one message (None when it has no words): what `match` decides
        on, and what `tools/fit_matcher.py` fits the models to. `question`: the message
        already cleaned, when the caller has it."""
        question = clean_question(text) if question is None else question
        asked = question_part(matching_text(text, question))
        tokens = self.lexical.tokens(asked)
        return _Case(self, question, asked, tokens, topic_id) if tokens else None

    def explain(self, text: str) -> list[tuple[str, str, float]]:
        """(what, evidence, weight) for every piece of evidence: for tuning knowledge."""
        case = self.case(text)
        return case.with_meaning().explanation() if case else []

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
            if name == stems or (len(stems) > 1 and contains(name, stems)):
                return kind
    return None


WH_OPENERS = ("how long", "how much", "how many", "how often", "how fast", "how quickly",
              "who", "when", "where", "why")


def wh_opener(said: list[str], anywhere: bool = False) -> str:
    """The question word a row name or a question opens with ("Who decides" -> who, "How
    long it lasts" -> how long); `anywhere`: among the words given ("ok so who pays")."""
    starts = range(len(said)) if anywhere else range(1)
    for at in starts:
        for opener in WH_OPENERS:
            if said[at:at + len(opener.split())] == opener.split():
                return opener
    return ""


def _drawn_out(token: str) -> bool:
    """Is the word an everyday one with a letter held ("sooo slow", "pleeease", "whyyy")?
    No word or name repeats a letter three times; cut to one or two, it is a word."""
    if not re.search(r"(.)\1\1", token) or len(set(token)) < 2:  # "www", "xxx"
        return False
    return any(re.sub(r"(.)\1{2,}", kept, token) in english_words() for kept in (r"\1", r"\1\1"))


class _Case(WordsPath, ScopeJudgement, TableChoice):
    """One message being decided: the evidence, per table, for every possible answer. The
    answers its words settle alone (`WordsPath`), whether a table answers it or only shares
    its words (`ScopeJudgement`) and which table answers (`TableChoice`) are its parts, each
    in a module of its own."""

    def __init__(self, matcher: Matcher, question: str, asked: str, tokens: list[str],
                 topic_id: str):
        self.m, self.question, self.asked, self.tokens = matcher, question, asked, tokens
        self.stems = [stem(t) for t in tokens]
        self.hits = matcher.lexical.hits(tokens)
        clauses = [matcher.lexical.tokens(c) for c in CLAUSE_END.split(asked)]
        self.reading: Reading = read([c for c in clauses if c])
        self.meaning: Meaning | None = None
        self.kin: dict[str, tuple[str, float]] = {}  # unfamiliar word -> nearest table word
        self.strange = self._strange_words()
        self.strange += [n for n in self._names(asked) if n not in self.strange]
        self.topics = [t for t in matcher.kb.topics if not topic_id or t.id == topic_id]
        self.views = [self._view(t) for t in self.topics]

    # ------------------------------------------------------------ the words
    def _strange_words(self) -> list[str]:
        """Words no table uses, the dictionary does not know and are no typo of a word it
        knows: names of other products, objects or errors ("kubelet", "k3s")."""
        lexical, found = self.m.lexical, []
        people = people_named(self.tokens, self._capitalised)
        for token in dict.fromkeys(self.tokens):
            if lexical.knows(token) or len(token) < 3 or token[0].isdigit() or token in people:
                continue  # "3am", "10x": amounts and times, not names
            if token in english_words() or _drawn_out(token):  # loaded only for a word no
                continue  # table uses; "sooo", "pleeease": a word said slowly, no name
            if len(token) > 4 and token.isalpha() and not _is_compound(token) and (
                nearest_word(token, english_of_length) != token
            ):
                continue  # a typo of an everyday word ("dissappears"); short words are a
                # letter from many others, so "dns" stays a name
            found.append(token)
        return found

    @cached_property
    def _capitalised(self) -> frozenset[str]:
        """The words of the question typed with a capital (a colleague's name, "Sam")."""
        return typed_capitalised(self.asked)

    def _names(self, asked: str) -> list[str]:
        """Capitalised words inside a sentence that no table uses ("Registrator", "Ping"):
        people write the names of things that way. Ignored in a title-cased message."""
        found, people = [], people_named(words(asked), self._capitalised)  # not a repair
        for sentence in NAME_SENTENCE_END.split(asked):
            typed = re.findall(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*", sentence)  # not 21"KC"
            capitals = [w for w in typed[1:] if w[0].isupper() and w != "I"]
            if not typed or len(capitals) * 2 > len(typed) - 1:
                continue
            found += [w.lower() for w in capitals if w.lower() not in people
                      and not self.m.lexical.knows(w.lower())
                      and not self.m.lexical.written_short(w.lower())  # "K8s"
                      and not self.m.lexical.subject_named(w.lower())]  # "Postgres", "Protobuf"
        return list(dict.fromkeys(found))

    def _is_kin(self, word: str) -> bool:
        """Does an unfamiliar word mean what some table word means? A name the dictionary
        does not know must be closer: "kubelet" shares letters, not meaning, with
        "kubernetes"."""
        sim = self.kin.get(word, ("", 0.0))[1]
        is_name = word in self.strange and not _is_compound(word)
        return sim >= (NAME_KNOWN if is_name else WORD_KNOWN)

    def coverage(self, view: _TopicView) -> float:
        """Share of the question's content words that this table's rows, cues or subjects
        explain, or that mean nearly what a table word means. Another table's words
        explain nothing here: a table is judged as it would be alone."""
        content = self._content_stems - self.m.lexical.subjects_of[view.topic.id]
        return 1.0 - len(self._unexplained(view, content)) / len(content) if content else 1.0

    @cached_property
    def _content_stems(self) -> set[str]:
        lexical = self.m.lexical
        return {
            stem(t) for t in self.tokens if t not in STOPWORDS and (
                lexical.knows(t) or t in self.strange or t in english_words())
        }

    def _unexplained(self, view: _TopicView, content: set[str]) -> set[str]:
        """The content words (as stems) that nothing of this table explains and that mean
        nothing near a table word."""
        docs = self.m.lexical.docs
        explained = {w for d, phrases in self.hits.items() if docs[d].kind != "offtopic"
                     and (docs[d].topic is None or docs[d].topic.id == view.topic.id)
                     for phrase in phrases for w in phrase}
        explained |= {stem(w) for w in self.kin if self._is_kin(w)}
        return content - explained

    @cached_property
    def _manners(self) -> frozenset[str]:
        """The stems of words that only greet, thank, or address the bot ("hey", "thanks",
        the "bot" of "hey bot"); "is this bot only for X?" asks about the bot itself."""
        addressed = any(stem(a) in SALUTATION_STEMS and b == "bot"
                        for a, b in zip(self.tokens, self.tokens[1:], strict=False))
        return SALUTATION_STEMS | POLITE_STEMS | ({"bot"} if addressed else set())

    def _cue_counts(self, kind: str, phrase: Phrase, weight: float, row_said: set[str],
                    table_said: set[str], kind_said: set[str]) -> bool:
        """Does a kind's cue ask for that kind here? Not when its words are only the rows'
        own thing among their other words ("helm chart versions", "hash table lookups"),
        nor, for help, when the message asks something besides. The kind's cues are judged
        together: "show me the full table" asks for the table even where cells say "full
        scans" and "Iceberg tables"."""
        if set(phrase) <= row_said and not row_said <= kind_said:
            return False
        return kind != "help" or not self._help_beside_a_question(phrase, weight, table_said)

    def _a_page(self, phrase: Phrase, elsewhere: set[str]) -> bool:
        """A word for the page after a word for all of it or another table's name ("the
        whole table", "full chart", "the ingestion table"): it asks to see a comparison,
        even where a subject is called "table" (dbt's view, table and incremental), whose
        name it then does not say; alone ("is a view a real table?") it names that subject
        and asks for no table."""
        return len(phrase) == 1 and phrase[0] in PAGE_STEMS and any(
            stem(word) == phrase[0] and (before in WHOLE_WORDS or stem(before) in elsewhere)
            for before, word in pairwise(self.tokens))

    def _help_beside_a_question(self, phrase: Phrase, weight: float,
                                table_said: set[str]) -> bool:
        """A help cue that asks for help only alone, in a message that asks more: a greeting
        ("hey bot, which one scales?"), "help" in a question asking who ("who can help?"),
        or a word like "how to use", "commands" or "usage"
        beside the table's own words ("how to use OnCalendar", "what's the command to tail a
        pod's logs"). "bot" itself still asks about the bot ("is this bot only for X?")."""
        if self._only_greets:
            return False
        if set(phrase) <= self._manners:
            return True
        if weight > GREETING or phrase == ("bot",):
            return False
        if "who" in self.tokens:
            return True  # "I cut my finger, who can help": a person, not the bot's menu
        return bool(table_said - set(phrase))

    @cached_property
    def _only_greets(self) -> bool:
        """Is every word a greeting, a thanks, "help" or a word that only asks ("hey bot!",
        "thanks!", "help?")? Such words ask for help on their own; beside a real question
        ("hey bot, which one scales better?") they are manners, not a request for help."""
        docs = self.m.lexical.docs
        help_words = {w for d, phrases in self.hits.items() if docs[d].kind == "help"
                      for phrase in phrases for w in phrase}
        said = {stem(t) for t in self.tokens if t not in STOPWORDS}
        return said <= help_words | ASKING_STEMS

    # ------------------------------------------------------------ one table
    def _view(self, topic: Topic) -> _TopicView:
        view = _TopicView(topic)
        docs = self.m.lexical.docs
        row_said = {w for d, phrases in self.hits.items()  # the rows' own words, as asked
                    if docs[d].kind == "row" and docs[d].topic.id == topic.id
                    for phrase in phrases for w in phrase}
        table_said = row_said | {w for d, phrases in self.hits.items()
                                 if docs[d].kind == "subject" and docs[d].topic.id == topic.id
                                 for phrase in phrases for w in phrase}
        subject_said = table_said - row_said
        elsewhere = {w for d, phrases in self.hits.items()  # what names other tables
                     if docs[d].kind == "subject" and docs[d].topic.id != topic.id
                     for phrase in phrases for w in phrase}
        for d, phrases in self.hits.items():
            doc = docs[d]
            if doc.kind in ("subject", "row", "offtopic") and doc.topic.id != topic.id:
                continue
            if doc.kind == "subject":
                view.named += sum(w for p, w in phrases.items() if not self._a_page(p, elsewhere))
            elif doc.kind == "row":
                self._add_words(view.row_features, d, phrases)
            elif doc.kind in INTENTS:
                kind_said = {w for p in phrases for w in p}
                said = [w for p, w in phrases.items()
                        if self._cue_counts(doc.kind, p, w, row_said, table_said, kind_said)
                        and not (doc.kind == "table" and set(p) <= subject_said
                                 and not self._a_page(p, elsewhere))]
                if said:
                    view.cues[doc.kind] = sum(said)
        asked = self._row_kind_asked(view.topic, self.tokens, self.reading.about, view.named)
        self._mark_row_kinds(view.row_features, topic, asked)
        if "definition" in asked and not self._rows_of_kind(topic, "definition"):
            # "what is a VM?" and no row defines it: the summary says what each one is
            view.cues["summary"] = view.cues.get("summary", 0.0) + ROW_KIND_BONUS
        self._judge_beyond(view)
        self._rank_by_words(view)
        return view

    def _row_kind_asked(self, topic: Topic, tokens: list[str], about: tuple[str, ...],
                        named: float) -> set[str]:
        """"what is X" asks for a Definition-like row when X is a subject; "when should I
        use it" for a Use Case-like row; and so on, for every table that has one."""
        joined = " ".join(tokens)
        asked = {kind for kind, finder in _ROW_KIND_FINDERS.items() if finder.search(joined)}
        if USE_FOR.search(joined):  # "what do people use udp for", "pick it for"
            asked.add("use_case")
        if MEANS.search(joined):  # a hotel's "what does VD mean", beside "What it means"
            asked.add("definition")
        if len(asked) > 1:
            asked.discard("definition")  # "what is the point of it": purpose, not definition
        if "definition" in asked and not (self._is_ours(about, topic, False) if about
                                          else named):
            asked.discard("definition")  # "what is a statefulset": no row of ours defines it
        opener = wh_opener(tokens[:4], anywhere=True)
        return asked | ({f"wh:{opener}"} if opener else set())

    def _mark_row_kinds(self, features: dict[str, dict[str, float]], topic: Topic,
                        asked: set[str]) -> None:
        """Mark the rows of each kind asked; a kind the table has no row of falls to its
        sibling kind's row."""
        kinds = {kind for (t, _), kind in self.m.row_kinds.items() if t == topic.id}
        asked = asked | {SIBLING_ROW_KINDS[k] for k in asked - kinds if k in SIBLING_ROW_KINDS}
        for (topic_id, feature), kind in self.m.row_kinds.items():
            if topic_id == topic.id and kind in asked:
                features.setdefault(feature, {})["row_kind"] = 1.0
        for (topic_id, feature), opener in self.m.rows_asking.items():
            if topic_id == topic.id and f"wh:{opener}" in asked:  # "who can void a policy"
                features.setdefault(feature, {})["row_kind"] = 1.0  # beside "Who can sign
                # it off": a row named as a question answers that question's kind

    def _whole_row_names(self, topic: Topic) -> list[str]:
        """The rows whose whole name (or alias) the message says, in the order said."""
        stems = [stem(t) for t in self.tokens]
        found = (self._row_named_at(topic, stems, at)[1] for at in range(len(stems)))
        return list(dict.fromkeys(row for row in found if row))

    def _row_named_at(self, topic: Topic, stems: list[str], at: int) -> tuple[int, str]:
        """The longest row name (or alias) the words say from `at` on: (its length in
        words, the row), or (0, "")."""
        named_by, lexical = self.m.lexical.row_named_by, self.m.lexical
        for size in range(min(lexical.longest_row_name.get(topic.id, 0), len(stems) - at), 0,
                          -1):
            row = named_by.get((topic.id, tuple(stems[at:at + size])))
            if row:
                return size, row
        return 0, ""

    def _how_to_verb(self) -> str:
        """The verb of "how do I <verb> ...", "how to <verb>": steps to follow, more often
        than a difference to learn."""
        tokens = self.tokens
        for opening in HOW_TO_OPENINGS:
            size = len(opening)
            for start in range(len(tokens) - size):
                if tuple(tokens[start : start + size]) == opening and not (
                        self._in_a_subjects_name(start, start + size + 1)):
                    verb = tokens[start + size]
                    return "" if verb in STOPWORDS else verb
        return ""

    def _in_a_subjects_name(self, start: int, end: int) -> bool:
        """Are the message's words from `start` to `end` part of a subject's name ("how to
        question" of a support team's "How-to question", read as asking for steps)?"""
        said = [stem(t) for t in self.tokens[start:end]]
        for topic in self.m.kb.topics:
            for name in (n for s in topic.subjects for n in (s.name, *s.aliases)):
                stems = [stem(w) for w in words(name)]
                if len(stems) >= len(said) and any(stems[at:at + len(said)] == said
                                                   for at in range(len(stems) - len(said) + 1)):
                    return True
        return False

    def _rank_by_words(self, view: _TopicView) -> None:
        """Rows by the table's words alone (the words-only path, and before meaning)."""
        docs, bonus = self.m.row_docs, (SUBJECT_BONUS if view.named else 0.0)
        scored = []
        for feature, f in view.row_features.items():
            score = f.get("name", 0.0) + f.get("words", 0.0) + f.get("kin", 0.0) + bonus
            score += ROW_KIND_BONUS * f.get("row_kind", 0.0)
            scored.append((score, self.m.lexical.docs[docs[(view.topic.id, feature)]]))
        view.rows = sorted(scored, key=lambda pair: -pair[0])

    # ------------------------------------------------------------ meaning
    @cached_property
    def parts(self) -> list[str]:
        """The parts of a question that asks several things, each with words of its own
        (or a way of asking for a kind of row: "and what is it for?")."""
        parts = [" ".join(self.m.lexical.tokens(c))
                 for c in PART_BREAK.split(shorthands(self.asked))]  # "tl;dr" is one part
        parts = [p for p in parts if any(w not in STOPWORDS for w in p.split())
                 or _asks_row_kind(p)]
        return parts[:MAX_PARTS] if len(parts) > 1 else []

    def unfamiliar(self) -> list[str]:
        """Words no table uses (the longest few): the semantic layer finds their nearest
        table word."""
        found = [t for t in dict.fromkeys(self.tokens)
                 if t not in STOPWORDS and not self.m.lexical.knows(t) and len(t) > 1]
        keep = set(sorted(found, key=lambda t: (t not in self.strange, -len(t)))[:MAX_UNFAMILIAR])
        return [t for t in found if t in keep]

    def with_meaning(self) -> _Case:
        """Ask the semantic layer (one batch: the question, its parts, its unfamiliar
        words), then judge every table again and rank its rows with the fitted ranker."""
        meaning = self.m.semantic.meaning(" ".join(self.tokens), self.parts,
                                          self.unfamiliar())
        self.meaning, self.views = meaning, []
        for topic in self.topics:  # each table judged by its own vectors, as if alone
            self.kin = meaning.of(topic.id).kin
            view = self._view(topic)
            self._add_kin(view)
            self._add_meaning(view, meaning.of(topic.id))
            self.views.append(view)
        self.kin = meaning.kin
        self.rank()
        return self

    def _add_kin(self, view: _TopicView) -> None:
        """"ram" counts where "memory" would, a little less."""
        docs = self.m.lexical.docs
        for word, (kin, sim) in self.kin.items():
            if not self._is_kin(word):
                continue
            for d, weight in self.m.lexical.word_hits(stem(kin)).items():
                if docs[d].kind == "row" and docs[d].topic.id == view.topic.id:
                    features = view.row_features.setdefault(docs[d].row.feature, {})
                    features["kin"] = features.get("kin", 0.0) + weight * sim

    def _add_meaning(self, view: _TopicView, meaning: Meaning) -> None:
        sims = {f: by_kind for (t, f), by_kind in meaning.whole.rows.items()
                if t == view.topic.id}
        add_semantic_features(view.row_features, sims)
        for (topic_id, feature), mean in meaning.whole.means.items():
            if topic_id == view.topic.id:
                view.row_features[feature]["sem_mean"] = mean
        for (topic_id, feature), soft in meaning.soft_rows.items():
            if topic_id == view.topic.id and soft:
                view.row_features.setdefault(feature, {})["soft"] = soft
        for part in meaning.parts:  # the part of a long question that is about the row
            for (topic_id, feature), by_kind in part.rows.items():
                if topic_id == view.topic.id:
                    f = view.row_features.setdefault(feature, {})
                    f["sem_part"] = max(f.get("sem_part", 0.0), max(by_kind.values()))
        for f in view.row_features.values():
            f.setdefault("sem_part", f.get("sem", 0.0))

    def _ranked(self, view: _TopicView, features: dict[str, dict[str, float]],
                weights: decision.Weights | None = None):
        docs = self.m.lexical.docs
        scored = [(decision.row_score(f, weights), docs[self.m.row_docs[(view.topic.id, name)]])
                  for name, f in features.items()]
        return sorted(scored, key=lambda pair: -pair[0])

    def rank(self, weights: decision.Weights | None = None) -> None:
        """Rank every table's rows again (with other ranker weights, when fitting them)."""
        for view in self.views:
            view.rows = self._ranked(view, view.row_features, weights)

    # ------------------------------------------------------------ features
    def answer_features(self, view: _TopicView,
                        phrasing: dict[str, float] | None = None) -> dict[str, float]:
        """What the answer classifier reads: how well the best row fits, the cues and
        meaning of each kind of answer, how the question is phrased (`phrasing`: signs a
        fit supplies from a regression that never saw this table), and every sign that the
        table does not answer it."""
        top = view.rows[0] if view.rows else None
        best = view.row_features.get(top[1].row.feature, {}) if top else {}
        kinds = self.meaning.of(view.topic.id).whole.kinds if self.meaning else {}
        features = {
            "row_top": top[0] if top else 0.0,
            "row_gap": top[0] - view.rows[1][0] if len(view.rows) > 1 else (
                top[0] if top else 0.0),
            "row_sem": best.get("sem", 0.0),
            "row_lex": best.get("name", 0.0) + best.get("words", 0.0),
            "coverage": self.coverage(view),
            "named": min(view.named, 2.0),
            "strange": float(len(self.strange)),
            "length": math.log1p(sum(t not in STOPWORDS for t in self.tokens)),
            "examples": self.m.example_share[view.topic.id],
            "technical": technical_literals(self.question),
            **_standing_out(view),
            **{f"cue_{k}": view.cues.get(k, 0.0) for k in INTENTS},
            **{f"sem_{k}": max(kinds.get(("", k), 0.0), kinds.get((view.topic.id, k), 0.0))
               for k in INTENTS},
        }
        if phrasing is None and self.meaning is not None and self.meaning.vector is not None:
            phrasing = decision.phrasing_features(self.meaning.vector)
        features.update(phrasing or {})
        features.update(view.beyond)
        return features

    def _rows_of_kind(self, topic: Topic, kind: str) -> list[str]:
        """The table's rows of one common kind ("definition": Definition, What it is)."""
        return [f for (t, f), k in self.m.row_kinds.items() if t == topic.id and k == kind]

    def _names_both_subjects(self, topic: Topic) -> bool:
        """Does the message name two of the table's subjects? A word every subject's name
        has ("launch" of Soft launch vs Global launch) names none of them alone: "a soft
        launch vs a hotfix" names one. (A name made only of such words, Docker beside
        Docker Compose, is still named by them.)"""
        names = [[w for name in (s.name, *s.aliases) for w in words(name)]
                 for s in topic.subjects]
        shared = set.intersection(*({stem(w) for w in ws} for ws in names)) if names else set()
        started = {self.m.lexical.subject_word_started(t, topic.id) for t in self.tokens}
        said = {stem(t) for t in self.tokens}
        named = [ws for ws in names
                 if any(stem(w) in said or w in started
                        for w in ([w for w in ws if stem(w) not in shared] or ws))]
        return len(named) >= 2

    def _subject_stems(self, topic: Topic) -> set[str]:
        """Every word of the table's subject names and their aliases, as stems."""
        return {w for name in self.m.lexical.topic_subjects[topic.id] for w in name}

    def decide(self) -> Answer:
        view, rival = self.focus_view()
        if view is None:
            return Answer(self.question, "none", None, reason=REASON_OUT_OF_SCOPE)
        if self.unrelated(view):
            return self._gist_saying_it() or self.decline(view)
        if across := self._sides_of_two_tables():
            return self.which_topic(*across)
        probabilities = decision.answer_probabilities(self.answer_features(view))
        kind = max(probabilities, key=probabilities.get)
        if kind == "row" and len(self._tables_sharing_the_row_asked) > 1:
            return self.which_topic(*self._tables_sharing_the_row_asked)
        if kind == "row" and rival is not None:
            rival_kind = max((p := decision.answer_probabilities(self.answer_features(rival))),
                             key=p.get)
            if rival_kind == "row":
                return self.which_topic(view, rival)
        if kind == "row" and view.rows and probabilities["row"] >= ROW_SURE:
            return self.row_answer(view, score=probabilities["row"])
        if kind == "summary" and self._compares_a_thing_no_table_word_names(view):
            return self.decline(view)  # "the difference between a switch and a hub"
        if kind in INTENTS:
            return self.which_of_all(kind) or Answer(self.question, kind, view.topic,
                                                     score=round(100 * probabilities[kind]))
        return self._gist_saying_it() or self.decline(view, unsure=kind == "row")

    def _a_rows_word(self, word: str, topic: Topic) -> bool:
        """Does a row of the table say the word, in its name or a cell?"""
        lexical, word = self.m.lexical, stem(word)
        return word in lexical.row_name_stems[topic.id] or any(
            lexical.docs[d].kind == "row" and lexical.docs[d].topic.id == topic.id
            for d in lexical.word_hits(word))

    def _gist_saying_it(self) -> Answer | None:
        """The summary of the one table whose summary says two words of the question
        together, words no row says ("what's the danger zone": a kitchen's rule for every
        dish is in its tl;dr, and was declined as beyond the table). A team writes there
        what holds for every row; words rows use ("multiple machines", "high throughput"),
        or a subject's name ("scale containers"), are no sign of it."""
        pairs = {(a, b) for a, b in pairwise(self.tokens)
                 if a not in STOPWORDS and b not in STOPWORDS and a.isalpha() and b.isalpha()}
        saying = [topic for topic in self.m.kb.topics if pairs and topic.summary and any(
            _says(" ".join(topic.summary), pair) and not any(
                self._a_rows_word(word, topic) for word in pair)
            and not {stem(w) for w in pair} & self._subject_stems(topic) for pair in pairs)]
        if len(saying) != 1:
            return None
        return Answer(self.question, "summary", saying[0], score=round(100 * GIST_SURE))

    def row_answer(self, view: _TopicView, by_words: bool = False, score: float = 0.0) -> Answer:
        """The best row of each part of a many-part question, in the order asked; else the
        best row and one runner-up that is as good as tied."""
        best_score, best = view.rows[0]
        if self._asks_a_figure_no_row_gives(view):
            return self.decline_as_related(view)
        confidence_ = confidence(best_score) if by_words else round(100 * score)
        if not by_words:
            by_part = self.part_rows(view)
            if len(by_part) > 1:
                rows = [view.topic.row(f) for f in by_part][:MAX_ROWS]
                return Answer(self.question, "row", view.topic, tuple(rows), confidence_)
        chosen = [best.row] + [view.topic.row(f) for f in self.same_named_rows(
            view, best.row.feature)]
        if len(chosen) > MAX_ROWS:  # "support?" and five Support rows: which one?
            offered = tuple(Suggestion("row", view.topic.id, r.feature) for r in chosen)
            return Answer(self.question, "none", view.topic, (), 0,
                          offered[:MAX_SAME_NAMED], REASON_UNSURE)
        if len(chosen) > 1:
            return Answer(self.question, "row", view.topic, tuple(chosen), confidence_)
        if len(view.rows) > 1:
            runner_score, runner = view.rows[1]
            tied = (runner_score >= NEAR_TIE * best_score if by_words
                    else runner_score >= best_score - TIE_GAP)
            if tied:
                chosen.append(runner.row)
        if len(chosen) == 1 and not by_words:
            other = self.other_question_row(view, best.row.feature)
            if other:
                chosen.append(view.topic.row(other))
        return Answer(self.question, "row", view.topic, tuple(chosen), confidence_)

    def same_named_rows(self, view: _TopicView, feature: str) -> list[str]:
        """The other rows whose names share what the question asks, when it asks nothing
        more ("support?", "tell me about the support" beside Support hours, Support channels
        and Support response time): a word several row names share asks about them all, and
        picking one of them would be a guess. In the ranker's order. (Looked up by word, so
        a 10,000-row table costs no more.)"""
        lexical, tid = self.m.lexical, view.topic.id
        asked = lexical.name_stems_of.get((tid, feature), frozenset()) & self._content_stems
        if not asked or self._content_stems - self._subject_stems(view.topic) - asked:
            return []
        said = self._row_words_said(view)
        candidates = [f for f in lexical.rows_named[(tid, min(asked))] if f != feature
                      and lexical.name_stems_of[(tid, f)] & self._content_stems == asked
                      and said.get(f, frozenset()) == said.get(feature, frozenset())]
        if not candidates:
            return []
        order = {doc.row.feature: at for at, (_, doc) in enumerate(view.rows)}
        return sorted(candidates, key=lambda f: order.get(f, len(order)))

    def _row_words_said(self, view: _TopicView) -> dict[str, frozenset[Phrase]]:
        """Each row of this table: the phrases of the question that are its words."""
        docs = self.m.lexical.docs
        return {docs[d].row.feature: frozenset(phrases) for d, phrases in self.hits.items()
                if docs[d].kind == "row" and docs[d].topic.id == view.topic.id}

    def part_rows(self, view: _TopicView) -> list[str]:
        """The best row of each part of "how do X scale, and how do they recover?", in the
        order asked, when the part names that row or clearly prefers it, and the whole
        question ranks it high too: a question that asks two things gets both rows, one
        that mentions one in passing does not. A row an earlier part took is no rival for a
        later part's own row: people add a part to ask something new."""
        parts = self.parts
        if not parts or not view.rows or self.meaning is None:
            return []
        contenders = {d.row.feature for _, d in view.rows[:PART_CONTENDERS]}
        several = sum(p.split()[0] in ASKS_ALONE for p in parts) > 1  # "is X, and does Y?"
        found = []
        for tokens, features, everyone in self._parts_ranked(view):
            ranked = [(score, doc) for score, doc in everyone if doc.row.feature not in found]
            if not ranked:
                continue
            (best, doc), runner = ranked[0], (ranked[1][0] if len(ranked) > 1 else 0.0)
            feature = doc.row.feature
            own = features.get(feature, {})
            named = own.get("name", 0.0) > 0 or own.get("row_kind", 0.0) > 0  # "what is X"
            asks_alone = several and tokens[0] in ASKS_ALONE
            own_best = everyone[0][1].row.feature == feature  # not what an earlier part took
            if feature in contenders and (
                    named or _prefers(own, best - runner, asks_alone, own_best)):
                found.append(feature)
        return found

    def other_question_row(self, view: _TopicView, shown: str) -> str | None:
        """The row of another question in the same message ("which is cheaper, and which is
        better on taxes?"), when the message asks two or more questions of its own and only
        one row would be shown: its best row, if the whole message ranks it high and it
        comes near in words or meaning. Each question asked deserves its row, even when the
        part prefers it only a little; a part that only adds context does not ask."""
        if not self.parts or self.meaning is None:
            return None
        if sum(p.split()[0] in ASKS_ALONE for p in self.parts) < 2:
            return None
        contenders = {d.row.feature for _, d in view.rows[:OTHER_QUESTION_CONTENDERS]}
        for tokens, features, ranked in self._parts_ranked(view):
            if not ranked or tokens[0] not in ASKS_ALONE:
                continue
            feature = ranked[0][1].row.feature
            own = features.get(feature, {})
            if feature != shown and feature in contenders and (
                    own.get("sem", 0.0) >= OTHER_QUESTION_SEM or _shares_words(own)):
                return feature
        return None

    def _parts_ranked(self, view: _TopicView):
        """Each part of the question: its words, its rows' evidence, and its rows ranked."""
        for part, meaning in zip(self.parts, self.meaning.parts, strict=False):
            tokens = part.split()
            features = self._part_features(view, tokens)
            asked = self._row_kind_asked(view.topic, tokens, asked_about(tokens), view.named)
            self._mark_row_kinds(features, view.topic, asked)
            sims = {f: by_kind for (t, f), by_kind in meaning.rows.items() if t == view.topic.id}
            add_semantic_features(features, sims)
            yield tokens, features, self._ranked(view, features)

    def _part_features(self, view: _TopicView, tokens: list[str]) -> dict[str, dict[str, float]]:
        """The table's words in one part of the question, per row (as `_view` does)."""
        docs, features = self.m.lexical.docs, {}
        for d, phrases in self.m.lexical.hits(tokens).items():
            if docs[d].kind == "row" and docs[d].topic.id == view.topic.id:
                self._add_words(features, d, phrases)
        return features

    def _add_words(self, features: dict[str, dict[str, float]], doc: int,
                   phrases: dict[Phrase, float]) -> None:
        """A row's evidence from the table's words: its name, a part of it, aliases and
        vocabulary ("name"), or the words of its cells and examples ("words")."""
        row = features.setdefault(self.m.lexical.docs[doc].row.feature, {})
        for phrase, weight in phrases.items():
            origin = self.m.lexical.origin(doc, phrase)
            if origin == "part" and any(len(other) > len(phrase) and contains(other, phrase)
                                        for other in phrases):
                continue  # "repeats" inside "repeats erd": the whole name, counted once
            key = "name" if origin in ("name", "vocabulary", "part") else "words"
            row[key] = row.get(key, 0.0) + weight

    def decline(self, view: _TopicView, unsure: bool = False) -> Answer:
        """No answer: beyond the table but about it (offer the rows it comes close to),
        unsure between rows (a row was likeliest, but not likely enough: offer the rows,
        the ranker's first among them), or out of scope
        (offer the one row nearest it, if any, before the overview: a row question
        declined by mistake is then one tap away)."""
        topic = view.topic
        close = [Suggestion("row", topic.id, d.row.feature) for s, d in view.rows[:3]
                 if _near(view.row_features.get(d.row.feature, {}))]
        term = self._as_typed(view.beyond_terms[0]) if view.beyond_terms else ""
        beyond = any(k != "sides_ours" for k in view.beyond)
        if not close and view.named and not beyond and view.rows:  # "how much do assessors
            close = [Suggestion("row", topic.id, view.rows[0][1].row.feature)]  # charge":
            # the subject named, nothing against it: its likeliest row, not only the overview
        about_table = view.named or any(_shares_words(view.row_features.get(s.feature, {}))
                                        for s in close)
        if close and beyond and about_table:
            return Answer(self.question, "none", topic, (), 0,
                          tuple(self._and_the_summary(close, topic)), REASON_RELATED, term)
        unsure = not beyond and (unsure or view.named or self.coverage(view) > 0.5)
        reason = REASON_UNSURE if close and unsure else REASON_OUT_OF_SCOPE
        suggestions = close if reason == REASON_UNSURE else close[:1]
        if reason == REASON_UNSURE and view.rows:  # the likeliest row first, even a hair
            first = view.rows[0][1].row.feature  # under the bar for offering one (a bank's
            if first not in {c.feature for c in close}:  # leak row, at 0.3999 < 0.4)
                suggestions = [Suggestion("row", topic.id, first), *suggestions][:3]
        if not suggestions and not view.named and len(self.m.kb.topics) > 1:
            suggestions = self._every_summary()  # not the parts of a table it is not about
        elif len(suggestions) < 3:
            suggestions += Suggestion.overview(topic)
        elif reason == REASON_UNSURE:
            suggestions = self._and_the_summary(suggestions, topic)
        return Answer(self.question, "none", topic, (), 0, tuple(suggestions[:4]), reason,
                      term if reason == REASON_OUT_OF_SCOPE else "")

    def _and_the_summary(self, rows: list[Suggestion], topic: Topic) -> list[Suggestion]:
        """The rows offered, and the summary after them when the message names both things
        compared ("containers vs kubernetes - what does that even mean?"): how the two
        differ may be all that was asked, and three rows alone did not offer it."""
        if len(rows) < 3 or not self._names_both_subjects(topic):
            return rows
        return [*rows[:3], Suggestion("summary", topic.id)]

    def _every_summary(self) -> list[Suggestion]:
        """Each loaded comparison's summary, named by its title: what a question near none
        of them can be offered. Offering the parts of whichever table it came least far
        from ("how do I reset my password" -> a storage table's Summary and Full table)
        pointed at a table it had nothing to do with. A team's own first, as help lists
        them."""
        return [Suggestion("summary", t.id, t.title) for t in teams_first(self.m.kb.topics)[:4]]

    def _as_typed(self, term: str) -> str:
        """A term the reply names, in the asker's own words rather than their repairs."""
        typed = self.m.lexical.as_typed(self.asked)
        return " ".join(typed.get(word, word) for word in term.split())

    @cached_property
    def _kind_cue_words(self) -> set[str]:
        """The message's words that ask for a kind of answer ("tldr", "analogy", "table")."""
        docs = self.m.lexical.docs
        return {w for d, phrases in self.hits.items() if docs[d].kind in INTENTS
                for phrase in phrases for w in phrase}

    @cached_property
    def _only_asking(self) -> set[str]:
        """Words that ask to be shown something, for a kind of answer, or how things compare:
        they name nothing ("show", "whole", "table", "difference")."""
        return self._kind_cue_words | ASKING_STEMS | COMPARING_STEMS

    # ------------------------------------------------------------ explaining
    def explanation(self) -> list[tuple[str, str, float]]:
        """Every piece of evidence, in words a maintainer recognises (as typed, not stems)."""
        docs, lines = self.m.lexical.docs, []
        for d, phrases in self.hits.items():
            doc = docs[d]
            what = doc.row.feature if doc.row else (f"{doc.kind}:{doc.term}" if doc.term
                                                     else doc.kind)
            what += self._of_table(doc.topic.id if doc.topic else "")
            lines += [(what, " ".join(_as_typed(p, self.tokens, self.stems)), round(w, 2))
                      for p, w in phrases.items()]
        if self.meaning is not None:  # the rows nearest in meaning, not all of a big table
            nearest = heapq.nlargest(EXPLAINED_ROWS, self.meaning.whole.rows.items(),
                                     key=lambda item: max(item[1].values()))
            for (topic_id, feature), by_kind in nearest:
                sim = max(by_kind.values())
                lines.append((feature + self._of_table(topic_id),
                              f"meaning (similarity {sim:.2f})", round(sim, 2)))
            for (topic_id, kind), sim in self.meaning.whole.kinds.items():
                source = "the table's examples" if topic_id else "ways of asking"
                lines.append((kind + self._of_table(topic_id),
                              f"meaning of {source} ({sim:.2f})", round(sim, 2)))
        for word, (kin, sim) in self.kin.items():
            lines.append(("word", f"{word} ~ {kin}", round(sim, 2)))
        view = self.focus_view()[0]
        if view is not None:
            term = self._as_typed(view.beyond_terms[0]) if view.beyond_terms else ""
            lines += [("not this table", f"{BEYOND_WORDS.get(k, k)} {term}".strip(), v)
                      for k, v in view.beyond.items() if k != "sides_ours"]
        return sorted(lines, key=lambda r: -r[2])  # the strongest evidence first

    def _of_table(self, topic_id: str) -> str:
        """" (in refund-vs-credit)" beside a row's name when several tables are served: a
        support team's reviewer could not tell which table a row of evidence came from."""
        return f" (in {topic_id})" if topic_id and len(self.m.kb.topics) > 1 else ""


_ROW_KIND_FINDERS = {kind: PhraseFinder(openings) for kind, (_, openings) in ROW_KINDS.items()}
USE_FOR = re.compile(r"\b(?:use|pick|choose|want)\s+(?:\S+\s+){1,2}for\b")
_ANY_ROW_KIND = PhraseFinder([o for _, openings in ROW_KINDS.values() for o in openings])


def _standing_out(view: _TopicView) -> dict[str, float]:
    """How far the row closest in meaning stands out, from the next row and from the rows'
    average, times how close it is. A question that only mentions the table's subject comes
    about as near every row; one a row answers comes nearest that row; and a row that stands
    out from far away ("my computer is broken" nearest Fault Tolerance) says little."""
    sems = [f.get("sem", 0.0) for f in view.row_features.values()]
    if not sems:
        return {}
    best, second = (heapq.nlargest(2, sems) + [0.0])[:2]  # no sort: a big table has many rows
    return {"sem_gap": best * (best - second), "sem_spread": best * (best - sum(sems) / len(sems))}


def _asks_row_kind(text: str) -> bool:
    return bool(_ANY_ROW_KIND.search(text))


def _prefers(row: dict[str, float], margin: float, asks_alone: bool,
             own_best: bool = True) -> bool:
    """Does a part of a question prefer its best row clearly enough to show it: by a wide
    margin, by less when it uses the row's words, by a little when the part is a question of
    its own among several ("is udp faster, and does it lose packets?"); such a question
    that prefers a row widely needs less of its meaning ("which one is smaller, and..."),
    unless that row is only its best once an earlier part took the one it asks again
    ("what do they eat, what is their diet?")."""
    sem = row.get("sem", 0.0)
    worded = row.get("name", 0.0) + row.get("words", 0.0) >= PART_WORDS
    return (margin >= PART_MARGIN and (sem >= PART_SEM or _shares_words(row))) or (
        margin >= PART_MARGIN_WORDED and worded and sem >= PART_SEM) or (
        asks_alone and margin >= PART_MARGIN_ASKED and (sem >= PART_SEM or worded)) or (
        asks_alone and own_best and margin >= PART_MARGIN and sem >= PART_SEM_ASKED)


def _shares_words(row: dict[str, float]) -> bool:
    return row.get("name", 0.0) + row.get("words", 0.0) > 0


def _rows_by_example(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """Each row example's words -> (table, row), for an example only one row gives."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for topic in kb.topics:
        for row in topic.rows:
            for example in row.examples:
                found[" ".join(words(example))].append((topic.id, row.feature))
    return {said: rows[0] for said, rows in found.items() if said and len(set(rows)) == 1}


def _near(row: dict[str, float]) -> bool:
    """A row worth offering: it shares a word with the question, or a meaning. (A word's
    kin is not enough: "how do I reset my password?" was offered Fault Tolerance.)"""
    return row.get("sem", 0.0) >= RELATED_SEM or _shares_words(row)


def add_semantic_features(features: dict[str, dict[str, float]],
                          sims: dict[str, dict[str, float]]) -> None:
    """Each row's similarity to the question: best over its texts, above the table's
    average row (a question naming the subjects is a little like every row), and per kind
    of text (its name, cells, a question in the table's words, a maintainer's examples)."""
    if not sims:
        return
    best = {f: max(by_kind.values()) for f, by_kind in sims.items()}
    mean = sum(best.values()) / len(best)
    for feature, by_kind in sims.items():
        f = features.setdefault(feature, {})
        f["sem"], f["sem_rel"] = best[feature], best[feature] - mean
        for text_kind, sim in by_kind.items():
            f[f"sem_{text_kind}"] = sim


def _rows_saying_how_to(kb: KnowledgeBase) -> dict[tuple[str, str], list[str]]:
    """(table, verb's stem) -> the rows named "How to <verb> ..." or "Where to <verb> ...":
    a team's table saying how, or where, the thing is done there."""
    found: dict[tuple[str, str], list[str]] = {}
    for topic in kb.topics:
        for row in topic.rows:
            name = words(row.feature)
            if name[:2] in (["how", "to"], ["where", "to"]) and len(name) > 2:
                found.setdefault((topic.id, stem(name[2])), []).append(row.feature)
    return found


def _has_steps_row(topic: Topic) -> bool:
    """Does a row give the steps ("How to do it", "Steps", "Setup")? Then a how-to question
    asks that row, not beyond the table."""
    return any(row.feature.casefold().startswith(STEPS_ROW_STARTS) for row in topic.rows)


# a price as a cell states it: "$112.40", "€9", "25 EUR", "£1,500"
_PRICE = re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:€|£|usd|eur|gbp|dollars?|euros?|pounds?)\b",
                    re.IGNORECASE)


def _states_prices(topic: Topic) -> bool:
    """Do the table's cells give prices? Then "how much per month" asks it, not about a
    product's pricing the table leaves out (a school district's health plans were declined
    as "asks about a product")."""
    return any(_PRICE.search(cell) for row in topic.rows for cell in row.cells)


def _says(text: str, pair: tuple[str, str]) -> bool:
    """Does the text say the two words together, in any of their forms ("danger zones")?"""
    stems = [stem(w) for w in words(text)]
    wanted = (stem(pair[0]), stem(pair[1]))
    return any(two == wanted for two in zip(stems, stems[1:], strict=False))


def _is_compound(word: str) -> bool:
    """Two dictionary words written as one ("autoscaling", "hardcoding")."""
    known = english_words()
    return any(word[:i] in known and word[i:] in known for i in range(3, len(word) - 2))


def _as_typed(phrase: Phrase, tokens: list[str], stems: list[str]) -> list[str]:
    """A matched phrase in the words the person typed, not as stems ("memori")."""
    size = len(phrase)
    for i in range(len(stems) - size + 1):
        if tuple(stems[i : i + size]) == phrase:
            return tokens[i : i + size]
    return list(phrase)


