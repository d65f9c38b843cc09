"""`k8s-compare report` on a seeded database (SQLite and PostgreSQL): answer rate, totals,
most-asked rows, helpful ratio per row, unanswered questions grouped by similarity, `--json`
and `--since`."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

import pytest

from bot.cli import add_report_arguments, parse_duration
from bot.report import (
    build_report,
    format_report,
    group_questions,
    report_json,
    run_report,
)
from bot.store import Store, utc_now
from tests.pg import database_url, free_port, postgres_server  # noqa: F401 - fixtures
from tests.test_store import START, FakeClock, none_answer, row_answer

HELM = ["how do I install helm", "how to install helm??", "helm install help"]


def seed(store: Store, kb, clock: FakeClock) -> None:
    """Ten answers in the last day (4 unanswered, 3 of them about installing Helm), feedback
    on two rows and the summary, and one old answer ten days back; the clock ends where it
    started."""
    end = clock.now
    clock.now = end - timedelta(days=10)
    store.record_answer("dm", row_answer(kb, "Networking"))
    store.record_answer("dm", none_answer("what is a service mesh?"))
    clock.now = end - timedelta(hours=5)
    for surface, features in [("mention", ("Scalability",)), ("mention", ("Scalability",)),
                              ("slash", ("Scalability", "Networking")), ("dm", ("Scope",))]:
        store.record_answer(surface, row_answer(kb, *features))
    store.record_answer("slash", none_answer("<@U0123> " + HELM[0]))
    for question in HELM[1:] + ["can I get a Kubernetes certification for free"]:
        store.record_answer("mention", none_answer(question))
    kb_answer = row_answer(kb, "Scalability")
    store.record_answer("home", kb_answer.__class__("tl;dr", "summary", kb.topics[0], score=95))
    store.record_answer("button", kb_answer.__class__("", "analogy", kb.topics[0], score=100))
    topic = kb.topics[0].id
    for helpful in (True, True, True, False):
        store.record_feedback("button", helpful, "row", topic, ["Scalability"])
    store.record_feedback("button", False, "row", topic, ["Scalability", "Networking"])
    store.record_feedback("button", False, "summary", topic)
    clock.now = end
    assert store.flush()


@pytest.fixture
def seeded(database_url, kb):  # noqa: F811 - the fixture
    clock = FakeClock(START)
    store = Store(database_url, clock=clock)
    seed(store, kb, clock)
    yield store
    store.close()


def test_answer_rate_and_totals_per_surface_and_kind(seeded):
    report = build_report(seeded, timedelta(days=7))
    # the rate is of questions people typed (slash, mention, dm): not Home views or clicks
    assert (report.total, report.questions, report.answered) == (10, 8, 4)
    assert report.answer_rate == pytest.approx(0.5)
    assert report.by_surface == {"mention": 5, "slash": 2, "dm": 1, "home": 1, "button": 1}
    assert report.by_kind == {"row": 4, "none": 4, "summary": 1, "analogy": 1}


def test_thanks_are_no_question_and_which_comparison_is_no_gap(database_url, kb):  # noqa: F811
    """A "thanks!" after an answer asks nothing: the answer rate leaves it out. A "which
    comparison?" reply was a question not yet answered (the click answers it), but it is no
    gap in the knowledge: it is not among the unanswered questions."""
    from bot.answer import Answer

    with Store(database_url, clock=FakeClock(START - timedelta(hours=1))) as store:
        topic = kb.topics[0]
        store.record_answer("dm", row_answer(kb, "Scope"))
        store.record_answer("dm", Answer("thanks!", "help", topic, score=100, reason="thanks"))
        store.record_answer("dm", Answer("tl;dr?", "none", topic, reason="which_topic"))
        store.record_answer("dm", none_answer("what is a service mesh?"))
        assert store.flush()
        report = build_report(store, timedelta(days=7), now=START)
    assert (report.total, report.questions, report.answered) == (4, 3, 1)
    assert sum(d.questions for d in report.by_day) == 3  # the chart's days count alike
    assert [g.question for g in report.unanswered] == ["what is a service mesh?"]


def test_most_asked_rows_count_each_row_of_a_multi_row_answer(seeded):
    report = build_report(seeded, timedelta(days=7))
    assert [(p.part, p.asked) for p in report.most_asked] == [
        ("Scalability", 3), ("Networking", 1), ("Scope", 1),
    ]
    assert [p.part for p in build_report(seeded, timedelta(days=7), top=1).most_asked] == [
        "Scalability"
    ]


def test_helpful_ratio_per_row_least_helpful_first(seeded):
    report = build_report(seeded, timedelta(days=7))
    assert [(p.part, p.rated, p.helpful) for p in report.helpfulness] == [
        ("(summary)", 1, 0), ("Networking", 1, 0), ("Scalability", 5, 3),
    ]
    assert report.helpfulness[-1].helpful_ratio == pytest.approx(0.6)


def test_unanswered_questions_are_grouped_by_similarity(seeded):
    groups = build_report(seeded, timedelta(days=7)).unanswered
    assert [(g.count, len(g.examples)) for g in groups] == [(3, 2), (1, 0)]
    helm = groups[0]
    assert sorted([helm.question, *helm.examples]) == sorted(HELM)
    assert groups[1].question == "can I get a Kubernetes certification for free"


def test_days_count_answers_by_kind_and_the_typed_questions_answered(seeded):
    report = build_report(seeded, timedelta(days=7))
    # a 7-day window from 12:00 touches 8 UTC days; the quiet ones are there too
    assert [d.day.isoformat() for d in report.by_day] == [
        f"2025-02-{n}" for n in range(22, 29)] + ["2025-03-01"]
    *quiet, today = report.by_day
    assert all(d.by_kind == {} and d.questions == 0 and d.answer_rate is None for d in quiet)
    assert today.by_kind == {"row": 4, "none": 4, "summary": 1, "analogy": 1}
    assert (today.questions, today.questions_answered, today.answer_rate) == (8, 4, 0.5)
    month = build_report(seeded, timedelta(days=30))
    ten_days_ago = [d for d in month.by_day if d.by_kind and d is not month.by_day[-1]]
    assert [(d.day.isoformat(), d.by_kind) for d in ten_days_ago] == [
        ("2025-02-19", {"row": 1, "none": 1})
    ]


def test_since_filters_the_window(seeded):
    assert build_report(seeded, timedelta(hours=1)).total == 0
    assert build_report(seeded, timedelta(hours=6)).total == 10
    month = build_report(seeded, timedelta(days=30))
    assert month.total == 12
    assert [g.question for g in month.unanswered][-1] == "what is a service mesh?"


def test_json_has_the_same_figures_in_one_object(seeded):
    data = json.loads(json.dumps(report_json(build_report(seeded, timedelta(days=7)))))
    assert set(data) == {
        "database", "since", "until", "answers", "questions", "answered", "answer_rate",
        "by_surface",
        "by_kind", "most_asked", "helpfulness", "unanswered", "team", "escalations",
        "workspaces",
    }
    assert (data["answers"], data["questions"], data["answered"], data["answer_rate"]) == (
        10, 8, 4, 0.5
    )
    assert data["since"] == "2025-02-22T12:00:00Z" and data["until"] == "2025-03-01T12:00:00Z"
    assert data["most_asked"][0] == {
        "topic": "container-vs-kubernetes", "part": "Scalability", "asked": 3, "rated": 5,
        "helpful": 3, "helpful_ratio": 0.6,
    }
    assert data["unanswered"][0]["count"] == 3 and len(data["unanswered"][0]["examples"]) == 2
    assert data["database"] == seeded.safe_url


def test_text_report_is_a_readable_table_without_pings(seeded):
    text = format_report(build_report(seeded, timedelta(days=7)))
    assert "answers: 10; questions people typed: 8, answered: 4, answer rate: 50.0%" in text
    for title in ("By surface", "By kind", "Most-asked rows", "Helpful ratio per row",
                  "Top unanswered questions"):
        assert title in text
    assert "  Scalability      3" in text
    assert "  Scalability      5        3  60.0%" in text
    assert "<@" not in text and "U0123" not in text


def test_an_empty_database_reports_nothing_recorded(database_url):  # noqa: F811 - the fixture
    with Store(database_url) as store:
        report = build_report(store, timedelta(days=7))
    assert report.answer_rate is None and report_json(report)["answer_rate"] is None
    text = format_report(report)
    assert "answer rate: -" in text and text.count("(nothing recorded)") == 5


def test_similar_questions_group_and_unrelated_ones_do_not():
    groups = group_questions([
        ("how do I install helm", 2), ("how to install helm??", 1), ("helm install help", 1),
        ("what is a service mesh", 3), ("what is a pod", 1), ("How do I install istio?", 1),
    ])
    assert [(g.question, g.count) for g in groups] == [
        ("how do I install helm", 4), ("what is a service mesh", 3),
        ("How do I install istio?", 1), ("what is a pod", 1),
    ]
    assert groups[0].examples == ("helm install help", "how to install helm??")
    assert groups[0].members == (
        ("how do I install helm", 2), ("helm install help", 1), ("how to install helm??", 1),
    )


def test_grouping_shows_cleaned_text_and_merges_what_cleans_the_same():
    groups = group_questions([("<@U1> what is helm?", 1), ("what is helm?", 1)])
    assert [(g.question, g.count, g.examples) for g in groups] == [("what is helm?", 2, ())]


@pytest.mark.parametrize(("text", "expected"), [
    ("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30)),
    (" 2D ", timedelta(days=2)),
])
def test_since_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["7", "0d", "7w", "-1d", "d", "1.5h"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match="not a duration like 7d"):
        parse_duration(text)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="k8s-compare report")
    add_report_arguments(parser)
    return parser.parse_args(argv)


def test_report_arguments_defaults_and_errors(capsys):
    args = parse()
    assert (args.since, args.json, args.top, args.database) == (timedelta(days=7), False, 10, None)
    with pytest.raises(SystemExit) as exited:
        parse("--since", "a week")
    assert exited.value.code == 2 and "not a duration" in capsys.readouterr().err
    for top in ("0", "-1"):  # "Most-asked rows (nothing recorded)" was printed for these
        with pytest.raises(SystemExit) as exited:
            parse("--top", top)
        assert exited.value.code == 2 and "not a count of 1 or more" in capsys.readouterr().err


def test_run_report_prints_json_or_text(database_url, kb, capsys):  # noqa: F811 - the fixture
    with Store(database_url, clock=FakeClock(utc_now())) as store:
        seed(store, kb, store.clock)
    url = database_url
    assert run_report(parse("--database", url, "--json", "--since", "30d")) == 0
    assert json.loads(capsys.readouterr().out)["answers"] == 12
    assert run_report(parse("--database", url, "--since", "30d")) == 0
    assert "Top unanswered questions" in capsys.readouterr().out


def test_run_report_fails_cleanly_when_the_database_cannot_be_read(tmp_path, capsys):
    missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    assert run_report(parse("--database", missing)) == 1
    assert "no database at " in capsys.readouterr().err  # never created empty
    assert not (tmp_path / "no-such-folder").exists()
    assert run_report(parse("--database", "not a url://")) == 1
    assert "is not a database URL" in capsys.readouterr().err
    assert run_report(parse("--database", str(tmp_path / "typo.sqlite3"))) == 1  # a path
    assert f"no database at {tmp_path / 'typo.sqlite3'}" in capsys.readouterr().err
    closed = f"postgresql://bot:hunter2@127.0.0.1:{free_port()}/k8s"
    assert run_report(parse("--database", closed)) == 1
    error = capsys.readouterr().err
    assert "cannot read the database postgresql+psycopg://bot:***@" in error
    assert "hunter2" not in error and "answers still go out" not in error  # the bot's alarm
    assert run_report(parse("--database", "mysql://bot:hunter2@127.0.0.1/k8s")) == 1
    error = capsys.readouterr().err  # no traceback for a driver it never uses
    assert "mysql:// is not a database the bot records in" in error and "hunter2" not in error
