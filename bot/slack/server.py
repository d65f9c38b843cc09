"""`k8s-compare serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode.

HTTP mode runs Bolt's WSGI adapter on gunicorn (one worker process, a pool of threads:
chosen by measuring, see bench/load_slack.py), with Bolt's single endpoint
`POST /slack/events` for events, commands and interactivity, `GET /healthz` and
`GET /metrics` (Prometheus). Socket Mode has no HTTP server; it serves /metrics on
METRICS_PORT when that is set.

The store (K8S_COMPARE_DATABASE_URL, a SQLite file by default) de-duplicates Slack's
retries across replicas and records answers and feedback for `k8s-compare report`.

Both modes stop cleanly on SIGTERM: no new work is taken, requests in flight finish,
answers already acknowledged are still sent, and their records are written before the
process exits.
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
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import create_engine
from sqlalchemy.exc import ArgumentError

from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher
from bot.slack.app import build_app
from bot.slack.delivery import command_client
from bot.slack.http_server import GunicornServer
from bot.slack.logs import configure_logging
from bot.slack.metrics import Metrics
from bot.slack.settings import Settings, SettingsError, load_settings
from bot.store import DATABASE_URL_ENV, Store, default_database_url, engine_url

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads are far smaller
CANNOT_START = "k8s-compare cannot start"
READY = (
    "Ready: {mode}, signed in as @{user} in the {team} workspace; knowledge: {topics} "
    "comparison(s), {rows} rows. In Slack, try: /k8s-compare how do they scale?"
)
GRACEFUL_SECONDS = 20  # inside Kubernetes' default 30 s termination grace period
STORE_CLOSE_SECONDS = 5  # writing queued records; within the grace period too

log = logging.getLogger("bot.slack")


def serve() -> int:
    """Start the bot from the environment; returns the process exit code.

    Everything that can refuse the start is checked before the database is opened, so a
    start that fails leaves no database file behind."""
    configure_logging()
    try:
        settings = load_settings()
        kb = load_knowledge()
        url = usable_database_url()
    except (SettingsError, KnowledgeError, ArgumentError, ImportError) as error:
        print(refusal(error), file=sys.stderr)
        return 1
    identity = slack_identity(settings)
    if identity is None:
        return 1
    store = Store(url)
    try:
        return start(settings, kb, store, ready_line(settings, kb, identity))
    finally:
        # Also reached after `finish` (closing twice is harmless), by gunicorn's worker
        # and its idle master alike, and after a failed start.
        store.close()


def usable_database_url() -> str:
    """The database URL, checked without connecting: a typo or a missing driver raises
    ArgumentError or ImportError here (SQLAlchemy connects on first use only)."""
    url = default_database_url()
    create_engine(engine_url(url)).dispose()
    return url


def slack_identity(settings: Settings) -> dict | None:
    """auth.test: who the bot is, and in which workspace; None (said why) if Slack refuses
    the token or cannot be reached."""
    try:
        return command_client(settings).auth_test().data
    except SlackApiError as error:
        reason = error.response.get("error", "refused")
        print(f"{CANNOT_START}: Slack did not accept the bot token ({reason})", file=sys.stderr)
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: no answer from {settings.api_url} ({error})", file=sys.stderr)
    return None


def ready_line(settings: Settings, kb, identity: dict) -> str:
    """What a good start logs: the mode, who and where the bot is, what it knows."""
    if settings.socket_mode:
        mode = "Socket Mode"
    else:
        mode = f"HTTP mode on {settings.host}:{settings.port}{EVENTS_PATH}"
    rows = sum(len(topic.rows) for topic in kb.topics)
    return READY.format(
        mode=mode, user=identity.get("user", "?"), team=identity.get("team", "?"),
        topics=len(kb.topics), rows=rows,
    )


def start(settings: Settings, kb, store: Store, ready: str) -> int:
    metrics = Metrics(store)
    executor = ThreadPoolExecutor(settings.threads, "listener")
    try:
        app = build_app(
            settings, kb, Matcher(kb), store=store, metrics=metrics, listener_executor=executor
        )
    except BoltError as error:  # auth.test said no
        print(f"{CANNOT_START}: Slack did not accept the bot token ({error})", file=sys.stderr)
        return 1
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: no answer from {settings.api_url} ({error})", file=sys.stderr)
        return 1
    if settings.socket_mode:
        return run_socket_mode(app, settings, executor, metrics, store, ready)
    return run_http(app, settings, executor, metrics, store, ready)


def refusal(error: Exception) -> str:
    if isinstance(error, KnowledgeError):  # its lines are FILE:LINE: problem
        return f"{CANNOT_START}: the knowledge base has problems:\n{error}"
    if isinstance(error, ArgumentError | ImportError):  # neither repeats the URL
        return (
            f"{CANNOT_START}: {DATABASE_URL_ENV} is not a database URL this installation can "
            f"use ({error}); PostgreSQL needs the `postgres` extra: pip install "
            "'k8s-compare[postgres]'"
        )
    return str(error)


# ---------------------------------------------------------------- HTTP mode
def wsgi_app(app: App, metrics: Metrics):
    """Bolt's WSGI adapter plus a health check and metrics, refusing oversized bodies up
    front. /healthz and /metrics are for the cluster only: expose just /slack/events."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    prometheus = metrics.wsgi_app()

    def application(environ, start_response):
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method != "POST":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        if path == METRICS_PATH and method != "POST":
            return prometheus(environ, start_response)
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


def run_http(
    app: App, settings: Settings, executor: ThreadPoolExecutor, metrics: Metrics, store: Store,
    ready: str,
) -> int:
    # gunicorn forks its worker from this process: connections opened here (the store's
    # start-up schema check) must not be shared with it, so the worker opens its own.
    store.engine.dispose()
    server = GunicornServer(
        wsgi_app(app, metrics),
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        graceful_seconds=GRACEFUL_SECONDS,
        on_worker_exit=lambda: finish(executor, store),
        on_ready=lambda: log.info("%s", ready),
    )
    return server.run()


def finish(executor: ThreadPoolExecutor, store: Store) -> None:
    """Send the answers already acknowledged, then write what they recorded."""
    log.info("Stopping: finishing the answers under way, then writing their records")
    executor.shutdown(wait=True)
    store.close(timeout=STORE_CLOSE_SECONDS)


# ---------------------------------------------------------------- Socket Mode
def run_socket_mode(
    app: App, settings: Settings, executor: ThreadPoolExecutor, metrics: Metrics, store: Store,
    ready: str,
) -> int:
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
    exporter = None
    if settings.metrics_port:
        exporter = metrics.serve(settings.host, settings.metrics_port)
        log.info("Metrics on %s:%s%s", settings.host, settings.metrics_port, METRICS_PATH)
    log.info("%s", ready)
    stop.wait()
    handler.close()
    finish(executor, store)
    if exporter is not None:
        exporter.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
