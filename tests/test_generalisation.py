"""Tables nobody tuned for: imported with `kb import` as a team would, nothing added, and
questions written blind by someone who saw only the table (tests/data/blind/README.md says
which sets were used for tuning and which were never looked at). Several tables at once."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.answer import (
    REASON_OUT_OF_SCOPE,
    REASON_RELATED,
    REASON_WHICH_TOPIC,
    Answer,
    Suggestion,
)
from bot.evaluate import evaluate, load_questions
from bot.knowledge import load_knowledge
from bot.lexical import nearest_word, only_word_missing_a_letter, swapped_function_word
from bot.matcher import Matcher, _prefers
from bot.reading import read
from bot.render.blocks import render_answer
from bot.render.text import render
from bot.tableimport import import_table
from bot.text import words
from tests.conftest import DATA, ROOT, SHARED_EVAL

TABLES, BLIND = DATA / "tables", DATA / "blind"
SHIPPED = ROOT / "knowledge" / "container-vs-kubernetes.yaml"
# Regression floors at the measured level (docs/matching.md has the figures), not targets:
# a change that makes a team's untuned table worse fails here.
FLOORS = {  # every one tuned on; the held-out tables are scored, never floored or read
    # one point below the level measured on 2026-12-01 (seventh session, the models also fitted
    # on people's questions), which a refit can move by a question; the last eleven were held
    # out until the third session
    "vm-vs-container": 0.86,
    "rest-vs-graphql": 0.89,
    "tcp-vs-udp": 0.90,
    "git-merge-vs-rebase": 0.82,
    "kafka-vs-rabbitmq": 0.83,
    "unit-vs-integration-tests": 0.83,  # 88% until the twenty-fourth session's refit on 97
    # tables; 86% since the twenty-sixth's, people's questions weighing as much as helpers'
    # (docs/experiments.md: fewer wrong rows, more declines that offer the row); 84% since
    # the thirty-fourth's, for imports without made-up row acronyms or words' plurals
    "compose-vs-kubernetes": 0.83,
    "sql-vs-nosql": 0.87,
    "deployment-vs-statefulset": 0.84,
    "monolith-vs-microservices": 0.72,
    "terraform-vs-ansible": 0.79,  # 84% until the twenty-sixth session's refit: 80%
    "serverless-vs-containers": 0.78,  # 79% until the fourteenth session's refit
    "blue-green-vs-canary": 0.84,  # 87% until the eighteenth session's refit (trees): 85%
    "batch-vs-stream-processing": 0.88,
    "processes-vs-threads": 0.88,
    "oltp-vs-olap": 0.88,
    "session-cookies-vs-jwt": 0.82,  # 88% until the twenty-sixth session's refit: 86%; 83%
    # after the forty-ninth session's
}


def matcher_of(folder: Path, title: str, header: str, *rows: str) -> Matcher:
    """A matcher for a small markdown table written in the test, imported as a team would."""
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "t.md"
    table.write_text(f"## {title}\n\n{header}\n|---|---|---|\n" + "".join(
        f"{row}\n" for row in rows), "utf-8")
    (folder / "kb").mkdir()
    (folder / "kb" / "t.yaml").write_text(import_table(table, None), "utf-8")
    return Matcher(load_knowledge(folder / "kb"))


def imported_pages(folder: Path, pages: dict[str, str]) -> Path:
    """Pages written in a test (a name and its text), each imported as a team would into
    `folder/kb`: the knowledge directory."""
    (folder / "kb").mkdir()
    for name, page in pages.items():
        (folder / name).write_text(page, "utf-8")
        (folder / "kb" / f"{Path(name).stem}.yaml").write_text(
            import_table(folder / name, None), "utf-8")
    return folder / "kb"


def imported(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.yaml").write_text(import_table(TABLES / f"{name}.md", None), "utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_an_imported_table_answers_blind_questions(tmp_path, name):
    matcher = Matcher(load_knowledge(imported(tmp_path, name)))
    report = evaluate(load_questions(BLIND / f"{name}.yaml"), matcher.match)
    misses = "\n".join(f"{q.q!r}: got {a.kind} {a.features}" for q, a in report.misses)
    assert report.accuracy >= FLOORS[name], misses
    declined = [(q, a) for q, a, _ in report.results if q.kind == "none"]
    answered_with_a_row = sum(a.kind == "row" for _, a in declined)
    assert answered_with_a_row <= 0.3 * len(declined), misses  # measured: 0 to 5 of 15-19


@pytest.mark.skipif(not SHARED_EVAL.exists(), reason="the weights were fitted with ../shared")
def test_the_shipped_decision_weights_are_what_fitting_today_gives(monkeypatch, capsys):
    """bot/data's models are what the last refit (python tools/fit_matcher.py) wrote, from
    today's tables and labels, and a refit of every eighth question of the floored tables
    gives what that refit recorded in tests/data/fit_sample.json: a feature, fitting step,
    table or label changed without a refit fails here. (`--check` refits everything: seven
    minutes.) It runs just after the floors, so it reads their tables' vectors from the
    cache folder and most of their questions' from the model's memory."""
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    monkeypatch.setattr(sys, "argv", ["fit_matcher.py", "--check-sample"])
    import fit_matcher

    assert set(fit_matcher.SAMPLE_TABLES) == set(FLOORS)

    assert fit_matcher.main() == 0, capsys.readouterr()
    recorded = json.loads(fit_matcher.SAMPLE_FILE.read_text("utf-8"))
    sets = list(fit_matcher.TRAINING)
    assert fit_matcher.stale_inputs(recorded, sets) is None
    name, table, _, group = sets[-1]  # its labels swapped for another set's
    edited = [*sets[:-1], (name, table, ROOT / "tests" / "data" / "holdout.yaml", group)]
    assert "labelled set changed" in fit_matcher.stale_inputs(recorded, edited)
    assert "not the ones" in fit_matcher.stale_inputs({**recorded, "shipped": {}}, sets)
    tree = recorded["trees"]["trees"][0]
    nudged = {**recorded, "trees": {**recorded["trees"], "trees": [
        {**tree, "value": [v + 1e-3 for v in tree["value"]]}, *recorded["trees"]["trees"][1:]]}}
    assert fit_matcher.stale_models(recorded, recorded) is None
    assert "refit of the sample differs" in fit_matcher.stale_models(nudged, recorded)


def test_the_second_part_of_a_question_asks_something_new(tmp_path):
    """The second part comes as close to Ecosystem, which the first part took, as to State:
    a row already given is no rival, so the second part gets its own row."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "terraform-vs-ansible")))
    question = ("where do community modules come from, and how does terraform remember what "
                "it created?")
    assert matcher.match(question).features == ["Ecosystem", "State"]


def names_a_subject(question: str, topic) -> bool:
    typed = words(question)
    names = [tuple(words(n)) for s in topic.subjects for n in (s.name, *s.aliases)]
    return any(tuple(typed[i : i + len(n)]) == n for n in names for i in range(len(typed)))


def test_a_question_naming_a_subject_goes_to_that_table(tmp_path):
    """The shipped table and two imported ones, loaded together: questions that name a
    subject of their table are answered from it (even "container", which two share)."""
    shutil.copy(SHIPPED, tmp_path)
    kb = load_knowledge(imported(tmp_path, "vm-vs-container", "rest-vs-graphql"))
    matcher = Matcher(kb)
    sets = [("container-vs-kubernetes", SHARED_EVAL), ("vm-vs-container", BLIND /
            "vm-vs-container.yaml"), ("rest-vs-graphql", BLIND / "rest-vs-graphql.yaml")]
    routed = total = 0
    for topic_id, path in sets:
        if not path.exists():
            continue
        for q in load_questions(path):
            if q.kind == "none" or not names_a_subject(q.q, kb.topic(topic_id)):
                continue
            answer = matcher.match(q.q)
            total += 1
            routed += answer.topic.id == topic_id and answer.reason != REASON_WHICH_TOPIC
    assert total >= 80  # the scan found them (88 without the shared set, which CI may lack)
    assert routed / total >= 0.95


def test_an_alias_of_function_words_names_no_table(tmp_path):
    """A maintainer kept "A" as another name of "A Record": were it a name, every question
    with "a" in it would name the DNS table and be answered from it."""
    shutil.copy(SHIPPED, tmp_path)
    imported(tmp_path, "a-record-vs-cname")
    dns = tmp_path / "a-record-vs-cname.yaml"
    dns.write_text(dns.read_text("utf-8").replace("- name: A Record\n",
                                                  "- name: A Record\n  aliases:\n  - A\n"), "utf-8")
    matcher = Matcher(load_knowledge(tmp_path))
    assert "A" in matcher.kb.topic("a-record-vs-cname").subjects[0].aliases
    answer = matcher.match("what happens when a node fails?")
    assert (answer.topic.id, answer.features) == ("container-vs-kubernetes", ["Fault Tolerance"])
    assert matcher.match("can a record point to another name?").topic.id == "a-record-vs-cname"


def test_one_tables_out_of_scope_list_never_blocks_another_tables_subject(tmp_path):
    """The shipped table lists "virtual machine" as out of scope; a VM table loaded beside
    it covers exactly that."""
    shutil.copy(SHIPPED, tmp_path)
    matcher = Matcher(load_knowledge(imported(tmp_path, "vm-vs-container")))
    for question in ("what is a virtual machine?", "how fast does a vm boot?",
                     "tl;dr vm vs container", "print the entire vm vs container table"):
        answer = matcher.match(question)
        assert answer.topic.id == "vm-vs-container", question
        assert answer.kind != "none", question
    assert matcher.match("tl;dr container vs kubernetes").topic.id == "container-vs-kubernetes"
    helm = matcher.match("how do I install helm?")  # still out of scope for both
    assert helm.kind == "none"


def test_a_topic_the_maintainer_put_out_of_scope_declines_when_it_is_what_is_asked(tmp_path):
    """A maintainer lists QUIC as out of scope for a TCP vs UDP table: a question about QUIC
    that uses the table's words ("tcp", "latency") is beyond it, with the closest rows offered;
    a question about the table's own subjects is still answered."""
    path = imported(tmp_path, "tcp-vs-udp") / "tcp-vs-udp.yaml"
    path.write_text(path.read_text("utf-8") + "out_of_scope: [QUIC]\n", "utf-8")
    matcher = Matcher(load_knowledge(tmp_path))
    quic = matcher.match("QUIC vs tcp: which has less latency?")
    assert (quic.kind, quic.reason, quic.off_topic_term) == ("none", REASON_RELATED, "QUIC")
    assert quic.suggestions[0].feature == "Latency"
    assert matcher.match("does udp keep packets in order?").features == ["Ordering"]


def test_kb_import_proposes_acronyms_plurals_and_short_forms(tmp_path):
    topic = load_knowledge(imported(tmp_path, "vm-vs-container", "rest-vs-graphql"))
    vm = topic.topic("vm-vs-container").subjects[0]
    assert (vm.name, vm.aliases) == ("Virtual Machine", ("VM",))  # "machines": stems
    from bot.text import acronym_plural as plural  # which no stemmer reads back: the
    assert (plural("SSD"), plural("Lisbon"), plural("PagerDuty"), plural("DNS")) == (
        "SSDs", "", "", "")  # matcher reads it, not proposed (reviewers deleted "MAs")
    assert ("vms",) in Matcher(topic).lexical.topic_subjects["vm-vs-container"]
    rest = topic.topic("rest-vs-graphql").subjects[0]
    assert "REST" in rest.aliases and "RA" not in rest.aliases  # "REST API": no "RA"
    rows = {r.feature: r.aliases for r in topic.topic("vm-vs-container").rows}
    assert rows["Resource Overhead"] == ()  # "RO": made up, and a word of its own
    from bot.proposals import row_aliases  # a row's acronym the table writes is proposed
    assert row_aliases("Continuous Delivery", "Trunk-based suits CD.") == ["CD"]
    assert row_aliases("Power Consumption", "an idle desktop draws 40 W") == []  # no "PC"
    from bot.proposals import acronym  # a facet and its detail: nobody shortens those
    assert (acronym("Speed - latency added"), acronym("Cost: monthly")) == ("", "")
    assert rows["OS Kernel"] == ()  # already an acronym inside
    dns = load_knowledge(imported(tmp_path / "dns", "a-record-vs-cname")).topics[0].subjects
    assert [s.aliases for s in dns] == [(), ("CNAME",)]  # no "AR" of A Record
    typing = load_knowledge(imported(tmp_path / "typing", "static-vs-dynamic-typing")).topics[0]
    assert not any(a.endswith("Typings") for s in typing.subjects for a in s.aliases)
    from bot.proposals import subject_aliases  # "B" named Option B in any question with a b
    assert subject_aliases("Option B", ["Option A", "Option B"]) == []  # nor "OB": "Option"
    # is Option A's word too
    assert subject_aliases("RAID 5", ["RAID 1", "RAID 5"]) == []  # not "5": any number
    laptops = ['MacBook Pro 14" M3 Pro (A2992)', "Lenovo ThinkPad X1 Carbon Gen 12 (21KC)"]
    assert {"MacBook", "M3"} <= set(subject_aliases(laptops[0], laptops))  # named alone
    assert {"ThinkPad", "X1"} <= set(subject_aliases(laptops[1], laptops))
    assert "Pro" not in subject_aliases(laptops[0], laptops)
    assert {"CCPA", "CPRA"} <= set(subject_aliases("CCPA / CPRA (California)", ["GDPR"]))
    assert {"LD3", "AKE"} <= set(subject_aliases("AKE (LD3) container", ["PMC pallet"]))
    rounds = ["Early Decision (ED)", "Early Action (EA)", "Regular Decision (RD)"]  # an
    assert not {"Decision", "Decision (ED)"} & set(subject_aliases(rounds[0], rounds))  # office
    from bot.proposals import propose  # of admissions: "ED" is the sheet's Early Decision,
    topic = propose({"title": "Rounds", "subjects": [{"name": n} for n in rounds],  # not its
                     "rows": [{"feature": "Enrollment deposit",  # Enrollment deposit row
                               "cells": ["ED: $400", "EA: $400", "RD: $400"]}]})
    assert "aliases" not in topic["rows"][0]
    assert "new" not in subject_aliases("Queue (new) service", ["Old service"])  # an aside
    assert subject_aliases("Gateway API", ["Ingress"]) == []  # no "API" (its plural the
    # matcher reads: "Gateway APIs")
    # a name written as words of a sentence gets no made-up acronym (support and research
    # teams' reviewers: "AC" for Account credit, "BJ" for Batch job; nor "TAT" of Taints and
    # Tolerations), unless the table writes it; a term written as a name keeps its own
    assert "AC" not in subject_aliases("Account credit", ["Refund"])
    assert "AC" in subject_aliases("Account credit", ["Refund"], "Issue an AC of $20")
    assert "TAT" not in subject_aliases("Kubernetes Taints and Tolerations", ["Node Affinity"])
    assert "BOM" in subject_aliases("Bill of Materials", ["Routing"])
    assert {"SP", "M365"} <= set(subject_aliases("SharePoint Online (SP / M365)",
                                                  ["Laserfiche"]))  # not "SP / M365"
    masks = ["Disposable FFP3 (e.g. 3M Aura 9332+)", "Half-mask (e.g. 3M 6502QL)"]
    assert subject_aliases(masks[0], masks) == ["Disposable FFP3", "FFP3"]  # not "e.g. ..."
    assert "API" not in subject_aliases("REST API", ["GraphQL"])
    assert subject_aliases("Incident (injury / damage)", ["Near miss"]) == ["Incident"]


