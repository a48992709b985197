"""Rendering LeadBot's replies as Block Kit, and posting them: the one place that calls chat.*."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient

from bot import wording
from bot.logtext import printable
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
from bot.slack import blocks, mrkdwn, views
from bot.slack.failures import Failures
from bot.slack.mrkdwn import Block

logger = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")


def strip_mentions(text: str) -> str:
    """The question without the @LeadBot (or any other) mention."""
    return " ".join(MENTION.sub(" ", text).split())


def render(reply: Reply) -> tuple[list[Block], str]:
    """Blocks and notification text for one reply."""
    if isinstance(reply, AnswerReply):
        shown = blocks.answer_blocks(reply.answer, reply.answer_id, shareable=reply.shareable)
        if reply.shared_by:
            by = wording.shared_by(f"<@{mrkdwn.escape(reply.shared_by)}>")
            shown = [mrkdwn.context(by), *shown]
        return shown, blocks.answer_text(reply.answer)
    if isinstance(reply, SuggestionsReply):
        return blocks.suggestion_blocks(reply.suggestions), wording.CASE_STUDIES
    if isinstance(reply, CaseStudyReply):
        story = reply.story
        shown = blocks.case_study_blocks(story.title, story.url, list(story.sections))
        return shown, mrkdwn.fallback_text(shown)
    if isinstance(reply, BuildReply):
        return views.build_blocks(reply.report, reply.headline), mrkdwn.clip(reply.headline)
    if isinstance(reply, SourcesReply):
        return views.sources_blocks(list(reply.documents), list(reply.skipped)), wording.SOURCES
    if isinstance(reply, GapReply):
        return views.report_blocks(reply.report), wording.GAP_REPORT
    if isinstance(reply, HelpReply):
        return notice(views.help_text())
    if isinstance(reply, Notice):
        return notice(mrkdwn.escape(reply.text))
    if isinstance(reply, ErrorReply):
        return blocks.apology_blocks(reply.reference), blocks.apology_text(reply.reference)
    assert not isinstance(reply, HomeReply), "the home page is a view, not a message"
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


def notice(body: str) -> tuple[list[Block], str]:
    """A short message of mrkdwn that is already escaped."""
    shown = [{"type": "section", "text": {"type": "mrkdwn", "text": body[:3000], "verbatim": True}}]
    return shown, mrkdwn.fallback_text(shown)


def post(
    client: WebClient, channel: str, thread_ts: str | None, blocks: list[Block], text: str
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


def send(
    client: WebClient,
    replies: Iterable[Reply],
    *,
    user: str,
    channel: str,
    thread_ts: str | None,
    failures: Failures,
) -> None:
    """Post each reply where the message was; private suggestions go by DM, with a pointer."""
    with apologise_on_error(client, channel, thread_ts, failures):
        deliver(client, replies, user=user, channel=channel, thread_ts=thread_ts)


def deliver(
    client: WebClient, replies: Iterable[Reply], *, user: str, channel: str, thread_ts: str | None
) -> None:
    """send() without the apology: a failure to post is raised to the caller."""
    for reply in replies:
        if isinstance(reply, SuggestionsReply) and reply.private:
            dm = client.conversations_open(users=user)["channel"]["id"]
            post(client, dm, None, *render(reply))
            # Only now: "sent by direct message" must never point at a message that is not there.
            post(client, channel, thread_ts, *render(Notice(wording.SENT_BY_DM)))
        else:
            post(client, channel, thread_ts, *render(reply))


@contextmanager
def apologise_on_error(
    client: WebClient, channel: str, thread_ts: str | None, failures: Failures
) -> Iterator[None]:
    """A failure talking to Slack (after the client's retries) still ends in an apology with a
    logged reference, if it can, and is kept for the admin Home tab."""
    try:
        yield
    except Exception as error:
        reference = secrets.token_hex(4)
        logger.exception("failed while replying in %s; reference %s", printable(channel), reference)
        failures.note(channel, error, reference)
        try:
            post(client, channel, thread_ts, *render(ErrorReply(reference)))
        except Exception:
            logger.exception("could not post the apology for reference %s", reference)
