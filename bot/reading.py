"""Read what a question asks, before asking which row answers it.

A fair teacher holding one comparison table first reads the question: which sentence is the
question (a long message brings context first), what it is about (the two things compared,
the thing to define), and what kind of question it is (fixing something, a how-to, advice for
one's own situation, a product's plans). Only then does a row answer it or not. Everything
here is about language, not about any table: the matcher judges the findings against the
table's own words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.text import stem, words
from bot.vocabulary import (
    ACKNOWLEDGING,
    ADDRESSING_WORDS,
    PAGE_WORDS,
    QUESTION_TYPE_CUES,
    REPORTING_VERBS,
    SAYING_VERBS,
    SMALL_TALK_FILLER,
    STOPWORDS,
    THANKING,
)

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)|\n+")
CLAUSE_END = re.compile(r"[.?!;:]+(?:\s|$)|\n")
QUESTION_OPENERS = frozenset(
    """what whats why how when where which who whom whose is are was were can could should
    would will do does did any anyone tldr eli5""".split()
)
MAX_QUESTION_SENTENCES = 2
# words that only ask to be shown something: "can I see everything side by side?"
ONLY_ASKING = frozenset("see view show display print give get send everything all whole entire "
                        "full complete".split())
ASKING_STEMS = frozenset(stem(w) for w in ONLY_ASKING)
# "how to do it", "how to use it": a verb that names no particular step
GENERIC_HOW_TO_VERBS = frozenset(stem(w) for w in "do use get make go work be have".split())
# words that ask how the things compared differ, whatever the comparison
DIFFERING = frozenset("compare comparison contrast difference differences diff differ "
                      "different".split())
# words that stand for the things compared ("which one", "both of them"): a compared side
# whose head is one of these is the table's own
GENERIC_HEADS = frozenset("one ones other both two them it they each either".split())
SHORT_MESSAGE_WORDS = 25  # a message this short is judged whole, whatever its punctuation

# "difference between X and Y", "X vs Y", "X or Y" (when choosing), "compare X to Y"
_SIDE_STOP = frozenset(
    """and or vs versus to with than for in on at when if is are do does which what how
    why who should would could can in of""".split()
) | frozenset(  # a request's verb before the things compared ("can you *explain* X vs Y")
    "explain summarize summarise sum describe compare contrast recap outline learn".split()
) | frozenset(  # filler after them ("X vs Y *real quick*", "X or Y *first*")
    "real quick quickly please pls plz again first briefly".split()
) | frozenset(  # the kind of answer asked for before them ("tl;dr TPO vs conservation area"
    "tldr eli5 gist summary overview difference differences diff".split()  # read "tldr
)  # tpo" and was declined as comparing something else: a planning department's reviewer)
_DEFINE_OPENINGS = (
    ("what", "is"), ("what", "are"), ("what", "exactly", "is"), ("define",),
    ("explain",), ("eli5",), ("tell", "me", "about"), ("meaning", "of"), ("definition", "of"),
)
# "why doesn't the master reschedule...", "why can't one service reach another": a thing
# that does not happen as expected, the shape of a troubleshooting question
_NEGATIONS = ("not", "never", "nothing")
_REFERS_BACK = frozenset("it this that them they these those something anything one".split())
_DEFINE_STOP = frozenset(
    """and or but like in on at for when if how why which so vs versus compared to with
    than that who""".split()
)


class Reading(NamedTuple):
    """What one question asks, in words (typos already repaired by the caller)."""

    sides: tuple[tuple[str, ...], ...] = ()  # the things compared, when two are
    about: tuple[str, ...] = ()  # the thing to define or explain ("what is X")
    types: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind of question, cues found)
    asked_for: tuple[str, ...] = ()  # the kind of thing wanted: "what port", "how many X"


_ANAPHORS = frozenset("that this it they those these".split())
ANAPHOR_REACH = 4  # a pronoun this early in the question stands for the sentence before
_PUNCTUATION = ".,;:!?\"'()"


# Words written the way software names things: a flag, a path or file name, a version, a
# hyphenated or CamelCase name, letters mixed with digits ("--restart", "compose.yml", "1.2",
# "round-robin", "StatefulSet", "ipv6"). A table's rows are written in plain words, so such
# literals are a sign of a question more specific than any row; the classifier weighs it.
_TECHNICAL = re.compile(r"--?\w|\w[./_]\w|\d+\.\d|\b\w*\d\w*[a-z]\w*\b|[A-Z][a-z]+[A-Z]\w*")
MAX_TECHNICAL = 3


def technical_literals(text: str) -> int:
    """How many words are written as software names things (at most MAX_TECHNICAL)."""
    return min(MAX_TECHNICAL, len(_TECHNICAL.findall(text)))


def question_part(text: str) -> str:
    """The sentence(s) that ask, for a long message that gives context first: the ones
    ending in '?', else the ones opening like a question, else the last one."""
    if len(text.split()) <= SHORT_MESSAGE_WORDS:
        return text
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) < 2:
        return text
    asking = [s for s in sentences if s.endswith("?")]
    if not asking:
        asking = [s for s in sentences if s.split()[0].lower().strip(",:") in QUESTION_OPENERS]
    chosen = (asking or sentences[-1:])[:MAX_QUESTION_SENTENCES]
    before = sentences.index(chosen[0]) - 1
    opening = {w.strip(_PUNCTUATION) for w in chosen[0].lower().split()[:ANAPHOR_REACH]}
    if before >= 0 and _ANAPHORS & opening:  # "which one handles that?" counts too
        chosen, before = [sentences[before], *chosen], before - 1  # "is that because...?"
    while before >= 0 and len(_content_words(" ".join(chosen))) < MIN_ASKING_WORDS and (
            len(chosen) < MAX_QUESTION_SENTENCES + 2):
        chosen, before = [sentences[before], *chosen], before - 1  # "Can you compare?"
    return " ".join(chosen)


MIN_ASKING_WORDS = 2  # a question of fewer asks about the sentence before it
# words that ask or assent, and name nothing asked about: "can you compare?", "is that right?"
_ASKING_ONLY = frozenset("""compare comparison clarify explain help understand difference
    differ right true correct expected normal sure wondering curious mean know tell think
    thoughts idea ideas advice please thanks""".split())


def _content_words(text: str) -> list[str]:
    """The words of a sentence that name something ("how much data each approach handles"
    has three; "Can you compare?" none)."""
    return [w for w in words(text.lower()) if w not in STOPWORDS and w not in _ASKING_ONLY
            and len(w) > 1]


def contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Does the sequence hold the phrase, word for word and in order?"""
    size = len(phrase)
    return any(sequence[i : i + size] == phrase for i in range(len(sequence) - size + 1))


