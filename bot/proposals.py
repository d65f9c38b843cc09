"""What `kb import` proposes for a maintainer to keep or delete: other names of the table's
subjects and rows that people type ("VM" for Virtual Machine, "HA" for High Availability,
"REST" for REST API, "containers" for Container).

Proposals are only ever written into the knowledge file, never added silently at match time,
so what the bot knows stays visible in one place.
"""

from __future__ import annotations

import re
from os.path import commonprefix  # of any lists: here, of two names' words

from bot.text import ROMAN_NUMERALS, stem, two_names, words
from bot.vocabulary import (
    CHAT_WORDS,
    EVERYDAY_ACRONYMS,
    QUALIFIERS,
    STOPWORDS,
    VENDOR_PREFIXES,
)

# where a lower-case letter meets a capital inside a word: "Web|Sockets", "Rabbit|MQ" (but
# not "OAuth", "iOS", "PaaS": a one-letter part is no word)
CAMEL_HUMP = re.compile(r"(?<=[a-z]{2})(?=[A-Z][A-Za-z0-9])")


def acronym(name: str) -> str:
    """"Virtual Machine" -> "VM", "High Availability" -> "HA", and the words run together
    inside a name ("WebSockets" -> "WS", "GitHub Actions" -> "GHA"); empty when a word of the
    name is an acronym already ("REST API", "RabbitMQ") or the result reads as a word people
    type anyway ("Operating Kernel" -> "OK", "DevOps" -> "DO")."""
    if re.search(r"\s[-\u2013\u2014:/]\s", name):  # "Cost - monthly": a facet and its detail,
        return ""  # which nobody shortens ("SLA" for "Speed - latency added" took SLA questions)
    parts = [p for w in name.replace("-", " ").split() if w[:1].isalnum()
             for p in CAMEL_HUMP.split(w)]
    if len(parts) < 2 or any(len(w) > 1 and w.isupper() or not w.isalpha() for w in parts):
        return ""  # (nor for "eu-central-1" or "Frankfurt (DE)": no "EC1")
    short = "".join(w[0] for w in parts).upper()
    return "" if _typed_anyway(short) else short


def _own_acronym(name: str, shared: set[str], text: str = "") -> str:
    """The name's acronym, but none of two words one of which another subject's name has:
    "MA" of Meta Ads beside Google Ads, "GM" of Git Merge beside Git Rebase are names
    nobody types ("FRM" of Fixed Rate Mortgage beside Variable Rate Mortgage is). Nor one of
    a name written as words of a sentence ("Account credit", "Batch job", "Leasing a Car")
    that the table never writes: a term people shorten is written as a name ("Virtual
    Machine"); "AC" and "BJ" named nothing a support and a research team typed."""
    parts = name.replace("-", " ").split()
    if len(parts) == 2 and any(w.casefold() in shared for w in name.split()):
        return ""
    short = acronym(name)
    as_words = any(w.casefold() in _SENTENCE_WORDS or w[:1].islower() and w not in STOPWORDS
                   for w in name.split()[1:])  # ("Bill of Materials" is a name's way)
    taken = short.casefold() in EVERYDAY_ACRONYMS  # "HR" of "Hygiene recall"
    if short and (as_words or taken) and not re.search(rf"\b{short}s?\b", text, re.IGNORECASE):
        return ""
    return short


_SENTENCE_WORDS = frozenset({"a", "an", "the", "and", "or"})  # "Taints and Tolerations": no TAT


