"""`k8s-compare serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode.

HTTP mode runs the bot's own asyncio server (bot/slack/http_server.py: whole requests are
read before a worker thread sees them; chosen by measuring, see bench/reliability.py), with
Slack's single endpoint `POST /slack/events` for events, commands and interactivity
(authenticated before anything is parsed: bot/slack/endpoint.py), `GET /healthz` and
`GET /metrics` (Prometheus), and with SLACK_CLIENT_ID the OAuth flow's `GET /slack/install`
and `GET /slack/oauth_redirect` (bot/slack/oauth.py). Socket Mode has no HTTP server; it
serves /metrics on METRICS_PORT when that is set.

Both modes reload the knowledge when its files change, and at once on SIGHUP
(bot/live_knowledge.py).

The store (K8S_COMPARE_DATABASE_URL, a SQLite file by default) de-duplicates Slack's
retries across replicas and records answers and feedback for `k8s-compare report`.

Both modes stop cleanly on SIGTERM: no new work is taken, requests in flight finish,
answers already acknowledged are still sent, and their records are written before the
process exits.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading
import time

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import create_engine
from sqlalchemy.exc import ArgumentError

from bot.knowledge import KnowledgeError, load_knowledge
from bot.live_knowledge import LiveKnowledge
from bot.matcher import Matcher
from bot.slack.app import build_app, keep_waiting_records, make_courier
from bot.slack.courier import Courier
from bot.slack.delivery import command_client
from bot.slack.endpoint import SlackEndpoint
from bot.slack.fair_use import RateLimiter
from bot.slack.http_server import HttpServer, Request, Response
from bot.slack.logs import configure_logging
from bot.slack.metrics import Metrics
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.slack.recording import Recorder
from bot.slack.settings import Settings, SettingsError, load_settings
from bot.slack.socket_watch import PING_SECONDS, SocketWatch
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
READY_OAUTH = (
    "Ready: {mode}, OAuth distribution: {installed} workspace(s) installed, more at "
    "{install}; knowledge: {topics} comparison(s), {rows} rows."
)
HTTP_DRAIN_SECONDS = 5  # requests already read: acks, quick by design
STORE_CLOSE_SECONDS = 5  # writing queued records, after the grace period's drain

log = logging.getLogger("bot.slack")


def warm_in_background(matcher: Matcher) -> threading.Thread:
    """Load the semantic model and the tables' vectors while Slack connects, so that the
    first question that needs them does not wait; answers never wait for this."""

    def warm() -> None:
        try:
            matcher.semantic.warm()
        except Exception:  # noqa: BLE001 - the first question that needs it will say why
            log.exception("could not load the semantic model in advance")

    thread = threading.Thread(target=warm, name="semantic-warm-up", daemon=True)
    thread.start()
    return thread


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
    taken = next(filter(None, (port_problem(settings.host, port, name)
                               for name, port in ports_to_listen_on(settings))), "")
    if taken:
        print(f"{CANNOT_START}: {taken}", file=sys.stderr)
        return 1
    identity = {} if settings.oauth else slack_identity(settings)
    if identity is None or (settings.socket_mode and not app_token_accepted(settings)):
        return 1
    store = Store(url)
    try:
        return start(settings, kb, store, identity)
    finally:
        # Also reached after `finish` (closing twice is harmless) and after a failed start.
        store.close()


def ports_to_listen_on(settings: Settings) -> list[tuple[str, int]]:
    """(setting, port) the bot will listen on: PORT in HTTP mode, METRICS_PORT in Socket Mode."""
    if not settings.socket_mode:
        return [("PORT", settings.port)]
    return [("METRICS_PORT", settings.metrics_port)] if settings.metrics_port else []


def port_problem(host: str, port: int, setting: str) -> str:
    """Why the bot could not listen on host:port, or "": checked before the database is
    opened, so a port in use ends the start in one line and leaves no database file."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError as error:
        return f"HOST={host} is not an address to listen on ({error.strerror or error})"
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind(address)
        except OSError as error:
            return (f"cannot listen on {host}:{port} ({error.strerror or error}): another "
                    f"process has it; stop it or set {setting} to a free port")
    return ""


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


