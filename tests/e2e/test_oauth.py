"""OAuth distribution end to end over HTTP: two workspaces install the bot through
/slack/install and /slack/oauth_redirect (state cookie, redirect, code exchange), their
tokens are stored encrypted, each answer goes out with its own workspace's token, a forged
or replayed state is refused, and uninstalling deletes the workspace's tokens."""

from __future__ import annotations

import http.client
import re
import sqlite3
import subprocess
import sys
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from cryptography.fernet import Fernet

from tests.e2e.conftest import ROOT
from tests.e2e.scrape import wait_for_metrics
from tests.e2e.slack_client import mention, unique, unique_ts

CLIENT_ID, CLIENT_SECRET = "1111.2222", "e2e-client-secret"
WORKSPACES = {"T0ONE": ("One", "xoxb-1-one-secret-token"),
              "T0TWO": ("Two", "xoxb-2-two-secret-token")}


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read().decode()
    finally:
        connection.close()


def begin_install(port: int) -> tuple[str, str]:
    """Open the install page: the state (in the Add to Slack link) and its cookie."""
    status, headers, page = get(port, "/slack/install")
    assert status == 200 and "Add to Slack" in page
    cookie = headers["set-cookie"].split(";")[0]
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page).group(1)
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) >= {"chat:write", "commands", "app_mentions:read"}
    state = query["state"][0]
    assert cookie == f"slack-app-oauth-state={state}"
    return state, cookie


def finish_install(port: int, state: str, cookie: str, code: str) -> tuple[int, str]:
    status, _headers, page = get(port, "/slack/oauth_redirect?" +
                                 urlencode({"code": code, "state": state}), cookie)
    return status, page


@pytest.fixture
def oauth_bot(start_bot, tmp_path):
    key = Fernet.generate_key().decode()
    bot = start_bot(SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=CLIENT_ID,
                    SLACK_CLIENT_SECRET=CLIENT_SECRET, K8S_COMPARE_ENCRYPTION_KEY=key)
    return bot


def install(fake, bot, team: str) -> None:
    name, token = WORKSPACES[team]
    code = unique("code")
    fake.install(code, team, name, token)
    state, cookie = begin_install(bot.port)
    status, page = finish_install(bot.port, state, cookie, code)
    assert status == 200, page


def test_two_workspaces_install_and_each_answer_uses_its_own_token(fake, oauth_bot, tmp_path):
    from tests.e2e.slack_client import SlackSender

    fake.reset()
    bot = oauth_bot
    assert "OAuth distribution: 0 workspace(s) installed, more at /slack/install" in bot.log()
    for team in WORKSPACES:
        install(fake, bot, team)
    exchanges = fake.of("oauth.v2.access")
    assert len(exchanges) == 2
    assert all(c.headers["Authorization"].startswith("Basic ") for c in exchanges)

    # stored, and encrypted: the database holds no token in the clear
    with sqlite3.connect(bot.database.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT team_id, bot_token FROM slack_bots").fetchall()
        dump = "\n".join(connection.iterdump())
    assert sorted(team for team, _ in rows) == ["T0ONE", "T0TWO"]
    for _name, token in WORKSPACES.values():
        assert token not in dump and token not in bot.log()

    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    channels = {}
    for team in WORKSPACES:
        channels[team] = unique("C")
        assert sender.event(mention(channels[team], "how do they scale?"), team=team).status == 200
    for team, (_name, token) in WORKSPACES.items():
        (answer,) = fake.wait_for("chat.postMessage", channel=channels[team])
        assert answer.headers["Authorization"] == f"Bearer {token}"
        assert answer.params["blocks"][0]["text"]["text"] == "Scalability"

    # the weekly digest of one workspace, posted with that workspace's token, once both
    # answers are in the database (noted in batches, written within about 1.5 s)
    wait_for_metrics([bot], lambda s: s[0].value("k8s_compare_records_written_total") >= 2)
    digest = post_digest(fake, bot, tmp_path, "--team", "T0TWO")
    assert digest.returncode == 0, digest.stderr
    (posted,) = fake.wait_for("chat.postMessage", channel="C0DIGEST")
    assert posted.headers["Authorization"] == f"Bearer {WORKSPACES['T0TWO'][1]}"
    assert "1 questions typed" in posted.params["text"]
    unnamed = post_digest(fake, bot, tmp_path)
    assert unnamed.returncode == 1 and "--team T0123ABCD" in unnamed.stderr

    # app_uninstalled: that workspace's tokens are deleted and nothing more is sent there
    event = {"type": "app_uninstalled", "event_ts": unique_ts()}
    assert sender.event(event, team="T0ONE").status == 200
    with sqlite3.connect(bot.database.removeprefix("sqlite:///")) as connection:
        left = connection.execute("SELECT team_id FROM slack_bots").fetchall()
        installations = connection.execute(
            "SELECT team_id FROM slack_installations").fetchall()
    assert left == [("T0TWO",)] and installations == [("T0TWO",)]
    gone, still = unique("C"), unique("C")
    sender.event(mention(gone, "how do they scale?"), team="T0ONE")
    sender.event(mention(still, "how do they scale?"), team="T0TWO")
    fake.wait_for("chat.postMessage", channel=still)
    assert fake.of("chat.postMessage", channel=gone) == []
    assert "Workspace T0ONE removed (app_uninstalled)" in bot.log()

    # tokens_revoked (the bot token): the same for the other workspace
    revoked = {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}, "event_ts": unique_ts()}
    assert sender.event(revoked, team="T0TWO").status == 200
    with sqlite3.connect(bot.database.removeprefix("sqlite:///")) as connection:
        assert connection.execute("SELECT team_id FROM slack_bots").fetchall() == []


def post_digest(fake, bot, tmp_path, *args: str) -> subprocess.CompletedProcess:
    """`k8s-compare report --post` as the CronJob runs it, with OAuth's settings."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_API_URL": fake.api_url,
           "K8S_COMPARE_ENCRYPTION_KEY": bot.env["K8S_COMPARE_ENCRYPTION_KEY"],
           "K8S_COMPARE_DATABASE_URL": bot.database}
    return subprocess.run([sys.executable, "-m", "bot.cli", "report", "--post", "C0DIGEST",
                           "--since", "1d", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_forged_or_replayed_states_are_refused(fake, oauth_bot):
    bot = oauth_bot
    fake.reset()
    # a state the bot never issued, with a cookie to match
    forged = "00000000-0000-0000-0000-000000000000"
    status, _ = finish_install(bot.port, forged, f"slack-app-oauth-state={forged}", "x")
    assert status == 401
    # an issued state without its cookie (another browser)
    state, cookie = begin_install(bot.port)
    status, _ = finish_install(bot.port, state, "", "x")
    assert status == 400
    # the good one once; replayed, refused
    code = unique("code")
    fake.install(code, "T0ONE", "One", WORKSPACES["T0ONE"][1])
    assert finish_install(bot.port, state, cookie, code)[0] == 200
    fake.install(code, "T0ONE", "One", WORKSPACES["T0ONE"][1])
    assert finish_install(bot.port, state, cookie, code)[0] == 401
    assert len(fake.of("oauth.v2.access")) == 1  # refused states never reach Slack


def test_oauth_mode_refuses_to_start_without_an_encryption_key(start_bot):
    bot = start_bot(wait=False, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=CLIENT_ID,
                    SLACK_CLIENT_SECRET=CLIENT_SECRET)
    assert bot.process.wait(60) == 1
    assert "K8S_COMPARE_ENCRYPTION_KEY is not set: OAuth distribution needs it" in bot.log()
