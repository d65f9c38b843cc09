"""The Block Kit renderer on its own: every message valid by slack_sdk's models and Slack's
limits, for the shipped knowledge base and for extreme ones (10,000 rows, huge cells,
many subjects), with markdown and user text converted safely."""

from __future__ import annotations

import json

import pytest

from bot.answer import Answer, Suggestion
from bot.knowledge import KnowledgeBase, Row, Subject, Topic
from bot.render.blocks import (
    MAX_BLOCKS,
    TEXT_FALLBACK_CHARS,
    Ref,
    clip,
    mrkdwn,
    render_answer,
)
from bot.slack import onboarding
from bot.slack.home import home_view
from tests.e2e.blockkit import problems
from tests.e2e.slack_client import button, buttons


def make_kb(
    rows: int, subjects: int = 2, cell: str = "cell {i} of {s}", feature: str = "Row {i}"
) -> KnowledgeBase:
    names = tuple(Subject(f"Subject {s}") for s in range(subjects))
    table = tuple(
        Row(feature.format(i=i), tuple(cell.format(i=i, s=s) for s in range(subjects)))
        for i in range(rows)
    )
    return KnowledgeBase(
        (Topic("big", "A **big** table", names, table, ("**One** line.",), "Like *that*."),)
    )


@pytest.fixture(scope="module")
def huge_kb():
    return make_kb(10_000)


def assert_valid(message, limit: int = MAX_BLOCKS) -> None:
    assert problems(message.blocks, limit) == []
    assert message.text.strip() and len(message.text) <= TEXT_FALLBACK_CHARS


@pytest.mark.parametrize(
    "question",
    [
        "",
        "help",
        "how do they scale?",
        "scaling and networking",
        "limited?",
        "helm charts?",
        "tl;dr",
        "analogy",
        "full table",
    ],
)
def test_every_answer_of_the_shipped_knowledge_base_is_valid(kb, matcher, question):
    answer = matcher.match(question)
    for options in ({}, {"share": True}, {"shared": True}, {"feedback": False}):
        assert_valid(render_answer(answer, kb, **options))


def test_full_table_of_ten_thousand_rows_pages_through_every_row(huge_kb):
    answer = Answer("table", "table", huge_kb.topics[0], score=100)
    seen, message, pages = [], render_answer(answer, huge_kb), 0
    while True:
        assert_valid(message)
        seen += [b["text"]["text"] for b in message.blocks if b.get("fields")]
        pages += 1
        following = [b for b in buttons(message.blocks) if "Next rows" in b["text"]["text"]]
        if not following:
            break
        ref = Ref.decode(following[0]["value"])
        message = render_answer(answer, huge_kb, start=ref.start)
    assert seen == [f"*Row {i}*" for i in range(10_000)]
    assert pages < 10_000 / 20  # pages are full, not one row each
    assert "of 10,000." in json.dumps(message.blocks, ensure_ascii=False)


def test_previous_rows_goes_back_one_page(huge_kb):
    answer = Answer("", "table", huge_kb.topics[0], score=100)
    first = render_answer(answer, huge_kb)
    second = render_answer(
        answer, huge_kb, start=Ref.decode(button(first.blocks, "Next rows")["value"]).start
    )
    back = Ref.decode(button(second.blocks, "Previous rows")["value"])
    assert render_answer(answer, huge_kb, start=back.start).blocks == first.blocks


def test_help_home_welcome_and_tour_stay_within_limits_for_ten_thousand_rows(huge_kb):
    help_message = render_answer(Answer("", "help", huge_kb.topics[0], score=100), huge_kb)
    assert_valid(help_message)
    assert len(buttons(help_message.blocks)) == 25
    assert "9,978 more rows" in json.dumps(help_message.blocks)
    view = home_view(huge_kb)
    assert problems(view["blocks"], 100) == [] and len(view["blocks"]) <= 100
    assert "of 10,000 rows" in json.dumps(view["blocks"])
    topic = huge_kb.topics[0]
    assert_valid(onboarding.welcome_message([topic]))
    for step in (0, 1, 9_999, 10_000, -3):
        assert_valid(onboarding.tour_message(topic, step))


def test_huge_cells_long_features_and_many_subjects_are_cut_to_fit():
    kb = make_kb(3, subjects=23, cell="x" * 5000 + " {i}{s}", feature="F{i} " + "long name " * 40)
    topic = kb.topics[0]
    for answer in (
        Answer("", "row", topic, topic.rows, 100),
        Answer("", "table", topic, score=100),
    ):
        message = render_answer(answer, kb, share=True)
        assert_valid(message)
    assert_valid(onboarding.tour_message(topic, 1))
    assert problems(home_view(kb)["blocks"], 100) == []


def test_markdown_becomes_mrkdwn_and_specials_are_escaped():
    assert mrkdwn("a **bold** and *italic* word") == "a *bold* and _italic_ word"
    assert mrkdwn("x < y & z > w <!channel>") == "x &lt; y &amp; z &gt; w &lt;!channel&gt;"
    assert mrkdwn("[EU runbook](https://wiki.example.com/eu?a=1&b=2)") == (
        "<https://wiki.example.com/eu?a=1&amp;b=2|EU runbook>")  # a table's link stays one
    assert mrkdwn("[<!channel>](https://x.example)") == "<https://x.example|&lt;!channel&gt;>"
    assert clip("ab &amp; cd", 6) == "ab …"  # never half an entity
    assert clip("short", 10) == "short"


def test_user_text_in_button_values_cannot_ping_and_comes_back_intact():
    question = "<!channel> a < b & <@U123> " + "é" * 400
    answer = Answer(question, "row", make_kb(1).topics[0], make_kb(1).topics[0].rows, 90)
    value = Ref.of(answer).encode()
    assert "<!channel>" not in value and "<@U123>" not in value and len(value) <= 2000
    decoded = Ref.decode(value)
    assert decoded.question == question[:200]
    assert decoded.suggestions == (Suggestion("row", "big", "Row 0"),)


@pytest.mark.parametrize(
    "value", ["", "not json", "[]", '{"s": 5}', '{"s": ["row|x|y"], "p": "x"}', "null"]
)
def test_undecodable_button_values_are_refused_not_raised(value):
    assert Ref.decode(value) is None


def test_a_row_answer_lists_every_subject_with_its_cell(kb, matcher):
    answer = matcher.match("what is the purpose?")
    message = render_answer(answer, kb)
    fields = [f["text"] for b in message.blocks for f in b.get("fields", [])]
    topic = kb.topics[0]
    row = topic.row("Purpose")
    assert fields == [f"*{s.name}*\n{c}" for s, c in zip(topic.subjects, row.cells, strict=True)]
    assert message.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Purpose", "emoji": True},
    }
