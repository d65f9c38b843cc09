"""`k8s-compare serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode.

HTTP mode runs Bolt's WSGI adapter on gunicorn (one worker process, a pool of threads:
chosen by measuring, see bench/load_slack.py), with Bolt's single endpoint
`POST /slack/events` for events, commands and interactivity, and `GET /healthz`. One
process keeps the in-memory de-duplication store whole; threads give the concurrency.

Both modes stop cleanly on SIGTERM: no new work is taken, requests in flight finish, and
answers already acknowledged are still sent before the process exits.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackClientError

from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher
from bot.slack.app import build_app
from bot.slack.http_server import GunicornServer
from bot.slack.logs import configure_logging
from bot.slack.settings import Settings, SettingsError, load_settings

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads are far smaller
CANNOT_START = "k8s-compare cannot start"
GRACEFUL_SECONDS = 20  # inside Kubernetes' default 30 s termination grace period

log = logging.getLogger("bot.slack")


def serve() -> int:
    """Start the bot from the environment; returns the process exit code."""
    configure_logging()
    try:
        settings = load_settings()
        kb = load_knowledge()
    except (SettingsError, KnowledgeError) as error:
        print(refusal(error), file=sys.stderr)
        return 1
    executor = ThreadPoolExecutor(settings.threads, "listener")
    try:
        app = build_app(settings, kb, Matcher(kb), listener_executor=executor)
    except BoltError as error:  # auth.test said no
        print(f"{CANNOT_START}: Slack did not accept the bot token ({error})", file=sys.stderr)
        return 1
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: no answer from {settings.api_url} ({error})", file=sys.stderr)
        return 1
    if settings.socket_mode:
        return run_socket_mode(app, settings, executor)
    return run_http(app, settings, executor)


def refusal(error: Exception) -> str:
    if isinstance(error, KnowledgeError):  # its lines are FILE:LINE: problem
        return f"{CANNOT_START}: the knowledge base has problems:\n{error}"
    return str(error)


# ---------------------------------------------------------------- HTTP mode
def wsgi_app(app: App):
    """Bolt's WSGI adapter plus a health check, refusing oversized bodies up front."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ, start_response):
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") != "POST":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        if _content_length(environ) > MAX_BODY_BYTES:
            start_response(
                "413 Content Too Large", [("Content-Type", "text/plain"), ("Connection", "close")]
            )
            return [b"request body too large\n"]
        return slack(environ, start_response)

    return application


def _content_length(environ) -> int:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def run_http(app: App, settings: Settings, executor: ThreadPoolExecutor) -> int:
    server = GunicornServer(
        wsgi_app(app),
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        graceful_seconds=GRACEFUL_SECONDS,
        on_worker_exit=lambda: executor.shutdown(wait=True),
    )
    log.info("HTTP mode: listening on %s:%s%s", settings.host, settings.port, EVENTS_PATH)
    return server.run()


# ---------------------------------------------------------------- Socket Mode
def run_socket_mode(app: App, settings: Settings, executor: ThreadPoolExecutor) -> int:
    """Connect out to Slack over a WebSocket (no public URL) until SIGTERM or Ctrl-C."""
    handler = SocketModeHandler(app, settings.app_token, concurrency=settings.threads)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        handler.connect()
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: Socket Mode could not connect ({error})", file=sys.stderr)
        return 1
    log.info("Socket Mode: connected; waiting for events")
    stop.wait()
    log.info("Stopping: finishing the answers under way")
    handler.close()
    executor.shutdown(wait=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
