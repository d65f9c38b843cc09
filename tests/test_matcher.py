"""The matcher, question by question as a newcomer would ask, and on labelled sets."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from bot.answer import (
    REASON_EMPTY,
    REASON_OUT_OF_SCOPE,
    REASON_RELATED,
    REASON_UNSURE,
    REASON_WHICH_TOPIC,
    Suggestion,
)
from bot.evaluate import evaluate, load_questions
from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.reading import question_part
from bot.text import clean_question
from tests.conftest import (
    DATA,
    OUT_OF_SCOPE_NEAR_A_ROW,
    ROOT,
    SHARED_EVAL,
    UNSURE_QUESTION,
)


@pytest.mark.parametrize(
    ("question", "feature"),
    [
        ("what happens when my app crashes at 3am?", "Fault Tolerance"),
        ("how do services find each other", "Networking"),
        ("what is a container?", "Definition"),
        ("kubernets scalibility", "Scalability"),
        ("contianer mangement", "Management"),
        ("does a single container hold more than one service?", "Scope"),
        ("why kube?", "Purpose"),
        ("show me a real example", "Example"),
    ],
)
def test_a_row_question_gets_that_row_first(matcher, question, feature):
    answer = matcher.match(question)
    assert answer.kind == "row"
    assert answer.features[0] == feature
    assert answer.topic.title == "Container vs Kubernetes Cluster"
    assert 0 < answer.score <= 100


def test_a_question_about_two_rows_gets_both(matcher):
    answer = matcher.match("how do networking and fault tolerance differ?")
    assert set(answer.features[:2]) == {"Networking", "Fault Tolerance"}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("tl;dr container vs k8s", "summary"),
        ("in a nutshell?", "summary"),
        ("explain it with an analogy", "analogy"),
        ("is there a metaphor with cars?", "analogy"),
        ("show me the whole table", "table"),
        ("every difference side by side please", "table"),
        ("hello!", "help"),
        ("what can you do?", "help"),
        ("how do I use this?", "help"),  # the bot, as a newcomer points at it
        ("how does this thing work?", "help"),
    ],
)
def test_summary_analogy_table_and_help(matcher, question, kind):
    answer = matcher.match(question)
    assert answer.kind == kind
    assert answer.features == []


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("how do I install kubectl on windows?", "kubectl"),
        ("what is a Helm chart", "helm"),
        ("lunch plans?", ""),
        ("when is payday", ""),
    ],
)
def test_out_of_scope_says_so_and_offers_what_it_knows(matcher, question, term):
    answer = matcher.match(question)
    assert answer.kind == "none"
    assert answer.reason == REASON_OUT_OF_SCOPE
    assert answer.off_topic_term.lower() == term
    assert answer.rows == ()
    assert {s.kind for s in answer.suggestions} >= {"summary", "analogy", "table"}


def test_out_of_scope_still_offers_the_row_nearest_it(matcher):
    """Declined as out of scope, a question near one row in meaning still gets that row as the
    first choice before the overview: a row question declined by mistake is one tap away."""
    answer = matcher.match(OUT_OF_SCOPE_NEAR_A_ROW)
    assert (answer.kind, answer.reason, answer.off_topic_term) == (
        "none", REASON_OUT_OF_SCOPE, "kubectl")
    assert [s.kind for s in answer.suggestions] == ["row", "summary", "analogy", "table"]


@pytest.mark.parametrize(
    ("question", "first_row"),
    [
        ("why does my pod keep crashing with CrashLoopBackOff?", "Fault Tolerance"),
        ("what's the difference between a VM and a container?", None),
        # "Are there any plans to make kubernetes autoscaling smarter?" was declined here until
        # the models learned from people's questions (docs/experiments.md, "seventh session"):
        # it now gets Scalability, one of the trade's measured losses. Likewise "What is the
        # difference between a Kubernetes node and a pod?", declined until the twelfth
        # session's signs: no row stands out for it, so no row is given, but the summary is
        # (docs/experiments.md, "twelfth session")
    ],
)
def test_a_question_that_only_shares_the_tables_words_is_beyond_it(matcher, question,
                                                                   first_row):
    """Related but not answered: say so, and offer the closest rows as choices."""
    answer = matcher.match(question)
    assert (answer.kind, answer.reason, answer.rows) == ("none", REASON_RELATED, ())
    assert answer.suggestions and all(s.kind == "row" for s in answer.suggestions)
    if first_row:
        assert answer.suggestions[0].feature == first_row


def test_a_long_message_is_judged_on_its_question_sentence(matcher):
    context = ("We moved our billing service to containers last quarter and the team is happy "
               "with it. Our staging environment runs on three machines and prod on five. ")
    answer = matcher.match(context + "What happens to our app when one of those machines dies?")
    assert answer.features[0] == "Fault Tolerance"
    beyond = matcher.match(context + "Why does our CI pipeline fail with exit code 137?")
    assert beyond.kind == "none"


def test_a_question_that_points_back_keeps_the_sentence_it_points_to():
    """"Is that because...?" is about the sentence before it; a question that names its
    own subject is read alone."""
    context = ("Our mobile app fires six separate requests just to draw the home screen, and "
               "it feels slow on bad networks. A colleague says one query would cut that down. ")
    assert question_part(context + "Is that because the client asks for everything at once?") == (
        "A colleague says one query would cut that down. "
        "Is that because the client asks for everything at once?")
    assert question_part(context + "How does each option fetch related data?") == (
        "How does each option fetch related data?")
    # the pronoun may end the question, its punctuation attached
    assert question_part(context + "Which one fixes that?") == (
        "A colleague says one query would cut that down. Which one fixes that?")


def test_a_question_that_names_nothing_keeps_the_sentences_before_it():
    """"Can you compare?", "What should I tell her?" after the context that says what:
    read alone, they asked about nothing (three reviewers' long messages were declined
    so); a question that names its own subject is still read alone."""
    context = ("Our nightly job loads the whole day's orders into the warehouse at 2am, and "
               "it has worked fine for years. The product team wants dashboards that update "
               "within a minute. ")
    assert question_part(context + "Can you compare?") == (
        "The product team wants dashboards that update within a minute. Can you compare?")
    assert question_part(context + "How fresh can the data be with each approach?") == (
        "How fresh can the data be with each approach?")


def test_unsure_offers_the_closest_rows_instead_of_guessing(matcher):
    answer = matcher.match(UNSURE_QUESTION)
    assert answer.kind == "none"
    assert answer.reason == REASON_UNSURE
    assert Suggestion("row", "container-vs-kubernetes", "Scalability") in answer.suggestions[:2]


@pytest.mark.parametrize("text", ["containers vs kubernetes - what does that even mean",
                                  "docker versus k8s, what's the deal?"])
def test_a_decline_of_a_message_naming_both_subjects_offers_the_summary_too(matcher, text):
    """A message that names both things compared, when no row stands out or it asks a little
    beyond them: how the two differ may be all that is asked, so the summary is a choice
    after the closest rows (such replies had offered three rows only)."""
    answer = matcher.match(text)
    summary = Suggestion("summary", "container-vs-kubernetes")
    assert answer.kind == "none"
    assert [s.kind for s in answer.suggestions] == ["row", "row", "row", "summary"]
    assert answer.suggestions[-1] == summary
    unsure = matcher.match(UNSURE_QUESTION)  # names one subject: rows and no summary
    assert (unsure.reason, len(unsure.suggestions)) == (REASON_UNSURE, 3)


def test_slack_markup_is_ignored_and_never_kept(matcher):
    text = "<!channel> <@U123|bob> see <https://x.example/a|the doc> :fire: <#C1|general> scaling?"
    answer = matcher.match(text)
    assert answer.features[0] == "Scalability"
    for ping in ("<!channel>", "<@U123", "<#C1", "https://", ":fire:"):
        assert ping not in answer.question
    assert answer.question == "see the doc scaling?"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", ":wave: :tada:", "🚀🔥😀", "\x00\x01\x02\xff\ufffd" * 50, "<@U1> <!here>"],
)
def test_empty_emoji_and_binary_looking_text_get_help(matcher, text):
    answer = matcher.match(text)
    assert answer.kind in ("help", "none")
    assert "\x00" not in answer.question


def test_empty_text_is_a_help_answer(matcher):
    answer = matcher.match("")
    assert (answer.kind, answer.reason) == ("help", REASON_EMPTY)


def test_huge_text_is_answered_fast_and_truncated(matcher):
    text = "does kubernetes autoscale? " + "blah " * 8_000  # 40,000+ characters
    matcher.match(text[:100])  # the model loads first: only the length is timed
    started = time.perf_counter()
    answer = matcher.match(text)
    elapsed = time.perf_counter() - started
    assert answer.features[0] == "Scalability"
    assert len(answer.question) <= 1_000
    assert elapsed < 1.0  # generous: the benchmark measures the real figure


def test_clean_question_keeps_unicode_words():
    assert clean_question("  Qu'est-ce qu'un conteneur ?  ") == "Qu'est-ce qu'un conteneur ?"


def test_invisible_characters_do_not_split_words(matcher):
    assert clean_question("con\u00adtai\u200bner\x00scaling\u2028ok") == "container scaling ok"
    assert matcher.match("what is a con\u00adtainer?").features == ["Definition"]


def test_lookup_resolves_a_button_without_matching(matcher):
    answer = matcher.lookup(Suggestion("row", "container-vs-kubernetes", "Scope"))
    assert (answer.kind, answer.features) == ("row", ["Scope"])
    assert matcher.lookup(Suggestion("analogy", "container-vs-kubernetes")).kind == "analogy"
    assert matcher.lookup(Suggestion("row", "container-vs-kubernetes", "Nope")) is None
    assert matcher.lookup(Suggestion.from_value("row|missing|Scope")) is None


def test_two_tables_that_fit_equally_make_the_reply_ask_which(tmp_path):
    for name, subjects, cells in (("cats", "[Cat, Dog]", "[Fish, Meat]"),
                                  ("lions", "[Lion, Wolf]", "[Zebras, Deer]")):
        (tmp_path / f"{name}.yaml").write_text(
            f"title: {name}\nsubjects: {subjects}\nrows:\n  - {{feature: Diet, cells: {cells}}}\n"
            "  - {feature: Sleep, cells: [Long, Short]}\n")
    matcher = Matcher(load_knowledge(tmp_path))
    answer = matcher.match("what is their diet?")
    assert (answer.kind, answer.reason) == ("none", REASON_WHICH_TOPIC)
    assert {s.topic_id for s in answer.suggestions} == {"cats", "lions"}
    picked = matcher.lookup(answer.suggestions[0], answer.question)
    assert (picked.kind, picked.features) == ("row", ["Diet"])
    assert matcher.match("what do lions eat, their diet?").topic.id == "lions"


def _beside_the_shipped_table(folder: Path, name: str, knowledge: str) -> Matcher:
    """A team's knowledge file loaded beside the shipped one, as the README sets it up."""
    (folder / f"{name}.yaml").write_text(knowledge)
    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", folder)
    return Matcher(load_knowledge(folder))


