"""Two replicas behind one Service share a PostgreSQL database: Slack's retry of an event
can reach the other replica, and the question must still be answered once.

Runs on a throwaway PostgreSQL 15 (tests/pg.py); skipped, with the reason, where
PostgreSQL is not installed.
"""

from __future__ import annotations

import threading

from tests.e2e.scrape import scrape, wait_for_metrics
from tests.e2e.slack_client import SlackSender, mention, unique
from tests.pg import postgres_server  # noqa: F401 - the fixture

ANSWERS, SKIPPED = "k8s_compare_answers_total", "k8s_compare_duplicates_skipped_total"


def deliver_to_both(replicas, event: dict, event_id: str) -> list[int]:
    """The first try to one replica and Slack's retry (same event_id, X-Slack-Retry-Num)
    to the other, released at the same moment: the closest race Slack can cause."""
    start, statuses = threading.Barrier(len(replicas)), {}

    def send(index: int) -> None:
        sender = SlackSender(replicas[index].port)
        start.wait()
        statuses[index] = sender.event(event, event_id=event_id, retry_num=index or None).status

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(replicas))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return [statuses.get(i) for i in range(len(replicas))]


def totals(scrapes, name: str) -> float:
    return sum(s.value(name) for s in scrapes)


def test_two_replicas_sharing_postgresql_answer_one_event_once(
    fake, start_bot, postgres_server  # noqa: F811 - the fixture
):
    database = postgres_server.create_database()
    replicas = [start_bot(K8S_COMPARE_DATABASE_URL=database) for _ in range(2)]
    fake.reset()
    for attempt in range(5):  # the race goes either way; each way must answer once
        channel = unique("C")
        event = mention(channel, "how do they scale?")
        assert deliver_to_both(replicas, event, unique("Ev")) == [200, 200]
        scrapes = wait_for_metrics(replicas, lambda s, n=attempt + 1: (
            totals(s, ANSWERS) >= n and totals(s, SKIPPED) >= n
        ))
        assert (totals(scrapes, ANSWERS), totals(scrapes, SKIPPED)) == (attempt + 1,) * 2
        assert len(fake.wait_for("chat.postMessage", channel=channel)) == 1

    # the usual case: the retry comes later, to the replica that did not answer
    channel, event_id = unique("C"), unique("Ev")
    event = mention(channel, "what about networking")
    retries_before = scrape(replicas[1]).value(SKIPPED, reason="slack_retry")
    SlackSender(replicas[0].port).event(event, event_id=event_id)
    fake.wait_for("chat.postMessage", channel=channel)
    SlackSender(replicas[1].port).event(event, event_id=event_id, retry_num=1)
    wait_for_metrics(
        [replicas[1]], lambda s: s[0].value(SKIPPED, reason="slack_retry") == retries_before + 1
    )
    assert len(fake.of("chat.postMessage", channel=channel)) == 1
    for replica in replicas:
        assert replica.stop() == 0
        assert "Traceback" not in replica.log() and " ERROR " not in replica.log()
