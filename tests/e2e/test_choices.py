"""The two replies that offer choices instead of an answer, end to end: "beyond this table"
(the closest rows as buttons) and "which comparison?" (one button per table, answering the
same question from the one clicked)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bot.tableimport import import_table
from tests.e2e.conftest import ONBOARDING_CHANNEL
from tests.e2e.slack_client import SlackSender, button, buttons, click, unique, unique_ts
from tests.e2e.test_surfaces import headers, texts

CATS = """\
title: Cat vs Dog
subjects: [Cat, Dog]
rows:
  - {feature: Diet, cells: [Fish and meat, Meat and kibble]}
  - {feature: Sleep, cells: [Sixteen hours a day, Twelve hours a day]}
"""
SHIPPED = Path(__file__).parents[2] / "knowledge" / "container-vs-kubernetes.yaml"
LIONS = """\
title: Lion vs Wolf
subjects: [Lion, Wolf]
rows:
  - {feature: Diet, cells: [Zebras and antelopes, Deer and elk]}
  - {feature: Sleep, cells: [Twenty hours a day, Eight hours a day]}
"""


def sender_for(fake, start_bot, knowledge) -> SlackSender:
    """A bot of its own on these knowledge files, and a client signing as Slack does."""
    bot = start_bot(K8S_COMPARE_KNOWLEDGE_DIR=str(knowledge))
    return SlackSender(bot.port, response_base=fake.response_url(""))


def choices(reply: dict) -> list[str]:
    """The comparisons a "which one do you mean?" reply offers, sorted."""
    assert "Which one do you mean?" in texts(reply["blocks"])
    return sorted(b["text"]["text"] for b in buttons(reply["blocks"]))


def test_beyond_the_table_offers_the_closest_rows_as_buttons(slack, fake, bot):
    reply = slack.command("why does my pod keep crashing with CrashLoopBackOff?").json()
    body = texts(reply["blocks"])
    assert "I don't think *Container vs Kubernetes Cluster* answers that exactly" in body
    assert "rather not guess" in body
    labels = [b["text"]["text"] for b in buttons(reply["blocks"])]
    assert labels[0] == "Fault Tolerance"
    shown = click(slack, fake, button(reply["blocks"], "Fault Tolerance"))
    assert headers(shown["blocks"]) == ["Fault Tolerance"]
    deadline = time.monotonic() + 15  # recorded as unanswered, for report and kb suggest
    while ("none", "related") not in bot.stored("SELECT kind, reason FROM answers"):
        assert time.monotonic() < deadline, bot.stored("SELECT kind, reason FROM answers")
        time.sleep(0.2)


def test_a_question_two_tables_fit_asks_which_and_answers_from_the_one_picked(
    fake, start_bot, tmp_path
):
    (tmp_path / "cats.yaml").write_text(CATS)
    (tmp_path / "lions.yaml").write_text(LIONS)
    slack = sender_for(fake, start_bot, tmp_path)
    reply = slack.command("what do they eat, what is their diet?").json()
    assert choices(reply) == ["Cat vs Dog", "Lion vs Wolf"]
    shown = click(slack, fake, button(reply["blocks"], "Lion vs Wolf"))
    assert headers(shown["blocks"]) == ["Diet"]
    assert "Zebras and antelopes" in texts(shown["blocks"])
    named = slack.command("what do cats eat?").json()  # a named subject needs no choice
    assert headers(named["blocks"]) == ["Diet"] and "Fish and meat" in texts(named["blocks"])
    assert fake.invalid == []


def test_asking_for_the_whole_table_with_two_loaded_asks_which_then_shows_the_one_picked(
    fake, start_bot, tmp_path
):
    """"show me the whole table" names no comparison: answering from whichever was loaded
    first would surprise the channel, so it asks; a row word still says which. Declining,
    it names every comparison it explains, not only the nearest."""
    shutil.copy(SHIPPED, tmp_path)
    (tmp_path / "cats.yaml").write_text(CATS)
    slack = sender_for(fake, start_bot, tmp_path)
    reply = slack.command("show me the whole table").json()
    assert choices(reply) == ["Cat vs Dog", "Container vs Kubernetes Cluster"]
    shown = click(slack, fake, button(reply["blocks"], "Cat vs Dog"))
    body = texts(shown["blocks"])
    assert "Sixteen hours a day" in body and "Fish and meat" in body and "Pods" not in body
    hinted = slack.command("tl;dr on the orchestration one?").json()
    assert "Which one do you mean?" not in texts(hinted["blocks"])
    assert "Kubernetes" in texts(hinted["blocks"])
    declined = texts(slack.command("what's the weather in Paris?").json()["blocks"])
    assert "nothing on it in *Cat vs Dog* and *Container vs Kubernetes Cluster*" in declined
    assert fake.invalid == []


def test_a_question_near_no_table_offers_each_comparisons_summary_not_one_tables_parts(
    fake, start_bot, tmp_path
):
    """"how do I reset my password?" with a storage and a jobs table loaded offered the
    storage table's Summary and Full table (a research-computing reviewer's): parts of a
    table it has nothing to do with. It now offers each comparison, by title."""
    shutil.copy(SHIPPED, tmp_path)
    (tmp_path / "cats.yaml").write_text(CATS)
    slack = sender_for(fake, start_bot, tmp_path)
    reply = slack.command("how do I reset my password?").json()
    body = texts(reply["blocks"])
    assert "Sorry, I couldn't find that in" in body and ", from *" not in body
    labels = sorted(b["text"]["text"] for b in buttons(reply["blocks"]))
    assert labels == ["Cat vs Dog", "Container vs Kubernetes Cluster"]
    shown = click(slack, fake, button(reply["blocks"], "Cat vs Dog"))
    assert "Cat" in texts(shown["blocks"]) and "Pods" not in texts(shown["blocks"])
    assert fake.invalid == []


def test_a_question_in_a_script_it_cannot_read_says_so_instead_of_guessing_a_row(
    slack, fake, bot
):
    reply = slack.command("Kubernetes 集群的扩展性怎么样？").json()  # "how does it scale?"
    body = texts(reply["blocks"])
    assert "I can only read questions in English" in body and "rather not guess" in body
    assert headers(reply["blocks"]) == []  # no row shown
    labels = [b["text"]["text"] for b in buttons(reply["blocks"])]
    assert labels == ["Summary", "Analogy", "Full table"]
    shown = click(slack, fake, button(reply["blocks"], "Summary"))
    assert "*In short*" in texts(shown["blocks"])
    assert "is a basic building block that encapsulates" in texts(shown["blocks"])
    deadline = time.monotonic() + 15  # recorded as unanswered, for report and kb suggest
    while ("none", "language") not in bot.stored("SELECT kind, reason FROM answers"):
        assert time.monotonic() < deadline, bot.stored("SELECT kind, reason FROM answers")
        time.sleep(0.2)


def test_with_a_teams_table_beside_ours_the_welcome_offers_a_tour_of_each(
    fake, start_bot, tmp_path
):
    """A newcomer in an onboarding channel gets the first comparison's gist, worded from
    its own subjects, and one tour button per comparison; a tour walks its own table."""
    shutil.copy(SHIPPED, tmp_path)
    (tmp_path / "cats.yaml").write_text(CATS)
    slack = sender_for(fake, start_bot, tmp_path)
    user = unique("U")
    slack.event({"type": "member_joined_channel", "user": user, "channel": ONBOARDING_CHANNEL,
                 "channel_type": "C", "team": "T0FAKE", "event_ts": unique_ts()})
    welcome = fake.wait_for("chat.postEphemeral", user=user)[0].params["blocks"]
    assert "New to Cat and Dog?" in texts(welcome)
    assert [b["text"]["text"] for b in buttons(welcome)] == [
        "Tour: Cat vs Dog", "Tour: Container vs Kubernetes Cluster"]
    step = click(slack, fake, button(welcome, "Tour: Container vs Kubernetes Cluster"),
                 channel=ONBOARDING_CHANNEL)
    assert headers(step["blocks"]) == ["Definition"]
    assert "step 1 of 8" in texts(step["blocks"])
    assert fake.invalid == []


def test_a_link_in_a_teams_table_is_a_link_in_slack(fake, start_bot, tmp_path):
    """A runbook's address is the row's fact: imported from "[EU runbook](https://...)", the
    answer links to it (the import used to keep only the words "EU runbook")."""
    table = tmp_path / "regions.md"
    table.write_text("| Region | Frankfurt | Virginia |\n|---|---|---|\n"
                     "| Runbook | [EU runbook](https://wiki.example.com/rb/eu) |"
                     " [US runbook](https://wiki.example.com/rb/us) |\n")
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "regions.yaml").write_text(import_table(table, None))
    reply = sender_for(fake, start_bot, knowledge).command("where is the frankfurt runbook?")
    body = texts(reply.json()["blocks"])
    assert "<https://wiki.example.com/rb/eu|EU runbook>" in body
    assert "<https://wiki.example.com/rb/us|US runbook>" in body
    assert fake.invalid == []
