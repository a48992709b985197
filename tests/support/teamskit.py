"""Drive the real Teams request path: Activity JSON -> aiohttp /api/messages -> Agents SDK -> LeadBot.

Activities are posted with "deliveryMode": "expectReplies", so the replies come back in the HTTP
response body ({"activities": [...]}). Proactive messages go out through the SDK's own connector
client to FakeConnector, a loopback Bot Connector that also serves files for upload tests.
"""

from __future__ import annotations

import copy
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PAYLOADS = Path(__file__).parents[1] / "payloads" / "teams"
BOT_ID = "28:00000000-0000-4000-8000-0000000b0700"
NURSE = "6f1c2a77-0000-4000-8000-00000000a001"  # AAD object ids
ADMIN = "6f1c2a77-0000-4000-8000-00000000ad01"


def payload(name: str, *, expect_replies: bool = True, **fields: Any) -> dict[str, Any]:
    """A recorded activity with top-level fields replaced and a fresh id unless one is given."""
    data = json.loads((PAYLOADS / f"{name}.json").read_text())
    prefix = "f:" if data["id"].startswith("f:") else ""  # Teams' id form for invokes and updates
    data["id"] = f"{prefix}{time.perf_counter_ns()}"
    data.update(copy.deepcopy(fields))
    if expect_replies:
        data["deliveryMode"] = "expectReplies"
    return data


def post(
    url: str, activity: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any] | None, float]:
    """POST an activity; (status, JSON body or None, seconds to the response)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(activity).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    took = time.perf_counter() - started
    return status, (json.loads(raw) if raw.strip() else None), took


def messages(body: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The message activities among the replies (typing indicators and the like left out)."""
    return [a for a in (body or {}).get("activities", []) if a.get("type") == "message"]


def shown(activity: dict[str, Any]) -> str:
    """Every text a person would read in an activity: its text and its cards' texts."""
    found = [activity.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(activity.get("attachments", []))
    return "\n".join(found)


def card_actions(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action in an activity's cards, in order (card-level and inside ActionSets)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(activity.get("attachments", []))
    return found


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]
    at: float = field(default_factory=time.perf_counter)
    id: str | None = None  # the id the connector gave a posted activity, as Teams does


class FakeConnector:
    """A loopback Bot Connector (POST /v3/conversations/{id}/activities) and file server."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.files: dict[str, bytes] = {}  # served at /files/<name>
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeConnector:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def activities(self) -> list[Received]:
        """The activities posted that a person reads. Typing indicators are left out: the SDK
        sends one whenever a turn takes longer than its delay, as a loaded machine's may."""
        with self._lock:
            return [
                r
                for r in self.received
                if r.method == "POST" and (r.body or {}).get("type") != "typing"
            ]

    def downloads(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path.startswith("/files/")]

    def wait_for_activities(self, count: int = 1, timeout: float = 10) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.activities()) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"expected {count} activities, got {len(self.activities())}"
                self._lock.wait(left)
            return self.activities()

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)
            self._lock.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._record(Received("GET", self.path, None, dict(self.headers)))
                data = fake.files.get(self.path.removeprefix("/files/"))
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                sent = f"{time.perf_counter_ns()}"
                posted = json.loads(raw or b"{}")
                fake._record(Received("POST", self.path, posted, dict(self.headers), id=sent))
                body = json.dumps({"id": sent}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


@dataclass
class Teams:
    """A running LeadBot web app with Teams attached, and its loopback Bot Connector."""

    fake: FakeConnector
    web: Any  # slackkit.WebServer
    services: Any  # bot.services.Services
    content: Path

    @property
    def url(self) -> str:
        return f"{self.web.url}/api/messages"

    def send(self, activity: dict[str, Any], **headers: str) -> tuple[int, dict[str, Any] | None]:
        status, body, _ = post(self.url, activity, headers)
        return status, body

    def ask(self, name: str, **fields: Any) -> list[dict[str, Any]]:
        """Post a recorded activity (fields replaced); the messages LeadBot replied with."""
        status, body = self.send(payload(name, **fields))
        assert status == 200, (status, body)
        return messages(body)

    def ask_through_connector(self, name: str, **fields: Any) -> Received:
        """Post a recorded activity as Teams does, without expectReplies: the one reply goes to
        the loopback Bot Connector, which gives it the message id Teams' 👍/👎 name later."""
        activity = payload(name, expect_replies=False, serviceUrl=f"{self.fake.base}/teams/")
        status, _ = self.send(activity | fields)
        assert status in (200, 202), status
        [sent] = self.fake.wait_for_activities()
        return sent

    def vote(
        self, sent: Received, reaction: str, text: str = "", **fields: Any
    ) -> tuple[int, dict[str, Any] | None]:
        """Teams' feedback form submitted on a message LeadBot sent: the invoke as Teams posts
        it (without expectReplies); the HTTP status and body LeadBot answered with."""
        assert sent.body is not None
        feedback = {"reaction": reaction, "feedback": json.dumps({"feedbackText": text})}
        invoke = payload(
            "feedback_submit",
            expect_replies=False,
            conversation=sent.body["conversation"],
            replyToId=sent.id,
            value={"actionName": "feedback", "actionValue": feedback},
        )
        return self.send(invoke | fields)

    def stop(self) -> None:
        self.web.stop()
        self.fake.stop()


def teams_env(tmp_path: Path, content: Path, fake: FakeConnector) -> dict[str, str]:
    """Anonymous development mode, with the fake connector allowed as a service and file host."""
    return {
        "LEADBOT_CONTENT_DIR": str(content),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "LEADBOT_DB": str(tmp_path / "leadbot.sqlite3"),
        "LEADBOT_ADMINS": ADMIN,
        "LEADBOT_MIN_SCORE": "0.45",  # the fake embedder's scale; see test_answer.py
        "LEADBOT_TEAMS_ANONYMOUS": "true",
        "LEADBOT_TEAMS_SERVICE_HOSTS": "127.0.0.1",
        "LEADBOT_TEAMS_DOWNLOAD_HOSTS": "127.0.0.1",
    }


def start_teams(tmp_path: Path, content: Path, embedder: Any = None, **env: str) -> Teams:
    """LeadBot's web app with Teams on 127.0.0.1, over an index built with the fake embedder."""
    from bot.config import Settings
    from bot.services import Services
    from bot.teams.app import TeamsBot
    from bot.web import create_web_app
    from index.build import build
    from support.fakes import FakeEmbedder
    from support.slackkit import WebServer

    fake = FakeConnector().start()
    values = {k: v for k, v in (teams_env(tmp_path, content, fake) | env).items() if v is not None}
    settings = Settings.from_env(values)
    embedder = embedder or FakeEmbedder()
    build(content, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    services = Services.from_settings(settings, embedder=embedder)
    web = WebServer(create_web_app(services.core, None, TeamsBot(services))).start()
    return Teams(fake, web, services, content)
