"""Drive the real Slack request path: signed HTTP requests to LeadBot's aiohttp endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.services import Services
from bot.slack import create_app
from bot.web import create_web_app
from index.build import build
from support.fakes import FakeEmbedder
from support.fakeslack import BOT_TOKEN, Call, FakeSlack

PAYLOADS = Path(__file__).parents[1] / "payloads" / "slack"
SECRET = "test-signing-secret"


def payload(name: str, **event: Any) -> dict[str, Any]:
    """A recorded payload with event fields overridden (and a fresh event_id unless given)."""
    data = json.loads((PAYLOADS / f"{name}.json").read_text())
    if "event" in data:
        data["event"].update(event)
        data["event_id"] = event.pop("event_id", None) or f"Ev{time.perf_counter_ns()}"
    return copy.deepcopy(data)


class WebServer:
    """An aiohttp application served on 127.0.0.1 from a background thread."""

    def __init__(self, application: web.Application) -> None:
        self._application = application
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.port = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._runner = web.AppRunner(self._application)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> WebServer:
        self._thread.start()
        assert self._ready.wait(10), "web server did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def signed_post(
    url: str,
    body: str,
    *,
    content_type: str,
    secret: str = SECRET,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, float]:
    """POST a body signed the way Slack signs it; returns (status, body, seconds to the response)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            **(headers or {}),
        },
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.perf_counter() - started


def event_body(data: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(data), "application/json"


def command_body(data: dict[str, Any]) -> tuple[str, str]:
    return urlencode(data), "application/x-www-form-urlencoded"


def action_body(data: dict[str, Any]) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(data)}), "application/x-www-form-urlencoded"


def command_request(text: str, user: str, response_url: str) -> tuple[str, str]:
    """A /leadbot slash command as Slack posts it."""
    data = payload("slash_command") | {"text": text, "user_id": user, "response_url": response_url}
    return command_body(data)


def click_request(
    action_id: str,
    value: str,
    user: str,
    response_url: str,
    channel: str = "C_LEADERS",
    **action: Any,
) -> tuple[str, str]:
    """A click on one of LeadBot's buttons as Slack posts it."""
    data = payload("block_actions")
    data["actions"][0] |= {"action_id": action_id, "value": value, **action}
    data["user"]["id"] = user
    data["channel"]["id"] = channel
    data["response_url"] = response_url
    return action_body(data)


def answer_id_of(posted: Call) -> str:
    """The answer id the feedback buttons of a posted answer carry."""
    [votes] = [b for b in posted.params["blocks"] if b["type"] == "context_actions"]
    return str(votes["elements"][0]["negative_button"]["value"]).removeprefix("down:")


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every text in a list of blocks, joined: what a person would read."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


ADMIN = "U_ADMIN"
MIN_SCORE = "0.45"  # the fake embedder's scale; see test_answer.py


@dataclass
class Slack:
    """A running LeadBot wired to a fake Slack."""

    fake: FakeSlack
    web: WebServer
    services: Services
    content: Path
    app: App

    def event(self, data: dict[str, Any], **headers: str) -> tuple[int, str, float]:
        body, kind = event_body(data)
        return signed_post(f"{self.web.url}/slack/events", body, content_type=kind, headers=headers)

    def command(self, text: str, user: str = "U_NURSE") -> tuple[int, str, float]:
        body, kind = command_request(text, user, f"{self.fake.base}/response/1")
        return signed_post(f"{self.web.url}/slack/events", body, content_type=kind)

    def click(
        self,
        action_id: str,
        value: str,
        user: str = "U_NURSE",
        channel: str = "C_LEADERS",
        **action: Any,
    ) -> tuple[int, str, float]:
        response_url = f"{self.fake.base}/response/2"
        body, kind = click_request(action_id, value, user, response_url, channel, **action)
        return signed_post(f"{self.web.url}/slack/events", body, content_type=kind)

    def submit(self, view: dict[str, Any], typed: str | None, user: str = "U_NURSE") -> int:
        """Submit a modal LeadBot opened, as Slack sends it, with `typed` in its one text box."""
        data = payload("view_submission")
        data["user"]["id"] = user
        data["view"] |= {k: view[k] for k in ("callback_id", "private_metadata", "blocks")}
        box = next(b for b in view["blocks"] if b["type"] == "input")
        field = {"type": "plain_text_input", "value": typed}
        data["view"]["state"]["values"] = {box["block_id"]: {box["element"]["action_id"]: field}}
        body, kind = action_body(data)
        return signed_post(f"{self.web.url}/slack/events", body, content_type=kind)[0]

    def shortcut(self, **message: Any) -> int:
        """'Ask LeadBot about this message' on a message in #leadership."""
        data = payload("message_action")
        data["message"] |= message
        data["response_url"] = f"{self.fake.base}/response/3"
        body, kind = action_body(data)
        return signed_post(f"{self.web.url}/slack/events", body, content_type=kind)[0]

    def stop(self) -> None:
        self.web.stop()
        self.fake.stop()


def start_slack(
    tmp_path: Path, content: Path, embedder: FakeEmbedder | None = None, **env: str
) -> Slack:
    """LeadBot on 127.0.0.1 with a fake Slack, over `content` indexed with the fake embedder."""
    fake = FakeSlack().start()
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "leadbot.sqlite3"),
            "LEADBOT_ADMINS": ADMIN,
            "LEADBOT_MIN_SCORE": MIN_SCORE,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            **env,
        }
    )
    embedder = embedder or FakeEmbedder()
    build(content, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    services = Services.from_settings(settings, embedder=embedder)
    app = create_app(services)
    web = WebServer(create_web_app(services.core, app)).start()
    return Slack(fake, web, services, content, app)


def share_file(slack: Slack, name: str, data: bytes, user: str = ADMIN) -> None:
    slack.fake.files[name] = data
    event = payload("file_share_im", user=user, channel=f"D_{user}")
    event["event"]["files"][0] |= {
        "name": name,
        "size": len(data),
        "url_private_download": f"{slack.fake.base}/files/{name}",
    }
    slack.event(event)