def test_a_table_without_a_summary_answers_with_what_each_subject_is(tmp_path):
    """A team's table often has no summary paragraph; "what's the difference?" gets its first
    row, a line a subject, in the terminal and in Slack (it said "no summary has been
    written yet", which teaches a newcomer nothing)."""
    matcher = matcher_of(
        tmp_path, "Staging vs Production", "| Aspect | Staging | Production |",
        "| Purpose | Where we test releases. | What customers use. |",
        "| Uptime | Can break; no SLA. | 99.95% SLA. |")
    answer = matcher.match("what's the difference between staging and production?")
    assert answer.kind == "summary"
    text = render(answer, matcher.kb)
    assert "Staging (Purpose): Where we test releases." in text
    assert text.startswith("Staging vs Production: no summary written yet; the first row, "
                           "Purpose\n")  # a reviewer took one row for the main difference
    blocks = json.dumps(render_answer(answer, matcher.kb).blocks)
    assert "*Production* (Purpose): What customers use." in blocks
    assert "*No summary written yet; the first row, Purpose*" in blocks
    offered = matcher.match("what is the weather in paris?").suggestions  # no analogy here
    assert [s.label for s in offered if not s.feature] == ["Summary", "Full table"]


def test_asking_to_see_all_of_the_things_compared_gets_the_whole_table(tmp_path):
    """"show all severity levels" named the table by its title and asked nothing else: it was
    declined as outside what the bot knows."""
    matcher = matcher_of(
        tmp_path, "Incident severity levels", "| | SEV1 | SEV2 |",
        "| Ack within | 5 min | 15 min |", "| Status page | Yes | If over 30 min |")
    for question in ("show all severity levels", "what are all the severity levels?",
                     "list every severity level please"):
        assert matcher.match(question).kind == "table", question
    assert matcher.match("what is the ack time for sev2?").features == ["Ack within"]


def test_asking_for_the_a_vs_b_table_by_name_gets_it(tmp_path):
    """"show the full building vs zoning permit table" read "zoning permit table" as a thing
    compared that the table does not have, and was declined (a city council's reviewer)."""
    matcher = matcher_of(
        tmp_path, "Building Permit vs Zoning Permit", "| Item | Building Permit | Zoning Permit |",
        "| Issued by | Building Division | Planning Division |",
        "| Fees | By project valuation | Flat fee: $85 |",
        "| Expiration | 180 days | 1 year |")
    for question in ("show the full building vs zoning permit table",
                     "can i see the building permit vs zoning permit table"):
        assert matcher.match(question).kind == "table", question


def test_kb_import_takes_both_names_a_header_gives_a_subject(tmp_path):
    """"eu-central-1 (Frankfurt)" is asked about as "frankfurt" (a team's regions table
    declined it as a question about something else) and gets no "EC1" acronym."""
    matcher = matcher_of(
        tmp_path, "Our regions", "| Region | eu-central-1 (Frankfurt) | us-east-1 (N. Virginia) |",
        "| GDPR data allowed | Yes | No |", "| Deploy order | Second | First (canary) |")
    frankfurt = matcher.kb.topics[0].subjects[0]
    assert frankfurt.aliases == ("eu-central-1", "Frankfurt")
    assert matcher.match("can frankfurt hold gdpr data?").features == ["GDPR data allowed"]
    tls = load_knowledge(imported(tmp_path / "tls", "tls-vs-mtls")).topics[0].subjects[1]
    assert "mTLS" in tls.aliases


def test_a_title_in_a_teams_own_words_names_its_table(tmp_path):
    """Three regions under "Our AWS regions", beside the shipped table: "tl;dr of the
    regions" and "show me all regions in a table" asked which comparison, though "regions"
    says which; a title that is only the subjects' names adds no name."""
    (tmp_path / "regions.md").write_text(
        "## Our AWS regions\n\n| Region | Frankfurt | Virginia | Sydney |\n|---|---|---|---|\n"
        "| Role | EU primary | US primary | Standby |\n"
        "| Deploy order | Second | First | Last |\n\nTL;DR: Sydney is only a standby.\n")
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "regions.yaml").write_text(import_table(tmp_path / "regions.md", None))
    shutil.copy(SHIPPED, kb_dir)
    matcher = Matcher(load_knowledge(kb_dir))
    regions = matcher.kb.topic("regions")
    assert regions.title_words() == ("aws", "regions")
    for question, kind in [("tl;dr of the regions", "summary"),
                           ("show me all regions in a table", "table")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "regions"), question
    assert matcher.match("tl;dr").reason == REASON_WHICH_TOPIC  # nothing says which
    assert matcher.kb.topic("container-vs-kubernetes").title_words() == ()
    answer = matcher.match("our aws regions?")  # its title and nothing else (an insurer's
    assert (answer.kind, answer.topic.id) == ("table", "regions")  # "write off categories?")


def test_a_title_phrase_names_its_table_where_one_of_its_words_names_a_row(tmp_path):
    """"Reference managers: Zotero vs EndNote vs Mendeley" beside the shipped table, whose
    Management row takes "managers" alone: "tl;dr for the reference managers" was that row
    (a library's reviewer, forty-fourth session). The title's words as it runs them together
    name the table; "managers" alone still does not."""
    kb_dir = imported_pages(tmp_path, {"refs.md": (
        "## Reference managers: Zotero vs EndNote vs Mendeley\n\n"
        "| | Zotero | EndNote | Mendeley |\n|---|---|---|---|\n"
        "| Cost | Free | Licence from the library | Free with an Elsevier account |\n"
        "| Word plugin | Yes | Yes | Yes, Mendeley Cite |\n"
        "| Group libraries | Unlimited members | Up to 1,000 shared references | "
        "Private groups |\n\n"
        "TL;DR: Zotero for most students, EndNote for systematic reviews.\n")})
    shutil.copy(SHIPPED, kb_dir)
    matcher = Matcher(load_knowledge(kb_dir))
    for question in ("tl;dr for the reference managers", "reference managers tl;dr"):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == ("summary", "refs"), question
    answer = matcher.match("how are containers managed")
    assert (answer.features, answer.topic.id) == (["Management"], "container-vs-kubernetes")


