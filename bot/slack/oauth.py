"""Many workspaces from one deployment: Slack's OAuth flow ("Add to Slack") and the token
each workspace's requests and answers use.

With SLACK_CLIENT_ID set (HTTP mode), Bolt's OAuth support serves `GET /slack/install`
(the Add to Slack page, with a state cookie) and `GET /slack/oauth_redirect` (checks the
state against the cookie and the database, consumes it once, exchanges the code with
oauth.v2.access). Installations are kept by slack_sdk's SQLAlchemy installation store and
the states by its state store, on the bot's own database (so every replica sees every
installation), with each token encrypted with Fernet (K8S_COMPARE_ENCRYPTION_KEY): the
database alone never gives a token away. Tokens are never logged. That storage is
bot/slack/installations.py, imported in OAuth mode only; this module is what both modes use.

`Workspaces.client_for(team)` gives the Web API client with that workspace's own token (in
single-workspace mode, the one client): a job in the outbox names its workspace, so an
answer always goes out with the token of the workspace that asked, whichever replica sends
it. app_uninstalled and tokens_revoked delete the workspace's installation: from then on
nothing is sent to it and its requests are refused by Bolt (no installation, no token).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.slack.deps import Deps, bind

if TYPE_CHECKING:  # imported in OAuth mode only (slack_sdk's SQLAlchemy stores are heavy)
    from bot.slack.installations import EncryptedInstallationStore

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# Exactly the manifest's bot scopes (tests/e2e/test_manifest.py checks both against the code).
BOT_SCOPES = (
    "app_mentions:read", "channels:history", "channels:read", "chat:write", "commands",
    "files:write", "groups:history", "groups:read", "im:history", "users:read",
)

log = logging.getLogger("bot.slack")


class Workspaces:
    """The Web API client to use for a workspace: `single` in single-workspace mode; with
    `installations` (OAuth), one client per installed workspace with its own token, or
    None once the workspace has uninstalled the app."""

    def __init__(self, single: WebClient, installations: EncryptedInstallationStore | None = None,
                 make_client=None):
        self.single, self.installations = single, installations
        self.make_client = make_client
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    @property
    def oauth(self) -> bool:
        return self.installations is not None

    def client_for(self, team: str | None, enterprise: str | None = None) -> WebClient | None:
        if self.installations is None:
            return self.single
        bot = self.installations.find_bot(enterprise_id=enterprise or None, team_id=team)
        if bot is None or not bot.bot_token:
            return None
        with self._lock:
            client = self._clients.get(bot.bot_token)
            if client is None:
                client = self._clients[bot.bot_token] = self.make_client(bot.bot_token)
            return client

    def forget(self, team: str | None, enterprise: str | None = None) -> None:
        """Uninstalled: delete the workspace's installation and drop its clients."""
        if self.installations is None:
            return
        bot = self.installations.find_bot(enterprise_id=enterprise or None, team_id=team)
        self.installations.delete_all(enterprise_id=enterprise or None, team_id=team)
        if bot is not None:
            with self._lock:
                self._clients.pop(bot.bot_token, None)


# ---------------------------------------------------------------- uninstalling
def take_uninstalled(d: Deps, ack, context):
    """The workspace removed the app: its tokens are gone, so is its installation."""
    ack()
    _forget(d, context, "app_uninstalled")


def take_tokens_revoked(d: Deps, ack, event, context):
    ack()
    if (event.get("tokens") or {}).get("bot"):
        _forget(d, context, "tokens_revoked")


def _forget(d: Deps, context, why: str) -> None:
    if not d.workspaces.oauth:
        log.warning("Slack says %s for workspace %s: the bot token in SLACK_BOT_TOKEN no "
                    "longer works; install the app again and set the new token",
                    why, context.team_id)
        return
    d.workspaces.forget(context.team_id, context.enterprise_id)
    log.info("Workspace %s removed (%s): its installation and tokens are deleted",
             context.team_id, why, extra={"fields": {"team": context.team_id, "event": why}})


def register(app, d: Deps) -> None:
    app.event("app_uninstalled")(bind(take_uninstalled, d))
    app.event("tokens_revoked")(bind(take_tokens_revoked, d))
