"""Messages: @mentions in channels, follow-ups in threads, DMs and files sent by DM, as Turns."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot import wording
from bot.config import Settings
from bot.conversation import Conversation
from bot.slack.failures import Failures
from bot.slack.files import download
from bot.slack.replies import send, strip_mentions
from bot.slack.status import Status
from bot.slack.worker import Worker
from bot.turn import Turn, Upload

logger = logging.getLogger(__name__)
PLATFORM = "slack"
IGNORED_SUBTYPES = {
    "message_changed",
    "message_deleted",
    "bot_message",
    "channel_join",
    "channel_leave",
}


def register(
    app: App,
    conversation: Conversation,
    settings: Settings,
    status: Status,
    worker: Worker,
    failures: Failures,
) -> None:
    def answer(client: WebClient, turn: Turn, channel: str, reply_in: str | None, ts: str) -> None:
        """Send the turn's replies, with "is looking through…" under the thread meanwhile; admin
        work (an upload) waits its turn on the worker, not on a listener thread."""
        if not conversation.replies_to(turn):
            return

        def reply() -> None:
            text = wording.SLACK_STATUS_FILE if turn.files else wording.SLACK_STATUS
            with status.showing(text, channel, reply_in or ts):
                send(
                    client,
                    conversation.handle(turn),
                    user=turn.user,
                    channel=channel,
                    thread_ts=reply_in,
                    failures=failures,
                )

        if conversation.is_admin_work(turn):
            worker.submit(reply)
        else:
            reply()

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
        turn = Turn(
            PLATFORM,
            event["user"],
            "thread",
            strip_mentions(event.get("text", "")),
            conversation=f"{channel}:{thread}",
        )
        answer(client, turn, channel, thread, event["ts"])

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype in IGNORED_SUBTYPES or "user" not in event:
            return
        user, channel, thread = event["user"], event["channel"], event.get("thread_ts")
        text = event.get("text", "")
        if event.get("channel_type") == "im":
            shared = event.get("files", []) if subtype == "file_share" else []
            files = tuple(_upload(settings, file) for file in shared)
            key = f"{channel}:{thread}" if thread else channel  # the agent view uses DM threads
            turn = Turn(PLATFORM, user, "dm", text, conversation=key, files=files)
            reply_in = None if files else thread
        else:
            # A mention of the bot arrives as app_mention too, so it is answered there, once.
            if not thread or f"<@{context.get('bot_user_id')}>" in text:
                return
            turn = Turn(PLATFORM, user, "thread", text, f"{channel}:{thread}", addressed=False)
            reply_in = thread
        answer(client, turn, channel, reply_in, event["ts"])


def _upload(settings: Settings, file: dict[str, Any]) -> Upload:
    return Upload(file.get("name") or "unnamed file", lambda: download(settings, file))