def distinctive_part(name: str, others: list[str]) -> str:
    """"REST API" beside "GraphQL API" -> "REST", "Git Rebase" beside "Git Merge" -> "Rebase",
    "Kubernetes Horizontal Pod Autoscaler" beside "Kubernetes Vertical Pod Autoscaler" ->
    "Horizontal Pod": the words that tell the subjects apart, when the subjects share their first
    or last words; empty when they read as a word every sentence has ("A Record" beside
    "CNAME Record" -> not "A")."""
    parts = name.split()
    if len(parts) < 2:
        return ""
    head, tail = _shared_ends(parts, others)
    kept = parts[head:len(parts) - tail] if head or tail else []
    kept = kept[:next((at for at, w in enumerate(kept) if w.startswith("(")), len(kept))]
    taken = {w.casefold() for other in others if other != name for w in other.split()}
    if kept and all(w.casefold() in taken for w in kept):  # "Decision" of Early Decision
        return ""  # beside Regular Decision names both (an admissions office's reviewer)
    bare = kept[:-1] if len(kept) == 2 and kept[-1].casefold() in STOPWORDS else kept
    if len(bare) == 1 and bare[0].isupper():  # "RDS" of "RDS for PostgreSQL" beside
        kept = bare  # "Aurora PostgreSQL", not "RDS for" (but "Leasing a" of "Leasing a
    short = " ".join(kept)  # Car": "leasing" alone named the subject in "mods on lease?")
    if short.count("(") != short.count(")"):  # "FIFO (First In, First" of "... First Out)"
        return ""  # beside "FEFO (First Expired, First Out)": a bracket's half names nothing
    if short.casefold() in QUALIFIERS:  # "Old" of Old cluster: "what's new?" names neither
        return ""
    return "" if _typed_anyway(short) or len(short) < 2 else short  # "B" of Option B: any b


def _shared_ends(parts: list[str], others: list[str]) -> tuple[int, int]:
    """How many of the name's first words another subject's name also starts with, and
    whether it also ends with the name's last word (0 or 1), leaving a word of its own."""
    folded, head, tail = [p.casefold() for p in parts], 0, 0
    for other in (o.casefold().split() for o in others if o.split() != parts):
        head = max(head, min(len(commonprefix([folded, other])), len(parts) - 1))
        tail = max(tail, int(other[-1:] == folded[-1:]))
    if head + tail >= len(parts):
        tail = len(parts) - 1 - head
    return head, tail


def without_vendor(name: str) -> str:
    """The product's own name after its maker's ("Airflow" of "Apache Airflow", "Elastic Load
    Balancer" of "AWS Elastic Load Balancer"), as people call it; "" when no maker starts it
    or nothing of its own is left."""
    folded = name.casefold()
    for vendor in VENDOR_PREFIXES:
        if folded.startswith(vendor + " "):
            rest = name[len(vendor):].strip()
            return "" if _typed_anyway(rest) or len(rest) < 2 else rest
    return ""


def own_name(name: str, others: list[str]) -> str:
    """The name without the words every subject of the table starts with: "Kubernetes
    Horizontal Pod Autoscaler" beside "Kubernetes Vertical Pod Autoscaler" is the
    "Horizontal Pod Autoscaler" people shorten to "HPA" (not "KHPA")."""
    parts = name.split()
    head, _ = _shared_ends(parts, others)
    return " ".join(parts[head:])


def slash_parts(name: str) -> list[str]:
    """The names a header joins with a slash ("CCPA / CPRA" -> "CCPA", "CPRA"): people ask
    about either; none for a slash inside a word ("TCP/IP", "EU/EEA")."""
    parts = [part.strip() for part in name.split(" / ")]
    return parts if len(parts) > 1 and all(len(words(part)) <= 3 for part in parts) else []


def _named_parts(name: str) -> list[str]:
    """The names a slash joins, each a name of its own ("SP" and "M365" of "SP / M365",
    "salloc" and "srun --pty"), but not an everyday word alone ("injury" and "damage" of
    "Incident (injury / damage)": "injury" took another table's questions)."""
    from bot.text import english_words  # loaded only by an import that needs it

    parts = slash_parts(name) or [name]
    return [part for part in parts if len(parts) == 1 or not (
        part.islower() and part.isalpha() and part in english_words())]


_PATH = re.compile(r"^(?:~|\$\w+)?/\S*$")  # "/home/$USER", "~/projects", "$HOME/data"


def path_name(name: str, others: list[str]) -> list[str]:
    """The directory people say for a path ("home" of `/home/$USER` beside
    `/scratch/$USER`): its last part that is no variable and no part of another subject's
    path. The names had no alias, and "home vs scratch" went to another table."""
    if not _PATH.match(name):
        return []
    shared = {part.casefold() for other in others if other != name for part in other.split("/")}
    own = [part for part in name.split("/") if re.fullmatch(r"[\w.-]*[A-Za-z][\w.-]*", part)
           and part.casefold() not in shared and part != "~"]
    return own[-1:]


