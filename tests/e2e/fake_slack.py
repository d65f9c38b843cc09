"""A fake Slack Web API on 127.0.0.1: records every call and answers like Slack.

`POST /api/<method>` answers `{"ok": true, ...}` with the fields the bot reads;
`POST /response/<name>` stands in for interaction response_urls, and `POST /upload/<id>`
for the upload URLs files.getUploadURLExternal hands out (files_upload_v2 sends the
file's bytes there, then calls files.completeUploadExternal). OAuth: `install(code, team,
token)` makes a code oauth.v2.access exchanges for that workspace's bot token, and
auth.test answers for whichever workspace the token belongs to. Every call is kept
with its method, parameters (form or JSON, `blocks`/`view` decoded) and headers, and
every Block Kit payload is checked against Slack's limits as it arrives. A test can make
the next N calls of a method fail with 429 + Retry-After or a 500, or make a method slow
(a call is recorded when Slack would accept it: after the delay).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from tests.e2e.blockkit import problems

BOT_USER_ID, BOT_ID, TEAM_ID = "U0BOT", "B0BOT", "T0FAKE"
RESPONSE_URL = "response_url"
UPLOAD = "file_upload"  # the method name of a POST to an upload URL


@dataclass
class Call:
    method: str  # a Web API method name, or "response_url"
    path: str
    params: dict
    headers: dict
    at: float = field(default_factory=time.monotonic)
    content: bytes = b""  # the raw body of an upload
    response: dict = field(default_factory=dict)  # what the fake answered (a post's ts...)

    @property
    def response_ts(self) -> str:
        return str(self.response.get("ts", ""))

    @property
    def sent_text(self) -> str:
        """Everything this call carried, as one string (for "never sent X" checks)."""
        return json.dumps(self.params, ensure_ascii=False)


@dataclass
class Failure:
    status: int
    count: int
    retry_after: int | None = None
    error: str = "fake_failure"


class FakeSlack:
    def __init__(self):
        self.calls: list[Call] = []
        self.invalid: list[str] = []
        self.failures: dict[str, Failure] = {}
        self.delays: dict[str, float] = {}  # method -> seconds before answering
        self.socket_url = ""
        self.codes: dict[str, dict] = {}  # OAuth code -> the installation it grants
        self.tokens: dict[str, tuple[str, str]] = {}  # bot token -> (team ID, team name)
        self.names: dict[str, str] = {}  # user ID -> display name (users.info)
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ------------------------------------------------------------ lifecycle
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # ------------------------------------------------------------ test controls
    def install(self, code: str, team: str, name: str, token: str) -> None:
        """An "Add to Slack" in workspace `team`: oauth.v2.access exchanges `code`, once."""
        with self._changed:
            self.codes[code] = {"team": team, "name": name, "token": token}
            self.tokens[token] = (team, name)

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self.invalid.clear()
            self.failures.clear()
            self.delays.clear()

    def slow(self, method: str, seconds: float) -> None:
        """Answer every call of `method` only after `seconds` (a slow Slack)."""
        with self._changed:
            self.delays[method] = seconds

    def fail_next(
        self, method: str, count: int, status: int, retry_after: int | None = None,
        error: str = "fake_failure",
    ) -> None:
        """The next `count` calls of `method` get `status` (429 with Retry-After, or 500);
        200 means Slack's refusal: `{"ok": false, "error": error}`."""
        with self._changed:
            self.failures[method] = Failure(status, count, retry_after, error)

    def of(self, method: str | None = None, **where) -> list[Call]:
        """Calls of `method` (any if None) whose params include every `where` item."""
        with self._changed:
            return [c for c in self.calls if _matches(c, method, where)]

    def wait_for(
        self, method: str | None = None, count: int = 1, timeout: float = 15, **where
    ) -> list[Call]:
        """Block until `count` matching calls arrived; fail the test with what did arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if _matches(c, method, where)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.path) for c in self.calls]
                    raise AssertionError(f"expected {count} x {method} {where}; got {seen}")
                self._changed.wait(left)

    def posted_to(self, response_url: str, count: int = 1, timeout: float = 15) -> list[dict]:
        """What the bot posted to one response_url (waiting for `count` posts)."""
        path = response_url.removeprefix(f"http://127.0.0.1:{self.port}")
        calls = self.wait_for(RESPONSE_URL, count, timeout, _path=path)
        return [c.params for c in calls]

    def sent_anywhere(self) -> str:
        with self._changed:
            return "\n".join(c.sent_text for c in self.calls)

    # ------------------------------------------------------------ serving
    def record(self, call: Call) -> None:
        for key in ("blocks", "view", "files"):
            if isinstance(call.params.get(key), str):
                try:
                    call.params[key] = json.loads(call.params[key])
                except ValueError:
                    self.invalid.append(f"{call.method}: {key} is not JSON")
        blocks = call.params.get("blocks") or (call.params.get("view") or {}).get("blocks")
        if blocks is not None:
            limit = 100 if "view" in call.params else 50
            self.invalid += [f"{call.method}: {p}" for p in problems(blocks, limit)]
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def failure_for(self, method: str) -> Failure | None:
        with self._changed:
            failure = self.failures.get(method)
            if failure is None or failure.count <= 0:
                return None
            failure.count -= 1
            return failure

    def answer(self, method: str, params: dict, headers: dict | None = None) -> dict:
        now = f"{time.time():.6f}"
        token = (headers or {}).get("Authorization", "").removeprefix("Bearer ")
        team, team_name = self.tokens.get(token, (TEAM_ID, "Fake"))
        if method == "oauth.v2.access":
            return self._exchange(params, headers or {})
        user = str(params.get("user", ""))
        answers = {
            "auth.test": {
                "url": "https://fake.slack.test/",
                "team": team_name,
                "user": "k8s-compare",
                "team_id": team,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            },
            "chat.getPermalink": {
                "channel": params.get("channel"),
                "permalink": f"https://fake.slack.test/archives/{params.get('channel')}/p"
                             + str(params.get("message_ts", "")).replace(".", ""),
            },
            "users.info": {"user": {"id": user, "name": user.lower(), "profile": {
                "display_name": self.names.get(user, ""), "real_name": f"Person {user}"}}},
            "chat.postMessage": {
                "channel": params.get("channel"),
                "ts": now,
                "message": {"text": params.get("text"), "bot_id": BOT_ID, "ts": now},
            },
            "chat.postEphemeral": {"message_ts": now},
            "chat.update": {"channel": params.get("channel"), "ts": params.get("ts")},
            "views.publish": {"view": {"id": "V0FAKE", **(params.get("view") or {})}},
            "apps.connections.open": {"url": self.socket_url},
            "files.getUploadURLExternal": self._upload_url(params),
            "files.completeUploadExternal": {
                "files": [{"id": f.get("id"), "title": f.get("title")}
                          for f in params.get("files") or [] if isinstance(f, dict)]
            },
        }
        return {"ok": True, **answers.get(method, {})}


    def _exchange(self, params: dict, headers: dict) -> dict:
        """oauth.v2.access: a code is good once, with the app's credentials."""
        with self._changed:
            grant = self.codes.pop(str(params.get("code", "")), None)
        if grant is None or not (params.get("client_secret") or "Basic " in
                                 headers.get("Authorization", "")):
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True, "access_token": grant["token"], "token_type": "bot",
            "scope": "chat:write,commands", "bot_user_id": BOT_USER_ID, "app_id": "A0K8SCOMPARE",
            "team": {"id": grant["team"], "name": grant["name"]}, "enterprise": None,
            "is_enterprise_install": False, "authed_user": {"id": "U0INSTALLER"},
        }

    def _upload_url(self, params: dict) -> dict:
        file_id = f"F{len(self.calls):07d}"
        return {"file_id": file_id, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}


