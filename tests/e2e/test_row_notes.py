"""A sheet's "Notes" column, imported, answered in Slack over real HTTP: the note shows
once under the row's two sides, not pasted into each side's cell (two reviewers, thirty-
sixth and thirty-seventh sessions: "(note: see 8D-2025-031)" under HASL read as HASL's)."""

from __future__ import annotations

from bot.tableimport import import_table
from tests.e2e.blockkit import problems
from tests.e2e.slack_client import SlackSender, mention, unique

SHEET = ("Parameter,ENIG,HASL,Notes\n"
         "Black pad risk,Yes: audit the fab quarterly,No,see 8D-2025-031\n"
         "Flatness,Flat,Uneven,Main reason we pick ENIG on dense boards\n"
         "Shelf life,12 months,6 months,\n")


def test_a_rows_note_is_shown_once_under_its_sides(fake, start_bot, tmp_path):
    fake.reset()
    (tmp_path / "finish.csv").write_text(SHEET, "utf-8")
    directory = tmp_path / "knowledge"
    directory.mkdir()
    (directory / "finish.yaml").write_text(import_table(tmp_path / "finish.csv", None), "utf-8")
    bot = start_bot(K8S_COMPARE_KNOWLEDGE_DIR=str(directory))
    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    channel = unique("C")
    sender.event(mention(channel, "black pad risk?"))
    (posted,) = fake.wait_for("chat.postMessage", channel=channel)
    blocks = posted.params["blocks"]
    assert not problems(blocks)
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    assert fields == ["*ENIG*\nYes: audit the fab quarterly", "*HASL*\nNo"]
    notes = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]
             if e["text"].startswith("Note:")]
    assert notes == ["Note: see 8D-2025-031"]
    sender.event(mention(channel, "shelf life?"))  # a row without a note shows none
    shelf = fake.wait_for("chat.postMessage", channel=channel, count=2)[1].params["blocks"]
    assert not any(e["text"].startswith("Note:") for b in shelf if b["type"] == "context"
                   for e in b["elements"])
