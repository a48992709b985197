"""An answer as a Teams message: escaped text with [n] markers, citation entities, a sources card
and Teams' own 👍/👎; a refusal offers its closest topics as suggested actions."""

from __future__ import annotations

import re

from microsoft_agents.activity import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
    SuggestedActions,
)
from microsoft_agents.activity.entity.ai_entity import (
    AIEntity,
    ClientCitation,
    ClientCitationAppearance,
)
from pydantic import Field

from bot import wording
from bot.answer import Answer, Citation
from bot.plaintext import source_line
from bot.teams import cards
from bot.teams.markup import clip, escape, escaped_line, safe_url
from bot.wording import ask_about, taken_as

MAX_CITATIONS = 20  # Teams shows at most 20 citations on a message
MAX_NAME = 80
MAX_ABSTRACT = 160
MAX_KEYWORDS = 3
MAX_KEYWORD = 28
MAX_SUGGESTED = 3  # Teams shows only the first three suggested actions
MAX_ACTION_TITLE = 80  # a topic is "Title — Section"; the message text lists it in full
# Teams' own 👍/👎 under the message, with its default "what did you like/dislike?" form; the
# choice comes back as a message/submitAction invoke (see actions.py).
FEEDBACK_LOOP = {"feedbackLoop": {"type": "default"}}
# The core ends each quoted sentence with " [n]"; anything else in brackets is content.
_MARKER = re.compile(r" \[(\d+)\](?= |$)")


class CitationMessage(AIEntity):
    """The schema.org Message entity Teams reads citations from; it needs "@id", even empty.

    No "additionalType": ["AIGeneratedContent"]: Teams would label the message "AI generated"
    with the disclaimer "AI-generated content may be incorrect", but every sentence of an answer
    is quoted word for word from a cited document; nothing in it is generated.
    """

    at_id: str = ""
    # The SDK's default is the AI label; excluded, it is never sent.
    additional_type: list[str] = Field(default_factory=list, exclude=True)


def answer_activity(answer: Answer, answer_id: str | None) -> Activity:
    """The reply to a question: text and citations, then a card with the sources; Teams' 👍/👎 on
    an answer that was logged, the closest topics to ask about after a refusal."""
    text, cited = answer_text(answer)
    if answer.taken_as:
        text = f"_{escape(taken_as(answer.taken_as))}_\n\n{text}"
    activity = Activity(type=ActivityTypes.message, text=text, text_format="markdown")
    if cited:
        activity.entities = [citation_entity(cited)]
        links = [(wording.FULL_DOCUMENT, d) for d in answer.full_documents]
        links += [(wording.RELATED, r) for r in answer.related]
        activity.attachments = [cards.sources_card(cited, links)]
    if rated(answer, answer_id):
        activity.channel_data = dict(FEEDBACK_LOOP)
    elif not cited and answer.topics:
        # Teams shows no suggested actions on a message with attachments; a refusal has none.
        activity.suggested_actions = topic_actions(answer.topics)
    return activity


def rated(answer: Answer, answer_id: str | None) -> bool:
    """Whether Teams' 👍/👎 go under this answer: a logged one (a refusal or a "closest I have"
    is not rated; it is counted as unanswered in the gap report already)."""
    return answer.answered and bool(answer_id)


def topic_actions(topics: tuple[str, ...]) -> SuggestedActions:
    """One button per closest topic; a click sends a question about it as the person's message."""
    return SuggestedActions(
        actions=[
            CardAction(
                type=ActionTypes.im_back,
                title=clip(topic, MAX_ACTION_TITLE),
                value=ask_about(topic),
            )
            for topic in topics[:MAX_SUGGESTED]
        ]
    )


def answer_text(answer: Answer) -> tuple[str, list[Citation]]:
    """Escaped markdown keeping the core's [n] markers, and the citations those markers use.

    Only the first 20 citations get a marker (Teams' limit); a marker for any other is dropped.
    A marker is the core's only where it ends its citation's quote: a bracketed number inside
    quoted content ("see note [1]") is escaped with the text around it, so it is not read as one.
    """
    if not answer.citations:
        return escape(answer.text) + _topics(answer), []
    by_number = {c.n: c for c in answer.citations[:MAX_CITATIONS]}
    parts: list[str] = []
    cited: dict[int, Citation] = {}
    start = 0
    for n, end in _markers(answer):
        parts.append(escape(answer.text[start:end]))
        if n in by_number:
            parts.append(f" [{n}]")
            cited[n] = by_number[n]
        start = end + len(f" [{n}]")
    parts.append(escape(answer.text[start:]))
    return "".join(parts) + _topics(answer), [cited[n] for n in sorted(cited)]


def _markers(answer: Answer) -> list[tuple[int, int]]:
    """(n, where its " [n]" starts) for each of the core's markers, in text order."""
    found: list[tuple[int, int]] = []
    at = 0
    for citation in sorted(answer.citations, key=lambda c: c.n):
        ends = f"{citation.quote} [{citation.n}]"
        start = answer.text.find(ends, at)
        if start < 0:
            return _bare_markers(answer)  # not the text the core wrote: no quote to anchor on
        found.append((citation.n, start + len(citation.quote)))
        at = start + len(ends)
    return found


def _bare_markers(answer: Answer) -> list[tuple[int, int]]:
    """The last " [n]" of each cited number (the core puts the marker after its quote)."""
    last = {int(m.group(1)): m.start() for m in _MARKER.finditer(answer.text)}
    numbers = {c.n for c in answer.citations}
    return sorted(((n, at) for n, at in last.items() if n in numbers), key=lambda m: m[1])


def _topics(answer: Answer) -> str:
    """The closest topics, under a refusal or a "closest I have"."""
    if answer.answered or not answer.topics:
        return ""
    lines = [f"• {escape(clip(topic, 200))}" for topic in answer.topics]
    return "\n\n" + "\n\n".join([wording.CLOSEST_TOPICS, *lines])


def citation_entity(cited: list[Citation]) -> CitationMessage:
    """One Claim per cited source (no AI label: see CitationMessage)."""
    return CitationMessage(
        type="https://schema.org/Message",
        at_type="Message",
        at_context="https://schema.org",
        at_id="",
        citation=[
            ClientCitation(at_type="Claim", position=c.n, appearance=_appearance(c)) for c in cited
        ],
    )


def _appearance(citation: Citation) -> ClientCitationAppearance:
    # Only fields given here are sent (the SDK drops unset ones), so optional ones are set only
    # when there is something to say.
    appearance = ClientCitationAppearance(
        at_type="DigitalDocument",
        # Escaped as the message text is: no mention tag, HTML, link or live [n] marker.
        name=escaped_line(source_line(citation), MAX_NAME),
        abstract=escaped_line(citation.quote, MAX_ABSTRACT),
    )
    if url := safe_url(citation.url, cards.source_page(citation)):
        appearance.url = url
    keywords = [escaped_line(k, MAX_KEYWORD) for k in (citation.section, citation.page_text) if k]
    if keywords:
        appearance.keywords = keywords[:MAX_KEYWORDS]
    return appearance
