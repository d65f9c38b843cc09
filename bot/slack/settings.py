"""The bot's settings, read once from the environment at start-up.

A platform team sets two or three variables and runs one command, so a missing or
malformed one is reported with its name and where to find its value in the Slack app
configuration, all at once. Token values never appear in messages or logs.
"""

from __future__ import annotations

import logging
import os
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
DEFAULT_THREADS = 16
DEFAULT_REQUEST_TIMEOUT = 10
# Kubernetes' 30 s: a 5 s preStop sleep, 15 s of delivering, 3 s for the answers being
# sent, a few for the records
DEFAULT_GRACE_SECONDS = 15
DEFAULT_LEASE_SECONDS = 10
DEFAULT_RATE_LIMIT = 20  # questions a person may ask in a minute

APP_SETTINGS = "your app's page at https://api.slack.com/apps"
WHERE = {
    "SLACK_BOT_TOKEN": (
        "the Bot User OAuth Token (starts with xoxb-): "
        f"{APP_SETTINGS} > OAuth & Permissions, after 'Install to Workspace'"
    ),
    "SLACK_SIGNING_SECRET": (
        f"the Signing Secret: {APP_SETTINGS} > Basic Information > App Credentials "
        "(HTTP mode; or set SLACK_APP_TOKEN to use Socket Mode instead)"
    ),
    "SLACK_APP_TOKEN": (
        "an App-Level Token with the connections:write scope (starts with xapp-): "
        f"{APP_SETTINGS} > Basic Information > App-Level Tokens"
    ),
    "SLACK_CLIENT_SECRET": f"the Client Secret: {APP_SETTINGS} > Basic Information > App "
                           "Credentials",
    "K8S_COMPARE_ENCRYPTION_KEY": (
        "a Fernet key that encrypts the workspaces' bot tokens in the database; make one with "
        "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        " and keep it in a secret (losing it means installing the app again)"
    ),
}
TOKEN_PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
# Neither mode's setting: Socket Mode is the shipped default (manifest.yaml), so it comes first.
NO_MODE = (
    f"SLACK_APP_TOKEN is not set: for Socket Mode (the default, no public URL) it is "
    f"{WHERE['SLACK_APP_TOKEN']}. For HTTP mode, set SLACK_SIGNING_SECRET instead: "
    f"{APP_SETTINGS} > Basic Information > App Credentials."
)

# What `serve --help` lists, in the order a person sets them.
DOCUMENTED = (
    ("SLACK_BOT_TOKEN", "always needed: the Bot User OAuth Token (xoxb-)"),
    ("SLACK_APP_TOKEN", "Socket Mode (the default): an App-Level Token (xapp-) with "
     "connections:write"),
    ("SLACK_SIGNING_SECRET", "HTTP mode, used when SLACK_APP_TOKEN is unset: the Signing "
     "Secret"),
    ("PORT", f"HTTP mode's port (default {DEFAULT_PORT})"),
    ("HOST", "the address PORT and METRICS_PORT listen on (default 0.0.0.0)"),
    ("METRICS_PORT", "Socket Mode: serve /metrics on this port (default: no metrics)"),
    ("K8S_COMPARE_KNOWLEDGE_DIR", "folder of *.yaml comparisons (default: the shipped one)"),
    ("K8S_COMPARE_CACHE_DIR", "where the semantic layer keeps the tables' vectors (default: "
     "~/.cache/k8s-compare; empty: keep them in memory only)"),
    ("K8S_COMPARE_DATABASE_URL", "SQLAlchemy URL where answers are recorded (default: "
     "k8s-compare.sqlite3 in the working directory)"),
    ("K8S_COMPARE_RECORD_QUESTIONS", "1 also records answered questions' text (default: "
     "off; unanswered ones are always kept)"),
    ("K8S_COMPARE_ONBOARDING_CHANNELS", "channel IDs whose new members get a welcome"),
    ("K8S_COMPARE_THREADS", f"answers sent at once (default {DEFAULT_THREADS})"),
    ("K8S_COMPARE_REQUEST_TIMEOUT", "HTTP mode: seconds for a request to arrive whole "
     f"(default {DEFAULT_REQUEST_TIMEOUT})"),
    ("K8S_COMPARE_GRACE_SECONDS", "on SIGTERM, seconds to keep sending answers owed "
     f"(default {DEFAULT_GRACE_SECONDS})"),
    ("K8S_COMPARE_LEASE_SECONDS", "how soon another replica sends what a stopped one owed "
     f"(default {DEFAULT_LEASE_SECONDS})"),
    ("SLACK_CLIENT_ID", "OAuth distribution (HTTP mode, instead of SLACK_BOT_TOKEN): the "
     "app's Client ID; any workspace installs the bot at /slack/install"),
    ("SLACK_CLIENT_SECRET", "OAuth distribution: the app's Client Secret"),
    ("K8S_COMPARE_ENCRYPTION_KEY", "OAuth distribution: the Fernet key the bot tokens are "
     "encrypted with in the database"),
    ("K8S_COMPARE_ESCALATION_CHANNEL", "channel ID where 'Ask the team' posts questions the "
     "bot could not answer (default: no button); TEAM:CHANNEL pairs for several workspaces"),
    ("K8S_COMPARE_ESCALATION_MENTION", "user group (S...) or people (U...) mentioned in each "
     "escalation, separated by commas"),
    ("K8S_COMPARE_RATE_LIMIT", f"questions a person may ask a minute (default "
     f"{DEFAULT_RATE_LIMIT}; 0: no cap)"),
    ("SLACK_API_URL", f"Slack's Web API (default {DEFAULT_API_URL})"),
    ("LOG_LEVEL", "default INFO; DEBUG also logs request bodies (people's questions)"),
    ("LOG_FORMAT", "json writes one JSON object per line (default: readable lines)"),
)


