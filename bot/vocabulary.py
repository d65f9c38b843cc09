"""Words that mean the same in every comparison: how people ask for a summary, an
analogy, the whole table or help, and the filler words that carry no meaning.

Topic words (row vocabulary, subject aliases, out-of-scope terms) live in the knowledge
files instead, so a team that imports its own table tunes them without touching code.
Each cue is a phrase with a weight: strong cues (2.5) decide on their own, weak ones
(1.0) only tip the balance when nothing else matches.
"""

from __future__ import annotations

STRONG, MEDIUM, WEAK = 2.5, 1.6, 1.0
GREETING = 1.5  # enough for a help answer on its own, never against a real question

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
        **dict.fromkeys(
            [
                "relationship", "relate", "brief", "briefly", "explain", "real quick",
            ],
            MEDIUM,
        ),
        **dict.fromkeys(["distinguish", "quick"], WEAK),
        # "what's the difference between X and Y" beats "what is" (Definition), not a named row
        **dict.fromkeys(
            ["difference between", "differences between", "how do they differ",
             "how are they different"],
            2.0,
        ),
    },
    "analogy": {
        **dict.fromkeys(
            [
                "analogy", "analogies", "metaphor", "like im five", "eli5", "everyday life",
                "real world", "real life", "non techy", "non technical", "nontechnical",
                "layman", "laymans terms", "non engineer",
                "something from everyday", "simile", "grandma", "grandmother",
                "my mom", "my dad", "a kid", "a child", "five year old", "5 year old",
            ],
            STRONG,
        ),
        **dict.fromkeys(
            ["picture", "pictures", "everyday", "roommate", "partner", "parents", "my family",
             "explain this to"],
            MEDIUM,
        ),
        **dict.fromkeys(["explain it", "click", "imagine", "traffic"], WEAK),
    },
    "table": {
        **dict.fromkeys(
            [
                "table", "full comparison", "comparison table", "chart", "side by side",
                "all the differences", "all differences", "every difference", "every feature",
                "all features", "all the features", "breakdown", "rundown", "list every",
                "list all", "all the ways", "every point", "points of comparison",
                "cheat sheet", "full list", "complete list", "whole comparison", "every row",
                "all rows", "everything you know", "all the aspects", "all aspects",
                "every aspect", "all the points", "in what ways", "every way",
            ],
            STRONG,
        ),
        **dict.fromkeys(["complete", "full", "whole", "every", "print", "dump"], WEAK),
    },
    "help": {
        **dict.fromkeys(
            [
                "what can you do", "what can you help", "what can i ask",
                "what kind of questions", "what questions", "what do you know",
                "what topics", "how does this bot work", "how do you work", "who are you",
                "what are you", "how to use", "usage", "commands", "use this bot",
                "use the bot", "use you", "ask you",
            ],
            STRONG,
        ),
        **dict.fromkeys(
            [
                "help", "hi", "hello", "hey", "hiya", "howdy", "yo", "good morning",
                "good afternoon", "good evening", "first day", "new here", "say hi", "thanks",
                "thank you", "bot",
            ],
            GREETING,
        ),
    },
}

# Function words and chat filler: never evidence for a row on their own.
STOPWORDS = frozenset(
    """
    a about above actually after again against all almost also am an and any anyone are
    around as at be because been before being below between both but by can could did
    do does doing done dont down during each either else even ever every few for from
    further get gets getting give go going gonna got had has have having he her here
    hers herself him himself his how however i id if im in into is isnt it its itself
    ive just kind kinda know let lets like literally ll me might mine more most much
    must my myself need needs no nor not now of off ok okay on once one only or other
    others our ours ourselves out over own please pls plz probably quite rather really
    s same say see seems shall she should so some someone something sorry sort sorta
    still such sure t tell than thanks that thats the their theirs them themselves then
    there these they thing things this those though through thx to too totally u under
    until up ur us use used using very want wanna was we well were what whats when
    where which while who whom whose will with within without would wondering yeah yes
    yet you youd your yours yourself vs versus compare compared comparison comparing
    """.split()
)

# Words dropped from a second reading of the message so that phrases can meet across
# them: "what is a container even for" also reads as "what is for".
FILLER_WORDS = frozenset(
    """
    a an the my our your their this that even actually really just basically exactly
    literally kinda sorta plain single whole
    """.split()
)

# "how do I <verb>" where nothing in the knowledge base explains the verb: a how-to
# question about something else ("how do I book a meeting room").
HOW_TO_OPENINGS = (("how", "do", "i"), ("how", "can", "i"), ("how", "should", "i"),
                   ("where", "do", "i"), ("where", "can", "i"), ("how", "to"))

# How-to, shopping and opinion questions: no comparison table answers them.
GENERIC_OFF_TOPIC_CUES = (
    "install", "installing", "installation", "cost", "costs", "price", "pricing",
    "per month", "better than", "recommend", "tutorial",
)