class PhraseFinder:
    """Finds any of a list of phrases as whole words in space-separated words, the longest
    phrase at a place winning; like one big regular expression, without compiling one at
    start-up (the cue lists run to hundreds of phrases: compiling them cost `ask` ~5 ms)."""

    def __init__(self, phrases):
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in set(phrases):
            if words := tuple(phrase.split()):
                self._by_first.setdefault(words[0], []).append(words)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)

    def findall(self, text: str) -> list[str]:
        """Every phrase found, left to right, none overlapping."""
        tokens, found, i = text.split(), [], 0
        while i < len(tokens):
            match = next((p for p in self._by_first.get(tokens[i], ())
                          if tuple(tokens[i : i + len(p)]) == p), None)
            if match:
                found.append(" ".join(match))
            i += len(match) if match else 1
        return found

    def search(self, text: str) -> str | None:
        """The first phrase found, or None."""
        return next(iter(self.findall(text)), None)


# words that point at the two things compared without naming them ("which one is older?",
# "what could go wrong with each type?"): asked of a comparison bot, about its comparison
PAIR_POINTERS = PhraseFinder((
    "which one", "which ones", "which is", "which of them", "which of these", "which of the two",
    "either one", "either of them", "either of these", "either kind", "either type",
    "each one", "each of them", "each of these", "each type", "each kind", "each way",
    "one of them", "one of these", "both of them", "the two", "these two", "those two",
    "over the other", "than the other",
))
_TYPE_FINDERS = {kind: PhraseFinder(phrases) for kind, phrases in QUESTION_TYPE_CUES.items()}


def read(clauses: list[list[str]]) -> Reading:
    """Find the compared sides, the defined thing and the kinds of question in the words
    of each clause (a side or a defined thing never runs past a '?' or a '.')."""
    joined = " ".join(t for clause in clauses for t in clause)
    types = []
    for kind, finder in _TYPE_FINDERS.items():
        cues = tuple(dict.fromkeys(finder.findall(joined)))
        if kind == "troubleshooting":
            cues += tuple(f"why ... {n}" for c in clauses if c[:1] == ["why"]
                          for n in _NEGATIONS if n in c[1:])[:1]
        if kind == "reading" and "book" in cues and _booking(joined.split()):
            cues = tuple(c for c in cues if c != "book")  # "book an interview": reserve one
        if cues:
            types.append((kind, cues))
    sides = next((found for c in clauses if (found := comparison_sides(c))), ())
    about = next((found for c in clauses if (found := asked_about(c))), ())
    wanted = next((found for c in clauses if (found := asked_for(c))), ())
    return Reading(sides, about, tuple(types), wanted)


