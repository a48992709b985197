"""Card buttons: 👍/👎 feedback (Action.Execute, or Action.Submit) and "Tell me more"."""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import AdaptiveCardInvokeResponse
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.services import Services
from bot.suggest import case_study
from bot.teams import cards
from bot.teams.replies import apologise_on_error, failure_text, message, user_of, with_card
from bot.wording import THANKS, TOO_OLD_TO_RATE

logger = logging.getLogger(__name__)
UNREADABLE = "Sorry — I couldn't read that feedback."
GONE = "That case study is no longer in the content."
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def register(app: AgentApplication[TurnState], services: Services) -> None:
    @app.adaptive_card.action_execute(cards.FEEDBACK)
    async def on_feedback(
        context: TurnContext, state: TurnState, data: Any
    ) -> AdaptiveCardInvokeResponse:
        # Only the person who clicked sees the reply: no "thanks" posted in the thread.
        try:
            text = await asyncio.to_thread(feedback, services, user_of(context.activity), data)
        except Exception as error:
            text = failure_text(error)
        return AdaptiveCardInvokeResponse(
            status_code=HTTPStatus.OK, type=MESSAGE_RESPONSE, value=text
        )

    @app.adaptive_card.action_submit(cards.FEEDBACK, submit_filter="action")
    async def on_feedback_submit(context: TurnContext, state: TurnState, data: Any) -> None:
        async with apologise_on_error(context):
            text = await asyncio.to_thread(feedback, services, user_of(context.activity), data)
            await context.send_activity(message(text))

    @app.adaptive_card.action_submit(cards.TELL_ME_MORE, submit_filter="action")
    async def on_tell_me_more(context: TurnContext, state: TurnState, data: Any) -> None:
        async with apologise_on_error(context):
            document = str(data.get("document") or "") if isinstance(data, dict) else ""
            version = await asyncio.to_thread(services.core.version)
            story = await asyncio.to_thread(case_study, version, document)
            if story is None:
                await context.send_activity(message(GONE))
                return
            await context.send_activity(with_card(cards.case_study_card(story), story.title))


def feedback(services: Services, user: str, data: Any) -> str:
    """Record one 👍 (+1) or 👎 (-1) on a logged answer; what to tell the person."""
    answer_id = data.get("answer_id") if isinstance(data, dict) else None
    vote = data.get("vote") if isinstance(data, dict) else None
    if not isinstance(answer_id, str) or vote not in (1, -1, "1", "-1"):
        return UNREADABLE
    known = services.store.record_feedback(answer_id, user=user, vote=int(vote))
    return THANKS if known else TOO_OLD_TO_RATE
