"""The digest's Block Kit and chart, without Slack: what people would see, within Slack's
limits, pinging nobody; and a clear line when matplotlib is not installed."""

from __future__ import annotations

import struct
import subprocess
import sys
from datetime import date, datetime, timedelta

from bot.chart import answers_chart
from bot.digest import SECTIONS, QuestionsRef, digest_message, questions_message
from bot.escalations import EscalationStats
from bot.report import DayStats, QuestionGroup, Report
from tests.conftest import ROOT
from tests.e2e.blockkit import problems
from tests.e2e.slack_client import buttons

UNTIL = datetime(2026, 11, 24, 9)
SINCE = UNTIL - timedelta(days=7)


def report(**fields) -> Report:
    return Report("sqlite://", SINCE, UNTIL, **fields)


def test_user_text_is_escaped_and_a_long_list_still_fits_one_message():
    groups = tuple(QuestionGroup(f"<!channel> & <@U1> question {n} " + "x" * 400, 70 - n)
                   for n in range(60))
    message = digest_message(report(by_kind={"none": 1000}, by_surface={"dm": 1000},
                                    questions=1000, unanswered=groups))
    assert problems(message.blocks) == []
    shown = str(message.blocks)
    assert "<!channel>" not in shown and "<@U1>" not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt; question 0" in shown
    assert "This answer was too long for one message and was cut." in shown
    assert message.blocks[-1]["elements"][0]["text"] == (
        "`k8s-compare report --since 7d` prints the full tables.")


def test_the_digest_is_its_sections_in_order():
    """A new section is one more function in SECTIONS; the escalations' shows only when
    someone asked the team."""
    assert [s.__name__ for s in SECTIONS] == ["headline", "mix", "rows", "escalations",
                                              "unanswered"]
    message = digest_message(report(by_kind={"row": 2}, questions=2, questions_answered=2))
    assert [b["type"] for b in message.blocks] == [
        "header", "section", "context", "section", "section", "context"]
    asked = digest_message(report(by_kind={"none": 4}, questions=4,
                                  escalations=EscalationStats(4, 3, 95.0, 1)))
    assert asked.blocks[4]["text"]["text"] == (
        "*Asked the team:* 4 · answered 3 · median first reply 1.6 h · still open 1")


def test_a_button_names_its_group_and_the_window_and_reads_back():
    group = QuestionGroup("how do I install helm", 3, ("helm install help",),
                          (("how do I install helm", 2), ("helm install help", 1)))
    message = digest_message(report(by_kind={"none": 3}, unanswered=(group,)))
    (choice,) = buttons(message.blocks)
    ref = QuestionsRef.decode(choice["value"])
    assert (ref.since, ref.until) == (SINCE, UNTIL) and ref.names(group)
    assert QuestionsRef.decode("{}") is None and QuestionsRef.decode("[") is None
    reply = questions_message(ref, group)
    assert reply.blocks[0]["text"]["text"] == (
        "*Unanswered, asked 3×* (17 Nov 09:00 – 24 Nov 09:00 UTC)\n"
        "• how do I install helm (2×)\n• helm install help (1×)")


def test_the_chart_is_a_png_of_the_whole_window():
    days = [DayStats(date(2026, 11, 17) + timedelta(days=n), {"row": n, "none": 1}, n + 1, n)
            for n in range(7)]
    png = answers_chart(days, "title")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (800, 360)


def test_without_matplotlib_the_chart_says_which_extra_to_install():
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "from bot.chart import answers_chart, ChartUnavailable\n"
            "try: answers_chart([], 't')\n"
            "except ChartUnavailable as e: print(e)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.stdout == (
        "the digest's chart needs matplotlib: pip install 'k8s-compare[digest]'\n")
