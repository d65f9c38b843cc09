"""What every listener needs, bound to it once at registration.

Listeners are plain functions whose first argument is the bot's `Deps` (knowledge base,
matcher, settings, recorder, delivery, the courier that owns acknowledged work, the Web
API client), followed by Bolt's usual arguments (`ack`, `body`, `context`, `request`...).
`bind` fixes the first; Bolt injects the rest by name. No globals, and no per-request
middleware to pay for.

Work that calls Slack is split in two: a listener owes it (`owe`: written to the outbox,
which also skips retries and replays) and acks; a deliverer, registered with the courier
for the job's kind, sends it from the stored payload alone, so any replica can.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.slack.courier import Courier
from bot.slack.delivery import Delivery
from bot.slack.recording import Recorder
from bot.slack.settings import Settings

RETRY_HEADER = "x-slack-retry-num"  # Bolt's request headers are lower-case lists
ARRIVED = "arrived"  # the Bolt context key: when the whole request had arrived (time.time())


@dataclass(frozen=True)
class Deps:
    kb: KnowledgeBase
    matcher: Matcher
    settings: Settings
    recorder: Recorder
    delivery: Delivery
    courier: Courier
    client: WebClient


def arrived(context) -> float:
    """When the request reached this replica (Socket Mode: when the listener took it)."""
    return context.get(ARRIVED) or time.time()


def owe(d: Deps, key: str, kind: str, payload: dict, context, request) -> bool:
    """Owe the answer for `key` before the ack goes out; False for a repeat, counted as
    Slack's retry (it says so in a header) or as the same request arriving again."""
    if d.courier.take(key, kind, payload, arrived(context)):
        return True
    d.recorder.duplicate(retried=bool(request.headers.get(RETRY_HEADER)))
    return False


def bind(listener, deps: Deps):
    """`listener` with `deps` as its first argument. Bolt reads the arguments a listener
    wants from its signature, and a partial's signature leaves out what it already binds."""
    bound = functools.partial(listener, deps)
    bound.__name__ = listener.__name__  # Bolt names listeners in its logs
    return bound
