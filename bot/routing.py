"""Which table answers, when several are loaded: the one the message names, the one whose
rows fit it, or neither yet, and then the reply asks which (a button per comparison in Slack,
a numbered choice in the terminal).

A team's tables sit beside the shipped one and beside each other, and they share words: a
cell of one says another's subject ("Container" in a warehouse's "Floor-loaded container"),
two tables have a Cost row, a title's word ("pet" of a health club) is an everyday word
elsewhere. The rules below say which table a word names, each with the case that taught it.
`TableChoice` is mixed into the matcher's reading of one message (`bot.matcher._Case`), whose
evidence it reads: each table's view (its rows ranked, its cues, whether it is named), the
table words found in the message, and the message's own words.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from bot.answer import INTENTS, REASON_WHICH_TOPIC, Answer, Suggestion, confidence
from bot.knowledge import Topic, teams_first
from bot.lexical import every_subjects_word
from bot.reading import ASKING_STEMS, GENERIC_HOW_TO_VERBS
from bot.text import english_words, stem, words
from bot.vocabulary import PAGE_WORDS, STOPWORDS, STRONG

if TYPE_CHECKING:
    from bot.matcher import _TopicView

TOPIC_TIE = 1.0  # two tables within this ranker score of each other, neither named: ask
MAX_TOPIC_CHOICES = 5  # comparisons offered when a question fits several (a row of buttons)
MAX_FITTING_ROWS = 5  # the rows of another table read for a phrase the question says


def _telling_words(topic: Topic) -> set[str]:
    """The words (as stems) that only tell a table's subjects apart: "staff" and "guest" of
    Staff Wi-Fi vs Guest Wi-Fi, each name's other words being the other's too."""
    subjects = [{stem(w) for n in (s.name, *s.aliases) for w in words(n)}
                for s in topic.subjects]
    shared = {w for at, own in enumerate(subjects) for w in own
              if any(w in other for other in subjects[:at] + subjects[at + 1:])}
    return {w for own in subjects if own & shared for w in own - shared}


def _words_naming(topic: Topic) -> list[str]:
    """What people call a table by beside a request for its gist: a word every subject has
    ("CSP" of Category 1 CSP vs Category 2 CSP), or a word its title adds ("pushback" of
    "Towbar vs towbarless pushback", though another table has a row named Pushback: "tl;dr
    pushback" got that row, a ramp team's reviewer, forty-eighth session)."""
    return [*every_subjects_word(topic), *topic.title_words()]


class TableChoice:
    """Choosing among the loaded tables: a part of `bot.matcher._Case`, kept apart because
    it is its own concern. It reads the case's evidence (`views`, `hits`, `tokens`, `m`, the
    matcher) and a few of its readings of the message (`_content_stems`, `_subject_stems`,
    `_names_both_subjects`, `_whole_row_names`, `_only_asking`, `_kind_cue_words`)."""

    def focus_view(self) -> tuple[_TopicView | None, _TopicView | None]:
        """The table to answer from, and a second one when it fits as well and neither is
        named: then the reply asks which."""
        if not self.views:
            return None, None
        named = [v for v in self.views if v.named]
        if named:
            best = max(named, key=lambda v: (v.named, self._names_both_subjects(v.topic),
                                             v.best_row))
            better = self._table_fitting_better(best)
            if better is not None:  # within a tie the reply asks which of the two
                tied = better.best_row - best.best_row < TOPIC_TIE
                return better, best if tied else None
            return self._table_of_the_named_row(best) or best, None
        ranked = sorted(self._views_owning_the_focus, key=lambda v: -v.best_row)
        if len(sharing := self._tables_sharing_the_row_asked) > 1:
            return sharing[0], sharing[1]  # "how much does it cost?" beside three Cost rows
        if sharing:  # "repeats / eRD?": the table naming a row so, not one whose row
            return sharing[0], None  # "Repeats" has "eRD" in a cell
        if len(ranked) > 1 and ranked[0].rows and ranked[1].best_row >= (
            ranked[0].best_row - TOPIC_TIE
        ):
            alone = (self._the_only_table_using_some_words(ranked[:2])
                     or self._the_only_table_naming_a_subject_so(ranked[:2]))
            return (alone, None) if alone is not None else (ranked[0], ranked[1])
        return ranked[0], None

    def _table_fitting_better(self, named: _TopicView) -> _TopicView | None:
        """The unnamed table whose rows fit the question better than those of a table named
        only by an everyday word that table writes too: "pet" of a health club's title
        beside an aftercare table whose cells say "pet" ("what days do pet memories pick
        up" was declined from the health club), the shipped "Container" beside a
        warehouse's "Floor-loaded container", Microsoft "Teams" beside a legal hold's
        "Teams chats" (reviewers, forty-fourth session). A name ("kubernetes"), both
        subjects, or any word the other table does not write keeps the named table. So
        does a subject named as it is, unless the other table has it in a name of its own or
        in the phrase the question says it in: "does the beneficiary have to agree to a
        recall" is the Recall column's, not a payment rail's whose cell mentions recalls (a
        bank's reviewer)."""
        docs = self.m.lexical.docs
        naming = [phrase for d, phrases in self.hits.items() if docs[d].kind == "subject"
                  and docs[d].topic.id == named.topic.id for phrase in phrases]
        said = {stem(t): t for t in self.tokens}
        if (not naming or self._names_both_subjects(named.topic) or any(
                len(phrase) != 1 or said.get(phrase[0], "") not in english_words()
                for phrase in naming) or self._only_asks_for_a_kind_of({
                    phrase[0] for phrase in naming})):
            return None
        sharing = [v for v in self.views if not v.named and v.best_row > named.best_row
                   and all(phrase[0] in self.m.lexical.topic_stems[v.topic.id]
                           and self._word_not_its_subject(phrase[0], named, v)
                           for phrase in naming)]
        return max(sharing, key=lambda v: v.best_row, default=None)

    def _only_asks_for_a_kind_of(self, naming: set[str]) -> bool:
        """Does the message only name a table and ask for its gist, analogy or whole table
        ("tl;dr priorities")? The table so named keeps it, though another table's cell says
        the word ("(see Incident priorities)" in a routing table's cell took the incident
        table's tl;dr and analogy: a NOC's reviewer, forty-fifth session)."""
        return bool(self._kind_cue_words) and not (self._content_stems - naming
                                                   - self._only_asking)

    def _word_not_its_subject(self, word: str, named_view: _TopicView, view: _TopicView
                              ) -> bool:
        """Does `word` (a stem) name `named` by less than a subject's own name ("pet" of a
        title), or does the other table name things with it too (its subject "Floor-loaded
        container") or write it, in the rows that fit best, beside the same word the
        question does ("teams chats")?"""
        def stems_of(names) -> set[str]:
            return {stem(w) for name in names for w in words(name)}
        named, other = named_view.topic, view.topic
        if word not in stems_of(n for s in named.subjects for n in (s.name, *s.aliases)):
            return True  # a title's word
        if word in stems_of([other.title, *(n for s in other.subjects
                                           for n in (s.name, *s.aliases))]):
            return True
        at = [i for i, t in enumerate(self.tokens) if stem(t) == word]
        pairs = {pair for i in at for pair in (tuple(self.tokens[i - 1:i + 1]) if i else (),
                                               tuple(self.tokens[i:i + 2]))
                 if len(pair) == 2 and not set(pair) & STOPWORDS}
        fitting = [doc.row for _, doc in view.rows[:MAX_FITTING_ROWS]]  # (not every cell
        text = " ".join(" ".join(words(c)) for row in fitting for c in row.cells)  # of 10,000)
        return any(f" {' '.join(pair)} " in f" {text} " for pair in pairs) or (
            self._row_says_it_with_more(word, named_view, fitting[:1]))

    def _row_says_it_with_more(self, word: str, named: _TopicView, rows: list) -> bool:
        """Does the best row say the word beside another of the question's own words, one
        the named table's fitting rows do not say? "where do i probe a container of
        coleslaw" is the kitchen's "Where to probe" row (its cells probe food in
        containers), not the shipped table's Container (a kitchen's reviewer, forty-eighth
        session); "does the beneficiary have to agree to a recall" stays the Recall
        table's, whose rows say "beneficiary" too."""
        def said(row) -> set[str]:
            return {stem(w) for text in (row.feature, *row.cells) for w in words(text)}
        others = self._content_stems - {word} - self._subject_stems(named.topic) - set().union(
            *(said(doc.row) for _, doc in named.rows[:MAX_FITTING_ROWS]))
        return any(word in (its := said(row)) and others & its for row in rows)

    @property
    def _views_owning_the_focus(self) -> list[_TopicView]:
        """The tables whose words hold the thing a "what is X" asks about, when some do and
        others do not: "whats a PRIN" beside a recall table whose cell writes it went to the
        shipped table's Definition row, whose meaning ranked higher, and was declined as
        "nothing on it"."""
        owning = [v for v in self.views if "foreign_focus" not in v.beyond]
        return owning if owning and self.reading.about else self.views

    def _table_of_the_named_row(self, named: _TopicView) -> _TopicView | None:
        """The one other table a row of which the message names wholly ("staff parking": a
        Wi-Fi table's subject "Staff", the offices' "Parking" row), when the word naming the
        named table only tells its subjects apart ("Staff" of Staff Wi-Fi beside Guest
        Wi-Fi), said without the thing they both are, and that table has the question's
        other words in cells only. Such a word may qualify anything; a name ("mongo",
        "kubernetes"), both subjects, a row's name or example, or a cue ("the deployment
        table") keeps the named table."""
        lexical, naming = self.m.lexical, self._subject_stems(named.topic)
        if (named.cues or self._names_both_subjects(named.topic)
                or self._whole_row_names(named.topic)
                or any(lexical.origin(d, phrase) != "cell" for d, phrases in self.hits.items()
                       if lexical.docs[d].kind == "row"
                       and lexical.docs[d].topic.id == named.topic.id for phrase in phrases)):
            return None
        said = {stem(t) for t in self.tokens
                if stem(t) in naming or lexical.subject_word_started(t, named.topic.id)}
        if not said <= _telling_words(named.topic):
            return None
        elsewhere = [v for v in self.views if not v.named and v.rows and any(
            not lexical.name_stems_of[(v.topic.id, row)] <= naming  # "deployed" names no
            for row in self._whole_row_names(v.topic))]  # Deployment row
        return elsewhere[0] if len(elsewhere) == 1 else None

    @property
    def _tables_sharing_the_row_asked(self) -> list[_TopicView]:
        """The tables, none named, strongest first, each with a row named by every content
        word of the question. (Not cached: the views are made again once meaning is added,
        and a view kept from before has none.)"""
        if any(v.named for v in self.views):
            return []
        return [v for v in sorted(self.views, key=lambda v: -v.best_row)
                if self._asks_only_a_row_name(v.topic)]

    def _asks_only_a_row_name(self, topic: Topic) -> bool:
        """Is every content word of the question a word of one row's name in this table
        ("shelf life?" beside "Paste shelf life")? Two tables of which it is, and no table
        named, fit equally: the reply asks which rather than choosing one unseen."""
        lexical = self.m.lexical  # "how do secrets work": "work" asks how, names nothing
        asked = self._content_stems - GENERIC_HOW_TO_VERBS
        if not asked:
            return False
        named = lexical.rows_named.get((topic.id, min(asked)), ())  # (not every row of a
        return any(asked <= lexical.name_stems_of[(topic.id, row)] for row in named)  # big table)

    def _the_only_table_using_some_words(self, tied: list[_TopicView]) -> _TopicView | None:
        """Of two tables whose best rows tie, none named, the one that alone uses more of the
        question's words than the other alone uses ("backfills" of "cost and backfills of
        both", beside a Kafka table's Cost row and an orchestrators' table with "Hosting /
        cost" and "Backfills" rows), instead of asking which. (Taking such a table before
        the ranker, the shipped table's many words won questions about the others: two
        fewer right with six pairs of tables loaded.)"""
        used = {v.topic.id: self._content_stems & self.m.lexical.topic_stems[v.topic.id]
                for v in tied}
        own = sorted(((len(used[v.topic.id] - set().union(*(
            words_ for tid, words_ in used.items() if tid != v.topic.id))), v)
            for v in tied), key=lambda pair: -pair[0])
        (most, best), (runner_up, _) = own[0], own[1]
        return best if most > runner_up and best.rows else None

    def _the_only_table_naming_a_subject_so(self, tied: list[_TopicView]) -> _TopicView | None:
        """Of tables that fit as well, none named, the one whose subjects' names have a word
        of the question another of them writes in its rows: "tl;dr cleanings" beside
        "Regular cleaning vs perio maintenance" and an insurance table whose cell says "$0
        cleaning" asked which (a dental front desk's reviewer). Words that only ask ("show
        me", "table") name nothing."""
        wanted = self._content_stems - self._only_asking
        naming = {v.topic.id: {stem(w) for w in self.m.lexical.subject_words[v.topic.id]}
                  & wanted for v in tied}
        said = [v for v in tied if naming[v.topic.id] and any(
            naming[v.topic.id] & self._row_words_beside_asking(other.topic)
            for other in tied if other is not v)]
        return said[0] if len(said) == 1 else None

    def _sides_of_two_tables(self) -> list[_TopicView]:
        """"the difference between a soft launch and a hotfix": each compared thing a
        subject of another table, and no table compares both. No row answers it, and the
        summary of either would pass for an answer; the reply offers both comparisons."""
        sides = self.reading.sides
        if len(self.views) < 2 or len(sides) != 2:
            return []
        owners = [[v for v in self.views if self._side_names_a_subject(side, v.topic)]
                  for side in sides]
        if not all(owners) or {v.topic.id for v in owners[0]} & {v.topic.id for v in owners[1]}:
            return []
        return [owners[0][0], owners[1][0]]

    def _side_names_a_subject(self, side: tuple[str, ...], topic: Topic) -> bool:
        """Does any word of a compared side name one of the table's subjects ("containers"
        of "containers billed")? Looser than `_is_ours`, whose head word differs by table."""
        subject = self._subject_stems(topic)
        return any(stem(w) in subject or self.m.lexical.subject_word_started(w, topic.id)
                   for w in side)

    def which_topic(self, *views: _TopicView) -> Answer:
        choices = tuple(Suggestion("topic", v.topic.id, v.topic.title)
                        for v in views[:MAX_TOPIC_CHOICES])
        return Answer(self.question, "none", views[0].topic, (), 0, choices,
                      REASON_WHICH_TOPIC)

    def which_of_all(self, kind: str) -> Answer | None:
        """"tl;dr?", "show me the whole table" with several comparisons loaded, none named
        and no table's words in the message: every one fits as well, so the reply asks which
        instead of answering from whichever was loaded first. (Help is about the bot, so it
        never asks.)"""
        if kind == "help" or len(self.views) < 2:
            return None
        if (paged := self._table_paged_by_its_subjects_word()) is not None:
            return Answer(self.question, kind, paged.topic, score=confidence(STRONG))
        worded = [v for v in self.views if self._row_words_beside_asking(v.topic)]
        most = max(v.named for v in self.views)
        if worded and most:
            return None  # a table named, and row words: the named one, as ranked
        if not most and (one := self._the_only_table_naming_a_subject_so(self.views)):
            return Answer(self.question, kind, one.topic, score=confidence(STRONG))
        if len(worded) == 1:  # "the analogy for orchestration": one table's row word says
            return Answer(self.question, kind, worded[0].topic,  # which (the table that
                          score=confidence(STRONG))  # ranked first may have none of them)
        if worded:  # "show me the whole insurance table": two tables' cells say insurance;
            return self.which_topic(*worded)  # a third, ranked first, printed instead
        named = [v for v in self.views if v.named and v.named == most]
        both = [v for v in named if self._names_both_subjects(v.topic)]
        named = both or named  # "serverless vs containers" beside the shipped "Container"
        if most and len(named) < 2:
            return None  # named: that one
        first = {topic.id: at for at, topic in enumerate(teams_first([v.topic for v in
                                                                      self.views]))}
        return self.which_topic(*sorted(named or self.views, key=lambda v: first[v.topic.id]))
        # (or several with the same subjects: a team's release, CI and platform tables, each
        # "iOS vs Android"; a team's own first, as help lists them)

    def _table_paged_by_its_subjects_word(self) -> _TopicView | None:
        """The one table a word of every subject's name calls so beside "table" or "page"
        ("the whole CSP table" of "Category 1 CSP" vs "Category 2 CSP" printed the shipped
        table to a pharmacy's reviewer), or in a request for its gist ("tl;dr cremation" of
        "Communal cremation" vs "Individual cremation" asked which of four tables, a vet
        practice's reviewer): what the table compares kinds of names it."""
        pairs, said = set(pairwise(self.tokens)), {stem(t) for t in self.tokens}
        paged = [v for v in self.views if len(self.views) > 1 and any(
            any((word, page) in pairs for page in PAGE_WORDS) or stem(word) in said
            for word in _words_naming(v.topic))]
        if any(v.named for v in self.views if v not in paged):
            return None  # another table named by its title ("tl;dr ui test automation" of
            # "UI test automation: ..." beside Smoke test vs Sanity test: a QA team's)
        return paged[0] if len(paged) == 1 else None

    def _kind_of_the_table_its_subjects_word_names(self) -> Answer | None:
        """"show me the consent table", "tl;dr consent": a word every subject of one table
        has, a strong cue for the table, the summary or the analogy, and nothing else asked.
        Another table's row named "Consent documentation" had taken it (a research ethics
        office's reviewer, forty-seventh session)."""
        if len(self.views) < 2:
            return None
        cues = {k: max(v.cues.get(k, 0.0) for v in self.views) for k in INTENTS if k != "help"}
        kind = max(cues, key=cues.get)
        if cues[kind] < STRONG or (paged := self._table_paged_by_its_subjects_word()) is None:
            return None
        docs = self.m.lexical.docs
        cue_words = {w for d, phrases in self.hits.items() if docs[d].kind == kind
                     for phrase in phrases for w in phrase}
        shared = {stem(w) for w in _words_naming(paged.topic)}
        if not self._content_stems <= cue_words | ASKING_STEMS | shared:
            return None
        return Answer(self.question, kind, paged.topic, score=confidence(STRONG))

    def _row_words_beside_asking(self, topic: Topic) -> set[str]:
        """The table's row words in the message, but for words that only ask to be shown
        something, ask for a kind of answer or ask how things compare ("show", "whole",
        "table", "difference")."""
        docs = self.m.lexical.docs
        said = {w for d, phrases in self.hits.items() if docs[d].kind == "row"
                and docs[d].topic.id == topic.id for phrase in phrases for w in phrase}
        return said - self._only_asking
