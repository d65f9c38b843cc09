"""`POST /slack/events`: authenticate first, then parse, then hand the request to Bolt.

Slack signs every request: HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the signing
secret, with a timestamp at most five minutes old. The check runs on the raw bytes before
anything reads them, so a request that fails it, whatever its body or headers hold (not
UTF-8, not JSON, a timestamp that is not a number), costs a 401, one count and no log line.
A signed body that is still not what Slack sends gets 400 and one log line, without the
body (it may hold people's words).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from slack_bolt import App, BoltRequest

from bot.slack.deps import ARRIVED
from bot.slack.http_server import Request, Response
from bot.slack.metrics import Metrics

SIGNATURE, TIMESTAMP = "x-slack-signature", "x-slack-request-timestamp"
MAX_AGE_SECONDS = 300  # Slack's own rule: older requests may be replays

log = logging.getLogger("bot.slack")


def authentic(secret: bytes, request: Request, now: float | None = None) -> bool:
    """True only for a body signed with `secret` at a time within five minutes of now."""
    stamp, signature = request.headers.get(TIMESTAMP, ""), request.headers.get(SIGNATURE, "")
    if not stamp.isdigit() or not signature.startswith("v0="):
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > MAX_AGE_SECONDS:
        return False
    base = b"v0:" + stamp.encode() + b":" + request.body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


class SlackEndpoint:
    """The handler for Slack's one endpoint; Bolt's own signature check is off (this is it)."""

    def __init__(self, app: App, signing_secret: str, metrics: Metrics):
        self.app, self.secret, self.metrics = app, signing_secret.encode(), metrics

    def __call__(self, request: Request) -> Response:
        if not authentic(self.secret, request):
            self.metrics.rejected("unauthenticated")
            return Response.text(401, "invalid request signature\n")
        try:
            bolt_request = self.bolt_request(request)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            self.metrics.rejected("malformed")
            log.warning("Signed request is not in a form Slack sends; refused",
                        extra={"fields": {"error": type(error).__name__}})
            return Response.text(400, "malformed request\n")
        answer = self.app.dispatch(bolt_request)
        headers = {name: ", ".join(values) for name, values in answer.headers.items()}
        return Response(answer.status, (answer.body or "").encode(), headers)

    @staticmethod
    def bolt_request(request: Request) -> BoltRequest:
        """Bolt's request, only once the body is UTF-8 and parses to an object."""
        parsed = BoltRequest(
            body=request.body.decode("utf-8"), query=request.query, headers=request.headers,
            context={ARRIVED: request.arrived},
        )
        if not isinstance(parsed.body, dict):
            raise TypeError("not an object")
        return parsed
