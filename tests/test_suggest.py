"""`kb suggest`: what people asked and the bot could not answer (or answered unhelpfully)
becomes a reviewable patch to the knowledge file, on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.store import Store
from tests.conftest import ROOT
from tests.pg import database_url, postgres_server  # noqa: F401 - fixtures

UNANSWERED = [
    "how do I install helm?", "helm install on a mac?", "how do I install helm on windows",
    "what is a helm chart?", "what is a helm chart", "lunch plans?",
]
UNHELPFUL = [
    ("U1", "can containers on two hosts find each other by name?"),
    ("U2", "how do containers on different machines find each other by name"),
]


@pytest.fixture
def knowledge(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", folder)
    return folder


def record(url: str, knowledge) -> None:
    store = Store(url, record_questions=False)
    matcher = Matcher(load_knowledge(knowledge))
    for question in UNANSWERED:
        answer = matcher.match(question)
        assert answer.kind == "none", question  # the premise: these went unanswered
        store.record_answer("slash", answer, 3.0)
    for voter, question in UNHELPFUL:
        store.record_feedback("button", False, "row", "container-vs-kubernetes",
                              ["Networking"], voter=voter, question=question)
    store.record_feedback("button", True, "row", "container-vs-kubernetes", ["Scope"],
                          voter="U3", question="a helpful answer's question is not kept")
    assert store.flush()
    store.close()


def suggest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "kb", "suggest", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_suggest_prints_a_patch_and_writes_it_on_request(database_url, knowledge):  # noqa: F811
    record(database_url, knowledge)
    shown = suggest("--database", database_url, "-k", str(knowledge))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "-> examples of 'Networking'" in out
    assert "+  - how do containers on different machines find each other by name" in out
    assert "not kept" not in out  # a helpful vote's question was never stored
    assert "lunch" not in out  # asked once, about nothing in the table: not a gap
    assert out.count("+- ") == 0  # helm is already out of scope: nothing new to add there
    assert "out_of_scope: 'helm'" not in out  # nor proposed in the summary above the patch
    before = (knowledge / "container-vs-kubernetes.yaml").read_text()
    assert suggest("--database", database_url, "-k", str(knowledge), "--write").returncode == 0
    after = (knowledge / "container-vs-kubernetes.yaml").read_text()
    assert after.startswith(before.split("\n")[0])  # the file's opening comment is kept
    networking = next(r for r in yaml.safe_load(after)["rows"] if r["feature"] == "Networking")
    assert "can containers on two hosts find each other by name?" in networking["examples"]
    load_knowledge(knowledge)  # still a valid knowledge base


def test_suggest_proposes_an_out_of_scope_term_for_a_gap_the_table_does_not_list(
    tmp_path, knowledge
):
    path = knowledge / "container-vs-kubernetes.yaml"
    data = yaml.safe_load(path.read_text())
    data["out_of_scope"] = [t for t in data["out_of_scope"] if t != "helm"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    record(url, knowledge)
    out = suggest("--database", url, "-k", str(knowledge)).stdout
    assert "-> out_of_scope: 'helm'" in out and "+- helm" in out


def test_suggest_with_nothing_recorded_says_so(tmp_path, knowledge):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    Store(url).close()
    result = suggest("--database", url, "-k", str(knowledge))
    assert result.returncode == 0 and "nothing to suggest" in result.stderr
    missing = suggest("--database", str(tmp_path / "nope.sqlite3"))
    assert missing.returncode == 1 and "no database at" in missing.stderr


def test_an_out_of_scope_term_names_what_was_asked_about_not_a_common_word(tmp_path):
    """The term proposed is the most specific thing the questions share ("cold brew"), not
    the commonest ("make"), and a request for the whole table, or a reply that asked which
    comparison, is no gap at all."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "tea.yaml").write_text(
        "title: Tea vs Coffee\nsubjects: [Tea, Coffee]\nrows:\n"
        "  - {feature: Caffeine, cells: [About 40 mg a cup, About 95 mg a cup]}\n"
        "  - {feature: Preparation, cells: [Steep leaves for 3 minutes, Brew ground beans]}\n")
    shutil.copy(ROOT / "knowledge" / "container-vs-kubernetes.yaml", folder)
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    store, matcher = Store(url), Matcher(load_knowledge(folder))
    asked = ["how do I make cold brew at home?", "how do I make cold brew at home",
             "show me the whole table", "show me the whole table"]
    answers = [matcher.match(q) for q in asked]
    assert [a.reason for a in answers[2:]] == ["which_topic"] * 2  # the premise
    for answer in answers:
        store.record_answer("dm", answer)
    assert store.flush()
    store.close()
    out = suggest("--database", url, "-k", str(folder)).stdout
    assert "-> out_of_scope: 'cold brew'" in out, out
    assert "whole table" not in out and "'make'" not in out and "'table'" not in out
