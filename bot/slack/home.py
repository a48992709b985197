"""App Home: what LeadBot covers and how to use it; index status and gap report for admins; and
the example questions as suggested prompts where a chat with LeadBot opens."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import wording
from bot.conversation import Conversation
from bot.slack import views
from bot.slack.failures import Failures

logger = logging.getLogger(__name__)
MAX_PROMPTS = 4  # Slack shows at most four suggested prompts


def register(app: App, conversation: Conversation, failures: Failures) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        tab = event.get("tab", "home")
        if tab == "messages":
            # The agent view (agent_view in the manifest) opens in the Messages tab; its prompts
            # go to the channel, since a thread_ts there makes Slack drop them silently.
            suggest(client, event["channel"], None)
        elif tab == "home":
            home = conversation.home(event["user"])
            shown = failures.recent() if home.is_admin else []
            view = views.home_view(home.status, home.gap, home.is_admin, list(home.examples), shown)
            client.views_publish(user_id=event["user"], view=view)

    @app.event("assistant_thread_started")
    def on_thread_started(event: dict[str, Any], client: WebClient) -> None:
        # The split-pane assistant view: prompts belong to the thread it started.
        thread = event["assistant_thread"]
        suggest(client, thread["channel_id"], thread["thread_ts"])


def suggest(client: WebClient, channel: str, thread_ts: str | None) -> None:
    """The example questions as Slack's suggested prompts; a refusal is only logged."""
    try:
        client.assistant_threads_setSuggestedPrompts(
            channel_id=channel,
            thread_ts=thread_ts,
            title=wording.TRY_ASKING,
            prompts=prompts(wording.EXAMPLE_QUESTIONS),
        )
    except SlackApiError as error:
        logger.warning("could not set suggested prompts in %s: %s", channel, error)


def prompts(examples: tuple[str, ...]) -> list[dict[str, str]]:
    """Up to four prompts: a short title each, and the full question it sends."""
    titles = wording.EXAMPLE_TITLES
    return [
        {"title": titles[i] if i < len(titles) else question, "message": question}
        for i, question in enumerate(examples[:MAX_PROMPTS])
    ]
