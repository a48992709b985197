"""An answer as a Teams message: escaped text with [n] markers, citation entities and a card."""

from __future__ import annotations

import re

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.activity.entity.ai_entity import (
    AIEntity,
    ClientCitation,
    ClientCitationAppearance,
)

from bot import wording
from bot.answer import Answer, Citation
from bot.plaintext import source_line
from bot.teams import cards
from bot.teams.markup import clip, escape, safe_url
from bot.wording import taken_as

MAX_CITATIONS = 20  # Teams shows at most 20 citations on a message
MAX_NAME = 80
MAX_ABSTRACT = 160
MAX_KEYWORDS = 3
MAX_KEYWORD = 28
# The core ends each quoted sentence with " [n]"; anything else in brackets is content.
_MARKER = re.compile(r" \[(\d+)\](?= |$)")


class CitationMessage(AIEntity):
    """The schema.org Message entity Teams reads citations from; it needs "@id", even empty."""

    at_id: str = ""


def answer_activity(answer: Answer, answer_id: str | None) -> Activity:
    """The reply to a question: text and citations, then a card with the sources and 👍/👎."""
    text, cited = answer_text(answer)
    if answer.taken_as:
        text = f"_{escape(taken_as(answer.taken_as))}_\n\n{text}"
    activity = Activity(type=ActivityTypes.message, text=text, text_format="markdown")
    if cited:
        activity.entities = [citation_entity(cited)]
        links = [(wording.FULL_DOCUMENT, d) for d in answer.full_documents]
        links += [(wording.RELATED, r) for r in answer.related]
        rated = answer_id if answer.answered else None  # a "closest I have" is not an answer
        activity.attachments = [cards.sources_card(cited, rated, links)]
    return activity


def answer_text(answer: Answer) -> tuple[str, list[Citation]]:
    """Escaped markdown keeping the core's [n] markers, and the citations those markers use.

    Only the first 20 citations get a marker (Teams' limit); a marker for any other is dropped,
    and bracketed numbers that came from the content are escaped so they are not read as one.
    """
    if not answer.citations:
        return escape(answer.text) + _topics(answer), []
    numbers = {c.n for c in answer.citations}
    by_number = {c.n: c for c in answer.citations[:MAX_CITATIONS]}
    parts: list[str] = []
    cited: dict[int, Citation] = {}
    start = 0
    for marker in _MARKER.finditer(answer.text):
        n = int(marker.group(1))
        if n not in numbers:
            continue  # not one of ours: escaped with the text around it
        parts.append(escape(answer.text[start : marker.start()]))
        if n in by_number:
            parts.append(f" [{n}]")
            cited[n] = by_number[n]
        start = marker.end()
    parts.append(escape(answer.text[start:]))
    return "".join(parts) + _topics(answer), [cited[n] for n in sorted(cited)]


def _topics(answer: Answer) -> str:
    """The closest topics, under a refusal or a "closest I have"."""
    if answer.answered or not answer.topics:
        return ""
    lines = [f"• {escape(clip(topic, 200))}" for topic in answer.topics]
    return "\n\n" + "\n\n".join([wording.CLOSEST_TOPICS, *lines])


def citation_entity(cited: list[Citation]) -> CitationMessage:
    """One Claim per cited source; `additionalType` set explicitly so Teams shows the AI label."""
    return CitationMessage(
        type="https://schema.org/Message",
        at_type="Message",
        at_context="https://schema.org",
        at_id="",
        additional_type=["AIGeneratedContent"],
        citation=[
            ClientCitation(at_type="Claim", position=c.n, appearance=_appearance(c)) for c in cited
        ],
    )


def _appearance(citation: Citation) -> ClientCitationAppearance:
    # Only fields given here are sent (the SDK drops unset ones), so optional ones are set only
    # when there is something to say.
    appearance = ClientCitationAppearance(
        at_type="DigitalDocument",
        name=clip(source_line(citation), MAX_NAME),
        abstract=clip(citation.quote, MAX_ABSTRACT),
    )
    if url := safe_url(citation.url, cards.source_page(citation)):
        appearance.url = url
    keywords = [clip(k, MAX_KEYWORD) for k in (citation.section, citation.page_text) if k]
    if keywords:
        appearance.keywords = keywords[:MAX_KEYWORDS]
    return appearance
