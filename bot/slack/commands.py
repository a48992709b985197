"""`/leadbot <anything>`: an explicit command whose replies only the person who typed it sees."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.conversation import Conversation
from bot.slack.failures import Failures
from bot.slack.replies import render
from bot.slack.worker import Worker
from bot.turn import Turn, Where

logger = logging.getLogger(__name__)


def register(app: App, conversation: Conversation, worker: Worker, failures: Failures) -> None:
    @app.command("/leadbot")
    def on_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()  # within Slack's 3 seconds; the work happens after, replies go to response_url
        where: Where = "dm" if command.get("channel_name") == "directmessage" else "channel"
        turn = Turn("slack", command["user_id"], where, command.get("text", ""), command=True)

        def reply() -> None:
            try:
                for reply in conversation.handle(turn):
                    blocks, text = render(reply)
                    respond(blocks=blocks, text=text, response_type="ephemeral")
            except Exception as error:  # the response_url refused or timed out
                reference = secrets.token_hex(4)
                logger.exception("could not answer a /leadbot command; reference %s", reference)
                failures.note(str(command.get("channel_id") or "?"), error, reference)

        if conversation.is_admin_work(turn):
            worker.submit(reply)  # a reindex or removal: one at a time, off the listener threads
        else:
            reply()
