"""The bot's own sentences, shared by every renderer so the terminal and Slack agree.

Texts here never contain user text; `**bold**` marks emphasis and each renderer turns it
into its own markup.
"""

from __future__ import annotations

import re

from bot.answer import (
    REASON_EMPTY,
    REASON_LANGUAGE,
    REASON_RELATED,
    REASON_THANKS,
    REASON_UNSURE,
    REASON_WHICH_TOPIC,
    Answer,
)
from bot.knowledge import KnowledgeBase, Row, Topic, teams_first
from bot.text import two_names
from bot.vocabulary import ROW_KINDS

HELP_EXAMPLE_CHARS = 80  # a longer example would crowd the help reply
HELP_ROWS_LISTED = 8  # a comparison's rows named in the terminal's help; the rest counted
HELP_GISTS_SHOWN = 5  # "tl;dr A vs B?" examples in help, one a table (four teams' tables
# beside the shipped one left the fourth without one: a support team's reviewer)


_UNTYPED = re.compile(r"[$/\[\]{}<>]")  # what nobody types in a question: "/home/$USER"


def typed_names(topic: Topic) -> str:
    """The subjects as a newcomer types them in an example ("login node vs compute node");
    a name written as a path or a variable by its first alias that is not ("home" of
    `/home/$USER`: help suggested "tl;dr /home/$user vs /scratch/$user?")."""
    said = []
    for subject in topic.subjects[:3]:
        name = short_name(subject.name)
        if _UNTYPED.search(name):
            name = next((a for a in subject.aliases if not _UNTYPED.search(a)), name)
        said.append(" ".join(w if w.isupper() and len(w) > 1 else w.lower()
                             for w in name.split()))  # "AKE container", as people type it
    return " vs ".join(said)


def example_questions(topic: Topic, several: bool = False) -> list[str]:
    """Ways to ask, made from the topic itself so a team's own table gets its own examples:
    a maintainer's example question for a row when the file has a short one (a newcomer
    copies it as written), else the row's name. With `several` comparisons loaded, the
    analogy and table examples name this one (unnamed, the bot would ask which). A summary
    or analogy the table lacks is not offered; a row more is."""
    names = typed_names(topic)
    which = f" for {names}" if several else ""
    overview = [*([f"tl;dr {names}?"] if topic.summary else []),  # (not what the table
                *([f"give me an analogy{which}"] if topic.analogy else []),  # lacks: "tl;dr"
                f"show me the full table{which}"]  # only said "no summary written yet")
    examples = [next((e for e in row.examples if len(e) <= HELP_EXAMPLE_CHARS),
                     _asking_about(row.feature))
                for row in example_rows(topic)[:5 - len(overview)]]
    return examples + overview


def example_rows(topic: Topic) -> list[Row]:
    """The rows help makes its examples of: not one named by a phrase ("What it does" is
    no topic: "what it does: how do they compare?"), nor one of examples ("examples: how do
    they compare?", a bank's reviewer), unless it has examples of its own."""
    return [row for row in topic.rows[:8] if row.examples or not (
        _WH_PHRASE.match(row.feature) or row.feature.casefold() in _EXAMPLES_ROW)
    ] or list(topic.rows[:1])


_EXAMPLES_ROW = frozenset(ROW_KINDS["example"][0])  # "Examples", "Sample"


_WH_PHRASE = re.compile(r"^(?:what|who|how|when|where|which|why)\b(?!.*\?\s*$)", re.IGNORECASE)


def _asking_about(feature: str) -> str:
    """A row's name as a question: as written when it is one already ("Who can start a
    release?"), else "cost: how do they compare?"."""
    if feature.rstrip().endswith("?"):
        return feature[:1].lower() + feature[1:]
    return f"{feature.lower()}: how do they compare?"


def short_name(name: str) -> str:
    """"eu-central-1 (Frankfurt)" as a newcomer types it in an example: "eu-central-1";
    "AKE (LD3) container" as "AKE container" (help suggested "tl;dr ake (ld3) container vs
    pmc pallet?": an airline's reviewer)."""
    outer = (two_names(name) or [name])[0]
    return " ".join(re.sub(r"\([^()]*\)", " ", outer).split()) or outer


def title_of(answer: Answer) -> str:
    return answer.topic.title if answer.topic else ""


def what_i_explain(kb: KnowledgeBase | None, answer: Answer) -> str:
    """Where an out-of-scope reply says the bot looked: every comparison loaded, not only the
    one the question came nearest ("I only explain Container vs Kubernetes Cluster" was false
    with a team's tables beside it)."""
    titles = [f"**{t.title}**" for t in teams_first(kb.topics)] if kb else []
    if len(titles) > 3:
        return f"my {len(titles)} comparisons (say help to see them)"
    if len(titles) > 1:
        return " and ".join([", ".join(titles[:-1]), titles[-1]])
    return f"**{title_of(answer)}**" if answer.topic else "my comparison tables"


