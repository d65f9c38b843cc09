"""Answers the table's words settle on their own, with no language model: a row named
outright and clearly ahead of the rest, a section or an id a row cites, rows listed by name
("cost and latency?"), a subject alone ("docker?"), "what is X" of a Definition-like row, a
how-to whose verb a row names, "show me everything", "tl;dr", "compare X and Y". They are
most plain questions, and they must stay under a millisecond: the model loads on the first
question these rules leave open (`bot.semantic`), and the fitted models decide those.

`WordsPath` is mixed into the matcher's reading of one message (`bot.matcher._Case`), whose
evidence it reads: each table's view (its rows ranked by their words, its cues), the table
words found in the message, and the message's own words and parts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import MAX_ROWS, Answer, confidence
from bot.knowledge import Topic
from bot.reading import (
    ASKING_STEMS,
    CLAUSE_END,
    DIFFERING,
    GENERIC_HEADS,
    GENERIC_HOW_TO_VERBS,
    ONLY_ASKING,
    QUESTION_OPENERS,
    contains,
)
from bot.text import identifiers, section_numbers, stem, words
from bot.vocabulary import HOW_TO_OPENINGS, PAGE_WORDS, STRONG

if TYPE_CHECKING:
    from bot.matcher import _TopicView

# The words-only path: the table's words answer a question on their own, with no model,
# when they are this clear (see WordsPath.decide_by_words).
CONFIDENT_ROW = 3.0  # a row's name, or as much of its other words
CONFIDENT_MARGIN = 1.0  # ... and this far ahead of the next row
CONFIDENT_COVERAGE = 0.6  # ... and most of the question's words are the table's
ONLY_JOINING = frozenset("or vs versus v and the a an".split())  # "X or Y", "the X vs the Y"
JOINING_STEMS = frozenset(stem(w) for w in ONLY_JOINING)
SENTENCE = re.compile(r"[^.?!;:\n]+[.?!;:]*")  # a sentence with its closing marks
LISTING = frozenset("for both each side by".split())  # "compare X and Y side by side for me"
# words that only ask how two things compare: "compare X and Y", "how do X and Y differ"
ONLY_COMPARING = ONLY_JOINING | frozenset(
    "compare compared comparing comparison contrast difference differences diff differ "
    "different between with to how do does they".split())
# "whats the diff between X and Y": beside a word of differing only ("what is X and Y?"
# asks what each one is: a Definition-like row)
ASKING_WHAT = frozenset("what whats is are".split())
# words that only ask about a thing as a whole: "what is X", "tell me about X", "X?"
ONLY_ABOUT = frozenset("what whats is are tell me about explain describe the a an can you "
                       "please".split())
MEANING_WORDS = frozenset("does do mean means stand for".split())  # asking what a name is
IDS_ASKED_BESIDE = 2  # content words beside the ids a message names ("fixed", "prod")
# "show me the battlecard": asking to see a thing
SHOWING_VERBS = frozenset("see view show display print give send open".split())
# "show all X", "what are all the X": asking to see every one of the things compared
COMPARING_THEM = frozenset("compare comparing them side by".split())  # ...all side by side
SHOWING_ALL = frozenset("all every everything whole entire full complete".split())
ONLY_SHOWING = ONLY_ASKING | ONLY_ABOUT | ONLY_JOINING | frozenset("us our of list i".split())
# "what's the difference?", "how are they different?": a message of these words and a
# DIFFERING one asks for the gist of the comparison, its subjects implied
IMPLYING_THE_SUBJECTS = (ONLY_COMPARING | ONLY_ABOUT | GENERIC_HEADS
                         | frozenset("so main key basic real big biggest just quick".split()))
MEANS = re.compile(r"\bwhat\s+(?:does|do|did)\s+(?!(?:it|this|that|they|all|any)\b)"
                   r"(?:\S+\s+){1,3}mean\b")  # "what does VD mean"; not "what does it really
# mean", which asks what a comparison comes to (the summary)


class WordsPath:
    """The answers the words settle: a part of `bot.matcher._Case`, kept apart because it is
    its own path (no model, under a millisecond)."""

    # ------------------------------------------------------------ deciding
    def decide_by_words(self) -> Answer | None:
        """The answer when the table's words are clear enough on their own (no model): a row
        named with most of the question explained, or a strong cue for another kind, with
        nothing saying the table does not answer it. None: ask the semantic layer."""
        view, rival = self.focus_view()
        if view is not None and self._only_greets and view.cues.get("help"):
            return Answer(self.question, "help", view.topic,  # "hey!", "commands?": every
                          score=confidence(view.cues["help"]))  # word asks for help alone
        if view is not None and self._only_asks_how_they_differ():
            return self.which_of_all("summary") or Answer(
                self.question, "summary", view.topic, score=confidence(STRONG))
        if view is not None and self._only_asks_to_see_everything():
            return self.which_of_all("table") or Answer(
                self.question, "table", view.topic, score=confidence(STRONG))
        if kinded := self._kind_of_the_table_its_subjects_word_names():
            return kinded  # "show me the consent table" of Written vs Verbal vs Online consent
        cited = self._cited_rows()
        if cited:
            topic = self.m.kb.topic(cited[0][0])
            return Answer(self.question, "row", topic,
                          tuple(topic.row(f) for _, f in cited), confidence(STRONG))
        done = self._row_done_by_the_verb(view, rival)
        if done:  # "how do I roll back a bad release" beside a "Rollback" row
            topic, feature = done
            return Answer(self.question, "row", topic, (topic.row(feature),), confidence(STRONG))
        if view is None or rival is not None or self.strange or any(
            k != "sides_ours" for k in view.beyond
        ):
            return None
        if self._asks_for_the_page(view):
            return Answer(self.question, "table", view.topic, score=confidence(STRONG))
        if self._only_the_subjects(view):  # every word names a subject, if only by its
            return self.which_of_all("summary") or Answer(  # start, or compares them
                self.question, "summary", view.topic, score=confidence(STRONG))
        if self._only_one_subject(view):
            return self._whole_subject_answer(view)
        if self._shows_them_all(view):
            return Answer(self.question, "table", view.topic, score=confidence(STRONG))
        cue_kind, cue = max(view.cues.items(), key=lambda pair: pair[1], default=("", 0.0))
        if cue >= STRONG and self._only_asking_for(cue_kind, view.topic):
            return self.which_of_all(cue_kind) or Answer(  # "can I see everything side
                self.question, cue_kind, view.topic, score=confidence(cue))  # by side?"
        steps = self._steps_row_for_the_verb(view.topic)
        if steps:  # "how do i connect to wifi" beside a "How to connect" row
            return Answer(self.question, "row", view.topic, (view.topic.row(steps),),
                          confidence(STRONG))
        listed = self._rows_listed(view)
        if listed:
            return Answer(self.question, "row", view.topic,
                          tuple(view.topic.row(f) for f in listed), confidence(STRONG))
        if self.parts:
            return None  # a question in parts: each part's row needs meaning too
        if self.coverage(view) < CONFIDENT_COVERAGE:
            return None
        if cue >= STRONG and cue > view.best_row:
            return self.which_of_all(cue_kind) or Answer(self.question, cue_kind, view.topic,
                                                         score=confidence(cue))
        runner_up = view.rows[1][0] if len(view.rows) > 1 else 0.0
        if view.best_row >= max(CONFIDENT_ROW, cue, runner_up + CONFIDENT_MARGIN):
            return self.row_answer(view, by_words=True)
        return None

    def _cited_rows(self) -> list[tuple[str, str]]:
        """"what does §4.2 say", "section 7.1?", "what is CVE-2024-3094": the rows of one
        table whose names cite the sections the message cites, or whose cells write the ids
        it names, as a policy's readers ask for them. (Left to the classifier, "what does X
        say" read as beyond the table, and an id as a foreign word.)"""
        lexical = self.m.lexical
        ids = identifiers(self.question) if self._asks_only_about_ids() else []
        cited = list(dict.fromkeys(
            row for number in [*section_numbers(self.question), *ids]
            for row in lexical.rows_citing.get(number, ())))
        return cited if 0 < len(cited) <= MAX_ROWS and len({t for t, _ in cited}) == 1 else []

    def _asks_only_about_ids(self) -> bool:
        """"what is CVE-2024-3094", "is cve-2024-6387 fixed in prod?": the ids are what is
        asked, with a few words more; not "why does RSA-2048 need more bits than AES-256" or
        "InvalidKeyException for AES-256, how do I fix it?" (an algorithm's name is an id
        too, and troubleshooting asks more than a row says)."""
        if any(kind == "troubleshooting" or kind == "how_to" for kind, _ in self.reading.types):
            return False
        named = {stem(part) for found in identifiers(self.question)
                 for part in found.casefold().split("-")}
        return len(self._content_stems - named) <= IDS_ASKED_BESIDE

    def _row_done_by_the_verb(self, view: _TopicView | None, rival: _TopicView | None
                              ) -> tuple[Topic, str] | None:
        """The table and row the how-to verb names: the focus table's; or, no table named,
        the one loaded table's that has such a row ("how do i book leave" beside a leave
        table's "Booking / reporting" row, though a bank table's cells say "booked")."""
        if view is None or rival is not None:
            return None
        if done := self._row_named_by_the_verb(view.topic):
            return view.topic, done
        if view.named:
            return None
        found = [(v.topic, row) for v in self.views if v is not view
                 and (row := self._row_named_by_the_verb(v.topic))]
        return found[0] if len(found) == 1 else None

    def _row_named_by_the_verb(self, topic: Topic) -> str:
        """The one row whose whole name, or a part a slash sets apart ("Booking / reporting"),
        is what the question asks how to do ("how do I roll back a bad release" beside
        "Rollback", "how to hotfix?" beside "Hotfix", "how do i book leave"), every other
        word of it the table's: a team's table says how it is done there. (A how-to verb no
        row names reads as beyond the table, so the row was only offered as a button.)"""
        verb = self._how_to_verb()
        if not verb or stem(verb) in GENERIC_HOW_TO_VERBS:
            return ""
        at = self.tokens.index(verb)
        after = self.tokens[at + 1:at + 2]
        lexical = self.m.lexical
        unknown = self._content_stems - lexical.topic_stems[topic.id]
        for phrase, said, allowed in (([verb, *after], [verb, *after], 1),
                                      (["".join([verb, *after])], [verb, *after], 1),
                                      ([verb], [verb], 0)):  # "manage secrets" beside
            named = (topic.id, tuple(stem(w) for w in phrase))  # "Management":
            row = lexical.row_named_by.get(named) or lexical.row_part_named_by.get(named)
            if row and len(unknown - {stem(w) for w in said}) <= allowed:  # a verb alone,
                others = set(self._whole_row_names(topic)) - {row}  # and a word the table
                return "" if others or self.parts else row  # lacks, is no row's; nor is
                # "how do you configure an Ingress to use TLS" beside a TLS row
        steps = self.m.how_to_rows.get((topic.id, stem(verb)), [])
        if len(steps) == 1 and len(unknown - {stem(verb)}) <= 1 and not self.parts and not (
                set(self._whole_row_names(topic)) - set(steps)):
            return steps[0]  # "where do I enter my time" beside "Where to enter it"
        return ""

    def _steps_row_for_the_verb(self, topic: Topic) -> str:
        """The one row named "How to <verb>" for the verb the question asks how to ("how do
        i connect to wifi", "how to connect?" beside "How to connect"): its steps. The
        classifier had been unsure, a troubleshooting or how-to question reading as beyond
        most tables."""
        verb = self._how_to_verb()
        if not verb or stem(verb) in GENERIC_HOW_TO_VERBS:
            return ""
        named = [row for row in self.m.how_to_rows.get((topic.id, stem(verb)), [])
                 if words(row)[:2] == ["how", "to"]]
        return named[0] if len(named) == 1 else ""

    def _rows_listed(self, view: _TopicView) -> list[str]:
        """"can you compare definition, purpose and scope for me?", "latency and throughput?":
        a sentence of nothing but two or three rows' whole names, joined by "and", "or" or
        commas, and words that ask to compare or see them; those rows, in the order named.
        The classifier weighed the whole message, and a sentence beside it that says
        nothing of the table ("I want to nail the basics before my first ticket") had made
        it unsure."""
        allowed = {stem(w) for w in ONLY_COMPARING | ONLY_SHOWING | LISTING} | self._manners | (
            self._subject_stems(view.topic))
        for sentence in CLAUSE_END.split(self.asked):
            stems = [stem(t) for t in self.m.lexical.tokens(sentence)]
            found, at = [], 0
            while at < len(stems):
                size, row = self._row_named_at(view.topic, stems, at)
                if size:
                    found.append((at, row))
                    at += size
                elif stems[at] in allowed:
                    at += 1
                else:
                    break
            else:
                rows = list(dict.fromkeys(f for _, f in found))
                if 2 <= len(rows) <= MAX_ROWS and self._only_joined(stems, found) and (
                        self._asks_nothing_else(sentence)):
                    return rows
        return []

    @staticmethod
    def _only_joined(stems: list[str], found: list[tuple[int, str]]) -> bool:
        """Are the names a list: nothing but "and", "or", "vs" between one and the next?"""
        ends = [at for at, _ in found]
        return all(set(stems[a + 1:b]) <= JOINING_STEMS
                   for a, b in zip(ends, ends[1:], strict=False))

    def _asks_nothing_else(self, listing: str) -> bool:
        """Are the message's other sentences context, not questions ("I want to nail the
        basics before my first ticket", not "and how does it scale?")?"""
        others = [m.group() for m in SENTENCE.finditer(self.asked) if listing not in m.group()]
        return not any("?" in sentence or (typed := words(sentence)) and typed[0] in
                       QUESTION_OPENERS for sentence in others)

    def _only_asking_for(self, kind: str, topic: Topic) -> bool:
        """Is every word of the message this kind's cue, a subject's name or a word that
        only asks to be shown something ("can I see everything side by side for gRPC and
        REST?")? A subject's name in a row's cells is no word of that row's here."""
        docs = self.m.lexical.docs
        cue_words = {w for d, phrases in self.hits.items() if docs[d].kind == kind
                     for phrase in phrases for w in phrase}
        return self._content_stems <= cue_words | ASKING_STEMS | self._subject_stems(topic)

    def _only_the_subjects(self, view: _TopicView) -> bool:
        """"docker or kubernetes?", "compare kafka and rabbitmq", "how do X and Y differ": the
        two things the table compares and nothing else but comparing, which asks for the
        comparison's gist whatever the rows' words. (Left to the classifier, such a message
        sat between a row and the summary.) "when to use X or Y" asks more, so it stays with
        the classifier."""
        if view.topic.id in self.m.with_steps and self._asks_how_to():
            return False  # "how to refund?" beside a "How to do it" row asks for its steps
        manners = frozenset(t for t in self.tokens if stem(t) in self._manners)
        asking = ASKING_WHAT if any(t in DIFFERING for t in self.tokens) else frozenset()
        if not self._only_subjects_and(view.topic, ONLY_COMPARING | manners | asking):
            return False
        return "sides_ours" in view.beyond or self._names_both_subjects(view.topic)

    def _only_asks_to_see_everything(self) -> bool:
        """"show me everything", "everything please": nothing but asking to see it all, which
        is the whole comparison at hand (the classifier had read a bare request as a row's, or
        as nothing the table covers)."""
        return any(t in SHOWING_ALL for t in self.tokens) and all(  # "compare them all"
            t in ONLY_SHOWING or t in COMPARING_THEM or stem(t) in self._manners
            for t in self.tokens)

    def _shows_them_all(self, view: _TopicView) -> bool:
        """"show all severity levels", "list every region": all of the things compared and
        nothing more but asking to see them, which is the whole comparison. (The words named
        the table and asked for nothing else, so nothing was explained and it was declined.)"""
        manners = frozenset(t for t in self.tokens if stem(t) in self._manners)
        return bool(view.named) and any(t in SHOWING_ALL for t in self.tokens) and (
            self._only_subjects_and(view.topic, ONLY_SHOWING | manners))

    def _only_asks_how_they_differ(self) -> bool:
        """"what's the difference?", "how are they different?", "compare them": how the
        things compared differ, naming none and asking nothing more, which asks for the gist
        of the comparison at hand. (Left to the classifier, a message this short with no
        row words leaned on whichever row's examples read most like a bare question.)"""
        if len(words(self.question)) > len(words(self.asked)):
            return False  # "...IPv6 routers deal with big packets differently. What's the
        manners = self._manners  # difference?": the context says what differs
        return any(t in DIFFERING for t in self.tokens) and all(
            t in IMPLYING_THE_SUBJECTS or stem(t) in manners for t in self.tokens)

    def _asks_for_the_page(self, view: _TopicView) -> bool:
        """"show me the battlecard", "pricing table please": the comparison named by its
        title, not its subjects, with a word for seeing it or for the page itself, or by
        every word its title adds, and nothing more, which asks for the whole of it. (The
        title word named the table and asked for nothing, so the classifier guessed a row or
        the summary.)"""
        own = {stem(w) for w in view.topic.title_words()}
        every = {stem(w) for w in view.topic.title_words(with_subjects=True)} if own else own
        said = {stem(t) for t in self.tokens}
        paged = any(t in PAGE_WORDS for t in self.tokens)
        titled = (bool(said & own) and (paged or any(t in SHOWING_VERBS for t in self.tokens))
                  or paged and bool(said & every)  # "the offices table" of "Our offices"
                  or len(own) > 1 and own <= said)  # "write off categories?" (an insurer's)
        manners = frozenset(t for t in self.tokens if stem(t) in self._manners)
        title = frozenset(words(view.topic.title))  # its little words too: "write off"
        return bool(view.named) and titled and self._only_subjects_and(
            view.topic, ONLY_SHOWING | manners | title)

    def _only_one_subject(self, view: _TopicView) -> bool:
        """"kafka?", "what is kafka", "tell me about kafka", "what are kafka and rabbitmq",
        "what does OOS mean": the things the table compares, asked about as wholes, not any
        one row of them. ("X or Y", "X vs Y" ask how they differ: `_only_the_subjects`.)"""
        joined = " ".join(self.tokens)  # "what does OOS mean", "what does VD stand for"
        meaning = MEANING_WORDS if MEANS.search(joined) or "stand for" in joined else set()
        return bool(view.named) and self._only_subjects_and(view.topic,
                                                            ONLY_ABOUT | {"and"} | meaning)

    def _only_subjects_and(self, topic: Topic, allowed: frozenset[str]) -> bool:
        """Is every word of the message one of `allowed` or a subject's name (or its start)?"""
        subject, lexical = self._subject_stems(topic), self.m.lexical
        return all(t in allowed or stem(t) in subject
                   or lexical.subject_word_started(t, topic.id) for t in self.tokens)

    def _whole_subject_answer(self, view: _TopicView) -> Answer:
        """The row that says what each thing is, when the table has one; else the summary,
        which says it of both."""
        defining = self._rows_of_kind(view.topic, "definition")
        if defining:
            return Answer(self.question, "row", view.topic, (view.topic.row(defining[0]),),
                          confidence(STRONG))
        return Answer(self.question, "summary", view.topic, score=confidence(STRONG))

    def _asks_how_to(self) -> bool:
        """"how to...", "how do I...", "where can I...": asking for steps to follow."""
        return any(contains(tuple(self.tokens), opening) for opening in HOW_TO_OPENINGS)
