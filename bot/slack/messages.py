"""Messages: @mentions in channels, follow-ups in the bot's threads, DMs, and files sent by DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.admin import NotAllowed, UploadRejected
from bot.services import Services
from bot.slack import views
from bot.slack.files import download
from bot.slack.replies import apologise_on_error, reply, say_text, strip_mentions

logger = logging.getLogger(__name__)
IGNORED_SUBTYPES = {
    "message_changed",
    "message_deleted",
    "bot_message",
    "channel_join",
    "channel_leave",
}


def register(app: App, services: Services) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
        services.store.remember_thread("slack", channel, thread)
        text = strip_mentions(event.get("text", ""))
        reply(
            services,
            client,
            user=event["user"],
            channel=channel,
            thread_ts=thread,
            text=text,
            in_channel=True,
        )

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype in IGNORED_SUBTYPES or "user" not in event:
            return
        user, channel = event["user"], event["channel"]
        if event.get("channel_type") == "im":
            if subtype == "file_share":
                receive_files(services, client, event)
            else:
                reply(
                    services,
                    client,
                    user=user,
                    channel=channel,
                    thread_ts=event.get("thread_ts"),  # the agent view talks in DM threads
                    text=event.get("text", ""),
                    in_channel=False,
                )
            return
        # In channels only follow-ups in a thread LeadBot is already in; a mention of the bot
        # arrives as app_mention too, so it is answered there, once.
        thread = event.get("thread_ts")
        mentioned = f"<@{context.get('bot_user_id')}>" in event.get("text", "")
        if thread and not mentioned and services.store.in_thread("slack", channel, thread):
            reply(
                services,
                client,
                user=user,
                channel=channel,
                thread_ts=thread,
                text=event.get("text", ""),
                in_channel=True,
            )


def receive_files(services: Services, client: WebClient, event: dict[str, Any]) -> None:
    """An admin's file sent by DM: validated, saved into the content folder only if good, indexed."""
    user, channel = event["user"], event["channel"]
    with apologise_on_error(client, channel, None):
        try:
            services.admin.check("slack", user, "add or replace content")
        except NotAllowed as refusal:
            say_text(client, channel, None, str(refusal))
            return
        for file in event.get("files", []):
            name = file.get("name") or "unnamed file"
            try:
                data = download(services.settings, file)
                message, report = services.admin.accept_upload(
                    name, data, folder=_folder(event.get("text", ""))
                )
            except UploadRejected as rejection:
                say_text(client, channel, None, f"I didn't add {name}: {rejection}")
                continue
            client.chat_postMessage(
                channel=channel,
                blocks=views.build_blocks(report, message),
                text=message,
                unfurl_links=False,
            )


def _folder(text: str) -> str | None:
    """'case study' in the message puts the file under case-studies/, where case studies live."""
    return "case-studies" if "case stud" in text.lower() or "case-studies" in text.lower() else None