def none_message(answer: Answer, kb: KnowledgeBase | None = None) -> str:
    """An honest reply when no row fits: unsure (offer choices) or out of scope (say so)."""
    if answer.reason == REASON_UNSURE:  # with several loaded, which comparison's parts
        which = (f"**{answer.topic.title}**" if kb and len(kb.topics) > 1 and answer.topic
                 else "the comparison")
        return f"I'm not sure which part of {which} you mean. Did you mean one of these?"
    if answer.reason == REASON_WHICH_TOPIC:
        return "That fits more than one of my comparisons. Which one do you mean?"
    covered = what_i_explain(kb, answer)
    if answer.reason == REASON_LANGUAGE:
        return ("Sorry, I can only read questions in English so far, so I'd rather not guess. "
                "Could you ask in English? Or pick one of these:")
    if answer.reason == REASON_RELATED:  # ("goes beyond what it says" was false above the
        return (  # row that answers it, where the classifier was only unsure)
            f"I don't think {what_i_explain(None, answer)} answers that exactly, so I'd rather "
            "not guess. These parts of it come closest:"
        )
    source = _choices_from(answer, kb)  # what was not found, never "I only explain my 4
    if answer.off_topic_term:  # comparisons": a reviewer read it, below a question one of
        return (  # them answers, as "your table is not one of mine"
            f"That sounds like a question about **{answer.off_topic_term}**, and I found "
            f"nothing on it in {covered}, so I'd rather not guess. These might help "
            f"instead{source}:"
        )
    if answer.suggestions and answer.suggestions[0].kind == "row":
        return (  # "outside what I know" beside the row it offers first said two things
            f"I couldn't find that exactly in {covered}, so I'd rather not guess. "
            f"The closest I have{source}:"
        )
    return (
        f"Sorry, I couldn't find that in {covered}, so I'd rather not guess. "
        f"You could try one of these{source}:"
    )


def _choices_from(answer: Answer, kb: KnowledgeBase | None) -> str:
    """", from Cloud regions" when several comparisons are loaded and the choices offered
    are one of them ("1. Summary 2. Full table" said nothing of which)."""
    if kb is None or len(kb.topics) < 2 or answer.topic is None or not answer.suggestions or (
            len({s.topic_id for s in answer.suggestions}) > 1):  # each named by its title
        return ""
    return f", from **{answer.topic.title}**"


def help_message(kb: KnowledgeBase, answer: Answer | None = None) -> str:
    """What the bot can do: its comparisons, their rows, and a few ways to ask."""
    greeting = "Hi! " if answer is None or answer.reason != REASON_EMPTY else ""
    lines = [f"{greeting}I explain the differences in these comparisons:"]
    for topic in teams_first(kb.topics):
        shown = ", ".join(r.feature for r in topic.rows[:HELP_ROWS_LISTED])
        more = len(topic.rows) - HELP_ROWS_LISTED
        lines.append(f"• **{topic.title}**: {shown}" + (f" and {more} more" if more > 0 else ""))
    if kb.topics:
        lines.append("Ask in plain words, for example:")
        lines += [f"• {q}" for q in help_examples(kb)]
    return "\n".join(lines)


def help_examples(kb: KnowledgeBase) -> list[str]:
    """Ways to ask: the one comparison's, or with several a row question of the first and
    the gist of each of the first five (help listed only the first table's examples)."""
    if len(kb.topics) < 2:
        return example_questions(kb.topics[0]) if kb.topics else []
    topics = teams_first(kb.topics)
    first = example_questions(topics[0], several=True)
    shown = example_rows(topics[0])  # the row its first example asks about
    row = shown[0].feature.casefold() if shown else ""
    elsewhere = any(r.feature.casefold() == row for t in topics[1:] for r in t.rows)
    gists = [f"tl;dr {typed_names(t)}?"
             for t in [t for t in topics if t.summary][:HELP_GISTS_SHOWN]]  # (none where
    # it has none)
    return [*([] if elsewhere else first[:1]), *gists, first[-1]]  # (a row two tables
    # have would ask which; every table has a full table, not every one an analogy)


def small_talk_message(kb: KnowledgeBase, answer: Answer) -> str:
    """The one-line reply to "thanks!" or "ok got it": no help menu for a message that
    asked nothing, only where to go next."""
    titles = [f"**{t.title}**" for t in kb.topics]
    about = (" or ".join([", ".join(titles[:-1]), titles[-1]]) if 1 < len(titles) <= 3
             else titles[0] if len(titles) == 1 else "my comparisons")
    opening = "You're welcome!" if answer.reason == REASON_THANKS else "👍"
    return f"{opening} Ask me anything else about {about}, or say help to see what I know."


def analogy_text(topic: Topic) -> str:
    return topic.analogy or f"There is no analogy for {topic.title} yet."


def summary_heading(topic: Topic) -> str:
    """"In short" over a summary; over a first row standing in for one, what it is, so that
    nobody takes one row for the main difference."""
    if topic.summary or not topic.rows:
        return "In short"
    return f"No summary written yet; the first row, {topic.rows[0].feature}"


def summary_lines(topic: Topic) -> tuple[str, ...]:
    """The table's summary; without one, its first row (where a comparison says what each
    subject is) one line a subject, named so nobody takes it for a summary someone wrote,
    rather than telling a newcomer nothing was written."""
    if topic.summary:
        return topic.summary
    if topic.rows:
        first = topic.rows[0]
        return tuple(f"**{subject.name}** ({first.feature}): {cell}"
                     for subject, cell in zip(topic.subjects, first.cells, strict=False))
    return (f"{topic.title}: no summary has been written yet.",)
