"""Posting LeadBot's replies: answers, suggestions, apologies — the one place that calls chat.*."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient

from bot.intent import intent
from bot.services import Services
from bot.slack import blocks, mrkdwn, views
from bot.wording import SLOW_DOWN, cannot_now
from index.errors import LeadbotError

logger = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")
SENT_BY_DM = (
    "I've sent you case-study suggestions by direct message, since career plans are personal."
)


def strip_mentions(text: str) -> str:
    """The question without the @LeadBot (or any other) mention."""
    return " ".join(MENTION.sub(" ", text).split())


def post(
    client: WebClient, channel: str, thread_ts: str | None, blocks: list[dict], text: str
) -> None:
    # No link_names and no unfurling: retrieved text must never ping or preview anything.
    client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts,
        blocks=blocks,
        text=text,
        unfurl_links=False,
        unfurl_media=False,
    )


def say_text(
    client: WebClient, channel: str, thread_ts: str | None, text: str, *, escaped: bool = False
) -> None:
    """A short message for notices and refusals; `escaped` for mrkdwn LeadBot wrote itself."""
    body = text if escaped else mrkdwn.escape(text)
    notice = [
        {"type": "section", "text": {"type": "mrkdwn", "text": body[:3000], "verbatim": True}}
    ]
    post(client, channel, thread_ts, notice, mrkdwn.fallback_text(notice))


@contextmanager
def apologise_on_error(client: WebClient, channel: str, thread_ts: str | None) -> Iterator[None]:
    """Any failure ends in a short apology with a reference that is also in the log: never silence."""
    try:
        yield
    except LeadbotError as error:  # expected conditions (no index yet, build running): say what
        logger.warning("could not answer: %s", error)
        say_text(client, channel, thread_ts, cannot_now(error))
    except Exception:
        reference = secrets.token_hex(4)
        logger.exception("failed while answering; reference %s", reference)
        try:
            post(
                client,
                channel,
                thread_ts,
                blocks.apology_blocks(reference),
                blocks.apology_text(reference),
            )
        except Exception:
            logger.exception("could not post the apology for reference %s", reference)


def reply(
    services: Services,
    client: WebClient,
    *,
    user: str,
    channel: str,
    thread_ts: str | None,
    text: str,
    in_channel: bool,
) -> None:
    """Answer a message: help, case-study suggestions (by DM when asked in a channel), or an answer."""
    with apologise_on_error(client, channel, thread_ts):
        if not services.limit.allow(user):
            say_text(client, channel, thread_ts, SLOW_DOWN)
            return
        kind = intent(text)
        if kind == "help":
            say_text(client, channel, thread_ts, views.help_text(), escaped=True)
        elif kind == "suggest":
            result = services.core.suggest(text)
            suggestions, fallback = blocks.suggestion_blocks(result), "Case studies that fit you"
            if in_channel:
                say_text(client, channel, thread_ts, SENT_BY_DM)
                dm = client.conversations_open(users=user)["channel"]["id"]
                post(client, dm, None, suggestions, fallback)
            else:
                post(client, channel, thread_ts, suggestions, fallback)
        else:
            conversation = f"{channel}:{thread_ts}" if thread_ts else channel
            answer, answer_id = services.answer("slack", user, text, conversation)
            post(
                client,
                channel,
                thread_ts,
                blocks.answer_blocks(answer, answer_id),
                blocks.answer_text(answer),
            )


def ephemeral_answer(services: Services, user: str, question: str) -> dict[str, Any]:
    """The `/leadbot ask` reply: only the asker sees it, with a button to share it in the channel."""
    answer, answer_id = services.answer("slack", user, question)
    return {
        "blocks": blocks.answer_blocks(answer, answer_id, shareable=answer.answered),
        "text": blocks.answer_text(answer),
        "response_type": "ephemeral",
    }
