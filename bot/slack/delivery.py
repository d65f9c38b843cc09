"""Sending to Slack without ever crashing a listener: Web API calls and response_url posts.

Rate limits (429 + Retry-After), passing server errors (500, 503) and dropped connections
are retried by slack_sdk's retry handlers; what still fails is logged (method and Slack's
error code, never the message or a token) and told to the courier: tried again later when
Slack or the network may recover, given up when Slack refused for good. Both are counted
in the metrics, by method, so an operator sees Slack trouble before people report it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.outbox import DELIVERED, REFUSED
from bot.slack.courier import RETRY
from bot.slack.metrics import Metrics

log = logging.getLogger("bot.slack")

TIMEOUT_SECONDS = 10
RESPONSE_URL = "response_url"  # the method label of response_url posts
RETRIES: dict[str, Callable[[], RetryHandler]] = {  # reason label: a fresh handler
    "connection_error": lambda: ConnectionErrorRetryHandler(max_retry_count=2),
    "rate_limited": lambda: RateLimitErrorRetryHandler(max_retry_count=3),  # waits Retry-After
    "server_error": lambda: ServerErrorRetryHandler(max_retry_count=2),
}


def api_method(name: str) -> str:
    """Slack's name for a WebClient method: chat_postMessage -> chat.postMessage."""
    return name.replace("_", ".", 1)


def command_client(settings) -> WebClient:
    """A WebClient for calls made outside the app (the start-up check, `report --post`):
    the same address, timeout and retries, counted in no metrics."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[make() for make in RETRIES.values()],
    )


class CountedRetry(RetryHandler):
    """One of slack_sdk's retry handlers, counting every retry it makes."""

    def __init__(self, inner: RetryHandler, reason: str, metrics: Metrics, method: str = ""):
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self.inner, self.reason, self.metrics, self.method = inner, reason, metrics, method

    def can_retry(self, **kwargs) -> bool:
        return self.inner.can_retry(**kwargs)

    def prepare_for_next_attempt(self, **kwargs) -> None:
        method = self.method or kwargs["request"].url.rstrip("/").rsplit("/", 1)[-1]
        self.metrics.api_retry(method, self.reason)
        self.inner.prepare_for_next_attempt(**kwargs)


class Delivery:
    """What the listeners send Slack through; `metrics` counts retries and failures."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics

    def retry_handlers(self, method: str = "") -> list[RetryHandler]:
        """Fresh handlers for one client; `method` labels their retries (default: the
        Web API method in the request's URL)."""
        return [
            CountedRetry(make(), reason, self.metrics, method) for reason, make in RETRIES.items()
        ]

    def call(self, method: Callable, **kwargs) -> str:
        """Run one WebClient method: DELIVERED, REFUSED (Slack said no for good: logged) or
        RETRY (Slack or the network still failing after the retries: logged)."""
        return self.send(method, **kwargs)[0]

    def send(self, method: Callable, **kwargs) -> tuple[str, dict]:
        """`call`, also returning what Slack answered (empty unless DELIVERED): a post's
        `ts`, a permalink..."""
        name = api_method(getattr(method, "__name__", "web_api"))
        try:
            return DELIVERED, method(**kwargs).data
        except SlackApiError as error:
            status = getattr(error.response, "status_code", 200)
            self._failed(name, error.response.get("error") or f"http_{status}")
            return (RETRY if _passing(status) else REFUSED), {}
        except (SlackClientError, OSError) as error:
            self._failed(name, type(error).__name__)
            return RETRY, {}
        except ValueError as error:
            self._failed(name, type(error).__name__)
            return REFUSED, {}

    def respond(self, response_url: str, payload: dict) -> str:
        """Post to an interaction's response_url (no channel membership needed), with
        retries; the same outcomes as `call`."""
        if not response_url.startswith(("https://", "http://")):
            log.error("No usable response_url in this request; nothing sent")
            return REFUSED
        webhook = WebhookClient(
            response_url, timeout=TIMEOUT_SECONDS, retry_handlers=self.retry_handlers(RESPONSE_URL)
        )
        try:
            response = webhook.send_dict(payload)
        except (SlackClientError, OSError) as error:
            self._failed(RESPONSE_URL, type(error).__name__)
            return RETRY
        except ValueError as error:
            self._failed(RESPONSE_URL, type(error).__name__)
            return REFUSED
        if response.status_code != 200:
            self._failed(RESPONSE_URL, f"http_{response.status_code}")
            return RETRY if _passing(response.status_code) else REFUSED
        return DELIVERED

    def _failed(self, method: str, reason: str) -> None:
        """Count and log one failed call (after its retries): `reason` is Slack's error
        code, an HTTP status or an exception's class name, never message content."""
        self.metrics.api_error(method)
        log.error("Slack call failed", extra={"fields": {"method": method, "reason": reason}})


def _passing(status: int) -> bool:
    """Rate limited or a server error: worth trying again later."""
    return status == 429 or status >= 500