# a word that names a product on its own: written in camel case ("MacBook", "ThinkPad"), or,
# inside a longer name, a model's letters and digits ("X1", "M3", "EC2")
_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+[A-Z][A-Za-z]*")
_MODEL_WORD = re.compile(r"[A-Z][A-Z0-9]*[0-9][A-Z0-9]*|[A-Z]{2,}")
_LETTERS_AND_DIGITS = re.compile(r"(?=(?:.*[A-Z]){2})(?=.*[0-9])[A-Z0-9]+")  # "FFP3", not "P3"


def own_words(name: str, others: list[str]) -> list[str]:
    """Words of a subject's name that people use for it alone ("ThinkPad", "X1" of "Lenovo
    ThinkPad X1 Carbon Gen 12"): a camel-case word in a name of two words or more ("GitHub"
    of GitHub Actions), or a model's letters and digits in one of three or more that the
    dictionary does not know ("API", "AWS" and "CD" name many things), or in one of two when
    two letters at least go with its digits ("FFP3" of "Disposable FFP3"); never a word
    another subject's name has."""
    from bot.text import english_words  # loaded only by an import that needs it

    parts = name.split()
    taken = {w.casefold() for other in others if other != name for w in other.split()}
    own = [at for at, w in enumerate(parts) if len(parts) >= 2 and w.casefold() not in taken
           and w not in ROMAN_NUMERALS and (
               _CAMEL_WORD.fullmatch(w) or _MODEL_WORD.fullmatch(w) and (
                   len(parts) >= 3 or _LETTERS_AND_DIGITS.fullmatch(w))
               and w.lower() not in english_words())]
    found = []
    for at in own:  # "SOC 2" of "SOC 2 Type II"; "PPO 500" and "PPO" of "Blue PPO 500"
        numbered_ = at + 1 < len(parts) and parts[at + 1].isdigit()
        found += [f"{parts[at]} {parts[at + 1]}"] if numbered_ else []
        found += [parts[at]] if not numbered_ or len(parts[at + 1]) >= 3 else []  # a tier,
        # not a version: "SOC 1" and "SOC 2" are two things
    return found


_DASHED = re.compile(r"^(\S+(?: \S+){0,2}) [\u2013\u2014-] (\S+(?: \S+){0,2})$")


def dashed_parts(name: str) -> list[str]:
    """The two names a header joins with a spaced dash, a code and what it stands for ("S1 –
    Blocker" is asked about as "blocker": "what does blocker mean" found no subject)."""
    both = _DASHED.match(name)
    return [both[1], both[2]] if both else []


def first_word_alone(name: str, others: list[str], text: str) -> list[str]:
    """A name's first word when the table's summary or analogy calls the subject by it
    alone, and never by its whole name ("Greenleaf = fresher, local" for Greenleaf Farms
    Co-op, "Metro is the supermarket" for Metro Fresh Distributors): the team's short name.
    Not a maker's ("Apache", "AWS"), nor a word another subject's name has."""
    parts = name.split()
    if len(parts) < 2 or len(parts[0]) < 3 or not parts[0][:1].isupper():
        return []
    first = parts[0]
    taken = {w.casefold() for other in others if other != name for w in other.split()}
    if (first.casefold() in taken | STOPWORDS | QUALIFIERS | set(VENDOR_PREFIXES)
            or not first.isalpha()):
        return []
    second = re.escape(parts[1].rstrip("sS") or parts[1])  # "Session Cookie" of "... Cookies"
    alone = re.search(rf"\b{re.escape(first)}\b(?!\s+{second})", text)
    whole = re.search(rf"\b{re.escape(first)}\s+{second}", text, re.IGNORECASE)
    return [first] if alone and not whole else []  # ("Docker" beside "Docker Swarm is...":
    # the platform, not the subject)