def test_a_title_named_whole_wins_over_a_word_every_subject_of_another_table_has(tmp_path):
    """A QA team's reviewer (forty-fifth session): "tl;dr ui test automation" gave the summary
    of "Smoke test vs Sanity test vs Regression test", whose subjects all say "test", not of
    "UI test automation: Espresso vs Appium"."""
    pages = {
        "passes.md": "## Smoke vs Sanity vs Regression\n\n| | Smoke test | Sanity test | "
                     "Regression test |\n|---|---|---|---|\n| Runs | Every build | After a "
                     "fix | Before a release |\n| Takes | Minutes | An hour | A day |\n\n"
                     "TL;DR: smoke is wide and shallow, regression wide and deep.\n",
        "tools.md": "## UI test automation: Espresso vs Appium\n\n| | Espresso | Appium |\n"
                    "|---|---|---|\n| Platforms | Android | Android and iOS |\n| Language | "
                    "Kotlin or Java | Any WebDriver client |\n\nTL;DR: Espresso for Android "
                    "only, Appium for both.\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    answer = matcher.match("tl;dr ui test automation")
    assert (answer.kind, answer.topic.id) == ("summary", "tools")
    answer = matcher.match("tl;dr smoke vs regression tests")
    assert (answer.kind, answer.topic.id) == ("summary", "passes")


def test_kb_import_reads_words_run_together_inside_a_name(tmp_path):
    """"WebSockets" is two words to whoever shortens it: "WS"; "GitHub Actions" is "GHA", not
    "GA"; a name with an acronym inside ("RabbitMQ") or a one-letter hump ("PaaS") has none."""
    kb = load_knowledge(imported(tmp_path, "websockets-vs-server-sent-events",
                                 "jenkins-vs-github-actions", "iaas-vs-paas", "kafka-vs-rabbitmq"))
    aliases = {s.name: s.aliases for t in kb.topics for s in t.subjects}
    assert "WS" in aliases["WebSockets"] and "SSE" in aliases["Server-Sent Events"]
    assert "GHA" in aliases["GitHub Actions"] and "GA" not in aliases["GitHub Actions"]
    assert not {"PS", "PA"} & set(aliases["PaaS"]) and aliases["RabbitMQ"] == ()
    matcher = Matcher(kb)
    assert matcher.match("SSE vs WS?").kind == "summary"
    assert matcher.match("do WS connections get through corporate proxies?").features == [
        "Proxy Compatibility"]


def test_kb_import_shortens_a_name_without_the_word_both_subjects_start_with(tmp_path):
    """"Kubernetes Horizontal Pod Autoscaler" is "HPA" to whoever types it, not only "KHPA"
    (found on first sight of the HPA vs VPA table, whose questions say "hpa" and "vpa"):
    the word every subject starts with qualifies them both. A name of one word left ("Git
    Tags") or run together ("Kubernetes CronJob") gets no such short form."""
    matcher = matcher_of(
        tmp_path, "Difference Between Kubernetes Horizontal Pod Autoscaler and Kubernetes"
        " Vertical Pod Autoscaler",
        "| Feature | Kubernetes Horizontal Pod Autoscaler | Kubernetes Vertical Pod Autoscaler |",
        "| **What It Changes** | The number of pod replicas. | Each pod's CPU and memory"
        " requests. |",
        "| **Installation** | Built in. | An add-on you install. |")
    hpa, vpa = matcher.kb.topics[0].subjects
    assert {"HPA", "KHPA", "Horizontal Pod"} <= set(hpa.aliases)  # ("HPAs" is read as HPA)
    assert "Kubernetes Horizontal Pod" not in hpa.aliases and "VPA" in vpa.aliases
    assert matcher.match("hpa vs vpa").kind == "summary"
    jobs = load_knowledge(imported(tmp_path / "jobs", "job-vs-cronjob")).topics[0].subjects
    assert [s.aliases for s in jobs] == [("Job",), ("CronJob",)]  # no "KJ": Kubernetes
    # Job's two words, one of them Kubernetes CronJob's too


def test_a_reimport_keeps_what_the_maintainer_kept_and_deleted(tmp_path):
    table = TABLES / "vm-vs-container.md"
    out = tmp_path / "vm-vs-container.yaml"
    first = import_table(table, out)
    example = '  examples: ["how fast does it start?"]\n'
    edited = first.replace("  - VMs\n", "").replace(
        "- feature: Boot Time\n", "- feature: Boot Time\n" + example)
    out.write_text(edited, "utf-8")
    again = import_table(table, out)
    assert "  - VMs\n" not in again  # a deleted proposal is not proposed again
    assert "how fast does it start?" in again and "  - VM\n" in again


def test_each_part_of_a_two_part_question_reads_its_own_kind_of_row():
    """"What is X, and why use it?" asks for a definition, then a purpose: both rows, in order."""
    matcher = Matcher(load_knowledge(ROOT / "knowledge"))
    answer = matcher.match("What is Kubernetes, and why would a team use it?")
    assert (answer.kind, answer.features) == ("row", ["Definition", "Purpose"])


def test_a_message_that_is_only_x_or_y_weighs_the_two(tmp_path):
    """"docker or kubernetes" compares its two sides, and asks nothing more: the summary, on
    any table; an "or" inside a longer question without a word of choosing ("does it restart
    the pod or move it to another node") does not compare, and "when to use X or Y" asks more
    than the gist."""
    assert read([["docker", "or", "kubernetes"]]).sides == (("docker",), ("kubernetes",))
    longer = "does it restart the pod or move it to another node".split()
    assert read([longer]).sides == ()
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    assert shipped.match("docker or kubernetes?").kind == "summary"
    assert shipped.match("containers vs clusters").kind == "summary"
    rest = Matcher(load_knowledge(imported(tmp_path, "rest-vs-graphql")))
    assert rest.match("REST or GraphQL?").kind == "summary"


@pytest.mark.xfail(strict=True, reason="the refit on 103 tables (twenty-sixth session) gives "
                   "the summary again (docs/experiments.md)")
def test_when_to_use_x_or_y_asks_more_than_the_gist(tmp_path):
    """"when to use X or Y" asks which fits when, not the comparison's gist: the blend of
    trees fitted on seventy-nine tables gave the summary; refitted on ninety-one (twenty-second
    session) it no longer did, on ninety-four and ninety-seven it did again, on one hundred
    (twenty-fifth session) it no longer did, and on one hundred and three (twenty-sixth) it
    does again: a strict expected failure, which fails the suite when a refit mends it. No
    rule decides it: the models weigh "when to use" beside the two subjects."""
    rest = Matcher(load_knowledge(imported(tmp_path, "rest-vs-graphql")))
    assert rest.match("when to use REST or GraphQL?").kind != "summary"


@pytest.mark.xfail(strict=True, reason="since the eighteenth session's trees (docs/experiments.md)")
def test_known_gap_a_table_cue_beside_other_things(tmp_path):
    """"side by side comparison of lunch options" is not the table's question, but the blend
    of trees gives the whole table. Kept as a strict expected failure: it passes again when
    mended."""
    kafka = Matcher(load_knowledge(imported(tmp_path, "kafka-vs-rabbitmq")))
    assert kafka.match("side by side comparison of lunch options").kind == "none"


def test_a_message_of_several_questions_gets_a_row_for_each_in_the_order_asked(tmp_path):
    """Each part that opens like a question of its own ("is it...", "does it...", "can
    it...") shows the row it prefers, even by a little; a part that only sets up the
    question ("when the team says X, do they mean...") still needs a clear preference."""
    tcp = Matcher(load_knowledge(imported(tmp_path / "tcp", "tcp-vs-udp")))
    slower = tcp.match("is tcp slower, and does it resend lost packets?")
    assert (slower.kind, slower.features) == ("row", ["Latency", "Reliability"])
    multicast = tcp.match("is udp connectionless + can it multicast?")
    assert (multicast.kind, multicast.features) == ("row", ["Connection", "Multicast"])
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    one = shipped.match("when the sre folks say 'node', do they mean a physical server in the "
                        "cluster?")
    assert (one.kind, one.features) == ("row", ["Definition"])


def test_each_question_of_a_message_that_asks_two_gets_its_row(tmp_path):
    """A message of two questions ("which one..., and which one...?") shows the second
    question's row beside the first even when that part prefers it only a little; a
    message with one question and some context before it still shows one row."""
    tcp = Matcher(load_knowledge(imported(tmp_path, "tcp-vs-udp")))
    two = tcp.match("which one is quicker to get going, and which one can broadcast to a group?")
    assert (two.kind, sorted(two.features)) == ("row", ["Latency", "Multicast"])
    one = tcp.match("we stream live video to phones, which one is quicker to get going?")
    assert (one.kind, one.features[0]) == ("row", "Latency")  # (a tied runner-up may show)
    assert "Multicast" not in one.features  # the context is no second question


def test_a_table_without_a_purpose_row_answers_what_for_from_its_use_case_row(tmp_path):
    """An imported table with a Use Case row and no Purpose row answers "what is it for"
    from the Use Case row."""
    tcp = Matcher(load_knowledge(imported(tmp_path / "tcp", "tcp-vs-udp")))
    assert tcp.match("what would a team use udp for?").features[:1] == ["Use Case"]


def test_what_a_question_asks_for_is_read_from_its_words():
    """The noun after "what"/"which"/"how many" is the kind of thing wanted: a table that
    never speaks of ports cannot say which port."""
    assert read([["which", "port", "does", "the", "admin", "page", "use"]]).asked_for == ("port",)
    assert read([["how", "many", "partitions", "should", "i", "create"]]).asked_for == (
        "partitions",)
    assert read([["what", "is", "kubernetes"]]).asked_for == ()


def test_which_of_the_two_asks_between_the_subjects_not_about_a_thing_named_two(tmp_path):
    """"Which of the two" picks one of the things compared: a reply declining it never says
    the question was about "two"."""
    assert read([["which", "of", "the", "two", "should", "we", "use"]]).asked_for == ()
    matcher = Matcher(load_knowledge(imported(tmp_path, "deployment-vs-statefulset")))
    answer = matcher.match("we run postgres on k8s. which of the two should we use for it?")
    assert answer.off_topic_term != "two"
    assert "about two" not in render(answer, matcher.kb)


def test_a_compared_thing_is_read_without_the_request_around_it():
    """"explain X vs Y", "sum up X vs Y real quick", "learn X or Y first": the verb of the
    request and the filler after are no part of the things compared, so a declined
    question is said to be about "emacs", never about "explain emacs"."""
    assert read([["explain", "emacs", "vs", "vim"]]).sides == (("emacs",), ("vim",))
    assert read([["sum", "up", "unit", "vs", "integration", "tests", "real", "quick"]]
                ).sides == (("unit",), ("integration", "tests"))
    assert read([["should", "i", "learn", "rust", "or", "python", "first"]]).sides == (
        ("rust",), ("python",))
    assert read([["batch", "or", "real", "time", "processing"]]).sides == (
        ("batch",), ("real", "time", "processing"))


def test_explaining_two_other_things_is_declined():
    """A known gap from the thirty-seventh session's refit (it leaned to the analogy, 0.32
    against 0.30 for none; a rule declining every request whose "vs" sides are not the
    table's cost 15 tuning answers), closed by the thirty-ninth session's refit."""
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    answer = shipped.match("explain emacs vs vim")
    assert (answer.kind, answer.off_topic_term) == ("none", "emacs")
    assert "about emacs," in render(answer, shipped.kb)


def test_help_suggests_questions_the_bot_answers_as_promised(tmp_path):
    """Help's examples are a maintainer's own questions where the file has them, else made
    from the row names; a newcomer who copies one gets what it promises: a row, the summary,
    the analogy, the table."""
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    help_text = render(shipped.match(""), shipped.kb)
    topic = shipped.kb.topics[0]
    for row in topic.rows[:2]:
        assert f"• {row.examples[0]}" in help_text
        assert shipped.match(row.examples[0]).features[:1] == [row.feature]
    for line, kind in zip(help_text.splitlines()[-3:], ("summary", "analogy", "table"),
                          strict=True):
        assert shipped.match(line.lstrip("• ")).kind == kind, line
    tcp = Matcher(load_knowledge(imported(tmp_path, "tcp-vs-udp")))
    first = tcp.kb.topics[0].rows[0]
    assert f"• {first.feature.lower()}: how do they compare?" in render(tcp.match(""), tcp.kb)


def test_a_third_kind_of_the_subjects_shared_head_is_not_one_of_them(tmp_path):
    """Blue-Green Deployment vs Canary Deployment: "a rolling deployment" shares their head
    word, yet it is a third strategy the table never describes, so the classifier is told a
    compared side is not the table's; "blue/green deployment vs canary deployment" is still
    the table's own comparison. (What the classifier makes of it is measured, not asserted:
    docs/experiments.md, "seventh session".)"""
    matcher = Matcher(load_knowledge(imported(tmp_path, "blue-green-vs-canary")))

    def beyond(question: str) -> dict[str, float]:
        return matcher.case(question).focus_view()[0].beyond

    third = "what is the difference between a rolling deployment and a canary deployment?"
    assert "foreign_side" in beyond(third)
    ours = "blue/green deployment vs canary deployment: which rolls back faster?"
    assert "foreign_side" not in beyond(ours) and "sides_ours" in beyond(ours)
    assert "Rollback" in matcher.match(ours).features
    assert "foreign_side" in beyond("red/black deployment vs blue-green deployment?")


def test_a_thing_compared_that_no_word_of_the_table_names_gets_no_summary(tmp_path):
    """Beside a router vs switch table, "the difference between a switch and a modem" asks
    about a modem, which the table never describes: its summary would pass for an answer
    (held-out tables' helpers and people ask so; forty-ninth session). The reply says the
    table does not answer it exactly and offers its closest rows. The table's own two, or
    its subjects in other words ("sync vs async" of synchronous vs asynchronous
    replication), still get the summary."""
    router = Matcher(load_knowledge(imported(tmp_path / "r", "router-vs-switch")))
    modem = router.match("what's the difference between a switch and a modem?")
    assert (modem.kind, modem.reason) == ("none", "related")
    assert modem.suggestions and all(s.kind == "row" for s in modem.suggestions)
    assert router.match("whats the difference between a router and a switch").kind == "summary"
    replication = Matcher(load_knowledge(imported(tmp_path / "s", "sync-vs-async-replication")))
    assert replication.match("tl;dr sync vs async replication?").kind == "summary"


def test_a_colleague_named_in_chat_is_no_term_the_table_lacks(tmp_path):
    """"Oluwaseun said...", "cc Oluwaseun": a newcomer checking what a colleague told them
    names the colleague. The name is no word of the table, and had read as one it leaves
    out, so the question was declined as beyond it."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "freehold-vs-leasehold")))
    for question in ("cc Oluwaseun: who fixes the roof on a leasehold block?",
                     "Oluwaseun said the freeholder fixes the roof on a leasehold block, true?"):
        view = matcher.case(question).with_meaning().focus_view()[0]
        assert "foreign_words" not in view.beyond, question
    answer = matcher.match("cc Oluwaseun: who fixes the roof on a leasehold block?")
    assert answer.features == ["Repairs and Maintenance"]
    named = matcher.case("what does Oluwaseun think of leasehold?").with_meaning()
    assert "oluwaseun" in named.strange  # not reported, so still a name the table lacks


def test_a_tool_that_says_something_is_no_colleague(tmp_path):
    """Tools say things too: "fsck says" names a program the table never mentions, and
    counts against its rows as any such name does; a colleague who says something is
    typed as a name ("Priya says"), or reckons, thinks or tells in any case."""
    links = Matcher(load_knowledge(imported(tmp_path, "hard-links-vs-symbolic-links")))
    for tool, question in (
            ("fsck", "fsck says the inode count is off after I deleted a hard link, why?"),
            ("lsof", "so lsof said the deleted file is still open, is that a hard link thing?")):
        assert tool in links.case(question).with_meaning().strange, question
    for person in ("Priya says a symlink breaks when its target moves, true?",
                   "priya reckons a symlink breaks when its target moves, true?"):
        assert "priya" not in links.case(person).with_meaning().strange, person


def test_a_question_to_a_person_about_their_own_choice_is_not_the_tables(tmp_path):
    """People reply in threads: "curious why you chose RabbitMQ for your project over
    Kafka?" asks that person's reasons, which no row holds; it had been answered with the
    Use Case row. A newcomer's own "which should I use" is still the table's."""
    kafka = Matcher(load_knowledge(imported(tmp_path / "k", "kafka-vs-rabbitmq")))
    for asked in ("curious why you chose RabbitMQ for your project over Kafka?",
                  "have you considered Kafka for the event log?"):
        answer = kafka.match(asked)
        assert answer.kind == "none" and answer.reason == "related", asked
        assert "personal" in kafka.case(asked).with_meaning().focus_view()[0].beyond
    volumes = Matcher(load_knowledge(imported(tmp_path / "v", "volumes-vs-bind-mounts")))
    assert volumes.match("why did you go with a bind mount for the database here?").kind == "none"
    own = volumes.match("which should I use for a database, a volume or a bind mount?")
    assert own.features == ["Use Cases"]


def test_a_question_pointing_at_the_two_compared_is_weighed_not_waved_off(tmp_path):
    """"Which one came first?", "is either one ok for a weeknight?": asked of a comparison
    bot, about its comparison, though no word is the table's. Such questions had been
    declined as unrelated before any model weighed them; "lunch plans?" still is."""
    oauth = Matcher(load_knowledge(imported(tmp_path / "o", "oauth-vs-saml")))
    assert oauth.match("which one came first?").features[0] == "Standard Origin"
    bread = Matcher(load_knowledge(imported(tmp_path / "b", "sourdough-vs-yeast-bread")))
    assert bread.match("is either one ok for a weeknight?").features == ["Best For"]
    lunch = bread.match("lunch plans?")
    assert (lunch.kind, lunch.reason) == ("none", "out_of_scope")


def test_the_tables_own_words_quoted_for_emphasis_are_no_literal_it_lacks(tmp_path):
    """In chat people quote a table's own words for emphasis ("the `current sprint`"); only
    a quoted span with a word the table never says ("`chmod 600 mylink`") is a literal it
    lacks. The quote had counted against every row: such questions were declined."""
    scrum = Matcher(load_knowledge(imported(tmp_path / "s", "scrum-vs-kanban")))
    quoted = "can we still add a ticket to the `current sprint` after planning?"
    plain = quoted.replace("`", "")
    assert "quoted" not in scrum.case(quoted).with_meaning().focus_view()[0].beyond
    assert scrum.match(quoted)[1:] == scrum.match(plain)[1:]  # all but the text asked
    links = Matcher(load_knowledge(imported(tmp_path / "l", "hard-links-vs-symbolic-links")))
    literal = "why does `chmod 600 mylink` change the real file and not the link?"
    assert "quoted" in links.case(literal).with_meaning().focus_view()[0].beyond


def test_a_word_drawn_out_in_chat_is_no_name(tmp_path):
    """"sooo slow", "pleeease": a word said slowly is no product's name the table lacks."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "volumes-vs-bind-mounts")))
    drawn = matcher.case("are bind mounts sooo much slower than volumes on a mac?")
    assert "sooo" not in drawn.strange
    assert matcher.match("builds feel sooo slow with bind mounts on my mac, is that expected?"
                         ).features == ["Performance"]
    held = matcher.case("are bind mounts slower on colimaaa?").strange
    assert held == ["colimaaa"]  # a name with a letter held is still a name


def test_a_pay_figure_asked_of_a_row_that_states_none_is_beyond_it(tmp_path):
    """"how much do probation officers get paid?" beside a Supervising Officer row that
    says who supervises, not what they earn: the row's words are the question's, but it
    states no figure, so the reply says the table does not answer it exactly."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "probation-vs-parole")))
    paid = matcher.match("how much do probation officers get paid?")
    assert (paid.kind, paid.reason) == ("none", "related")
    assert "Supervising Officer" in [s.feature for s in paid.suggestions]


def test_a_numeronym_reads_as_the_table_word_it_abbreviates(tmp_path):
    """People write "k8s" for Kubernetes and "i18n" for internationalization; a table that
    only spells the word out still answers them, while "k3s" (a product) stays a name."""
    matcher = matcher_of(
        tmp_path, "Difference Between Nomad and Kubernetes", "| Feature | Nomad | Kubernetes |",
        "| **Scheduling** | Bin-packs jobs of any kind. | Places pods on nodes. |",
        "| **Internationalization** | English docs only. | Docs in many languages. |")
    assert matcher.lexical.correct("k8s") == "kubernetes"
    assert matcher.lexical.correct("i18n") == "internationalization"
    assert matcher.lexical.correct("k3s") == "k3s"
    assert matcher.case("does k8s have i18n docs?").strange == []


def test_a_chat_short_form_reads_as_the_one_table_word_it_shortens(tmp_path):
    """"msgs" is "messages" to a Kafka table, "mgmt" "management" to ours: the start or the
    outline (first and last letters kept) of exactly one table word. A name that shortens no
    table word ("kubelet") and a short form of several ("con") stay as typed."""
    kafka = Matcher(load_knowledge(imported(tmp_path / "kafka", "kafka-vs-rabbitmq")))
    assert kafka.lexical.tokens("msgs per sec") == ["messages", "per", "sec"]
    assert kafka.match("msgs per sec").features == ["Throughput"]
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    assert shipped.lexical.tokens("container mgmt, kubelet") == ["container", "management",
                                                                 "kubelet"]
    assert shipped.lexical.tokens("con") == ["con"]


def test_another_form_of_a_table_word_is_not_spelled_into_a_different_word(tmp_path):
    """"rebasing" is the git table's "rebase" in another form: its stem already matches,
    while the nearest spelling ("rebating") would lose it. A typo is still repaired, also
    one whose stem is the table's ("kubernets" -> "kubernetes")."""
    git = Matcher(load_knowledge(imported(tmp_path / "git", "git-merge-vs-rebase")))
    assert git.lexical.tokens("is rebasing risky, and what about conflcits") == [
        "is", "rebasing", "risky", "and", "what", "about", "conflicts"]
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    assert shipped.lexical.tokens("kubernets managment") == ["kubernetes", "management"]
    assert git.match("does rebasing rewrite history").features == ["History"]


def test_a_word_coined_from_a_dictionary_word_is_no_typo_of_a_word_like_it(tmp_path):
    """"login node super laggy" read "leggy" (a research group's reviewer): a dictionary
    word with a suffix people coin freely is read as typed, so the meaning of slow reaches
    the table's "If it is slow" row. A word a letter short of one is still repaired."""
    matcher = matcher_of(
        tmp_path, "Login node vs Compute node", "| Aspect | Login node | Compute node |",
        "| **If it is slow** | Too many users on it: move work to a job | Check your job's "
        "CPU request |", "| **GPUs** | None | 4x A100 per node |",
        "| **Time limit** | 30 minutes of CPU a process | Up to 48 hours |")
    laggy, costy = matcher.lexical.tokens("login node super laggy, costy to wait")[3:5]
    assert laggy == "laggy" and costy != "costy"  # "costly" less its "l": repaired
    answer = matcher.match("login node super laggy")
    shown = answer.features or [s.feature for s in answer.suggestions]  # answered, or
    assert shown[:1] == ["If it is slow"], answer  # offered first (it offered How you get there)


def test_a_name_run_together_with_its_version_is_the_tables_subject(tmp_path):
    """People type "python2" and "python3.12" for the table's "Python 2" and "Python 3":
    the name and its number are two words again. A version the table does not compare
    ("python4") stays a name it does not know."""
    matcher = matcher_of(
        tmp_path, "Difference Between Python 2 and Python 3", "| Feature | Python 2 | Python 3 |",
        "| **Print** | A statement. | A function. |",
        "| **Strings** | Bytes by default. | Unicode by default. |")
    assert matcher.lexical.tokens("python2 or python3.12") == [
        "python", "2", "or", "python", "3", "12"]
    assert matcher.lexical.tokens("python4") == ["python4"]
    assert matcher.match("python2 vs python3?").kind == "summary"


def test_a_part_asked_as_a_question_of_its_own_needs_less_meaning_when_it_clearly_prefers():
    """In "which one is smaller, and which one is faster to parse?" the first part shares no
    word with the size row and comes only somewhat near it in meaning (0.3 to 0.4), but
    prefers it by a wide margin: a question of its own among several shows that row. The
    same part inside one question ("smaller and faster to parse"), preferring it by little,
    or preferring it only because an earlier part took the row it asks again, does not."""
    nearish = {"sem": 0.35}
    assert _prefers(nearish, margin=2.5, asks_alone=True)
    assert not _prefers(nearish, margin=2.5, asks_alone=False)
    assert not _prefers(nearish, margin=1.0, asks_alone=True)
    assert not _prefers({"sem": 0.25}, margin=2.5, asks_alone=True)
    assert not _prefers(nearish, margin=2.5, asks_alone=True, own_best=False)


def test_a_dropped_letter_is_the_likelier_slip_and_repairs_short_words_too(tmp_path):
    """Typing drops a letter more often than it hits a wrong one: "relase" is "release"
    though "relate" is one edit away too, in either order. A four-letter slip repairs only
    to the one word it lacks a letter of ("merg" -> "merge"); "strt" lacks one of several
    and stays as typed; a three-letter word only swaps into a function word ("teh")."""
    for candidates in (["relate", "release"], ["release", "relate"]):
        assert nearest_word("relase", lambda length, spread, c=candidates: c) == "release"
    assert only_word_missing_a_letter("merg") == "merge"
    assert only_word_missing_a_letter("strt") == "strt"
    assert swapped_function_word("teh") == "the" and swapped_function_word("adn") == "and"
    assert swapped_function_word("ocr") == "ocr"  # a short name swaps into nothing
    git = Matcher(load_knowledge(imported(tmp_path / "git", "git-merge-vs-rebase")))
    assert git.lexical.tokens("is rebse harder to lern") == [
        "is", "rebase", "harder", "to", "learn"]


def test_leaving_a_table_out_scores_it_with_models_that_never_saw_it(monkeypatch):
    """tools/leave_out.py judges a sign on tables the models were not fitted on: each table
    is scored by a refit on the others alone (not one of its questions, helpers' or
    people's), and it scores as a table nobody tuned for does."""
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    import fit_matcher
    import leave_out

    sets = [s for s in fit_matcher.TRAINING if s[3] in ("vm", "tcp")]
    samples = leave_out.collect(sets)
    fitted_on, fit = [], fit_matcher.fit
    monkeypatch.setattr(fit_matcher, "fit", lambda chosen: fitted_on.append(
        {s["group"] for s in chosen}) or fit(chosen))
    found = leave_out.leave_each_out(samples)
    assert fitted_on == [{"vm"}, {"tcp"}]  # tcp scored by a fit on vm alone, then vm
    for table in ("tcp", "vm"):
        right, questions, _ = found[table]
        assert questions >= 95 and right >= 0.6 * questions, found  # a wordless one is skipped
        assert found[f"{table} people"][1] > 0  # people's questions scored apart
    assert "tables left out, a fifth at a time: " in leave_out.summary(found)[0]


def test_the_blind_scoring_tool_reports_a_set_and_refuses_an_unknown_one():
    """`python tools/score_blind.py NAME` prints the figure docs/matching.md reports for it,
    with whether it was tuned on (from the blind sets' README), and with --examples the figure
    with a maintainer's examples merged in; an unknown set is an error."""
    tool = [sys.executable, str(ROOT / "tools" / "score_blind.py")]
    done = subprocess.run([*tool, "--examples", "tcp-vs-udp"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    line = (r"tcp-vs-udp +imported tuning +\d+\.\d% +out-of-scope as a row \d+/19"
            r" +\| with examples +\d+\.\d% +as a row \d+/19\n")
    assert re.fullmatch(line, done.stdout), done.stdout
    wrong = subprocess.run([*tool, "no-such-set"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "no-such-set" in wrong.stderr


@pytest.mark.parametrize("path", sorted((DATA / "agreement").glob("*.yaml")),
                         ids=lambda path: path.stem)
def test_a_second_labelling_covers_its_set_once_with_the_tables_own_rows(tmp_path, path):
    """tests/data/agreement/ (tools/label_agreement.py): each second labelling names every
    question of its set once, with a kind the rule knows and rows the table has."""
    shared = path.stem == "shared-real-questions"
    if shared and not (SHARED_EVAL.parent / "real-questions.yaml").exists():
        pytest.skip("the shared real-question set is not here")
    questions = load_questions(SHARED_EVAL.parent / "real-questions.yaml" if shared
                               else DATA / "blind" / f"{path.stem}.yaml")
    if shared:
        kb = load_knowledge(ROOT / "knowledge")
    else:
        table = DATA / "tables" / f"{path.stem.removeprefix('real-questions-')}.md"
        (tmp_path / "t.yaml").write_text(import_table(table, None), "utf-8")
        kb = load_knowledge(tmp_path)
    features = {row.feature for topic in kb.topics for row in topic.rows}
    labels = yaml.safe_load(path.read_text("utf-8"))
    assert sorted(label["index"] for label in labels) == list(range(len(questions)))
    assert {label["kind"] for label in labels} <= {"row", "summary", "analogy", "table",
                                                    "help", "none"}
    rows = [row for label in labels if label["kind"] == "row" for row in label["rows"]]
    assert rows and set(rows) <= features


def test_a_subjects_name_clipped_the_way_people_shorten_it_is_that_subject(tmp_path):
    """"protobuf" runs the starts of "Protocol Buffers" together: the table's subject, so
    "protobuf vs json" asks for the summary, not two rows about something else."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "json-vs-protobuf")))
    assert matcher.lexical.correct("protobuf") == "protocol buffers"
    assert matcher.lexical.correct("protobufs") == "protocol buffers"
    assert matcher.lexical.correct("prototype") == "prototype"  # a word of its own
    assert matcher.match("protobuf vs json").kind == "summary"
    assert matcher.match("Is Protobuf faster than JSON?").features == ["Parsing Speed"]


def test_the_start_of_a_subjects_name_names_it_when_compared(tmp_path):
    """People drop a name's tail: "mongo", "rabbit", "postgres", "on-prem". Compared side by
    side, they ask for the gist of that table, even beside other tables and when the start
    is an everyday word ("rabbit"); too little of a name ("kube" of Kubernetes, three letters)
    names nothing by this rule."""
    names = ("kafka-vs-rabbitmq", "mongodb-vs-cassandra", "public-cloud-vs-on-premises",
             "postgresql-vs-mysql", "compose-vs-kubernetes")
    matcher = Matcher(load_knowledge(imported(tmp_path, *names)))
    for question, table in [("kafka vs rabbit", "Kafka vs RabbitMQ"),
                            ("mongo or cassandra?", "MongoDB vs Cassandra"),
                            ("cloud vs on-prem", "Public Cloud vs On-Premises"),
                            ("postgres vs mysql", "PostgreSQL vs MySQL")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.title) == ("summary", table), question
    lexical = matcher.lexical
    assert lexical.subject_word_started("mongo") == "mongodb"
    assert lexical.subject_word_started("kube") == "" and lexical.subject_word_started("rab") == ""
    assert matcher.match("does rabbit keep messages after they are read?").features == [
        "Retention"]


def test_a_subjects_short_form_names_it_in_a_sentence_too(tmp_path):
    """"mongo" is MongoDB even when a cell has the word "mongos", and "Postgres" written
    capitalised is no foreign name: each goes to its own table beside others."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "postgresql-vs-mysql",
                                              "mongodb-vs-cassandra", "kafka-vs-rabbitmq")))
    assert matcher.lexical.subject_named("mongo") == "mongodb"
    assert matcher.lexical.subject_named("protobuf") == ""  # no such table loaded
    answer = matcher.match("how does mongo handle replication?")
    assert (answer.kind, answer.topic.title) == ("row", "MongoDB vs Cassandra")
    answer = matcher.match("Is Postgres better at replication than MySQL?")
    assert (answer.kind, answer.features) == ("row", ["Replication"])


def test_kb_import_proposes_the_short_form_the_table_itself_writes(tmp_path):
    """A table about Visual Studio Code that calls it "VS Code" in its cells: people type
    "VS Code" and "vscode", so the import proposes both; a word of the name alone ("Code")
    or an accidental fit ("Objects" beside Object Storage) is not proposed."""
    kb = load_knowledge(imported(tmp_path, "vim-vs-vscode", "object-vs-block-storage"))
    aliases = {s.name: s.aliases for t in kb.topics for s in t.subjects}
    assert {"VS Code", "VSCode"} <= set(aliases["Visual Studio Code"])
    assert "Code" not in aliases["Visual Studio Code"]
    assert "Objects" not in aliases["Object Storage"]
    matcher = Matcher(kb)
    assert matcher.match("vim vs vscode").kind == "summary"
    assert matcher.match("is vscode slow to start?").features == ["Startup and Footprint"]


def test_a_word_that_asks_for_help_alone_asks_about_the_table_beside_its_words(tmp_path):
    """"how to use" or "commands" on their own ask about the bot; "memory usage of threads"
    asks about the table's rows. A message of nothing but such words gets the help text
    whatever the rows say ("commands" beside two rows about commands was declined after
    the twenty-third session's refit: the classifier weighed the rows' words)."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "processes-vs-threads",
                                              "cron-vs-systemd-timers")))
    for question in ("how to use", "commands", "list of commands", "how do I use this bot?"):
        assert matcher.match(question).kind == "help", question
    assert matcher.match("memory usage of threads vs processes").features == ["Memory Space"]


def test_how_to_use_a_thing_a_row_explains_gets_that_row(tmp_path):
    """"how to use OnCalendar" asks what the Schedule Syntax row explains. "how to use" asks
    for help only when nothing else is asked; beside the table's own words it is no help cue
    (the twenty-third session's refit weighed that cue enough to decline the row)."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "cron-vs-systemd-timers")))
    assert matcher.match("how to use OnCalendar").features == ["Schedule Syntax"]


def test_an_answer_kinds_word_that_is_the_tables_own_thing_asks_about_its_rows(tmp_path):
    """"chart" asks for the whole comparison, unless the table is about Helm charts and the
    message asks about them with the rows' other words; the same for a database's tables.
    On its own, or with no other word of the rows, it still asks for the comparison. (How
    sure the row is, is the models' business: the row may come as the answer or, since the
    twenty-first session's refit, as the first "did you mean" button.)"""
    matcher = Matcher(load_knowledge(imported(tmp_path, "helm-vs-kustomize",
                                              "postgresql-vs-mysql")))
    charts = matcher.match("how do helm charts handle values", "helm-vs-kustomize")
    assert charts.kind in ("row", "none")
    first = charts.features[:1] or [s.feature for s in charts.suggestions[:1]]
    assert first == ["Configuration"]
    answer = matcher.match("does mysql lock the whole table on alter", "postgresql-vs-mysql")
    assert answer.features == ["Concurrency Control"]
    for question in ("give me the comparison table", "can you show the table?"):
        assert matcher.match(question, "postgresql-vs-mysql").kind == "table", question
    assert matcher.match("comparison chart", "helm-vs-kustomize").kind == "table"


def test_a_cue_inside_a_longer_cue_of_another_kind_is_the_longer_ones(tmp_path):
    """"big picture" asks for the summary, not for a picture (an analogy); "a picture" alone
    still asks for the analogy."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "istio-vs-linkerd")))
    assert matcher.match("Big picture, why would someone pick one over the other?").kind == (
        "summary")
    assert matcher.match("give me a picture of it").kind == "analogy"


def test_comparing_the_two_subjects_in_any_words_asks_for_the_gist(tmp_path):
    """"compare X and Y", "how do X and Y differ", "X vs Y differences": nothing asked but
    how the two compare, so the summary, on a table imported with nothing added; a row's word
    beside them asks for that row."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "kafka-vs-rabbitmq")))
    for question in ("compare kafka and rabbitmq", "how do kafka and rabbitmq differ",
                     "kafka vs rabbitmq differences", "contrast kafka with rabbitmq"):
        assert matcher.match(question).kind == "summary", question
    assert matcher.match("compare kafka and rabbitmq throughput").features == ["Throughput"]


def test_one_subject_asked_about_as_a_whole_gets_what_it_is(tmp_path):
    """"kafka?", "what is kafka", "tell me about kafka": the summary says what each one is
    when no row defines them; the shipped table's Definition row does, so it answers."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "kafka-vs-rabbitmq")))
    for question in ("kafka?", "what is kafka", "tell me about kafka", "explain rabbitmq"):
        assert matcher.match(question).kind == "summary", question
    shipped = Matcher(load_knowledge(ROOT / "knowledge"))
    for question in ("kubernetes?", "explain docker", "tell me about kubernetes"):
        assert shipped.match(question).features == ["Definition"], question


def test_kb_import_proposes_what_tells_names_with_the_same_first_word_apart(tmp_path):
    """"Git Merge" beside "Git Rebase": people say "merge" and "rebase", as they say "REST"
    of REST API beside GraphQL API; so "rebase?" asks about Git Rebase as a whole."""
    kb = load_knowledge(imported(tmp_path, "git-merge-vs-rebase"))
    aliases = {s.name: s.aliases for t in kb.topics for s in t.subjects}
    assert "Rebase" in aliases["Git Rebase"] and "Merge" in aliases["Git Merge"]
    matcher = Matcher(kb)
    assert matcher.match("rebase?").kind == "summary"
    assert matcher.match("merge or rebase?").kind == "summary"


def test_asking_when_to_pick_one_is_the_use_case_rows_question_whatever_its_words(tmp_path):
    """"when would you go for one over the other?" shares no word with any row and, without
    subjects, its meaning is near none: the way it asks names the table's Use Case row, so it
    is the table's question, not one about nothing ("when would you eat lunch" still is)."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "deployment-vs-statefulset")))
    answer = matcher.match("When would you go for one over the other?")
    assert (answer.kind, answer.features) == ("row", ["Use Case"])
    assert matcher.match("when would you eat lunch?").kind == "none"


def test_a_strong_way_of_asking_for_the_table_needs_no_rows_words_beside_it(tmp_path):
    """"could I view everything side by side?": half its words ask for the whole table and
    none is a row's, so it gets the table (beside words about something else, "lunch
    options", it should not: a known gap, below). The subjects' names beside it ask nothing
    more, though the rows' cells use them too."""
    matcher = Matcher(load_knowledge(imported(tmp_path, "kafka-vs-rabbitmq")))
    assert matcher.match("could I view everything side by side?").kind == "table"
    assert matcher.match("could I view Kafka and RabbitMQ side by side?").kind == "table"


def test_a_word_several_row_names_share_gets_all_of_those_rows(tmp_path):
    """A team's table has three Support rows; "support?" asks about all of them, and picking
    one was a guess (a maintainer's review: one of four Support rows came back). A question
    that says which one ("is support 24/7?", "how quickly will support get back to me?")
    still gets that row alone."""
    matcher = matcher_of(
        tmp_path, "Vendor A vs Vendor B", "| Feature | Vendor A | Vendor B |",
        "| Support hours | 9-5 weekdays | 24/7 |",
        "| Support channels | Email only | Phone, chat, email |",
        "| Support response time | 2 business days | 1 hour for P1 |",
        "| Pricing | $10 a seat | $25 a seat |",
        "| Data residency | US only | US or EU |",
        "| Single sign-on | SAML | SAML and OIDC |")
    support = {"Support hours", "Support channels", "Support response time"}
    for question in ("support?", "tell me about the support"):
        answer = matcher.match(question)
        assert answer.kind == "row" and set(answer.features) == support, question
    assert matcher.match("is support 24/7?").features == ["Support hours"]
    assert matcher.match("how quickly will support get back to me?").features == [
        "Support response time"]
    assert matcher.match("support hours?").features == ["Support hours"]
    (tmp_path / "more").mkdir()
    more = matcher_of(
        tmp_path / "more", "Vendor A vs Vendor B", "| Feature | Vendor A | Vendor B |",
        "| Support hours | 9-5 weekdays | 24/7 |", "| Support channels | Email | Phone |",
        "| Support response time | 2 days | 1 hour |", "| Support languages | EN | EN, DE |",
        "| Pricing | $10 a seat | $25 a seat |")
    answer = more.match("support?")  # four rows: which one?
    assert answer.kind == "none" and {s.feature for s in answer.suggestions} == support | {
        "Support languages"}


def test_a_name_with_a_number_is_known_however_it_is_spaced(tmp_path):
    """A severity table's SEV2 asked about as "SEV-2" or "sev 2" was a thing the bot does not
    cover ("a question about sev"); typed as the table writes it, it was answered."""
    matcher = matcher_of(
        tmp_path, "Incident severity levels", "| | SEV1 | SEV2 |",
        "| Ack within | 5 min | 15 min |", "| Status page | Yes | If over 30 min |",
        "| Postmortem | Required | Optional |")
    for question in ("do we need a status page for a sev-2 incident?",
                     "status page for a sev 2?", "status page for sev2?"):
        answer = matcher.match(question)
        assert answer.features == ["Status page"], (question, answer.off_topic_term)
    assert matcher.match("what is a sev-1?").kind == "summary"  # its first row, named
    assert matcher.match("how long do I have to acknowledge a SEV-2").off_topic_term == ""



def test_with_several_tables_a_declines_choices_say_which_comparison_they_are_from(tmp_path):
    """"1. Summary 2. Full table" beside five loaded comparisons said nothing of which one's
    (a maintainer's review); the reply now names it, in the terminal and in Slack."""
    kb = load_knowledge(imported(tmp_path, "vm-vs-container", "rest-vs-graphql"))
    topic = kb.topics[0]
    answer = Answer("how fast does it boot on arm?", "none", topic, suggestions=(
        Suggestion("row", topic.id, topic.rows[0].feature), *Suggestion.overview(topic)),
        reason=REASON_OUT_OF_SCOPE)
    assert f", from {topic.title}:\n  1. {topic.rows[0].feature}" in render(answer, kb)
    assert f"from *{topic.title}*" in json.dumps(render_answer(answer, kb).blocks)
    near_none = Matcher(kb).match("what's the bank holiday list for 2025?")  # (thirty-eighth
    assert near_none.kind == "none"  # session: it offered one table's parts, from whichever
    assert {s.feature for s in near_none.suggestions} == {t.title for t in kb.topics}  # it
    assert ", from" not in render(near_none, kb)  # came least far from; now each, by title)


def test_bare_requests_for_everything_or_the_gist_of_an_imported_table(tmp_path):
    """"show me everything" was out of scope on an imported table and a row on the shipped
    one; "whats the diff between X and Y" was unsure; words after a title's head ("for new
    services") named the table in any question about a new service."""
    matcher = matcher_of(
        tmp_path, "Deploy paths for new services", "| Area | Golden path | Jenkins |",
        "| Secrets | Vault | Credentials plugin |", "| Rollback | Git revert | Re-run the job |")
    for question in ("show me everything", "everything please"):
        assert matcher.match(question).kind == "table", question
    assert matcher.match("whats the diff between golden path and jenkins").kind == "summary"
    assert matcher.kb.topics[0].title_words() == ("deploy",)  # not "new", "services"


TEAM_TABLES = {
    "laptops.md": (
        'Laptop | MacBook Pro 14" M3 Pro (A2992) | Lenovo ThinkPad X1 Carbon Gen 12 (21KC)\n'
        "--- | --- | ---\n"
        "CPU | Apple M3 Pro, 11-core | Intel Core Ultra 7 155U\n"
        "RAM | 18 GB unified | 32 GB LPDDR5x\n"
        "Weight | 1.61 kg | 1.09 kg\n"
        "Battery | up to 17 h | up to 12 h\n"),
    "mobile.md": (
        "## Mobile release process — iOS vs Android\n\n"
        "| Question | iOS (App Store) | Android (Google Play) |\n|---|---|---|\n"
        "| Who can start a release? | A release captain with the App Manager role | Any "
        "engineer on the rota |\n"
        "| How long does review take? | One to two days | A few hours |\n"
        "| Can we do a staged rollout? | Phased release over 7 days | Any percentage |\n\n"
        "### Summary\n\n- Android ships faster; iOS review takes longer.\n"),
    "privacy.md": (
        "## Privacy obligations: GDPR vs CCPA\n\n"
        "| Obligation | GDPR (EU/EEA) | CCPA / CPRA (California) |\n|---|---|---|\n"
        "| Legal basis for processing | Needed for every use of personal data | Not "
        "required; notice and opt-out instead |\n"
        "| Fines | Up to 4% of global turnover | Up to $7,500 per violation |\n"
        "| Breach notification | 72 hours to the regulator | Without unreasonable delay |\n"),
    "crm.md": (
        "| Stage / field | Enterprise pipeline (Salesforce) | SMB pipeline (HubSpot) |\n"
        "|---|---|---|\n"
        "| Deal size | Over $50k a year | Under $50k a year |\n"
        "| Discount approval | Over 15% needs the VP of Sales | Over 20% needs the sales "
        "manager |\n"
        "| Contract | MSA plus order form | Click-through terms |\n"),
}


def test_a_teams_own_tables_are_named_as_people_name_them(tmp_path):
    """Four tables a team keeps (a corner cell naming the kind, product names with model
    numbers, rows written as questions, a title with its own words), loaded together: each
    is asked about the way its readers name it (reviewers' findings, thirty-fourth session)."""
    for name, page in TEAM_TABLES.items():
        (tmp_path / name).write_text(page, "utf-8")
        (tmp_path / "kb").mkdir(exist_ok=True)
        (tmp_path / "kb" / name.replace(".md", ".yaml")).write_text(
            import_table(tmp_path / name, None), "utf-8")
    kb = load_knowledge(tmp_path / "kb")
    matcher = Matcher(kb)
    laptops = kb.topic("laptops")
    assert laptops.title.startswith("Laptop: MacBook Pro")  # the corner names the kind
    assert {"MacBook", "ThinkPad", "X1"} <= {a for s in laptops.subjects for a in s.aliases}
    assert (matcher.match("laptop table").kind, matcher.match("laptop table").topic) == (
        "table", laptops)
    assert matcher.match("macbook or thinkpad?").kind == "summary"
    model = matcher.match("A2992 vs 21KC")  # "21KC" is no foreign "kc"
    assert (model.kind, model.topic) == ("summary", laptops) and model.off_topic_term != "kc"
    # "process" of the mobile table's title is the privacy table's row word too: no name
    discount = matcher.match("what is the process for getting a discount approved on an "
                             "smb deal?")
    assert discount.topic.id == "crm"  # the row, or (since the thirty-fifth session's
    # refit, "process" being no word of the table) "beyond it" with that row the first button
    assert (discount.features or [s.label for s in discount.suggestions])[:1] == [
        "Discount approval"]
    basis = matcher.match("do I need a legal basis to process data under ccpa?")
    assert basis.features == ["Legal basis for processing"]
    differs = matcher.match("ios vs android release - whats different?")
    assert (differs.kind, differs.topic.id) == ("summary", "mobile")
    assert matcher.match("minSdk?").kind == "none"  # code, not a typo of "minsk"
    from bot.render.wording import example_questions  # what the help reply suggests
    assert example_questions(kb.topic("mobile"))[:2] == [
        "who can start a release?", "how long does review take?"]


def test_a_table_named_by_its_title_is_shown_whole(tmp_path):
    """A sales team's pricing page and battlecard loaded together (a reviewer's, thirty-fifth
    session): "Pricing" is the page's title and a battlecard row's name, so the word alone
    names neither; "the pricing table" still names the page, and "show me the battlecard"
    asks for the battlecard (a row of it, before; the pricing table went to the battlecard)."""
    pages = {
        "pricing.md": "# Pricing\n\n| Feature | Starter | Business |\n|---|---|---|\n"
                      "| Price | $12 a user a month | $29 a user a month |\n"
                      "| Support | Email, next business day | 24/7 chat and phone |\n"
                      "| Storage | 100 GB | Unlimited |\n",
        "battlecard.md": "# Battlecard: Acme vs CompetitorX\n\n"
                         "| Topic | Acme | CompetitorX |\n|---|---|---|\n"
                         "| Pricing | Per seat, discounts over 50 seats | Flat fee, cheaper "
                         "under 20 seats |\n"
                         "| Where they win | Security reviews, SSO | Banking customers |\n"
                         "| Objection handling | Lead with total cost | Ask about seat "
                         "growth |\n",
    }
    kb = load_knowledge(imported_pages(tmp_path, pages))
    matcher = Matcher(kb)
    for question, topic in (("show me the whole pricing table", "pricing"),
                            ("pricing table please", "pricing"),
                            ("show me the battlecard", "battlecard")):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == ("table", topic), question
    assert matcher.match("how do they price it vs us?").topic.id == "battlecard"


def test_a_facilities_teams_tables_are_named_and_asked_as_people_do(tmp_path):
    """A facilities reviewer's (thirty-sixth session): "show me the offices table" showed the
    helpdesk table (the offices sheet, "our-three-offices.csv", had no heading, and "offices"
    is a word of its "Leeds (Head Office)"); "I cut my finger, who can help" got the help
    menu."""
    pages = {
        "our-three-offices.csv": ",Leeds (Head Office),Manchester,Bristol\n"
                                 "Address,1 Park Row,2 King St,3 Quay St\n"
                                 "Parking,10 spaces,None,5 spaces\n"
                                 "First aiders,Priya ext 2200,Jo ext 5102,Anita ext 6010\n"
                                 "Kitchen,Dishwasher at 3pm,Free coffee,Kettle only\n",
        "helpdesk.md": "## Who do I call? IT helpdesk vs Facilities\n\n"
                       "| | IT helpdesk | Facilities |\n|---|---|---|\n"
                       "| What they do | Laptops, accounts, the office network | Desks, heating, "
                       "the post |\n| Where to find them | Room 2.14 | Room G.03 |\n"
                       "| Phone number | ext 100 | ext 200 |\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    for question in ("show me the offices table", "the offices table please"):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == ("table", "our-three-offices"), question
    assert matcher.match("I cut my finger, who can help").kind != "help"
    assert matcher.match("help").kind == "help"


def test_a_request_for_the_gist_goes_to_the_table_whose_subjects_say_its_word(tmp_path):
    """A dental front desk's reviewer (forty-fifth session): "tl;dr cleanings" asked which
    of two tables, though one compares "Regular cleaning" with perio maintenance and the
    other only writes "$0 cleaning" in a cell."""
    pages = {
        "cleanings.md": "## Regular cleaning vs perio maintenance\n\n"
                        "| | Regular cleaning | Perio maintenance |\n|---|---|---|\n"
                        "| Recall interval | Every 6 months | Every 3 months |\n"
                        "| Insurance | Preventive, 100% | Basic, 80% |\n"
                        "| Who schedules it | Anyone at the desk | Only after SRP |\n\n"
                        "TL;DR: a regular cleaning keeps healthy gums clean; perio "
                        "maintenance keeps gum disease in check after a deep cleaning.\n",
        "plans.md": "## PPO vs DHMO\n\n| | PPO | DHMO |\n|---|---|---|\n"
                    "| Patient pays | Coinsurance, e.g. $0 cleaning | Copay from a list |\n"
                    "| Referrals | Not needed | Needed for specialists |\n"
                    "| Dentist | Any, cheaper in network | Only the assigned office |\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    for question, kind in [("tl;dr cleanings", "summary"), ("full table for cleanings pls",
                                                             "table")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "cleanings"), question
    assert matcher.match("tl;dr").reason == REASON_WHICH_TOPIC  # nothing says which


def test_an_analogys_image_another_table_writes_asks_for_no_analogy(tmp_path):
    """An insurer's reviewer (forty-fifth session): beside the shipped table, whose analogy
    makes a container a **car**, "how much does a cat n car lose in value" got "there is no
    analogy yet" from a motor claims table whose cells say "car"."""
    pages = {"cats.md": "## Cat S vs Cat N\n\n| | Cat S | Cat N |\n|---|---|---|\n"
                        "| Damage | Structural: the frame or chassis | Non-structural: panels, "
                        "electrics |\n| Resale value | Loses 30-40% | Loses 20-30% |\n"
                        "| Customer keeps the car | Yes, if they buy the salvage back | Yes, "
                        "if they buy the salvage back |\n| Back on the road | After repair "
                        "and a check | After repair |\n"}
    kb_dir = imported_pages(tmp_path, pages)
    shutil.copy(SHIPPED, kb_dir)
    matcher = Matcher(load_knowledge(kb_dir))
    for question in ("my car's cat n what happens next", "is the car a write off if it's cat s"):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == ("row", "cats"), question
    alone = Matcher(load_knowledge(SHIPPED.parent))
    assert alone.match("is a container like a car?").kind == "analogy"


def test_a_tables_title_word_in_another_tables_cell_leaves_it_its_gist(tmp_path):
    """A NOC's reviewer (forty-fifth session): the routing page's cell "(see Incident
    priorities)" took "tl;dr priorities" and "analogy for incident priorities?" from the
    incident table; a row question with the word still goes where its rows fit."""
    pages = {
        "priorities.md": "## Incident priorities: P1 vs P2\n\n| | P1 | P2 |\n|---|---|---|\n"
                         "| Acknowledge within | 5 min | 15 min |\n| Restore target | 4 hours "
                         "| 8 hours |\n| Bridge call | Yes | Only after 2 hours |\n\n"
                         "TL;DR: P1 is many customers down; P2 is one.\n\n"
                         "Think of it like triage in A&E.\n",
        "routing.md": "## OSPF vs BGP\n\n| | OSPF | BGP |\n|---|---|---|\n"
                      "| Where we run it | Inside each region | To transit and peers |\n"
                      "| When it is a P1 | Core adjacency lost (see Incident priorities) | "
                      "Both transits down (see Incident priorities) |\n"
                      "| Port | IP protocol 89 | TCP 179 |\n\n"
                      "TL;DR: OSPF inside, BGP outside.\n\nThink of OSPF as a city map.\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    for question, kind in [("tl;dr priorities", "summary"),
                           ("analogy for incident priorities?", "analogy")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "priorities"), question


def test_a_hyphened_title_word_names_its_table(tmp_path):
    """"On-call: Primary vs Secondary" beside an incident table whose row says "Who to call":
    "on-call tl;dr" was a row and "show the full on-call table" asked which (an SRE team's
    reviewer, forty-fifth session): "on" opened the title, and was read as its tail."""
    pages = {
        "oncall.md": "## On-call: Primary vs Secondary\n\n| | Primary | Secondary |\n"
                     "|---|---|---|\n| Pages | First | After 10 minutes |\n| Handoff | Monday "
                     "10:00 | Monday 10:00 |\n| Laptop | Always with you | Always with you |"
                     "\n\nTL;DR: the primary answers first; the secondary backs them up.\n",
        "incidents.md": "## Incident priorities: P1 vs P2\n\n| | P1 | P2 |\n|---|---|---|\n"
                        "| Who to call | Duty manager | Tier 2 |\n| Acknowledge within | 5 min |"
                        " 15 min |\n| Restore target | 4 hours | 8 hours |\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    assert matcher.kb.topic("oncall").title_words() == ("call",)
    for question, kind in [("on-call tl;dr", "summary"), ("show the full on-call table",
                                                          "table")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "oncall"), question


def test_how_to_a_verb_a_row_is_named_for_gets_that_rows_steps(tmp_path):
    """"how do i connect to wifi" beside a "How to connect" row was unsure (a facilities
    reviewer's, thirty-sixth session); a verb no row is named for still reads as how-to."""
    matcher = matcher_of(
        tmp_path, "Staff Wi-Fi vs Guest Wi-Fi", "| | Staff Wi-Fi | Guest Wi-Fi |",
        "| Who it's for | Company laptops and phones | Visitors |",
        "| How to connect | Automatic on company laptops | Ask reception for today's code |",
        "| How to do it | Log a ticket | Ask reception |",
        "| Rollback | Revert the access point's firmware | Reset the guest code |",
        "| Management | IT, through the controller | Reception, daily codes |",
        "| Speed | 500 Mbit/s | 20 Mbit/s |")
    for question in ("how do i connect to wifi", "how to connect?",
                     "how do I connect my phone to the guest network"):
        assert matcher.match(question).features == ["How to connect"], question
    assert matcher.match("how do I reset the router?").features != ["How to connect"]
    assert matcher.match("how do i manage kubernetes secrets?").features != ["Management"]
    release = matcher_of(  # a row named for what is asked how to do (a mobile reviewer's
        tmp_path / "release", "Release process: iOS vs Android",  # "how do I roll back a
        "| Step | iOS | Android |", "| Review time | 1 day | Hours |",  # bad release" was
        "| Rollback | Submit a new build | Halt the staged rollout |",  # only a button)
        "| Hotfix | Expedited review | Staged rollout at 100% |",
        "| Crash reporting | Crashlytics | Crashlytics |")
    assert release.match("how do we hotfix a crash").features == ["Hotfix"]


def test_two_tables_tied_on_a_row_go_to_the_one_using_more_of_the_words(tmp_path):
    """"cost and backfills of both" beside a streaming table's Cost row and an orchestrators'
    "Hosting / cost" and "Backfills" rows asked which table (a data-platform reviewer's,
    thirty-sixth session); only the orchestrators' table speaks of backfills."""
    pages = {
        "streaming.md": "## Kafka vs Pub/Sub\n\n| Aspect | Kafka | Pub/Sub |\n|---|---|---|\n"
                        "| Ordering | Per partition | Ordering keys |\n"
                        "| Cost | $4.8k a month | $40 a TiB |\n| Retention | 7 days | 7 days |\n",
        "orchestrators.md": "## Airflow vs Dagster\n\n| Feature | Airflow | Dagster |\n"
                            "|---|---|---|\n| Scheduling | Cron schedules | Sensors and "
                            "schedules |\n| Backfills | CLI, clunky | From the UI |\n"
                            "| Hosting / cost | Composer, $1.1k a month | GKE, $350 a month |\n",
    }
    answer = Matcher(load_knowledge(imported_pages(tmp_path, pages))).match(
        "cost and backfills of both")
    assert answer.topic.id == "orchestrators" and answer.reason != "which_topic"


def test_tables_comparing_the_same_things_ask_which_one_is_meant(tmp_path):
    """A mobile team's release and CI tables both compare iOS and Android (a reviewer's,
    thirty-sixth session): "tl;dr ios vs android?" and "show me the full table for ios vs
    android" answered from whichever was loaded first; a row's words still say which."""
    pages = {
        "release.md": "## Release process: iOS vs Android\n\n| Step | iOS | Android |\n"
                      "|---|---|---|\n| Review time | 1 day | Hours |\n"
                      "| Hotfix | Expedited review | Staged rollout halt |\n",
        "ci.md": "## CI: iOS vs Android\n\n| Thing | iOS | Android |\n|---|---|---|\n"
                 "| Runner | macOS 14 | ubuntu-latest |\n| Build time | 18 min | 9 min |\n",
    }
    matcher = Matcher(load_knowledge(imported_pages(tmp_path, pages)))
    for question in ("tl;dr ios vs android?", "ios vs android",
                     "show me the full table for ios vs android"):
        answer = matcher.match(question)
        assert answer.reason == "which_topic", question
        assert {s.topic_id for s in answer.suggestions} == {"release", "ci"}, question
    assert matcher.match("ios vs android build time").features == ["Build time"]


def test_a_table_naming_both_things_asked_is_not_asked_about(tmp_path):
    """"give me the gist of serverless vs containers" names the serverless table's two
    subjects and the shipped table's Container: it is the serverless table's summary, not
    "which comparison?" (the thirty-sixth session's first same-subjects rule asked)."""
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", kb)
    imported(kb, "serverless-vs-containers")
    matcher = Matcher(load_knowledge(kb))
    for question, kind in (("give me the gist of serverless vs containers", "summary"),
                           ("how would i explain serverless vs containers to my mom",
                            "analogy")):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "serverless-vs-containers"), question


def test_a_policy_row_is_found_by_the_section_its_name_cites(tmp_path):
    """A retention policy whose rows cite their sections (a compliance reviewer's, thirty-
    fifth session): "what does §4.2 say" was beyond the table, "section 4.2" a SOC 2 row
    named "Report sections"."""
    matcher = matcher_of(
        tmp_path, "Retention policy: Production logs vs Backups",
        "| Clause | Production logs | Backups |",
        "| Retention period (§4.2) | 90 days hot, one year in total | 35 days |",
        "| Audit logs (§4.3) | Seven years | Not kept |",
        "| Open criticals | CVE-2024-3094 (xz, not exploitable) | None |",
        "| Access (Section 7.1) | On-call SRE via SSO | Backup admins only |",
        "| Report sections | Listed in the annex | Listed in the annex |")
    for question, rows in (("what does §4.2 say", ["Retention period (§4.2)"]),
                           ("section 7.1?", ["Access (Section 7.1)"]),
                           ("sections 4.2 and 4.3", ["Retention period (§4.2)",
                                                     "Audit logs (§4.3)"]),
                           ("what is cve-2024-3094?", ["Open criticals"])):  # an id a cell
        # writes (a security reviewer's, thirty-sixth session: it was unsure)
        assert matcher.match(question).features == rows, question


def test_a_decline_offering_a_row_first_does_not_say_it_knows_nothing(tmp_path):
    """"Sorry, that's outside what I know" above the very row that answers it, as the first
    button, said two things at once (a frontend reviewer's, thirty-fifth session). Neither
    reply says "I only explain" what it lists (fortieth session)."""
    from bot.render.wording import none_message
    kb = load_knowledge(imported(tmp_path, "vm-vs-container"))
    topic = kb.topics[0]
    row_first = Answer("iam auth token how", "none", topic, reason=REASON_OUT_OF_SCOPE,
                       suggestions=(Suggestion("row", topic.id, topic.rows[0].feature),
                                    Suggestion("summary", topic.id)))
    text = render(row_first, kb)
    assert "I couldn't find that exactly in Virtual Machine vs Container," in text
    assert "The closest I have:" in text and f"1. {topic.rows[0].feature}" in text
    nothing_near = row_first._replace(suggestions=(Suggestion("summary", topic.id),))
    said = none_message(nothing_near, kb)
    assert said.startswith("Sorry, I couldn't find that in **Virtual Machine vs Container**")
    assert "I only explain" not in text + said


def test_an_unsure_reply_names_its_comparison_when_several_are_loaded(tmp_path):
    from bot.answer import REASON_UNSURE, Answer, Suggestion
    from bot.render.wording import none_message
    kb = load_knowledge(imported(tmp_path, "vm-vs-container", "rest-vs-graphql"))
    topic = kb.topic("vm-vs-container")
    unsure = Answer("which is lighter?", "none", topic, reason=REASON_UNSURE,
                    suggestions=(Suggestion("row", topic.id, topic.rows[0].feature),))
    assert none_message(unsure, kb).startswith(
        f"I'm not sure which part of **{topic.title}** you mean.")
    alone = load_knowledge(imported(tmp_path / "one", "vm-vs-container"))
    assert none_message(unsure, alone).startswith(
        "I'm not sure which part of the comparison you mean.")


def test_a_tables_own_words_are_no_sign_it_is_beyond_it(tmp_path):
    """A procedures table with a "How to do it" row answers how-to questions; a subject
    named "Exception refund" makes "exception" no troubleshooting word; cells that speak of
    "full scans" and "Iceberg tables" leave "show me the full table" asking for the table."""
    (tmp_path / "refunds.md").write_text(
        "| Feature | Standard refund | Exception refund |\n|---|---|---|\n"
        "| When to use it | Within 30 days of purchase | After 30 days, or over $500 |\n"
        "| How to do it | Admin Console > Billing > Refund, pick the invoice | Open a "
        "Finance ticket with the invoice and the reason |\n"
        "| How long it takes | 5-10 business days to the card | 2-3 weeks after approval |\n"
        "| Who can do it | Any support agent | Finance, after a team lead signs |\n", "utf-8")
    (tmp_path / "warehouses.csv").write_text(
        "Dimension,Google BigQuery,Duckpond\n"
        "Query speed,Seconds on most dashboards,Slow on full scans at 9am\n"
        "Storage,Managed tables in Google's cloud,Parquet files in Iceberg tables on S3\n"
        "Cost model,$6.25 per TB scanned,Fixed cluster cost\n"
        "Who owns it,Analytics Engineering,Data Platform\n", "utf-8")
    for name in ("refunds.md", "warehouses.csv"):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / "t.yaml").write_text(import_table(tmp_path / name, None), "utf-8")
    refunds = Matcher(load_knowledge(tmp_path / "refunds"))
    for asked in ("how do i refund in admin console", "how to refund",
                  "how to do a standard refund"):  # the last two name only the subjects
        assert refunds.match(asked).features == ["How to do it"], asked
    assert refunds.match("how do standard and exception refunds differ").kind == "summary"
    differ = refunds.match("standard vs exception refund difference?")
    assert differ.kind == "summary"  # not "troubleshooting": the table names "exception"
    warehouses = Matcher(load_knowledge(tmp_path / "warehouses"))
    for asked in ("show me the full table", "full table pls"):
        assert warehouses.match(asked).kind == "table", asked


def test_a_sentence_listing_rows_by_name_shows_them(tmp_path):
    """Rows named outright and joined as a list are shown, in the order named, whatever
    context sentence stands beside them; a second question beside them is the models' to
    read, and one row qualifying another ("latency of multicast") is no list."""
    tcp = Matcher(load_knowledge(imported(tmp_path, "tcp-vs-udp")))
    listed = tcp.match("could you compare ordering, header size and latency for me? "
                       "I'm new to networking and my lead said to start here")
    assert (listed.kind, listed.features) == ("row", ["Ordering", "Header Size", "Latency"])
    assert tcp.match("reliability or multicast?").features == ["Reliability", "Multicast"]
    assert tcp.match("latency of multicast?").features != ["Latency", "Multicast"]


def test_names_typed_without_their_marks_are_the_tables(tmp_path):
    """People type "nextjs", "w2" and "401k" for Next.js, W-2 and 401(k), "accessibility"
    for a row named "a11y", "server side rendering" for one named SSR: the table's names, not
    something it does not cover ("where is my W2" was "a question about w2, which I don't
    cover"; a maintainer's review, thirty-fifth session)."""
    payroll = matcher_of(tmp_path / "pay", "Payroll", "| Topic | ADP | Rippling |",
                         "| W-2 for 2024 | Mailed in January | In the app |",
                         "| 401(k) | Fidelity | Fidelity, no change |",
                         "| Pay dates | 15th and last day | 15th and last day |")
    assert payroll.match("where is my W2").features == ["W-2 for 2024"]
    assert payroll.match("401k?").features == ["401(k)"]
    web = matcher_of(tmp_path / "web", "Frameworks", "| | Next.js | Remix |",
                     "| a11y | Lint rules built in | Up to you |",
                     "| Routing | File-based app router | Nested routes |",
                     "| Hosting | Vercel or standalone | Any Node server on r7g.large |",
                     "| SSR | Server components | Every route's loader |")
    assert web.match("accessibility?").features == ["a11y"]
    assert web.match("how does server side rendering compare?").features == ["SSR"]
    assert "rendering" in web.lexical.tokens("rendering")  # a cell's "r7g" is no numeronym
    nextjs = web.match("can we self-host nextjs?")
    assert nextjs.reason != "out_of_scope" and nextjs.off_topic_term != "nextjs"


def test_where_to_find_a_thing_a_row_is_named_for_is_that_rows(tmp_path):
    """"where do I find my pay stub" beside a "Pay stubs" row that says where: not a how-to
    question beyond the table (a people-ops maintainer's review, thirty-fifth session); a
    how-to question about something no row is named for still is."""
    payroll = matcher_of(tmp_path / "pay", "Payroll", "| Topic | ADP | Rippling |",
                         "| Pay stubs | ADP portal > Pay > Statements | Rippling app > Payroll |",
                         "| Pay dates | 15th and last day | 15th and last day |",
                         "| Support | payroll@ email, 2 days | Chat in Rippling, same day |")
    assert payroll.match("where do I find my pay stub").features == ["Pay stubs"]
    assert payroll.match("how do I reset my ADP password after 3 failed logins?").kind == "none"


def test_a_row_name_beats_an_everyday_subject_word_and_shared_rows_ask_which(tmp_path):
    """A facilities maintainer's Wi-Fi table (thirty-sixth session) has subjects "Staff" and
    "Guest": "staff parking" got its "Where it works" row (a cell says "car park") beside the
    offices table's own Parking row. A hardware team's tables (thirty-seventh) each have a
    cost row: "how much does it cost?" was answered from one of them, unseen."""
    kb = imported_pages(tmp_path, {
        "wifi.md": "| | Staff Wi-Fi | Guest Wi-Fi |\n|---|---|---|\n"
                   "| Password | From IT | At reception |\n"
                   "| Where it works | Every floor and the car park | Reception only |\n"
                   "| Speed | 500 Mbps | 20 Mbps |\n",
        "offices.md": "## Our offices\n\n| | Leeds | Bristol |\n|---|---|---|\n"
                      "| Parking | 20 spaces, ask reception | Street only |\n"
                      "| Kitchen | 2nd floor | Ground floor |\n| Hours | 8-6 | 9-5 |\n",
        "solder.md": "| | Lead-free solder | Leaded solder |\n|---|---|---|\n"
                     "| Cost | $50 a kg | $28 a kg |\n| Melting point | 217 °C | 183 °C |\n"
                     "| Shelf life | 6 months | 12 months |\n",
        "finish.md": "| | ENIG | HASL |\n|---|---|---|\n| Cost | Higher | Lower |\n"
                     "| Flatness | Flat | Uneven |\n| Paste shelf life | 12 months | 6 months |\n"})
    matcher = Matcher(load_knowledge(kb))
    for question, row in [("staff parking", "Parking"), ("is there guest parking", "Parking"),
                          ("staff wifi password", "Password")]:
        answer = matcher.match(question)
        assert answer.features == [row], (question, answer.topic.id, answer.features)
    for question in ("how much does it cost?", "shelf life?", "how does shelf life work?"):
        answer = matcher.match(question)  # ("work" asks how: a cloud team's "how do secrets
        assert answer.reason == REASON_WHICH_TOPIC, (question, answer.features)  # work")
        assert {s.topic_id for s in answer.suggestions} == {"solder", "finish"}
    assert matcher.match("how much does leaded solder cost").features == ["Cost"]
    assert matcher.match("compare all of them").reason == REASON_WHICH_TOPIC  # not a row
    alone = Matcher(load_knowledge(imported(tmp_path / "one", "tcp-vs-udp")))
    assert alone.match("compare them all side by side").kind == "table"


def test_each_part_of_a_joined_row_name_names_the_row_and_the_whole_name_its_table(tmp_path):
    """A pharmacy's tables (thirty-eighth session): "Repeats / eRD" in the controlled-drugs
    table was named neither by "repeats" nor, beside another table's "Repeats" row whose
    cell says eRD, by its own whole name; both answered that CDs can be repeated, which
    the law forbids. A slash between spaces, or brackets, joins two names; "Read/Write" is
    one name, and a bracketed year names nothing (its row is named without it)."""
    kb = imported_pages(tmp_path, {
        "cd.md": "| | Schedule 2 CDs | Schedule 3 CDs |\n|---|---|---|\n"
                 "| Repeats / eRD | Not allowed | Not allowed |\n"
                 "| Safe custody (CD cabinet) | Required | Required for most |\n"
                 "| Validity | 28 days | 28 days |\n",
        "scripts.md": "| | NHS prescription | Private prescription |\n|---|---|---|\n"
                      "| Repeats | From the GP, or batches by eRD | Only if written on it |\n"
                      "| Cost | £9.90 an item | Set by the pharmacy |\n"
                      "| Validity | 6 months | 6 months |\n"})
    matcher = Matcher(load_knowledge(kb))
    for question, table, row in [("repeats / eRD", "cd", "Repeats / eRD"),
                                 ("are repeats allowed for schedule 2 cds", "cd",
                                  "Repeats / eRD"),
                                 ("safe custody for schedule 3", "cd",
                                  "Safe custody (CD cabinet)"),
                                 ("how much is an nhs prescription", "scripts", "Cost")]:
        answer = matcher.match(question)
        assert (answer.topic.id, answer.features[:1]) == (table, [row]), (question, answer)
    assert matcher.match("repeats?").reason == REASON_WHICH_TOPIC  # each table has such a row
    from bot.text import name_parts
    assert name_parts("Repeats / eRD") == ["Repeats", "eRD"]
    assert name_parts("Read/Write Speed") == []
    assert name_parts("Legal Status (2025)") == ["Legal Status"]


def test_two_things_of_two_tables_compared_ask_which_comparison(tmp_path):
    """A game studio's tables (thirty-eighth session): "the difference between a soft
    launch and a hotfix" got the summary of Soft launch vs Global launch, as if "launch",
    which both its subjects share, named the other one too."""
    kb = imported_pages(tmp_path, {
        "launch.md": "| | Soft launch | Global launch |\n|---|---|---|\n"
                     "| Countries | Three small markets | Everywhere |\n"
                     "| Budget | $5k a week | $250k a week |\n"
                     "| How long it lasts | 8-12 weeks | Until sunset |\n\n"
                     "## Summary\n- **Soft launch** rehearses in a few markets.\n"
                     "- **Global launch** is the real thing.\n",
        "fix.md": "| | Server hotfix | Client release |\n|---|---|---|\n"
                  "| What changes | Server code and config | The app itself |\n"
                  "| Time to players | Minutes | Days of store review |\n"
                  "| Rollback | Redeploy | Another release |\n\n"
                  "## Summary\n- **Server hotfix** changes our servers.\n"
                  "- **Client release** ships a new app build.\n"})
    matcher = Matcher(load_knowledge(kb))
    answer = matcher.match("whats the difference between a soft launch and a hotfix")
    assert answer.reason == REASON_WHICH_TOPIC
    assert [s.topic_id for s in answer.suggestions] == ["launch", "fix"]
    for question, table in [("soft launch vs global launch", "launch"),
                            ("hotfix or client release?", "fix")]:
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == ("summary", table), (question, answer)


def test_initials_typed_for_a_row_name_find_the_row(tmp_path):
    """An HR team's health plans (thirty-ninth session): "how much is the ER" was declined
    as "a question about er, which I don't cover", offering the Emergency room row first.
    Initials typed in capitals, or three letters or more that are no English word, read as
    the name they abbreviate; a word the table uses is itself."""
    matcher = matcher_of(tmp_path, "Health plans", "| | PPO | HDHP |",
                         "| Emergency room | $250 copay | Deductible, then 20% |",
                         "| Total cost of ownership | $1,704 a year | $0 a year |",
                         "| Prescriptions | $10 generic | Full price |",
                         "| Telehealth | $0 | $0 |")
    for question, row in [("how much is the ER", "Emergency room"),
                          ("whats the tco", "Total cost of ownership"),
                          ("TCO of each?", "Total cost of ownership")]:
        assert matcher.match(question).features[:1] == [row], question
    assert matcher.lexical.spelled_initials("er", in_capitals=False) == ()  # "er, well..."
    assert matcher.lexical.spelled_initials("er", in_capitals=True) == ("emergency", "room")


def test_initials_of_a_term_a_cell_writes_out_find_its_row(tmp_path):
    """A table writes "required minimum distributions" or "Horizontal Pod Autoscaler" out in
    a cell; people type "RMDs?" and "does the hpa read requests" (fifty-first session: such
    questions were declined over a word no table uses). The initials of a run of three to
    five words with nothing little inside it read as those words; two terms sharing initials
    name neither, and the start of a longer run is no term."""
    matcher = matcher_of(tmp_path, "Retirement accounts", "| | Roth IRA | Traditional IRA |",
                         "| Withdrawals in retirement | Tax-free | Taxed as income |",
                         "| Required distributions | None for the owner | required minimum "
                         "distributions, from age 73 |",
                         "| Contributions | After-tax money | Pre-tax money, often deductible |",
                         "| Inheritance | Heirs pay no tax | Heirs pay income tax |")
    for question in ("RMDs?", "when do rmds start for each", "do I have an RMD with a roth"):
        assert matcher.match(question).features[:1] == ["Required distributions"], question
    assert matcher.lexical.spelled_initials("rmd", in_capitals=False) == (
        "required", "minimum", "distributions")
    scaling = matcher_of(tmp_path / "scaling", "Scaling", "| | HPA | VPA |",
                         "| Reads | the pod resource requests | the pod restart record |",
                         "| Acts on | replica count grows quickly | requests |")
    assert scaling.lexical.spelled_initials("prr", in_capitals=True) == ()  # two terms
    assert scaling.lexical.spelled_initials("rcg", in_capitals=True) == ()  # a longer run's


def test_a_how_to_verb_finds_the_one_tables_row_a_slash_part_names(tmp_path):
    """A hospital HR team's tables (thirty-seventh session): "how do i book leave" was
    declined as steps beyond the table, though the leave table has a "Booking / reporting"
    row (a bank table's cell saying "booked" had drawn the question to it)."""
    kb = imported_pages(tmp_path, {
        "leave.md": "| | Annual leave | Sickness absence |\n|---|---|---|\n"
                    "| Booking / reporting | In Health Roster, 4 weeks ahead | Ring your "
                    "manager before 8am |\n| Pay | Full pay | Full pay for 6 months |\n"
                    "| Evidence | None | A fit note after 7 days |\n",
        "bank.md": "| | Staff bank | Agency |\n|---|---|---|\n"
                   "| How shifts are booked | You pick shifts in the app | The agency is "
                   "offered the shift |\n| Pension | NHS Pension | The agency's |\n"
                   "| Holiday pay | 12.07% of hours | Per agency terms |\n"})
    matcher = Matcher(load_knowledge(kb))
    for question in ("how do i book leave", "how do I book annual leave?"):
        answer = matcher.match(question)
        assert (answer.topic.id, answer.features) == ("leave", ["Booking / reporting"]), question


def test_where_do_i_verb_finds_the_row_named_where_to_verb(tmp_path):
    """A law firm's time-recording table (thirty-eighth session): "where do I enter my time"
    was declined as asking for steps, beside its own "Where to enter it" row."""
    kb = imported_pages(tmp_path, {
        "time.md": "| Topic | Billable time | Non-billable time |\n|---|---|---|\n"
                   "| What counts | Client work | Firm work |\n"
                   "| Where to enter it | In Elite 3E against the matter | In 3E against "
                   "internal codes |\n| Units | Tenths of an hour | Tenths of an hour |\n"
                   "| Deadline | 10 am next day | Same |\n"})
    matcher = Matcher(load_knowledge(kb))
    for question in ("where do I enter my time", "where do i enter non-billable time?"):
        assert matcher.match(question).features == ["Where to enter it"], question
    assert matcher.match("where do I enter my password reset code").kind == "none"


def test_a_real_word_typo_beside_a_typo_completes_the_phrase_it_would_beside_the_word(tmp_path):
    """"waht is the compnay mach" (an HR reviewer's, thirty-ninth session): "mach" is an
    English word, kept unless its repair completes a phrase of the table with a neighbour;
    "company mach" did, "compnay mach" did not, as the neighbour was a typo too."""
    matcher = matcher_of(
        tmp_path, "Traditional 401(k) vs Roth 401(k)", "| | Traditional 401(k) | Roth 401(k) |",
        "| Company match | 100% of the first 4% | Same, paid into the traditional side |",
        "| Taxes now | Contributions lower taxable pay | Paid from after-tax pay |",
        "| Taxes later | Withdrawals taxed as income | Qualified withdrawals tax-free |",
        "| Vesting | Match vests over 3 years | Same schedule |")
    for question in ("what is the company mach", "waht is the compnay mach"):
        assert matcher.match(question).features == ["Company match"], question
    assert "mach" in matcher.lexical.tokens("what is mach 2")  # alone, it stays a word
    nodes = matcher_of(  # a three-letter word too (a research-computing reviewer's)
        tmp_path / "nodes", "Login node vs Compute node", "| | Login node | Compute node |",
        "| What it is for | Editing and submitting | Running jobs |",
        "| Internet | Yes | No |")
    assert nodes.lexical.tokens("login nod limits") == ["login", "node", "limits"]
    assert nodes.lexical.tokens("give me a nod") == ["give", "me", "a", "nod"]


def test_a_word_meaning_a_rows_name_is_no_sign_of_a_question_beyond_the_table(tmp_path):
    """A logistics reviewer's freight table (fortieth session): "how much does LTL cost" was
    declined as asking about a product, beside a "Pricing" row ("cost" means what "pricing"
    does); "what version of LTL" still asks beyond it. "What is batch picking" beside Wave vs
    Zone picking asks about a third kind of picking."""
    freight = matcher_of(
        tmp_path / "freight", "LTL vs FTL", "| | LTL | FTL |",
        "| Pricing | Per pallet by freight class | Per mile or per load |",
        "| Transit time | 3-5 days with stops | 1-2 days direct |",
        "| Shipment size | 1-6 pallets | A whole trailer |")
    for question, beyond in (("how much does LTL cost", False), ("ltl cost?", False),
                             ("what version of ltl is this", True)):
        case = freight.case(question).with_meaning()
        assert ("product" in case.views[0].beyond) is beyond, question
    answer = freight.match("how much does LTL cost")
    first = answer.features[0] if answer.kind == "row" else answer.suggestions[0].feature
    assert first == "Pricing"
    picking = matcher_of(
        tmp_path / "picking", "Wave picking vs Zone picking", "| | Wave picking | Zone picking |",
        "| How orders are grouped | By time | By space |",
        "| Where the picker works | Anywhere | One zone |")
    assert "foreign_focus" in picking.case("what is batch picking").with_meaning().views[0].beyond
    assert "foreign_focus" not in picking.case("what is wave picking").with_meaning(
        ).views[0].beyond


def test_a_subject_bolded_in_the_analogy_does_not_ask_for_it(tmp_path):
    """A wiki's analogy bolds its subjects ("**S1** the engine won't start, **S2** it starts
    but won't go into reverse"): a bold word is read as the analogy's image, so "is crash
    on boot S1 or S2" got the car analogy (a game studio's reviewer, forty-fourth session).
    Its images ask for it still; its subjects ask about the table."""
    page = DATA / "office" / "games-wiki" / "Bug-Severity-Levels.md"
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "severity.yaml").write_text(import_table(page, None), "utf-8")
    matcher = Matcher(load_knowledge(tmp_path / "kb"))
    answer = matcher.match("is crash on boot S1 or S2")
    assert answer.kind == "row" and answer.features[0] == "Examples"
    assert matcher.match("whats the car analogy for severities").kind == "analogy"


def _kb_of_office_files(folder: Path, *names: str) -> Path:
    """The shipped table and reviewers' files imported beside it, as a team would."""
    kb = folder / "kb"
    kb.mkdir()
    shutil.copy(SHIPPED, kb)
    for name in names:
        page = DATA / "office" / name
        (kb / f"{Path(name).stem}.yaml").write_text(import_table(page, None), "utf-8")
    return kb


@pytest.mark.parametrize(("files", "question", "table", "row"), [
    (("vet-pet-health-club-gsheets.xlsx", "vet-aftercare-pages.docx"),
     "what days do pet memories pick up", "vet-aftercare-pages", "Collection from us"),
    (("vet-pet-health-club-gsheets.xlsx", "vet-aftercare-pages.docx"),
     "how long till the pet's ashes are back", "vet-aftercare-pages", "How long it takes"),
    (("warehouse-containers-vs-trailers-outlook.htm",),
     "is container unloading heavy work", "warehouse-containers-vs-trailers-outlook", None),
    (("warehouse-containers-vs-trailers-outlook.htm",),
     "container vs trailer tl;dr", "warehouse-containers-vs-trailers-outlook", None),
    (("law-where-to-save-confluence-word.doc", "law-records-policy-pdf-text.txt"),
     "can i delete my teams chats if i'm under a hold", "law-records-policy-pdf-text",
     "Deletion"),
    (("kitchen-hot-vs-cold-holding-outlook.eml",), "where do i probe a container of coleslaw",
     "kitchen-hot-vs-cold-holding-outlook", "Where to probe"),
    (("kitchen-hot-vs-cold-holding-outlook.eml",), "what is a container",
     "container-vs-kubernetes", "Definition"),
])
def test_an_everyday_word_naming_one_table_yields_to_the_table_that_fits(
        tmp_path, files, question, table, row):
    """A word naming one table ("pet" of a health club's title, the shipped "Container",
    Microsoft "Teams") that another table writes too, whose rows fit the question better:
    the named table answered or declined ("what days do pet memories pick up" was "nothing
    on it" from the health club; "container vs trailer tl;dr" gave the Kubernetes summary;
    a legal hold's "Teams chats" question got "chats 90 days"; reviewers, forty-fourth
    session). The words' table answers."""
    matcher = Matcher(load_knowledge(_kb_of_office_files(tmp_path, *files)))
    answer = matcher.match(question)
    assert answer.topic.id == table, (answer.topic.id, answer.kind, answer.reason)
    if row is not None:
        assert row in answer.features[:2] or row in [s.feature for s in answer.suggestions[:3]]
    assert matcher.match("how do containers scale in kubernetes").topic.id == (
        "container-vs-kubernetes")


def test_a_word_every_subject_has_names_its_table_in_a_request_for_its_gist(tmp_path):
    """"tl;dr cremation" beside "Communal cremation" vs "Individual cremation" asked which
    of four tables, the Kubernetes one too (a vet practice's reviewer, forty-fourth
    session): what the table compares kinds of names it, as beside "table" it did."""
    kb = _kb_of_office_files(tmp_path, "vet-pet-health-club-gsheets.xlsx",
                             "vet-aftercare-pages.docx")
    matcher = Matcher(load_knowledge(kb))
    for question, kind in (("tl;dr cremation", "summary"),
                           ("give me the whole cremation table", "table")):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "vet-aftercare-pages"), question
    assert matcher.match("tl;dr").reason == REASON_WHICH_TOPIC


