"""Replying in Teams: who asked and where, escaped text messages, and the apology on failure."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import TurnContext

from bot.teams.markup import escape
from bot.wording import BUILD_RUNNING, apology, cannot_now
from index.errors import BuildInProgress, LeadbotError

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
    kind = activity.conversation.conversation_type if activity.conversation else None
    return kind in (None, "personal")


def message(text: str) -> Activity:
    """A text message; `text` is escaped, so nothing in it can mention, link or format."""
    return Activity(type=ActivityTypes.message, text=escape(text), text_format="markdown")


def lines(parts: list[str]) -> Activity:
    """Several escaped lines as one message (Teams markdown needs a blank line to break)."""
    return Activity(
        type=ActivityTypes.message,
        text="\n\n".join(escape(part) for part in parts if part.strip()),
        text_format="markdown",
    )


def with_card(card: Attachment, summary: str = "") -> Activity:
    activity = Activity(type=ActivityTypes.message, attachments=[card])
    if summary:
        activity.summary = summary  # what notifications and the chat list show
    return activity


def apology_text(reference: str) -> str:
    """Short, never silent: what happened and the reference an admin can look up."""
    return apology(reference)


def failure_text(error: Exception) -> str:
    """What to tell someone about a failure; unexpected ones are logged with a reference."""
    if isinstance(error, BuildInProgress):
        return BUILD_RUNNING
    if isinstance(error, LeadbotError):  # expected conditions (no index yet): say what
        logger.warning("could not answer: %s", error)
        return cannot_now(error)
    reference = secrets.token_hex(4)
    logger.exception("failed while answering in Teams; reference %s", reference, exc_info=error)
    return apology_text(reference)


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
