"""Card buttons: 👍/👎 feedback (Action.Execute, or Action.Submit) and "Tell me more"."""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import AdaptiveCardInvokeResponse
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot import wording
from bot.conversation import Conversation
from bot.replies import Notice, Reply
from bot.teams import cards
from bot.teams.replies import apologise_on_error, failure_text, render, user_of

logger = logging.getLogger(__name__)
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def register(app: AgentApplication[TurnState], conversation: Conversation) -> None:
    @app.adaptive_card.action_execute(cards.FEEDBACK)
    async def on_feedback(
        context: TurnContext, state: TurnState, data: Any
    ) -> AdaptiveCardInvokeResponse:
        # Only the person who clicked sees the reply: no "thanks" posted in the thread.
        try:
            replies = await asyncio.to_thread(
                feedback, conversation, user_of(context.activity), data
            )
            text = " ".join(render(reply).text or "" for reply in replies)
        except Exception as error:
            text = failure_text(error)
        return AdaptiveCardInvokeResponse(
            status_code=HTTPStatus.OK, type=MESSAGE_RESPONSE, value=text
        )

    @app.adaptive_card.action_submit(cards.FEEDBACK, submit_filter="action")
    async def on_feedback_submit(context: TurnContext, state: TurnState, data: Any) -> None:
        async with apologise_on_error(context):
            user = user_of(context.activity)
            for reply in await asyncio.to_thread(feedback, conversation, user, data):
                await context.send_activity(render(reply))

    @app.adaptive_card.action_submit(cards.TELL_ME_MORE, submit_filter="action")
    async def on_tell_me_more(context: TurnContext, state: TurnState, data: Any) -> None:
        async with apologise_on_error(context):
            document = str(data.get("document") or "") if isinstance(data, dict) else ""
            for reply in await asyncio.to_thread(conversation.case_study, document):
                await context.send_activity(render(reply))


def feedback(conversation: Conversation, user: str, data: Any) -> list[Reply]:
    """Record one 👍 (+1) or 👎 (-1) from a card's data; what to tell the person."""
    answer_id = data.get("answer_id") if isinstance(data, dict) else None
    vote = data.get("vote") if isinstance(data, dict) else None
    if not isinstance(answer_id, str) or vote not in (1, -1, "1", "-1"):
        return [Notice(wording.UNREADABLE_FEEDBACK)]
    return conversation.feedback(user, answer_id, int(vote))
