"""Messages: @mentions in channels and group chats, personal chats, files, and the welcome."""

from __future__ import annotations

import asyncio
import logging

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.intent import Intent, intent
from bot.services import EXAMPLE_QUESTIONS, Services
from bot.teams import admin, cards
from bot.teams.citations import answer_activity
from bot.teams.files import sent_files
from bot.teams.markup import question_text
from bot.teams.outreach import NoPersonalChat, Outreach
from bot.teams.replies import (
    PLATFORM,
    apologise_on_error,
    failure_text,
    is_personal,
    message,
    user_of,
    with_card,
)
from bot.wording import SLOW_DOWN

logger = logging.getLogger(__name__)
SENT_PRIVATELY = (
    "I've sent you case-study suggestions in our personal chat, since career plans are personal."
)
SAY_HI = "Open a chat with LeadBot and say hi, then ask again."
START_A_CHAT = (
    "Career plans are personal, so I send case-study suggestions in a personal chat — "
    f"but we don't have one yet. {SAY_HI}"
)


def register(app: AgentApplication[TurnState], services: Services, outreach: Outreach) -> None:
    @app.before_turn
    async def answer_once(context: TurnContext, state: TurnState) -> bool:
        # Teams redelivers an activity it thinks was missed: answer each id once.
        activity_id = context.activity.id
        claim = services.store.claim_event
        if activity_id and not await asyncio.to_thread(claim, f"teams:{activity_id}"):
            logger.info("duplicate Teams activity %s dropped", activity_id)
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
            is_admin = personal and services.admin.is_admin(user_of(activity))
            welcome = cards.welcome_card(EXAMPLE_QUESTIONS, show_admin=is_admin)
            await context.send_activity(with_card(welcome, "What LeadBot can do"))

    @app.message()
    async def on_message(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        user, personal = user_of(activity), is_personal(activity)
        # The SDK has removed the mention of LeadBot; any other mention goes too.
        text = question_text(activity.text or "")
        async with apologise_on_error(context):
            if personal:
                await asyncio.to_thread(outreach.remember, activity)
                if files := sent_files(activity):
                    await admin.receive_files(context, services, user, files, text)
                    return
            if asked := admin.command(text):
                if personal:
                    await admin.run(context, services, user, *asked)
                else:
                    await context.send_activity(message(admin.IN_PERSONAL_CHAT))
                return
            await reply(context, services, outreach, user=user, text=text, personal=personal)


async def reply(
    context: TurnContext,
    services: Services,
    outreach: Outreach,
    *,
    user: str,
    text: str,
    personal: bool,
) -> None:
    """Help, case-study suggestions (in the personal chat when asked elsewhere), or an answer."""
    if not services.limit.allow(user):
        await context.send_activity(message(SLOW_DOWN))
        return
    kind, text = read_command(text)
    if kind == "help":
        await context.send_activity(message(cards.help_text()))
    elif kind == "suggest":
        result = await asyncio.to_thread(services.core.suggest, text)
        suggestions = with_card(cards.suggestions_card(result), "Case studies that fit you")
        if personal:
            await context.send_activity(suggestions)
        else:
            await context.send_activity(message(await _send_privately(outreach, user, suggestions)))
    else:
        # Off the event loop: the model and SQLite block.
        # A personal chat is one conversation; a channel reply chain has its own id.
        conversation = context.activity.conversation.id if context.activity.conversation else None
        answer, answer_id = await asyncio.to_thread(
            services.answer, PLATFORM, user, text, conversation
        )
        await context.send_activity(answer_activity(answer, answer_id))


def read_command(text: str) -> tuple[Intent, str]:
    """What a message asks for, and its text without the app manifest's command word, if any.

    Teams offers "ask", "suggest" and "help" as commands: picking one starts the message with it.
    """
    word, _, rest = text.partition(" ")
    word = word.lower()
    if word == "suggest":
        return "suggest", rest
    if word == "ask":
        return ("ask", rest) if rest else ("help", "")
    return intent(text), text


async def _send_privately(outreach: Outreach, user: str, suggestions: Activity) -> str:
    """Send the suggestions to the person's personal chat; the pointer to reply with in the thread."""
    try:
        await outreach.send(user, suggestions)
    except NoPersonalChat:
        return START_A_CHAT
    except Exception as error:  # e.g. they removed the app: say so, with a logged reference
        return f"{failure_text(error)} {SAY_HI}"
    return SENT_PRIVATELY
