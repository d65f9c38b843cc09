"""manifest.yaml against the code: every event, command and action the code listens to is
configured, every button the bot renders has a listener, and the bot token asks for
exactly the scopes the code needs (no fewer: it would fail; no more: least privilege)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import yaml

from bot.answer import Answer
from bot.digest import digest_message
from bot.knowledge import KnowledgeBase, Row, Subject, Topic
from bot.render.blocks import render_answer, with_ask_the_team
from bot.report import QuestionGroup, Report
from bot.slack import escalation, onboarding
from bot.slack.app import LISTENER_MODULES
from bot.slack.escalation import AskRef
from bot.slack.oauth import BOT_SCOPES
from tests.e2e.conftest import ROOT
from tests.e2e.slack_client import buttons

# Slack's documented requirements (docs.slack.dev/reference/events and /methods).
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "message.im": {"im:history"},
    # the experts' replies in the escalation channel's threads (public or private)
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "member_joined_channel": {"channels:read", "groups:read"},
    "app_home_opened": set(),
    "app_uninstalled": set(),
    "tokens_revoked": set(),
}
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_getPermalink": set(),
    "users_info": {"users:read"},
    "views_publish": set(),
    "files_upload_v2": {"files:write"},
}
# Bolt's event names for what the manifest subscribes to; our message listener answers DMs
# and relays the replies in the escalation channel's threads.
MANIFEST_EVENT = {"message": ("message.im", "message.channels", "message.groups")}


def manifest_events(event: str) -> tuple[str, ...]:
    found = MANIFEST_EVENT.get(event, event)
    return found if isinstance(found, tuple) else (found,)


@dataclass
class RecordingApp:
    """Stands in for slack_bolt.App: records what each module's register() listens to."""

    commands: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    actions: list = field(default_factory=list)

    def _record(self, into: list, key):
        into.append(key)
        return lambda *listener, **ack_and_lazy: None

    def command(self, name):
        return self._record(self.commands, name)

    def event(self, name):
        return self._record(self.events, name)

    def action(self, action_id):
        return self._record(self.actions, action_id)

    def handles(self, action_id: str) -> bool:
        return any(
            a == action_id if isinstance(a, str) else a.fullmatch(action_id) for a in self.actions
        )


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yaml").read_text())


@pytest.fixture(scope="module")
def listened() -> RecordingApp:
    app = RecordingApp()
    deps = SimpleNamespace(courier=SimpleNamespace(handles=lambda kind, deliver: None))
    for module in LISTENER_MODULES:
        module.register(app, deps)
    return app


def test_every_command_is_in_the_manifest(manifest, listened):
    configured = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert listened.commands and set(listened.commands) == configured


def test_every_event_listened_to_is_subscribed_and_vice_versa(manifest, listened):
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    needed = {name for e in listened.events for name in manifest_events(e)}
    assert needed == subscribed


def test_actions_need_interactivity_and_app_home_needs_its_tabs(manifest, listened):
    assert listened.actions and manifest["settings"]["interactivity"]["is_enabled"] is True
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert not home["messages_tab_read_only_enabled"]  # people must be able to DM the bot


def web_api_methods() -> set[str]:
    """Every `client.<method>` the Slack code uses, read from its source."""
    methods = set()
    for path in (ROOT / "bot" / "slack").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and (  # client.x or d.client.x
                isinstance(node.value, ast.Name) and node.value.id == "client"
                or isinstance(node.value, ast.Attribute) and node.value.attr == "client"
            ):
                methods.add(node.attr)
    return methods


def test_the_bot_token_requests_exactly_the_scopes_the_code_needs(manifest, listened):
    methods = web_api_methods()
    assert methods, "no Web API calls found: the scan is broken"
    unknown = methods - METHOD_SCOPES.keys()
    assert not unknown, f"add the scopes of {unknown} to METHOD_SCOPES"
    needed = {"commands"} if listened.commands else set()
    for event in listened.events:
        for name in manifest_events(event):
            needed |= EVENT_SCOPES[name]
    for method in methods:
        needed |= METHOD_SCOPES[method]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    # what the OAuth flow asks each workspace for is the manifest's list, no more
    assert set(BOT_SCOPES) == needed and len(BOT_SCOPES) == len(needed)


def test_socket_mode_is_on_and_http_request_urls_are_left_to_fill_in(manifest):
    assert manifest["settings"]["socket_mode_enabled"] is True
    text = (ROOT / "manifest.yaml").read_text()
    assert len(re.findall(r"#\s*(?:url|request_url): https://\S+/slack/events", text)) == 3


def big_kb(rows: int) -> KnowledgeBase:
    topic = Topic(
        "big",
        "Big",
        (Subject("A"), Subject("B")),
        tuple(Row(f"Row {i}", (f"a{i}", f"b{i}")) for i in range(rows)),
        ("**sum**",),
        "an *analogy*",
    )
    return KnowledgeBase((topic,))


def digest_report() -> Report:
    now = datetime(2026, 11, 24, 9)
    return Report("sqlite://", now - timedelta(days=7), now, by_kind={"none": 1},
                  unanswered=(QuestionGroup("what is helm?", 1),))


def test_every_button_the_bot_renders_has_a_listener(listened, kb, matcher):
    rendered = []
    for question in (
        "",
        "help",
        "scaling?",
        "limited?",
        "helm?",
        "summary",
        "analogy",
        "full table",
    ):
        rendered += buttons(render_answer(matcher.match(question), kb, share=True).blocks)
    big = big_kb(500)
    table = Answer("", "table", big.topics[0], score=100)
    rendered += buttons(render_answer(table, big, start=100).blocks)
    rendered += buttons(onboarding.welcome_message(kb.topics).blocks)
    rendered += buttons(digest_message(digest_report()).blocks)
    for step in range(len(kb.topics[0].rows)):
        rendered += buttons(onboarding.tour_message(kb.topics[0], step).blocks)
    none = render_answer(matcher.match("what is helm?"), kb)
    rendered += buttons(with_ask_the_team(none, AskRef("what is helm?", "C1").encode()).blocks)
    live = SimpleNamespace(knowledge=SimpleNamespace(current=SimpleNamespace(kb=kb)))
    controls = escalation.example_controls(live, "escalation:T1:C1:1.1")
    rendered += [e for block in controls for e in block["elements"]]  # the row menu too
    action_ids = {b["action_id"] for b in rendered}
    assert {
        "share_answer",
        "feedback_helpful",
        "table_page_0",
        "table_page_1",
        "tour_done",
        "digest_questions",
        "ask_the_team",
        "example_row",
        "save_example",
    } <= action_ids
    assert [a for a in action_ids if not listened.handles(a)] == []