def _two_subject_table(title: str, subjects: str, *rows: tuple[str, str, str]) -> str:
    """A knowledge file of two subjects, each row (name, cell, cell) quoted as YAML."""
    lines = "".join(f"  - {{feature: '{name}', cells: ['{a}', '{b}']}}\n" for name, a, b in rows)
    return f"title: {title}\nsubjects: [{subjects}]\nrows:\n{lines}"


def test_a_verb_the_stemmer_shares_with_a_subject_names_no_table(tmp_path):
    """"contains" and "container" stem alike: "which fluid contains calcium?" named the
    shipped Container table, and a pharmacy's fluids table, whose Cautions row says
    "Contains calcium", lost it (forty-second session)."""
    matcher = _beside_the_shipped_table(tmp_path, "fluids", (
        "title: Saline vs Hartmann's\nsubjects: [Saline, Hartmann's]\nrows:\n"
        "  - {feature: Cautions, cells: [Acidosis in large volumes, Contains calcium]}\n"
        "  - {feature: Sodium, cells: [154 mmol/L, 130 mmol/L]}\n"
        "  - {feature: Main uses, cells: [Resuscitation, Surgery and trauma]}\n"))
    calcium = matcher.match("which fluid contains calcium")
    assert (calcium.topic.id, calcium.features) == ("fluids", ["Cautions"])
    assert matcher.match("what is a container").topic.id == "container-vs-kubernetes"
    assert matcher.match("containers networking?").features == ["Networking"]


