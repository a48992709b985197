"""The web process: Slack's Events API on /slack/events, Teams on /api/messages, and /healthz."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.core import Core
from bot.logtext import printable
from index.errors import LeadbotError

if TYPE_CHECKING:
    from bot.teams.app import TeamsBot

logger = logging.getLogger(__name__)
MAX_AGE_S = 300  # Slack's rule: a signed request older than five minutes may be a replay
MAX_ACCESS_LINE = 1000


def create_web_app(
    core: Core, slack: App | None = None, teams: TeamsBot | None = None
) -> web.Application:
    """Routes for whichever platforms are configured, plus a health check."""
    quiet_logs()
    application = web.Application(client_max_size=2 * 1024 * 1024)

    async def healthz(_: web.Request) -> web.Response:
        try:
            version = await asyncio.to_thread(lambda: core.reader.current().name)
        except LeadbotError as error:
            return web.json_response({"ok": False, "error": str(error)}, status=503)
        return web.json_response({"ok": True, "index_version": int(version)})

    application.router.add_get("/healthz", healthz)
    if slack is not None:
        secret = core.settings.slack_signing_secret or ""
        application.router.add_post("/slack/events", slack_handler(slack, secret))
    if teams is not None:
        teams.attach(application)
    return application


def slack_handler(slack: App, secret: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    """aiohttp request -> signature check -> BoltRequest -> Bolt (ack) -> aiohttp response.

    The signature is checked here, before the body is parsed or logged: a request that fails
    gets a 401 and one short line in the log, never its body; a signed one that cannot be
    parsed gets a 400. Bolt acknowledges at once and runs listeners on its own thread pool, so
    this returns well within Slack's 3 seconds however long the answer takes.
    """
    verifier = SignatureVerifier(secret)

    async def handle(request: web.Request) -> web.Response:
        raw = await request.read()
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if problem := unverified(verifier, raw, stamp, signature):
            logger.info(
                "rejected a Slack request from %s: %s (%d bytes)",
                printable(request.remote),
                problem,
                len(raw),
            )
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = BoltRequest(
                body=raw.decode(),
                query=request.query_string,
                headers={key.lower(): [value] for key, value in request.headers.items()},
            )
        except (ValueError, AttributeError, TypeError):  # not UTF-8, broken JSON, not an object
            logger.info(
                "rejected a signed Slack request: its body is malformed (%d bytes)", len(raw)
            )
            return web.json_response({"error": "malformed request"}, status=400)
        response = await asyncio.to_thread(slack.dispatch, bolt_request)
        headers = {k: v[0] for k, v in response.headers.items() if k.lower() != "content-length"}
        return web.Response(status=response.status, body=response.body, headers=headers)

    return handle


def unverified(verifier: SignatureVerifier, body: bytes, stamp: str, signature: str) -> str | None:
    """Why a request is not from Slack, in a few words; None if it is."""
    if not stamp or not signature:
        return "no signature"
    if not (stamp.isascii() and stamp.isdigit()):
        return "a timestamp that is not a number"
    if abs(time.time() - int(stamp)) > MAX_AGE_S:
        return "a timestamp over five minutes from now"
    if not verifier.is_valid(body, stamp, signature):
        return "a wrong signature"
    return None


class EscapeControls(logging.Filter):
    """The access log names a request's path and User-Agent: no control character gets through;
    a request aiohttp could not parse is one line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            reason = str(error.message).splitlines()[0] if error.message else type(error).__name__
            record.msg, record.args = f"rejected a malformed HTTP request: {reason}", None
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        record.msg, record.args = printable(record.getMessage(), MAX_ACCESS_LINE), None
        return True


def quiet_logs() -> None:
    """Install EscapeControls on aiohttp's access and server logs, once."""
    for name in ("aiohttp.access", "aiohttp.server"):
        found = logging.getLogger(name)
        if not any(isinstance(f, EscapeControls) for f in found.filters):
            found.addFilter(EscapeControls())


def run(application: web.Application, port: int, host: str = "0.0.0.0") -> None:
    """Serve on host:port until interrupted (the Procfile's web process)."""
    web.run_app(application, host=host, port=port, print=lambda line: logger.info("%s", line))