_OTHER_NAMES_ROW = re.compile(r"^(?:also (?:called|known as)|other names?|aka|a\.k\.a\.?|"
                             r"synonyms?|brand names?|known as)\W*$", re.IGNORECASE)


def other_names_row(rows: list[dict], count: int) -> list[list[str]]:
    """Each subject's other names from a row that lists them ("Also called": "Normal
    saline; NS" under 0.9% Sodium Chloride): a pharmacy's reviewer asked "saline vs
    hartmann's?" and got that row, not the summary. A name of four words at most."""
    row = next((r for r in rows if _OTHER_NAMES_ROW.match(r["feature"].strip())), None)
    if row is None:
        return [[] for _ in range(count)]
    return [[name.strip(" .") for name in re.split(r"[;,/]|\bor\b", cell)
             if 0 < len(name.split()) <= 4 and name.strip(" .") not in ("—", "-")]
            for cell in row["cells"]]


_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def title_short_forms(title: str, names: list[str]) -> dict[str, list[str]]:
    """Subject name -> the short name the title calls it by, when the title compares them
    all in order: "GPU options: Lakeshore vs ACCESS vs AWS" over "Lakeshore GPU partition",
    "NSF ACCESS allocation" and "AWS on-demand (EC2)" proposes "AWS" (a research group's
    reviewer found it not proposed); "Conda vs venv" gives "venv" of "Python venv + pip".
    Each short name is words of the subject's own name, in order; one that reads as an
    English word ("ACCESS", not "AWS") is not proposed: every question about access would
    name it."""
    from bot.text import english_words  # loaded only by an import that needs it

    sides = _VERSUS.split(title.rsplit(":", 1)[-1].strip())
    if len(sides) != len(names) or len(names) < 2:
        return {}
    found = {}
    for side, name in zip(sides, names, strict=True):
        side = side.strip(" *_`\"'")
        said, own = words(side), [w.casefold() for w in words(name)]
        if (not said or side.casefold() == name.casefold() or _typed_anyway(side)
                or len(said) == 1 and said[0].casefold() in english_words()
                and not (side.isupper() and len(side) <= 3)):  # "AWS", not "aws"
            continue
        folded = [w.casefold() for w in said]
        if any(own[at:at + len(folded)] == folded for at in range(len(own))):
            found[name] = [side]
    return found


def _typed_anyway(short: str) -> bool:
    """A short form that reads as a word people type for other reasons ("OK", "A")."""
    return short.lower() in STOPWORDS or short.lower() in CHAT_WORDS


def written_short_forms(name: str, text: str) -> list[str]:
    """The short forms of a name that the table itself writes: a capitalised word or two
    standing for all the name's words in order, each the start of one or the initials of
    several ("VS Code" for Visual Studio Code), also run together as people type it
    ("VSCode"). A word of the name alone ("Code") or its singular is no short form."""
    parts = [p.lower() for w in name.replace("-", " ").split() for p in CAMEL_HUMP.split(w)]
    if len(parts) < 2:
        return []  # a one-word name's start is read at match time ("mongo", "postgres")
    typed, found = re.findall(r"[A-Za-z][A-Za-z0-9]*", text), []
    for size in (1, 2):
        for phrase in (typed[i:i + size] for i in range(len(typed) - size + 1)):
            letters = "".join(phrase)
            if (phrase[0][0].isupper() and min(map(len, phrase)) >= 2
                    and 3 <= len(letters) < len("".join(parts)) - 1
                    and _starts_of([w.lower() for w in phrase], parts)):
                found += [" ".join(phrase), letters]
    for hyphened in re.findall(r"(?<![\w/`.-])([A-Za-z]{2,}(?:-[A-Za-z]{2,})+)(?![\w/`-]|\.\w)",
                               text):  # (a word's form, not a file's: "docker-entrypoint.sh")
        typed_parts = hyphened.lower().split("-")  # "pre-auth" of Pre-authorisation, as a
        if (len("".join(typed_parts)) < len("".join(parts)) - 1  # hotel writes it in lower
                and _starts_of(typed_parts, parts)):  # case: the hyphen makes it a term
            found.append(hyphened.lower())
    return list(dict.fromkeys(found))