def test_a_word_every_subject_has_names_the_table_beside_table(tmp_path):
    """"show me the whole CSP table" of "Category 1 CSP" vs "Category 2 CSP" printed the
    shipped table (a pharmacy's reviewer, forty-second session)."""
    whole = _beside_the_shipped_table(tmp_path, "csp", (
        "title: Category 1 vs Category 2 at a glance\n"
        "subjects: [Category 1 CSP, Category 2 CSP]\nrows:\n"
        "  - {feature: Where made, cells: [Segregated area, Cleanroom suite]}\n"
        "  - {feature: Beyond-use date, cells: [12 hours, 4 days]}\n"
    )).match("show me the whole CSP table")
    assert (whole.kind, whole.topic.id) == ("table", "csp")


def test_a_whole_table_asked_for_by_a_cell_word_comes_from_a_table_with_that_word(tmp_path):
    """"show me the whole insurance table", with a dental group's three tables loaded,
    printed the no-show table (ranked first, no "insurance" in it) rather than one of the
    two whose cells say insurance (a reviewer, forty-third session)."""
    rows = "  - {{feature: {}, cells: [{}, {}]}}\n"
    (tmp_path / "plans.yaml").write_text(
        "title: Which plan? PPO vs DHMO\nsubjects: [PPO, DHMO]\nrows:\n"
        + rows.format("Claims", "We bill the insurance company", "We bill the plan")
        + rows.format("Deductible", "$50 a year", "None"))
    (tmp_path / "visits.yaml").write_text(
        "title: New patient exam vs Emergency visit\n"
        "subjects: [New patient exam, Emergency visit]\nrows:\n"
        + rows.format("What to collect", "Photo ID and insurance card", "Insurance card")
        + rows.format("Length", "90 minutes", "30 minutes"))
    matcher = _beside_the_shipped_table(tmp_path, "no-show", (
        "title: Late cancellation vs No-show\nsubjects: [Late cancellation, No-show]\n"
        "rows:\n" + rows.format("Fee", "$25", "$50")
        + rows.format("Exceptions", "Illness with a note", "Hospital stay")))
    whole = matcher.match("show me the whole insurance table")
    assert {s.topic_id for s in whole.suggestions} == {"plans", "visits"}
    assert matcher.match("show me the whole fee table").topic.id == "no-show"


def test_a_hyphened_word_typed_joined_and_two_values_a_row_gives(tmp_path):
    """A help desk's reviewer typed "wifi" for the table's "Wi-Fi" (it asked which
    table), and "is eduroam wpa2 or wpa3" was declined as comparing something else, beside
    a Security row that says "WPA2/WPA3-Enterprise" (forty-third session)."""
    matcher = _beside_the_shipped_table(tmp_path, "wifi", (
        "title: 'Campus Wi-Fi: eduroam vs UniGuest'\nsubjects: [eduroam, UniGuest]\n"
        "rows:\n"
        "  - {feature: Security, cells: ['WPA2/WPA3-Enterprise, encrypted over the air', "
        "'Open network: nothing is encrypted']}\n"
        "  - {feature: Speed, cells: [Up to 300 Mbps, Capped at 10 Mbps]}\n"
        "  - {feature: Who can use it, cells: [Staff and students, Visitors]}\n"))
    whole = matcher.match("show me the whole wifi table")
    assert (whole.kind, whole.topic.id) == ("table", "wifi")
    security = matcher.match("is eduroam wpa2 or wpa3")
    assert (security.kind, security.features) == ("row", ["Security"])


def test_what_is_a_word_one_table_writes_goes_to_that_table(tmp_path):
    """"whats a PRIN", with a food team's three pages loaded (a recall page's Confluence
    export writes "Product Recall Information Notice (PRIN)" in a cell), went to the
    shipped table, whose Definition row's meaning ranked higher, and was declined as
    "nothing on it" (a reviewer, forty-third session). The comparisons a decline lists are
    the team's before the shipped one."""
    from bot.tableimport import import_table

    office = ROOT / "tests" / "data" / "office"
    for name in ("food-foreign-body-draft.docx", "food-hygiene-swabs.xlsx"):
        (tmp_path / f"{name.split('.')[0]}.yaml").write_text(import_table(office / name, None))
    matcher = _beside_the_shipped_table(tmp_path, "recall", import_table(
        office / "food-withdrawal-vs-recall-confluence.doc", None))
    prin = matcher.match("whats a PRIN")
    offered = prin.features if prin.kind == "row" else [s.feature for s in prin.suggestions]
    assert (prin.topic.id, offered[0]) == ("recall", "Tell the FSA?")
    assert matcher.match("what is a container").topic.id == "container-vs-kubernetes"
    password = matcher.match("how do I reset my password?")
    assert [s.topic_id for s in password.suggestions][-1] == "container-vs-kubernetes"


def test_several_comparisons_are_told_apart(tmp_path):
    (tmp_path / "vm-vs-container.yaml").write_text(
        "title: VM vs Container\nsubjects: [{name: VM, aliases: [virtual machine]}, Container]\n"
        "rows:\n  - {feature: Boot time, cells: [Minutes, Seconds], vocabulary: [boot, start up]}\n"
        "  - {feature: Isolation, cells: [Hardware-level, Process-level], vocabulary: [isolated]}\n"
    )
    shipped = ROOT / "knowledge" / "container-vs-kubernetes.yaml"
    (tmp_path / "k8s.yaml").write_text(shipped.read_text())
    matcher = Matcher(load_knowledge(tmp_path))
    boot = matcher.match("how fast does a virtual machine boot?")
    assert (boot.topic.id, boot.features) == ("vm-vs-container", ["Boot time"])
    assert matcher.match("kubernetes networking?").topic.id == "k8s"
    assert matcher.match("tl;dr VM vs container").topic.id == "vm-vs-container"


