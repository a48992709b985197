"""The Bolt app: one WebClient with retries, duplicate deliveries dropped, listeners registered."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.services import Services
from bot.slack import actions, commands, feedback, home, messages, shortcuts
from bot.slack.status import Status

SLACK_API = "https://slack.com/api/"
logger = logging.getLogger(__name__)


def create_app(services: Services, client: WebClient | None = None) -> App:
    """A Bolt app for the configured workspace; `client` lets tests point at a fake Web API."""
    settings, conversation = services.settings, services.conversation
    if client is None:
        client = WebClient(
            token=settings.slack_bot_token, base_url=settings.slack_api_url or SLACK_API
        )
    # Slack answers 429 with Retry-After when we post too fast; slack-sdk waits and retries.
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        listener_executor=ThreadPoolExecutor(max_workers=8, thread_name_prefix="slack"),
        name="leadbot",
    )

    @app.middleware
    def drop_duplicate_deliveries(
        body: dict, next: Callable[[], BoltResponse | None]
    ) -> BoltResponse | None:
        # Slack retries an event it thinks we missed (X-Slack-Retry-Num), and Socket Mode
        # reconnects can deliver one twice: answer each event_id once.
        event_id = body.get("event_id")
        if event_id and not conversation.first_delivery(f"slack:{event_id}"):
            logger.info("duplicate delivery of %s dropped", event_id)
            return BoltResponse(status=200, body="")
        return next()

    status = Status(client)
    messages.register(app, conversation, settings, status)
    shortcuts.register(app, conversation, status)
    for module in (commands, actions, feedback, home):
        module.register(app, conversation)
    return app