def _written_hyphened(name: str, text: str) -> bool:
    """Does the table write the name short with a hyphen ("pre-auth" of Pre-authorisation)?
    Then an acronym it never writes ("PA") is made up."""
    return any("-" in form for form in written_short_forms(name, text))


def _starts_of(typed: list[str], parts: list[str]) -> bool:
    """Does each typed word stand, in turn, for the start of one part ("Code") or for the
    initials of several ("VS"), using every part? ("Objects" is no "Object S|torage".)"""
    if not typed or not parts:
        return not typed and not parts
    word, rest = typed[0], typed[1:]
    if parts[0].startswith(word) and _starts_of(rest, parts[1:]):
        return True
    initials = "".join(p[0] for p in parts[:len(word)])
    return len(word) > 1 and word == initials and _starts_of(rest, parts[len(word):])


_EXAMPLE_GIVEN = re.compile(r"(?:e\.?\s?g\.?|i\.?\s?e\.?|such as|incl(?:uding|\.)?)\s",
                            re.IGNORECASE)


# a bracket saying where a subject stands, not another name for it: "Vector (proposed)"
# (an SRE team's reviewer: "any sev1 today?" went to "Fluent Bit (today)")
_STATUS = QUALIFIERS | frozenset("proposed planned recommended preferred default deprecated "
                                 "retired interim candidate chosen".split())


def bracketed_name(name: str) -> list[str]:
    """The other name a header gives in brackets ("mTLS" of "Mutual TLS (mTLS)", "Frankfurt"
    of "eu-central-1 (Frankfurt)"), and the name outside them; not what qualifies the name:
    "until March" of "ADP (until March)", "2.x" of "Remix (2.x)", "PostgreSQL 12, us-east-1"
    of "Old cluster (PostgreSQL 12, us-east-1)" and "e.g. 3M Aura 9332+", an example, are asked
    about by nobody."""
    both = two_names(name)
    if not both:
        return []
    inner = both[1]
    qualifies = ("," in inner or ";" in inner or words(inner)[:1] and words(inner)[0] in STOPWORDS
                 or not re.search(r"[A-Za-z]{2}", inner) and not _CODE.fullmatch(inner)
                 or _EXAMPLE_GIVEN.match(inner)
                 or all(w in _STATUS for w in words(inner)))  # "(today)", "(proposed)"
    return [both[0]] if qualifies else both




# a priority's or a tier's code, as a support team says it: "P1" of "Urgent (P1)", "L2"
_CODE = re.compile(r"[A-Z]{1,2}\d{1,2}")
EVERYDAY_RANK = 5_000  # the model vocabulary's words before this are everyday ones ("normal",
# "high", "home", "water"); "urgent", "playstation" and "frankfurt" come later


def _everyday_word(name: str) -> bool:
    """A name of one word any sentence may say ("Normal", "Home"), by the model vocabulary's
    ranking of words, commonest first."""
    from bot.embedding import word_commonness

    return " " not in name.strip() and word_commonness().get(
        name.strip().casefold(), EVERYDAY_RANK) < EVERYDAY_RANK


def short_name_inside(name: str) -> list[str]:
    """The short form a header gives in brackets inside a name ("LD3" of "AKE (LD3)
    container"; loaders say "LD3" as often as "AKE", and "whats an LD3" was declined: an
    airline's reviewer). A bracket closing the name is `bracketed_name`'s."""
    found = re.fullmatch(r"[^()]+\(([^()]+)\)\s*[^()\s][^()]*", name)
    inner = found[1].strip() if found else ""
    return [inner] if _is_short_name(inner) else []


def _is_short_name(name: str) -> bool:
    """"RRT", "mTLS", "EDD": one word of two capitals or more, as teams write a short form."""
    return bool(re.fullmatch(r"[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*", name))