def settings_help(width: int = 79) -> str:
    """The settings as `serve --help` lists them: each name, then what it is, indented."""
    indent = " " * 6
    lines = ["settings (environment variables):"]
    for name, what in DOCUMENTED:
        lines.append(f"  {name}")
        lines += textwrap.wrap(what, width, initial_indent=indent, subsequent_indent=indent)
    return "\n".join(lines)


class SettingsError(Exception):
    """Every problem with the environment, one line each, naming the variable."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"k8s-compare cannot start; fix these environment variables:\n{lines}"


@dataclass(frozen=True)
class Settings:
    bot_token: str = field(repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    threads: int = DEFAULT_THREADS
    onboarding_channels: frozenset[str] = frozenset()
    metrics_port: int = 0  # Socket Mode only (HTTP mode serves /metrics on PORT); 0: none
    request_timeout: int = DEFAULT_REQUEST_TIMEOUT  # seconds for a request to arrive whole
    grace_seconds: int = DEFAULT_GRACE_SECONDS  # SIGTERM: how long to drain what is owed
    lease_seconds: int = DEFAULT_LEASE_SECONDS  # how soon another process takes over
    client_id: str = ""  # OAuth distribution: any number of workspaces, tokens in the database
    client_secret: str = field(default="", repr=False)
    encryption_key: str = field(default="", repr=False)
    # (team ID or "" for every workspace, channel or mentioned ID)
    escalation_channels: tuple[tuple[str, str], ...] = ()
    escalation_mentions: tuple[tuple[str, str], ...] = ()
    rate_limit: int = DEFAULT_RATE_LIMIT  # questions a person may ask a minute; 0: no cap

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def oauth(self) -> bool:
        return bool(self.client_id)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from `env` (default: os.environ); raises SettingsError listing every problem."""
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return env.get(name, "").strip()

    problems: list[str] = []
    bot_token, app_token = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN")
    client_id = get("SLACK_CLIENT_ID")
    if client_id:
        _check_oauth(get, problems)
    elif not bot_token:
        problems.append(f"SLACK_BOT_TOKEN is not set: it is {WHERE['SLACK_BOT_TOKEN']}.")
    if client_id and not app_token and not get("SLACK_SIGNING_SECRET"):
        problems.append("SLACK_SIGNING_SECRET is not set: OAuth distribution runs in HTTP mode "
                        f"and needs it; it is in {APP_SETTINGS} > Basic Information > App "
                        "Credentials.")  # (not NO_MODE: Socket Mode is refused with OAuth)
    elif not app_token and not get("SLACK_SIGNING_SECRET"):
        problems.append(NO_MODE)
    _check_prefixes(get, TOKEN_PREFIXES, problems)
    api_url = _api_url(get("SLACK_API_URL") or DEFAULT_API_URL, problems)
    port = _number(env, "PORT", DEFAULT_PORT, 1, 65535, problems)
    threads = _number(env, "K8S_COMPARE_THREADS", DEFAULT_THREADS, 1, 256, problems)
    metrics_port = _number(env, "METRICS_PORT", 0, 1, 65535, problems)
    request_timeout = _number(
        env, "K8S_COMPARE_REQUEST_TIMEOUT", DEFAULT_REQUEST_TIMEOUT, 1, 300, problems
    )
    grace = _number(env, "K8S_COMPARE_GRACE_SECONDS", DEFAULT_GRACE_SECONDS, 1, 3600, problems)
    lease = _number(env, "K8S_COMPARE_LEASE_SECONDS", DEFAULT_LEASE_SECONDS, 2, 600, problems)
    rate_limit = _number(env, "K8S_COMPARE_RATE_LIMIT", DEFAULT_RATE_LIMIT, 0, 10_000, problems)
    channels_to = _ids(get("K8S_COMPARE_ESCALATION_CHANNEL"), "K8S_COMPARE_ESCALATION_CHANNEL",
                       "CG", problems)
    mentions = _ids(get("K8S_COMPARE_ESCALATION_MENTION"), "K8S_COMPARE_ESCALATION_MENTION",
                    "SUW", problems)
    if mentions and not channels_to:
        problems.append("K8S_COMPARE_ESCALATION_MENTION is set without "
                        "K8S_COMPARE_ESCALATION_CHANNEL: name the channel escalations go to.")
    channels = frozenset(
        c for c in get("K8S_COMPARE_ONBOARDING_CHANNELS").replace(" ", ",").split(",") if c
    )
    problems += [f"K8S_COMPARE_ONBOARDING_CHANNELS: {c[:40]!r} is not a channel ID like "
                 "C0123ABCD; Slack shows it in the channel's details." for c in sorted(channels)
                 if not _CHANNEL_ID.fullmatch(c)]  # "#general" would welcome nobody, silently
    problems += _logging_problems(get)
    if problems:
        raise SettingsError(problems)
    return Settings(
        bot_token=bot_token,
        signing_secret=get("SLACK_SIGNING_SECRET"),
        app_token=app_token,
        api_url=api_url,
        host=get("HOST") or "0.0.0.0",
        port=port,
        threads=threads,
        onboarding_channels=channels,
        metrics_port=metrics_port,
        request_timeout=request_timeout,
        grace_seconds=grace,
        lease_seconds=lease,
        client_id=client_id,
        client_secret=get("SLACK_CLIENT_SECRET") if client_id else "",
        encryption_key=get("K8S_COMPARE_ENCRYPTION_KEY") if client_id else "",
        escalation_channels=channels_to,
        escalation_mentions=mentions,
        rate_limit=rate_limit,
    )