def app_token_accepted(settings: Settings) -> bool:
    """apps.connections.open with the app token, before the database is opened: a token
    Slack refuses ends the start in one line and leaves no database file (the URL it
    returns, unused, expires)."""
    try:
        command_client(settings).apps_connections_open(app_token=settings.app_token)
        return True
    except SlackApiError as error:
        reason = error.response.get("error", "refused")
        print(f"{CANNOT_START}: Slack did not accept the app token ({reason}): it is "
              "under Basic Information > App-Level Tokens, with connections:write",
              file=sys.stderr)
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: no answer from {settings.api_url} ({error})", file=sys.stderr)
    return False


def ready_line(settings: Settings, kb, identity: dict, installed: int = 0) -> str:
    """What a good start logs: the mode, who and where the bot is (or, in OAuth mode, how
    many workspaces installed it), what it knows."""
    if settings.socket_mode:
        mode = "Socket Mode"
    else:
        mode = f"HTTP mode on {settings.host}:{settings.port}{EVENTS_PATH}"
    rows = sum(len(topic.rows) for topic in kb.topics)
    if settings.oauth:
        return READY_OAUTH.format(mode=mode, installed=installed, install=INSTALL_PATH,
                                  topics=len(kb.topics), rows=rows)
    return READY.format(
        mode=mode, user=identity.get("user", "?"), team=identity.get("team", "?"),
        topics=len(kb.topics), rows=rows,
    )


def start(settings: Settings, kb, store: Store, identity: dict) -> int:
    metrics = Metrics(store)
    courier = make_courier(settings, store, metrics)
    matcher = Matcher(kb)
    warm_in_background(matcher)
    knowledge = LiveKnowledge(kb, matcher, metrics=metrics)
    limiter = RateLimiter(settings.rate_limit, store, courier.outbox.owner)
    recorder = Recorder(metrics, store)
    try:
        app = build_app(settings, knowledge, store=store, metrics=metrics, courier=courier,
                        limiter=limiter, recorder=recorder)
    except BoltError as error:  # auth.test said no
        print(f"{CANNOT_START}: Slack did not accept the bot token ({error})", file=sys.stderr)
        return 1
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: no answer from {settings.api_url} ({error})", file=sys.stderr)
        return 1
    ready = ready_line(settings, kb, identity, installed_count(app))
    recorder.start()
    courier.start()  # also sends what earlier processes left owed
    keep_waiting_records(store, courier.outbox.owner)  # and records they could not write
    knowledge.start()
    limiter.start()
    signal.signal(signal.SIGHUP, lambda *_: knowledge.reload_soon())
    try:
        if settings.socket_mode:
            return run_socket_mode(app, settings, courier, recorder, metrics, store, ready)
        return run_http(app, settings, courier, recorder, metrics, store, ready)
    finally:
        knowledge.stop()
        limiter.stop()


def installed_count(app: App) -> int:
    store = app.installation_store
    return len(store.workspaces()) if hasattr(store, "workspaces") else 0


def refusal(error: Exception) -> str:
    if isinstance(error, KnowledgeError):  # its lines are FILE:LINE: problem
        return f"{CANNOT_START}: the knowledge base has problems:\n{error}"
    if isinstance(error, ImportError):  # the URL's driver is not installed
        return (
            f"{CANNOT_START}: {DATABASE_URL_ENV} is not a database URL this installation can "
            f"use ({error}); PostgreSQL needs the `postgres` extra: pip install "
            "'k8s-compare[postgres]'"
        )
    if isinstance(error, ArgumentError):  # neither repeats the URL (it may hold a password)
        return (f"{CANNOT_START}: {DATABASE_URL_ENV} is not a database URL this installation "
                "can use (" + str(error).split("\n")[0] + "); use sqlite:////path/to/file or "
                "postgresql://user:password@host/db")
    return str(error)


