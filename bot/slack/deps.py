"""What every listener needs, bound to it once at registration.

Listeners are plain functions whose first argument is the bot's `Deps` (knowledge base,
matcher, settings, de-duplication store, recorder, delivery), followed by Bolt's usual
arguments (`ack`, `body`, `client`, `request`...). `bind` fixes the first; Bolt injects
the rest by name. No globals, and no per-request middleware to pay for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.dedupe import Dedupe
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.slack.delivery import Delivery
from bot.slack.recording import Recorder
from bot.slack.settings import Settings

RETRY_HEADER = "x-slack-retry-num"  # Bolt's request headers are lower-case lists


@dataclass(frozen=True)
class Deps:
    kb: KnowledgeBase
    matcher: Matcher
    settings: Settings
    dedupe: Dedupe  # the store when there is one, so that it holds across replicas
    recorder: Recorder
    delivery: Delivery


def first_delivery(d: Deps, key: str, request) -> bool:
    """True if this is the first delivery of `key` to any replica; a repeat is counted as
    Slack's retry (it says so in a header) or as the same message arriving again."""
    if d.dedupe.claim(key):
        return True
    d.recorder.duplicate(retried=bool(request.headers.get(RETRY_HEADER)))
    return False


def bind(listener, deps: Deps):
    """`listener` with `deps` as its first argument. Bolt reads the arguments a listener
    wants from its signature, and a partial's signature leaves out what it already binds."""
    bound = functools.partial(listener, deps)
    bound.__name__ = listener.__name__  # Bolt names listeners in its logs
    return bound


def acknowledge(ack) -> None:
    ack()


def ack_then(listener) -> dict:
    """Bolt's registration for work that calls Slack: ack at once (well inside Slack's 3
    seconds, whatever Slack's API does next), then run `listener` on the listener pool."""
    return {"ack": acknowledge, "lazy": [listener]}
