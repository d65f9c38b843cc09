"""HTTP mode's server: asyncio reads every request whole, then a thread pool runs the app.

Why our own: a thread-per-connection server (gunicorn's gthread was the one before) gives
each new connection a thread before a byte has arrived, so as many idle or trickling
clients as there are threads stop the bot, `/healthz` included. Here a connection costs a
socket and a buffer until its request is complete; only then does a worker thread see it.
Each request must arrive whole (head and body) within `request_seconds` of the server
starting to wait for it, or the connection is closed; the body may not exceed `max_body`.
GET routes (`/healthz`, `/metrics`) are answered on the event loop itself, so a pool busy
with slow work never makes the liveness probe fail. Chosen by measuring it against
gunicorn and waitress in one run: bench/reliability.py.

SIGTERM (or SIGINT): stop listening, let requests already read finish (up to
`grace_seconds`), close idle connections, then return so the caller can drain the rest.

HTTP/1.1 as Slack speaks it: Content-Length bodies (no chunked uploads), keep-alive,
`Expect: 100-continue`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from http import HTTPStatus

log = logging.getLogger("bot.slack")

MAX_HEAD_BYTES = 16_384
MAX_CONNECTIONS = 4_000  # each costs a file descriptor and a few KB, never a thread
BACKLOG = 1_024


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    version: str = "HTTP/1.1"
    arrived: float = field(default_factory=time.time)  # when the whole request was read


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, text: str) -> Response:
        return cls(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


Handler = Callable[[Request], Response]


class BadRequest(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class HttpServer:
    """`routes` maps (method, path) to a handler; `inline` names the routes answered on the
    event loop (they must be quick and never block). `on_reject(reason)` counts what the
    server refused before any handler ran."""

    def __init__(
        self, routes: dict[tuple[str, str], Handler], *, host: str, port: int, threads: int,
        max_body: int, request_seconds: float, grace_seconds: float,
        inline: frozenset[tuple[str, str]] = frozenset(),
        on_reject: Callable[[str], None] = lambda reason: None,
    ):
        self.routes, self.inline, self.on_reject = routes, inline, on_reject
        self.host, self.port = host, port
        self.max_body, self.request_seconds = max_body, request_seconds
        self.grace_seconds = grace_seconds
        self.pool = ThreadPoolExecutor(threads, "http")
        self._connections: dict[asyncio.Task, bool] = {}  # task -> busy with a request
        self._stopping: asyncio.Event | None = None
        self.stopped_at = 0.0  # time.monotonic() of SIGTERM, for the caller's drain budget

    # ------------------------------------------------------------ lifecycle
    def run(self, ready: Callable[[], None] = lambda: None) -> None:
        """Serve until SIGTERM or SIGINT, then drain requests in flight and return."""
        asyncio.run(self._main(ready))
        for signum in (signal.SIGTERM, signal.SIGINT):  # a second one must not cut the drain
            signal.signal(signum, signal.SIG_IGN)
        self.pool.shutdown(wait=True)

    async def _main(self, ready: Callable[[], None]) -> None:
        self._stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self._stopping.set)
        server = await asyncio.start_server(
            self._connection, self.host, self.port, limit=MAX_HEAD_BYTES, backlog=BACKLOG,
            reuse_address=True,
        )
        ready()
        async with server:
            await self._stopping.wait()
            self.stopped_at = time.monotonic()
            server.close()  # no new connections
            await self._drain()

    async def _drain(self) -> None:
        idle = [task for task, busy in self._connections.items() if not busy]
        for task in idle:
            task.cancel()
        busy = [task for task, busy in self._connections.items() if busy]
        if busy:
            _done, left = await asyncio.wait(busy, timeout=self.grace_seconds)
            for task in left:
                task.cancel()

    # ------------------------------------------------------------ one connection
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        task = asyncio.current_task()
        if len(self._connections) >= MAX_CONNECTIONS:
            self.on_reject("too_many_connections")
            writer.close()
            return
        self._connections[task] = False
        served = 0
        try:
            while not self._stopping.is_set():
                first = b""
                if served:  # a kept-alive connection may stay idle, then close quietly
                    first = await self._first_byte(reader)
                    if not first:
                        return
                try:
                    async with asyncio.timeout(self.request_seconds):
                        request = await self._read(reader, writer, first)
                except TimeoutError:
                    self.on_reject("timeout")
                    await self._send(writer, Response.text(408, "request timeout\n"), close=True)
                    return
                except BadRequest as bad:
                    self.on_reject(bad.reason)
                    await self._send(writer, Response.text(bad.status, bad.reason + "\n"),
                                     close=True)
                    await _discard(reader)
                    return
                if request is None:  # the client closed the connection
                    return
                self._connections[task] = True
                response = await self._handle(request)
                keep = _keep_alive(request) and not self._stopping.is_set()
                await self._send(writer, response, close=not keep)
                self._connections[task] = False
                served += 1
                if not keep:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            # SIGTERM closes idle connections by cancelling them: a normal end. Re-raised,
            # Python 3.11's streams log it as an unhandled error with a traceback.
            return
        finally:
            self._connections.pop(task, None)
            writer.close()

    async def _first_byte(self, reader: asyncio.StreamReader) -> bytes:
        try:
            async with asyncio.timeout(self.request_seconds):
                return await reader.read(1)
        except TimeoutError:
            return b""

    async def _read(self, reader, writer, first: bytes = b"") -> Request | None:
        try:
            head = first + await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            if error.partial.strip():
                raise BadRequest(400, "malformed") from None
            return None
        except asyncio.LimitOverrunError:
            raise BadRequest(431, "too_large") from None
        method, target, version, headers = _parse_head(head)
        if "transfer-encoding" in headers:
            raise BadRequest(411, "unsupported")
        length = _content_length(headers)
        if length > self.max_body:
            raise BadRequest(413, "too_large")
        if length and headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = await reader.readexactly(length) if length else b""
        path, _, query = target.partition("?")
        return Request(method, path, query, headers, body, version)

    async def _handle(self, request: Request) -> Response:
        if request.method == "HEAD" and ("GET", request.path) in self.routes:
            # a load balancer's probe: the GET answer's status and headers, no body
            got = await self._handle(replace(request, method="GET"))
            return Response(got.status, b"", got.headers)
        route = (request.method, request.path)
        handler = self.routes.get(route)
        if handler is None:
            known = any(path == request.path for _method, path in self.routes)
            return Response.text(405 if known else 404, "not here\n")
        if route in self.inline:
            return handler(request)
        return await asyncio.get_running_loop().run_in_executor(self.pool, handler, request)

    async def _send(self, writer, response: Response, close: bool) -> None:
        reason = HTTPStatus(response.status).phrase if response.status in _STATUSES else ""
        lines = [f"HTTP/1.1 {response.status} {reason}"]
        lines += [f"{name}: {value}" for name, value in response.headers.items()]
        lines.append(f"Content-Length: {len(response.body)}")
        lines.append("Connection: close" if close else "Connection: keep-alive")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.body)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.request_seconds):  # a client that never reads
                await writer.drain()


_STATUSES = frozenset(s.value for s in HTTPStatus)


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(400, "malformed")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise BadRequest(400, "malformed")
        headers[name.strip().lower()] = value.strip()
    return parts[0], parts[1], parts[2], headers


def _content_length(headers: dict[str, str]) -> int:
    raw = headers.get("content-length", "0")
    if not raw.isdigit():
        raise BadRequest(400, "malformed")
    return int(raw)


async def _discard(reader: asyncio.StreamReader) -> None:
    """Read and drop what the client is still sending (for at most a second), so that
    closing the socket does not reset the connection before the client reads the refusal."""
    with contextlib.suppress(TimeoutError, ConnectionError):
        async with asyncio.timeout(1):
            while await reader.read(65_536):
                pass


def _keep_alive(request: Request) -> bool:
    connection = request.headers.get("connection", "").lower()
    if request.version == "HTTP/1.0":
        return connection == "keep-alive"
    return connection != "close"
