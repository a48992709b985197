"""The web process: Slack's Events API on /slack/events, Teams on /api/messages, and /healthz."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt import App, BoltRequest

from bot.core import Core
from index.errors import LeadbotError

if TYPE_CHECKING:
    from bot.teams.app import TeamsBot

logger = logging.getLogger(__name__)


def create_web_app(
    core: Core, slack: App | None = None, teams: TeamsBot | None = None
) -> web.Application:
    """Routes for whichever platforms are configured, plus a health check."""
    application = web.Application(client_max_size=2 * 1024 * 1024)

    async def healthz(_: web.Request) -> web.Response:
        try:
            version = await asyncio.to_thread(lambda: core.reader.current().name)
        except LeadbotError as error:
            return web.json_response({"ok": False, "error": str(error)}, status=503)
        return web.json_response({"ok": True, "index_version": int(version)})

    application.router.add_get("/healthz", healthz)
    if slack is not None:
        application.router.add_post("/slack/events", slack_handler(slack))
    if teams is not None:
        teams.attach(application)
    return application


def slack_handler(slack: App) -> Callable[[web.Request], Awaitable[web.Response]]:
    """aiohttp request -> BoltRequest -> Bolt (signature check, ack) -> aiohttp response.

    Bolt acknowledges at once and runs listeners on its own thread pool, so this returns
    well within Slack's 3 seconds however long the answer takes.
    """

    async def handle(request: web.Request) -> web.Response:
        body = await request.text()
        bolt_request = BoltRequest(
            body=body,
            query=request.query_string,
            headers={key.lower(): [value] for key, value in request.headers.items()},
        )
        response = await asyncio.to_thread(slack.dispatch, bolt_request)
        headers = {k: v[0] for k, v in response.headers.items() if k.lower() != "content-length"}
        return web.Response(status=response.status, body=response.body, headers=headers)

    return handle


def run(application: web.Application, port: int, host: str = "0.0.0.0") -> None:
    """Serve on host:port until interrupted (the Procfile's web process)."""
    web.run_app(application, host=host, port=port, print=lambda line: logger.info("%s", line))
