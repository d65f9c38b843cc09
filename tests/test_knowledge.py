"""Knowledge files: the shipped one agrees with the seed table; broken ones name FILE:LINE."""

from __future__ import annotations

import quopri
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, load_knowledge
from bot.sheettable import sheet_as_markdown
from bot.tableimport import (
    NOTES,
    TableImportError,
    import_table,
    parse_table_markdown,
    repair_mojibake,
)
from tests.conftest import ROOT, SEED_TABLE

SHIPPED = ROOT / "knowledge" / "container-vs-kubernetes.yaml"
FACT_KEYS = ("title", "summary", "analogy")

GOOD = """\
title: VM vs Container
subjects: [VM, Container]
rows:
  - feature: Boot time
    cells: [Minutes, Seconds]
    vocabulary: [start up, boot]
  - feature: Isolation
    cells: [Hardware-level, Process-level]
"""


def facts(data: dict) -> dict:
    """What the table says, without the tuning added to the knowledge file."""
    return {
        **{key: data.get(key) for key in FACT_KEYS},
        "subjects": [s["name"] for s in data["subjects"]],
        "rows": [(r["feature"], r["cells"]) for r in data["rows"]],
    }


@pytest.mark.skipif(not SEED_TABLE.exists(), reason=f"seed table not found at {SEED_TABLE}")
def test_shipped_knowledge_is_the_seed_table_imported():
    imported = yaml.safe_load(import_table(SEED_TABLE, None))
    shipped = yaml.safe_load(SHIPPED.read_text("utf-8"))
    assert facts(shipped) == facts(imported)


def test_shipped_knowledge_has_every_fact_of_the_table(kb):
    topic = kb.topics[0]
    assert topic.title == "Container vs Kubernetes Cluster"
    assert [s.name for s in topic.subjects] == ["Container", "Kubernetes Cluster"]
    assert [r.feature for r in topic.rows] == [
        "Definition", "Purpose", "Management", "Scope",
        "Scalability", "Networking", "Fault Tolerance", "Example",
    ]
    assert topic.row("fault tolerance").cells == (
        "Restart needs to be manual unless paired with supervisor tools.",
        "Automatically replaces failed Pods and maintains desired state.",
    )
    assert topic.row("Example").cells[0] == "A single Docker container running `nginx`."
    assert len(topic.summary) == 2
    assert topic.summary[1].startswith("A **Kubernetes cluster** is an orchestration system")
    assert "**smart traffic system**" in topic.analogy
    assert all(row.examples and not row.vocabulary for row in topic.rows)


def test_import_tolerates_headings_emoji_and_mojibake():
    markdown = (
        "# 🚀 Cats vs Dogs\n\n| Feature | **Cat** | Dog 🐶 |\n|---|:---:|---|\n"
        "| **Sound** | Meow | Woof |\n| Diet | Fish | Meat |\n\n"
        "### \uf8ff√º√¨√π Summary\n- Cats purr.\n* Dogs bark.\n\n"
        "Think of a cat as a **sofa**, and a dog as a **ball**.\n"
    )
    topic = parse_table_markdown(markdown)
    assert topic["title"] == "Cat vs Dog"
    assert topic["rows"] == [
        {"feature": "Sound", "cells": ["Meow", "Woof"]},
        {"feature": "Diet", "cells": ["Fish", "Meat"]},
    ]
    assert topic["summary"] == ["Cats purr.", "Dogs bark."]
    assert topic["analogy"].startswith("Think of a cat")
    assert repair_mojibake("### \uf8ffüìù Summary") == "### 📝 Summary"
    assert repair_mojibake("### üìù Summary") == "### 📝 Summary"
    assert repair_mojibake("Café, naïve") == "Café, naïve"


def test_import_reads_a_table_pasted_from_a_page(tmp_path):
    """Tables as pages write them: no outer pipes, `<br>` inside a cell, a link to a page
    (kept: it may be the row's fact) and one within the page (its text), a formatting
    tag, a second table further down (not mixed in) and a "Conclusion" paragraph as the
    summary; a placeholder like `<NodeIP>` in a command is kept."""
    markdown = (
        "# REST vs GraphQL\n\nIntro.\n\nAspect | REST | GraphQL\n:--- | :---: | ---:\n"
        "Fetching | Many endpoints<br>may over-fetch | One endpoint\n"
        "**Caching** | Easy ([see MDN](https://developer.mozilla.org)) | <b>Harder</b> (see"
        " [below](#notes))\n"
        "Calling | `curl http://<host>/v1/users` | `POST /graphql`\n\n"
        "| Tool | Kind | Year |\n|---|---|---|\n| Apollo | client | 2016 |\n\n"
        "## Conclusion\nREST is simple and cache-friendly. GraphQL is flexible.\n"
    )
    topic = parse_table_markdown(markdown)
    assert topic["title"] == "REST vs GraphQL"
    assert topic["rows"] == [
        {"feature": "Fetching", "cells": ["Many endpoints may over-fetch", "One endpoint"]},
        {"feature": "Caching", "cells": ["Easy ([see MDN](https://developer.mozilla.org))",
                                         "**Harder** (see below)"]},  # <b> as bold
        {"feature": "Calling", "cells": ["`curl http://<host>/v1/users`", "`POST /graphql`"]},
    ]
    assert topic["summary"] == ["REST is simple and cache-friendly. GraphQL is flexible."]


def test_import_reads_a_summary_paragraph_that_labels_itself():
    """"TL;DR: ..." or "**In short:** ..." after the table is the summary, as a reader sees it
    (it was left out, so "what's the difference?" had no summary to give)."""
    table = "| | Vinyl | Streaming |\n|---|---|---|\n| Cost | $25 an album | $11 a month |\n\n"
    for label in ("TL;DR:", "**TL;DR:**", "**In short** -", "Summary:"):
        topic = parse_table_markdown(table + f"{label} vinyl is owned; streaming is rented.\n")
        assert topic["summary"] == ["Vinyl is owned; streaming is rented."], label
    assert "summary" not in parse_table_markdown(table + "Prices are from 2025.\n")
    quoted = parse_table_markdown(table + "> **TL;DR:** vinyl is owned.\n")  # a callout
    assert quoted["summary"] == ["Vinyl is owned."]  # a sentence of its own, capitalised


def test_import_titles_a_table_by_its_heading_when_that_names_it_in_other_words():
    """Three regions under "Our AWS regions" are that, not "eu-central-1 vs us-east-1 vs
    ap-southeast-2"; a heading that names the subjects, or a generic one, leaves the title
    the subjects joined by "vs"."""
    table = ("| Region | Frankfurt | Virginia | Sydney |\n|---|---|---|---|\n"
             "| Role | EU | US | DR |\n")
    assert parse_table_markdown("## 🌍 Our AWS regions\n\n" + table)["title"] == "Our AWS regions"
    for heading in ("## Frankfurt, Virginia and Sydney", "## Comparison", ""):
        topic = parse_table_markdown(f"{heading}\n\n{table}")  # the corner says what they are
        assert topic["title"] == "Region: Frankfurt vs Virginia vs Sydney", heading
        generic = parse_table_markdown(f"{heading}\n\n{table.replace('Region', 'Feature')}")
        assert generic["title"] == "Frankfurt vs Virginia vs Sydney", heading


def test_import_reads_a_table_with_a_subject_a_line_the_other_way_round():
    """A spreadsheet lists a laptop a line and a feature a column: read as it was, the ten
    features became ten "subjects" and the laptops two rows, and "macbook battery life?"
    was unsure. A three-way comparison with few rows is not turned."""
    page = ("## Laptops\n\n| Model | CPU | Memory | Battery life | Weight | OS |\n"
            "|---|---|---|---|---|---|\n| MacBook Pro | M3 | 36 GB | 17 h | 1.6 kg | macOS |\n"
            "| ThinkPad P1 | i7 | 64 GB | 8 h | 1.8 kg | Ubuntu |\n")
    topic = parse_table_markdown(page)
    assert [s["name"] for s in topic["subjects"]] == ["MacBook Pro", "ThinkPad P1"]
    assert topic["rows"][2] == {"feature": "Battery life", "cells": ["17 h", "8 h"]}
    three_way = parse_table_markdown(
        "| Feature | A | B | C |\n|---|---|---|---|\n| X | 1 | 2 | 3 |\n| Y | 4 | 5 | 6 |\n")
    assert [s["name"] for s in three_way["subjects"]] == ["A", "B", "C"]


def test_import_reads_an_html_table_exported_from_a_wiki():
    """Confluence and Notion export `<table>`: it was refused as "no markdown table found".
    Its caption is the heading above it, markup inside a cell is dropped, a link to a page
    kept, the paragraphs after it still give the summary."""
    page = ("<h1>Benefits</h1><table class='confluenceTable'><caption>Table 1. Medical plans"
            "</caption>"
            "<tbody><tr><th><p>Feature</p></th><th><p><strong>PPO</strong></p></th>"
            "<th>HDHP</th></tr>\n<tr><td><p>Deductible</p></td><td>$500</td>"
            "<td>$1,650<br/>per year</td></tr>\n<tr><td>Network</td><td><a href='https://x.example/"
            "ppo'>PPO list</a></td><td>Any</td></tr></tbody></table>\n\nTL;DR: PPO costs more a "
            "month, less a visit.\n")
    topic = parse_table_markdown(page)
    assert (topic["title"], [s["name"] for s in topic["subjects"]]) == (
        "Medical plans", ["PPO", "HDHP"])
    assert topic["rows"] == [
        {"feature": "Deductible", "cells": ["$500", "$1,650 per year"]},
        {"feature": "Network", "cells": ["[PPO list](https://x.example/ppo)", "Any"]}]
    assert topic["summary"] == ["PPO costs more a month, less a visit."]


def test_import_writes_a_pages_footnotes_into_the_cells_that_point_to_them():
    """"$3,300 family [1]" meant nothing once the page's note was left behind."""
    page = ("| Feature | PPO | HDHP |\n|---|---|---|\n| Deductible | $500 | $3,300 family [1] |\n"
            "| Code | `argv[1]` | none [2] |\n\n**Notes**\n\n[1] Aggregate: the family meets it "
            "together.\n- [2] From 2026.\n")
    cells = [r["cells"] for r in parse_table_markdown(page)["rows"]]
    assert cells == [["$500", "$3,300 family (Aggregate: the family meets it together.)"],
                     ["`argv[1]`", "none (From 2026.)"]]


def test_import_reads_what_a_wiki_page_says_around_and_inside_its_cells():
    """A maintainer's review: a "TL;DR:" above the table, and a bold "**In short: ...**", were
    dropped or kept a stray `**`; lists in cells ran together ("Full web UIapp tree" from
    HTML, "UI - app tree - diff view" from `<br>- `); the HTML page's heading was lost."""
    table = "| | Argo CD | Flux |\n|---|---|---|\n| UI | Full web UI<br>- app tree<br>- diff view |"
    table += " - Weave GitOps<br>- Grafana |\n"
    for page in ("TL;DR: pick Argo CD for a UI.\n\n" + table,
                 "**In short: pick Argo CD for a UI.**\n\n" + table,
                 table + "\n**In short: pick Argo CD for a UI.**\n"):
        topic = parse_table_markdown(page)
        assert topic["summary"] == ["Pick Argo CD for a UI."], page
        assert topic["rows"][0]["cells"] == ["Full web UI; app tree; diff view",
                                             "Weave GitOps; Grafana"]
    html = ("<html><body><h1>Our GitOps tools</h1><p>Long intro.</p><p><strong>In short: pick "
            "Argo CD for a UI.</strong></p><table><tr><th>Aspect</th><th>Argo CD</th><th>Flux"
            "</th></tr><tr><td>UI</td><td>Full web UI<ul><li>app tree</li><li>diff view</li>"
            "</ul></td><td><ul><li>Weave GitOps</li></ul></td></tr></table></body></html>")
    topic = parse_table_markdown(html)
    assert topic["title"] == "Our GitOps tools"
    assert topic["summary"] == ["Pick Argo CD for a UI."]
    assert topic["rows"][0]["cells"] == ["Full web UI; app tree; diff view", "Weave GitOps"]


def test_import_reads_notion_and_sheet_pages_as_a_reader_does():
    """A second maintainer's review: Notion's "<aside>💡 **TL;DR** — ...</aside>" callout was
    no summary; "escalates after 5 min<br>Slack DM" ran two facts together; a sheet's title
    "(updated 2025-02-18 by infra-finance)" became the comparison's name, and its "Notes:"
    line vanished unsaid."""
    table = ("| Area | PagerDuty | Opsgenie |\n|---|---|---|\n| Escalation | Phone call after"
             " 5 min<br>Slack DM via the app | SMS<br>then a call |\n")
    topic = parse_table_markdown(
        "# Cloud regions for new services (updated 2025-02-18 by infra-finance)\n\n<aside>\n"
        "\U0001f4a1 **TL;DR** \u2014 PagerDuty for prod; Opsgenie for the helpdesk.\n</aside>\n\n"
        + table + "\nNotes: prices are list prices, before the EDP discount.\n")
    assert topic["title"] == "Cloud regions for new services"
    assert topic["summary"] == ["PagerDuty for prod; Opsgenie for the helpdesk."]
    assert topic["rows"][0]["cells"] == ["Phone call after 5 min; Slack DM via the app",
                                         "SMS then a call"]
    assert topic["_notes"] == ['the text under the table is in no answer ('
                               '"Notes: prices are list prices, before the EDP discount."): put '
                               'what people ask about in a row or the summary',
                               'titled "Cloud regions for new services" from the page: every '
                               'answer names its table so; edit `title:` to rename it']


def test_import_mends_or_names_what_the_bot_could_not_load(tmp_path):
    """An empty cell imported as written, and `kb check` refused the file (and with it every
    table loaded beside it); a name used twice did the same. An empty cell is a dash, with a
    note; a line without a row name is more of the row above; a name used twice is refused
    at import, naming it."""
    topic = parse_table_markdown(
        "| Feature | Loki | Elasticsearch |\n|---|---|---|\n| Kibana | | Yes |\n"
        "| Cost | ~$0.05 a GB, | ~$0.40 a GB, |\n| | object storage | SSDs |\n")
    assert topic["rows"] == [{"feature": "Kibana", "cells": ["\u2014", "Yes"]},
                             {"feature": "Cost", "cells": ["~$0.05 a GB, object storage",
                                                           "~$0.40 a GB, SSDs"]}]
    assert topic["_notes"] == [
        "a line without a row name is read as more of row 'Cost'",
        "row 'Kibana' has nothing for Loki: written as '\u2014'"]
    for page, problem in (
            ("| F | A | A |\n|---|---|---|\n| x | 1 | 2 |\n", "two columns are named 'A'"),
            ("| F | A | B |\n|---|---|---|\n| Cost | 1 | 2 |\n| cost | 3 | 4 |\n",
             "two rows are named 'cost' (rows 1 and 2 of the table); rename or merge one"),
            ("| F | A | |\n|---|---|---|\n| x | 1 | 2 |\n", "column 3 of the header names no")):
        with pytest.raises(TableImportError, match=re.escape(problem)):
            parse_table_markdown(page)


