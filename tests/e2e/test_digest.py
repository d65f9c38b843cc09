"""The weekly digest end to end: `k8s-compare report --post CHANNEL` run as a command
against the fake Slack (chat.postMessage, then files_upload_v2's three steps with the PNG
itself), and its "See the questions" button clicked on the real bot, which reads the
same database."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

import pytest

from bot.digest import SHOW_QUESTIONS
from bot.store import Store, utc_now
from tests.e2e.conftest import BOT_TOKEN, ROOT
from tests.e2e.fake_slack import UPLOAD
from tests.e2e.slack_client import SlackSender, buttons
from tests.test_report import HELM, seed
from tests.test_store import FakeClock

CHANNEL = "C0DIGEST"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def database(tmp_path, kb):
    """The report test's records (8 typed questions, 4 answered, 3 ways to ask about Helm),
    all in the last day."""
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    with Store(url, clock=FakeClock(utc_now())) as store:
        seed(store, kb, store.clock)
    return url


@pytest.fixture
def post(fake, tmp_path_factory):
    """Run `k8s-compare report ...` as the CronJob does, against the fake Slack; HOME and
    matplotlib's cache in a directory of their own (fonts are indexed once per run)."""
    home = tmp_path_factory.getbasetemp() / "digest-home"
    home.mkdir(exist_ok=True)

    def run(database: str, *args: str, **env: str) -> subprocess.CompletedProcess:
        environment = {
            "PATH": "/usr/bin:/bin", "HOME": str(home), "MPLCONFIGDIR": str(home / "mpl"),
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake.api_url,
            "K8S_COMPARE_DATABASE_URL": database, **env,
        }
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "report", *args], env=environment, cwd=ROOT,
            capture_output=True, text=True, timeout=120,
        )

    return run


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(PNG_MAGIC)
    return struct.unpack(">II", content[16:24])


def test_the_digest_posts_block_kit_then_its_chart(fake, database, post):
    fake.reset()
    result = post(database, "--post", CHANNEL, "--since", "7d")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"posted the digest and its chart to {CHANNEL}: ")
    assert result.stdout.rstrip().endswith("8 questions typed, 2 unanswered groups")
    assert result.stderr == ""  # no log noise from a good run
    assert fake.invalid == []  # valid Block Kit within Slack's limits

    methods = [c.method for c in fake.calls]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", UPLOAD,
                       "files.completeUploadExternal"]
    message, get_url, upload, complete = fake.calls
    assert all(c.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
               for c in (message, get_url, complete))

    params = message.params
    assert params["channel"] == CHANNEL
    assert "8 questions typed, 4 answered (50.0%)" in params["text"]
    blocks = params["blocks"]
    assert blocks[0]["text"]["text"] == "k8s-compare: what people asked"
    figures = [f["text"] for f in blocks[1]["fields"]]
    assert figures[:2] == ["*Questions typed*\n8", "*Answered*\n4 (50.0%)"]
    assert figures[3] == "*Rated helpful*\n3 of 6"
    texts = "\n".join(b["text"]["text"] for b in blocks if isinstance(b.get("text"), dict))
    assert "*By kind:* none 4 · row 4 · analogy 1 · summary 1" in texts
    assert "*By surface:* mention 5 · slash 2 · button 1 · dm 1 · home 1" in texts
    assert "• Scalability: 3" in texts and "Networking: 0 of 1 found it helpful" in texts
    (helm, certification) = [b for b in buttons(blocks) if b["action_id"] == SHOW_QUESTIONS]
    assert json.loads(helm["value"])["q"] in HELM
    assert "*3×* " in texts and "*1×* can I get a Kubernetes certification for free" in texts

    # files_upload_v2: ask for an upload URL, send the bytes there, share in the channel
    assert get_url.params["filename"] == "k8s-compare-answers-per-day.png"
    assert int(get_url.params["length"]) == len(upload.content)
    width, height = png_size(upload.content)
    assert (width, height) == (800, 360)
    assert complete.params["channel_id"] == CHANNEL
    (shared,) = complete.params["files"]
    assert upload.path == f"/upload/{shared['id']}"
    assert shared["title"].startswith("Answers per day by kind, and the answer rate, ")


