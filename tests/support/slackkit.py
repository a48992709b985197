"""Drive the real Slack request path: signed HTTP requests to LeadBot's aiohttp endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

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
