"""Reading a bot's /metrics as Prometheus would: parsed with prometheus-client's own parser.

The bot counts an answer after Slack accepted it, on a listener thread, so a test waits
until the figures it expects are there (`wait_for_metrics`), never for a fixed time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families


class Scrape:
    """One scrape: every sample by name, with its labels."""

    def __init__(self, text: str):
        self.text = text
        self.samples = [
            (sample.name, sample.labels, sample.value)
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        ]

    def value(self, name: str, **labels: str) -> float:
        """The sum of `name`'s samples whose labels include `labels` (0 when none)."""
        return sum(
            value
            for sample, sample_labels, value in self.samples
            if sample == name and labels.items() <= sample_labels.items()
        )

    def by(self, name: str, *keys: str) -> dict[tuple[str, ...], float]:
        """`name`'s non-zero samples keyed by the values of the labels `keys`."""
        found: dict[tuple[str, ...], float] = {}
        for sample, labels, value in self.samples:
            if sample == name and value:
                key = tuple(labels[k] for k in keys)
                found[key] = found.get(key, 0) + value
        return found


def scrape(bot, port: int | None = None) -> Scrape:
    return Scrape(bot.get("/metrics", port=port))


def wait_for_metrics(
    bots, ready: Callable[[list[Scrape]], bool], timeout: float = 15, port: int | None = None
) -> list[Scrape]:
    """Scrape every bot in `bots` until `ready(scrapes)` holds; fail with the last scrape."""
    deadline = time.monotonic() + timeout
    while True:
        scrapes = [scrape(bot, port) for bot in bots]
        if ready(scrapes):
            return scrapes
        if time.monotonic() > deadline:
            shown = [line for s in scrapes for line in s.text.splitlines() if "k8s_compare" in line]
            raise AssertionError("metrics never got there:\n" + "\n".join(shown))
        time.sleep(0.05)
