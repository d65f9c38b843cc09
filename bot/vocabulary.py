"""What is true of every comparison: how people ask for a summary, an analogy, the whole table
or help; how they phrase questions no comparison table answers (troubleshooting, how-to,
advice, roadmaps); and the words that carry no meaning.

Nothing here names a subject or a row of any table. A table's own words (row names, cells,
aliases, examples, out-of-scope terms) live in its knowledge file, so a team that imports a
table gets these cues for free and tunes the rest without touching code. Each cue is a phrase
with a weight: strong cues (2.5) decide on their own, weak ones (1.0) only tip the balance.
"""

from __future__ import annotations

STRONG, MEDIUM, WEAK = 2.5, 1.6, 1.0
# Words asking for all of something: "the whole table", "the full comparison". Before a word
# for the page they ask for it, even where a subject is called "table" (dbt's view, table and
# incremental) or a title word is "full" ("Full load vs incremental").
WHOLE_WORDS = ("complete", "full", "whole", "entire", "every")
GREETING = 1.5  # enough for a help answer on its own, never against a real question
# words that greet or thank: a request for help on their own, manners beside a question
# ("hey bot, docker or kubernetes?" asks for the gist), and so is the "bot" they address
SALUTATIONS = ("hi", "hello", "hey", "hiya", "howdy", "yo", "thanks")
# a message of only these thanks or acknowledges the last answer ("thanks, that helps!",
# "ok got it"): it asks nothing, so the reply is short and it is no gap for the report
THANKING = frozenset("thanks thank thx thnx thanx ty tysm cheers appreciate appreciated".split())
ACKNOWLEDGING = frozenset("ok okay k kk cool great nice awesome perfect gotcha understood "
                          "alright lol haha noted yep yup got makes sense clear".split())
SMALL_TALK_FILLER = frozenset("you so much very really a lot lots that this it all helps "
                              "helped helpful for the now".split())

INTENT_CUES: dict[str, dict[str, float]] = {
    "summary": {
        **dict.fromkeys(
            [
                "summary", "summarize", "summarise", "sum up", "sum it up", "tldr", "gist",
                "nutshell", "in short", "short version", "recap", "overview", "elevator pitch",
                "big picture", "key takeaway", "takeaway", "main difference", "key difference",
                "in a sentence", "one sentence", "two sentences", "few words", "high level",
                "zoom out", "quick version", "boil it down", "bottom line",
            ],
            STRONG,
        ),
        **dict.fromkeys(["relationship", "relate", "related", "brief", "briefly", "explain"],
                        MEDIUM),
        **dict.fromkeys(["distinguish", "quick"], WEAK),
        # "what's the difference between X and Y" beats "what is" (a definition row)
        **dict.fromkeys(
            ["difference between", "differences between", "how do they differ",
             "how are they different", "differ from",
             "the difference of", "the differences of"],  # "...of X and Y", as many write it
            2.0,
        ),
    },
    "analogy": {
        **dict.fromkeys(
            [
                "analogy", "analogies", "metaphor", "like im five", "like i am five", "eli5",
                "five year old", "5 year old", "everyday life", "real world", "real life",
                "non techy", "non technical", "nontechnical", "layman", "laymans terms",
                "simile", "compare it to something",
            ],
            STRONG,
        ),
        **dict.fromkeys(["picture", "everyday", "normal words", "plain english",
                         "explain this to"], MEDIUM),
        **dict.fromkeys(["explain it", "imagine"], WEAK),
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
                "every aspect", "all the points", "in what ways", "every way", "show everything",
                "entire comparison",
            ],
            STRONG,
        ),
        **dict.fromkeys([*WHOLE_WORDS, "print", "dump"], WEAK),
    },
    "help": {
        **dict.fromkeys(
            [
                "what can you do", "what can you help", "what can i ask",
                "what kind of questions", "what questions", "what do you know",
                "what topics", "how does this bot work", "how do you work", "who are you",
                "what are you", "use this bot", "use the bot", "use you", "ask you",
                "help menu", "list of commands",
            ],
            STRONG,
        ),
        **dict.fromkeys(  # help alone, but "memory usage" and "how to use OnCalendar" ask more
            [
                "how to use", "usage", "commands", "help", *SALUTATIONS, "bot", "good morning",
                "how do i use this", "use this thing", "how does this work",
                "how does this thing work",
                "good afternoon", "good evening", "first day", "new here", "say hi",
                "thank you",
            ],
            GREETING,
        ),
    },
}

