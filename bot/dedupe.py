"""One question, one answer: remember which Slack deliveries this process already handled.

Slack re-sends an event it believes was missed (`X-Slack-Retry-Num`), a mention in a DM can
arrive both as `app_mention` and as `message`, and a signed request can be replayed. The
outbox (bot/outbox.py) keys every piece of owed work and checks here first, in memory,
before its row in the shared database decides across replicas; while the database is
unavailable this is the only check.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

DEFAULT_TTL_SECONDS = 3600.0  # Slack's last retry comes about 5 minutes after the first try
DEFAULT_MAX_KEYS = 100_000


class MemoryDedupe:
    """Claims kept in this process for `ttl` seconds, at most `max_keys` of them.

    Right for one process (Socket Mode, or one HTTP server process with threads); with
    several replicas a retry can reach another replica, which needs a shared store.
    """

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.ttl, self.max_keys, self.clock = ttl, max_keys, clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # key -> expiry, oldest first
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now + self.ttl
            return True

    def _expire(self, now: float) -> None:
        while self._seen:
            key, expiry = next(iter(self._seen.items()))
            if expiry > now and len(self._seen) < self.max_keys:
                return
            del self._seen[key]