def test_an_answer_kind_asked_of_no_comparison_in_particular_asks_which(tmp_path):
    """With two comparisons loaded, "an analogy please" or "the whole table" could mean
    either: the reply asks which (a numbered choice in the terminal, buttons in Slack)
    rather than answering from the one loaded first. A subject or a row word says which;
    help is about the bot; with one comparison there is nothing to ask."""
    shipped = ROOT / "knowledge" / "container-vs-kubernetes.yaml"
    (tmp_path / "k8s.yaml").write_text(shipped.read_text())
    (tmp_path / "tea.yaml").write_text(
        "title: Tea vs Coffee\nsubjects: [Tea, Coffee]\nrows:\n"
        "  - {feature: Caffeine, cells: [About 40 mg a cup, About 95 mg a cup]}\n"
        "  - {feature: Taste, cells: [Grassy to malty, Bitter and roasted]}\n"
        "summary: [Tea is gentler., Coffee is stronger.]\n"
        "analogy: Think of tea as a sunrise and coffee as a light switch.\n")
    matcher = Matcher(load_knowledge(tmp_path))
    for question in ("give me an analogy", "show me the whole table", "tl;dr?"):
        answer = matcher.match(question)
        assert (answer.kind, answer.reason) == ("none", REASON_WHICH_TOPIC), question
        assert [s.topic_id for s in answer.suggestions] == ["k8s", "tea"], question
        picked = matcher.lookup(answer.suggestions[1], answer.question)
        assert (picked.kind, picked.topic.id) != ("none", "k8s"), question
    assert matcher.lookup(matcher.match("give me an analogy").suggestions[1],
                          "give me an analogy").kind == "analogy"
    assert (matcher.match("tea vs coffee analogy?").kind,
            matcher.match("tea vs coffee analogy?").topic.id) == ("analogy", "tea")
    assert matcher.match("the analogy for orchestration?").topic.id == "k8s"
    assert matcher.match("help").kind == "help"
    from bot.render.wording import example_questions

    for example in example_questions(matcher.kb.topic("k8s"), several=True):  # help's
        assert matcher.match(example).reason != REASON_WHICH_TOPIC, example  # examples work
    alone = Matcher(load_knowledge(ROOT / "knowledge"))
    assert alone.match("show me the whole table").kind == "table"


def test_asking_only_how_they_differ_gets_the_summary(matcher, tmp_path):
    """A newcomer's first question, "what's the difference?", names neither thing: it asks
    for the gist of the comparison at hand (it had been answered with the Example row)."""
    for question in ("what's the difference?", "how are they different?", "compare them",
                     "can you explain the difference", "difference?"):
        assert matcher.match(question).kind == "summary", question
    long = ("Our pods restart when a node dies and I heard plain Docker containers handle a "
            "crash differently. What's the difference?")
    assert matcher.match(long).kind != "summary"  # the context says which difference
    (tmp_path / "k8s.yaml").write_text((ROOT / "knowledge" / "container-vs-kubernetes.yaml")
                                       .read_text())
    (tmp_path / "tea.yaml").write_text(
        "title: Tea vs Coffee\nsubjects: [Tea, Coffee]\nrows:\n"
        "  - {feature: Caffeine, cells: [About 40 mg a cup, About 95 mg a cup]}\n")
    both = Matcher(load_knowledge(tmp_path))
    assert both.match("what's the difference?").reason == REASON_WHICH_TOPIC
    assert both.match("what's the difference, tea or coffee?").topic.id == "tea"


def test_a_declined_question_is_named_in_the_askers_own_words(tmp_path):
    """"matcha" is read as the everyday word "match" for meaning's sake; the reply that
    says it is not covered names what the asker wrote."""
    (tmp_path / "tea.yaml").write_text(
        "title: Tea vs Coffee\nsubjects: [Tea, Coffee]\nrows:\n"
        "  - {feature: Caffeine, cells: [About 40 mg a cup, About 95 mg a cup]}\n"
        "  - {feature: Taste, cells: [Grassy to malty, Bitter and roasted]}\n")
    matcher = Matcher(load_knowledge(tmp_path))
    assert matcher.lexical.tokens("what is matcha") == ["what", "is", "match"]
    answer = matcher.match("what is matcha")
    assert (answer.kind, answer.off_topic_term) == ("none", "matcha")


def assert_meets_the_bar(path: Path, matcher: Matcher, overall: float, per_tag: float):
    report = evaluate(load_questions(path), matcher.match)
    misses = "\n".join(f"{q.q!r}: got {a.kind} {a.features}" for q, a in report.misses)
    assert report.accuracy >= overall, misses
    for tag, (correct, total) in report.by_tag().items():
        assert correct / total >= per_tag, f"{tag}: {correct}/{total}\n{misses}"


# The project's own sets were tuned with the old phrase lists; the matcher now learns from
# examples and meaning instead, and these floors hold it at its measured level (questions.yaml's
# paraphrases 12 of 19 since the fifteenth session's refit, which declines "how does my
# frontend container reach the database container?"; they were 13, floor 0.65; overall 91.8%
# either way).
@pytest.mark.parametrize(("name", "overall", "per_tag"), [
    ("questions.yaml", 0.88, 0.6), ("holdout.yaml", 0.87, 0.6), ("holdout2.yaml", 0.86, 0.3),
])
def test_project_labelled_questions_meet_the_bar(matcher, name, overall, per_tag):
    assert_meets_the_bar(DATA / name, matcher, overall, per_tag)


@pytest.mark.skipif(not SHARED_EVAL.exists(), reason=f"shared dev set not found at {SHARED_EVAL}")
def test_shared_dev_set_meets_the_bar(matcher):
    assert_meets_the_bar(SHARED_EVAL, matcher, 0.95, 0.85)


@pytest.mark.parametrize(
    "text",
    [
        "<!subteam^S123|@platform-team> scaling?",
        "<!here|@here> scaling?",
        "<@U123|bob smith> scaling?",
        "<!date^1392734382^{date}|Feb 18> scaling?",
        "@here @channel @everyone scaling?",
        "&lt;!channel&gt; scaling?",
        "<@U1|<!channel>> scaling?",
    ],
)
def test_every_mention_form_slack_sends_is_removed(matcher, text):
    answer = matcher.match(text)
    assert answer.question == "scaling?"
    assert answer.features == ["Scalability"]