def _booking(tokens: list[str]) -> bool:
    """Is "book" a verb here ("can i book a room", "last day to book an interview": to
    reserve), not a book to read? A library's and an admissions office's reviewers were told
    such questions ask for something to read."""
    return any(word == "book" and (
        tokens[at + 1:at + 2] and tokens[at + 1] in _BOOKED_WHAT
        or at and tokens[at - 1] in _BOOKING_BEFORE) for at, word in enumerate(tokens))


_BOOKED_WHAT = frozenset("a an the my our your his her their one two it them in me us online "
                         "ahead early".split())
_BOOKING_BEFORE = frozenset("to i we you they can cannot could should would will must how "
                            "please pls".split())


def comparison_sides(tokens: list[str]) -> tuple[tuple[str, ...], ...]:
    """The two things a question compares, each as its words, or () when it compares none."""
    for i, word in enumerate(tokens):
        before, after = tokens[:i], tokens[i + 1 :]
        if word == "between" and "and" in after:
            split = after.index("and")
            return _sides(after[:split], after[split + 1 :])
        if word in ("vs", "versus") or (word == "or" and _is_choice(before, after)):
            return _sides(before, after)
        if word in ("differ", "differs", "different") and "and" in before[-4:]:
            split = len(before) - 1 - before[::-1].index("and")  # "X and Y differ"
            return _sides(before[:split], before[split + 1 :])
        if word in ("differ", "differs", "different", "compared", "comparing", "compare"):
            for link in ("from", "to", "with", "and"):
                if link in after[:4]:  # "X differs from Y", "compare X to Y"
                    at = after.index(link)
                    left = (after[:at] or before) if word == "compare" else before
                    return _sides(left, after[at + 1 :])
    return ()


BARE_CHOICE_WORDS = 4  # a message that is only "X or Y" weighs the two against each other


def _is_choice(before: list[str], after: list[str]) -> bool:
    """"X or Y" compares X and Y in a choice ("which ... X or Y", "should I use X or Y"), or
    when it is all the message says ("docker or kubernetes?")."""
    return len(before) + len(after) <= BARE_CHOICE_WORDS or any(
        w in before for w in ("which", "should", "choose", "pick", "better", "use"))


def _backward(words: list[str]) -> tuple[str, ...]:
    """The noun phrase that ends just before a 'vs' or 'or'."""
    phrase: list[str] = []
    for word in reversed(words):
        if word in _SIDE_STOP or len(phrase) == 3:
            break
        phrase.insert(0, word)
    return tuple(w for w in phrase if w not in STOPWORDS) or tuple(phrase)


def _forward(words: list[str]) -> tuple[str, ...]:
    """The noun phrase that starts just after a 'vs' or 'or', without the page it is asked
    for: "zoning permit" of "building vs zoning permit table" (a side "zoning permit table"
    compared something the table does not, and the whole table was declined)."""
    phrase: list[str] = []
    for word in words:
        if (word in _SIDE_STOP or word in PAGE_WORDS) and phrase or len(phrase) == 3:
            break
        if word not in STOPWORDS or phrase:
            phrase.append(word)
    return tuple(w for w in phrase if w not in STOPWORDS) or tuple(phrase)


def _sides(left, right) -> tuple[tuple[str, ...], ...]:
    a, b = _backward(list(left)), _forward(list(right))
    return (a, b) if a and b else ()


def asked_about(tokens: list[str]) -> tuple[str, ...]:
    """X in "what is X", "define X", "explain X": its content words, or ()."""
    for opening in _DEFINE_OPENINGS:
        size = len(opening)
        for start in range(len(tokens) - size + 1):
            if tuple(tokens[start : start + size]) != opening:
                continue
            rest = tokens[start + size :]
            if rest[:1] and rest[0] in _REFERS_BACK:
                return ()  # "explain it", "what is that": the comparison itself
            phrase = []
            rest = _after_the_difference(rest)
            for word in rest:
                if word in _DEFINE_STOP and phrase:
                    break
                if word not in STOPWORDS:
                    phrase.append(word)
                if len(phrase) == 4:
                    break
            if phrase:
                return tuple(phrase)
    return ()


