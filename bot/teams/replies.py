"""Replying in Teams: who asked and where, each reply rendered as an Activity, and the apology."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import TurnContext

from bot import plaintext, wording
from bot.replies import (
    AnswerReply,
    BuildReply,
    CaseStudyReply,
    ErrorReply,
    GapReply,
    HelpReply,
    HomeReply,
    Notice,
    Reply,
    SourcesReply,
    SuggestionsReply,
)
from bot.teams import cards
from bot.teams.citations import answer_activity
from bot.teams.markup import escape
from bot.turn import Where

logger = logging.getLogger(__name__)
PLATFORM = "teams"


def user_of(activity: Activity) -> str:
    """The person's AAD object id (what LEADBOT_ADMINS lists), else their Teams user id."""
    person = activity.from_property
    if person is None:
        return ""
    return person.aad_object_id or person.id or ""


def is_personal(activity: Activity) -> bool:
    """A one-to-one chat with LeadBot (Teams says "personal"; test tools may say nothing)."""
    return where(activity) == "personal"


def where(activity: Activity) -> Where:
    kind = activity.conversation.conversation_type if activity.conversation else None
    if kind in (None, "personal"):
        return "personal"
    return "group" if kind == "groupChat" else "channel"


def message_key(activity: Activity, message_id: str) -> str:
    """A message's id within its chat or channel (Teams' ids are unique only there); a channel
    reply chain's ";messageid=" suffix is left out, so LeadBot's reply and a click on it agree."""
    chat = activity.conversation.id if activity.conversation else ""
    return f"{chat.partition(';messageid=')[0]}/{message_id}"


def render(reply: Reply) -> Activity:
    """One reply as a Teams message."""
    if isinstance(reply, AnswerReply):
        return answer_activity(reply.answer, reply.answer_id)
    if isinstance(reply, SuggestionsReply):
        return with_card(cards.suggestions_card(reply.suggestions), wording.CASE_STUDIES)
    if isinstance(reply, CaseStudyReply):
        return with_card(cards.case_study_card(reply.story), reply.story.title)
    if isinstance(reply, BuildReply):
        return lines([reply.headline, *plaintext.build_text(reply.report).splitlines()])
    if isinstance(reply, SourcesReply):
        return lines(plaintext.sources_lines(reply.documents, reply.skipped, reply.status))
    if isinstance(reply, GapReply):
        return lines(plaintext.report_lines(reply.report))
    if isinstance(reply, HelpReply):
        return message(cards.help_text())
    if isinstance(reply, HomeReply):
        welcome = cards.welcome_card(reply.examples, show_admin=reply.is_admin)
        return with_card(welcome, wording.WELCOME)
    if isinstance(reply, Notice):
        return message(reply.text)
    if isinstance(reply, ErrorReply):
        return message(wording.apology(reply.reference))
    raise TypeError(f"no Teams rendering for {type(reply).__name__}")


def message(text: str) -> Activity:
    """A text message; `text` is escaped, so nothing in it can mention, link or format."""
    return Activity(type=ActivityTypes.message, text=escape(text), text_format="markdown")


def lines(parts: list[str]) -> Activity:
    """Several escaped lines as one message (Teams markdown needs a blank line to break).

    Each line is its own paragraph, so its indent says nothing; left in, four spaces would
    make the gap report's "    ↳ reason" lines a code block.
    """
    return Activity(
        type=ActivityTypes.message,
        text="\n\n".join(escape(part.strip()) for part in parts if part.strip()),
        text_format="markdown",
    )


def with_card(card: Attachment, summary: str = "") -> Activity:
    activity = Activity(type=ActivityTypes.message, attachments=[card])
    if summary:
        activity.summary = summary  # what notifications and the chat list show
    return activity


async def each(replies: Iterator[Reply]) -> AsyncIterator[Reply]:
    """The core's replies, each worked out off the event loop (the model and SQLite block)."""
    while (reply := await asyncio.to_thread(next, replies, None)) is not None:
        yield reply


def failure_text(error: Exception) -> str:
    """An apology for an unexpected failure here, logged with its reference."""
    reference = secrets.token_hex(4)
    logger.error("failed while replying in Teams; reference %s", reference, exc_info=error)
    return wording.apology(reference)


@asynccontextmanager
async def apologise_on_error(context: TurnContext) -> AsyncIterator[None]:
    """Any failure ends in a short reply with a reference that is also in the log: never silence."""
    try:
        yield
    except Exception as error:
        text = failure_text(error)
        try:
            await context.send_activity(message(text))
        except Exception:
            logger.exception("could not send the apology: %s", text)
