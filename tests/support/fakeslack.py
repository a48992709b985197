"""A fake Slack Web API on 127.0.0.1 that records every call and answers the way Slack does."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = "UBOT"
BOT_TOKEN = "xoxb-test-token"


@dataclass(frozen=True)
class Fault:
    """One injected answer to the next call of a method: an HTTP error, or no answer at all."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    hang_s: float = 0.0  # > 0: say nothing for this long (longer than the client's timeout)

    @property
    def label(self) -> str:
        return "timeout" if self.hang_s else str(self.status)


@dataclass
class Call:
    method: str  # Web API method, "response_url" or "download"
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.perf_counter)


class FakeSlack:
    """Serve the Web API methods LeadBot uses; files under /files/ need the bot token."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}  # path under /files/ -> content
        self.redirects: dict[str, str] = {}  # path under /files/ -> where it redirects
        self.rate_limit_once: set[str] = set()  # methods that answer 429 the first time
        self.fail: set[str] = set()  # methods that answer ok: false
        self.errors: dict[str, str] = {}  # methods that answer ok: false with this error
        self.faults: dict[str, list[Fault]] = {}  # method -> the next answers, one per call
        self.broken: dict[str, Fault] = {}  # method -> the answer to every call
        self.socket_url = ""  # what apps.connections.open gives Socket Mode (support.fakesocket)
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls of `method` arrived; fail the test if they do not."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} {method} call(s); saw {seen}")
                self._lock.wait(left)
            return [c for c in self.calls if c.method == method]

    def inject(self, method: str, *faults: Fault) -> None:
        """Answer the next calls of `method` with these faults, in order, then normally."""
        with self._lock:
            self.faults.setdefault(method, []).extend(faults)

    def fault_for(self, method: str) -> Fault | None:
        with self._lock:
            queued = self.faults.get(method)
            return queued.pop(0) if queued else self.broken.get(method)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # file downloads (url_private_download)
                path = self.path.removeprefix("/files/")
                fake.record(Call("download", {"path": path}, dict(self.headers)))
                if path in fake.redirects:
                    self._send(302, b"", "text/plain", extra={"Location": fake.redirects[path]})
                elif self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
                    self._send(403, b"forbidden", "text/plain")
                elif path not in fake.files:
                    self._send(404, b"not found", "text/plain")
                else:
                    self._send(200, fake.files[path], "application/octet-stream")

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(body).items()}
                    for key in ("blocks", "view", "attachments"):
                        if isinstance(params.get(key), str):
                            params[key] = json.loads(params[key])
                if self.path.startswith("/response/"):
                    fake.record(Call("response_url", params, dict(self.headers)))
                    self._send(200, b"ok", "text/plain")
                    return
                method = self.path.removeprefix("/api/")
                if fault := fake.fault_for(method):
                    fake.record(Call(f"{method}:{fault.label}", params, dict(self.headers)))
                    if fault.hang_s:
                        time.sleep(fault.hang_s)  # the client gives up first
                        return
                    if fault.status == 429:  # Slack says so in JSON; a 5xx is a bare page
                        self._send(
                            429, b'{"ok": false, "error": "ratelimited"}', extra=fault.headers
                        )
                    else:
                        self._send(
                            fault.status, b"Internal Server Error", "text/html", fault.headers
                        )
                    return
                if method in fake.rate_limit_once:
                    fake.rate_limit_once.discard(method)
                    fake.record(Call(f"{method}:429", params, dict(self.headers)))
                    self._send(
                        429, b'{"ok": false, "error": "ratelimited"}', extra={"Retry-After": "1"}
                    )
                    return
                fake.record(Call(method, params, dict(self.headers)))
                self._send(200, json.dumps(fake.reply(method, params)).encode())

            def _send(
                self,
                status: int,
                payload: bytes,
                kind: str = "application/json",
                extra: dict[str, str] | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def reply(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method in self.fail:
            return {"ok": False, "error": "fatal_error"}
        if method in self.errors:
            return {"ok": False, "error": self.errors[method]}
        ts = f"{time.time():.6f}"
        replies: dict[str, dict[str, Any]] = {
            "auth.test": {
                "user_id": BOT_USER,
                "bot_id": "BBOT",
                "team_id": "T1",
                "user": "leadbot",
            },
            "chat.postMessage": {"channel": params.get("channel"), "ts": ts},
            "chat.postEphemeral": {"message_ts": ts},
            "conversations.open": {"channel": {"id": "D" + str(params.get("users", "X"))}},
            "views.publish": {"view": {"id": "V1"}},
            "views.open": {"view": {"id": "V2"}},
            "files.info": {"file": {}},
            "apps.connections.open": {"url": self.socket_url},
        }
        return {"ok": True, **replies.get(method, {})}
