"""Prometheus metrics for the running bot, on a registry of its own.

What an operator watches: how many answers each surface sends and of what kind, how sure
the matcher was, how long answering takes, how often Slack's Web API fails or needs a
retry, how many duplicate deliveries were skipped, and whether recording keeps up.

Each app gets its own CollectorRegistry (nothing module-level), so tests and benchmarks can
build several apps in one process. HTTP mode runs one gunicorn worker process with threads,
so that worker's registry is the whole picture. With several worker processes each would
answer /metrics with its own counts only: that would need prometheus-client's multiprocess
mode (PROMETHEUS_MULTIPROC_DIR and a MultiProcessCollector).
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    make_wsgi_app,
    start_http_server,
)
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

NAMESPACE = "k8s_compare"
SCORE_BUCKETS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)  # the matcher scores 0-100
# A slash command's answer takes about a millisecond; one sent with the Web API, tens.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
DUPLICATE_RETRY, DUPLICATE_REPEAT = "slack_retry", "same_message"


class Metrics:
    """Every metric the bot exports, registered on `registry` (a new one by default)."""

    def __init__(self, store=None, registry: CollectorRegistry | None = None):
        self.registry = registry = registry or CollectorRegistry()
        for collector in (ProcessCollector, PlatformCollector, GCCollector):
            collector(registry=registry)
        self.answers = Counter(
            "answers", "Answers sent, by surface (where the question came from) and kind",
            ["surface", "kind"], namespace=NAMESPACE, registry=registry,
        )
        self.score = Histogram(
            "match_score", "Matcher score (0-100) of answers to typed questions, by kind",
            ["kind"], namespace=NAMESPACE, registry=registry, buckets=SCORE_BUCKETS,
        )
        self.latency = Histogram(
            "answer_latency_seconds",
            "From a listener taking a question to Slack accepting its answer, by surface",
            ["surface"], namespace=NAMESPACE, registry=registry, buckets=LATENCY_BUCKETS,
        )
        self.feedback_clicks = Counter(
            "feedback", "Helpful / not helpful clicks, by verdict and kind of answer rated",
            ["helpful", "kind"], namespace=NAMESPACE, registry=registry,
        )
        self.api_errors = Counter(
            "slack_api_errors", "Slack Web API calls and response_url posts that failed "
            "after their retries, by method", ["method"], namespace=NAMESPACE, registry=registry,
        )
        self.api_retries = Counter(
            "slack_api_retries", "Retries of Slack Web API calls and response_url posts, "
            "by method and reason", ["method", "reason"], namespace=NAMESPACE, registry=registry,
        )
        self.duplicates = Counter(
            "duplicates_skipped", "Slack deliveries not answered because the same message "
            "was already claimed: slack_retry (X-Slack-Retry-Num) or same_message",
            ["reason"], namespace=NAMESPACE, registry=registry,
        )
        if store is not None:
            registry.register(StoreCollector(store))

    def __deepcopy__(self, memo) -> Metrics:
        """Bolt deep-copies the WebClient, and so its retry handlers, for every lazy
        listener: each copy must still count into this one registry."""
        return self

    def answered(self, surface: str, kind: str, score: int | None, seconds: float) -> None:
        """One answer sent; `score` only when the matcher chose it from typed text."""
        self.answers.labels(surface, kind).inc()
        self.latency.labels(surface).observe(seconds)
        if score is not None:
            self.score.labels(kind).observe(score)

    def feedback(self, helpful: bool, kind: str) -> None:
        self.feedback_clicks.labels("yes" if helpful else "no", kind).inc()

    def api_error(self, method: str) -> None:
        self.api_errors.labels(method).inc()

    def api_retry(self, method: str, reason: str) -> None:
        self.api_retries.labels(method, reason).inc()

    def duplicate(self, retried: bool) -> None:
        self.duplicates.labels(DUPLICATE_RETRY if retried else DUPLICATE_REPEAT).inc()

    def wsgi_app(self):
        """`GET /metrics` for HTTP mode (text format, OpenMetrics or gzip when asked)."""
        return make_wsgi_app(self.registry)

    def serve(self, host: str, port: int):
        """Socket Mode has no HTTP server: a small one of prometheus-client's, in a daemon
        thread, on METRICS_PORT. Returns the server; `shutdown()` stops it."""
        server, _thread = start_http_server(port, host, registry=self.registry)
        return server


class StoreCollector(Collector):
    """The store's own counts, read at each scrape: a rising `dropped` or `lost` means the
    database is down or slower than the questions arrive."""

    HELP = {
        "written": "Answer and feedback records written to the database",
        "dropped": "Records not queued: the recording queue was full or the store closed",
        "lost": "Records the database could not take (it was unavailable)",
    }

    def __init__(self, store):
        self.store = store

    def collect(self):
        for name, documentation in self.HELP.items():
            yield CounterMetricFamily(
                f"{NAMESPACE}_records_{name}", documentation, value=getattr(self.store, name)
            )