def numbered(name: str, others: list[str]) -> list[str]:
    """"SOC 2 Type II" beside "SOC 2 Type I" as people type it: "SOC 2 Type 2" and "Type 2"
    (a question about "type 1" was about another product). Only where another subject's
    name differs by that numeral alone, so a final "I" is a numeral, not a pronoun."""
    parts = name.split()
    if len(parts) < 2 or parts[-1] not in ROMAN_NUMERALS or not any(
            o.split()[:-1] == parts[:-1] and o.split()[-1] in ROMAN_NUMERALS and o != name
            for o in others):
        return []
    arabic = ROMAN_NUMERALS[parts[-1]]
    return [" ".join([*parts[:-1], arabic]), *([f"{parts[-2]} {arabic}"] if len(parts) > 2 else [])]


def subject_aliases(name: str, others: list[str], text: str = "", gist: str = "") -> list[str]:
    """Other names for a subject; `text` is the table's, `gist` its summary and analogy,
    where it names its subjects as the team calls them."""
    if numerals := numbered(name, others):  # no "SOC 2 Type IIs", no "II" alone
        return _unique(numerals, exclude=name)
    outer = (two_names(name) or [name])[0]  # "SMB pipeline" of "SMB pipeline (HubSpot)"
    rivals = [(two_names(o) or [o])[0] for o in others if o != name]
    if numerals := numbered(outer, rivals):  # "Type I (orange)" beside "Type IV
        return _unique([*bracketed_name(name), *numerals], exclude=name)  # (green)": "Type
    # 1" as people type it; not "TI", "IV" alone or "I (orange)"
    shared = {w.casefold() for rival in rivals for w in rival.split()}
    product = without_vendor(outer)  # "Airflow" of "Apache Airflow"; not "Ads" of Google
    if product and all(w.casefold() in shared for w in product.split()):  # Ads beside Meta
        product = ""  # Ads: both are ads
    whole = _own_acronym(name, shared, text)  # "GKE" of Google Kubernetes Engine; not "AA" of
    if product and (len(whole) < 3 or whole.casefold() in VENDOR_PREFIXES):  # Apache
        # Airflow, nor "GCP"
        whole = ""
    maker = name[:len(name) - len(product)].split() if product else []
    if maker and maker[0].isupper() and len(short := acronym(product)) == 2:
        whole = maker[0][0] + short  # "ASM" of AWS Secrets Manager (not "AELB": "ELB")
    given = any(_is_short_name(part) for part in bracketed_name(name)[1:])
    if (given or _written_hyphened(outer, text)) and not re.search(rf"\b{whole}s?\b", text):
        whole = ""  # "AOD" of "AWS on-demand (EC2)"; "PA" beside "pre-auth"
    found = [*(part for both in bracketed_name(name) for part in _named_parts(both)),
             *path_name(outer, others), whole,  # "SP" and "M365" of "... (SP / M365)"
             distinctive_part(name, others), product]
    if any(_CODE.fullmatch(part) or _is_short_name(part)  # (the model's vocabulary is
           for part in bracketed_name(name)[1:]) and _everyday_word(outer):  # read only then)
        found = [part for part in found if part != outer]  # "Normal" of "Normal (P3)": its
        # code names it, and the everyday word took "normal delivery time" to ticket
        # priorities from a shipping table (an e-commerce support team's reviewer)
    found += dashed_parts(outer) + short_name_inside(name)  # "Blocker" of "S1 – Blocker"
    found += first_word_alone(outer, rivals, gist)  # "Greenleaf" of Greenleaf Farms Co-op
    found += [*slash_parts(outer), *own_words(outer, rivals),  # not "CPRA (California)"
              distinctive_part(outer, rivals) if outer != name else ""]
    own = product or own_name(name, others)
    forms = [own] if product else [name, own] if len(own.split()) > 1 else [name]  # ("CronJob":
    for form in dict.fromkeys(forms):  # "CD" for Continuous Delivery; "KHPA" and, as
        short = _own_acronym(form, shared, text)  # people write it, "HPA" for Kubernetes
        # Horizontal Pod Autoscaler
        written = written_short_forms(form, text)
        if (given or _written_hyphened(form, text)) and not re.search(  # "Rapid Response
                rf"\b{short}s?\b", text):
            short = ""  # (RRT)" says its short form: "RR", respiratory rate to a nurse, is
            # made up; so is "PA" beside the "pre-auth" a hotel's table writes
        found.append(short)  # (its plural, "VMs", the matcher reads as it: text.acronym_plural)
        found += written
    return _unique([f for f in found if not _owner_of_the_rest(f, name)], exclude=name)


