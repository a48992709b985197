"""Buttons: sharing an ephemeral answer, and "Tell me more" on a case study (👍/👎: feedback.py)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.conversation import Conversation
from bot.replies import AnswerReply, Reply
from bot.slack.failures import Failures
from bot.slack.replies import render, send

logger = logging.getLogger(__name__)


def register(app: App, conversation: Conversation, failures: Failures) -> None:
    @app.action("share_answer")
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        replies = conversation.share(user, action["value"])
        shared = [reply for reply in replies if isinstance(reply, AnswerReply)]
        send(client, shared, user=user, channel=channel, thread_ts=None, failures=failures)
        tell(client, [reply for reply in replies if reply not in shared], user, channel)

    @app.action(re.compile(r"^tell_me_more_\d+$"))
    def on_tell_me_more(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        replies = conversation.case_study(action["value"])
        send(client, replies, user=user, channel=channel, thread_ts=None, failures=failures)


def tell(client: WebClient, replies: list[Reply], user: str, channel: str) -> None:
    """Replies only the person who clicked sees (thanks, an expired answer)."""
    for reply in replies:
        blocks, text = render(reply)
        client.chat_postEphemeral(channel=channel, user=user, blocks=blocks, text=text)