def _after_the_difference(rest: list[str]) -> list[str]:
    """"the (main) difference between a TPO and ...": what follows it, the first thing
    compared, not "difference tpo" (a planning department's table declined its own subject);
    the words as they are when a content word comes before it ("podman's architectural
    difference") or nothing follows ("what's the difference?")."""
    differ = next((at for at, w in enumerate(rest[:4]) if w in _HOW_THEY_DIFFER), None)
    if differ is None or any(w not in STOPWORDS and w not in _DIFFERENCE_ADJECTIVES
                             for w in rest[:differ]):
        return rest
    after = rest[differ + 1:]
    while after and (after[0] == "between" or after[0] in STOPWORDS):
        after = after[1:]
    return after if after else rest


_HOW_THEY_DIFFER = frozenset("difference differences diff similarity similarities".split())
_DIFFERENCE_ADJECTIVES = frozenset("main key real big biggest basic actual major fundamental "
                                   "core exact practical".split())


def asked_for(tokens: list[str]) -> tuple[str, ...]:
    """The noun phrase right after "what", "which", "how many" or "how much": the kind of
    thing the answer must be ("what port", "which algorithm", "how many partitions"), or ()
    when a verb follows ("what is", "which should") or a count ("which of the two": one of
    the things compared)."""
    for i, word in enumerate(tokens):
        if word in ("what", "whats", "which"):
            rest = tokens[i + 1 :]
        elif word == "how" and tokens[i + 1 : i + 2] in (["many"], ["much"]):
            rest = tokens[i + 2 :]
        else:
            continue
        while rest[:1] and rest[0] in _WANTED_SKIP:
            rest = rest[1:]
        phrase = []
        for token in rest:
            if token in STOPWORDS or token in _COUNTS or token.isdigit() or len(phrase) == 4:
                break
            phrase.append(token)
        if phrase:
            return tuple(phrase)
    return ()


# a message of only these says "got it" (Slack codes as typed, or the emoji themselves)
_ACK_EMOJI = re.compile(
    r"(?:\s*(?::(?:\+1|thumbsup|thumbs_up|pray|ok_hand|raised_hands|clap|tada|100|heart|"
    r"white_check_mark|heavy_check_mark|muscle|smile|slightly_smiling_face)(?:::skin-tone-\d)?:"
    r"|[\U0001F44D\U0001F64F\U0001F44C\U0001F64C\U0001F44F\U0001F389\U0001F4AF\u2764"
    r"\u2705\u2714\U0001F4AA\U0001F642\U0001F604\U0001F3FB-\U0001F3FF\ufe0f]))+\s*")
_WANTED_SKIP = frozenset("the a an exact exactly actual kind sort type of".split())
_COUNTS = frozenset("two three four five both either neither".split())


def people_named(tokens: list[str], capitalised: frozenset[str] = frozenset()) -> set[str]:
    """The words of a chat message that name a colleague: before a verb that reports what
    they said ("Priya reckons", "Jen just said") or after one that addresses them ("cc
    Aisha"). A newcomer checks a claim that way, and the name is no term the table lacks:
    "Priya" had read as a word no table uses, and the claim was declined as beyond it.
    Tools say things too ("systemctl says", "fsck said"): before a verb of saying alone,
    a word is a person only if typed with a capital (`capitalised`, lower-cased)."""
    named = set()
    for i, token in enumerate(tokens):
        after = [t for t in tokens[i + 1 : i + 3] if t not in ("just", "also", "always")]
        reports = after[:1] and after[0] in REPORTING_VERBS and (
            after[0] not in SAYING_VERBS or token in capitalised)
        if token not in STOPWORDS and token.isalpha() and (
                reports or i and tokens[i - 1] in ADDRESSING_WORDS):
            named.add(token)
    return named


def typed_capitalised(text: str) -> frozenset[str]:
    """The words typed with a capital first letter, lower-cased as `words` makes them."""
    return frozenset(w for m in re.findall(r"(?<![\w'])[A-Z][a-z]+(?![\w'])", text)
                     for w in words(m))


def small_talk(message: str, cleaned: str) -> str:
    """"thanks" for a message that only thanks ("thanks, that helps!"), "acknowledged" for
    one that only acknowledges ("ok got it", "lol", a lone :+1: or 🙏), else "": such a
    message asks nothing, and answering "that's outside what I know" would be a reply to no
    question (nor would the help menu be, to a thumbs-up)."""
    if _ACK_EMOJI.fullmatch(message.strip()):
        return "acknowledged"
    typed = words(cleaned)  # `message` cleaned (`bot.text.clean_question`)
    if not typed or not all(w in THANKING or w in ACKNOWLEDGING or w in SMALL_TALK_FILLER
                            for w in typed):
        return ""
    if any(w in THANKING for w in typed):
        return "thanks"
    return "acknowledged" if any(w in ACKNOWLEDGING for w in typed) else ""
