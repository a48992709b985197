"""Teams' own 👍/👎 under an answer (the message/submitAction invoke), card buttons ("Tell me
more"), and the card 👍/👎 that answers sent before the feedback loop still carry."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    InvokeResponse,
)
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot import wording
from bot.conversation import Conversation
from bot.replies import ErrorReply, Notice, Reply
from bot.teams import cards
from bot.teams.replies import (
    PLATFORM,
    apologise_on_error,
    failure_text,
    message_key,
    render,
    user_of,
)

logger = logging.getLogger(__name__)
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
SUBMIT_ACTION = "message/submitAction"  # Teams' 👍/👎 and its "what did you like?" form
VOTES = {"like": 1, "dislike": -1}


def register(app: AgentApplication[TurnState], conversation: Conversation) -> None:
    @app.invoke(SUBMIT_ACTION)
    async def on_feedback_loop(context: TurnContext, state: TurnState) -> None:
        # Teams confirms to the person itself and wants an empty 200 back: no message is sent.
        activity = context.activity
        vote, reason = read_feedback(activity.value)
        status = HTTPStatus.OK
        if vote is None or not activity.reply_to_id:
            logger.warning("unreadable Teams feedback: %r", activity.value)
        else:
            key = message_key(activity, activity.reply_to_id)
            record = conversation.feedback_on
            replies = await asyncio.to_thread(
                record, PLATFORM, key, user_of(activity), vote, reason
            )
            if any(isinstance(reply, ErrorReply) for reply in replies):
                status = HTTPStatus.INTERNAL_SERVER_ERROR  # logged with its reference
            elif Notice(wording.TOO_OLD_TO_RATE) in replies:
                logger.info("Teams feedback on a message with no logged answer")
        response = InvokeResponse(status=int(status), body={})
        await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))

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


def read_feedback(value: Any) -> tuple[int | None, str | None]:
    """The vote (+1 like, -1 dislike) and, with a dislike, what was wrong, from the invoke's
    value: {"actionName": "feedback", "actionValue": {"reaction": "like" | "dislike",
    "feedback": <Teams' form as JSON text, {"feedbackText": "..."}>}}; plain text or an object
    in "feedback" is read too."""
    if not isinstance(value, dict) or value.get("actionName") != "feedback":
        return None, None
    action = value.get("actionValue")
    action = action if isinstance(action, dict) else {}
    vote = VOTES.get(str(action.get("reaction")))
    said = action.get("feedback")
    if isinstance(said, str):
        with contextlib.suppress(ValueError):  # else plain text
            said = json.loads(said)
    if isinstance(said, dict):
        said = said.get("feedbackText")
    text = said.strip() if isinstance(said, str) else ""
    # What someone liked is not what was wrong: only a 👎 keeps its words for the gap report.
    return vote, (text or None) if vote == -1 else None


def feedback(conversation: Conversation, user: str, data: Any) -> list[Reply]:
    """Record one 👍 (+1) or 👎 (-1) from an old card's data; what to tell the person."""
    answer_id = data.get("answer_id") if isinstance(data, dict) else None
    vote = data.get("vote") if isinstance(data, dict) else None
    if not isinstance(answer_id, str) or vote not in (1, -1, "1", "-1"):
        return [Notice(wording.UNREADABLE_FEEDBACK)]
    return conversation.feedback(user, answer_id, int(vote))
