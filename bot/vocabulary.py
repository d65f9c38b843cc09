"""Words that mean the same in every comparison: how people ask for a summary, an
analogy, the whole table or help, and the filler words that carry no meaning.

Topic words (row vocabulary, subject aliases, out-of-scope terms) live in the knowledge
files instead, so a team that imports its own table tunes them without touching code.
Each cue is a phrase with a weight: strong cues (2.5) decide on their own, weak ones
(1.0) only tip the balance when nothing else matches.
"""

from __future__ import annotations

STRONG, MEDIUM, WEAK = 2.5, 1.6, 1.0

INTENT_CUES: dict[str, dict[str, float]] = {
    "summary": {
        **dict.fromkeys(
            [
                "summary", "summarize", "summarise", "sum up", "sum it up", "tldr", "gist",
                "nutshell", "in short", "short version", "recap", "overview", "elevator pitch",
                "big picture", "key takeaway", "takeaway", "main difference", "key difference",
                "in a sentence", "one sentence", "two sentences", "few words", "high level",
                "zoom out", "zooming out", "quick version", "boil it down", "bottom line",
            ],
            STRONG,
        ),
        **dict.fromkeys(["relationship", "relate", "brief", "briefly", "quick"], MEDIUM),
        **dict.fromkeys(["difference", "differ", "different", "distinguish"], WEAK),
    },
    "analogy": {
        **dict.fromkeys(
            [
                "analogy", "analogies", "metaphor", "like im five", "eli5", "everyday life",
                "real world", "real life", "non techy", "non technical", "nontechnical",
                "layman", "laymans terms", "non engineer", "car", "cars", "traffic",
                "something from everyday", "simile",
            ],
            STRONG,
        ),
        **dict.fromkeys(["picture", "pictures", "everyday", "grandma", "roommate"], MEDIUM),
        **dict.fromkeys(["explain it", "click", "imagine"], WEAK),
    },
    "table": {
        **dict.fromkeys(
            [
                "table", "full comparison", "comparison table", "chart", "side by side",
                "all the differences", "all differences", "every difference", "every feature",
                "all features", "all the features", "breakdown", "rundown", "list every",
                "list all", "all the ways", "every point", "points of comparison",
                "cheat sheet", "full list", "complete list", "whole comparison", "every row",
                "all rows", "everything you know",
            ],
            STRONG,
        ),
        **dict.fromkeys(["complete", "full", "whole", "every", "print", "dump"], WEAK),
    },
    "help": {
        **dict.fromkeys(
            [
                "help", "what can you do", "what can you help", "what can i ask",
                "what kind of questions", "what questions", "what do you know",
                "what topics", "how does this bot work", "how do you work", "who are you",
                "what are you", "how to use", "usage", "commands",
            ],
            STRONG,
        ),
        **dict.fromkeys(
            [
                "hi", "hello", "hey", "hiya", "howdy", "yo", "good morning", "good afternoon",
                "good evening", "first day", "new here", "say hi", "thanks", "thank you", "bot",
            ],
            MEDIUM,
        ),
    },
}

# Function words and chat filler: never evidence for a row on their own.
STOPWORDS = frozenset(
    """
    a about above actually after again against all almost also am an and any anyone are
    around as at be because been before being below between both but by can could did do
    does doing done dont down during each either else even ever every few for from further
    get gets getting give go going gonna got had has have having he her here hers herself
    him himself his how however i id if im in into is isnt it its itself ive just kind kinda
    know let lets like literally ll me might mine more most much must my myself need needs
    no nor not now of off ok okay on once one only or other others our ours ourselves out
    over own please pls plz probably quite rather really s same say see seems shall she
    should so some someone something sorry sort sorta still such sure t tell than thanks
    that thats the their theirs them themselves then there these they thing things this
    those though through thx to too totally u under until up ur us use used using very
    want wanna was we well were what whats when where which while who whom whose why will
    with within without would wondering yeah yes yet you youd your yours yourself
    vs versus compare compared comparison comparing
    """.split()
)