def test_a_subjects_name_asks_for_no_steps_and_no_analogy(tmp_path):
    """A support team's triage table compares "Bug", "Feature request" and "How-to
    question", and its analogy bolds "**how-to**": "what's the macro for a how-to question"
    was declined as asking for steps, and "what is a how-to question" got the analogy (a
    reviewer, forty-fourth session). A subject's name is the thing asked about."""
    kb = _kb_of_office_files(tmp_path, "support-triage-docusaurus.mdx")
    matcher = Matcher(load_knowledge(kb))
    for question, row in (("what's the macro for a how-to question", "Macro"),
                          ("what is a how-to question", "What it is")):
        answer = matcher.match(question)
        assert (answer.kind, answer.features[:1]) == ("row", [row]), question


def test_a_subject_named_as_it_is_keeps_its_table_beside_a_cell_that_mentions_it(tmp_path):
    """"does the beneficiary have to agree to a recall", beside a payment-rails table whose
    cell mentions recalls, is the Recall column's (a bank's reviewer, forty-fourth session,
    after the rule above first let the rails table take it)."""
    kb = _kb_of_office_files(tmp_path, "bank-payments-confluence-export.zip",
                             "bank-reject-return-recall-sharepoint.html")
    matcher = Matcher(load_knowledge(kb))
    for question in ("does the beneficiary have to agree to a recall", "can a recall be refused"):
        assert matcher.match(question).topic.id == "bank-reject-return-recall-sharepoint"


