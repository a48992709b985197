"""Slack's Socket Mode end, on loopback: each worker that calls apps.connections.open gets a
WebSocket here; the test sends event envelopes down chosen connections and reads the acks."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from aiohttp import WSMsgType, web

from support.slackkit import WebServer


class FakeSocketMode:
    def __init__(self) -> None:
        self.connections: list[web.WebSocketResponse] = []
        self.acks: list[str] = []  # envelope ids acknowledged, in order
        self._changed = threading.Condition()
        application = web.Application()
        application.router.add_get("/link", self._link)
        self._web = WebServer(application)

    def start(self) -> FakeSocketMode:
        self._web.start()
        return self

    def stop(self) -> None:
        self._web.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._web.port}/link"

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        with self._changed:
            self.connections.append(socket)
            self._changed.notify_all()
        async for message in socket:
            if message.type == WSMsgType.TEXT and (envelope := json.loads(message.data)).get(
                "envelope_id"
            ):
                with self._changed:
                    self.acks.append(envelope["envelope_id"])
                    self._changed.notify_all()
        return socket

    def wait_for_connections(self, count: int, timeout: float = 60.0) -> None:
        self._wait(lambda: len(self.connections) >= count, f"{count} connections", timeout)

    def wait_for_acks(self, *envelopes: str, timeout: float = 30.0) -> None:
        self._wait(lambda: set(envelopes) <= set(self.acks), f"acks of {envelopes}", timeout)

    def deliver(
        self, connection: int, envelope_id: str, body: dict[str, Any], retry: int = 0
    ) -> None:
        """Send an Events API envelope down one connection, as Slack does."""
        envelope = {
            "envelope_id": envelope_id,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": retry,
            "retry_reason": "timeout" if retry else "",
            "payload": body,
        }
        socket = self.connections[connection]
        loop = self._web._loop
        asyncio.run_coroutine_threadsafe(socket.send_json(envelope), loop).result(10)

    def _wait(self, done: Any, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done():
                left = deadline - time.monotonic()
                assert left > 0, f"timed out waiting for {what}"
                self._changed.wait(left)