def _matches(call: Call, method: str | None, where: dict) -> bool:
    """`_path` matches the request path; every other key a parameter."""
    if method is not None and call.method != method:
        return False
    return all((call.path if k == "_path" else call.params.get(k)) == v for k, v in where.items())


def _handler_for(fake: FakeSlack):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            content = self.rfile.read(length)
            if self.path.startswith("/upload/"):  # a file's bytes, not a form
                fake.record(Call(UPLOAD, self.path, {}, dict(self.headers), content=content))
                return self._send(200, f"OK - {len(content)}")
            raw = content.decode("utf-8")
            is_response_url = self.path.startswith("/response/")
            method = (
                RESPONSE_URL if is_response_url else self.path.removeprefix("/api/").split("?")[0]
            )
            params = _decode(raw, self.headers.get("Content-Type", ""))
            time.sleep(fake.delays.get(method, 0.0))
            call = Call(method, self.path, params, dict(self.headers))
            failure = fake.failure_for(method)
            if failure is None and not is_response_url:
                call.response = fake.answer(method, params, dict(self.headers))
            fake.record(call)
            if failure is not None and failure.status == 200:  # Slack's way to refuse: ok false
                return self._send(200, {"ok": False, "error": failure.error})
            if failure is not None:
                headers = (
                    {"Retry-After": str(failure.retry_after)}
                    if failure.retry_after is not None
                    else {}
                )
                return self._send(failure.status, {"ok": False, "error": "fake_failure"}, headers)
            if is_response_url:
                return self._send(200, "ok")
            return self._send(200, call.response)

        def _send(self, status: int, body, headers: dict | None = None):
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            self.send_header(
                "Content-Type", "application/json" if not isinstance(body, str) else "text/plain"
            )
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the bot was killed mid-call
                self.wfile.write(data)

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


def _decode(raw: str, content_type: str) -> dict:
    if "json" in content_type:
        try:
            value = json.loads(raw or "{}")
            return value if isinstance(value, dict) else {"_body": value}
        except ValueError:
            return {"_raw": raw}
    return dict(parse_qsl(raw, keep_blank_values=True))
