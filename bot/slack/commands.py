"""`/leadbot <anything>`: an explicit command whose replies only the person who typed it sees."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.conversation import Conversation
from bot.slack.replies import render
from bot.turn import Turn, Where

logger = logging.getLogger(__name__)


def register(app: App, conversation: Conversation) -> None:
    @app.command("/leadbot")
    def on_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()  # within Slack's 3 seconds; the work happens after, replies go to response_url
        where: Where = "dm" if command.get("channel_name") == "directmessage" else "channel"
        turn = Turn("slack", command["user_id"], where, command.get("text", ""), command=True)
        for reply in conversation.handle(turn):
            blocks, text = render(reply)
            respond(blocks=blocks, text=text, response_type="ephemeral")