def test_a_reimport_keeps_what_was_added_to_a_renamed_row_as_comments(tmp_path):
    table, knowledge = tmp_path / "t.md", tmp_path / "t.yaml"
    table.write_text("| F | A | B |\n|---|---|---|\n| Cost | 1 | 2 |\n| Speed | 3 | 4 |\n")
    knowledge.write_text(import_table(table, None))
    data = yaml.safe_load(knowledge.read_text())
    data["rows"][0]["examples"] = ["how much is it a month?"]
    knowledge.write_text(yaml.safe_dump(data))
    table.write_text("| F | A | B |\n|---|---|---|\n| Price | 1 | 2 |\n| Speed | 3 | 4 |\n")
    text = import_table(table, knowledge)
    assert ("# note: row 'Cost' is no longer in the table: what was added to it is kept as "
            "comments at the end of the file") in text
    assert text.endswith("# - feature: Cost\n#   examples:\n#   - how much is it a month?\n")
    assert yaml.safe_load(text)["rows"][0] == {"feature": "Price", "cells": ["1", "2"]}


def test_a_reimport_keeps_a_summary_and_analogy_written_in_the_file(tmp_path):
    """kb check suggests writing a summary into the file when the table has none; the next
    import of the changed table must not drop it unsaid."""
    table, knowledge = tmp_path / "t.md", tmp_path / "t.yaml"
    table.write_text("| F | A | B |\n|---|---|---|\n| Cost | 1 | 2 |\n")
    data = yaml.safe_load(import_table(table, None))
    data["summary"], data["analogy"] = ["A is cheap; B is dear."], "A is a bike, B a car."
    knowledge.write_text(yaml.safe_dump(data))
    table.write_text("| F | A | B |\n|---|---|---|\n| Cost | 1 | 3 |\n\n"
                     "Think of A as **a bus**, and B as **a taxi**.\n")
    text = import_table(table, knowledge)
    again = yaml.safe_load(text)
    assert again["summary"] == ["A is cheap; B is dear."] and "bus" in again["analogy"]
    assert "# note: the summary written in the file is kept: the table has none\n" in text
    assert ("# note: the table's analogy replaces the one the file had (kept as comments at "
            "the end of the file)\n") in text
    assert text.endswith("# analogy: A is a bike, B a car.\n")


def test_import_notes_text_above_the_table_and_a_third_column(tmp_path):
    """A page's line above the table that no answer shows, and every column read as a
    subject, are said at import (the browser tab's title of an HTML page is no text)."""
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Plans - Wiki</title></head><body><h1>Plans</h1>"
                    "<p>Not legal advice: ask #legal.</p><table><tr><th>F</th><th>Free</th>"
                    "<th>Team</th><th>What we do</th></tr><tr><td>Seats</td><td>3</td>"
                    "<td>50</td><td>We buy Team</td></tr></table></body></html>")
    text = import_table(page, None)
    assert ('# note: the text above the table is in no answer ("Not legal '
            'advice: ask #legal."): put what people ask about in a row or the summary') in text
    assert ("# note: 3 subjects, a column each: Free, Team, What we do (a column of notes is "
            "no subject: move it into the cells, or delete it)") in text
    assert "Wiki" not in text


def test_import_reads_a_summary_written_as_a_team_writes_it():
    """An RFC's "## TL;DR" above the table, a summary paragraph wrapped over lines, a
    sheet's rows named "Summary" and "Analogy", a slide's bold title and its superscript
    footnotes: each is read as the page means it (a maintainer's review, thirty-fourth
    session: the TL;DR above was dropped, the one below cut after its first line)."""
    table = "| Area | v1 | v2 |\n|---|---|---|\n| Auth | API key | OAuth2 |\n| Paging | offset |" \
            " cursor |\n"
    rfc = parse_table_markdown("# RFC-0142\n\n- **Status:** Accepted\n\n## TL;DR\n\nv2 moves "
                               "auth to OAuth2\nand paging to cursors.\n\n## Comparison\n\n"
                               + table)
    assert rfc["summary"] == ["v2 moves auth to OAuth2 and paging to cursors."]
    below = parse_table_markdown(table + "\nTL;DR: v2 moves auth to OAuth2\nand paging to "
                                 "cursors.\n\nThink of v1 as **a paper map** and v2 as\n"
                                 "**a satnav**.\n")
    assert below["summary"] == ["v2 moves auth to OAuth2 and paging to cursors."]
    assert below["analogy"].endswith("as **a satnav**.")
    sheet = parse_table_markdown(table + "| Summary | old and simple | new and safe |\n"
                                 "| Analogy | a paper map | a satnav |\n")
    assert [r["feature"] for r in sheet["rows"]] == ["Auth", "Paging"]
    assert sheet["summary"] == ["v1: old and simple", "v2: new and safe"]
    assert sheet["analogy"] == "v1: a paper map; v2: a satnav"
    slide = parse_table_markdown("**Orders API – Q3 review**\n\n" + table.replace(
        "API key |", "API key \u00b9 |") + "\n\u00b9 Rotated by hand.\n")
    assert slide["title"] == "Orders API – Q3 review"
    assert slide["rows"][0]["cells"][0] == "API key (Rotated by hand.)"
    assert slide[NOTES] == [  # the title line and the footnote are read, not left over
        'titled "Orders API – Q3 review" from the page: every answer names its table so; '
        'edit `title:` to rename it']


def test_import_without_a_table_is_a_clear_error():
    with pytest.raises(TableImportError, match="no table found: need a markdown table.*AsciiDoc"):
        parse_table_markdown("# Just a heading\n\nSome prose.\n")
    with pytest.raises(TableImportError, match="no <table> found in this HTML page"):
        parse_table_markdown("<html><body><h1>Plans</h1><p>Prose only.</p></body></html>")


def test_reimport_keeps_the_tuning_of_the_existing_file(tmp_path):
    table = tmp_path / "pets.md"
    table.write_text("| Feature | Cat | Dog |\n|---|---|---|\n| Sound | Meow | Woof |\n")
    output = tmp_path / "pets.yaml"
    output.write_text(
        "title: old\nsubjects: [{name: Cat, aliases: [kitty]}, {name: Dog}]\n"
        "rows: [{feature: Sound, cells: [a, b], vocabulary: [noise, loud]}]\n"
        "out_of_scope: [vet bills]\n"
    )
    data = yaml.safe_load(import_table(table, output))
    assert data["rows"] == [{"feature": "Sound", "cells": ["Meow", "Woof"],
                             "vocabulary": ["noise", "loud"]}]
    assert data["subjects"][0] == {"name": "Cat", "aliases": ["kitty"]}
    assert data["out_of_scope"] == ["vet bills"]
    assert data["title"] == "old"  # renamed in the file, as the import's note invites
    assert 'the title written in the file is kept (the page\'s would be "Pets: Cat vs Dog")' in (
        import_table(table, output))


def imported_file(folder: Path, name: str, text: str) -> dict:
    """The knowledge `kb import` makes of a page saved under this name (its suffix says how
    the page is read: ".tsv", ".adoc", ".rst", ...)."""
    (folder / name).write_text(text, "utf-8")
    return yaml.safe_load(import_table(folder / name, None))


def write_kb(tmp_path: Path, text: str, name: str = "broken.yaml") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path


