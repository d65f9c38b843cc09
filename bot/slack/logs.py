"""Logging for `serve`: readable lines or JSON lines on stderr, and never a token.

`LOG_FORMAT=json` writes one JSON object per line for a log collector (Kubernetes' own
log pipeline, Loki, Elasticsearch...); anything else writes readable lines. A record can
carry structured fields (`extra={"fields": {...}}`): JSON keys in one format, `key=value`
after the message in the other, so one call serves both.

slack_sdk logs request details at DEBUG; both formatters mask anything shaped like a Slack
token (xoxb-, xoxp-, xapp-, ...) in every finished line, tracebacks included, whatever
logger it comes from.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime

TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PLAIN_VALUE = re.compile(r"[^\s\"=]+")


def redact(line: str) -> str:
    return TOKEN.sub(r"\1-***", line)


def fields_of(record: logging.LogRecord) -> dict:
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, dict) else {}


def readable(value) -> str:
    """One `key=value` value: lists joined with |, anything with spaces or quotes quoted
    (JSON-escaped, so a newline in user text cannot start a fake log line)."""
    if isinstance(value, list | tuple):
        value = "|".join(map(str, value)) or "-"
    text = str(value)
    return text if PLAIN_VALUE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    """Readable lines: time, level, logger, message, then the record's fields."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        line = super().formatMessage(record)
        pairs = " ".join(f"{key}={readable(value)}" for key, value in fields_of(record).items())
        return f"{line} {pairs}" if pairs else line

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the record's fields,
    and the traceback as one string when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **fields_of(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


class QuietRetries(logging.Filter):
    """slack_sdk logs every try of a call that is retried, at INFO and ERROR: a start with no
    network printed seven such lines before the one that says what is wrong. Retries are
    counted in the metrics, and a call that still fails is logged once by the bot itself,
    so these lines are shown at DEBUG only."""

    NOISE = (
        "A retry handler found",
        "Going to retry the same request",
        "Failed to send a request to Slack API server",
    )

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("slack_sdk") and record.getMessage().startswith(self.NOISE):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger().isEnabledFor(logging.DEBUG)
        return True


def configure_logging(level: str | None = None, fmt: str | None = None) -> None:
    """One stderr handler at $LOG_LEVEL (default INFO) in $LOG_FORMAT (`json`, else
    readable); question text is never logged unless recording questions is on."""
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    fmt = (fmt or os.environ.get("LOG_FORMAT") or "").strip().lower()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else RedactingFormatter(FORMAT))
    handler.addFilter(QuietRetries())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
