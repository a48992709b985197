"""Buttons: 👍/👎 feedback, sharing an ephemeral answer, and "Tell me more" on a case study."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import Services
from bot.slack import blocks, mrkdwn
from bot.slack.replies import apologise_on_error, post, say_text
from bot.suggest import case_study
from bot.wording import THANKS, TOO_OLD_TO_RATE

logger = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.action(re.compile(r"^feedback_(up|down)$"))
    def on_feedback(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        vote = 1 if action["action_id"] == "feedback_up" else -1
        known = services.store.record_feedback(action["value"], user=user, vote=vote)
        text = THANKS if known else TOO_OLD_TO_RATE
        client.chat_postEphemeral(channel=channel, user=user, text=text)

    @app.action("share_answer")
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        with apologise_on_error(client, channel, None):
            question = services.store.question_of(action["value"])
            if question is None:
                client.chat_postEphemeral(
                    channel=channel,
                    user=user,
                    text="That answer has expired; ask again to share it.",
                )
                return
            answer, answer_id = services.answer("slack", user, question)
            shared_by = [
                {
                    "type": "context",
                    "elements": [{"type": "mrkdwn", "text": f"Shared by <@{user}>"}],
                }
            ]
            post(
                client,
                channel,
                None,
                shared_by + blocks.answer_blocks(answer, answer_id),
                blocks.answer_text(answer),
            )

    @app.action(re.compile(r"^tell_me_more_\d+$"))
    def on_tell_me_more(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        channel = body["channel"]["id"]
        with apologise_on_error(client, channel, None):
            story = case_study(services.core.version(), action["value"])
            if story is None:
                say_text(client, channel, None, "That case study is no longer in the content.")
                return
            story_blocks = blocks.case_study_blocks(story.title, story.url, list(story.sections))
            post(client, channel, None, story_blocks, mrkdwn.fallback_text(story_blocks))