def test_a_german_teams_words_are_found_with_or_without_their_umlauts(tmp_path):
    """A German dispatch team's tables write "Führerschein" and "Ausrüstung": the words
    were cut at the umlaut, so questions typing them exactly were declined (a reviewer,
    forty-fourth session)."""
    kb = _kb_of_office_files(tmp_path, "logistics-de/ADR-Gefahrgut-vs-Normalware.md")
    matcher = Matcher(load_knowledge(kb))
    for question in ("which Führerschein does the driver need for ADR",
                     "which fuhrerschein does the driver need for adr"):
        answer = matcher.match(question)
        rows = answer.features or [s.feature for s in answer.suggestions]
        assert rows[:1] == ["Driver"], (question, answer.kind, rows)


def test_the_difference_between_a_tables_acronym_subject_and_another_is_the_gist(tmp_path):
    """A planning department's reviewer (forty-fifth session): "whats the difference between
    a TPO and a conservation area" and "tl;dr TPO vs conservation area" were declined as
    asking about "difference tpo" and comparing "tldr tpo"; the difference between a thing
    the table never names and another is still beyond it."""
    matcher = matcher_of(tmp_path, "Trees TPO or conservation area",
                         "| | Tree with a TPO | Tree in a conservation area (no TPO) |",
                         "| Consent | Apply for consent | Give six weeks' notice |",
                         "| Dead trees | Tell us 5 days before | No notice needed |",
                         "| Fine | Unlimited | Unlimited |")
    for question in ("whats the difference between a TPO and a conservation area",
                     "tl;dr TPO vs conservation area"):
        assert matcher.match(question).kind == "summary", question
    assert matcher.match("whats the difference between a TPO and a listed building").kind \
        == "none"


