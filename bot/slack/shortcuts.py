"""The message shortcut "Ask LeadBot about this message": the message's text as a question,
answered in that message's thread.

In the thread, because that is what mentioning LeadBot there would do: the people reading the
message see the cited answer beside it, and can ask follow-ups in the same thread. Where LeadBot
cannot post (a conversation it is not in, such as a private channel or someone else's DM), only
the person who asked sees the answer.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import wording
from bot.conversation import Conversation
from bot.slack.failures import Failures
from bot.slack.replies import apologise_on_error, deliver, render, strip_mentions
from bot.slack.status import Status
from bot.turn import Turn

logger = logging.getLogger(__name__)
ASK_ABOUT_MESSAGE = "ask_about_message"  # the shortcut's callback_id in both manifests
NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived"}  # Slack's words for "can't post"


def register(app: App, conversation: Conversation, status: Status, failures: Failures) -> None:
    @app.shortcut(ASK_ABOUT_MESSAGE)
    def on_ask_about_message(
        ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        message, channel = shortcut.get("message") or {}, shortcut["channel"]["id"]
        thread = message.get("thread_ts") or message.get("ts") or shortcut["message_ts"]
        text = strip_mentions(message.get("text", ""))
        turn = Turn("slack", shortcut["user"]["id"], "thread", text, f"{channel}:{thread}")
        with apologise_on_error(client, channel, thread, failures):
            with status.showing(wording.SLACK_STATUS, channel, thread):
                replies = list(conversation.handle(turn))
            try:
                deliver(client, replies, user=turn.user, channel=channel, thread_ts=thread)
            except SlackApiError as error:
                if error.response.get("error") not in NOT_THERE:
                    raise
                logger.info("cannot post in %s, so the answer goes to its asker only", channel)
                for reply in replies:
                    blocks, fallback = render(reply)
                    respond(
                        blocks=blocks,
                        text=fallback,
                        response_type="ephemeral",
                        replace_original=False,
                    )
