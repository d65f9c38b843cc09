"""Turn what people type in Slack into words the matcher can compare.

Everything here is pure and fast: it runs on every message, before matching.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer

# Only this much of a message is read: a 40,000-character paste costs no more to match
# than a real question, and no real question is longer.
MAX_QUESTION_CHARS = 1_000

# every form Slack sends: <@U123>, <@U123|bob smith>, <!here|@here>, <!subteam^S1|@team>,
# <!date^1392734382^{date}|Feb 18>; and the plain @here a slash command's text carries
_USER_OR_GROUP = re.compile(r"<[@!][^<>]*>")
_CHANNEL = re.compile(r"<#[^<>]*>")
_PLAIN_BROADCAST = re.compile(r"(?<![\w@])@(?:here|channel|everyone)\b", re.IGNORECASE)
# "@gmarek the calico node needs...", "cc @sam": handles typed as GitHub and email threads
# write them name who is asked, not what (an "@Override" inside a sentence is code, and kept)
_ADDRESSED = re.compile(r"^(?:\s*@[\w.-]+[,:]?)+|\bcc:?(?:\s+@[\w.-]+,?)+", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LABELLED_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")
_BARE_LINK = re.compile(r"<(?:https?|mailto):[^>]*>|https?://\S+")
_EMOJI = re.compile(r":[a-z0-9_+'-]+:")
# control characters and line separators read as spaces; every invisible format character
# (Unicode category Cf: soft hyphen, zero-width, bidi marks and isolates, tag characters...)
# is dropped, so "con\u00adtainer" stays one word and nothing hidden is ever echoed. The
# ranges are Unicode 15's Cf, written out because scanning the Unicode database at import
# would cost the cold start; a test checks them against the running Python's database.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile(f"[{FORMAT_CHARACTERS}]")
_SHORTHANDS = (
    (re.compile(r"\btl\s*;\s*dr\b"), " tldr "),
    (re.compile(r"\beli\s*5\b"), " eli5 "),
    (re.compile(r"\blike\s+i\s*'?\s*a?m\s+5\b"), " like im five "),  # the idiom, a digit
    (re.compile(r"\bk\s*8\s*s\b"), " k8s "),
)
_WORD = re.compile(r"[a-z0-9]+")
# "eu-central-1 (Frankfurt)", "Mutual TLS (mTLS)": a name and the other name it gives itself
_NAME_IN_BRACKETS = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
# `[text](https://...)` in knowledge files: a link in Slack, "text (address)" in a terminal
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
# `**bold**` in knowledge files: terminal, Block Kit and the matcher each read it
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?![*\w])")  # "*Solved*", not "2 * 3"
_CONTRACTIONS = {
    "whats": ("what", "is"), "hows": ("how", "is"), "wheres": ("where", "is"),
    "whos": ("who", "is"), "thats": ("that", "is"), "whatre": ("what", "are"),
    "dont": ("do", "not"), "doesnt": ("does", "not"), "cant": ("can", "not"),
    "isnt": ("is", "not"), "arent": ("are", "not"), "wont": ("will", "not"),
    # every other negated auxiliary, as people type it without the apostrophe
    **{f"{aux}nt": (aux, "not") for aux in
       "did would could should was were has have had must need might".split()},
}

_stemmer = Stemmer.Stemmer("english")


def strip_slack_markup(text: str, keep_link_labels: bool = True) -> str:
    """Remove mentions, channel links, URLs and emoji codes; keep link labels if asked.

    Mentions and broadcasts (`<!here>`) carry no meaning for matching and must
    never be echoed back, so they are dropped entirely. A link's label names a page,
    not the question, so matching leaves it out.
    """
    text = _LABELLED_LINK.sub(r" \1 " if keep_link_labels else " ", text)
    text = _USER_OR_GROUP.sub(" ", text)
    text = _CHANNEL.sub(" ", text)
    text = _BARE_LINK.sub(" ", text)
    text = html.unescape(text)
    text = _USER_OR_GROUP.sub(" ", text)  # an escaped &lt;!here&gt; is one once unescaped
    return _PLAIN_BROADCAST.sub(" ", _EMOJI.sub(" ", text))


def clean_question(text: str, keep_link_labels: bool = True) -> str:
    """The question as it may be shown back to people: no pings, no markup, one line."""
    text = unicodedata.normalize("NFKC", text or "")[: MAX_QUESTION_CHARS * 2]
    text = strip_slack_markup(text, keep_link_labels)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", _SURROGATE.sub("", text)))
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def without_invisible(text: str) -> str:
    """`text` without format characters (Cf): for text that comes back from Slack (button
    values) and may be shown again."""
    return _INVISIBLE.sub("", text)


def matching_text(text: str, question: str) -> str:
    """What the matcher reads: the cleaned question without link labels, which name pages,
    not the question, nor the people it addresses. Cleaned once more only when the message
    has a labelled link."""
    if _LABELLED_LINK.search(text[: MAX_QUESTION_CHARS * 2]):
        question = clean_question(text, keep_link_labels=False)
    return _ADDRESSED.sub(" ", question).strip() if "@" in question else question


def shorthands(text: str) -> str:
    """Lower-case, with "tl;dr", "eli 5" and "k 8 s" as one word each."""
    text = text.lower()
    for pattern, replacement in _SHORTHANDS:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words of already-cleaned text, their letters without accents
    ("führerschein" is "fuhrerschein", as those who type no umlaut write it; it was cut into
    "f" and "hrerschein", in the table and the question alike, for a German dispatch team)."""
    text = shorthands(text).replace("'", "").replace("\u2019", "")
    if not text.isascii():
        text = unaccented(text)
    found = []
    for word in _WORD.findall(text):
        found.extend(_CONTRACTIONS.get(word, (word,)))
    return found


