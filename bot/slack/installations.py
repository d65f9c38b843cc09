"""The OAuth flow's storage: installations and states on the bot's own database, with every
token encrypted (Fernet, K8S_COMPARE_ENCRYPTION_KEY). Imported in OAuth mode only."""

from __future__ import annotations

import copy
import logging
import threading
import time
from datetime import UTC, datetime

from cryptography.fernet import Fernet, InvalidToken
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, Text, and_, func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH

STATE_SECONDS = 600  # an installer has ten minutes between the two pages
CACHE_SECONDS = 30.0  # how long a replica reuses a workspace's token without reading it again
TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
SEALED = "gAAAAA"  # how every Fernet token starts; Slack's start with xox

log = logging.getLogger("bot.slack")


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store with every token encrypted before it is written and
    decrypted when read; tokens' columns are Text (a sealed token is longer than Slack's).
    Reads are cached for CACHE_SECONDS per workspace, so a question costs no database call,
    and while the database is down the token last read is used; a deletion here clears the
    cache at once (another replica's, within CACHE_SECONDS)."""

    def __init__(self, client_id: str, engine: Engine, key: str):
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.fernet = Fernet(key.encode())
        self._cache: dict[tuple, tuple[float, Bot | None]] = {}
        self._lock = threading.Lock()

    @classmethod
    def build_bots_table(cls, metadata, table_name):
        return _text_tokens(super().build_bots_table(metadata, table_name))

    @classmethod
    def build_installations_table(cls, metadata, table_name):
        return _text_tokens(super().build_installations_table(metadata, table_name))

    def save(self, installation: Installation):
        self._forget(installation.enterprise_id, installation.team_id)
        super().save(self._sealed(installation))

    def save_bot(self, bot: Bot):
        self._forget(bot.enterprise_id, bot.team_id)
        super().save_bot(self._sealed(bot))

    def find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False) -> Bot | None:
        key = (enterprise_id, None if is_enterprise_install else team_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            bot = self._opened(super().find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                                is_enterprise_install=is_enterprise_install))
        except SQLAlchemyError:
            if cached is None:
                raise
            return cached[1]  # the database is down: the token last read still works
        with self._lock:
            self._cache[key] = (time.monotonic() + CACHE_SECONDS, bot)
        return bot

    def find_installation(self, *, enterprise_id, team_id, user_id=None,
                          is_enterprise_install=False) -> Installation | None:
        return self._opened(super().find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
            is_enterprise_install=is_enterprise_install))

    def delete_bot(self, *, enterprise_id, team_id) -> None:
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._forget(enterprise_id, team_id)

    def delete_installation(self, *, enterprise_id, team_id, user_id=None) -> None:
        super().delete_installation(enterprise_id=enterprise_id, team_id=team_id,
                                    user_id=user_id)
        self._forget(enterprise_id, team_id)

    def workspaces(self) -> dict[str, str]:
        """Installed workspaces: team ID -> name (for the Ready line and the report)."""
        c = self.bots.c
        query = (select(c.team_id, func.max(c.team_name)).where(c.client_id == self.client_id)
                 .group_by(c.team_id))
        with self.engine.connect() as connection:
            return {team or "": name or "" for team, name in connection.execute(query)}

    # ------------------------------------------------------------ sealing
    def _forget(self, enterprise_id, team_id) -> None:
        with self._lock:
            self._cache.pop((enterprise_id, team_id), None)
            self._cache.pop((enterprise_id, None), None)

    def _sealed(self, record):
        sealed = copy.copy(record)
        for name in TOKEN_FIELDS:
            value = getattr(sealed, name, None)
            if value and not value.startswith(SEALED):
                setattr(sealed, name, self.fernet.encrypt(value.encode()).decode())
        return sealed

    def _opened(self, record):
        if record is None:
            return None
        for name in TOKEN_FIELDS:
            value = getattr(record, name, None)
            if not value:
                continue
            try:
                setattr(record, name, self.fernet.decrypt(value.encode()).decode())
            except InvalidToken:
                log.error("A stored token of workspace %s cannot be decrypted: "
                          "K8S_COMPARE_ENCRYPTION_KEY is not the key it was stored with; "
                          "install the app in that workspace again", record.team_id)
                return None
        return record


def _text_tokens(table):
    for name in TOKEN_FIELDS:
        if name in table.c:
            table.c[name].type = Text()
    return table


class OnceStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store, with a state consumed by one conditional DELETE: two
    replicas given the same state at the same moment cannot both accept it."""

    def consume(self, state: str) -> bool:
        now = normalize_datetime_for_db(_utc_now())
        c = self.oauth_states.c
        try:
            with self.engine.begin() as connection:
                deleted = connection.execute(
                    self.oauth_states.delete().where(and_(c.state == state, c.expire_at > now)))
                return deleted.rowcount == 1
        except Exception as error:  # noqa: BLE001 - a refusal, said why, never a crash
            log.warning("Could not check an OAuth state (%s)", type(error).__name__)
            return False


def _utc_now():
    return datetime.now(UTC)


def oauth_settings(settings, engine: Engine, client: WebClient):
    """Bolt's OAuth settings and the authorize step for them: returns (OAuthSettings,
    Authorize, the installation store). The tables are created here."""
    installations = EncryptedInstallationStore(settings.client_id, engine, settings.encryption_key)
    states = OnceStateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=log)
    installations.create_tables()
    states.create_tables()
    flow = OAuthSettings(
        client_id=settings.client_id, client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES), user_scopes=[], installation_store=installations,
        installation_store_bot_only=True, state_store=states, install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH, state_expiration_seconds=STATE_SECONDS, logger=log,
    )
    # auth.test once per token (cached), the token itself from the store's cache
    authorize = InstallationStoreAuthorize(
        installation_store=installations, client_id=settings.client_id,
        client_secret=settings.client_secret, logger=log, bot_only=True, cache_enabled=True,
        client=client,
    )
    return flow, authorize, installations