_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{1,30}")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _logging_problems(get) -> list[str]:
    """A LOG_LEVEL or LOG_FORMAT the bot would ignore, named (a typo kept the defaults)."""
    problems = []
    if get("LOG_LEVEL") and get("LOG_LEVEL").upper() not in logging.getLevelNamesMapping():
        problems.append(f"LOG_LEVEL: {get('LOG_LEVEL')[:20]!r} is not one of "
                        f"{', '.join(LOG_LEVELS)}.")
    if get("LOG_FORMAT").lower() not in ("", "json", "text"):
        problems.append(f"LOG_FORMAT: {get('LOG_FORMAT')[:20]!r} is not json or text.")
    return problems


def _check_oauth(get, problems: list[str]) -> None:
    """OAuth distribution: the app's credentials and the key its tokens are stored under;
    the bot refuses to keep workspaces' tokens in the clear."""
    if get("SLACK_BOT_TOKEN"):
        problems.append("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: set SLACK_BOT_TOKEN "
                        "for one workspace, or SLACK_CLIENT_ID (OAuth distribution), not both.")
    if get("SLACK_APP_TOKEN"):
        problems.append("OAuth distribution runs in HTTP mode (Slack redirects browsers to "
                        "/slack/oauth_redirect): unset SLACK_APP_TOKEN and set "
                        "SLACK_SIGNING_SECRET.")
    for name in ("SLACK_CLIENT_SECRET", "K8S_COMPARE_ENCRYPTION_KEY"):
        if not get(name):
            problems.append(f"{name} is not set: OAuth distribution needs it; it is {WHERE[name]}.")
    key = get("K8S_COMPARE_ENCRYPTION_KEY")
    if key and not _is_fernet_key(key):
        problems.append("K8S_COMPARE_ENCRYPTION_KEY is not a Fernet key (32 bytes, url-safe "
                        f"base64): it should be {WHERE['K8S_COMPARE_ENCRYPTION_KEY']}.")


