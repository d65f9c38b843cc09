"""Nothing acknowledged is lost (issue 9, cases 2, 4 and 6): a SIGTERM or a `kill -9` in the
middle of a burst with a slow Slack, then a second process on the same store delivers every
answer owed; while a stopping process drains, it takes no new work; a frozen PostgreSQL does
not hold answers, and what was acknowledged while it was frozen is saved once it thaws, so
a crash after that loses nothing, nor does one before it thaws (the spool); latency counts
the queueing.

Bounded: a few dozen mentions, a fake Slack that takes 0.3-0.5 s per answer, short leases
and grace periods set through the bot's own settings."""

from __future__ import annotations

import http.client
import os
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.scrape import scrape, wait_for_metrics
from tests.e2e.slack_client import SlackSender, mention, unique
from tests.pg import postgres_server  # noqa: F401 - the fixture

THREADS = 4
FAST_TAKEOVER = {"K8S_COMPARE_THREADS": str(THREADS), "K8S_COMPARE_LEASE_SECONDS": "2",
                 "K8S_COMPARE_GRACE_SECONDS": "2"}
OWED = "k8s_compare_answers_owed"
AVAILABLE = "k8s_compare_database_available"


def burst(bot, count: int) -> list[str]:
    """`count` mentions at once, each in its own channel, all acknowledged; their channels."""
    sender, channels = SlackSender(bot.port), [unique("C") for _ in range(count)]

    def send(channel: str) -> int:
        return sender.event(mention(channel, "how do they scale?")).status

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(send, channels)) == [200] * count
    return channels


def delivered(fake, channels: list[str], timeout: float) -> Counter:
    """Answers per channel once every channel has one (or the test fails with what came)."""
    deadline = time.monotonic() + timeout
    wanted = set(channels)
    while True:
        posts = Counter(c.params.get("channel") for c in fake.of("chat.postMessage"))
        if wanted <= set(posts) or time.monotonic() > deadline:
            lost = wanted - set(posts)
            assert not lost, f"{len(lost)} of {len(wanted)} acknowledged answers never sent"
            return Counter({channel: posts[channel] for channel in channels})
        time.sleep(0.1)


def test_sigterm_mid_burst_leaves_the_rest_owed_and_the_next_process_sends_it(fake, start_bot):
    first = start_bot(**FAST_TAKEOVER)
    fake.reset()
    fake.slow("chat.postMessage", 0.5)
    channels = burst(first, 40)  # 40 x 0.5 s on 4 threads: 5 s of work, 2 s of grace
    assert scrape(first).value(OWED) > 0
    first.process.send_signal(signal.SIGTERM)
    assert first.stop() == 0
    stopped = first.wait_for_log("Stopped:")
    left = [line for line in stopped.splitlines() if "Stopped:" in line][0]
    assert "answers left owed for another replica" in left and " 0 answers left" not in left

    second = start_bot(K8S_COMPARE_DATABASE_URL=first.database, **FAST_TAKEOVER)
    per_channel = delivered(fake, channels, timeout=30)
    duplicates = sum(per_channel.values()) - len(channels)
    assert duplicates <= THREADS  # at most the answers being sent when the grace ran out
    redelivered = "k8s_compare_answers_redelivered_total"
    wait_for_metrics([second], lambda s: s[0].value(redelivered) >= 1)
    assert "Traceback" not in first.log() + second.log()


def test_after_sigterm_new_requests_are_refused_while_the_owed_answers_drain(fake, start_bot):
    first = start_bot(**FAST_TAKEOVER)
    fake.reset()
    fake.slow("chat.postMessage", 0.5)
    channels = burst(first, 40)  # 5 s of work, 2 s of grace: it is still draining below
    kept_alive = http.client.HTTPConnection("127.0.0.1", first.port, timeout=5)
    kept_alive.request("GET", "/healthz")  # a connection Slack's sender could reuse
    assert kept_alive.getresponse().read() == b"ok\n"

    first.process.send_signal(signal.SIGTERM)
    first.wait_for_log("Stopping: finishing the answers under way")
    sender, late = SlackSender(first.port), unique("C")
    with pytest.raises(ConnectionRefusedError):  # not acked: Slack retries it elsewhere
        sender.event(mention(late, "how do they scale?"), timeout=5)
    with pytest.raises(ConnectionRefusedError):
        sender.command("how do they scale?", channel=late, timeout=5)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        kept_alive.request("GET", "/healthz")  # the idle connection was closed
        kept_alive.getresponse()
    kept_alive.close()
    sent_when_refused = len(fake.of("chat.postMessage"))
    assert first.process.poll() is None, "it refused only because it had already exited"
    assert first.stop() == 0
    assert len(fake.of("chat.postMessage")) > sent_when_refused  # it was draining meanwhile
    assert "answers left owed for another replica" in first.log()

    second = start_bot(K8S_COMPARE_DATABASE_URL=first.database, **FAST_TAKEOVER)
    delivered(fake, channels, timeout=30)  # everything acknowledged before the SIGTERM
    assert fake.of("chat.postMessage", channel=late) == []  # what was refused is owed by none
    assert first.stored(f"SELECT key FROM outbox WHERE key LIKE '%{late}%'") == []
    assert "Traceback" not in first.log() + second.log()


