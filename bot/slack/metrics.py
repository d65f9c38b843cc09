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
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    start_http_server,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

NAMESPACE = "k8s_compare"
SCORE_BUCKETS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)  # the matcher scores 0-100
# A slash command's answer takes about a millisecond; one sent with the Web API, tens; one
# that waited in the outbox behind a slow Slack or a restart, up to its 10-minute limit.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
                   30, 60, 120, 300, 600)
DUPLICATE_RETRY, DUPLICATE_REPEAT = "slack_retry", "same_message"
# Fixed label values: nothing a request carries becomes a label.
REJECT_REASONS = ("unauthenticated", "malformed", "too_large", "timeout", "unsupported",
                  "too_many_connections")
DROP_REASONS = ("expired", "refused", "unsaved")


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
        self.owed = Gauge(
            "answers_owed", "Answers this replica has acknowledged (or taken over) and not yet "
            "delivered: queued or being sent", namespace=NAMESPACE, registry=registry,
        )
        self.dropped = Counter(
            "answers_dropped", "Acknowledged answers never delivered: expired (older than the "
            "outbox's limit), refused (Slack said no for good), unsaved (owed only in memory "
            "while the database was down, at shutdown)",
            ["reason"], namespace=NAMESPACE, registry=registry,
        )
        self.redelivered = Counter(
            "answers_redelivered", "Owed answers this replica delivered for another process "
            "(a replica that stopped or crashed, or this pod before a restart)",
            namespace=NAMESPACE, registry=registry,
        )
        self.http_rejected = Counter(
            "http_rejected", "HTTP requests refused before any listener ran, by reason: "
            + ", ".join(REJECT_REASONS), ["reason"], namespace=NAMESPACE, registry=registry,
        )
        self.reconnects = Counter(
            "socket_mode_reconnects", "Socket Mode connections re-opened after a drop, a silent "
            "connection or a refused reconnect", namespace=NAMESPACE, registry=registry,
        )
        for reason in DROP_REASONS:  # present at 0, so an alert rule sees the series
            self.dropped.labels(reason)
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
        self.knowledge_version = Gauge(
            "knowledge_version", "1, labelled with the version (a hash of the files' contents) "
            "of the knowledge this replica answers from", ["version"], namespace=NAMESPACE,
            registry=registry,
        )
        self.knowledge_broken = Gauge(
            "knowledge_reload_failed", "1 while the knowledge files on disk are broken and "
            "this replica answers from its last good version", namespace=NAMESPACE,
            registry=registry,
        )
        self.knowledge_failures = Counter(
            "knowledge_reload_failures", "Reloads refused because the new knowledge files "
            "were broken", namespace=NAMESPACE, registry=registry,
        )
        self.rate_limited = Counter(
            "rate_limited", "Questions not answered because the person had asked more than "
            "K8S_COMPARE_RATE_LIMIT in the minute", namespace=NAMESPACE, registry=registry,
        )
        self.escalations = Counter(
            "escalations", "Ask the team: questions posted to the escalation channel (asked) "
            "and experts' replies sent to the askers (relayed)", ["event"],
            namespace=NAMESPACE, registry=registry,
        )
        for event in ("asked", "relayed"):
            self.escalations.labels(event)
        self._knowledge_was_broken = False
        self._answered: dict[tuple[str, str], tuple] = {}  # (surface, kind): its series
        self._scores: dict[str, object] = {}  # kind: its score series
        if store is not None:
            registry.register(StoreCollector(store))

    def __deepcopy__(self, memo) -> Metrics:
        """Bolt deep-copies the WebClient, and so its retry handlers, for every lazy
        listener: each copy must still count into this one registry."""
        return self

    def answered(self, surface: str, kind: str, score: int | None, seconds: float) -> None:
        """One answer sent; `score` only when the matcher chose it from typed text.

        Each series is looked up once (`labels` checks and locks on every call), then kept:
        there are a few surfaces and kinds, and this runs for every answer."""
        series = self._answered.get((surface, kind))
        if series is None:
            series = self._answered[surface, kind] = (self.answers.labels(surface, kind),
                                                      self.latency.labels(surface))
        series[0].inc()
        series[1].observe(seconds)
        if score is not None:
            scores = self._scores.get(kind)
            if scores is None:
                scores = self._scores[kind] = self.score.labels(kind)
            scores.observe(score)

    def feedback(self, helpful: bool, kind: str) -> None:
        self.feedback_clicks.labels("yes" if helpful else "no", kind).inc()

    def knowledge_loaded(self, version: str) -> None:
        """The replica answers from `version` now: the only series of the gauge."""
        self.knowledge_version.clear()
        self.knowledge_version.labels(version or "unknown").set(1)

    def knowledge_failed(self, broken: bool) -> None:
        """The files on disk are broken (counted once per breakage) or fine again."""
        if broken and not self._knowledge_was_broken:
            self.knowledge_failures.inc()
        self._knowledge_was_broken = broken
        self.knowledge_broken.set(1 if broken else 0)

    def api_error(self, method: str) -> None:
        self.api_errors.labels(method).inc()

    def api_retry(self, method: str, reason: str) -> None:
        self.api_retries.labels(method, reason).inc()

    def rejected(self, reason: str) -> None:
        self.http_rejected.labels(reason if reason in REJECT_REASONS else "malformed").inc()

    def drop(self, reason: str, count: int = 1) -> None:
        self.dropped.labels(reason).inc(count)

    def duplicate(self, retried: bool) -> None:
        self.duplicates.labels(DUPLICATE_RETRY if retried else DUPLICATE_REPEAT).inc()

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """`GET /metrics` for HTTP mode: the body and its content type (Prometheus' text
        format, or OpenMetrics when the scraper's Accept header asks for it)."""
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type

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
        "lost": "Records never written: refused by the database, past the queue's size "
                "while it was unavailable, or still waiting when the store closed",
    }

    def __init__(self, store):
        self.store = store

    def collect(self):
        for name, documentation in self.HELP.items():
            yield CounterMetricFamily(
                f"{NAMESPACE}_records_{name}", documentation, value=getattr(self.store, name)
            )
        yield GaugeMetricFamily(
            f"{NAMESPACE}_records_waiting", "Records the database could not take yet, kept in "
            "memory and written when it is back", value=self.store.waiting,
        )
        yield GaugeMetricFamily(
            f"{NAMESPACE}_database_available", "1 while the database answers in time, 0 "
            "during an outage (answers then go out on in-memory claims)",
            value=0 if self.store.unavailable else 1,
        )
