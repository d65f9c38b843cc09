"""gunicorn, started from Python: one worker process with a pool of threads.

Why gunicorn's threaded worker: the bot's work is tiny per request and most of its time
waits on sockets, so threads serve many requests at once; a single process keeps the
in-memory de-duplication store complete. The arbiter restarts a worker that dies and
drains requests in flight on SIGTERM before exiting. Its own messages go through the
bot's logging set-up, so that with LOG_FORMAT=json every line is JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger


class RootLogger(Logger):
    """gunicorn's error log without a handler of its own: its records go to the root
    logger's handler, in the bot's format (readable or JSON), tokens masked."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in list(self.error_log.handlers):
            self.error_log.removeHandler(handler)
        self.error_log.propagate = True


class GunicornServer(BaseApplication):
    def __init__(
        self,
        wsgi,
        *,
        host: str,
        port: int,
        threads: int,
        graceful_seconds: int,
        on_worker_exit: Callable[[], None],
        on_ready: Callable[[], None] = lambda: None,
    ):
        self.application = wsgi
        self.options = {
            "bind": [f"{host}:{port}"],
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "keepalive": 5,
            "timeout": 60,
            "graceful_timeout": graceful_seconds,
            "preload_app": True,
            "control_socket_disable": True,  # no socket file: Kubernetes' root fs is read-only
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "logger_class": RootLogger,
            "proc_name": "k8s-compare",
            "worker_exit": lambda _arbiter, _worker: on_worker_exit(),
            "when_ready": lambda _arbiter: on_ready(),  # the port is bound
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # control_socket_disable exists from gunicorn 25 on
                self.cfg.set(key, value)

    def load(self):
        return self.application

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; the arbiter ends with sys.exit, turned into a code."""
        try:
            super().run()
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else 1
        return 0
