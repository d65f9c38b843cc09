"""`k8s-compare kb suggest`: learn from what people asked.

The store keeps the questions the bot could not answer, the ones whose answer someone rated
"Not helpful", and the ones an expert saved as an example of a row. This groups them (the
report's grouping: twenty ways of asking one thing are one group), and for each group
proposes where it belongs:
- the row the semantic layer finds closest, when it is close and nothing in the questions
  says the table does not cover them: add the questions as that row's `examples`;
- else `out_of_scope`, with the word that names what the questions are about ("helm").
An expert's saved example goes to the row the expert picked. The result is a patch to the
knowledge files, printed for review (or written with --write): the bot never changes its
own knowledge.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml

from bot.embedding import word_commonness
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.report import QuestionGroup, group_questions, questions_to_learn_from
from bot.store import Store
from bot.text import stem, words
from bot.vocabulary import CHAT_WORDS, INTENT_CUES, QUESTION_TYPE_CUES, STOPWORDS

ROW_CLOSE = 0.5  # a group this close in meaning to a row is proposed as its examples
EXAMPLES_PER_GROUP = 3  # the most asked questions of a group, not all twenty wordings
MAX_GROUPS = 30
MIN_OUT_OF_SCOPE = 2  # a topic asked about once is chatter, not a gap worth a term
# the model vocabulary's first whole words are the commonest (~1,000: "make", "best",
# "table"); a word ranked past them can name what a question is about
SPECIFIC_RANK = 3_000
# words that say what kind of answer or question it is ("table", "install", "price"), not
# what it is about
CUE_WORDS = frozenset(w for cues in (*INTENT_CUES.values(), *QUESTION_TYPE_CUES.values())
                      for cue in cues for w in words(cue))


@dataclass(frozen=True)
class Proposal:
    topic_id: str
    questions: tuple[str, ...]  # the group's questions, most asked first
    count: int  # how often they were asked (or rated, or saved)
    feature: str = ""  # the row to add them to as examples; empty: out of scope
    term: str = ""  # the out-of-scope term proposed


def gather(store: Store, since: timedelta) -> tuple[list[tuple[str, int]], list[tuple]]:
    """(question, times) of unanswered and not-helpful questions, and the saved examples
    (question, topic id, row) an expert picked, over the window."""
    until = store.clock()
    start = until - since
    asked = questions_to_learn_from(store, start, until)
    saved = store.saved_examples(start) if hasattr(store, "saved_examples") else []
    return asked, [(s["question"], s["topic_id"], s["feature"]) for s in saved]


def propose(matcher: Matcher, groups: list[QuestionGroup],
            saved: list[tuple[str, str, str]]) -> list[Proposal]:
    proposals = []
    for group in groups[:MAX_GROUPS]:
        texts = tuple(t for t, _ in group.members[:EXAMPLES_PER_GROUP])
        proposal = _place(matcher, group.question, texts, group.count)
        if _already_known(matcher.kb, proposal):
            continue  # "out_of_scope: 'helm'" again, for a file that lists it
        if proposal.feature or (proposal.term and group.count >= MIN_OUT_OF_SCOPE):
            proposals.append(proposal)
    by_row: dict[tuple[str, str], list[str]] = {}
    for question, topic_id, feature in saved:
        by_row.setdefault((topic_id, feature), []).append(question)
    for (topic_id, feature), questions in by_row.items():
        proposals.append(Proposal(topic_id, tuple(dict.fromkeys(questions)), len(questions),
                                  feature))
    return proposals


def _place(matcher: Matcher, leader: str, texts: tuple[str, ...], count: int) -> Proposal:
    """The row a group's leading question is closest to, or the term it is about."""
    case = matcher.case(leader)
    topic = matcher.kb.topics[0]
    if case is not None:
        case.with_meaning()
        view = case.focus_view()[0]
        topic = view.topic
        if view.rows and not _beyond(view):
            feature = view.rows[0][1].row.feature
            if view.row_features.get(feature, {}).get("sem", 0.0) >= ROW_CLOSE:
                return Proposal(topic.id, texts, count, feature)
        if view.beyond_terms:
            return Proposal(topic.id, texts, count, term=view.beyond_terms[0])
    return Proposal(topic.id, texts, count, term=_common_term(texts, matcher, topic.id))


