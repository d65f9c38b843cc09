"""What every listener needs, bound to it once at registration.

Listeners are plain functions whose first argument is the bot's `Deps` (the live knowledge,
settings, recorder, delivery, the courier that owns acknowledged work, the Web API client
and each workspace's, the rate limiter, the store), followed by Bolt's usual arguments
(`ack`, `body`, `context`, `request`...).
`bind` fixes the first; Bolt injects the rest by name. No globals, and no per-request
middleware to pay for.

Work that calls Slack is split in two: a listener owes it (`owe`: written to the outbox,
which also skips retries and replays) and acks; a deliverer, registered with the courier
for the job's kind, sends it from the stored payload alone, so any replica can. The
payload names the workspace (`team`), so the deliverer calls Slack with that workspace's
token. A deliverer reads `d.knowledge.current` once: a reload never changes the knowledge
under an answer being made.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.live_knowledge import LiveKnowledge
from bot.slack.courier import Courier
from bot.slack.delivery import Delivery
from bot.slack.recording import Recorder
from bot.slack.settings import Settings
from bot.store import Store

if TYPE_CHECKING:  # both import Deps themselves
    from bot.slack.fair_use import RateLimiter
    from bot.slack.oauth import Workspaces

RETRY_HEADER = "x-slack-retry-num"  # Bolt's request headers are lower-case lists
ARRIVED = "arrived"  # the Bolt context key: when the whole request had arrived (time.time())


@dataclass(frozen=True)
class Deps:
    knowledge: LiveKnowledge
    settings: Settings
    recorder: Recorder
    delivery: Delivery
    courier: Courier
    client: WebClient  # single-workspace mode's client; OAuth mode: no token (oauth.v2.access)
    workspaces: Workspaces
    limiter: RateLimiter
    store: Store | None = None


def arrived(context) -> float:
    """When the request reached this replica (Socket Mode: when the listener took it)."""
    return context.get(ARRIVED) or time.time()


def owe(d: Deps, key: str, kind: str, payload: dict, context, request) -> bool:
    """Owe the answer for `key` before the ack goes out; False for a repeat, counted as
    Slack's retry (it says so in a header) or as the same request arriving again. The job
    names the workspace it is for."""
    if d.courier.take(key, kind, for_workspace(payload, context), arrived(context)):
        return True
    d.recorder.duplicate(retried=bool(request.headers.get(RETRY_HEADER)))
    return False


def for_workspace(payload: dict, context) -> dict:
    """`payload` naming the workspace (and Enterprise Grid org) the request came from."""
    payload = {**payload, "team": context.team_id}
    if context.enterprise_id:
        payload["enterprise"] = context.enterprise_id
    return payload


def client_for(d: Deps, job) -> WebClient | None:
    """The Web API client with the token of the workspace `job` is for; None once that
    workspace has uninstalled the app."""
    return d.workspaces.client_for(job.payload.get("team"), job.payload.get("enterprise"))


def bind(listener, deps: Deps, *more):
    """`listener` with `deps` (and `more`) as its first arguments. Bolt reads the arguments
    a listener wants from its signature, and a partial's signature leaves out what it
    already binds."""
    bound = functools.partial(listener, deps, *more)
    bound.__name__ = listener.__name__  # Bolt names listeners in its logs
    return bound