def test_see_the_questions_lists_every_wording_to_the_clicker(fake, database, post, start_bot):
    bot = start_bot(K8S_COMPARE_DATABASE_URL=database)
    fake.reset()
    assert post(database, "--post", CHANNEL).returncode == 0
    blocks = fake.of("chat.postMessage", channel=CHANNEL)[0].params["blocks"]
    helm = [b for b in buttons(blocks) if json.loads(b["value"])["q"] in HELM][0]
    slack = SlackSender(bot.port, response_base=fake.response_url(""))
    reply, url = slack.action(helm, ephemeral=False, channel=CHANNEL)
    assert reply.status == 200
    (answer,) = fake.posted_to(url)
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    text = answer["blocks"][0]["text"]["text"]
    assert text.startswith("*Unanswered, asked 3×* (")
    for wording in HELM:  # the one asked with a mention is shown without it
        assert f"• {wording} (1×)" in text
    assert "<@" not in json.dumps(answer)

    stale = {**helm, "value": helm["value"].replace(json.loads(helm["value"])["q"], "gone")}
    reply, url = slack.action(stale, ephemeral=False, channel=CHANNEL)
    assert "are no longer recorded" in fake.posted_to(url)[0]["text"]
    reply, url = slack.action({**helm, "value": "not json"}, ephemeral=False, channel=CHANNEL)
    assert fake.posted_to(url)[0]["text"].startswith("That button's questions cannot be read.")
    assert fake.invalid == []
    assert "Traceback" not in bot.log()


@pytest.mark.parametrize("method, error, expected", [
    ("chat.postMessage", "not_in_channel",
     f"the digest was not posted to {CHANNEL}: Slack said not_in_channel (invite the bot to "
     "that channel first (/invite @k8s-compare))"),
    ("files.getUploadURLExternal", "missing_scope",
     f"the digest was posted to {CHANNEL}, but its chart was not: Slack said missing_scope "
     "(the app needs the chat:write and files:write scopes: update it from manifest.yaml and "
     "reinstall it)"),
])
def test_a_refusal_is_one_line_saying_what_to_do(fake, database, post, method, error,
                                                expected):
    fake.reset()
    fake.fail_next(method, 1, 200, error=error)
    result = post(database, "--post", CHANNEL)
    assert result.returncode == 1
    assert result.stderr == f"k8s-compare: {expected}\n"
    assert BOT_TOKEN not in result.stderr


def test_settings_and_options_are_checked_before_anything_is_sent(fake, database, post,
                                                                 tmp_path):
    fake.reset()
    result = post(database, "--post", CHANNEL, SLACK_BOT_TOKEN="")
    assert result.returncode == 1
    assert result.stderr.startswith("k8s-compare: SLACK_BOT_TOKEN is not set: it is the Bot "
                                    "User OAuth Token")
    result = post(database, "--post", CHANNEL, "--json")
    assert result.stderr == "k8s-compare: --post sends the digest to Slack, --json prints it: " \
                            "choose one\n"
    missing = str(tmp_path / "typo.sqlite3")
    result = post(database, "--post", CHANNEL, "--database", missing)
    assert result.stderr == f"k8s-compare: no database at {missing} (nothing recorded there " \
                            "yet, or a wrong path)\n"
    assert fake.calls == []


def test_an_empty_week_is_posted_without_a_chart(fake, post, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    Store(url).close()  # the tables, no records
    fake.reset()
    result = post(url, "--post", CHANNEL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"posted the digest to {CHANNEL}: ")
    (message,) = fake.calls
    texts = json.dumps(message.params["blocks"])
    assert "Nothing was recorded in this window, so there is no chart." in texts
    assert "*Unanswered questions:* none in this window." in texts
