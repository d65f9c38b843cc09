"""The HTTP servers the benchmarks compare, each serving the same routes (the bot's, or a bare
Bolt app's): `asyncio` is the bot's own (bot/slack/http_server.py, what `serve` runs);
`gunicorn` (gthread: 1 worker x threads, what the bot ran before) and `waitress` serve the
same handlers through a small WSGI shim. gunicorn and waitress come with the `bench` extra.
"""

from __future__ import annotations

import contextlib

from bot.slack.http_server import HttpServer, Request, Response
from bot.slack.server import HTTP_DRAIN_SECONDS, MAX_BODY_BYTES

SERVERS = ("asyncio", "gunicorn", "waitress")
REQUEST_SECONDS = 10  # waitress' channel_timeout, our request timeout: the same rule


def wsgi(routes: dict):
    """The routes as one WSGI application (what gunicorn and waitress run)."""

    def application(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY_BYTES:
            start_response("413 Content Too Large", [("Content-Type", "text/plain")])
            return [b"too large\n"]
        headers = {key[5:].replace("_", "-").lower(): value
                   for key, value in environ.items() if key.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        body = environ["wsgi.input"].read(length) if length else b""
        request = Request(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"),
                          environ.get("QUERY_STRING", ""), headers, body)
        handler = routes.get((request.method, request.path))
        response = handler(request) if handler else Response.text(404, "not here\n")
        start_response(f"{response.status} -", list(response.headers.items()))
        return [response.body]

    return application


def serve(routes: dict, server: str, host: str, port: int, threads: int) -> None:
    """Serve `routes` until SIGTERM on the named server."""
    if server == "asyncio":
        HttpServer(routes, host=host, port=port, threads=threads, max_body=MAX_BODY_BYTES,
                   request_seconds=REQUEST_SECONDS, grace_seconds=HTTP_DRAIN_SECONDS,
                   inline=frozenset({("GET", "/healthz"), ("GET", "/metrics")})).run()
    elif server == "waitress":
        import waitress

        waitress.serve(wsgi(routes), host=host, port=port, threads=threads,
                       connection_limit=2_000, channel_timeout=REQUEST_SECONDS,
                       asyncore_use_poll=True, _quiet=True)
    else:
        _gunicorn(wsgi(routes), host, port, threads)


def _gunicorn(application, host: str, port: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):
        def load_config(self):
            for key, value in {"bind": [f"{host}:{port}"], "workers": 1,
                               "worker_class": "gthread", "threads": threads, "keepalive": 5,
                               "timeout": 60, "graceful_timeout": 5, "preload_app": True,
                               "accesslog": None, "loglevel": "warning"}.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    with contextlib.suppress(SystemExit):  # the arbiter ends with sys.exit on SIGTERM
        Gunicorn().run()
