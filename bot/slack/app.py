"""The Bolt app: one WebClient with retries, duplicate deliveries and replays dropped, listeners
registered, and one worker for admin work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.logtext import printable
from bot.services import Services
from bot.slack import actions, commands, feedback, home, messages, shortcuts
from bot.slack.failures import Failures
from bot.slack.retries import retry_handlers
from bot.slack.status import Status
from bot.slack.worker import Worker

SLACK_API = "https://slack.com/api/"
logger = logging.getLogger(__name__)
# Requests a person makes by clicking or typing: Slack never retries them, so the same signed
# request twice is a replay.
INTERACTIVE = {"block_actions", "view_submission", "message_action", "shortcut"}


def create_app(services: Services, client: WebClient | None = None) -> App:
    """A Bolt app for the configured workspace; `client` lets tests point at a fake Web API."""
    settings, conversation = services.settings, services.conversation
    if client is None:
        client = WebClient(
            token=settings.slack_bot_token, base_url=settings.slack_api_url or SLACK_API
        )
    # Server errors, dropped connections and 429s are retried briefly, then the caller apologises.
    client.retry_handlers = retry_handlers()
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        listener_executor=ThreadPoolExecutor(max_workers=8, thread_name_prefix="slack"),
        name="leadbot",
    )

    @app.middleware
    def drop_duplicate_deliveries(
        req: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse | None]
    ) -> BoltResponse | None:
        # Slack retries an event it thinks we missed (X-Slack-Retry-Num), and Socket Mode
        # reconnects can deliver one twice: answer each event_id once. A captured slash
        # command or click could be replayed for five minutes: run each signed one once.
        key = delivery_key(req, body)
        if key and not conversation.first_delivery(key):
            logger.info("duplicate delivery dropped: %s", printable(key, 80))
            return BoltResponse(status=200, body="")
        return next()

    status, worker, failures = Status(client), Worker(), Failures()
    messages.register(app, conversation, settings, status, worker, failures)
    shortcuts.register(app, conversation, status, failures)
    commands.register(app, conversation, worker, failures)
    actions.register(app, conversation, failures)
    feedback.register(app, conversation)
    home.register(app, conversation, failures)
    return app


def delivery_key(req: BoltRequest, body: dict[str, Any]) -> str | None:
    """What identifies one delivery: the event id, or a command's or click's signature."""
    if event_id := body.get("event_id"):
        return f"slack:{event_id}"
    if "command" in body or body.get("type") in INTERACTIVE:
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        stamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
        if signature:  # Socket Mode requests are not signed, and cannot be replayed
            return f"slack:signed:{stamp}:{signature}"
    return None