def test_booking_a_room_asks_for_no_book_to_read(tmp_path):
    """"whats the last day to book an interview" was declined as asking for something to
    read, beside an Interview row whose cell says "book by October 25" (an admissions
    office's and a library's reviewers, forty-fifth session); a book to read still is one."""
    from bot.reading import read
    from bot.text import clean_question
    for asked, reading in [("whats the last day to book an interview", False),
                           ("can i book a study room online", False),
                           ("is there a good book about kubernetes", True)]:
        kinds = dict(read([words(clean_question(asked))]).types)
        assert ("reading" in kinds) is reading, asked
    matcher = matcher_of(tmp_path, "Application rounds", "| | Early Decision | Regular Decision |",
                         "| Interview | Book by October 25 | Book by January 5 |",
                         "| Deadline | November 1 | January 15 |",
                         "| Deposit | $400 by January 15 | $400 by May 1 |")
    answer = matcher.match("when do i have to book the interview by")
    assert (answer.kind, answer.features) == ("row", ["Interview"])


def test_a_table_that_gives_prices_answers_how_much_per_month(tmp_path):
    """"how much is kaiser per month" beside a school district's health plans, whose cells
    give the premiums, was declined as asking about "a product" (a reviewer, forty-eighth
    session); beside the shipped table, which names no price, it still is."""
    kb = _kb_of_office_files(tmp_path, "school-medical-plans-accounting.xlsx")
    matcher = Matcher(load_knowledge(kb))
    answer = matcher.match("how much is kaiser per month")
    offered = answer.features or tuple(s.feature for s in answer.suggestions)
    assert set(offered[:2]) == {"Monthly premium (employee + family)",
                                "Monthly premium (employee only)"}
    assert answer.reason != REASON_RELATED
    shipped = Matcher(load_knowledge(SHIPPED.parent))
    assert shipped.match("how much does kubernetes cost per month?").kind == "none"