def _already_known(kb: KnowledgeBase, proposal: Proposal) -> bool:
    """Is what the proposal would add already in the file (the term listed out of scope,
    or every question already an example of the row)?"""
    topic = kb.topic(proposal.topic_id)
    if topic is None:
        return False
    if proposal.feature:
        row = topic.row(proposal.feature)
        known = {e.casefold() for e in row.examples} if row else set()
        return all(q.casefold() in known for q in proposal.questions)
    return proposal.term.casefold() in {t.casefold() for t in topic.out_of_scope}


def _beyond(view) -> bool:
    return any(key != "sides_ours" for key in view.beyond)


def _common_term(texts: tuple[str, ...], matcher: Matcher, topic_id: str) -> str:
    """What the group's questions are about that the table does not cover: the content word
    they share most, the most specific first (rarest in English: "cold", not "make"), with
    the table's word beside it that it qualifies ("cold brew"); never a word that only asks
    for a kind of answer or names a kind of question ("table", "install")."""
    table = matcher.lexical.topic_stems.get(topic_id, frozenset())
    rank = word_commonness()

    def rarity(word: str) -> int:
        return rank.get(word, len(rank) + SPECIFIC_RANK)  # not a word of the vocabulary

    def about(word: str) -> bool:
        return (word not in STOPWORDS and word not in CHAT_WORDS and word not in CUE_WORDS
                and len(word) > 2 and stem(word) not in table)

    shared = Counter(w for text in texts for w in dict.fromkeys(words(text)) if about(w))
    if not shared:
        return ""
    term = max(shared, key=lambda w: (shared[w], rarity(w)))
    typed = next(words(text) for text in texts if term in words(text))
    at = typed.index(term)
    beside = [(typed[at - 1], f"{typed[at - 1]} {term}")] if at else []
    if at + 1 < len(typed):
        beside.append((typed[at + 1], f"{term} {typed[at + 1]}"))
    for word, phrase in beside:  # with the table's word it qualifies, so that the term
        if stem(word) in table and word not in STOPWORDS:  # never blocks the table's own
            return phrase  # "brew" when "cold brew" is what it does not cover
    return term


def patched(path: Path, topic_proposals: list[Proposal]) -> str:
    """The knowledge file with the proposals applied: examples appended to their rows (no
    duplicates), new out-of-scope terms appended; the file's opening comments kept."""
    original = path.read_text("utf-8")
    data = yaml.safe_load(original)
    rows = {row["feature"]: row for row in data.get("rows", [])}
    scope = list(data.get("out_of_scope") or [])
    for proposal in topic_proposals:
        if proposal.feature in rows:
            row = rows[proposal.feature]
            known = {e.casefold() for e in row.get("examples", [])}
            row.setdefault("examples", [])
            row["examples"] += [q for q in proposal.questions if q.casefold() not in known]
        elif proposal.term and proposal.term.casefold() not in {t.casefold() for t in scope}:
            scope.append(proposal.term)
    if scope:
        data["out_of_scope"] = scope
    header = []
    for line in original.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header.append(line)
    return "".join(header) + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def knowledge_patch(kb_dir: Path, kb: KnowledgeBase, proposals: list[Proposal]) -> dict[Path, str]:
    """Each knowledge file a proposal touches, with its new text."""
    changed = {}
    for topic in kb.topics:
        mine = [p for p in proposals if p.topic_id == topic.id]
        path = kb_dir / f"{topic.id}.yaml"
        if mine and path.exists():
            text = patched(path, mine)
            if text != path.read_text("utf-8"):
                changed[path] = text
    return changed


def unified_diff(changed: dict[Path, str]) -> str:
    parts = []
    for path, text in changed.items():
        parts += difflib.unified_diff(
            path.read_text("utf-8").splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"a/{path.name}", tofile=f"b/{path.name}",
        )
    return "".join(parts)


def describe(proposals: list[Proposal]) -> str:
    """What is proposed, in words, before the patch."""
    lines = []
    for p in proposals:
        where = f"examples of '{p.feature}'" if p.feature else f"out_of_scope: {p.term!r}"
        lines.append(f"# {p.count:>4}x  {p.questions[0]!r} -> {where}")
    return "\n".join(lines)


def suggest(store: Store, matcher: Matcher, since: timedelta) -> list[Proposal]:
    asked, saved = gather(store, since)
    return propose(matcher, group_questions(asked), saved)