# The same kinds asked in whole sentences, for the semantic layer: it compares a question
# with these (and with a table's own `examples`), so paraphrases no cue lists still land.
KIND_EXAMPLES: dict[str, tuple[str, ...]] = {
    "summary": (
        "what is the main difference between them",
        "give me the short version",
        "sum it up in a sentence or two",
        "how are the two related",
        "what's the short answer",
    ),
    "analogy": (
        "explain it with an everyday analogy",
        "how would I explain this to someone who is not technical",
        "explain it like I'm five",
        "what is it like in real life",
        "dumb it down for me in simple terms",
        "what's a good way to think about them",
    ),
    "table": (
        "show me the whole comparison table",
        "list every difference between them",
        "give me all the points side by side",
        "list the differences, all of them",
    ),
    "help": (
        "what can you do",
        "how do I use this bot",
        "what kind of questions can I ask you",
    ),
}

# Kinds of question no comparison table answers, whatever its subject: fixing something,
# step-by-step how-tos, advice for one's own situation, product plans and where to read.
# A cue the table itself uses ("error" in an "Error Handling" row) does not count.
# what asks a price: a product's pricing beside a table that gives none, a row beside one
# that does
PRICE_CUES = ("pricing", "price", "cost", "costs", "per month")

QUESTION_TYPE_CUES: dict[str, tuple[str, ...]] = {
    "troubleshooting": (
        "not working", "doesnt work", "does not work", "isnt working", "is not working",
        "not starting", "wont start", "will not start", "can not connect", "cannot connect",
        "error", "errors", "exception", "stack trace", "traceback", "timed out", "stuck",
        "broken", "suddenly", "keeps crashing", "keeps restarting", "keeps failing", "debug",
        "troubleshoot", "why does my", "why is my", "why doesnt", "why does not", "why isnt",
        "why is not", "why cant", "why can not", "can not reach", "can not talk",
        "fails to", "failed to",
    ),
    "how_to": (
        "install", "installing", "installation", "configure", "configuring",
        "configuration for", "set up", "setup", "command to", "what command", "syntax",
        "step by step", "steps to", "enable", "disable", "upgrade", "tutorial", "settings",
    ),
    "advice": (
        "should we", "should i switch", "should we switch", "should i move", "recommend",
        "recommended", "is it wise", "would you", "worth it", "best practice",
        "best practices", "in production", "better than", "which is better", "much better",
        "better to use",
    ),
    "product": (
        "roadmap", "any plans", "plans to", "plans for", "version", "versions",
        "release", "released", "deprecated", "license", "licence", *PRICE_CUES,
    ),
    "reading": (
        "documentation", "docs", "link to", "where can i find", "where can i read",
        "video", "course", "book", "blog post",
    ),
    # asking the person addressed about their own choice, in a thread people reply in
    # ("why did you choose Kafka in your project?", "are you using bind mounts?"): a table
    # has no project, nor reasons of its own
    "personal": (
        "are you using", "were you using", "did you decide", "did you choose", "did you pick",
        "did you go with", "why do you choose", "why did you", "you decided", "you chose",
        "your use case", "your usecase", "your project", "your package", "your codebase",
        "your setup", "have you considered", "have you tried",
    ),
}

# how a row that gives the steps is named: a how-to question is that row's, not beyond
# ("how do I submit a batch job" beside a "Command" row of `salloc` and `sbatch`)
STEPS_ROW_STARTS = ("how to", "how do ", "how you ", "steps", "procedure", "instructions",
                    "setup", "set up", "getting started", "command")

# How questions ask for common kinds of row, whatever the table: "what is X" wants a row
# that defines X, "when should I use it" wants a use-case row. Each kind names the rows it
# fits (compared with a table's row names by meaning) and the openings that ask for it.
ROW_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "definition": (
        ("definition", "what it is", "what it means", "meaning", "overview", "description"),
        ("what is", "what are", "what exactly is", "define", "definition of", "meaning of",
         "stand for", "stands for"),
    ),
    "purpose": (
        ("purpose", "goal", "why use it", "benefits"),
        ("why use", "why would", "why do we need", "what for", "is for", "used for",
         "point of", "benefit", "benefits", "what problem"),
    ),
    "use_case": (
        ("use case", "when to use", "best for", "typical use"),
        ("when should", "when would", "which should", "which one should", "which to pick",
         "which to choose", "should i use", "should i pick", "good for", "best for",
         "instead of", "over a", "over an", "better for", "go with"),
    ),
    "steps": (
        ("steps", "command", "commands", "how to", "setup", "set up", "procedure",
         "instructions", "getting started"),
        ("how do i", "how do you", "how can i", "how to", "how would i", "steps to",
         "what command", "which command"),
    ),
    "example": (
        ("example", "examples", "sample"),
        ("example", "for instance", "show me one", "look like", "in practice"),
    ),
}