def _is_fernet_key(key: str) -> bool:
    from cryptography.fernet import Fernet

    try:
        Fernet(key.encode())
    except ValueError:
        return False
    return True


_SLACK_ID = re.compile(r"^(?:([TE][A-Z0-9]{2,30}):)?([A-Z][A-Z0-9]{2,30})$")


def _ids(raw: str, name: str, kinds: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """`C0123` or `T01:C0123,T02:C0456`: Slack IDs of the given kinds (first letters), each
    for every workspace or for the one its TEAM: prefix names. Names (#general, @experts)
    are refused: only IDs are stable, and nothing else can turn into an unwanted ping."""
    found = []
    for item in (part.strip() for part in raw.replace(" ", ",").split(",")):
        if not item:
            continue
        match = _SLACK_ID.match(item)
        if not match or match.group(2)[0] not in kinds:
            wanted = " or ".join(f"{k}..." for k in kinds)
            problems.append(f"{name}: {item[:40]!r} is not an ID like {wanted} (with an "
                            "optional TEAM_ID: in front); Slack shows IDs in a channel's or "
                            "group's details.")
            continue
        found.append((match.group(1) or "", match.group(2)))
    return tuple(found)


def load_web_api_settings(env: Mapping[str, str] | None = None) -> Settings:
    """What a command that only calls Slack's Web API needs (`report --post`): the bot
    token (or, with OAuth distribution, the client ID and the key the workspaces' tokens
    are stored under) and Slack's address. Raises SettingsError like `load_settings`."""
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return env.get(name, "").strip()

    problems: list[str] = []
    client_id = "" if get("SLACK_BOT_TOKEN") else get("SLACK_CLIENT_ID")
    if client_id:
        key = get("K8S_COMPARE_ENCRYPTION_KEY")
        if not key or not _is_fernet_key(key):
            problems.append("K8S_COMPARE_ENCRYPTION_KEY is not set to the bot's key: with "
                            "OAuth distribution the workspaces' tokens are read with it.")
    elif not get("SLACK_BOT_TOKEN"):
        problems.append(f"SLACK_BOT_TOKEN is not set: it is {WHERE['SLACK_BOT_TOKEN']}.")
    _check_prefixes(get, {"SLACK_BOT_TOKEN": "xoxb-"}, problems)
    api_url = _api_url(get("SLACK_API_URL") or DEFAULT_API_URL, problems)
    if problems:
        raise SettingsError(problems)
    return Settings(bot_token=get("SLACK_BOT_TOKEN"), api_url=api_url, client_id=client_id,
                    encryption_key=get("K8S_COMPARE_ENCRYPTION_KEY") if client_id else "")


def _check_prefixes(get, prefixes: Mapping[str, str], problems: list[str]) -> None:
    """A token pasted into the wrong variable is named, never shown."""
    for name, prefix in prefixes.items():
        value = get(name)
        if value and not value.startswith(prefix):
            problems.append(f"{name} does not start with {prefix}: it should be {WHERE[name]}.")


def _api_url(url: str, problems: list[str]) -> str:
    """The Web API base URL, with the trailing slash WebClient appends method names to."""
    from urllib.parse import urlparse  # only `serve` checks URLs; `ask` builds this help

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(
            f"SLACK_API_URL is not an http(s) URL: leave it unset to use {DEFAULT_API_URL}."
        )
    return url if url.endswith("/") else url + "/"


def _number(env, name: str, default: int, low: int, high: int, problems: list[str]) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    fallback = f"default {default}" if low <= default <= high else "or unset"
    problems.append(f"{name} must be a whole number from {low} to {high} ({fallback}).")
    return default
