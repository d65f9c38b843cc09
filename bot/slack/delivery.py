"""Sending to Slack without ever crashing a listener: Web API calls and response_url posts.

Rate limits (429 + Retry-After), passing server errors (500, 503) and dropped connections
are retried by slack_sdk's retry handlers; what still fails is logged (method and Slack's
error code, never the message or a token) and the listener carries on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("bot.slack")

TIMEOUT_SECONDS = 10


def retry_handlers() -> list[RetryHandler]:
    """Fresh handlers for one client: a 429 waits as long as Slack's Retry-After asks."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def call(method: Callable, **kwargs) -> dict | None:
    """Run one WebClient method; its response data, or None (logged) if it failed."""
    name = getattr(method, "__name__", "web_api")
    try:
        return method(**kwargs).data
    except SlackApiError as error:
        log.error("Slack Web API %s failed: %s", name, error.response.get("error", "unknown"))
    except (SlackClientError, OSError, ValueError) as error:
        log.error("Slack Web API %s failed: %s", name, type(error).__name__)
    return None


def respond(response_url: str, payload: dict) -> bool:
    """Post to an interaction's response_url (no channel membership needed), with retries."""
    if not response_url.startswith(("https://", "http://")):
        log.error("No usable response_url in this request; nothing sent")
        return False
    webhook = WebhookClient(response_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = webhook.send_dict(payload)
    except (SlackClientError, OSError, ValueError) as error:
        log.error("Posting to response_url failed: %s", type(error).__name__)
        return False
    if response.status_code != 200:
        log.error("Posting to response_url failed: HTTP %s", response.status_code)
        return False
    return True