def test_lone_surrogates_are_dropped_so_the_text_can_be_stored(matcher):
    answer = matcher.match("what is for lunch \ud800?")
    answer.question.encode("utf-8")  # would raise on a lone surrogate
    assert answer.kind == "none"


@pytest.mark.parametrize(
    "question",
    ["can someone fix the wifi?", "where is the coffee machine?", "who is on call this week?",
     pytest.param("my computer is broken, who do I call?", marks=pytest.mark.xfail(
         strict=True, reason="known gap since the nineteenth session's phrasing signs: it "
         "reads like a question about failures, and gets Fault Tolerance (docs/experiments.md)")),
     "what's for lunch"],
)
def test_everyday_questions_sharing_a_word_with_a_row_are_out_of_scope(matcher, question):
    answer = matcher.match(question)
    assert (answer.kind, answer.reason, answer.score) == ("none", REASON_OUT_OF_SCOPE, 0)


def test_the_analogys_own_images_ask_for_it(matcher):
    assert matcher.match("what was that thing about cars?").kind == "analogy"
    assert matcher.match("the smart traffic system one").kind == "analogy"


def test_a_help_request_about_a_row_gets_the_row(matcher):
    assert matcher.match("help me understand scaling").features == ["Scalability"]
    assert matcher.match("how do I use this to scale?").features == ["Scalability"]


def test_thanks_or_an_acknowledgement_alone_gets_a_short_reply(matcher, kb):
    """"thanks!" and "ok got it" ask nothing: a one-line reply (no help menu, no "that's
    outside what I know"); beside a question they are manners and the question is answered."""
    from bot.render.text import render

    for message, reason in (("thanks!", "thanks"), ("thx, that helped", "thanks"),
                            ("thank you so much", "thanks"), ("ok got it", "acknowledged"),
                            ("lol", "acknowledged"), ("makes sense", "acknowledged"),
                            (":+1:", "acknowledged"), ("🙏🏻", "acknowledged"),
                            (":thumbsup::skin-tone-3: :tada:", "acknowledged")):
        answer = matcher.match(message)
        assert (answer.kind, answer.reason) == ("help", reason), message
    assert render(matcher.match("thanks!"), kb) == (
        "You're welcome! Ask me anything else about Container vs Kubernetes Cluster, "
        "or say help to see what I know.")
    assert render(matcher.match("ok"), kb).startswith("👍 Ask me anything else")
    networking = matcher.match("thanks, and what about networking?")
    assert (networking.kind, networking.features) == ("row", ["Networking"])
    assert matcher.match("ok so what is a pod?").kind == "row"
    assert matcher.match("hi").reason not in ("thanks", "acknowledged")
    assert matcher.match(":wave:").reason == REASON_EMPTY  # a wave says hello: the help text


def test_a_greeting_beside_a_question_is_manners_not_a_request_for_help(matcher):
    """"hey bot" on its own asks what the bot does; before a question it only addresses the
    bot, so the question is answered ("hey bot, ..." is how many newcomers write in Slack)."""
    assert matcher.match("hey bot").kind == "help"
    assert matcher.match("thanks!").kind == "help"
    scaling = matcher.match("hey bot quick one which scales better docker or kubernetes")
    assert (scaling.kind, scaling.features) == ("row", ["Scalability"])
    assert matcher.match("hey bot, docker or kubernetes?").kind == "summary"
    assert matcher.match("hello, what can you do?").kind == "help"
    assert matcher.match("hi, what does this bot do?").kind == "help"  # about the bot itself


def test_help_with_several_comparisons_shows_ways_to_ask_about_each(tmp_path):
    """With five tables loaded, help listed the first table's examples only, and every row
    of a 28-row table on one line."""
    from bot.render.text import render

    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", folder)
    rows = "".join(f"  - {{feature: Part {i}, cells: [a{i}, b{i}]}}\n" for i in range(12))
    (folder / "tea.yaml").write_text(f"title: Tea vs Coffee\nsubjects: [Tea, Coffee]\n"
                                     f"summary: [Tea is gentler.]\nrows:\n{rows}")
    (folder / "pens.yaml").write_text("title: Pen vs Pencil\nsubjects: [Pen, Pencil]\n"
                                      "rows:\n  - {feature: Ink, cells: [Yes, No]}\n")
    matcher = Matcher(load_knowledge(folder))
    text = render(matcher.match("help"), matcher.kb)
    assert "• tl;dr container vs kubernetes cluster?" in text and "• tl;dr tea vs coffee?" in text
    assert "tl;dr pen vs pencil" not in text  # no summary: "tl;dr" would only say so
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "auth.yaml").write_text("title: Auth vs Capture\nsubjects: [Auth, Capture]\n"
                                     "rows:\n  - {feature: What it does, cells: [Holds, Takes]}\n"
                                     "  - {feature: Examples, cells: [Hotels, Shops]}\n"
                                     "  - {feature: API call, cells: [POST, POST capture]}\n")
    single = Matcher(load_knowledge(alone))
    shown = render(single.match("help"), single.kb)  # a row named by a phrase is no topic
    assert "api call: how do they compare?" in shown and "what it does:" not in shown
    assert "examples:" not in shown  # nor one of examples (a bank's reviewer)
    (alone / "payouts.yaml").write_text("title: Payout vs Refund\nsubjects: [Payout, Refund]\n"
                                        "rows:\n  - {feature: API call, cells: [POST, POST]}\n")
    both = Matcher(load_knowledge(alone))  # its first example's row is the other's too: that
    shown = render(both.match("help"), both.kb)  # example would only ask which table
    assert "api call: how do they compare?" not in shown
    for line in shown.split("for example:")[1].splitlines():
        if line.startswith("• "):
            assert both.match(line[2:]).reason != REASON_WHICH_TOPIC, line
    assert "Part 7 and 4 more" in text and "Part 8" not in text
    for line in text.split("for example:")[1].splitlines():
        if line.startswith("• "):  # each example is answered, none asks which comparison
            assert matcher.match(line[2:]).reason != REASON_WHICH_TOPIC, line