# ---------------------------------------------------------------- HTTP mode
def http_server(app: App, settings: Settings, metrics: Metrics) -> HttpServer:
    """Slack's endpoint (in the worker pool), the health check and metrics (on the event
    loop, so a busy pool never fails the probe). Expose only /slack/events outside."""
    def health(_request: Request) -> Response:
        return Response.text(200, "ok\n")

    def prometheus(request: Request) -> Response:
        body, content_type = metrics.exposition(request.headers.get("accept", ""))
        return Response(200, body, {"Content-Type": content_type})

    routes = {
        ("POST", EVENTS_PATH): SlackEndpoint(app, settings.signing_secret, metrics),
        ("GET", HEALTH_PATH): health,
        ("GET", METRICS_PATH): prometheus,
    }
    if app.oauth_flow is not None:  # in the worker pool: they read and write the database
        routes[("GET", INSTALL_PATH)] = oauth_page(app.oauth_flow.handle_installation)
        routes[("GET", REDIRECT_PATH)] = oauth_page(app.oauth_flow.handle_callback)
    return HttpServer(
        routes, host=settings.host, port=settings.port, threads=settings.threads,
        max_body=MAX_BODY_BYTES, request_seconds=settings.request_timeout,
        grace_seconds=HTTP_DRAIN_SECONDS, inline=frozenset({("GET", HEALTH_PATH),
                                                          ("GET", METRICS_PATH)}),
        on_reject=metrics.rejected,
    )


def oauth_page(handle):
    """One of Bolt's OAuth pages (the install page, the redirect) as a route."""
    def page(request: Request) -> Response:
        answer = handle(BoltRequest(body="", query=request.query, headers=request.headers))
        headers = {name: ", ".join(values) for name, values in answer.headers.items()}
        return Response(answer.status, (answer.body or "").encode(), headers)

    return page


def run_http(
    app: App, settings: Settings, courier: Courier, recorder: Recorder, metrics: Metrics,
    store: Store, ready: str,
) -> int:
    server = http_server(app, settings, metrics)
    server.run(ready=lambda: log.info("%s", ready))  # once the port is bound
    finish(courier, recorder, store,
           settings.grace_seconds - (time.monotonic() - server.stopped_at))
    return 0


def finish(courier: Courier, recorder: Recorder, store: Store, seconds: float) -> None:
    """Send the answers already acknowledged for up to `seconds`, leave the rest owed in
    the store for another replica or the next start, then note the answers sent (log,
    metrics, records) and write the records."""
    log.info("Stopping: finishing the answers under way, then writing their records")
    courier.stop(max(0.0, seconds))
    recorder.stop()
    store.close(timeout=STORE_CLOSE_SECONDS)


# ---------------------------------------------------------------- Socket Mode
CONNECT_SECONDS = 10.0  # for the first WebSocket to open before the start is refused


def connected_within(handler: SocketModeHandler, seconds: float) -> bool:
    deadline, socket_mode = time.monotonic() + seconds, handler.client
    while not socket_mode.is_connected():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def run_socket_mode(
    app: App, settings: Settings, courier: Courier, recorder: Recorder, metrics: Metrics,
    store: Store, ready: str,
) -> int:
    """Connect out to Slack over a WebSocket (no public URL) until SIGTERM or Ctrl-C."""
    handler = SocketModeHandler(
        app, settings.app_token, concurrency=settings.threads, ping_interval=PING_SECONDS
    )
    watch = SocketWatch(handler, metrics)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        handler.connect()
        opened = connected_within(handler, CONNECT_SECONDS)
    except (SlackClientError, OSError) as error:
        print(f"{CANNOT_START}: Socket Mode could not connect ({error})", file=sys.stderr)
        return 1
    if not opened:  # slack_sdk logs a WebSocket that will not open and carries on
        print(f"{CANNOT_START}: Socket Mode could not connect (Slack gave a WebSocket URL, "
              f"but it did not open within {CONNECT_SECONDS:g} s: is outbound HTTPS to Slack "
              "blocked by a proxy or firewall?)", file=sys.stderr)
        handler.close()
        return 1
    exporter = None
    if settings.metrics_port:
        exporter = metrics.serve(settings.host, settings.metrics_port)
        log.info("Metrics on %s:%s%s", settings.host, settings.metrics_port, METRICS_PATH)
    log.info("%s", ready)
    watch.start()
    stop.wait()
    stopped_at = time.monotonic()
    watch.stop()
    handler.close()
    finish(courier, recorder, store, settings.grace_seconds - (time.monotonic() - stopped_at))
    if exporter is not None:
        exporter.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
