"""Messages: @mentions in channels and group chats, personal chats, files, and the welcome."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot import wording
from bot.config import Settings
from bot.conversation import Conversation
from bot.replies import AnswerReply, Reply, SuggestionsReply
from bot.teams.citations import rated
from bot.teams.files import download, sent_files
from bot.teams.markup import question_text
from bot.teams.outreach import NoPersonalChat, Outreach
from bot.teams.replies import (
    PLATFORM,
    apologise_on_error,
    each,
    failure_text,
    is_personal,
    message,
    message_key,
    render,
    user_of,
    where,
)
from bot.turn import Turn, Upload

logger = logging.getLogger(__name__)


def register(
    app: AgentApplication[TurnState],
    conversation: Conversation,
    outreach: Outreach,
    settings: Settings,
) -> None:
    @app.before_turn
    async def answer_once(context: TurnContext, state: TurnState) -> bool:
        # Teams redelivers an activity it thinks was missed: answer each one once. An activity
        # id is unique only within its conversation, so the key holds both.
        activity = context.activity
        chat = activity.conversation.id if activity.conversation else ""
        claim = conversation.first_delivery
        if activity.id and not await asyncio.to_thread(claim, f"teams:{chat}:{activity.id}"):
            logger.info("duplicate Teams activity %r dropped", activity.id[:80])
            return False
        return True

    @app.conversation_update("membersAdded")
    async def on_added(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        bot = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot for member in activity.members_added or []):
            return  # someone else joined a team LeadBot is in
        async with apologise_on_error(context):
            personal = is_personal(activity)
            if personal:
                await asyncio.to_thread(outreach.remember, activity)
            home = await asyncio.to_thread(conversation.home, user_of(activity), personal)
            await context.send_activity(render(home))

    @app.message()
    async def on_message(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        user, personal = user_of(activity), is_personal(activity)
        async with apologise_on_error(context):
            if personal:
                await asyncio.to_thread(outreach.remember, activity)
            # Teams delivers files only in a personal chat.
            files = [Upload(f.name or "unnamed file", partial(download, settings, f))
                     for f in sent_files(activity)] if personal else []  # fmt: skip
            turn = Turn(
                PLATFORM,
                user,
                where(activity),
                # The SDK has removed the mention of LeadBot; any other mention goes too.
                question_text(activity.text or ""),
                # A personal chat is one conversation; a channel reply chain has its own id.
                conversation=activity.conversation.id if activity.conversation else None,
                files=tuple(files),
            )
            async for reply in each(conversation.handle(turn)):
                if isinstance(reply, SuggestionsReply) and reply.private:
                    pointer = await _send_privately(outreach, user, render(reply))
                    await context.send_activity(message(pointer))
                else:
                    await _send(context, conversation, reply)


async def _send(context: TurnContext, conversation: Conversation, reply: Reply) -> None:
    """Send one reply; for a rated answer, note which answer the sent message shows, since
    Teams' 👍/👎 on it name only the message."""
    sent = await context.send_activity(render(reply))
    # No id comes back when replies are returned in the HTTP response (expectReplies): nothing
    # can click on those later.
    if isinstance(reply, AnswerReply) and rated(reply.answer, reply.answer_id) and sent.id:
        key = message_key(context.activity, sent.id)
        await asyncio.to_thread(conversation.sent, PLATFORM, key, str(reply.answer_id))


async def _send_privately(outreach: Outreach, user: str, suggestions: Activity) -> str:
    """Send the suggestions to the person's personal chat; the pointer to reply with in the thread."""
    try:
        await outreach.send(user, suggestions)
    except NoPersonalChat:
        return wording.START_A_CHAT
    except Exception as error:  # e.g. they removed the app: say so, with a logged reference
        return f"{failure_text(error)} {wording.SAY_HI}"
    return wording.SENT_PRIVATELY