def test_a_subject_called_table_names_it_but_the_whole_table_asks_which(tmp_path):
    """dbt's materializations are called view, table and incremental (a bank's data
    engineers, forty-sixth session): "give me the whole table" and the README's own "show
    me the full table" printed that table, and "how long does a table take to build" printed
    all of it instead of its row; "full" of "Full load" named another table in "the full
    table". A word for the page after a word for all of it, or after another table's name,
    asks to see a comparison; alone, it names the subject."""
    rows = "  - {{feature: {}, cells: ['{}', '{}', '{}']}}\n"
    (tmp_path / "materializations.yaml").write_text(
        "title: 'Picking a materialization: view vs table vs incremental'\n"
        "subjects: [view, table, incremental]\nrows:\n"
        + rows.format("Build time on dbt run", "Seconds: only the SQL is saved",
                      "Minutes: the whole result is rebuilt", "Minutes: only new rows")
        + rows.format("Warehouse credits", "None until queried", "Every run, in full",
                      "Only for new rows")
        + rows.format("What dbt builds", "A CREATE VIEW", "A CREATE TABLE AS SELECT",
                      "A MERGE into a table"))
    matcher = _beside_the_shipped_table(tmp_path, "ingestion", (
        "title: 'Ingestion patterns: full load vs incremental (CDC)'\n"
        "subjects: [Full load, Incremental load (CDC)]\nrows:\n"
        "  - {feature: What moves each run, cells: [Every row of the table, Changed rows]}\n"
        "  - {feature: Runtime, cells: [Two hours nightly, Six minutes each quarter hour]}\n"
        "  - {feature: Load on the source, cells: [Heavy, Light]}\n"))
    for request in ("give me the whole table", "show me the full table"):
        answer = matcher.match(request)
        assert (answer.kind, answer.reason) == ("none", "which_topic"), request
    built = matcher.match("how long does a table take to build")  # (its row, or offered)
    assert built.kind != "table"
    assert [*built.features, *(s.feature for s in built.suggestions)][0] == (
        "Build time on dbt run")
    ingestion = matcher.match("show me the full ingestion table pls")
    assert (ingestion.kind, ingestion.topic.id) == ("table", "ingestion")


def test_a_question_the_bot_is_unsure_of_offers_its_likeliest_row_first(tmp_path):
    """A bank's data engineers (forty-sixth session): "i found card numbers in a slack
    channel what do i do" was offered Examples (it shares "card numbers"), not the leak row
    the ranker put first, whose meaning came a hair under the bar for offering a row."""
    from bot.tableimport import import_table
    message = ROOT / "tests" / "data" / "office" / "bank-data-classification-slack.txt"
    matcher = _beside_the_shipped_table(tmp_path, "classes", import_table(message, None))
    answer = matcher.match("i found card numbers in a slack channel what do i do")
    assert answer.kind == "none"
    assert answer.suggestions[0].feature == "If it leaks / you spot it somewhere wrong"


def test_a_clipped_word_is_its_table_word_and_what_does_it_mean_asks_for_the_meaning(
        tmp_path):
    """A vet hospital's and a hotel's reviewers (forty-sixth session): "caths" was repaired
    to "cats", another table's subject, not read as the start of "catheters"; "what does
    OOS mean" was unsure beside a row named "What it means"."""
    (tmp_path / "pets.yaml").write_text(_two_subject_table(
        "Dog vs cat recovery", "Dog, Cat", ("Heart rate", "60-140 bpm", "140-220 bpm"),
        ("Warming", "Bair Hugger", "Bair Hugger before theatre: cats cool faster")))
    from bot.tableimport import import_table
    onenote = ROOT / "tests" / "data" / "office" / "hotel-ooo-vs-oos-onenote.docx"
    (tmp_path / "rooms.yaml").write_text(import_table(onenote, None))
    matcher = _beside_the_shipped_table(tmp_path, "catheters", _two_subject_table(
        "IV catheter sites", "Cephalic, Saphenous",
        ("Checks and flushing", "Flush catheters every 4-6 h",
         "Flush catheters every 4-6 h and check the toes"),
        ("Catheter size", "20-22G", "22-24G"),
        ("Main problems", "Phlebitis after 72 h", "Kinks at the hock")))
    flushed = matcher.match("how often do you flush caths")
    assert (flushed.topic.id, flushed.features[:1]) == ("catheters", ["Checks and flushing"])
    meant = matcher.match("what does OOS mean")
    assert (meant.kind, meant.features[:1]) == ("row", ["What it means"])


def test_a_title_phrase_another_title_also_says_names_neither_table_alone(tmp_path):
    """A hotel's "OOO vs OOS – room status" beside its "Room status codes" table (forty-sixth
    session): "room status", every word of it another title's too, named only the first,
    and "analogy for the room statuses" got the OOO table's analogy."""
    (tmp_path / "codes.yaml").write_text(
        "title: 'Room status codes: VD vs VC vs VI'\nsubjects: [VD, VC, VI]\nrows:\n"
        "  - {feature: What it means, cells: [Not cleaned, Cleaned, Checked]}\n"
        "  - {feature: Colour on the board, cells: [Red, Yellow, Green]}\n"
        "analogy: Think of a restaurant table with dirty plates, wiped, then set.\n")
    matcher = _beside_the_shipped_table(tmp_path, "ooo", (
        "title: OOO vs OOS – room status\nsubjects: [OOO, OOS]\nrows:\n"
        "  - {feature: How long, cells: [Days or weeks, Hours]}\n"
        "  - {feature: Paperwork, cells: [A work order, A note]}\n"
        "analogy: Think of OOO as a car in the garage and OOS as a flat tyre.\n"))
    answer = matcher.match("analogy for the room statuses")
    assert (answer.kind, answer.topic.id) != ("analogy", "ooo")


def test_a_question_a_maintainer_wrote_as_a_rows_example_gets_that_row(tmp_path):
    """A warehouse's safety team (forty-sixth session) added "Can I use the lift during a
    fire alarm?" to its Don't row, as the docs advise (its tuned file, kept as it wrote
    it), and the question still got the row named "Alarm / signal": its name's word
    outweighed an example at 0.97."""
    tuned = ROOT / "tests" / "data" / "office" / "warehouse" / "evac-vs-invac-tuned.yaml"
    matcher = _beside_the_shipped_table(tmp_path, "evacuation", tuned.read_text("utf-8"))
    answer = matcher.match("Can I use the lift during a fire alarm?")
    assert (answer.kind, answer.features) == ("row", ["Don\u2019t"])
    other = matcher.match("Can I use the lift during a fire alarm?", "container-vs-kubernetes")
    assert other.features != ["Don\u2019t"]  # asked of another table: not its example


