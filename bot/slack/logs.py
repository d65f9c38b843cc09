"""Logging for `serve`: readable lines on stderr, and never a token.

slack_sdk logs request details at DEBUG; the formatter masks anything shaped like a Slack
token (xoxb-, xoxp-, xapp-, ...) in every finished line, tracebacks included, whatever
logger it comes from.
"""

from __future__ import annotations

import logging
import os
import re

TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return TOKEN.sub(r"\1-***", super().format(record))


def configure_logging(level: str | None = None) -> None:
    """One stderr handler at $LOG_LEVEL (default INFO); question text is never logged at INFO."""
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
