"""Proactive personal messages: remember each person's personal chat, and write to it later.

Teams lets a bot message someone only in a conversation that already exists, so every
personal-chat activity refreshes that person's conversation reference (keyed by their AAD
object id, pseudonymised in the store), cut down to what posting there needs (see kept()).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core import (
    ChannelServiceAdapter,
    ClaimsIdentity,
    OutboundHostValidator,
    TurnContext,
)

from bot.conversation import Conversation
from bot.teams.replies import PLATFORM, is_personal, user_of

logger = logging.getLogger(__name__)


class NoPersonalChat(Exception):
    """LeadBot has no personal chat with this person yet, or may not use the one it knew."""


def kept(activity: Activity) -> dict[str, Any] | None:
    """What is stored to write into a personal chat later, and nothing more: where to post (the
    Bot Connector's service URL and channel), the chat's id and LeadBot's own id. The person's
    AAD object id, Teams id, name, locale and tenant are left out: posting into an existing
    conversation needs none of them (the store's key is the AAD object id, pseudonymised)."""
    chat, bot = activity.conversation, activity.recipient
    if chat is None or bot is None or not activity.service_url:
        return None
    return {
        "channelId": str(activity.channel_id),
        "serviceUrl": str(activity.service_url),
        "conversation": {"id": chat.id, "conversationType": "personal"},
        "bot": {"id": bot.id},
    }


class Outreach:
    """Save references from personal chats; send into them through the Bot Connector."""

    def __init__(
        self,
        conversation: Conversation,
        adapter: ChannelServiceAdapter,
        validator: OutboundHostValidator,
        app_id: str | None,
    ) -> None:
        """Args:
        app_id: the bot's client id; None in anonymous development mode (no token is sent).
        """
        self.conversation = conversation
        self.adapter = adapter
        self.validator = validator
        self.app_id = app_id

    def remember(self, activity: Activity) -> None:
        """Keep the reference of a personal chat, so LeadBot can write there later."""
        user = user_of(activity)
        reference = kept(activity)
        if user and is_personal(activity) and reference is not None:
            self.conversation.remember_private_chat(PLATFORM, user, reference)

    async def send(self, user: str, activity: Activity) -> None:
        """Post `activity` into the person's personal chat; NoPersonalChat if there is none."""
        stored = await asyncio.to_thread(self.conversation.private_chat, PLATFORM, user)
        if stored is None:
            raise NoPersonalChat(user)
        reference = ConversationReference.model_validate(stored)
        if not reference.service_url or not self.validator.is_allowed(reference.service_url):
            # Saved before a configuration change; sending there now would bypass the validator.
            logger.warning("stored Teams reference points at a service URL no longer allowed")
            raise NoPersonalChat(user)

        async def deliver(context: TurnContext) -> None:
            await context.send_activity(activity)

        continuation = reference.get_continuation_activity()
        continuation.id = None  # else the message would be sent as a reply to this made-up id
        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, deliver)
        else:  # anonymous development mode: an anonymous identity sends without a token
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(), continuation, deliver
            )
