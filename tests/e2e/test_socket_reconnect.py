"""Socket Mode comes back within 10 seconds (issue 9, case 5): after an abrupt TCP close,
after the connection goes silent (no pongs, no close), and when apps.connections.open
refuses the first reconnect attempts.

A TCP proxy sits between the bot and the fake Socket Mode server, so the test can cut a
connection with a reset or black-hole it, as a broken network would."""

from __future__ import annotations

import socket
import struct
import threading
import time

from tests.e2e.conftest import APP_TOKEN, free_port
from tests.e2e.scrape import scrape
from tests.e2e.slack_client import APP_ID, unique
from tests.e2e.test_socket_mode import FakeSocketMode

RECONNECT_BOUND = 10  # the bound, in seconds


class Proxy:
    """Forwards each connection to `port`; `cut` resets them all, `freeze` silences them."""

    def __init__(self, port: int):
        self.port, self.listener = port, socket.create_server(("127.0.0.1", 0))
        self.accepted: list[float] = []
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.silenced: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=fake"

    def connections(self) -> int:
        with self.lock:
            return len(self.accepted)

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            try:
                upstream = socket.create_connection(("127.0.0.1", self.port))
            except OSError:  # the fake server has stopped: the test is over
                client.close()
                continue
            with self.lock:
                self.accepted.append(time.monotonic())
                self.pairs.append((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65_536):
                if source not in self.silenced and target not in self.silenced:
                    target.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        """Reset every open connection (RST, no WebSocket close frame)."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                end.close()

    def freeze(self) -> None:
        """The bot's side stays open and hears nothing; the server's side is closed."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for client, upstream in pairs:
            self.silenced.add(client)
            upstream.close()


def events_envelope() -> dict:
    return {"envelope_id": unique("env-"), "type": "events_api",
            "accepts_response_payload": False,
            "payload": {"type": "event_callback", "api_app_id": APP_ID, "event_id": unique("Ev"),
                        "event": {"type": "app_home_opened", "user": unique("U"), "tab": "home"},
                        "event_time": int(time.time())}}


def reconnects_within(proxy: Proxy, server: FakeSocketMode, fault) -> float:
    """Seconds from `fault()` to a new connection that acknowledges an envelope."""
    before = proxy.connections()
    faulted = time.monotonic()
    fault()
    deadline = faulted + 30
    while proxy.connections() == before:
        assert time.monotonic() < deadline, "never reconnected"
        time.sleep(0.05)
    seconds = proxy.accepted[before] - faulted
    acknowledged(server)
    return seconds


def acknowledged(server: FakeSocketMode, timeout: float = 15) -> None:
    """An envelope is acknowledged on the current connection. The fake hands each envelope
    to whichever connection handler takes it first, and one being replaced may take it and
    lose it, so a new envelope is sent until one is acknowledged."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.request(events_envelope(), timeout=2)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


def test_socket_mode_reconnects_within_10_s_after_close_silence_and_refusals(fake, start_bot):
    server = FakeSocketMode().start()
    proxy = Proxy(server.server.socket.getsockname()[1])
    fake.reset()
    fake.socket_url = proxy.url
    metrics_port = free_port()
    try:
        bot = start_bot(wait=False, SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="",
                        METRICS_PORT=str(metrics_port))
        assert server.connected.wait(60), bot.log()
        acknowledged(server)

        assert reconnects_within(proxy, server, proxy.cut) < RECONNECT_BOUND
        assert reconnects_within(proxy, server, proxy.freeze) < RECONNECT_BOUND

        def refused_then_cut():
            fake.fail_next("apps.connections.open", 3, 500)
            proxy.cut()

        assert reconnects_within(proxy, server, refused_then_cut) < RECONNECT_BOUND
        assert len(fake.of("apps.connections.open")) >= 5  # 1 + 3 refused + the one that worked

        deadline = time.monotonic() + 15  # the acknowledged envelope can beat the log line
        while bot.log().count("Socket Mode reconnected") < 3:
            assert time.monotonic() < deadline, bot.log()
            time.sleep(0.1)
        log = bot.log()
        assert "lost or silent" in log  # the silent connection was noticed by the watchdog
        assert scrape(bot, port=metrics_port).value(
            "k8s_compare_socket_mode_reconnects_total") >= 3
        assert bot.stop() == 0
        assert "Traceback" not in bot.log()
    finally:
        server.stop()