_LETTER_PAIRS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
                               "ð": "d", "þ": "th", "ı": "i"})


def unaccented(text: str) -> str:
    """Latin letters without their accents ("café" -> "cafe"); other scripts as they are."""
    folded = unicodedata.normalize("NFKD", text.translate(_LETTER_PAIRS))
    return "".join(c for c in folded if not unicodedata.combining(c))


def in_a_script_we_cannot_read(text: str) -> bool:
    """Is the message mostly in a script other than the Latin alphabet ("Redis 的最大值是多少?",
    a question in Russian)? Neither the table's words nor the language model can read it, so
    any row it got would be a guess. A Han, kana or Hangul character counts as a word's worth
    of letters; a name in another script inside an English question does not tip it."""
    if text.isascii():
        return False
    latin = other = 0
    for character in text[:MAX_QUESTION_CHARS]:  # as much as is read, however long the paste
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        if name.startswith("LATIN"):
            latin += 1
        else:
            other += 3 if name.startswith(_WORDLIKE_SCRIPTS) else 1
    return other > latin


_WORDLIKE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Snowball stem, cached: the same few hundred words recur in every message. An
    irregular plural is read as its singular first ("knives" named no Knife guide,
    "children" no Minor child row): Snowball only cuts endings."""
    return _stemmer.stemWord(IRREGULAR_PLURALS.get(word, word))


# English plurals no ending rule reaches, and that no other word spells ("leaves" and "lives"
# are verbs too, "axes" is an axe's, "bases" a base's, "media" no "medium" size, and "data"
# is read as itself): what any table's words may be
IRREGULAR_PLURALS = {
    "knives": "knife", "wives": "wife", "wolves": "wolf", "loaves": "loaf", "calves": "calf",
    "scarves": "scarf", "hooves": "hoof", "elves": "elf", "midwives": "midwife",
    "children": "child", "men": "man", "women": "woman", "people": "person",
    "teeth": "tooth", "feet": "foot", "geese": "goose", "mice": "mouse", "oxen": "ox",
    "criteria": "criterion", "phenomena": "phenomenon", "indices": "index",
    "matrices": "matrix", "vertices": "vertex", "appendices": "appendix",
    "analyses": "analysis", "diagnoses": "diagnosis", "crises": "crisis", "theses": "thesis",
    "hypotheses": "hypothesis", "parentheses": "parenthesis", "syntheses": "synthesis",
    "prognoses": "prognosis", "curricula": "curriculum", "syllabi": "syllabus",
    "stimuli": "stimulus",
    "nuclei": "nucleus", "fungi": "fungus", "cacti": "cactus", "alumni": "alumnus",
}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Common English words (SCOWL size 35): a real word is never "corrected" as a typo.

    Loaded on first use only, so a question made only of known words costs nothing.
    """
    listing = Path(__file__).parent / "data" / "english-words.txt"
    return frozenset(listing.read_text(encoding="ascii").split())


_DERIVING_SUFFIXES = ("y", "ish", "ly", "ness")


def is_derived_word(word: str) -> bool:
    """A dictionary word made into another by a suffix people coin freely ("laggy",
    "spammy", "glitchy", "crashy"): a word of its own, not a typo of a dictionary word of
    like spelling ("laggy" is no "leggy"). The last consonant may be doubled ("lag-gy") or
    an "e" dropped ("shak-y")."""
    known = english_words()
    for suffix in _DERIVING_SUFFIXES:
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 4:  # "hapy" is "happy" mistyped
            continue
        doubled = len(base) > 3 and base[-1] == base[-2] and base[:-1] in known
        if base in known or doubled or base + "e" in known:
            return True
    return False