# A table without a row of one kind answers its questions with the sibling kind's row:
# "what is UDP used for?" from a Use Case row when no row is named Purpose.
SIBLING_ROW_KINDS = {"purpose": "use_case", "use_case": "purpose"}

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

# Words of a comparison's heading that name no comparison in particular: "Comparison",
# "Key differences at a glance". A title of other words ("Our AWS regions") names its table.
# what a table's corner cell says when it names the rows, not the things compared
# ("Feature", "Aspect"; "Laptop" over two laptop models is a kind, and names the table)
CORNER_WORDS = frozenset(
    """
    aspect aspects attribute attributes area areas category categories criteria criterion
    detail details dimension dimensions factor factors field fields item items metric
    metrics name parameter parameters property properties question questions row rows
    stage stages topic topics what characteristic characteristics point points
    thing things step steps title titles label labels element elements
    """.split()
)

HEADING_WORDS = frozenset(
    """
    comparison comparisons overview table difference differences between vs versus and the
    a an of key feature features at glance quick our
    note notes guide primer cheat sheet cheatsheet explainer memo handout reference faq
    vergleich ubersicht unterschied comparaison apercu comparacion resumen confronto
    """.split()  # (the kind of page: "Precedent note: ..." drew every question with "note";
)  # and in the languages teams title pages in: a dispatch team's "Vergleich" titled a table)

# Makers whose name starts their products' names: people call "Apache Airflow" Airflow and
# "Google Cloud Pub/Sub" Pub/Sub, and "GCP" or "AA" would name no one product
VENDOR_PREFIXES = ("amazon web services", "google cloud platform", "google cloud", "microsoft",
                   "hashicorp", "red hat", "amazon", "apache", "google", "azure", "oracle",
                   "aws", "gcp", "ibm", "docker")

# Words for the page a comparison is on: "the pricing table", "the onboarding doc".
PAGE_WORDS = ("table", "comparison", "page", "sheet", "chart", "doc", "matrix")

# Words that end a title's head and start what qualifies it: in "Cloud regions for new
# services (updated 2025-02-18)" only "cloud regions" names the comparison.
TITLE_TAIL = frozenset("for in of on at by to with from since updated as per what why how when "
                       "which who where".split())  # ("... what we decided and why": "why"
# named a data team's notebook in every question asking why)

# Words that tell two versions of one thing apart without naming either: "Old cluster" vs
# "New cluster" are not asked about as "old" and "new" ("what's new?" asks no subject).
QUALIFIERS = frozenset(
    "old new current legacy previous next existing future before after today".split())

# Chat shorthand that is not in the dictionary but is not a product name either.
CHAT_WORDS = frozenset(
    """
    lol lmao btw tbh imo imho afaik fyi idk iirc rn asap ty thx pls plz ya yep nope nah
    hmm hmmm ok okay gotta dunno tho pov eg ie etc ah oh uh um eh
    """.split()
)

# Verbs that report what a colleague said, and words that address one, in chat: the word
# beside them is a person ("Priya reckons...", "Jen said...", "cc Aisha"), not a product or
# a term the table leaves out.
REPORTING_VERBS = frozenset(
    """
    said says say reckons reckoned thinks thought told tells mentioned mentions claims
    claimed swears swore insists insisted suggested suggests wrote reckon recommended
    """.split()
)
# ... of which a tool does these too ("systemctl says", "fsck said", "the log says"): the
# word before them is a person only when typed as a name is ("Sam said")
SAYING_VERBS = frozenset("said says say wrote claims claimed".split())
ADDRESSING_WORDS = frozenset("cc ping thanks thx ty".split())

# Acronyms everyone at work already reads one way: an import makes none of them up for a
# name they do not stand for ("HR" of "Hygiene recall" took "what does HR need from a new
# hire"), unless the table writes it.
EVERYDAY_ACRONYMS = frozenset(
    """
    hr pr it id us uk eu am pm faq ceo cfo cto vp tv ok eta diy vip hq rsvp ooo pto wfh
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

# "how do I <verb> ..." where nothing in the knowledge base explains the verb: a how-to
# question about something else ("how do I book a meeting room").
# "where do I find my pay stub", "how do I get the W-2": verbs that ask where a thing is or
# how to obtain it, which a row named for that thing says ("Pay stubs: ADP -> Pay -> ...").
LOCATING_VERBS = frozenset("find get see view check access download locate".split())

HOW_TO_OPENINGS = (("how", "do", "i"), ("how", "can", "i"), ("how", "should", "i"),
                   ("where", "do", "i"), ("where", "can", "i"), ("how", "to"),
                   ("how", "do", "you"), ("how", "do", "we"))
