"""The team features' pieces on SQLite and PostgreSQL: escalations in the store and the
report (asked, answered, median first reply, still open; per workspace; --team), saved
examples, rate counts shared between replicas, tokens encrypted at rest, and the
button values, relays and settings that must never ping or leak."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.escalations import answered, find, open_escalation, save_example
from bot.live_knowledge import LiveKnowledge
from bot.report import build_report, format_report, report_json
from bot.slack.escalation import AskRef, channel_for, mention_for, relayable
from bot.slack.fair_use import RateLimiter
from bot.slack.settings import SettingsError, load_settings
from bot.store import Store, escalations, utc_now
from bot.suggest import gather
from tests.conftest import ROOT
from tests.pg import database_url, free_port, postgres_server  # noqa: F401 - fixtures
from tests.test_store import START, FakeClock, none_answer, row_answer


def escalation(store: Store, key: str, team: str, asked_minutes_ago: float,
               answered_after: float | None) -> None:
    asked = START - timedelta(minutes=asked_minutes_ago)
    row = {"key": key, "team": team, "asker": "U1", "question": "what is helm?",
           "reply_channel": "C1", "reply_thread": None, "job": key, "channel": "C0EXP",
           "message_ts": f"{asked_minutes_ago}.1", "asked_at": asked,
           "answered_at": asked + timedelta(minutes=answered_after)
           if answered_after is not None else None, "answered_by": "U2"}
    store.transaction(lambda c: c.execute(escalations.insert(), row))


def test_the_report_counts_escalations_and_has_a_line_per_workspace(database_url, kb):  # noqa: F811
    clock = FakeClock(START - timedelta(hours=1))
    store = Store(database_url, clock=clock)
    for team, surface, answer in [("T0ONE", "slash", row_answer(kb, "Scalability")),
                                  ("T0ONE", "mention", none_answer("what is helm?")),
                                  ("T0TWO", "dm", row_answer(kb, "Networking")),
                                  ("T0TWO", "home", row_answer(kb, "Networking"))]:
        store.record_answer(surface, answer, team=team)
    assert store.flush()
    clock.now = START
    escalation(store, "e1", "T0ONE", 120, 10)
    escalation(store, "e2", "T0ONE", 60, 30)
    escalation(store, "e3", "T0TWO", 30, None)
    escalation(store, "old", "T0TWO", 60 * 24 * 30, 5)  # outside the window

    report = build_report(store, timedelta(days=7))
    assert (report.escalations.asked, report.escalations.answered,
            report.escalations.median_minutes, report.escalations.still_open) == (3, 2, 20, 1)
    assert [(w.team, w.answers, w.questions, w.answered, w.escalations)
            for w in report.workspaces] == [("T0ONE", 2, 2, 1, 2), ("T0TWO", 2, 1, 1, 1)]
    text = format_report(report)
    assert ("  asked: 3; answered: 2; median time to the first expert reply: 20 min; "
            "still open: 1") in text
    assert "By workspace" in text and "T0TWO" in text

    one = build_report(store, timedelta(days=7), team="T0TWO")
    assert (one.total, one.escalations.asked, one.escalations.still_open) == (2, 1, 1)
    assert [w.team for w in one.workspaces] == ["T0TWO"]
    assert "workspace T0TWO" in format_report(one).splitlines()[0]
    data = report_json(one)
    assert data["team"] == "T0TWO" and data["escalations"]["asked"] == 1
    store.close()


def seed_two_workspaces(path: Path, kb) -> str:
    """A SQLite file, as the bot leaves it, of what two workspaces did in the last hour;
    its URL. T0ONE: a row answered by slash command and rated helpful, "what is a service
    mesh?" unanswered, one question asked of the team and answered. T0TWO: a row answered in
    a DM and rated not helpful, "how do I install helm" unanswered, an App Home view, one
    question asked of the team and still open."""
    url = f"sqlite:///{path}"
    store = Store(url)
    topic = kb.topics[0].id
    for team, surface, answer in [
            ("T0ONE", "slash", row_answer(kb, "Scalability")),
            ("T0ONE", "mention", none_answer("what is a service mesh?")),
            ("T0TWO", "dm", row_answer(kb, "Networking")),
            ("T0TWO", "mention", none_answer("how do I install helm")),
            ("T0TWO", "home", row_answer(kb, "Networking"))]:
        store.record_answer(surface, answer, team=team)
    store.record_feedback("button", True, "row", topic, ["Scalability"], team="T0ONE")
    store.record_feedback("button", False, "row", topic, ["Networking"], team="T0TWO")
    assert store.flush()
    now = utc_now()
    for key, team, answered_at in [("e1", "T0ONE", now - timedelta(minutes=20)),
                                   ("e2", "T0TWO", None)]:
        row = {"key": key, "team": team, "asker": "U1", "question": "what is helm?",
               "reply_channel": "C1", "reply_thread": None, "job": key, "channel": "C0EXP",
               "message_ts": f"{key}.1", "asked_at": now - timedelta(minutes=50),
               "answered_at": answered_at, "answered_by": "U2" if answered_at else None}
        store.transaction(lambda c, row=row: c.execute(escalations.insert(), row))
    store.close()
    return url


def test_report_team_on_the_command_line_prints_only_that_workspaces_figures(tmp_path, kb):
    from tests.conftest import run_cli

    database = tmp_path / "bot.sqlite3"
    seed_two_workspaces(database, kb)
    both = run_cli("report", "--database", str(database))
    assert both.returncode == 0, both.stderr
    assert "T0ONE" in both.stdout and "service mesh" in both.stdout  # there to leave out

    result = run_cli("report", "--database", str(database), "--team", "T0TWO")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = result.stdout
    assert text.splitlines()[0].endswith(" UTC, workspace T0TWO")
    assert ("answers: 3; questions people typed: 2, answered: 1, answer rate: 50.0%"
            in text.splitlines())
    by_surface = text[text.index("By surface"):text.index("By kind")]
    assert "slash" not in by_surface and "dm" in by_surface and "home" in by_surface
    assert "how do I install helm" in text and "service mesh" not in text
    assert "Networking" in text and "Scalability" not in text  # T0ONE's row and rating
    assert ("  asked: 1; answered: 0; median time to the first expert reply: -; "
            "still open: 1") in text
    workspaces = text[text.index("By workspace"):].splitlines()
    assert [line.split()[0] for line in workspaces[3:] if line.strip()] == ["T0TWO"]
    assert "T0ONE" not in text

    data = json.loads(run_cli("report", "--database", str(database), "--team", "T0TWO",
                              "--json").stdout)
    assert (data["team"], data["answers"], data["escalations"]["asked"]) == ("T0TWO", 3, 1)
    assert [w["team"] for w in data["workspaces"]] == ["T0TWO"]
    assert "T0ONE" not in json.dumps(data)


def test_one_escalation_per_question_and_one_saved_example(database_url, kb):  # noqa: F811
    store = Store(database_url)
    fields = {"key": "escalation:T1:C1:1.1", "team": "T1", "question": "what is helm?",
              "reply_channel": "C1", "reply_thread": "1.1"}
    first, mine = open_escalation(store, asker="U1", job="click:a", **fields)
    assert mine and first.asker == "U1"
    again, mine = open_escalation(store, asker="U2", job="click:b", **fields)
    assert not mine and again.asker == "U1"  # whoever clicks later
    resumed, mine = open_escalation(store, asker="U1", job="click:a", **fields)
    assert mine  # the same job, retried before it posted, carries on
    assert answered(store, fields["key"], "U3") and not answered(store, fields["key"], "U4")
    assert find(store, fields["key"]).answered_by == "U3"
    assert save_example(store, first, "container-vs-kubernetes", "Scalability", "U3")
    assert not save_example(store, first, "container-vs-kubernetes", "Networking", "U4")
    (saved,) = store.saved_examples()
    assert {k: saved[k] for k in ("question", "topic_id", "feature", "saved_by")} == {
        "question": "what is helm?", "topic_id": "container-vs-kubernetes",
        "feature": "Scalability", "saved_by": "U3"}
    assert store.saved_examples(since=saved["saved_at"] + timedelta(seconds=1)) == []
    # `kb suggest` finds it for the maintainers
    assert gather(store, timedelta(days=1))[1] == [
        ("what is helm?", "container-vs-kubernetes", "Scalability")]
    store.close()


def test_two_replicas_sharing_a_database_hold_one_cap(database_url):  # noqa: F811
    store = Store(database_url)
    now = [1_000_000.0]
    first = RateLimiter(3, store, "replica-a", clock=lambda: now[0])
    second = RateLimiter(3, store, "replica-b", clock=lambda: now[0])
    for _ in range(2):
        assert first.allows("T1:U1")
        first.count("T1:U1")
    first.sync()
    second.sync()
    assert second.allows("T1:U1")
    second.count("T1:U1")
    assert not second.allows("T1:U1") and second.allows("T1:U2")
    second.sync()
    first.sync()
    assert not first.allows("T1:U1")
    now[0] += 60  # the next minute: everyone may ask again
    assert first.allows("T1:U1") and second.allows("T1:U1")
    store.close()


def test_without_a_limit_nothing_is_counted():
    limiter = RateLimiter(0)
    for _ in range(1000):
        limiter.count("T1:U1")
    assert limiter.allows("T1:U1")


def test_tokens_are_encrypted_at_rest_and_a_wrong_key_reads_nothing(database_url):  # noqa: F811
    from bot.slack.installations import EncryptedInstallationStore, OnceStateStore

    engine = Store(database_url).engine
    key = Fernet.generate_key().decode()
    store = EncryptedInstallationStore("1.2", engine, key)
    store.create_tables()
    token = "xoxb-123-secret-token"
    store.save(Installation(app_id="A1", team_id="T1", team_name="One", user_id="U1",
                            bot_token=token, bot_id="B1", bot_user_id="U0BOT",
                            bot_scopes="chat:write"))
    with engine.connect() as connection:
        stored = [str(row) for row in connection.exec_driver_sql("SELECT * FROM slack_bots")]
        stored += [str(row) for row in
                   connection.exec_driver_sql("SELECT * FROM slack_installations")]
    assert stored and not any(token in row for row in stored)
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == token
    assert store.find_installation(enterprise_id=None, team_id="T1").bot_token == token
    assert store.workspaces() == {"T1": "One"}
    other = EncryptedInstallationStore("1.2", engine, Fernet.generate_key().decode())
    assert other.find_bot(enterprise_id=None, team_id="T1") is None
    store.delete_all(enterprise_id=None, team_id="T1")
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    states = OnceStateStore(expiration_seconds=60, engine=engine)
    states.create_tables()
    state = states.issue()
    assert states.consume(state) and not states.consume(state)  # once, never replayed
    assert not states.consume("forged")


def test_report_team_takes_a_workspace_id():
    from tests.conftest import run_cli

    result = run_cli("report", "--team", "#general")
    assert result.returncode == 2 and "is not a workspace ID like T0123ABCD" in result.stderr


def test_an_ask_button_value_reads_back_and_cannot_ping():
    ref = AskRef("<!channel> what is <@U1> helm?", "C1", "1.1", "1.0")
    value = ref.encode()
    assert "<!channel>" not in value and "<@U1>" not in value
    back = AskRef.decode(value)
    assert (back.question, back.channel, back.message, back.thread, back.by_dm) == (
        "what is helm?", "C1", "1.1", "1.0", False)
    assert AskRef.decode("not json") is None and AskRef.decode('{"c": 1}') is None
    assert AskRef("x" * 5000, "C1").encode() is not None  # cut to fit Slack's 2,000


def test_a_relayed_reply_keeps_links_and_pings_nobody():
    reply = ("Ask <@U0OTHER|linus> or <@U0X>, <!here> <!subteam^S1|@team>: see "
             "<https://helm.sh/docs|the docs> in <#C0DOCS|docs> &lt;!channel&gt;")
    assert relayable(reply) == (
        "Ask @linus or @someone, @someone @team: see <https://helm.sh/docs|the docs> in "
        "<#C0DOCS|docs> &lt;!channel&gt;")


def test_escalation_settings_per_workspace_and_only_ids():
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                              "K8S_COMPARE_ESCALATION_CHANNEL": "T0TWO:C0TWO, C0ALL",
                              "K8S_COMPARE_ESCALATION_MENTION": "S0ALL,T0TWO:U0TWO"})
    assert channel_for(settings, "T0TWO") == "C0TWO" and channel_for(settings, "T0ONE") == "C0ALL"
    assert mention_for(settings, "T0TWO") == "<!subteam^S0ALL> <@U0TWO>"
    assert mention_for(settings, "T0ONE") == "<!subteam^S0ALL>"
    with pytest.raises(SettingsError) as error:
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                       "K8S_COMPARE_ESCALATION_CHANNEL": "#experts",
                       "K8S_COMPARE_ESCALATION_MENTION": "@here"})
    assert len(error.value.problems) == 2 and "is not an ID like C... or G..." in str(error.value)


def test_oauth_mode_needs_its_credentials_and_a_real_key():
    with pytest.raises(SettingsError) as error:
        load_settings({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s",
                       "SLACK_BOT_TOKEN": "xoxb-1", "K8S_COMPARE_ENCRYPTION_KEY": "short"})
    problems = str(error.value)
    assert "not both" in problems and "SLACK_CLIENT_SECRET is not set" in problems
    assert "is not a Fernet key" in problems and "short" not in problems
    with pytest.raises(SettingsError) as error:  # it asked for SLACK_APP_TOKEN, then refused it
        load_settings({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c",
                       "K8S_COMPARE_ENCRYPTION_KEY": Fernet.generate_key().decode()})
    assert [p.split(":")[0] for p in error.value.problems] == ["SLACK_SIGNING_SECRET is not set"]
    settings = load_settings({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s",
                              "SLACK_CLIENT_SECRET": "client-secret-value",
                              "K8S_COMPARE_ENCRYPTION_KEY": Fernet.generate_key().decode()})
    assert settings.oauth and "client-secret-value" not in repr(settings)


def test_a_request_never_sees_half_a_reload(kb, tmp_path):
    """Readers take `current` once: its knowledge base and matcher always belong together,
    however often the knowledge is swapped under them."""
    (tmp_path / "a.yaml").write_text(
        (ROOT / "knowledge" /
         "container-vs-kubernetes.yaml").read_text(), encoding="utf-8")
    live = LiveKnowledge(kb, directory=tmp_path, metrics=SimpleNamespace(
        knowledge_loaded=lambda version: None, knowledge_failed=lambda broken: None))
    mixed, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            loaded = live.current
            if loaded.matcher.kb is not loaded.kb:
                mixed.append(loaded)

    reader = threading.Thread(target=read)
    reader.start()
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    for n in range(5):
        (tmp_path / "a.yaml").write_text(text.replace("smart traffic", f"traffic {n}"),
                                         encoding="utf-8")
        assert live.check(force=True)
    stop.set()
    reader.join()
    assert mixed == [] and "traffic 4" in live.current.kb.topics[0].analogy
