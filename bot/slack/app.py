"""Build the Bolt app: one WebClient (Slack's address from settings, retries on), and each
module's listeners bound to the shared dependencies: the live knowledge, the courier and
its outbox (answers owed, de-duplication across replicas), the store (records for
`report`), the metrics, the rate limiter and each workspace's client. With SLACK_CLIENT_ID
the app runs Bolt's OAuth flow and finds each workspace's token in the database
(bot/slack/oauth.py); otherwise it has the one token of SLACK_BOT_TOKEN.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

from slack_bolt import App
from slack_sdk import WebClient

from bot.knowledge import KnowledgeBase
from bot.live_knowledge import LiveKnowledge
from bot.outbox import Outbox
from bot.slack import (
    actions,
    commands,
    digest,
    escalation,
    events,
    fair_use,
    home,
    oauth,
    onboarding,
)
from bot.slack.courier import Courier
from bot.slack.delivery import TIMEOUT_SECONDS, Delivery
from bot.slack.deps import Deps
from bot.slack.fair_use import RateLimiter
from bot.slack.metrics import Metrics
from bot.slack.recording import Recorder
from bot.slack.settings import Settings
from bot.spool import Journal, Spool, spool_folder
from bot.store import Store

LISTENER_MODULES = (commands, events, actions, home, onboarding, digest, escalation, fair_use,
                    oauth)

log = logging.getLogger("bot.slack")


def web_client(settings: Settings, delivery: Delivery, token: str | None = None) -> WebClient:
    """Bolt reads no variable for Slack's address, so the client is built here; `token`:
    a workspace's (OAuth), default SLACK_BOT_TOKEN (none in OAuth mode)."""
    return WebClient(
        token=token or settings.bot_token or None,
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=delivery.retry_handlers(),
    )


def build_app(
    settings: Settings,
    knowledge: LiveKnowledge | KnowledgeBase,
    *,
    store: Store | None = None,
    metrics: Metrics | None = None,
    courier: Courier | None = None,
    limiter: RateLimiter | None = None,
    recorder: Recorder | None = None,
) -> App:
    """The app, ready for an HTTP server or Socket Mode; with a bot token, calls auth.test
    once (a bad token fails here, at start-up, not on the first question). Without a
    store, what is owed is kept in memory and nothing is recorded (OAuth mode needs one);
    without metrics, they go to a registry of their own. The courier (one is made if none
    is given), the knowledge's watcher, the limiter's sharing and the recorder's thread
    are started by the caller (a recorder not started notes each answer at once)."""
    metrics = metrics or Metrics(store)
    delivery = Delivery(metrics)
    if not isinstance(knowledge, LiveKnowledge):
        knowledge = LiveKnowledge(knowledge, metrics=metrics)
    client = web_client(settings, delivery)
    options = {}
    installations = None
    if settings.oauth:
        from bot.slack.installations import oauth_settings

        flow, authorize, installations = oauth_settings(settings, store.engine, client)
        options = {"oauth_settings": flow, "authorize": authorize}
    app = App(
        client=client,
        signing_secret=settings.signing_secret,
        process_before_response=True,  # an ack goes out once the answer owed is stored
        request_verification_enabled=False,  # bot.slack.endpoint checks before parsing
        logger=_bolt_logger(),
        **options,
    )
    courier = courier or make_courier(settings, store, metrics)
    limiter = limiter or RateLimiter(settings.rate_limit, store, courier.outbox.owner)
    workspaces = oauth.Workspaces(
        app.client, installations, lambda token: web_client(settings, delivery, token))
    recorder = recorder or Recorder(metrics, store)
    deps = Deps(knowledge, settings, recorder, delivery, courier, app.client, workspaces,
                limiter, store)
    app.error(log_error)
    for module in LISTENER_MODULES:
        module.register(app, deps)
    return app


def make_courier(settings: Settings, store: Store | None, metrics: Metrics) -> Courier:
    """This process's courier: its outbox leases carry a name unique to the process."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    outbox = Outbox(store, owner, lease_seconds=settings.lease_seconds)
    folder = spool_folder(store.safe_url) if store is not None else None
    return Courier(outbox, metrics, settings.threads,
                   Spool(folder, owner) if folder is not None else None)


def keep_waiting_records(store: Store, owner: str) -> None:
    """Records waiting for the database are kept on disk too, beside the answers owed
    (bot/spool.py), and what processes that ended left there is written."""
    folder = spool_folder(store.safe_url)
    if folder is None:
        return
    try:
        store.keep_waiting_in(Journal(folder, "records", owner))
    except Exception:  # a file it cannot take must not stop the bot at every start
        log.exception("Adopting the records ended processes left failed; carrying on")


class _SameToken(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN and warns that the client's token wins: it is the same."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, at the root logger's level as Bolt's own default logger is: Bolt
    builds a debug line for each of its middleware on every request unless its logger's
    own level says it is not wanted (a logger without a level of its own says nothing)."""
    logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _SameToken) for f in logger.filters):
        logger.addFilter(_SameToken())
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.getLogger().level)
    return logger


def log_error(error: Exception, body: dict) -> None:
    """What went wrong and where, without the request body (it holds people's questions)."""
    kind = body.get("type") or body.get("command") or "request"
    event = (body.get("event") or {}).get("type", "")
    log.error("Listener failed on %s %s: %s", kind, event, type(error).__name__, exc_info=error)
