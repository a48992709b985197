"""App Home: what LeadBot covers and how to use it; index status and gap report for admins."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.conversation import Conversation
from bot.slack import views

logger = logging.getLogger(__name__)


def register(app: App, conversation: Conversation) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        home = conversation.home(event["user"])
        view = views.home_view(home.status, home.gap, home.is_admin, list(home.examples))
        client.views_publish(user_id=event["user"], view=view)