ROMAN_NUMERALS = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}


def acronym_plural(name: str) -> str:
    """The plural of a name ending in an acronym ("SSD" -> "SSDs", "Dockerfile CMD" ->
    "Dockerfile CMDs"), which the stemmer cannot read back as it reads "Virtual Machines";
    none where it would read as another word ("OOPs": oops), for "SaaS" or "DNS", nor for a
    numeral ("SOC 2 Type IIs")."""
    last = name.split()[-1] if name.split() else ""
    if (len(last) < 2 or not last.isupper() or not last[-1].isalpha() or last.endswith("S")
            or last in ROMAN_NUMERALS):
        return ""
    many = last.lower() + "s"
    if many in english_words() and last.lower() not in english_words():
        return ""
    return name + "s"


def two_names(name: str) -> list[str]:
    """The two names a header writes as one ("eu-central-1 (Frankfurt)" is asked about as
    "frankfurt" or "eu-central-1"; "Mutual TLS (mTLS)" as "mTLS"); none for a plain name."""
    both = _NAME_IN_BRACKETS.match(name)
    return [both["outer"], both["inner"]] if both else []


def name_parts(name: str) -> list[str]:
    """The names one row name joins, each naming the row alone: "Repeats / eRD" is asked
    about as "repeats", "Safe custody (CD cabinet)" as "safe custody". A slash without
    spaces writes one name ("Read/Write Speed", "Pub/Sub"), and a bracketed year or number
    ("Legal Status (2025)") names nothing."""
    parts = [part.strip() for part in name.split(" / ")] if " / " in name else []
    parts += [part for part in two_names(name) if re.search(r"[A-Za-z]{2}", part)]
    return [part for part in parts if part]


_LETTERS_NUMBER = re.compile(r"^([a-z]{2,})(\d{1,3})$")


def other_spelling(name: str) -> str:
    """A name with a number run into a word, as people also type it: "SEV2" as "SEV-2" or
    "sev 2", "IPv6" as "ipv 6"; "" when there is none. (The other way, "http2" for HTTP/2,
    is read when the word is typed: `LexicalIndex.correct`.)"""
    parts = words(name)
    spelled = [piece for word in parts for piece in _split_number(word)]
    return " ".join(spelled) if spelled != parts else ""


def _split_number(word: str) -> tuple[str, ...]:
    split = _LETTERS_NUMBER.match(word)
    return split.groups() if split else (word,)


_MARKED_NAME = re.compile(r"[A-Za-z0-9]+(?:[.\-/()']+[A-Za-z0-9]+)+")  # Next.js, W-2, 401(k)


def joined_forms(name: str) -> list[str]:
    """A name's words written with marks between them, as people type them without the
    marks: "nextjs" for Next.js, "w2" for W-2 (of "W-2 for 2024"), "401k" for 401(k)."""
    return list(dict.fromkeys("".join(parts) for marked in _MARKED_NAME.findall(name)
                              if len(parts := words(marked)) >= 2))


_SECTION = re.compile(r"(?:§+|\bsect?(?:ion)?s?\b\.?)\s*(\d+(?:\.\d+)*)", re.IGNORECASE)
_NEXT_SECTION = re.compile(r"\s*(?:,|&|\band\b|\bor\b)\s*§*\s*(\d+(?:\.\d+)*)", re.IGNORECASE)


def section_numbers(text: str) -> list[str]:
    """The sections a text cites, as a policy's readers ask for them: "4.2" of "Retention
    period (§4.2)", "7.1" and "7.2" of "sections 7.1 and 7.2" ("what does 4.2 say")."""
    found = []
    for cited in _SECTION.finditer(text):
        found.append(cited.group(1))
        at = cited.end()
        while more := _NEXT_SECTION.match(text, at):
            found.append(more.group(1))
            at = more.end()
    return found


_IDENTIFIER = re.compile(r"(?<![\w-])[A-Za-z]{2,}-\d+(?:-\d+)*(?![\w-])")


def identifiers(text: str, written_upper: bool = False) -> list[str]:
    """Ticket, advisory and decision ids a text writes ("CVE-2024-3094", "ADR-025",
    "INC-1234"), upper-cased: a question naming one asks about the row that names it.
    `written_upper`: only those written so, as a table writes ids ("web-0", a pod's name in
    a cell, is none)."""
    return [found.upper() for found in _IDENTIFIER.findall(text)
            if not written_upper or found.split("-")[0].isupper()]