BROKEN = {
    "yaml syntax": (GOOD.replace("[Minutes, Seconds]", "[Minutes, Seconds"), 6,
                    "YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
                    "sequence started at line 5)"),
    "missing column": (GOOD.replace("[Minutes, Seconds]", "[Minutes]"), 5,
                       "missing column(s): Container"),
    "empty cell": (GOOD.replace("[Hardware-level, Process-level]", "[Hardware-level, '']"), 8,
                   "cell 'Container' of row 'Isolation' is empty: write '\u2014' or 'n/a' where"
                   " the table says nothing"),
    "a cell YAML reads as a key": (GOOD.replace("[Hardware-level, Process-level]",
                                                "[Hardware-level, Guaranteed: per process]"), 8,
                                   "cell 'Container' of row 'Isolation' must be text: put it in "
                                   "quotes, since ': ' inside reads as a key"),
    "duplicate row": (GOOD.replace("Isolation", "Boot time"), 7,
                      "duplicate row 'Boot time' (first at line 4)"),
    "unknown key": (GOOD.replace("    vocabulary:", "    colour: red\n    vocabulary:"), 6,
                    "unknown key 'colour' in row"),
    "missing rows": ("title: x\nsubjects: [A, B]\n", 1, "missing required key 'rows'"),
    "examples not a list": (GOOD + "    examples: how?\n", 9,
                            "examples of 'Isolation' must be a list of text"),
    "empty example": (GOOD + "    examples: ['is it isolated?', '']\n", 9,
                      "examples of 'Isolation' entry is empty"),
    "unknown answer kind in examples": (GOOD + "examples: {sumary: [tl;dr?]}\n", 9,
                                        "unknown key 'sumary' in examples (expected: analogy, "
                                        "summary, table); did you mean 'summary'?"),
    "examples not a mapping": (GOOD + "examples: [tl;dr?]\n", 9,
                               "examples must map an answer kind (summary, analogy, table)"),
    "note not text": (GOOD + "    note: [a, b]\n", 9, "note of 'Isolation' must be text"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_each_broken_file_is_reported_with_file_and_line(tmp_path, case):
    text, line, message = BROKEN[case]
    directory = write_kb(tmp_path, text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    problems = str(caught.value).splitlines()
    assert any(p.startswith(f"{directory / 'broken.yaml'}:{line}: ") and message in p
               for p in problems), problems


def test_examples_and_aliases_are_read_from_rows_and_for_each_kind(tmp_path):
    text = GOOD + (
        "    aliases: [sandboxing]\n    examples: ['are they walled off?', 'how separate?']\n"
        "examples:\n  summary: ['gist?']\n  analogy: ['like a house?']\n"
    )
    topic = load_knowledge(write_kb(tmp_path, text, "vm.yaml")).topics[0]
    isolation = topic.row("Isolation")
    assert isolation.examples == ("are they walled off?", "how separate?")
    assert isolation.aliases == ("sandboxing",)
    assert topic.examples_of("summary") == ("gist?",)
    assert topic.examples_of("analogy") == ("like a house?",)
    assert topic.examples_of("table") == ()


def test_all_problems_in_all_files_are_reported_at_once(tmp_path):
    write_kb(tmp_path, GOOD.replace("[Minutes, Seconds]", "[Minutes]"), "a.yaml")
    unknown_key = GOOD.replace("    vocabulary:", "    colour: red\n    vocabulary:")
    write_kb(tmp_path, unknown_key, "b.yaml")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert [Path(p.path).name for p in caught.value.problems] == ["a.yaml", "b.yaml"]


def test_missing_or_empty_directory_is_an_error(tmp_path):
    with pytest.raises(KnowledgeError, match="no \\*.yaml knowledge files"):
        load_knowledge(tmp_path)
    with pytest.raises(KnowledgeError, match="not found"):
        load_knowledge(tmp_path / "nope")


def test_every_yaml_file_in_the_directory_is_served(tmp_path):
    shutil.copy(SHIPPED, tmp_path)
    write_kb(tmp_path, GOOD, "vm-vs-container.yaml")
    kb = load_knowledge(tmp_path)
    assert [t.id for t in kb.topics] == ["container-vs-kubernetes", "vm-vs-container"]
    assert kb.topic("vm-vs-container").title == "VM vs Container"


def test_import_reads_what_ops_and_people_teams_pages_hold():
    """Two maintainers' pages (thirty-fifth session): a runbook's escaped pipe is a pipe
    (a pasted command broke); Slack's ":red_circle:" is no part of a subject's name; an
    "Analogy:" label is not shown twice; a page's heading naming the comparison, not the
    section's "What changes" under it, titles it, with its label kept; an HTML cell's
    paragraphs and code read as a markdown cell's."""
    sev = parse_table_markdown(
        "# Incident severity: Sev1 vs Sev2\n\n| | **Sev1** :red_circle: | **Sev2** :yellow: |\n"
        "|---|---|---|\n| First steps | `kubectl get pods \\| grep -v Running` | wait |\n"
        "| Paging | everyone | on-call |\n\nAnalogy: a Sev1 is **a house fire**, a Sev2 a leak.\n")
    assert sev["title"] == "Incident severity: Sev1 vs Sev2"
    assert [s["name"] for s in sev["subjects"]] == ["Sev1", "Sev2"]
    assert sev["rows"][0]["cells"][0] == "`kubectl get pods | grep -v Running`"
    assert sev["analogy"] == "A Sev1 is **a house fire**, a Sev2 a leak."  # a sentence
    assert [n for n in sev[NOTES] if not n.startswith("titled")] == []  # the analogy line
    # is used, not left over
    db = parse_table_markdown(
        "<h1>Orders DB: old cluster vs new cluster</h1><h2>What changes</h2><table>"
        "<tr><th></th><th>Old cluster</th><th>New cluster</th></tr>"
        "<tr><td>Deductible</td><td><p>$500 individual<br>$1,000 family</p></td>"
        "<td><p>one</p><p>Two</p></td></tr>"
        "<tr><td>Check</td><td><code>ps | grep pg</code></td><td>psql</td></tr></table>")
    assert db["title"] == "Orders DB: Old cluster vs New cluster"
    assert db["rows"][0]["cells"] == ["$500 individual; $1,000 family", "one; Two"]
    assert db["rows"][1]["cells"][0] == "`ps | grep pg`"


def test_import_proposes_names_people_type_not_qualifiers():
    """A header's bracketed qualifier ("until March", "2.x", "PostgreSQL 12, us-east-1") and
    a version's "Old"/"New" are no names: "what's new?" took a migration's summary. An
    acronym's plural that reads as a word ("OOPs") is not read as it; one that does not is.
    Two words one of which the other subject has make no acronym ("MA" of Meta Ads beside
    Google Ads), and a maker's name leaves none of its own ("Ads": both are)."""
    from bot.proposals import subject_aliases
    from bot.text import acronym_plural as plural

    assert subject_aliases("ADP (until March)", ["Rippling (from April)"]) == ["ADP"]
    assert subject_aliases("Remix (2.x)", ["Next.js (14, App Router)"]) == ["Remix"]
    assert "Old" not in subject_aliases("Old cluster (PostgreSQL 12, us-east-1)",
                                        ["New cluster (Aurora PostgreSQL 16)"])
    assert subject_aliases("Mutual TLS (mTLS)", ["TLS"])[:2] == ["Mutual TLS", "mTLS"]
    assert subject_aliases("Us (Acme)", ["CompetitorX"]) == ["Acme"]  # "us" is in any question
    assert (plural("OOP"), plural("PC"), plural("SSD")) == ("", "PCs", "SSDs")
    assert subject_aliases("Meta Ads", ["Google Ads", "Meta Ads"]) == ["Meta"]
    assert subject_aliases("Google Ads", ["Google Ads", "Meta Ads"]) == ["Google"]
    assert "FRM" in subject_aliases("Fixed-Rate Mortgage", ["Variable-Rate Mortgage"])
    # a header's bracketed short form is the team's: no other made up ("RR" is respiratory
    # rate to a nurse), unless the table writes it
    assert subject_aliases("Rapid Response (RRT)", ["Code Blue"]) == ["Rapid Response", "RRT"]
    assert "RR" in subject_aliases("Rapid Response (RRT)", ["Code Blue"], "call RR first")
    # nor one everyone reads one way already ("HR" of "Hygiene recall"), unless written
    assert subject_aliases("Hygiene recall", ["New patient exam"]) == []
    assert subject_aliases("Human Resources", ["Payroll"], "ask HR first") == ["HR"]


def test_import_reads_a_records_own_fields_as_notes_not_subjects():
    """An Airtable export (a data-platform reviewer's, thirty-sixth session): "Category",
    "Related decisions", "Last modified" and "Owner" beside the two warehouses were four more
    subjects, in the title and every answer; a TL;DR row's cells that start with their
    subject's name said it twice. The timestamp is left out; the other fields are each row's
    labelled note ("who owns the rotation?" is asked: a security reviewer's), never the
    summary's."""
    sheet = parse_table_markdown(sheet_as_markdown(
        "Name,Category,Snowflake,BigQuery,Related decisions,Last modified,Owner\n"
        "Pricing model,Cost,Credits per second,$6.25 per TiB scanned,ADR-014,"
        "2026-09-30 4:12pm,Dana Whitfield\n"
        "Compute,Architecture,Virtual warehouses,Serverless slots,ADR-021,2026-09-30,Dana\n"
        "Loading,,COPY INTO,Load jobs,,2026-09-30,\n"
        "JSON,Data,VARIANT,JSON type,,2026-10-01,Sam\n"
        "TL;DR,,Snowflake: warehouses you size,BigQuery: serverless,,2026-10-14,Dana\n", ","))
    assert [s["name"] for s in sheet["subjects"]] == ["Snowflake", "BigQuery"]
    assert sheet["rows"][0] == {"feature": "Pricing model",
                                "cells": ["Credits per second", "$6.25 per TiB scanned"],
                                "note": "Category: Cost; Related decisions: ADR-014; "
                                        "Owner: Dana Whitfield"}  # once for the row
    assert sheet["rows"][2] == {"feature": "Loading", "cells": ["COPY INTO", "Load jobs"]}
    assert sheet["summary"] == ["Snowflake: warehouses you size", "BigQuery: serverless"]
    assert any("'Last modified' say when or by whom each record changed" in n for n in sheet[NOTES])
    landlord = parse_table_markdown("| Duty | Owner | Tenant |\n|---|---|---|\n"
                                    "| Repairs | Structural | Minor |\n"
                                    "| Bills | Tax | Utilities |\n")
    assert [s["name"] for s in landlord["subjects"]] == ["Owner", "Tenant"]


def test_import_keeps_a_summary_records_note_and_its_subjects_own_labels():
    """A support team's Airtable export (forty-first session): the Summary record's Notes cell
    ("Rule: offer credit first...", the one rule every newcomer must learn) was dropped
    without a word, and "Credit = ..." under "Account credit" was labelled again
    ("Account credit: Credit = ...") while "Refund = ..." was not."""
    sheet = parse_table_markdown(sheet_as_markdown(
        "Name,Refund,Account credit,Notes,Last edited by\n"
        "Eligibility,Annual plans within 30 days,Any customer,Check Stripe first,Maya\n"
        "Expiry,n/a,12 months after issue,Re-issue once,Jonas\n"
        "Cash out,Yes,No,Be firm,Maya\n"
        "Summary,\"Refund = money back, subscription ends\",\"Credit = balance for future "
        "invoices\",\"Rule: offer credit first, refund if they insist\",Maya\n", ","))
    assert sheet["summary"] == ["Refund = money back, subscription ends",
                                "Credit = balance for future invoices",
                                "Rule: offer credit first, refund if they insist"]


def test_import_reads_an_outlook_email_saved_as_text(tmp_path):
    """An ad-operations team's email (forty-first session): its last header line,
    "Importance: High", was the table's title in every answer; "Short version:" was no
    summary; the note on the text under the table quoted the legal disclaimer."""
    mail = tmp_path / "direct-vs-programmatic.txt"
    mail.write_text(
        "From:\tKowalski, Marta <marta@example.com>\nSent:\tTuesday, 14 October 2025\n"
        "Subject:\tRE: Direct vs programmatic - cheat sheet\nImportance:\tHigh\n\nHi all,"
        "\n\n\tDirect IO\tProgrammatic\nMinimum budget\tUsually 10k+\tNo minimum\n"
        "Lead time\t5-10 working days\t24-48 h\nCancellation\t14 days' notice\tPause "
        "anytime\n\nShort version: direct = guaranteed, programmatic = flexible.\n\nShout "
        "if anything is unclear about booking.\n\nDISCLAIMER: This email and any attachments "
        "are confidential and intended solely for the addressee named above in full.\n")
    text = import_table(mail, None)
    topic = yaml.safe_load(text)
    assert topic["title"] == "Direct IO vs Programmatic"
    assert topic["summary"] == ["Direct = guaranteed, programmatic = flexible."]
    under = next(line for line in text.splitlines() if "under the table" in line)
    assert "Shout if anything" in under and "DISCLAIMER" not in under, under


def _imported(path: Path, text: str | bytes) -> dict:
    """A page written to `path`, imported as `kb import` reads it, as the knowledge file's
    data."""
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return yaml.safe_load(import_table(path, None))


def test_import_reads_a_gmail_page_a_slack_paste_and_a_sheet_with_a_notes_line(tmp_path):
    """A financial-aid office's pages (forty-first session): a Gmail page's table inside its
    layout tables failed ("column 3 of the header names no subject"); a struck-out "<s>"
    phrase was read as said; "If you need an analogy: think of ..." kept its lead-in; a
    Slack paste's "(edited)" and reactions ended the summary; a header in capitals shouted
    in every answer; a sheet's "notes:" line under the header joined its last column's
    name, a third subject; a file name's "vs" was put before the subjects in the title."""
    topic = _imported(tmp_path / "loans-gmail.html",
        "<html><body><table><tr><td><table class=message><tr><td>Re: loans</td></tr></table>"
        "<table><tr><td><p>Hi all,</p><table border=1><tr><td></td><td>Subsidized</td>"
        "<td>Unsubsidized</td></tr><tr><td>Interest in school</td><td>Paid for you</td>"
        "<td>Accrues</td></tr><tr><td>150% rule</td><td>Capped at 150%; <s>subsidy lost"
        "</s> repealed in 2021</td><td>No cap</td></tr></table><p>If you need an analogy "
        "for students: think of one as <b>a library book</b> and the other as <b>a credit "
        "card</b>.</p></td></tr></table></td></tr></table></body></html>")
    rows = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert list(rows) == ["Interest in school", "150% rule"]
    assert rows["150% rule"][0] == "Capped at 150%; repealed in 2021"
    assert topic["analogy"].startswith("Think of one as **a library book**")
    topic = _imported(tmp_path / "fws-vs-campus-job-slack.txt",
        "Jenna Kowalski  2:14 PM\n```\n                 FEDERAL WORK-STUDY (FWS)   REGULAR "
        "STUDENT JOB\n================ ========================== ================\n"
        "Pay rate         $15.25/hr                  $15.25/hr\nHours per week   Max 20"
        "                     Max 20\nSummer           With a summer award        If the "
        "budget allows\n```\ntl;dr FWS is aid you earn by working.\n(edited)\n"
        ":+1: 4  :eyes: 1\n")
    assert topic["summary"] == ["FWS is aid you earn by working."]
    assert topic["title"] == "Federal Work-Study (FWS) vs Regular Student Job"
    topic = _imported(tmp_path / "fulltime-vs-halftime-sheets.tsv",
        "Topic\t\tFull-time\tHalf-time\tOwner\r\nnotes: per Registrar, fall/spring only. "
        "DO NOT share column E\t\t\t\t\r\nPell Grant\t\t100% of the award\t50% of the "
        "award\tPriya\r\nDirect Loans\t\tEligible\tEligible\tMarcus\r\nSOG\t\tFull "
        "award\tNot eligible\tPriya\r\n")
    assert [s["name"] for s in topic["subjects"]] == ["Full-time", "Half-time"]
    assert topic["title"] == "Full-time vs Half-time"
    assert [row["feature"] for row in topic["rows"]] == ["Pell Grant", "Direct Loans", "SOG"]


def test_import_reads_an_analogy_under_a_think_of_it_like_label(tmp_path):
    """A developer-relations reviewer's pages (forty-third session): Docusaurus's
    `:::info[Think of it like this]` over "Webhooks are a doorbell" was no analogy, and the
    page MkDocs builds, a `<details>` labelled "Think of it like…", gave that label as the
    analogy and lost its text."""
    table = ("| | Webhooks | Polling |\n|---|---|---|\n| **Latency** | Seconds | Minutes |\n"
             "| **Firewall** | Needs a public endpoint | Works behind one |\n")
    mdx = _imported(tmp_path / "webhooks.mdx", "# Webhooks vs polling\n\n" + table
                    + "\n:::info[Think of it like this]\n\nWebhooks are **a doorbell**; "
                    "polling is **walking to the mailbox**.\n\n:::\n")
    assert mdx["analogy"].startswith("Webhooks are **a doorbell**")
    html = ("<html><body><h1>Webhooks vs polling</h1><table><tr><th></th><th>Webhooks</th>"
            "<th>Polling</th></tr><tr><td>Latency</td><td>Seconds</td><td>Minutes</td></tr>"
            "<tr><td>Firewall</td><td>Needs a public endpoint</td><td>Works behind one</td>"
            "</tr></table>\n<details class=\"example\" open=\"open\">\n<summary>Think of it "
            "like\u2026</summary>\n<p>Webhooks are <strong>a doorbell</strong>; polling is "
            "walking to the mailbox.</p>\n</details>\n"
            "</body></html>")
    built = _imported(tmp_path / "webhooks.html", html)
    assert built["analogy"].startswith("Webhooks are **a doorbell**")


def test_import_reads_mdx_a_confluence_word_export_and_a_teams_paste(tmp_path):
    """A site-safety team's pages (forty-first session): an MDX page's analogy was the tag
    `TabItem value="analogy" label="Think of it like…">` and its `:::tip TL;DR` was lost;
    Confluence's Word export (MIME, quoted-printable) put "we= lding" in every cell; a
    Teams paste was titled by its sender ("Kerry Walsh" over "Tuesday 09:41") and its
    "Basically:" was no summary."""
    topic = _imported(tmp_path / "ffp3-vs-half-mask.mdx",
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"
        "# FFP3 vs half-mask\n\n:::tip TL;DR\nAn FFP3 is a one-shift mask; a half-mask lasts "
        "years.\n:::\n\n<Tabs groupId=\"rpe\">\n  <TabItem value=\"compare\" label=\"Side "
        "by side\" default>\n\n| | FFP3 | Half-mask |\n|---|---|---|\n| **Fit test** | Yes "
        "<FitTestBadge model=\"9332+\" /> | Yes, per size |\n| **Lasts** | One shift | "
        "Two years |\n\n  </TabItem>\n  <TabItem value=\"analogy\" label=\"Think of it "
        "like…\">\n\nThink of the FFP3 as **a paper cup** and the half-mask as **a travel "
        "mug**.\n\n  </TabItem>\n</Tabs>\n")
    assert topic["summary"] == ["An FFP3 is a one-shift mask; a half-mask lasts years."]
    assert topic["analogy"].startswith("Think of the FFP3 as **a paper cup**")
    assert topic["rows"][0]["cells"] == ["Yes", "Yes, per size"]
    html = ("<html><body><h1>Hot work vs confined space</h1><table><tr><th></th><th>Hot "
            "work</th><th>Confined space</th></tr><tr><td>Covers</td><td>Welding and "
            "grinding</td><td>Tanks and sewers</td></tr><tr><td>Signed by</td><td>Site "
            "manager</td><td>Supervisor</td></tr></table></body></html>")
    topic = _imported(tmp_path / "hot-work.doc",
        b"Date: Thu, 14 Nov 2024 09:12:44 +0000 (UTC)\nSubject: Exported From Confluence\n"
        b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"XX\"\n\n--XX\n"
        b"Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable"
        b"\n\n" + quopri.encodestring(html.encode(), quotetabs=False).replace(
            b"Welding", b"We=\nlding") + b"\n--XX--\n")
    assert topic["rows"][0]["cells"] == ["Welding and grinding", "Tanks and sewers"]
    topic = _imported(tmp_path / "near-miss.txt",
        "H&S Reporting\nChat   Files   Near miss table   +\n\nKerry Walsh\nTuesday 09:41\n"
        "here's the table for the new starters\n\tNear miss\tIncident\nWhat counts\tCould "
        "have hurt someone\tSomeone was hurt\nHow fast\tBy end of shift\tStraight away\n"
        "Blame\tNo blame\tJust culture\nBasically: nobody hurt vs somebody hurt.\n\n"
        "Marcus Bell\nTuesday 09:44\nPinned\n1 like\n")
    assert topic["title"] != "Kerry Walsh" and "Chat" not in topic["title"], topic["title"]
    assert topic["summary"] == ["Nobody hurt vs somebody hurt."]


def test_import_reads_a_grid_table_a_onenote_page_and_numbered_types(tmp_path):
    """A ground-handling team's pages (forty-first session): a reStructuredText grid whose
    header wraps over two lines was read as columns of spaces ("two rows are named '|'");
    a OneNote page's title, a 20pt paragraph over two source lines, was lost; "Type I
    (orange)" was proposed "TI" and "I (orange)", never "Type 1" as people type it; and
    "Analogy from the trainers:" stayed in the analogy."""
    topic = _imported(tmp_path / "bulk-vs-uld.rst",
        "+-----------+-------------------+-------------------+\n"
        "| Topic     | Bulk loading      | ULD loading       |\n"
        "|           | (loose bags)      | (containers)      |\n"
        "+===========+===================+===================+\n"
        "| Unit      | None -- loose     | AKE container     |\n"
        "|           | bags              | for bags          |\n"
        "+-----------+-------------------+-------------------+\n"
        "| Crew      | Four loaders      | Two and a loader  |\n"
        "+-----------+-------------------+-------------------+\n\n"
        "Analogy from the trainers: bulk is like packing a car boot bag by bag.\n")
    assert [row["feature"] for row in topic["rows"]] == ["Unit", "Crew"]
    assert topic["analogy"] == "Bulk is like packing a car boot bag by bag."
    topic = _imported(tmp_path / "deicing.html",
        "<html><head><meta name=Generator content='Microsoft OneNote 15'><title>De-icing"
        "</title></head><body><div><p style='margin:0in;font-size:20.0pt'>De-icing:\nType I "
        "vs Type IV fluid</p></div><table><tr><td></td><td>Type I (orange)</td><td>Type IV "
        "(green)</td></tr><tr><td>Job</td><td>Gets the ice off</td><td>Keeps it off</td></tr>"
        "<tr><td>Temperature</td><td>Hot</td><td>Cold</td></tr></table></body></html>")
    assert topic["title"] == "De-icing: Type I vs Type IV fluid"
    assert topic["subjects"][0]["aliases"] == ["Type I", "orange", "Type 1"]
    assert topic["subjects"][1]["aliases"] == ["Type IV", "green", "Type 4"]


def test_import_reads_a_table_drawn_with_box_characters_and_a_notion_export(tmp_path):
    """A hotel team's pages (forty-first session): a table as a CLI tool or a chat bot draws
    it (`┌─┬─┐`, `│`) was "no table found"; with a rule under the header only, each line is
    a row, and with one between every row (tabulate's fancy_grid) a row's lines are one
    cell. A Notion export's properties block was "11 lines" of text above the table."""
    topic = _imported(tmp_path / "rooms.txt",
        "Here's the comparison:\n┌───────────┬─────────────┬───────────┐\n"
        "│ Feature   │ Standard    │ Deluxe    │\n├───────────┼─────────────┼───────────┤\n"
        "│ Size      │ 22 m²       │ 35 m²     │\n│ View      │ Courtyard   │ Sea view  │\n"
        "│ Breakfast │ Extra €18   │ Included  │\n└───────────┴─────────────┴───────────┘\n")
    assert {row["feature"]: row["cells"] for row in topic["rows"]} == {
        "Size": ["22 m²", "35 m²"], "View": ["Courtyard", "Sea view"],
        "Breakfast": ["Extra €18", "Included"]}
    topic = _imported(tmp_path / "tiers.txt",
        "╒═══════════╤═════════════╤═══════════╕\n│ Perk      │ Silver      │ Gold      │\n"
        "╞═══════════╪═════════════╪═══════════╡\n│ Late      │ 1 pm, if    │ 4 pm      │\n"
        "│ checkout  │ available   │           │\n├───────────┼─────────────┼───────────┤\n"
        "│ Lounge    │ No          │ Yes       │\n╘═══════════╧═════════════╧═══════════╛\n")
    assert {row["feature"]: row["cells"] for row in topic["rows"]} == {
        "Late checkout": ["1 pm, if available", "4 pm"], "Lounge": ["No", "Yes"]}
    notion = _imported(tmp_path / "room-types.html",
        "<html><body><h1>Room types</h1><table class='properties'><tr><th>Owner</th><td>Ana"
        "</td></tr><tr><th>Tags</th><td>FO</td></tr></table><p>Use this at the desk.</p>"
        "<table><tr><th></th><th>Standard</th><th>Deluxe</th></tr><tr><td>Size</td><td>22 m²"
        "</td><td>35 m²</td></tr><tr><td>View</td><td>Courtyard</td><td>Sea</td></tr></table>"
        "</body></html>")
    assert [row["feature"] for row in notion["rows"]] == ["Size", "View"]
    note = import_table(tmp_path / "room-types.html", None)
    assert 'the text above the table is in no answer ("Use this at the desk.")' in note


def test_import_reads_a_sheets_grouped_rows_and_its_title_over_a_review_line():
    """A security team's Google Sheet (thirty-sixth session): a title line, then "Last
    reviewed: ..." above the header, which became the title; a first column grouping the rows
    ("Rotation" merged over three rows, empty under the first) fused thirteen rows into five
    and made the row-name column "Control" a subject."""
    sheet = parse_table_markdown(sheet_as_markdown(
        "Secrets management: Vault vs Secrets Manager,,,\n"
        "Last reviewed: 14 Oct 2026 by Dev,,,\n"
        "Area,Control,Vault,Secrets Manager\n"
        "Storage,Where secrets live,Our EKS cluster,AWS per region\n"
        ",Encryption at rest,AES-256-GCM,AES-256 via KMS\n"
        "Rotation,Database credentials,Dynamic, 1 h leases,Lambda every 30 days\n"
        ",Rotation on leak,Revoke the lease,Rotate at the provider\n", ","))
    assert sheet["title"] == "Secrets management: Vault vs Secrets Manager"
    assert [s["name"] for s in sheet["subjects"]] == ["Vault", "Secrets Manager"]
    assert [r["feature"] for r in sheet["rows"]] == [
        "Where secrets live (Storage)", "Encryption at rest (Storage)",
        "Database credentials (Rotation)", "Rotation on leak (Rotation)"]
    assert any("Last reviewed" in n for n in sheet[NOTES])  # said, not dropped


def test_import_reads_a_security_and_a_mobile_teams_pages(tmp_path):
    """Two more maintainers (thirty-sixth session). A Notion page's two-column properties
    table above the comparison was read as the table ("needs two subject columns"; in HTML
    its CSS had a "|" line too), and its title lost to the section heading "Side by side"; a
    PR's heading naming more than its subjects lost to the corner cell ("Step: iOS vs
    Android"); a Slack cheat sheet in columns of spaces was refused; "≥" left a row name."""
    notion = parse_table_markdown(
        "<html><head><style>td { border: 1px | solid }\n|---|</style></head><body>"
        "<h1>PCI DSS vs SOC 2 — what engineers need to know</h1><table><tr><td>Owner</td>"
        "<td>Marta</td></tr><tr><td>Tags</td><td>compliance</td></tr></table><h2>Side by side"
        "</h2><table><tr><th>Area</th><th>PCI DSS v4.0</th><th>SOC 2 Type II</th></tr><tr><td>"
        "Who requires it</td><td>Card brands</td><td>Customers</td></tr><tr><td>Open criticals"
        " (CVSS ≥ 9.0)</td><td>Fix in 30 days</td><td>Per policy</td></tr></table></body>"
        "</html>")
    assert notion["title"] == "PCI DSS vs SOC 2 — what engineers need to know"
    assert [r["feature"] for r in notion["rows"]] == ["Who requires it",
                                                      "Open criticals (CVSS ≥ 9.0)"]
    pr = parse_table_markdown("## Release 4.12.0 — iOS vs Android release process\n\n"
                              "### Cheat sheet\n\n| Step | iOS | Android |\n|---|---|---|\n"
                              "| Upload | Xcode Cloud | Play Console |\n| Review | 1 day | "
                              "Hours |\n")
    assert pr["title"] == "Release 4.12.0 — iOS vs Android release process"
    slack = parse_table_markdown(
        "Cheat sheet:\n```\nThing           iOS                 Android\n"
        "--------------  ------------------  ---------------\n"
        "CI runner       macOS 14 on GitHub Actions (M1)  ubuntu-latest\n"
        "Build time      ~18 min             ~9 min\n```\n")
    assert [s["name"] for s in slack["subjects"]] == ["iOS", "Android"]
    assert slack["rows"][0] == {"feature": "CI runner",
                                "cells": ["macOS 14 on GitHub Actions (M1)", "ubuntu-latest"]}
    assert slack["title"] == "iOS vs Android"  # "Thing" is no kind of subject
    from bot.proposals import subject_aliases
    assert subject_aliases("SOC 2 Type II", ["PCI DSS v4.0"]) == ["SOC 2"]  # no "Type IIs"
    assert subject_aliases("AWS Secrets Manager", ["HashiCorp Vault"])[:2] == [
        "ASM", "Secrets Manager"]
    page = tmp_path / "Platform capabilities 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6.csv"
    page.write_text("Name,iOS,Android\nPush,APNs,FCM\nDeep links,Universal Links,App "
                    "Links\nPayments,StoreKit,Play Billing\n", "utf-8")
    assert yaml.safe_load(import_table(page, None))["title"] == (
        "Platform capabilities: iOS vs Android")  # not Notion's page id


_PDF_PAGE = """\
Staff Handbook 2026                                              Section 7: Travel
____________________________________________________________________________________

7.2 Rail vs. Air for business trips

Book through the travel desk. The table below says which to choose.

Table 7.1 - Comparison of rail and air travel

                     Rail                                Air
Booking window       Up to 12 weeks ahead on the         Book at least 21 days ahead for
                     national site                       the negotiated fares
Luggage              Two large bags, no fee              One checked bag on economy; a
                                                         second costs EUR 45
Expenses             Second class; first class on        Economy only; business class
                     trips over four hours               needs a director's sign-off
Carbon               About 6 kg CO2 a trip               About 90 kg CO2 a trip; offset
                                                         through the travel desk

Summary: take the train for trips under five hours and fly for the rest.

                                      - 14 -
____________________________________________________________________________________
Staff Handbook 2026                                              Section 7: Travel
"""


def test_import_reads_a_table_copied_out_of_a_pdf():
    """Text copied from a PDF handbook (a research-computing reviewer's, thirty-seventh
    session) lines its table up in columns of spaces with no line of dashes, wraps cells
    onto the lines below and carries the printed page's rules, page numbers and running
    heads. It was refused with "no table found" until a line of dashes was typed in."""
    topic = parse_table_markdown(_PDF_PAGE, "travel.txt")
    assert [s["name"] for s in topic["subjects"]] == ["Rail", "Air"]
    assert [r["feature"] for r in topic["rows"]] == ["Booking window", "Luggage", "Expenses",
                                                     "Carbon"]
    assert topic["rows"][1]["cells"] == ["Two large bags, no fee",
                                         "One checked bag on economy; a second costs EUR 45"]
    assert topic["title"] == "Rail vs. Air for business trips"  # its numbered heading
    assert topic["summary"] == ["Take the train for trips under five hours and fly for the "
                                "rest."]
    notes = " ".join(topic[NOTES])
    assert "without a row name" not in notes  # a wrapped cell is the rule in a PDF's text
    assert "Handbook" not in notes and "14" not in notes  # nor is the page's furniture prose
    assert "in no answer (\"Book through the travel desk. The table below" in notes


_PDF_PAGES = """\
ACME LLP                                              Records Policy RM-04
3. HOLDS AND RETENTION
Aspect            Legal hold                       Retention schedule
----------------  -------------------------------  -------------------------------
Purpose           Preserve what may matter to      Keep records only as long as
                  a claim.                         the law requires.

Trigger           Notice of a claim or a           Applies to every record from
                  subpoena.                        the day it is filed.

Custodian duties  Acknowledge the notice within    Save records to the document
                  5 days; preserve chat and

ACME LLP - Records Policy                                          Page 7 of 19
--------------------------------------------------------------------------------
ACME LLP                                              Records Policy RM-04
Aspect            Legal hold                       Retention schedule
----------------  -------------------------------  -------------------------------
                  devices.                         system.

Release           General Counsel sends a          Not applicable.
                  release notice.
3.2 In short: a hold freezes what the schedule would otherwise delete. Stop deleting and
acknowledge it.
3.3 By way of analogy, the schedule is a conveyor belt to the shredder; a hold is the
emergency-stop button.
"""


def test_import_reads_a_pdf_table_over_a_page_break_with_gaps_between_rows():
    """A law firm's policy copied out of a PDF (a practice-support reviewer's): a blank line
    between rows ended the table at its first row (12 of 13 lost, import "ok"), and the
    page break's footer, running head and repeated header made the firm's name a row."""
    topic = parse_table_markdown(_PDF_PAGES)
    rows = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert list(rows) == ["Purpose", "Trigger", "Custodian duties", "Release"]
    assert rows["Custodian duties"] == [
        "Acknowledge the notice within 5 days; preserve chat and devices.",
        "Save records to the document system."]
    assert topic["summary"] == ["A hold freezes what the schedule would otherwise delete. Stop "
                                "deleting and acknowledge it."]
    assert topic["analogy"] == ("The schedule is a conveyor belt to the shredder; a hold is "
                                "the emergency-stop button.")
    assert parse_table_markdown(  # a label before the analogy's own opening is no part of it
        "| | A | B |\n|---|---|---|\n| x | 1 | 2 |\n| y | 3 | 4 |\n\nRule of thumb: think of "
        "A as **a file room** and B as **a noticeboard**.\n")["analogy"] == (
        "Think of A as **a file room** and B as **a noticeboard**.")


def test_import_reads_a_pdf_table_indented_under_its_page_over_a_policy_footer():
    """A city council's permit policy copied out of a PDF (forty-first session): its table sits
    two spaces in from the page's text, so the gap after the first row ended it (1 row of
    13 kept, import "ok"); the footer "Rev. 3 - Uncontrolled when printed" became a row; a
    row name broken after "of" became two half rows."""
    page = "\n".join([
        "CITY OF RIVERTON                              POLICY CD-12", "",
        "4.2  Building Permit vs. Zoning Permit", "",
        "  Item              Building Permit               Zoning Permit",
        "  ----------------  ----------------------------  ----------------------------",
        "  Purpose           Confirms construction meets   Confirms the use is allowed",
        "                    the building codes.           in the zoning district.", "",
        "  Issued by         Building Division             Planning Division", "",
        "CD-12 Permit Center Procedures                              Page 7 of 19",
        "Rev. 3  -  Uncontrolled when printed",
        "CITY OF RIVERTON                              POLICY CD-12", "",
        "  Item              Building Permit               Zoning Permit",
        "  ----------------  ----------------------------  ----------------------------",
        "  Fees              Based on project valuation.   Flat fee: $85 residential.", "",
        "  Certificate of    A Certificate of Occupancy    Not issued; zoning sign-off",
        "  Occupancy         is issued after the final     is one of the approvals the",
        "                    inspection.                   CO needs.", "",
        "In short: get the zoning permit first.", ""])
    topic = parse_table_markdown(page)
    rows = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert list(rows) == ["Purpose", "Issued by", "Fees", "Certificate of Occupancy"]
    assert rows["Certificate of Occupancy"] == [
        "A Certificate of Occupancy is issued after the final inspection.",
        "Not issued; zoning sign-off is one of the approvals the CO needs."]
    assert topic["summary"] == ["Get the zoning permit first."]


def test_import_reads_a_pdf_table_with_a_margin_and_words_broken_over_lines():
    """A hospital policy copied out of a PDF (a nursing educator's): its two-space margin
    made no table found; a row name broken with a hyphen ("Typical organ-" over "isms") was
    two rows; "stetho-scope" kept its hyphen; the page's foot, "Page 14 of 31 ...", and the
    next page's running head ended the table; the corner "Element" led the title."""
    page = "\n".join("  " + line if line else line for line in [
        "          ST. ELSEWHERE HOSPITAL", "", "Appendix B.  Contact vs Droplet", "",
        "Element            Contact                  Droplet", "",
        "Typical organ-     MRSA, VRE, C. diff       Influenza, N. men-",
        "isms                                        ingitidis, mumps",
        "Gloves             On entering the room     Standard",
        "", "Page 14 of 31         IC-204  Rev. 6", "",
        "          ST. ELSEWHERE HOSPITAL", "",
        "Element            Contact                  Droplet", "",
        "Equipment          Dedicated stetho-        Standard cleaning",
        "                   scope; data-             between patients",
        "                   logger kept",
        "Visitors           Gown and gloves          Surgical mask", ""])
    topic = parse_table_markdown(page)
    rows = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert list(rows) == ["Typical organisms", "Gloves", "Equipment", "Visitors"]
    assert rows["Typical organisms"][1] == "Influenza, N. meningitidis, mumps"
    assert rows["Equipment"][0] == "Dedicated stethoscope; data-logger kept"
    assert topic["title"] == "Contact vs Droplet"


def test_import_reads_a_sheet_with_a_spacer_column_and_labelled_summary_cells():
    """A European Excel CSV (a nursing educator's): an empty spacer column refused the
    sheet ("column 3 of the header names no subject"), and a summary cell labelled with
    its subject's short name said it twice ("Unfractionated heparin (UFH): UFH: ...")."""
    sheet = ("Ward 7 quick reference;;;\n;;;\nFeature;Unfractionated heparin (UFH);;Enoxaparin\n"
             "Route;IV or SC;;SC\nHalf-life;1-1,5 h;;4,5-7 h\nCost;12,50;;4,80\n"
             "Summary;UFH: short-acting;;once daily\n")
    topic = parse_table_markdown(sheet_as_markdown(sheet))
    assert [s["name"] for s in topic["subjects"]] == ["Unfractionated heparin (UFH)",
                                                      "Enoxaparin"]
    assert topic["rows"][1]["cells"] == ["1-1,5 h", "4,5-7 h"]
    assert topic["summary"] == ["UFH: short-acting", "Enoxaparin: once daily"]


def test_import_reads_a_browser_printed_pdf_with_ligatures():
    """A ServiceNow article printed to PDF by a browser (a university IT desk's): its foot
    (the page's address and "1/2") ended the table, five rows lost; "ﬁles" kept its
    ligature, so "files" did not find the row."""
    page = ("KB0012731: VPN or Remote Desktop?\n\nFeature        VPN              Remote Desktop\n"
            "Speed          Home broadband   Fast; large \ufb01les slow\n"
            "Files          H: drive         Office drives\n\n"
            "https://university.service-now.com/kb_view.do?sysparm_article=KB1     1/2\n"
            "KB0012731: VPN or Remote Desktop?\n\nFeature        VPN              Remote Desktop\n"
            "Printing       Home printer     Campus printers\n"
            "Screens        Yes              Yes, all monitors\n")
    topic = parse_table_markdown(page)
    assert [r["feature"] for r in topic["rows"]] == ["Speed", "Files", "Printing", "Screens"]
    assert topic["rows"][0]["cells"][1] == "Fast; large files slow"


def test_prose_with_wide_gaps_is_no_table_copied_out_of_a_pdf():
    page = ("Our office moved.  The new address is below.\n"
            "Floor 3        Reception and the kitchen\n"
            "Parking is free after six.\n")
    with pytest.raises(TableImportError, match="no table found"):
        parse_table_markdown(page)


def test_import_reads_a_sheet_whose_subjects_span_two_header_rows():
    """A Google Sheet with each subject's cell merged over its own columns and a row under
    it naming them (a research-computing reviewer's) was refused ("column 3 of the header
    names no subject"); filling the blanks by hand made four subjects of two."""
    sheet = ("Laptop cheat sheet,,,,\nAspect,Standard laptop,,Developer laptop,\n"
             ",What you get,How to order,What you get,How to order\n"
             "Memory,16 GB,Service desk form,64 GB,Team lead approves the form\n"
             "Admin rights,No,,Yes after training,Ask IT security\n,,,,\n"
             "Summary,Most staff need the standard one.,,,\n")
    topic = parse_table_markdown(sheet_as_markdown(sheet))
    assert [s["name"] for s in topic["subjects"]] == ["Standard laptop", "Developer laptop"]
    assert topic["rows"][0]["cells"] == [
        "What you get: 16 GB; How to order: Service desk form",
        "What you get: 64 GB; How to order: Team lead approves the form"]
    assert topic["rows"][1]["cells"][0] == "What you get: No"
    assert topic["title"] == "Laptop cheat sheet"
    assert topic["summary"] == ["Most staff need the standard one."]


def test_import_reads_a_sheet_whose_subjects_sit_under_a_merged_label(tmp_path):
    """A Google Sheet saved as TSV with "Launch phase" merged over "Soft launch" and "Global
    launch" (a game studio reviewer's) was refused: "column 3 of the header names no
    subject". A line break typed in a cell parts two items, unless the sentence goes on."""
    sheet = ("Launch readiness\t\t\t\nArea\tLaunch phase\t\tOwner\n"
             "\tSoft launch\tGlobal launch\t\n"
             "KPI gates\t\"D7 ≥ 15%\ncrash-free users ≥ 99.0%\"\tn/a\tPriya\n"
             "Regions\t\"One region, chosen by latency\nand cost\"\tThree regions\tSRE\n"
             "Budget\t\"Small:\n• creatives\n• CPI tests\"\tFull\tTom\n")
    topic = imported_file(tmp_path, "launch.tsv", sheet)
    assert [s["name"] for s in topic["subjects"]] == ["Soft launch", "Global launch"]
    rows = {row["feature"]: row for row in topic["rows"]}
    assert rows["KPI gates"]["cells"] == ["D7 ≥ 15%; crash-free users ≥ 99.0%", "n/a"]
    assert rows["KPI gates"]["note"] == "Owner: Priya"
    assert rows["Regions"]["cells"][0] == "One region, chosen by latency and cost"
    assert rows["Budget"]["cells"][0] == "Small: creatives; CPI tests"


def test_import_reads_a_sheet_with_section_and_note_rows_inside_its_table(tmp_path):
    """A finance team's Google Sheet (a CSV of its comparison tab): a section's row
    ("RUNNING COSTS") under the header refused the sheet, and a note's row between two rows
    ended the table there (six rows and the total lost); its "Recommendation:" line is the
    summary."""
    sheet = ("Cost item,Lease,Buy,Comment\nONE-OFF,,,\nDown payment,€0,\"€25,000\",\n"
             "RUNNING COSTS,,,\nMonthly payment,\"€2,050\",\"€1,640\",60 months\n"
             "\"Note: fuel and tolls are the same either way and left out.\",,,\n"
             "RISK,,,\nResidual value,n/a,\"-€38,000\",resale\n,,,\nTOTAL,\"€123,000\","
             "\"€102,550\",=SUM\n,,,\n\"Recommendation: lease the long-haul units; buy the yard "
             "trucks.\",,,\n")
    topic = parse_table_markdown(sheet_as_markdown(sheet))
    assert [r["feature"] for r in topic["rows"]] == ["Down payment", "Monthly payment",
                                                     "Residual value", "TOTAL"]
    assert topic["summary"] == ["Lease the long-haul units; buy the yard trucks."]
    assert any("Note: fuel and tolls" in note for note in topic[NOTES])  # said, not lost


def test_import_reads_a_school_districts_word_text_and_calc_sheet(tmp_path):
    """A school district's pages: a LibreOffice Calc CSV's empty first column refused the
    sheet ("column 2 of the header names no subject"); under a Word table's "Key points:",
    the "In short:" point is the summary and "It's like ..." the analogy (the tips beside
    them had become the summary, and the analogy was lost)."""
    sheet = imported_file(tmp_path, "sis.csv", (
        ";PowerSchool vs Google Classroom;;\n;;;\n;;PowerSchool;Google Classroom\n"
        ";Attendance;Take it here;Not used\n;Grades;Gradebook of record;Sync to PowerSchool\n"))
    assert [s["name"] for s in sheet["subjects"]] == ["PowerSchool", "Google Classroom"]
    assert [r["feature"] for r in sheet["rows"]] == ["Attendance", "Grades"]
    word = imported_file(tmp_path, "wifi.txt", (
        "Feature\tLVSD-Staff\tLVSD-Guest\nPassword\tNone: a certificate\tNo password\n"
        "Time limit\tNone\t8 hours\n\nKey points:\n\u2022\tIn short: Staff is trusted; Guest "
        "is internet only.\n\u2022\tIt's like the staff entrance vs the visitor entrance.\n"
        "\u2022\tNever share the guest splash page.\n\nQuestions: Tech Services, x4357\n"))
    assert word["summary"] == ["Staff is trusted; Guest is internet only."]
    assert word["analogy"] == "It's like the staff entrance vs the visitor entrance."
    hugo = parse_table_markdown("| | NHS | Private |\n|---|---|---|\n| Validity | 6 months<br>28 "
                                "days for CDs | 6 months<br>\"owing\" slips too |\n| Cost | "
                                "£9.90 | Full price |\n")  # a pharmacy chain's Hugo page
    assert hugo["rows"][0]["cells"] == ["6 months; 28 days for CDs",
                                        "6 months; \"owing\" slips too"]


def test_import_reads_a_slide_pasted_as_text(tmp_path):
    """A PowerPoint slide pasted into a text file (a nursing educator's): the subtitle
    under the slide's title titled the table, and its "Key points" bullets, a "Think of"
    among them, were noted as text in no answer."""
    page = ("Peripheral IV vs PICC Line\nNursing Orientation \u2013 Vascular Access\n\n"
            "\tPeripheral IV (PIV)\tPICC Line\nWho inserts\tAny RN\tVascular Access Team\n"
            "Dwell time\tUntil indicated\tWeeks to months\nFlushing\t10 mL NS\t10 mL NS, "
            "push-pause\n\nKey points\n\u2022\tPIV = short-term therapy\n\u2022\tPICC = "
            "long-term therapy\n\u2022\tThink of a PIV as a garden tap\n")
    topic = imported_file(tmp_path, "piv.txt", page)
    assert topic["title"] == "Peripheral IV vs PICC Line"
    assert topic["summary"] == ["PIV = short-term therapy", "PICC = long-term therapy"]
    assert topic["analogy"] == "Think of a PIV as a garden tap"


def test_import_reads_an_outlook_table_with_wrapped_lines_and_double_tabs(tmp_path):
    """An email's table saved as text from Outlook (a hospital HR reviewer's): a long line
    wrapped onto a line without a tab ended the table there (two rows lost, a cell cut
    mid-sentence), and a short label lined up with two tabs moved the Bank cell into the
    Agency column, so agency staff read that they join the NHS pension."""
    page = ("From: Dan\r\nSubject: bank vs agency\r\n\r\nHi all,\r\n\r\n"
            "\tBank\tAgency\r\n"
            "Pay\tBand rate, weekly\tAgency sets your rate; we pay the agency a capped\r\n"
            "rate plus commission\r\n"
            "Pension\t\tNHS Pension Scheme\tThe agency's own scheme\r\n"
            "Induction\tHalf a day online\tWard checklist only\r\n\r\nThanks,\r\nDan\r\n")
    topic = imported_file(tmp_path, "bank-vs-agency.txt", page)
    rows = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert list(rows) == ["Pay", "Pension", "Induction"]
    assert rows["Pay"][1] == ("Agency sets your rate; we pay the agency a capped rate plus "
                              "commission")
    assert rows["Pension"] == ["NHS Pension Scheme", "The agency's own scheme"]


def test_import_reads_word_bullets_nested_lists_and_a_cell_over_both_sides():
    """A Word page saved as HTML (a hospital HR reviewer's): Word's own bullets stayed as
    "·" in the text, a list under a lead-in read "triggers:; 3 episodes", and a cell merged
    over both sides (`colspan=2`) left the second side "—"."""
    mark = ("<span style='mso-list:Ignore'>&middot;<span style='font:7.0pt'>&nbsp;&nbsp;"
            "</span></span>")
    page = ("<html><body><table><tr><th>Topic</th><th>Annual leave</th><th>Sickness absence"
            "</th></tr><tr><td>How much</td><td>"
            f"<p class=MsoListParagraph>{mark}On appointment: 27 days</p>"
            f"<p class=MsoListParagraph>{mark}After 5 years: 29 days</p></td>"
            "<td>No allowance</td></tr><tr><td>Triggers</td><td>None</td><td>Policy triggers:"
            "<ul><li>3 episodes in 6 months, or</li><li>14 days in 12 months</li></ul></td>"
            "</tr><tr><td>Sick on holiday</td><td colspan=2>Report it on the first day; the "
            "leave is given back</td></tr></table></body></html>")
    rows = {r["feature"]: r["cells"] for r in parse_table_markdown(page)["rows"]}
    assert rows["How much"][0] == "On appointment: 27 days; After 5 years: 29 days"
    assert rows["Triggers"][1] == "Policy triggers: 3 episodes in 6 months, or 14 days in 12 months"
    assert rows["Sick on holiday"] == ["Report it on the first day; the leave is given back"] * 2
    filtered = page.replace(  # "Web Page, Filtered" (a city council's reviewer, forty-first
        "<span style='mso-list:Ignore'>", "<span style='font-family:Symbol'>")  # session)
    rows = {r["feature"]: r["cells"] for r in parse_table_markdown(filtered)["rows"]}
    assert rows["How much"][0] == "On appointment: 27 days; After 5 years: 29 days"
    symbol = page.replace("<span style='mso-list:Ignore'>",  # both: one item, one "; "
                          "<span style='font-family:Symbol'><span style='mso-list:Ignore'>")
    symbol = symbol.replace("</span></span>", "</span></span></span>")
    rows = {r["feature"]: r["cells"] for r in parse_table_markdown(symbol)["rows"]}
    assert rows["How much"][0] == "On appointment: 27 days; After 5 years: 29 days"


def test_import_reads_cells_spanning_rows_and_drops_a_blank_footer_row():
    """A research-computing reviewer's notebook table (fortieth session): a row name over two
    lines (`rowspan=2`) made its second line a row named "500k files", the /scratch value
    under /home. A logistics reviewer's SharePoint page ended in a row of `&#160;` cells:
    "a line without a row name is read as more of row 'Peak season'"."""
    page = ("<table><tr><th>Feature</th><th>/home</th><th>/scratch</th></tr>"
            "<tr><td rowspan='2'>Limits</td><td>50 GB</td><td>20 TB</td></tr>"
            "<tr><td>500k files</td><td>5M files</td></tr>"
            "<tr><td>Support</td><td rowspan=2>Email only</td><td>Phone</td></tr>"
            "<tr><td>Onboarding</td><td>A named engineer</td></tr>"
            "<tr><td>&#160;</td><td>&#160;</td><td>&#160;</td></tr></table>")
    parsed = parse_table_markdown(page)
    rows = {r["feature"]: r["cells"] for r in parsed["rows"]}
    assert rows == {"Limits": ["50 GB; 500k files", "20 TB; 5M files"],
                    "Support": ["Email only", "Phone"],
                    "Onboarding": ["Email only", "A named engineer"]}
    assert not [n for n in parsed.get("_notes", []) if "row name" in n]


def test_import_reads_a_logistics_teams_nutshell_analogy_row_and_bracketed_names():
    """A logistics reviewer's pages (fortieth session): SharePoint's "**In a nutshell:**"
    paragraph and a sheet's "Think of it like" row were lost ("no summary written yet",
    "There is no analogy ... yet"); "FIFO (First In, First Out)" beside "FEFO (First
    Expired, First Out)" got the alias "FIFO (First In, First"."""
    page = ("<h2>Picking: wave vs zone</h2><table><tr><th></th><th>Wave picking</th>"
            "<th>Zone picking</th></tr><tr><td>Grouped by</td><td>Time</td><td>Space</td>"
            "</tr></table><p><strong>In a nutshell:</strong> wave groups orders by time; zone "
            "splits the floor by space.</p>")
    assert parse_table_markdown(page)["summary"] == [
        "Wave groups orders by time; zone splits the floor by space."]
    sheet = parse_table_markdown(sheet_as_markdown(
        "Mode,LTL,FTL\nPricing,Per pallet,Per trailer\nTransit,3-5 days,1-2 days\n"
        "Think of it like,a city bus,a taxi of your own\n", ","))
    assert [r["feature"] for r in sheet["rows"]] == ["Pricing", "Transit"]
    assert "a city bus" in sheet["analogy"] and "a taxi of your own" in sheet["analogy"]
    from bot.proposals import subject_aliases

    pair = ["FIFO (First In, First Out)", "FEFO (First Expired, First Out)"]
    assert [subject_aliases(name, pair) for name in pair] == [["FIFO"], ["FEFO"]]


def test_import_reads_a_latex_tabular_with_its_caption_marks_and_prose():
    """A research-computing reviewer's lab handbook (fortieth session) is LaTeX: "no table
    found" about a file that plainly has one. Its caption titles the table, `\\texttt`
    is code (its "--exclusive" kept), a footnote is said in brackets, `$\\times$` and
    `\\,` print as they would, and "\\textbf{In short:}" under it is the summary."""
    page = (
        "% handbook ch. 3\n\\begin{table}[htbp]\n\\centering\n"
        "\\caption{Our nodes on \\textsc{Hopper}: login vs.\\ compute}\\label{tab:nodes}\n"
        "\\begin{tabular}{@{}p{3cm}p{5cm}p{5cm}@{}}\n\\toprule\n"
        "\\textbf{Aspect} & \\textbf{Login node} & \\textbf{Compute node} \\\\\n\\midrule\n"
        "Hardware & 2$\\times$ Xeon, 256\\,GB & 4$\\times$ A100 \\\\\n"
        "Limits & 4 cores \\& 16\\,GB\\footnote{Enforced by cgroups.} & "
        "\\texttt{--exclusive} if asked \\\\\n"
        "Cost & Free & \\$0.10 a core-hour \\\\\n\\bottomrule\n\\end{tabular}\n"
        "\\end{table}\n\n\\noindent\\textbf{In short:} log in there, run here.\n")
    parsed = parse_table_markdown(page, "nodes.tex")
    assert parsed["title"] == "Our nodes on Hopper: login vs. compute"
    assert [s["name"] for s in parsed["subjects"]] == ["Login node", "Compute node"]
    rows = {r["feature"]: r["cells"] for r in parsed["rows"]}
    assert rows == {"Hardware": ["2× Xeon, 256 GB", "4× A100"],
                    "Limits": ["4 cores & 16 GB (Enforced by cgroups.)", "`--exclusive` if asked"],
                    "Cost": ["Free", "$0.10 a core-hour"]}
    assert parsed["summary"] == ["Log in there, run here."]
    pasted = parse_table_markdown(page.split("\n\n")[0].replace("% handbook ch. 3", ""),
                                  "nodes.md")  # a tabular pasted into a markdown page
    assert [r["feature"] for r in pasted["rows"]] == ["Hardware", "Limits", "Cost"]


def test_import_names_paths_as_people_say_them_and_drops_a_headings_section_number():
    """A research-computing reviewer's notebook (fortieth session): subjects `/home/$USER`
    and `/scratch/$USER` got no alias, so "home vs scratch" went to another table, and the
    heading "2. Where do I put my data?" listed as "2. 2. Where do I put my data?"."""
    from bot.proposals import subject_aliases

    paths = ["/home/$USER", "/scratch/$USER"]
    assert [subject_aliases(p, paths) for p in paths] == [["home"], ["scratch"]]
    assert subject_aliases("TCP/IP", ["UDP"]) == []  # a slash in a name is no path
    parsed = parse_table_markdown("## 2. Where do I put my data?\n\n| | /home | /scratch |\n"
                                  "|---|---|---|\n| Quota | 50 GB | 20 TB |\n")
    assert parsed["title"] == "Where do I put my data?"
    versions = parse_table_markdown("## 2.0 vs 3.0\n\n| | 2.0 | 3.0 |\n|---|---|---|\n"
                                    "| Auth | Keys | OAuth |\n")
    assert versions["title"] == "2.0 vs 3.0"


def test_import_leaves_sharepoints_ribbon_and_menu_out_and_quotes_no_hidden_character(
        tmp_path):
    """A logistics reviewer's SharePoint page (fortieth session): the note on text above the
    table quoted the ribbon ("BrowsePage") and a zero-width space; a second table's cells ran
    together ("**Role****Name****Shift**")."""
    page = tmp_path / "picking.html"
    page.write_text(
        "<html><body><div id='s4-ribbonrow'><span>Browse</span><span>Page</span></div>"
        "<div id='sideNavBox'><ul><li><a href='/Home.aspx'>Home</a></li></ul></div>"
        "<p>\u200bWelcome to the picking page.</p><table><tr><th></th><th>Wave picking</th>"
        "<th>Zone picking</th></tr><tr><td>Grouped by</td><td>Time</td><td>Space</td></tr>"
        "</table><h3>Contacts</h3><table><tr><td><b>Role</b></td><td><b>Name</b></td></tr>"
        "<tr><td>Wave lead</td><td>Maria</td></tr></table></body></html>", "utf-8")
    notes = [line for line in import_table(page, None).splitlines() if "# note:" in line]
    above = next(n for n in notes if "above the table" in n)
    assert '("Welcome to the picking page.")' in above, above
    assert not any(word in " ".join(notes) for word in ("Browse", "Home", "\u200b", "****"))


def test_import_note_on_left_out_text_quotes_its_longest_line_not_the_byline(tmp_path):
    """A support team's help-centre article (forty-first session): the note quoted the
    author's name, the first of five lines left out, so nobody guessed that the intro saying
    which plans can buy Premium Support was lost."""
    page = tmp_path / "support.html"
    page.write_text(
        "<html><body><h1>Standard vs Premium Support</h1><p>Maya Okafor</p><p>Updated</p>"
        "<p>Teams on the Growth or Enterprise plan can add Premium Support at renewal.</p>"
        "<table><tr><th></th><th>Standard</th><th>Premium</th></tr>"
        "<tr><td>Hours</td><td>Mon-Fri</td><td>24/7</td></tr></table></body></html>", "utf-8")
    notes = [line for line in import_table(page, None).splitlines() if "# note:" in line]
    above = next(n for n in notes if "above the table" in n)
    assert '(3 lines, the longest "Teams on the Growth or Enterprise plan can add' in above


def test_import_reads_a_summary_and_analogy_folded_in_details_callouts_or_panels():
    """GitHub's <details><summary>, Obsidian's callouts and Jira's {panel:title=...} hold a
    page's TL;DR and analogy (a game studio's and a law firm's reviewers): the summary was
    "(click to expand)" or lost, the analogy "summary>Analogy</summary>" or "example]
    Analogy". Obsidian's wiki-links, highlights and comments were shown raw."""
    table = "| Topic | Billable | Non-billable |\n|---|---|---|\n"
    github = parse_table_markdown(
        "# Billable vs Non-billable\n\n<details>\n<summary><b>TL;DR</b> (click to expand)"
        "</summary>\n\n**Billable** time is charged to a client.\n\n</details>\n\n<details>"
        "<summary>Analogy</summary>\n\nBillable is **the taxi meter running**.\n</details>\n\n"
        + table + "| Entry | In [[3E cheat sheet\\|Elite 3E]] | ==Same== %% ask Finance %% |\n"
        "| Test | `[[ -f x ]]` | [[Pro bono]] |\n")
    assert github["summary"] == ["**Billable** time is charged to a client."]
    assert github["analogy"] == "Billable is **the taxi meter running**."
    assert github["rows"][0]["cells"] == ["In Elite 3E", "Same"]
    assert github["rows"][1]["cells"] == ["`[[ -f x ]]`", "Pro bono"]  # code stays code
    obsidian = parse_table_markdown(
        "---\ntags: [onboarding, time]\naliases: [Time cheat sheet]\ntitle: Time recording "
        "for new associates\n---\n\n#onboarding #time-entry\n\n"
        + table + "| Entry | 3E | 3E |\n| Units | Tenths | Tenths |\n\n> [!tip] TL;DR\n> If a "
        "client could be billed, it is billable.\n\n> [!example]- Analogy\n> The meter "
        "running; driving to the depot.\n\n> [!warning]\n> Never record time on a "
        "conflicted matter.\n")
    assert obsidian["summary"] == ["If a client could be billed, it is billable."]
    assert obsidian["analogy"] == "The meter running; driving to the depot."
    assert obsidian["title"] == "Time recording for new associates"  # the front matter's
    assert "tags" not in " ".join(obsidian[NOTES]) and "#onboarding" not in " ".join(
        obsidian[NOTES])  # neither it nor the tags are prose in no answer
    jira = parse_table_markdown(
        "h2. Hotfix vs release\n\n{panel:title=TL;DR|bgColor=#FFFFCE}\nA hotfix reaches "
        "players in minutes; a release takes days.\n{panel}\n\n||Aspect||Hotfix||Release||\n"
        "|Owner|[~oncall-lead]|Release manager|\n|Time|Minutes|Days|\n")
    assert jira["summary"] == ["A hotfix reaches players in minutes; a release takes days."]
    assert jira["rows"][0]["cells"][0] == "oncall-lead"  # a mention, never a ping
    hugo = parse_table_markdown(
        "{{< hint info >}}\nPrices from 2025.\n{{< /hint >}}\n\n" + table
        + "| Units | Tenths | Tenths |\n| Entry | 3E | 3E |\n\n{{< note title=\"TL;DR\" >}}\n"
        "Bill the client's time; record the rest.\n{{< /note >}}\n")
    assert hugo["summary"] == ["Bill the client's time; record the rest."]  # Hugo's shortcode


def test_import_reads_a_google_doc_saved_as_a_web_page():
    """A Google Doc downloaded as HTML (a law firm reviewer's): its empty corner cell's
    paragraph titled every answer "<br>: ...", its title paragraph was ignored, a footnote
    mark read "[[ (note)]]" and a comment's mark "[a]" stayed in a cell."""
    page = ('<html><body class="doc-content"><p class="c2 title"><span>Where do I save it? '
            'iManage vs SharePoint</span></p><table><tr><td><p><span>&nbsp;</span></p></td>'
            '<td><p>iManage Work (DMS)</p></td><td><p>SharePoint / Teams</p></td></tr><tr><td>'
            '<p>Client documents</p></td><td><p>Always</p></td><td><p>Never in a channel<sup><a '
            'href="#ftnt1" id="ftnt_ref1">[1]</a></sup>.</p></td></tr><tr><td><p>Sharing</p>'
            '</td><td><p>Secure link</p></td><td><p>Guests only<a href="#cmnt1" id="cmnt_ref1">'
            '[a]</a></p></td></tr></table><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a>'
            '<span>&nbsp;Except deal lists.</span></p></div></body></html>')
    topic = parse_table_markdown(page)
    assert topic["title"] == "Where do I save it? iManage vs SharePoint"
    cells = {row["feature"]: row["cells"] for row in topic["rows"]}
    assert cells["Client documents"][1] == "Never in a channel (Except deal lists.)."
    assert cells["Sharing"][1] == "Guests only"


def test_import_reads_org_restructuredtext_asciidoc_and_mediawiki_tables(tmp_path):
    """A docs site's comparisons (Sphinx, Antora), a wiki's and an Emacs user's were refused
    with "no table found"; a reStructuredText simple table imported its "=====" rules as
    subjects."""
    pages = {
        "tea.org": "#+TITLE: Tea vs Coffee at the Leeds office\n* Drinks\n"
                   "| Feature | Tea | Coffee |\n|---------+-----+--------|\n"
                   "| Caffeine | 40 mg | 95 mg |\n| Price | Cheap | Dearer |\n",
        "tea-grid.rst": "Tea vs Coffee at the Leeds office\n=================================\n\n"
                        "+----------+-----------+-----------+\n"
                        "| Feature  | Tea       | Coffee    |\n"
                        "+==========+===========+===========+\n"
                        "| Caffeine | 40 mg a   | 95 mg a   |\n"
                        "|          | cup       | cup       |\n"
                        "+----------+-----------+-----------+\n"
                        "| Price    | Cheap     | Dearer    |\n"
                        "+----------+-----------+-----------+\n",
        "tea-simple.rst": "Tea vs Coffee at the Leeds office\n=================================\n\n"
                          "========  ===========  ===========\nFeature   Tea          Coffee\n"
                          "========  ===========  ===========\nCaffeine  40 mg a cup  95 mg a cup\n"
                          "Price     Cheap        Dearer\n========  ===========  ===========\n",
        "tea.adoc": "= Tea vs Coffee at the Leeds office\n\n[cols=\"1,2,2\", options=\"header\"]\n"
                    "|===\n|Feature |Tea |Coffee\n\n|Caffeine\n|40 mg a cup\n|95 mg a cup\n\n"
                    "|Price |Cheap |Dearer\n|===\n",
        "tea.wiki": "== Tea vs Coffee at the Leeds office ==\n{| class=\"wikitable\"\n"
                    "! scope=\"col\" | Feature !! Tea !! Coffee\n|-\n| Caffeine\n"
                    "| 40 mg a<br />cup\n| 95 mg a\ncup\n|-\n| Price || Cheap || Dearer\n|}\n"}
    for name, page in pages.items():
        topic = imported_file(tmp_path, name, page)
        assert [s["name"] for s in topic["subjects"]] == ["Tea", "Coffee"], name
        assert [r["feature"] for r in topic["rows"]] == ["Caffeine", "Price"], name
        assert topic["rows"][0]["cells"][0].startswith("40 mg"), name
        assert topic["title"] == "Tea vs Coffee at the Leeds office", name
    assert parse_table_markdown("Pricing for the office\n---\n\n" + pages["tea.org"].split(
        "* Drinks\n")[1])["title"] == "Pricing for the office"  # markdown's underlined heading


def test_import_reads_sphinx_and_antora_pages_as_their_writers_mean(tmp_path):
    """A fintech's docs pages (a developer-experience reviewer's): AsciiDoc's "a|" cells
    scrambled two rows into one, its "TIP: *In short:*" summary and a Sphinx list-table
    were not read, and ``literals``, "**TL;DR** --" and xref: links reached the answers."""
    auth = imported_file(tmp_path, "auth.adoc",
        "= Authorization vs Capture\n:keywords: auth, capture\n\ntoc::[]\n\n"
        "TIP: *In short:* authorization reserves the money; capture moves it.\n\n"
        "An analogy: a hotel's hold at check-in; the bill at check-out.\n\n"
        "[cols=\"1h,2a,2a\",options=\"header\"]\n|===\n|Step |Authorization |Capture\n\n"
        "|Can fail because\na|\n* Insufficient funds\n* `05 Do not honour`\na|\n"
        "* Auth expired\n\n|Ledger |A hold, see xref:ledger:holds.adoc[holds] |Debit "
        "(see xref:ledger:accounts.adoc[])\n|===\n")
    rows = {r["feature"]: r["cells"] for r in auth["rows"]}
    assert rows["Can fail because"] == ["Insufficient funds; `05 Do not honour`",
                                        "Auth expired"]
    assert rows["Ledger"] == ["A hold, see holds", "Debit (see accounts)"]
    assert auth["summary"] == ["Authorization reserves the money; capture moves it."]
    assert auth["analogy"] == "A hotel's hold at check-in; the bill at check-out."
    brokers = imported_file(tmp_path, "brokers.rst",
        "Kafka vs RabbitMQ\n=================\n\n:Owner: Platform\n\n.. note::\n\n"
        "   **TL;DR** -- Kafka is a *log* to re-read; RabbitMQ a queue.\n\n"
        ".. list-table::\n   :header-rows: 1\n\n   * - Aspect\n     - Kafka\n     - RabbitMQ\n"
        "   * - Replay\n     - Yes, reset ``offsets``\n     - No\n   * - Routing\n"
        "     - By :ref:`partition key <keys>`\n     - Exchanges\n")
    assert [r["cells"] for r in brokers["rows"]] == [["Yes, reset `offsets`", "No"],
                                                     ["By partition key", "Exchanges"]]
    assert brokers["summary"] == ["Kafka is a _log_ to re-read; RabbitMQ a queue."]


def test_import_reads_a_notebook_and_an_email_with_html_in_them(tmp_path):
    """A Jupyter notebook exported as markdown (a finance team's): a DataFrame's HTML output
    under the table refused the page ("2 cells, but the header has 3"), and `<b>`, `&nbsp;`,
    `<ul><li>` and `<sup>1</sup>` reached the subjects and answers. An Outlook email with an
    Excel range (a university IT desk's): its title merged over the range refused the page,
    and its "X is your **desk drawer**" analogy was missed."""
    notebook = imported_file(tmp_path, "match.md", (
        "## 2-way vs 3-way match\n\n|  | <b>2-way match</b> | <b>3-way match</b> |\n"
        "|:--|:--|:--|\n| **Compared** | PO&nbsp;&harr;&nbsp;invoice | PO, receipt, invoice |\n"
        "| **Used for** | services:<br>\u2022 freight<br>\u2022 rent | depot goods:<ul><li>tyres"
        "</li><li>pallets</li></ul> |\n| **Tolerance** | <code>2 %</code> | same <sup>1</sup> |\n\n"
        "<sup>1</sup> Tolerance key PP, owned by Procurement.\n\n<div><table class=\"dataframe\">"
        "<tr><th></th><th>Invoices</th></tr><tr><th>R</th><td>12</td></tr></table></div>\n"))
    assert [s["name"] for s in notebook["subjects"]] == ["2-way match", "3-way match"]
    rows = {r["feature"]: r["cells"] for r in notebook["rows"]}
    assert rows["Compared"][0] == "PO \u2194 invoice"
    assert rows["Used for"] == ["services: freight; rent", "depot goods: tyres; pallets"]
    assert rows["Tolerance"] == ["`2 %`", "same (Tolerance key PP, owned by Procurement.)"]
    email = imported_file(tmp_path, "save.html", (
        "<html><body><p>Hi all,</p><table><tr><td colspan=3><b>Where should I save my files? "
        "(ITS, Sept 2024)</b></td></tr><tr><td>&nbsp;</td><td>OneDrive</td><td>Teams</td></tr>"
        "<tr><td>For</td><td>Your drafts</td><td>Team files</td></tr><tr><td>Size</td>"
        "<td>1 TB</td><td>25 TB</td></tr></table><p>The way I explain it: OneDrive is your "
        "<b>desk drawer</b>, Teams is the department's <b>filing cabinet</b>.</p></body></html>"))
    assert [s["name"] for s in email["subjects"]] == ["OneDrive", "Teams"]
    assert email["title"] == "Where should I save my files?"
    assert "**desk drawer**" in email["analogy"]


def test_import_reads_a_confluence_or_jira_wiki_table():
    """Wiki markup pasted from Jira or a Confluence page's source (a data-platform
    reviewer's, thirty-sixth session) failed with "no markdown table found"; converted by
    hand, a link's "|" split its cell and `*Model*`, `{{code}}`, `\\\\` and `(x)` stayed raw."""
    page = ("h1. Event streaming: Kafka vs Pub/Sub\n\n{info:title=Owner}Streaming squad{info}\n"
            "{toc}\n\n|| Aspect || Apache Kafka || Google Cloud Pub/Sub ||\n"
            "| *Model* | Commit log, see [docs|https://kafka.apache.org/intro] | Queue (x) |\n"
            "| *Ordering* | Per partition, key on {{customer_id}} | Ordering keys \\\\ lower "
            "throughput (/) |\n| *Cost* | $4.8k a month | $40 a TiB |\n\nh2. Summary\n"
            "* *Kafka*: a log you run\n* *Pub/Sub*: a managed queue\n")
    topic = parse_table_markdown(page)
    assert [s["name"] for s in topic["subjects"]] == ["Apache Kafka", "Google Cloud Pub/Sub"]
    assert [r["feature"] for r in topic["rows"]] == ["Model", "Ordering", "Cost"]
    model, ordering = topic["rows"][0]["cells"], topic["rows"][1]["cells"]
    assert "[docs](https://kafka.apache.org/intro)" in model[0] and model[1] == "Queue ❌"
    assert "`customer_id`" in ordering[0] and "{{" not in ordering[0]
    assert "\\\\" not in ordering[1] and ordering[1].endswith("✅")
    assert len(topic["summary"]) == 2 and "Kafka" in topic["summary"][0]
    from bot.proposals import subject_aliases  # people call them Kafka and Pub/Sub
    assert subject_aliases("Google Cloud Pub/Sub", ["Apache Kafka"]) == ["Pub/Sub"]
    assert "Kafka" in subject_aliases("Apache Kafka", ["Google Cloud Pub/Sub"])
    # Docker makes products too: "compose" and "swarm" are what people call them (the
    # shipped table took "compose vs k8s" questions beside a Compose table proposing "DC")
    assert subject_aliases("Docker Compose", ["Kubernetes"]) == ["Compose"]


def test_import_resolves_a_readmes_reference_links_and_titles_a_sheet_by_its_file(tmp_path):
    """A GitHub README's `[astro dev start][astro]` stayed raw in answers, its address lost
    (a data-platform reviewer's); a sheet with no heading was titled "Leeds (Head Office) vs
    Manchester vs Bristol", which nobody calls "the offices" (a facilities reviewer's,
    thirty-sixth session): its file's name, our-three-offices.csv, says what people call it."""
    readme = parse_table_markdown(
        "# Orchestrators\n\n| Feature | Airflow | Dagster |\n|---|---|---|\n"
        "| Local dev | [`astro dev start`][astro] | `dagster dev` |\n| Tests | Slow | Fast |\n"
        "\n[astro]: https://docs.astronomer.io/astro/cli\n")
    assert readme["rows"][0]["cells"][0] == (
        "[`astro dev start`](https://docs.astronomer.io/astro/cli)")
    sheet = tmp_path / "our-three-offices.csv"
    sheet.write_text(",Leeds,Manchester,Bristol\nAddress,1 Park Row,2 King St,3 Quay St\n"
                     "Parking,10 spaces,None,5 spaces\nPrinters,2,1,1\nKitchen,Yes,Yes,No\n",
                     "utf-8")
    offices = yaml.safe_load(import_table(sheet, None))
    assert offices["title"] == "Our three offices: Leeds vs Manchester vs Bristol"
    export = tmp_path / "export (3).csv"
    export.write_text(sheet.read_text("utf-8"), "utf-8")  # a name that says nothing
    assert yaml.safe_load(import_table(export, None))["title"] == "Leeds vs Manchester vs Bristol"


def test_import_reads_compliance_and_sales_pages_as_their_writers_mean():
    """Two more maintainers' pages (thirty-fifth session): a sheet's "Notes" column is no
    third subject, and a cell split by a stray delimiter keeps its spilled text; a pricing
    page's footnote marks glued to the price ("month¹") or written as markdown's "[^1]"
    bring their notes; "Type I" beside "Type II" is also typed "Type 1"; Confluence's
    two-row header (a subject over its own columns) reads as one subject a column, its
    columns named in the cell, and its "<sup>1</sup>" marks find their notes."""
    sheet = parse_table_markdown(sheet_as_markdown(
        "Area;Okta;Entra ID;Notes\nSSO;SAML and OIDC;SAML and OIDC;both fine\n"
        "MFA;Verify app;Authenticator;decided by IT; 2024-06\nPrice;$6;$6;list\n", ";"))
    assert [s["name"] for s in sheet["subjects"]] == ["Okta", "Entra ID"]
    assert any("column 'Notes' is read as notes" in note for note in sheet[NOTES])
    assert sheet["rows"][0] == {"feature": "SSO", "cells": ["SAML and OIDC"] * 2,
                                "note": "both fine"}  # once, not under each side
    plan = parse_table_markdown("| Feature | Starter | Business |\n|---|---|---|\n"
                                "| Price | $12 /user/month\u00b9 | $29 /user/month[^1] |\n"
                                "| Storage | 50 GB | 1 TB |\n\n\u00b9 Billed annually.\n"
                                "[^1]: Billed annually.\n")
    assert plan["rows"][0]["cells"] == ["$12 /user/month (Billed annually.)",
                                        "$29 /user/month (Billed annually.)"]
    soc2 = parse_table_markdown(
        "<table><tr><th rowspan='2'>Aspect</th><th colspan='2'>SOC 2 Type I</th>"
        "<th colspan='2'>SOC 2 Type II</th></tr><tr><th>Auditor</th><th>Us</th><th>Auditor"
        "</th><th>Us</th></tr><tr><td>Window</td><td><p>One date<sup>1</sup></p></td>"
        "<td><p>&nbsp;</p></td><td>3-12 months</td><td>Oct-Sep</td></tr>"
        "<tr><td>Cost</td><td>$20k</td><td>-</td><td>$40k</td><td>-</td></tr></table>"
        "<p><sup>1</sup> The specified date.</p>")
    assert [s["name"] for s in soc2["subjects"]] == ["SOC 2 Type I", "SOC 2 Type II"]
    assert soc2["rows"][0]["cells"] == ["Auditor: One date (The specified date.)",
                                        "Auditor: 3-12 months; Us: Oct-Sep"]
    from bot.proposals import subject_aliases

    assert subject_aliases("SOC 2 Type II", ["SOC 2 Type I", "SOC 2 Type II"]) == [
        "SOC 2 Type 2", "Type 2"]


def test_a_spreadsheet_cell_split_by_a_stray_delimiter_keeps_its_text():
    markdown = sheet_as_markdown("Area;A;B\nMFA;app;token;decided 2024-06\nCost;1;2\n", ";")
    assert "| MFA | app | token; decided 2024-06 |" in markdown


def test_import_keeps_price_ranges_and_reads_google_docs_and_slack_pastes():
    """Two more maintainers (thirty-seventh session). "£0.60–£1.40" came out "£0.60У1.40":
    the dash and pound sign, read back as UTF-8, made a Cyrillic letter; Google Docs'
    markdown export kept its escapes in answers ("\\~£1.20 \\- brand"); a Slack paste's
    code fence, reactions and "12 replies" joined the tl;dr and the analogy; a sheet's
    "Rev C | maintained by" line and a "(do not edit, ask Tom)" remark became titles."""
    assert repair_mojibake("£0.60–£1.40 and x—£y") == "£0.60–£1.40 and x—£y"
    assert repair_mojibake("itâ€™s a cafÃ©") == "it’s a café"  # (the second had lost its
    # accent to a Mac Roman reading, the first went unrepaired)
    docs = parse_table_markdown(
        "## **🆚 Google vs Meta**\n\n| Feature | Google Ads | Meta Ads |\n| :---- | :---- |"
        " :---- |\n| CPC | \\~£1.20 \\- brand<br>\\~£2.50 \\- non-brand | \\~£0.60 |\n"
        "| Owner | Aisha \\+ Ben | A \\| B |\n\n"
        "**TL;DR:** Google catches demand\\; Meta creates it.\n")
    assert docs["rows"][0]["cells"] == ["~£1.20 - brand; ~£2.50 - non-brand", "~£0.60"]
    assert docs["rows"][1]["cells"] == ["Aisha + Ben", "A | B"]
    assert docs["summary"] == ["Google catches demand; Meta creates it."]
    code = parse_table_markdown("| | NFS | SMB |\n|---|---|---|\n| Path | `/srv` \\* | "
                                "`\\\\server\\share` |\n| Port | 2049 | 445 |\n")
    assert code["rows"][0]["cells"] == ["`/srv` *", "`\\\\server\\share`"]  # code's own
    slack = parse_table_markdown(
        "Ravi Kumar  3:14 PM\nhey all, quick comparison\n```\n| Thing | ICT | Flying probe |\n"
        "|---|---|---|\n| Fixture | custom, $8k | none |\n| Speed | 30 s | 5 min |\n"
        "| Cost | cents | $$ |\n```\ntl;dr ICT = fast, flying probe = no fixture\n"
        "think of ICT like a *stamping press* and flying probe like a *CNC mill*\n"
        ":+1: 6  :pray: 2\n12 replies\n", "slack-ict-vs-flying-probe.txt")
    assert slack["title"] == "ICT vs Flying probe"  # not "Slack ict vs flying probe: ..."
    assert slack["summary"] == ["ICT = fast, flying probe = no fixture"]
    assert slack["analogy"].endswith("*CNC mill*")
    sheet = parse_table_markdown(sheet_as_markdown(
        "PCB surface finish comparison - ENIG vs HASL,,\nRev C  |  maintained by NPI,,\n"
        ",ENIG,HASL\nFlatness,Flat,Uneven\nCost,Higher,Lower\nShelf life,12 months,6 months\n"
        ",,\nBottom line,ENIG = flat,HASL = cheap\n", ","))
    assert sheet["title"] == "PCB surface finish comparison - ENIG vs HASL"
    assert sheet["summary"] == ["ENIG = flat", "HASL = cheap"]
    noted = parse_table_markdown(sheet_as_markdown(
        "Parameter,ENIG,HASL,Notes,\nFlatness,Flat,Uneven,,\nCost,Higher,Lower,,\n"
        "Shelf life,12 months,6 months,,\n,,,,\nBottom line,ENIG = flat,HASL = cheap,,\n", ","))
    assert noted["summary"] == ["ENIG = flat", "HASL = cheap"]  # under the table: not run
    # together as "ENIG = flat HASL = cheap", nor "The AKE is a box.; The PMC is ..."
    assert any(n.startswith('titled "PCB surface finish comparison') for n in sheet[NOTES])
    remark = parse_table_markdown("# Email platform comparison (ECOM OPS - do not edit, ask "
                                  "Tom)\n\n| | Klaviyo | Mailchimp |\n|---|---|---|\n"
                                  "| Price | $$ | $ |\n| Flows | Many | Few |\n")
    assert remark["title"] == "Email platform comparison"


def test_a_rows_note_is_read_and_shown_once_in_the_terminal(tmp_path):
    """A row's `note` (a sheet's Notes column) loads and shows once, under both sides."""
    from bot.matcher import Matcher
    from bot.render.text import render

    directory = write_kb(tmp_path, GOOD + "    note: chosen by the platform team in 2024\n",
                         "vm.yaml")
    kb = load_knowledge(directory)
    assert kb.topics[0].row("Isolation").note == "chosen by the platform team in 2024"
    answer = Matcher(kb).match("isolation?")
    shown = render(answer, kb, 80)
    assert shown.count("Note: chosen by the platform team in 2024") == 1
    assert Matcher(kb).match("who chose the isolation").features == ["Isolation"]


def test_import_reads_notion_status_struck_rows_email_pastes_and_sharepoint_titles():
    """Two more maintainers (thirty-seventh session): a Notion table's "Status" column was a
    third subject and its struck-through, deprecated row a live answer; an email's sentence
    above a pasted table became its title ("As promised, here's ... Feel free to reuse."), and
    SharePoint's "Title" header the title's label; a summary row written in one cell said
    "Permanent contract: Permanent = ..." and that the other side "has nothing"."""
    notion = parse_table_markdown(
        "| Topic | Login node | Compute node | Status |\n|---|---|---|---|\n"
        "| Purpose | Edit and submit | Run jobs | ✅ Current |\n"
        "| ~~Jupyter~~ | ~~Run notebooks here~~ | ~~Use OnDemand~~ | ❌ Deprecated |\n"
        "| Limits | ~~30 min~~ 20 min CPU | Your allocation | |\n")
    assert [s["name"] for s in notion["subjects"]] == ["Login node", "Compute node"]
    assert [r["feature"] for r in notion["rows"]] == ["Purpose", "Limits"]
    assert notion["rows"][1]["cells"][0] == "20 min CPU"  # what is struck is no longer said
    assert "row 'Jupyter' is struck through on the page: left out" in notion[NOTES]
    email = parse_table_markdown(sheet_as_markdown(
        "From: Okafor, Daniel\nSubject: RE: bank vs agency\n\nHi all,\n\nAs promised, here's "
        "the comparison we use. Feel free to reuse.\n\n\tBank\tAgency\nEmployer\tUs\tThe agency\n"
        "Pay\tWeekly\tVia the agency\nPension\tNHS\tThe agency's\n", "\t"),
        "bank-vs-agency-email.txt")
    assert email["title"] == "Bank vs Agency"
    sharepoint = parse_table_markdown(sheet_as_markdown(
        '"Title","Permanent contract","Fixed-term contract"\n"End date","None","Stated"\n'
        '"Notice","4 weeks","4 weeks"\n"Probation","6 months","6 months"\n'
        '"Summary","Permanent = no end date; fixed-term = an end date.",""\n', ","))
    assert sharepoint["title"] == "Permanent contract vs Fixed-term contract"
    assert sharepoint["summary"] == ["Permanent = no end date; fixed-term = an end date."]
    assert not any("has nothing" in n for n in sharepoint[NOTES])


def test_import_reads_airtable_coda_and_slides_pages_as_their_teams_mean(tmp_path):
    """An HR team's and a restaurant group's tables (thirty-ninth session): an Airtable
    export's "Notes (internal)" and "Policy owner" columns were subjects, so every answer
    showed "keep wording neutral!!"; a Coda page was titled by its "Side-by-side" section and
    lost the line break after "**$0**"; a Google Slides cell's line break made a row of its
    second line, putting the other supplier's "No minimum" under the first, and the names
    the summary calls the suppliers by were not proposed."""
    grid = imported_file(tmp_path, "401k-vs-roth-401k - Grid view.csv",
        "Name,Traditional 401(k),Roth 401(k),Policy owner,Notes (internal),Last modified\n"
        "Tax now,Pre-tax,After-tax,Priya,keep wording neutral!!,3/2/2025\n"
        "Tax later,Taxed,Tax-free,Priya,,3/2/2025\nLoans,Yes,Yes,Sam,,3/2/2025\n"
        "Match,4%,4%,Sam,People ALWAYS ask this,3/2/2025\n")
    assert [s["name"] for s in grid["subjects"]] == ["Traditional 401(k)", "Roth 401(k)"]
    assert grid["title"] == "Traditional 401(k) vs Roth 401(k)"
    assert "neutral" not in yaml.safe_dump(grid) and "ALWAYS" not in yaml.safe_dump(grid)
    assert grid["rows"][0]["note"] == "Policy owner: Priya"
    plans = imported_file(tmp_path, "plans.md",
        "# Health plans: PPO vs HDHP\n\n## Side-by-side\n\n"
        "| | Blue PPO 500 | Blue HDHP 2000 + HSA |\n|---|---|---|\n"
        "| Premium | $142 | Employee: **$0**<br>Family: $287 |\n"
        "| HSA (Health Savings Account) | Not eligible | $750 a year |\n")
    assert plans["title"] == "Health plans: PPO vs HDHP"
    assert plans["rows"][0]["cells"][1] == "Employee: **$0**; Family: $287"
    aliases = [a for s in plans["subjects"] for a in s.get("aliases", [])]
    assert "PPO" in aliases and "HDHP" in aliases and "HSA" not in aliases  # HSA: a row
    slides = imported_file(tmp_path, "produce-suppliers-greenleaf-vs-metro.txt",
        "\tGreenleaf Farms Co-op\tMetro Fresh Distributors\nDelivery days\tTue / Thu\tDaily\n"
        "Minimum order\t$250 per drop\n$35 fee under that\tNo minimum\nPayment\tNet 15\tNet 30\n"
        "\nTL;DR: Greenleaf = fresher and local; Metro = cheaper, every day.\n")
    assert {r["feature"]: r["cells"] for r in slides["rows"]}["Minimum order"] == [
        "$250 per drop; $35 fee under that", "No minimum"]
    assert len(slides["rows"]) == 3
    assert slides["title"] == "Produce suppliers Greenleaf vs Metro"
    assert [s.get("aliases", [])[-1:] for s in slides["subjects"]] == [["Greenleaf"], ["Metro"]]


def test_import_reads_gitlab_mkdocs_and_confluence_pages_as_their_writers_mean(tmp_path):
    """A cloud platform team's pages (thirty-ninth session): GitLab's ":bulb: **TL;DR:**" and
    MkDocs' '!!! tip "TL;DR"' summaries were lost and their analogies kept "thinking:" or
    'example "Analogy"'; "~~Berglas~~ (deprecated)" said the current tool was deprecated; a
    Confluence export's footer closed the summary and its space's name led the title."""
    gitlab = imported_file(tmp_path, "eks.md",
        "[[_TOC_]]\n\n| | EKS | GKE |\n|---|---|---|\n| Secrets | IRSA | Secret Manager; "
        "~~Berglas~~ (deprecated) |\n| Price | ~~$0.20~~ $0.10 an hour | $0.10 an hour |\n\n"
        ":bulb: **TL;DR:** EKS has more knobs.\n\n:thinking: **Analogy:** a manual car.\n")
    assert gitlab["rows"][0]["cells"][1] == "Secret Manager; Berglas (deprecated)"
    assert gitlab["rows"][1]["cells"][0] == "$0.10 an hour"
    assert gitlab["summary"] == ["EKS has more knobs."]
    assert gitlab["analogy"] == "A manual car."
    assert not any("no answer" in note for note in gitlab.get(NOTES, []))  # [[_TOC_]]
    mkdocs = imported_file(tmp_path, "iac.md",
        "| | Terraform | Pulumi |\n|---|---|---|\n| Language | HCL | TypeScript |\n\n"
        '!!! tip "TL;DR"\n    Terraform for shared infrastructure;\n    Pulumi beside the code.'
        '\n\n??? example "Analogy"\n    A recipe card against cooking by program.\n')
    assert mkdocs["summary"] == ["Terraform for shared infrastructure; Pulumi beside the code."]
    assert mkdocs["analogy"] == "A recipe card against cooking by program."
    confluence = imported_file(tmp_path, "envs.html",
        "<html><head><title>Platform : Staging vs Production</title></head><body>"
        '<div id="breadcrumb-section"><ol><li><a href="index.html">Platform</a></li></ol></div>'
        '<h1 id="title-heading"><span id="title-text">Platform : Staging vs Production</span>'
        "</h1><table><tr><th></th><th>Staging</th><th>Production</th></tr>"
        "<tr><td>Data</td><td>Fake</td><td>Real</td></tr></table>"
        "<p><strong>TL;DR:</strong> break things in staging.</p>"
        '<div id="footer" role="contentinfo"><p>Document generated by Confluence on Mar 04, '
        '2024 14:12</p><div id="footer-logo"><a href="http://www.atlassian.com/">Atlassian</a>'
        "</div></div></body></html>")
    assert confluence["title"] == "Staging vs Production"
    assert confluence["summary"] == ["Break things in staging."]


def test_import_keeps_a_cells_second_paragraph_and_no_label_as_the_title(tmp_path):
    """A bank's Outlook email pasted into a text file (forty-second session): a cell's second
    paragraph on its own line was dropped without a word, and the "Classification:
    Internal" label titled every answer; a sheet's "Last checked" line titled another
    team's table, and a "Key message:" line under a register was no summary."""
    email = _imported(tmp_path / "gifts.txt", (
        "Classification: Internal\r\nFrom: Compliance Training\r\nSubject: Gifts vs "
        "Hospitality\r\n\r\nHi all,\r\n\r\n\tGifts\tHospitality\t\r\n"
        "Limit\tUp to £50 per gift.\tUp to £150 per head per event.\t\r\n"
        "Approval\tLine manager approval before accepting anything over £50.\t"
        "Line manager approval before the event if over £150.\r\n"
        "Compliance approval as well if over £500 or if it includes travel.\t\r\n"
        "Register\tLog every gift within 5 working days.\tLog every event within 5 "
        "working days.\t\r\n\r\nKey message: gifts are things you keep; hospitality is "
        "an event you attend.\r\n"))
    approval = {row["feature"]: row["cells"] for row in email["rows"]}["Approval"]
    assert approval[1] == ("Line manager approval before the event if over £150. Compliance "
                           "approval as well if over £500 or if it includes travel.")
    assert email["title"] == "Gifts vs Hospitality"
    assert email["summary"] == ["Gifts are things you keep; hospitality is an event you attend."]
    sheet = _imported(tmp_path / "envs.csv", (
        "Last checked,2026-02-03,,\n,,,\nEnvironment,Conda,venv,Apptainer\n"
        "Setup time,Minutes,Seconds,An hour\nGPU,Built in,By hand,From the image\n"
        "Sharing,An environment file,requirements.txt,One .sif file\n"))
    assert sheet["title"] == "Environment: Conda vs venv vs Apptainer"


def test_import_proposes_the_short_names_a_title_compares_the_subjects_by(tmp_path):
    """A research group's reviewer (forty-second session): "Apptainer container" was met by
    the shipped table's "container", and "venv", "AWS" were not proposed, though the page's
    heading called the subjects so. An everyday word ("ACCESS") is not proposed."""
    envs = _imported(tmp_path / "envs.md", (
        "## Python on the cluster: Conda vs venv vs Apptainer\n\n"
        "| | Conda (Miniforge) | Python venv + pip | Apptainer container |\n|---|---|---|---|\n"
        "| Setup time | Minutes | Seconds | An hour |\n| GPU | Built in | By hand | Image |\n"))
    aliases = {s["name"]: s.get("aliases", []) for s in envs["subjects"]}
    assert "venv" in aliases["Python venv + pip"]
    assert "Apptainer" in aliases["Apptainer container"]
    gpus = _imported(tmp_path / "gpus.md", (
        "## GPU options: Lakeshore vs ACCESS vs AWS\n\n"
        "| | Lakeshore GPU partition | NSF ACCESS allocation | AWS on-demand |\n"
        "|---|---|---|---|\n| Cost | $0.45 | $0 | $4.10 |\n"
        "| Longest job | 7 days | 48 h | None |\n"))
    aliases = {s["name"]: s.get("aliases", []) for s in gpus["subjects"]}
    assert "AWS" in aliases["AWS on-demand"] and "ACCESS" not in aliases["NSF ACCESS allocation"]


def test_import_reads_a_register_by_its_names_not_its_codes_or_record_columns(tmp_path):
    """A bank's control register (forty-second session): its "Ref" codes named the rows
    ("Did you mean 1. LOD-07 2. LOD-02?"), "Control owner" and "Last tested" were two more
    subjects in every answer, and its banner title shouted."""
    register = _imported(tmp_path / "register.csv", (
        "CONTROL REGISTER – THREE LINES OF DEFENCE,,,,,\n,,,,,\n"
        "Ref,Control area,1st line,2nd line,Control owner,Last tested\n"
        "LOD-01,Who,Business teams,Compliance,A. Shah,2025-01-20\n"
        "LOD-02,Primary role,Own the risk,Set the rules,B. Lee,2025-02-11\n"
        "LOD-03,Training,Annual e-learning,Specialist courses,C. Diaz,2025-03-02\n"))
    assert register["title"] == "Control Register – Three Lines of Defence"
    assert [s["name"] for s in register["subjects"]] == ["1st line", "2nd line"]
    assert [row["feature"] for row in register["rows"]] == ["Who", "Primary role", "Training"]
    assert register["rows"][0]["note"] == "Control owner: A. Shah"


def test_import_reads_a_sheet_of_a_subject_a_line_with_its_summary_under_it(tmp_path):
    """A pharmacy's sheet (forty-second session), one fluid a line, with "In short:" and
    "Think of it like" under them: the two extra lines made it read sideways, ten features
    as subjects. Its "Also called" row gives each subject's other names."""
    fluids = _imported(tmp_path / "fluids.csv", (
        "Fluid,Also called,Tonicity,Sodium,Potassium,Main uses,Cautions\n"
        "0.9% Sodium Chloride,Normal saline; NS,Isotonic,154 mmol/L,0,Resuscitation,"
        "Acidosis in large volumes\n"
        "Lactated Ringer's,Hartmann's; LR,Isotonic,130 mmol/L,4,Surgery and trauma,"
        "Contains calcium\n"
        "D5W,Dextrose 5%,Hypotonic once used,0 mmol/L,0,Diluent,Never for resuscitation\n"
        "In short:,\"Saline for blood, Hartmann's for surgery, D5W to dilute drugs.\"\n"
        "Think of it like,\"Saline is tap water, Hartmann's a sports drink.\"\n"))
    assert [s["name"] for s in fluids["subjects"]] == ["0.9% Sodium Chloride",
                                                       "Lactated Ringer's", "D5W"]
    assert fluids["summary"] == ["Saline for blood, Hartmann's for surgery, D5W to dilute drugs."]
    assert fluids["analogy"].startswith("Saline is tap water")
    aliases = {s["name"]: s.get("aliases", []) for s in fluids["subjects"]}
    assert {"Normal saline", "NS"} <= set(aliases["0.9% Sodium Chloride"])
    assert "Hartmann's" in aliases["Lactated Ringer's"]


def test_import_leaves_a_lists_own_columns_out_of_a_subject_a_line(tmp_path):
    """A plant's SharePoint list, an audit type a line (forty-second session): its "Notes
    (internal)", "Modified", "Item Type" and "Path" columns became rows, "Auditor is
    vegetarian" an answer; they are left out as when the subjects are columns."""
    audits = _imported(tmp_path / "audits.csv", (
        "Title,Who audits,Who is audited,How often,Notice given,Report goes to,"
        "Notes (internal),Modified,Item Type,Path\n"
        "Internal audit,Our auditors,Our processes,Yearly,2 weeks,Plant manager,"
        "Auditor is vegetarian,2025-01-02,Item,sites/qa/Lists/Audits\n"
        "Supplier audit,Our auditors,A supplier,Every 2 years,4 weeks,Purchasing,"
        "Book the hotel early,2025-01-03,Item,sites/qa/Lists/Audits\n"
        "Certification audit,The registrar,The whole plant,Yearly,6 weeks,Management,"
        "Parking in bay 4,2025-01-04,Item,sites/qa/Lists/Audits\n"))
    assert [row["feature"] for row in audits["rows"]] == [
        "Who audits", "Who is audited", "How often", "Notice given", "Report goes to"]
    assert "vegetarian" not in str(audits)


def test_import_names_a_help_desks_macros_by_their_titles_not_their_ids(tmp_path):
    """A support team's Zendesk macro export, a macro a line (forty-second session): the IDs
    were the subjects ("ID: 360051234511 vs 360051234512 vs ...") and the titles a row."""
    macros = _imported(tmp_path / "macros.csv", (
        '"ID","Title","Active","Description","Actions: Group","Actions: Status",'
        '"Actions: Priority","Actions: Add tags","Created at"\n'
        '"360051234511","Lost card - freeze","true","Freeze, do not cancel.","Tier 1",'
        '"pending","normal","card_lost","2024-01-02"\n'
        '"360051234512","Stolen card - cancel","true","Cancel and reissue.","Tier 1",'
        '"solved","high","card_stolen","2024-01-03"\n'
        '"360051234513","Unrecognised payment","true","Open a fraud case.","Fraud",'
        '"open","urgent","fraud","2024-01-04"\n'))
    assert [s["name"] for s in macros["subjects"]] == [
        "Lost card - freeze", "Stolen card - cancel", "Unrecognised payment"]


def test_import_reads_a_sheet_laid_out_by_excels_subtotals(tmp_path):
    """A nursing team's hours sheet (forty-second session) as Excel's Data > Subtotal lays
    it out, its group ("Classroom") on every row and a total under each: refused, "two rows
    are named 'Classroom'"."""
    hours = _imported(tmp_path / "hours.csv", (
        "Phase,Module,New-grad RN,Experienced RN\n"
        "Classroom,Welcome day,8 h,8 h\nClassroom,Epic training,16 h,8 h\n"
        "Classroom Total,,24 h,16 h\n"
        "Clinical,Preceptored shifts,432 h,144 h\nClinical,Simulation,24 h,8 h\n"
        "Clinical Total,,456 h,152 h\nGrand Total,,480 h,168 h\n"))
    assert [row["feature"] for row in hours["rows"]] == [
        "Welcome day (Classroom)", "Epic training (Classroom)", "Classroom Total",
        "Preceptored shifts (Clinical)", "Simulation (Clinical)", "Clinical Total",
        "Grand Total"]