def _owner_of_the_rest(short: str, name: str) -> bool:
    """"Chef's" of "Chef's knife": a possessive names whose the thing is, not the thing
    ("who tells chef if the fridge is warm" went to the knife table, a kitchen's reviewer)."""
    return bool(re.search(r"['’]s$", short)) and f"{short} " in name


def row_aliases(feature: str, text: str = "") -> list[str]:
    """A row name's acronym only where the table itself writes it ("CD" for Continuous
    Delivery in a cell saying "CI/CD"): one made up from a row name reads as another word
    people type ("PC" for Power Consumption, "SH" for Signal Handling beside `sh -c`, "EU"
    for Exec update). Over the 124 imported tables' question sets, the 711 made-up ones
    appeared in 26 questions, 4 of them about that row (docs/experiments.md, thirty-fourth
    session). A subject's acronym is kept written or not: people type "SSE" and "CD" for
    names the table spells out."""
    short = acronym(feature)
    written = bool(short) and re.search(rf"\b{short}s?\b", text) is not None
    return _unique([short if written else ""], exclude=feature)


def _unique(names: list[str], exclude: str) -> list[str]:
    seen, kept = {exclude.casefold()}, []
    for name in names:  # never a name of words every sentence has: "Us" of "Us (Acme)"
        if name and name.casefold() not in seen and words(name) and not all(
                w in STOPWORDS for w in words(name)):
            seen.add(name.casefold())
            kept.append(name)
    return kept


def _unquoted(name: str) -> str:
    """An other name as people type it: without the quotes a page puts round it."""
    return name.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()


def propose(topic: dict) -> dict:
    """Add proposed aliases to an imported topic (a dict in the knowledge file's shape)."""
    names = [s["name"] for s in topic["subjects"]]
    summary = topic.get("summary") or []  # the summary's points, one string each
    gist = " ".join([*([summary] if isinstance(summary, str) else summary),
                     str(topic.get("analogy") or "")])
    text = " ".join([*(c for row in topic["rows"] for c in row["cells"]), gist])
    rows = {n.casefold() for row in topic["rows"]
            for n in (row["feature"], *two_names(row["feature"]))}
    row_words = {stem(said[0]) for row in topic["rows"]  # as a question reads them:
                 if len(said := words(row["feature"])) == 1}  # "Boil" beside a Boiling row
    called = title_short_forms(str(topic.get("title") or ""), names)
    for subject, others in zip(names, other_names_row(topic["rows"], len(names)), strict=True):
        called.setdefault(subject, []).extend(others)
    for subject in topic["subjects"]:  # never a row's name: "HSA" of "HDHP 2000 + HSA"
        proposed = [a for a in [*subject_aliases(subject["name"], names, text, gist),  # beside
                                *called.get(subject["name"], [])]  # an "HSA (Health Savings
                    if a.casefold() not in rows  # Account)" row
                    and not (len(words(a)) == 1 and stem(words(a)[0]) in row_words)]
        seen: set[str] = {subject["name"].casefold()}  # each once, as first written
        proposed = [a for a in map(_unquoted, proposed)  # ("store refund" of a title beside
                    if a and a.casefold() not in seen and not seen.add(a.casefold())]  # "Store
        # refund" of the name: the first), never the name again, nor in its quotes ('"pre-D"')
        if proposed:
            subject["aliases"] = proposed
    subjects_called = {n.casefold() for s in topic["subjects"]
                       for n in (s["name"], *s.get("aliases", []), *two_names(s["name"]))}
    for row in topic["rows"]:  # never a subject's name: "ED" of Enrollment deposit where
        proposed = [a for a in row_aliases(row["feature"], text)  # the sheet's "ED" is
                    if a.casefold() not in subjects_called]  # Early Decision (an
        if proposed:  # admissions office's reviewer)
            row["aliases"] = proposed
    return topic