def test_two_words_that_start_like_a_written_acronym_are_no_spelling_of_it(tmp_path):
    """A water utility's reviewer (forty-seventh session): "Payment arrangement (PA)" made
    any two words starting p, a ("pay anything", "pink apple") its acronym, and "does the
    customer pay anything for a main break" got the billing table's answer. The table
    writes the words PA stands for; the acronym alone, as typed, still names it."""
    from bot.tableimport import import_table
    obsidian = ROOT / "tests" / "data" / "office" / "water-payment-arrangement-vs-cap-obsidian.md"
    (tmp_path / "leaks.yaml").write_text(
        "title: Main break vs Service line leak\nsubjects: [Main break, Service line leak]\n"
        "rows:\n  - {feature: Cost to customer, cells: [Nothing, The customer pays a plumber]}\n"
        "  - {feature: Who fixes it, cells: [Our crews, The customer's plumber]}\n")
    matcher = _beside_the_shipped_table(tmp_path, "billing", import_table(obsidian, None))
    assert matcher.match("pink apple").kind == "none"
    leak = matcher.match("does customer pay anything for a main break")
    assert (leak.topic.id, leak.features[:1]) == ("leaks", ["Cost to customer"])
    both = matcher.match("can a customer have a PA and CAP at the same time")
    assert (both.topic.id, both.features[:1]) == ("billing", ["Can they have both?"])


def test_a_declined_question_naming_a_subject_offers_its_likeliest_row(tmp_path):
    """An insurer's trainers (forty-seventh session): "how much do assessors charge" names
    the assessor and asks what the fee row says, and the reply offered only the summary,
    analogy and whole table; now the row the ranker put first comes first."""
    from bot.tableimport import import_table
    jira = ROOT / "tests" / "data" / "office" / "insurance-adjuster-vs-assessor-jira.txt"
    matcher = _beside_the_shipped_table(tmp_path, "adjusters", import_table(jira, None))
    answer = matcher.match("how much do assessors charge")
    assert answer.kind == "none"
    assert answer.suggestions[0].feature == "Who pays their fee"


def test_a_number_asked_that_the_nearest_rows_do_not_state_is_beyond_the_table(tmp_path):
    """"is there a max size for a docker volume?" got the Storage Location row, which says
    where a volume lives and no size (forty-seventh session: a number asked, and the
    nearest row states none). A row that states the number still answers."""
    matcher = _beside_the_shipped_table(tmp_path, "storage", _two_subject_table(
        "Object storage vs Block storage", "Object storage, Block storage",
        ("Storage location", "A bucket in a region of the provider",
         "A volume attached to one server"),
        ("Access", "Over HTTP from anywhere", "As a disk, by one server at a time"),
        ("Object size", "Up to 5 TB an object", "Whatever the volume holds")))
    beyond = matcher.match("what's the maximum number of buckets in a region?")
    assert (beyond.kind, beyond.reason) == ("none", "related")
    assert "Storage location" in [s.feature for s in beyond.suggestions]
    stated = matcher.match("what's the max object size in object storage?")
    assert (stated.kind, stated.features[:1]) == ("row", ["Object size"])


def test_a_row_name_said_inside_a_subjects_name_is_the_subjects(tmp_path):
    """A water utility's Teams message (forty-seventh session): "laundry ok under do not
    drink?" went to the Drinking row, its "drink" the subject's, not a row's name."""
    from bot.tableimport import import_table
    teams = ROOT / "tests" / "data" / "office" / "water-boil-vs-dnd-teams.txt"
    matcher = _beside_the_shipped_table(tmp_path, "notices", import_table(teams, None))
    laundry = matcher.match("laundry ok under do not drink?")
    assert (laundry.kind, laundry.features[:1]) == ("row", ["Dishes & laundry"])
    assert matcher.match("can they drink the water under a do not drink notice?"
                         ).features[:1] == ["Drinking"]


def test_please_and_a_moved_double_letter_change_nothing_asked(tmp_path):
    """A hospital's registration leads (forty-seventh session): "plan types table pls" got
    a row where "plan types table" got the table, and "refferal" (its double letter moved)
    was a word no table uses, so the question was declined as beyond the table."""
    from bot.tableimport import import_table
    sheet = ROOT / "tests" / "data" / "office" / "hospital-plan-types-calc.xlsx"
    matcher = _beside_the_shipped_table(tmp_path, "plans", import_table(sheet, None))
    assert matcher.match("plan types table pls").kind == "table"
    typed, meant = (matcher.match(f"{w} for pos plan?") for w in ("refferal", "referral"))
    assert (typed.kind, typed.features, typed.reason, typed.suggestions) == (
        meant.kind, meant.features, meant.reason, meant.suggestions)


def test_a_word_every_subject_has_names_its_table_beside_a_cue(tmp_path):
    """A research ethics office (forty-seventh session): "show me the consent table" beside
    Written vs Verbal vs Online consent printed the review table's "Consent documentation"
    row; the word all three subjects share is what the table compares kinds of."""
    from bot.tableimport import import_table
    office = ROOT / "tests" / "data" / "office"
    (tmp_path / "reviews.yaml").write_text(
        import_table(office / "ethics-review-levels-text-boxes.pptx", None))
    matcher = _beside_the_shipped_table(
        tmp_path, "consent", import_table(office / "ethics-consent-ticks-legend.docx", None))
    for asked, kind in (("show me the consent table", "table"), ("tl;dr consent", "summary")):
        answer = matcher.match(asked)
        assert (answer.kind, answer.topic.id) == (kind, "consent")
    assert matcher.match("consent documentation for exempt?").topic.id == "reviews"