def test_kill_9_mid_burst_loses_nothing_the_next_process_sends_it(fake, start_bot):
    first = start_bot(**FAST_TAKEOVER)
    fake.reset()
    fake.slow("chat.postMessage", 0.3)
    channels = burst(first, 30)
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(10)
    sent_before = len(fake.of("chat.postMessage"))
    assert sent_before < len(channels)  # the crash really cut the burst short

    second = start_bot(K8S_COMPARE_DATABASE_URL=first.database, **FAST_TAKEOVER)
    per_channel = delivered(fake, channels, timeout=30)
    assert sum(per_channel.values()) - len(channels) <= THREADS  # crash window: in flight
    assert "Traceback" not in second.log()


def test_latency_counts_the_time_answers_wait_behind_a_slow_slack(fake, start_bot):
    bot = start_bot(K8S_COMPARE_THREADS="2")
    fake.reset()
    fake.slow("chat.postMessage", 0.4)
    channels = burst(bot, 12)  # 12 x 0.4 s on 2 threads: the last waits about 2 s
    delivered(fake, channels, timeout=20)
    latency = "k8s_compare_answer_latency_seconds"
    (metrics,) = wait_for_metrics([bot], lambda s: s[0].value(latency + "_count") >= 12)
    under_a_second = metrics.value(latency + "_bucket", surface="mention", le="1.0")
    assert under_a_second <= 6, under_a_second  # the rest waited in the queue, and it shows
    assert metrics.value(latency + "_sum") > 12 * 0.4
    assert metrics.value(OWED) == 0


def postgres_pids(data_dir: Path) -> list[int]:
    """The postmaster and every process it started."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    return [postmaster, *map(int, children)]


def test_a_frozen_postgresql_does_not_hold_answers(
    fake, start_bot, postgres_server  # noqa: F811 - the fixture
):
    bot = start_bot(K8S_COMPARE_DATABASE_URL=postgres_server.create_database())
    fake.reset()
    sender = SlackSender(bot.port)
    warm_up = unique("C")  # connections open, and the matcher's first-use loading done
    assert sender.event(mention(warm_up, "what about networking")).status == 200
    fake.wait_for("chat.postMessage", channel=warm_up)
    assert sender.command("analogy?").status == 200
    pids = postgres_pids(postgres_server.data)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        for _ in range(4):
            channel = unique("C")
            sent = time.monotonic()
            assert sender.event(mention(channel, "what about networking")).status == 200
            fake.wait_for("chat.postMessage", channel=channel, timeout=10)
            answered = fake.of("chat.postMessage", channel=channel)[0].at - sent
            assert answered < 1, answered  # the bound
            reply = sender.command("analogy?")
            assert reply.status == 200 and reply.seconds < 1
        assert scrape(bot).value(AVAILABLE) == 0
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    wait_for_metrics([bot], lambda s: s[0].value(AVAILABLE) == 1, timeout=20)
    errors = [line for line in bot.log().splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "is unavailable" in errors[0], errors
    assert "is available again" in bot.log()
    assert bot.stop() == 0


@pytest.mark.parametrize("crash", ["once thawed and saved", "while still frozen"])
def test_answers_acknowledged_while_postgresql_was_frozen_survive_a_kill_9(
    fake, start_bot, postgres_server, crash  # noqa: F811 - the fixture
):
    """Once thawed, the first process saves what it owed in memory as outbox rows; killed
    while the database is still frozen, its spool file (bot/spool.py) holds them. Either
    way the second process, on the same store, sends every one."""
    first = start_bot(K8S_COMPARE_DATABASE_URL=postgres_server.create_database(),
                      **FAST_TAKEOVER)
    fake.reset()
    warm_up = unique("C")  # connections open, and the matcher's first-use loading done
    assert SlackSender(first.port).event(mention(warm_up, "how do they scale?")).status == 200
    fake.wait_for("chat.postMessage", channel=warm_up)
    fake.slow("chat.postMessage", 1.5)  # 32 x 1.5 s on 4 threads: 12 s of work
    pids = postgres_pids(postgres_server.data)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        channels = burst(first, 32)  # acknowledged with nowhere to write them but memory
        if crash == "while still frozen":
            os.kill(first.process.pid, signal.SIGKILL)  # before it could save any
            first.process.wait(10)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    saved = "answers owed only in memory to the database"
    if crash == "once thawed and saved":
        first.wait_for_log(saved, timeout=10)
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(10)
    else:
        assert saved not in first.log()
    assert len(fake.of("chat.postMessage")) - 1 < len(channels)  # the crash cut it short

    second = start_bot(K8S_COMPARE_DATABASE_URL=first.database, **FAST_TAKEOVER)
    per_channel = delivered(fake, channels, timeout=40)
    assert sum(per_channel.values()) - len(channels) <= THREADS  # crash window: in flight
    if crash == "while still frozen":
        assert "Adopted 32 answers a process that ended owed only in memory" in second.log()
    assert "Traceback" not in first.log() + second.log()
