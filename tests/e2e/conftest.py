"""End-to-end fixtures: a fake Slack Web API, and the real bot in HTTP mode in front of it.

The bot runs as `python -m bot.slack.server` (what `k8s-compare serve` calls) on a free
port on 127.0.0.1, with SLACK_API_URL pointing at the fake; it is started once for the
session and each test uses fresh channel and message IDs, because the bot remembers what
it already answered. Readiness is GET /healthz, never a fixed sleep. Each process records
into a SQLite file of its own next to its log, unless the test gives it a database URL.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.fake_slack import FakeSlack
from tests.e2e.slack_client import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]
BOT_TOKEN = "xoxb-e2e-0000-secret-bot-token"
APP_TOKEN = "xapp-1-e2e-secret-app-token"
ONBOARDING_CHANNEL = "C0ONBOARD"
START_SECONDS = 60  # a loaded 2-core machine imports slowly


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_env(fake: FakeSlack, port: int, **extra: str) -> dict:
    """A clean environment: no SLACK_* or K8S_COMPARE_* variables leak in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "K8S_COMPARE_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        PORT=str(port),
        HOST="127.0.0.1",
        K8S_COMPARE_ONBOARDING_CHANNELS=ONBOARDING_CHANNEL,
        K8S_COMPARE_THREADS="8",
        # the suite asks hundreds of questions as one person; the cap's own test sets it
        K8S_COMPARE_RATE_LIMIT="10000",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class BotProcess:
    """The bot as a subprocess; its stdout and stderr go to a log file tests can read."""

    def __init__(self, env: dict, log_path: Path, command: list[str] | None = None):
        self.database = env.setdefault(
            "K8S_COMPARE_DATABASE_URL", f"sqlite:///{log_path.with_suffix('.sqlite3')}"
        )
        self.env, self.log_path = env, log_path
        self.command = command or [sys.executable, "-m", "bot.slack.server"]
        self.port = int(env["PORT"])
        self.process: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_healthy(self, timeout: float = START_SECONDS) -> BotProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"bot exited with {self.process.returncode}:\n{self.log()}")
            try:
                self.get("/healthz", timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"bot not healthy after {timeout} s:\n{self.log()}")

    def get(self, path: str, timeout: float = 5, port: int | None = None) -> str:
        """GET `path` from the bot (or from `port`, e.g. Socket Mode's METRICS_PORT)."""
        url = f"http://127.0.0.1:{port or self.port}{path}"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode()

    def wait_for_log(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never logged:\n{self.log()}")
            time.sleep(0.05)
        return self.log()

    def stop(self, timeout: float = 40) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stored(self, query: str) -> list[tuple]:
        """Rows of `query` on the bot's SQLite file, sorted (listener threads race)."""
        with sqlite3.connect(self.database.removeprefix("sqlite:///")) as connection:
            return sorted(connection.execute(query).fetchall(), key=repr)


@pytest.fixture(scope="session")
def fake():
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def bot(fake, tmp_path_factory):
    process = BotProcess(bot_env(fake, free_port()), tmp_path_factory.mktemp("bot") / "bot.log")
    process.start().wait_healthy()
    yield process
    process.stop()


@pytest.fixture
def slack(fake, bot):
    """Send as Slack does; afterwards, every Block Kit payload the bot sent must be valid."""
    fake.reset()
    yield SlackSender(bot.port, response_base=fake.response_url(""))
    assert fake.invalid == [], fake.invalid


@pytest.fixture
def start_bot(fake, tmp_path):
    """Start extra bot processes with their own settings; all are stopped afterwards."""
    started: list[BotProcess] = []

    def start(wait: bool = True, **env: str) -> BotProcess:
        process = BotProcess(bot_env(fake, free_port(), **env), tmp_path / f"bot{len(started)}.log")
        started.append(process.start())
        return process.wait_healthy() if wait else process

    yield start
    for process in started:
        if process.process.poll() is None:
            process.stop()