def test_a_rule_only_the_summary_states_is_answered_with_the_summary(tmp_path):
    """"what's the danger zone": a kitchen's tl;dr says "Anything in between is the danger
    zone", no row does, and the question was declined as beyond the table (a reviewer,
    forty-eighth session). Two words every row uses, or a subject's name, in the shipped
    summary ("multiple machines", "scale containers") are no such sign."""
    kb = _kb_of_office_files(tmp_path, "kitchen-hot-vs-cold-holding-outlook.eml")
    matcher = Matcher(load_knowledge(kb))
    for question in ("what's the danger zone", "danger zones?"):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (
            "summary", "kitchen-hot-vs-cold-holding-outlook"), question
    for question in ("Where does it describe how to add multiple machines as nodes?",
                     "any plans to scale containers up and down on the same host?"):
        assert matcher.match(question).kind == "none", question


def test_an_irregular_plural_names_what_its_singular_does(tmp_path):
    """"analogy for the knives?" asked which table beside a knife guide: Snowball stems
    "knives" to "knive" (a kitchen's reviewer, forty-eighth session)."""
    from bot.text import stem
    assert [stem(w) for w in ("knives", "children", "teeth", "criteria")] == [
        stem("knife"), stem("child"), stem("tooth"), stem("criterion")]
    assert stem("leaves") == stem("leave") and stem("data") != stem("datum")
    folder = DATA / "office" / "kitchen-knives-notion"
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(SHIPPED, kb)
    (kb / "knives.yaml").write_text(import_table(next(folder.glob("Knife guide*.md")), None))
    answer = Matcher(load_knowledge(kb)).match("analogy for the knives?")
    assert (answer.kind, answer.topic.id) == ("analogy", "knives")


def test_a_request_for_a_tables_gist_by_its_title_word_is_no_row_of_another(tmp_path):
    """"tl;dr pushback" beside a ramp team's "Towbar vs towbarless pushback" and a stands
    table with a row named Pushback got that row, as did "pushback analogy" (a reviewer,
    forty-eighth session): a row has no gist; the table the word titles does."""
    kb = _kb_of_office_files(tmp_path, "ramp-pushback-from-doc.docx",
                             "ramp-stands-dropbox-paper.md", "ramp-deicing-excel-eu.csv")
    matcher = Matcher(load_knowledge(kb))
    for question, kind in (("tl;dr pushback", "summary"), ("pushback summary", "summary"),
                           ("pushback analogy", "analogy")):
        answer = matcher.match(question)
        assert (answer.kind, answer.topic.id) == (kind, "ramp-pushback-from-doc"), question
    answer = matcher.match("is pushback different on a remote stand?")
    assert answer.topic.id == "ramp-stands-dropbox-paper"
