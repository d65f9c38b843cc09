"""Socket Mode end to end, against a local WebSocket server that speaks Slack's protocol.

The bot calls apps.connections.open on the fake Web API (with its xapp- token) and gets
this server's ws:// URL; the server says hello, then sends envelopes, each of which the
bot must acknowledge by echoing its envelope_id (with the reply as `payload` when the
request accepts one, as a slash command does).
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time

from websockets.sync.server import serve

from tests.e2e.conftest import APP_TOKEN, free_port
from tests.e2e.fake_slack import TEAM_ID
from tests.e2e.scrape import wait_for_metrics
from tests.e2e.slack_client import APP_ID, mention, unique, unique_ts


class FakeSocketMode:
    def __init__(self):
        self.connected = threading.Event()
        self.envelopes: queue.Queue[dict] = queue.Queue()
        self.acks: queue.Queue[dict] = queue.Queue()
        self.server = serve(self.handle, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket=fake"

    def start(self) -> FakeSocketMode:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def handle(self, connection) -> None:
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": APP_ID},
                    "debug_info": {"host": "fake"},
                }
            )
        )
        self.connected.set()
        while True:
            with contextlib.suppress(queue.Empty):
                connection.send(json.dumps(self.envelopes.get(timeout=0.1)))
            try:
                self.acks.put(json.loads(connection.recv(timeout=0.05)))
            except TimeoutError:
                continue
            except Exception:  # the bot closed the connection: it is stopping
                return

    def request(self, envelope: dict, timeout: float = 20) -> dict:
        """Send an envelope and return the bot's ack for it."""
        self.envelopes.put(envelope)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                ack = self.acks.get(timeout=0.5)
            except queue.Empty:
                continue
            if ack.get("envelope_id") == envelope["envelope_id"]:
                return ack
        raise AssertionError(f"no ack for {envelope['envelope_id']}")


def test_socket_mode_acks_envelopes_and_answers(fake, start_bot):
    socket_mode = FakeSocketMode().start()
    fake.socket_url = socket_mode.url
    try:
        metrics_port = free_port()
        bot = start_bot(
            wait=False, SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="",
            METRICS_PORT=str(metrics_port),
        )
        assert socket_mode.connected.wait(60), bot.log()
        opened = fake.wait_for("apps.connections.open")[-1]
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        assert "INFO bot.slack: Ready: Socket Mode, signed in as @k8s-compare in the Fake " \
            "workspace; knowledge: 1 comparison(s), 8 rows." in bot.wait_for_log("Ready: ")

        command = {
            "envelope_id": unique("env-"),
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "command": "/k8s-compare",
                "text": "how do they scale?",
                "user_id": "U0ASKER",
                "channel_id": "C0GENERAL",
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "response_url": fake.response_url("socket"),
                "trigger_id": "t",
            },
        }
        ack = socket_mode.request(command)
        assert ack["payload"]["response_type"] == "ephemeral"
        assert ack["payload"]["blocks"][0] == {
            "type": "header",
            "text": {"type": "plain_text", "text": "Scalability", "emoji": True},
        }

        channel, ts = unique("C"), unique_ts()
        event = mention(channel, "analogy?", ts)
        envelope = {
            "envelope_id": unique("env-"),
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "event": event,
                "event_id": unique("Ev"),
                "event_time": int(time.time()),
            },
        }
        assert socket_mode.request(envelope) == {"envelope_id": envelope["envelope_id"]}
        answer = fake.wait_for("chat.postMessage", channel=channel)[0].params
        assert answer["thread_ts"] == ts and "*An analogy*" in answer["blocks"][0]["text"]["text"]

        answers = "k8s_compare_answers_total"  # Socket Mode serves them on METRICS_PORT
        (metrics,) = wait_for_metrics([bot], lambda s: s[0].value(answers) >= 2, port=metrics_port)
        assert metrics.by(answers, "surface", "kind") == {
            ("slash", "row"): 1,
            ("mention", "analogy"): 1,
        }

        assert bot.stop() == 0
        assert "Traceback" not in bot.log()
        assert bot.stored("SELECT surface, kind FROM answers") == [
            ("mention", "analogy"),
            ("slash", "row"),
        ]
    finally:
        socket_mode.stop()
