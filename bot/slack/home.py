"""App Home: what LeadBot covers and how to use it; index status and gap report for admins."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import EXAMPLE_QUESTIONS, Services
from bot.slack import views
from index.errors import LeadbotError

logger = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        is_admin = services.admin.is_admin(user)
        status = gap = None
        if is_admin:
            try:
                status = services.core.status()
            except LeadbotError:
                status = None  # the view says there is no index yet
            gap = services.store.gap_report()
        view = views.home_view(status, gap, is_admin, list(EXAMPLE_QUESTIONS))
        client.views_publish(user_id=user, view=view)
