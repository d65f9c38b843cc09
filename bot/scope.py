"""Does the table answer the question, or only share its words? The signs that it does not,
judged per table (one table's gaps are another's subject): two things compared that are not
the table's subjects, a thing to define that it never names, a detail it does not give (a
port, a version, a figure its cells never state), a quoted error message or flag, words no
table uses, and the kind of question (troubleshooting, how-to, which-to-choose, a product's
release or price) where no row or subject names it. The fitted models weigh these signs
against the row evidence (`bot.decision`); a question with none of the table in it is
declined before any model is asked.

`ScopeJudgement` is mixed into the matcher's reading of one message (`bot.matcher._Case`),
whose evidence it reads: each table's view, the table words found, what the message asks
(`reading`: its sides, its focus, what it asks for), its unfamiliar words and their kin.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from bot.answer import REASON_RELATED, Answer, Suggestion
from bot.knowledge import Topic
from bot.reading import DIFFERING, GENERIC_HEADS, PAIR_POINTERS
from bot.text import clean_question, stem, words
from bot.vocabulary import LOCATING_VERBS, PRICE_CUES, STOPWORDS

if TYPE_CHECKING:
    from bot.matcher import _TopicView

UNRELATED_SEM = 0.3  # no row this close in meaning, and no word of the table: not ours
WORD_KNOWN = 0.55  # an unfamiliar word this close to a table word is that word's kin
NAME_KNOWN = 0.7  # the same for a word the dictionary does not know (a product's name)
MAX_FOREIGN_WORDS = 2
# What any comparison answers when asked "what X" / "which X": its differences, its
# reasons, its ways... (a head word outside these and the table's words is a specific
# detail: a port, a version, a flag)
GENERIC_WANTED = frozenset(
    """difference differences diff diffs advantage advantages disadvantage disadvantages
    benefit benefits pros cons tradeoff tradeoffs trade offs point purpose reason reasons
    way ways main key big real better best part parts feature features happens happen
    happened gist deal idea role job analogy summary example examples tool tools option
    options choice problem problems issue issues thing things situation situations case
    cases kind sort type types else differ differs different matters matter good bad
    pick use uses usage""".split()
)
_QUOTE_OPEN, _QUOTE_CLOSE = "\"'\u2018\u201c`", "\"'\u2019\u201d`"
QUOTED = re.compile(  # a quoted span: an error message, a flag, a literal name
    rf"(?:^|\s)[{_QUOTE_OPEN}]([^{_QUOTE_CLOSE}\n]{{2,120}})[{_QUOTE_CLOSE}](?=$|[\s.,?!:;])")
_UNITS = (r"(?:ms|milliseconds?|microseconds?|nanoseconds?|seconds?|minutes?|hours?|bytes?|kb|mb|"
          r"gb|tb|grams?|kg|pounds?|lbs|dollars?|euros?|cents|percent|watts?|volts?|degrees?|"
          r"calories|miles|km|meters|metres|feet|inches)")
# a number asked: "what's the max payload size", "how many microseconds", "in grams",
# "which version added it", "when was it first released" (not "40 min per file")
ASKS_A_FIGURE = re.compile(
    rf"(?<!\d)(?<!\d )\b(?:max|maximum|min|minimum)\b(?=\s+[a-z])|\bhow many {_UNITS}\b"
    rf"|\bin {_UNITS}\s*\??$|\bwhich version\b|\bwhat year\b|\b(?:what|which) (?:default )?port\b"
    r"|\bwhen (?:was|were|did) (?:\S+ ){1,3}(?:introduced|released|invented|added|first)\b"
    r"|\bhow much (?:do|does|did|will|would|can|could) (?:\S+ ){1,4}(?:get paid|earn|make)\b"
    r"|\bwhat(?:'s| is| are) (?:the |an? )?(?:average |typical |starting )?(?:salary|salaries"
    r"|wages?|pay rate|hourly rate)\b",  # a pay figure, which a role's row rarely states
    re.IGNORECASE)
A_FIGURE = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|dozens?|"
                      r"hundreds?|thousands?|millions?|billions?|half|double|twice)\b",
                      re.IGNORECASE)
# what each sign that a table does not answer a question means, for `ask --explain`
BEYOND_WORDS = {
    "offtopic": "listed out of scope:", "offtopic_asked": "asks about out of scope:",
    "foreign_side": "compares something else:", "foreign_focus": "asks about something else:",
    "foreign_asked": "asks for what no row gives:", "quoted": "quotes a message or a name",
    "foreign_words": "words no table uses:", "troubleshooting": "asks to fix a problem",
    "how_to": "asks how to do something", "advice": "asks which to choose",
    "product": "asks about a product", "reading": "asks for something to read",
    "personal": "asks a person about their own choice",
    "foreign_how_to": "asks how to do what no row does", "procedural": "asks for steps",
}


def _another_kind_of_shared_head(phrase: tuple[str, ...], head: str, topic: Topic,
                                 subject_words: set[str]) -> bool:
    """"a rolling deployment" beside Blue-Green Deployment vs Canary Deployment: its head is
    the word the subjects share, but what qualifies it is neither subject's own word, so it
    names a third kind of deployment (likewise "end-to-end tests", "diagonal scaling")."""
    shared = set.intersection(*({stem(w) for name in (s.name, *s.aliases) for w in words(name)}
                                for s in topic.subjects)) if topic.subjects else set()
    if stem(head) not in shared:
        return False
    before = [w for w in phrase[: phrase.index(head)] if w not in STOPWORDS]
    return bool(before) and not any(stem(w) in subject_words - shared for w in before)


class ScopeJudgement:
    """Whether a table answers the question: a part of `bot.matcher._Case`, kept apart because
    it is its own concern (the evidence that a row is mentioned is not evidence that it
    answers)."""

    def _means_a_row_name(self, word: str, topic: Topic) -> bool:
        """Does a cue's word mean what a word of a row's name means ("how much does LTL
        cost" beside a "Pricing" row asks that row, not about a product the table leaves
        out: a logistics reviewer's, fortieth session)? Only once meaning is asked."""
        if self.meaning is None:
            return False
        index = self.m.semantic.indexes[topic.id]
        return index.closeness_to_row_names(word, topic.id) >= WORD_KNOWN

    def _values_the_table_gives(self, sides: tuple[tuple[str, ...], ...], topic: Topic
                                ) -> bool:
        """Are the two things a question weighs both written in one of the table's rows
        ("wpa2 or wpa3" beside "WPA2/WPA3-Enterprise")? Then it asks which value a row
        gives, not about something else."""
        lexical = self.m.lexical
        heads = [side[-1] for side in sides]
        return len(heads) == 2 and heads[0] != heads[1] and any(
            all(any(lexical.origin(d, phrase) == "cell" and stem(head) in phrase
                    for phrase in phrases) for head in heads)
            for d, phrases in self.hits.items()
            if lexical.docs[d].kind == "row" and lexical.docs[d].topic.id == topic.id)

    def _is_ours(self, phrase: tuple[str, ...], topic: Topic, rows_count=True) -> bool:
        """A compared side or a defined thing is this table's when its head word is one of
        the table's subject names (or, for a side, a row's name): "docker container" is,
        "kubernetes pod" and "docker compose" are not."""
        subject_words = self._subject_stems(topic)
        table_stems = self.m.lexical.topic_stems[topic.id]
        nouns = [w for w in phrase if stem(w) in table_stems or w in self.strange]
        head = (nouns or phrase)[-1]  # "k8s cluster click": click is no thing compared
        if head in GENERIC_HEADS:
            return True
        if stem(head) in subject_words:
            return not _another_kind_of_shared_head(phrase, head, topic, subject_words)
        if self.m.lexical.subject_word_started(head, topic.id):
            return True  # "kafka vs rabbit": an everyday word that starts a name, as a side
        return rows_count and stem(head) in self.m.lexical.row_name_stems[topic.id]

    @cached_property
    def _asked_stems(self) -> set[str]:
        """What the question asks about, as stems: the things it compares, the thing it
        defines, the kind of thing it wants. A topic listed out of scope that is one of these
        is what the question is about, not a word it mentions in passing."""
        reading = self.reading
        return {stem(w) for phrase in (*reading.sides, reading.about, reading.asked_for)
                for w in phrase}

    def _judge_beyond(self, view: _TopicView) -> None:
        """Evidence that the question, whatever words it shares, is not one this table
        answers; kept per table, since one table's gaps are another's subject."""
        topic, docs, beyond = view.topic, self.m.lexical.docs, view.beyond
        for d, phrases in self.hits.items():
            if docs[d].kind == "offtopic" and docs[d].topic.id == topic.id:
                beyond["offtopic"] = beyond.get("offtopic", 0.0) + sum(phrases.values())
                view.beyond_terms.append(docs[d].term)
                if any(self._asked_stems & set(phrase) for phrase in phrases):
                    beyond["offtopic_asked"] = 1.0  # "what is QUIC", "helm vs kustomize"
        sides = self.reading.sides
        foreign = [s for s in sides if not self._is_ours(s, topic)]
        if foreign and self._values_the_table_gives(sides, topic):
            foreign = []  # "is eduroam wpa2 or wpa3": a cell's "WPA2/WPA3-Enterprise"
        if foreign:
            beyond["foreign_side"] = 1.0
            view.beyond_terms.append(" ".join(foreign[0]))
        elif sides:
            beyond["sides_ours"] = 1.0  # not beyond: "X vs Y" of our own subjects
        about = self.reading.about
        table_stems = self.m.lexical.topic_stems[topic.id]
        if about and not set(about) <= DIFFERING and (not any(  # "what is different": how
                stem(w) in table_stems or self._is_kin(w) for w in about)  # they differ
                or _another_kind_of_shared_head(about, about[-1], topic,  # "what is batch
                                                self._subject_stems(topic))):  # picking"
            beyond["foreign_focus"] = 1.0  # beside Wave vs Zone picking: a third kind
            view.beyond_terms.append(" ".join(about))
        wanted = self.reading.asked_for
        if wanted and not self._answerable(wanted[-1], table_stems):
            beyond["foreign_asked"] = 1.0  # "what port", "how many partitions"
            view.beyond_terms.append(" ".join(wanted))
        if self._quotes_what_the_table_does_not_say(topic):
            beyond["quoted"] = 1.0  # an error message, a flag, a literal name
        unknown = [w for w in self.strange if not self._is_kin(w)][:MAX_FOREIGN_WORDS]
        if unknown:
            beyond["foreign_words"] = float(len(unknown))
            view.beyond_terms += unknown
        row_words, subject_words = self.m.lexical.row_name_stems[topic.id], (
            self._subject_stems(topic))  # (not joined: a big table's are thousands)
        has_use_case = bool(self._rows_of_kind(topic, "use_case"))
        steps = topic.id in self.m.with_steps  # a "How to do it" row: "how do I refund?"
        for kind, cues in self.reading.types:
            if all(all(stem(w) in row_words or stem(w) in subject_words
                       or self._means_a_row_name(w, topic) for w in words(cue))
                   for cue in cues):
                continue  # the table names a row or a subject with the cue ("error" in
                # "Error Handling", "exception" in "Exception refund"), or with a word
                # meaning it ("cost" beside a "Pricing" row)
            if kind == "product" and all(cue in PRICE_CUES for cue in cues) and (
                    self.m.states_prices(topic)):
                continue  # "how much is kaiser per month" beside a health plan's premiums
            if not (kind == "advice" and has_use_case or kind == "how_to" and steps):
                beyond[kind] = 1.0  # (a Use Case row answers "which")
        verb = "" if steps else self._how_to_verb()
        if verb in LOCATING_VERBS and self._whole_row_names(topic):
            return  # "where do I find my pay stub" beside a "Pay stubs" row: the row says
        if verb and stem(verb) not in table_stems and not self._is_kin(verb):
            beyond["foreign_how_to"] = 1.0
        elif verb:
            beyond["procedural"] = 1.0

    def _quotes_what_the_table_does_not_say(self, topic: Topic) -> bool:
        """A quoted span (an error message, a flag, a literal name) with a word no word of
        the table says or means: "`chmod 600 mylink`". People quote the table's own words
        too, in chat, for emphasis ("can we add a ticket to the `current sprint`?", "a
        `Roth IRA`"), and those had read as a literal the table lacks."""
        table_stems = self.m.lexical.topic_stems[topic.id]
        return any(not all(
            stem(w) in table_stems or w in STOPWORDS or self._is_kin(w)
            for w in self.m.lexical.tokens(clean_question(span)))
            for span in QUOTED.findall(self.question))

    def _answerable(self, head: str, table_stems) -> bool:
        """Can a table say what kind of thing `head` is ("difference" always; "port" only
        when the table speaks of ports or of something that means it)?"""
        return head in GENERIC_WANTED or stem(head) in table_stems or self._is_kin(head)

    def unrelated(self, view: _TopicView) -> bool:
        """Nothing in the message is the table's: no subject, no word of a row or a cue, no
        word near one, no common kind of row asked for ("when should I pick one over the
        other?" is a use case's), no pointing at the two compared ("which one is older?")
        and no row near it in meaning ("lunch plans?"). No model is asked to weigh that."""
        if view.named or any(view.cues.values()) or not view.rows:
            return not view.rows and not any(view.cues.values())
        if PAIR_POINTERS.search(" ".join(self.tokens)):
            return False  # "which one is less babysitting?": the models weigh it
        best = view.row_features.get(view.rows[0][1].row.feature, {})
        words_ = best.get("name", 0.0) + best.get("words", 0.0) + best.get("kin", 0.0)
        if any(f.get("row_kind") for f in view.row_features.values()):
            return False
        return words_ == 0 and max((f.get("sem", 0.0) for f in view.row_features.values()),
                                   default=0.0) < UNRELATED_SEM

    def _compares_a_thing_no_table_word_names(self, view: _TopicView) -> bool:
        """"What's the difference between a switch and a hub?", "parole and a pardon?"
        beside a router vs switch table and a probation vs parole one: a thing compared
        that no word of the table names, nor means closely (a hub, a pardon, a gateway:
        near "routing", but another thing). The summary tells the table's own two apart,
        not that one. Only the thing itself counts, not a word before it ("soft links" may
        be symbolic links in other words), nor the start of a subject's word ("sync"), nor
        words after a subject's name ("stack vs heap, big picture only")."""
        if "foreign_side" not in view.beyond:
            return False
        table_stems, subject = self.m.lexical.topic_stems[view.topic.id], (
            self._subject_stems(view.topic))
        subject_words = self.m.lexical.subject_words[view.topic.id]
        heads = [side[-1] for side in self.reading.sides if not self._is_ours(side, view.topic)
                 and not any(stem(w) in subject for w in side)]  # "heap, big picture only"
        return any(
            head.isalpha() and len(head) > 2 and head not in STOPWORDS
            and stem(head) not in table_stems and self.kin.get(head, ("", 0.0))[1] < NAME_KNOWN
            and not any(word.startswith(head) for word in subject_words) for head in heads)

    def _asks_a_figure_no_row_gives(self, view: _TopicView) -> bool:
        """"what's the max payload of a UDP datagram", "how many microseconds does a context
        switch take": a number asked, and the row it comes nearest states none. Their words
        are its words, but they cannot answer it; the table's own cells say so."""
        if not ASKS_A_FIGURE.search(self.asked):
            return False
        return not A_FIGURE.search(" ".join(view.rows[0][1].row.cells))

    def decline_as_related(self, view: _TopicView) -> Answer:
        """Beyond the table but about it: the rows it comes nearest, to tap."""
        close = tuple(Suggestion("row", view.topic.id, d.row.feature) for _, d in view.rows[:3])
        return Answer(self.question, "none", view.topic, (), 0, close, REASON_RELATED)