def test_how_one_thing_differs_asks_its_row_not_the_summary(tmp_path):
    """The stemmer makes "difference" and "differ" one word, so "how does the schedule
    differ between the two?" read as the summary's cue "difference between", and was
    declined; "how does the rhythm of getting code into main differ" got the summary (a
    tuning set, fifty-fifth session). A cue written with the noun is not said by the verb."""
    (tmp_path / "trains.yaml").write_text(
        "title: Trains vs Buses\nsubjects: [Trains, Buses]\nrows:\n"
        "  - {feature: Timetable, cells: ['Every ten minutes at peak', 'Every twenty minutes,"
        " often late in traffic']}\n"
        "  - {feature: Fares, cells: ['Zone tickets, dearer at peak', 'One flat fare']}\n"
        "  - {feature: Comfort, cells: ['Seats and tables', 'Narrow seats, a bumpy ride']}\n"
        "summary: ['**Trains** run on rails.', '**Buses** run on roads.']\n"
        "analogy: 'Think of trains as **a river** and buses as **streams**.'\n")
    matcher = Matcher(load_knowledge(tmp_path))
    for question, row in (("how does the schedule differ between the two?", "Timetable"),
                          ("how does the price differ between them", "Fares")):
        answer = matcher.match(question)
        assert (answer.kind, answer.features) == ("row", [row]), question
    for question in ("what's the main difference between them?", "how do they differ?",
                     "main difference between trains and buses?", "what is the key difference?"):
        assert matcher.match(question).kind == "summary", question


def test_a_name_written_as_code_reads_as_the_table_name_it_runs_together(tmp_path):
    """"What is a livenessProbe vs a readinessProbe?" was declined as comparing a name no
    table uses: a word written as code is never repaired, so "livenessProbe" stayed one
    strange word (people's questions on a tuning table, fifty-fifth session). Run together
    from a table's name, it is that name; any other code word stays a name of its own."""
    (tmp_path / "probes.yaml").write_text(
        "title: Liveness vs Readiness Probes\nsubjects: [Liveness Probe, Readiness Probe]\n"
        "rows:\n"
        "  - {feature: On failure, cells: ['The kubelet restarts the container',"
        " 'The pod is taken out of the Service endpoints']}\n"
        "  - {feature: Typical check, cells: ['A deadlock check', 'Dependencies warmed up']}\n"
        "summary: ['**Liveness** restarts a stuck app.', '**Readiness** holds traffic.']\n"
        "analogy: 'Think of liveness as **a pulse** and readiness as **an open sign**.'\n")
    matcher = Matcher(load_knowledge(tmp_path))
    assert matcher.match("What is a livenessProbe vs a readinessProbe?").kind == "summary"
    failing = matcher.match("what happens to my pod when its readinessProbe fails?")
    assert (failing.kind, failing.features) == ("row", ["On failure"])
    assert matcher.match("how do I set minSdk for the probes?").kind == "none"


_PACKAGING = (
    "title: Helm vs Kustomize\nsubjects: [Helm, Kustomize]\n"
    "rows:\n"
    "  - {feature: Packaging, cells: ['Bundles Kubernetes manifests into a chart',"
    " 'Patches plain Kubernetes manifests with overlays']}\n"
    "  - {feature: Templating, cells: ['Go templates', 'No templates at all']}\n"
    "summary: ['**Helm** packages.', '**Kustomize** patches.']\n")


def _said_to_be_beyond(matcher: Matcher, question: str, evidence: str) -> list[str]:
    """The `--explain` lines that say the table does not answer, of one kind of evidence
    ("words no table uses", "quotes"): what a maintainer reads to see why it declined."""
    return [phrase for what, phrase, _ in matcher.explain(question)
            if what == "not this table" and phrase.startswith(evidence)]


def test_a_capitalised_numeronym_of_a_table_word_is_no_foreign_name(tmp_path):
    """"Are both for bundling K8s elements such as services?" beside a table that says
    Kubernetes: typed with a capital inside a sentence, "K8s" read as a product no table
    names and counted against answering (people's questions on a tuning table, fifty-sixth
    session), though "k8s" reads as Kubernetes. A capitalised name the table lacks still
    counts."""
    (tmp_path / "packaging.yaml").write_text(_PACKAGING)
    matcher = Matcher(load_knowledge(tmp_path))
    foreign = "words no table uses"
    assert _said_to_be_beyond(matcher, "Are both for bundling K8s manifests?", foreign) == []
    assert _said_to_be_beyond(matcher, "Are both for bundling Kubelet manifests?", foreign) == [
        "words no table uses: kubelet"]


def test_people_addressed_by_handle_are_not_what_is_asked(tmp_path):
    """"@gmarek the calico node needs restarting?" as GitHub threads write it: the handle
    read as a product no table names, and counted against answering (people's questions on
    a tuning table, fifty-sixth session). A handle opening the message or after "cc" names
    who is asked; "@Override" inside a sentence is code, and still a name."""
    (tmp_path / "packaging.yaml").write_text(_PACKAGING)
    matcher = Matcher(load_knowledge(tmp_path))
    foreign = "words no table uses"
    for addressed in ("@gmarek @vkuznet does kustomize use templates? cc @priya",
                      "does kustomize use templates? cc: @priya, @sam"):
        assert _said_to_be_beyond(matcher, addressed, foreign) == [], addressed
    assert _said_to_be_beyond(matcher, "does kustomize read @Override templates?",
                              foreign) == ["words no table uses: override"]


def test_a_clause_after_a_dash_opens_with_a_capital_as_a_sentence_does(tmp_path):
    """"A question about timers - May I cap a job?": the capital after the dash opens a
    clause, as after a full stop, and "May" had read as a product no table names, counted
    against answering (people's questions on a tuning table, fifty-sixth session). A name
    inside the clause still counts."""
    (tmp_path / "jobs.yaml").write_text(
        "title: Cron vs Systemd Timers\nsubjects: [Cron, Systemd Timers]\n"
        "rows:\n"
        "  - {feature: Resource Limits, cells: ['None built in', 'Caps per unit']}\n"
        "  - {feature: Missed Runs, cells: ['Skipped while down', 'Caught up at boot']}\n"
        "summary: ['**Cron** is simple.', '**Timers** do more.']\n")
    matcher = Matcher(load_knowledge(tmp_path))
    foreign = "words no table uses"
    assert _said_to_be_beyond(matcher, "About timers - May I cap a job?", foreign) == []
    assert _said_to_be_beyond(matcher, "About timers \u2014 May I cap a Kubelet job?",
                              foreign) == ["words no table uses: kubelet"]

