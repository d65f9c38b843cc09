"""Socket Mode's watchdog: a dropped, silent or refused connection is re-opened within seconds.

slack_sdk's client notices a dead WebSocket only after several missed pings (about a
minute with Bolt's defaults) and gives up on a refused reconnect until its next check. Here
the client pings every PING_SECONDS, and a thread checks every CHECK_SECONDS: a connection
that is closed, or that has answered no ping for SILENT_SECONDS, is replaced (a new URL
from apps.connections.open, then a new WebSocket); a refused attempt is retried with a
short backoff. Each drop and each reconnect is logged once and counted.
"""

from __future__ import annotations

import logging
import threading
import time

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.slack.metrics import Metrics

PING_SECONDS = 2.0
CHECK_SECONDS = 1.0
SILENT_SECONDS = 5.0
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 4.0)  # then every 4 s

log = logging.getLogger("bot.slack")


class SocketWatch:
    def __init__(self, handler: SocketModeHandler, metrics: Metrics):
        self.socket, self.metrics = handler.client, metrics  # the Socket Mode client
        self._stop = threading.Event()
        self._session = None
        self._since = time.time()  # when the current session was first seen
        self._thread = threading.Thread(target=self._watch, name="socket-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def healthy(self) -> bool:
        """Connected, and the connection answered a ping in the last SILENT_SECONDS."""
        session = self.socket.current_session
        if session is None or not self.socket.is_connected():
            return False
        if session is not self._session:  # slack_sdk replaced it (Slack asked it to, or
            if self._session is not None:  # it saw the close first): still a reconnect
                self.metrics.reconnects.inc()
                log.info("Socket Mode reconnected", extra={"fields": {"by": "slack_sdk"}})
            self._session, self._since = session, time.time()
        heard = max(session.last_ping_pong_time or 0.0, self._since)
        return time.time() - heard <= SILENT_SECONDS

    def _watch(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            if not self.healthy():
                self._reconnect()

    def _reconnect(self) -> None:
        log.warning("Socket Mode connection lost or silent; reconnecting")
        dropped, attempt = time.monotonic(), 0
        while not self._stop.is_set():
            try:
                self.socket.connect_to_new_endpoint(force=True)
                if not self.socket.is_connected():  # slack_sdk logs a WebSocket that did
                    raise ConnectionError("the WebSocket did not open")  # not open, no raise
            except Exception as error:  # refused, unreachable: try again shortly
                delay = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]
                log.warning("Socket Mode reconnect failed (%s); retrying in %.1f s",
                            type(error).__name__, delay)
                attempt += 1
                self._stop.wait(delay)
                continue
            self._session, self._since = self.socket.current_session, time.time()
            self.metrics.reconnects.inc()
            log.info("Socket Mode reconnected after %.1f s", time.monotonic() - dropped,
                     extra={"fields": {"attempts": attempt + 1}})
            return
