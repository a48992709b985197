"""Slack blocks for what staff see: answers with sources, case-study suggestions, apologies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import wording
from bot.plaintext import source_line
from bot.slack.mrkdwn import (
    ELLIPSIS,
    FULL_CITATIONS,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_FALLBACK,
    MAX_VALUE,
    Block,
    button,
    cap,
    clip,
    context,
    escape,
    header,
    link,
    list_sections,
    plain_object,
    safe_url,
    section,
)
from bot.wording import apology, taken_as

if TYPE_CHECKING:
    from bot.answer import Answer, Citation, Link
    from bot.suggest import Suggestions

FEEDBACK = "answer_feedback"  # the feedback_buttons' action_id
UP, DOWN = "up:", "down:"  # each button's value: the vote, then the answer's id


# -- answers ---------------------------------------------------------------------------------


def answer_blocks(
    answer: Answer, answer_id: str | None = None, *, shareable: bool = False
) -> list[Block]:
    """The answer, each source with its link and quote, then 👍/👎 (and a Share button).

    Args:
        answer_id: the logged answer's id; without it there are no buttons.
        shareable: add a "Share in channel" button (action_id `share_answer`), for the
            ephemeral reply to `/leadbot ask`.

    A refusal shows the closest topics and no buttons: it is already counted as unanswered in
    the gap report, and rating buttons would suggest there were sources to rate.
    """
    blocks = [context(escape(taken_as(answer.taken_as)))] if answer.taken_as else []
    blocks.append(section(escape(answer.text)))
    blocks += [section(_citation(c)) for c in answer.citations[:FULL_CITATIONS]]
    rest = [_source(c) for c in answer.citations[FULL_CITATIONS:]]
    if rest:
        blocks += list_sections(f"*{wording.MORE_SOURCES}*", rest, max_blocks=2)
    if not answer.answered:
        if answer.topics:
            topics = [f"• {escape(clip(topic))}" for topic in answer.topics]
            blocks += list_sections(f"*{wording.CLOSEST_TOPICS}*", topics, max_lines=10)
        return cap(blocks, MAX_BLOCKS)
    links = [f"{wording.FULL_DOCUMENT}: {link(d.url, d.title)}" for d in answer.full_documents]
    links += [f"{wording.RELATED}: {link(r.url, _label(r))}" for r in answer.related]
    if links:
        blocks.append(context("\n".join(links)))
    blocks.append(context(wording.QUOTED))
    if answer_id and len(answer_id) <= MAX_VALUE - len(DOWN):  # a cut id finds no answer
        if shareable:
            blocks.append({"type": "actions", "elements": [share_button(answer_id)]})
        blocks.append(feedback_block(answer_id))  # last, where Slack's AI apps put it
    return cap(blocks, MAX_BLOCKS)


def feedback_block(answer_id: str) -> Block:
    """Slack's own 👍/👎 (`feedback_buttons` in a `context_actions` block), read aloud by
    their labels; each button's value is its vote and the answer's id ("down:<id>")."""
    return {
        "type": "context_actions",
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": FEEDBACK,
                "positive_button": _vote(wording.HELPFUL, UP + answer_id, wording.HELPFUL_LABEL),
                "negative_button": _vote(
                    wording.NOT_HELPFUL, DOWN + answer_id, wording.NOT_HELPFUL_LABEL
                ),
            }
        ],
    }


def _vote(label: str, value: str, spoken: str) -> Block:
    return {
        "text": plain_object(label, MAX_BUTTON_TEXT),
        "value": value,
        "accessibility_label": clip(spoken, MAX_BUTTON_TEXT),
    }


def read_vote(value: str) -> tuple[int, str]:
    """(+1 or -1, answer id) from a feedback button's value."""
    vote, _, answer_id = value.partition(":")
    return (1 if f"{vote}:" == UP else -1), answer_id


def share_button(answer_id: str) -> Block:
    """A "Share in channel" button for an answer only its asker can see."""
    return button(wording.SHARE, "share_answer", answer_id, style="primary")


def answer_text(answer: Answer) -> str:
    """Notification and fallback text: the first 300 characters of the answer, escaped."""
    return escape(clip(answer.text, MAX_FALLBACK)) or ELLIPSIS


def _source(citation: Citation) -> str:
    """'*[1]* <url|Title · Section · p. 12>', linking into the page of a PDF."""
    is_pdf = citation.document.lower().endswith(".pdf")
    page = citation.page_number if is_pdf else None
    return f"*[{citation.n}]* {link(citation.url, source_line(citation), page)}"


def _label(related: Link) -> str:
    return " · ".join(part for part in (related.title, related.section) if part)


def _citation(citation: Citation) -> str:
    lines = citation.quote.splitlines() or [""]
    return _source(citation) + "\n" + "\n".join(f"> {escape(line)}" for line in lines)


# -- case studies ----------------------------------------------------------------------------


def suggestion_blocks(result: Suggestions) -> list[Block]:
    """The note, one section per case study with why it fits and a "Tell me more" button, then
    any question back with its choices listed (answered by typing, so no action handler)."""
    blocks = [section(escape(result.note))] if result.note else []
    for i, s in enumerate(result.suggestions[: MAX_BLOCKS - 3]):
        text = f"*{link(s.url, s.title or s.document)}*\nWhy: {escape(s.why)}"
        if s.summary:
            text += "\n" + escape(s.summary)
        # The adapter looks the case study up by its path, so a cut path would be useless.
        fits = len(s.document) <= MAX_VALUE
        more = button(wording.TELL_ME_MORE, f"tell_me_more_{i}", s.document) if fits else None
        blocks.append(section(text, more))
    if result.ask:
        choices = "\n".join(f"• {escape(clip(c))}" for c in result.ask.choices)
        blocks.append(section(f"*{escape(result.ask.question)}*\n{choices}"))
        blocks.append(context(escape(result.ask.hint)))
    return blocks or [section(wording.NO_SUGGESTIONS)]


def case_study_blocks(title: str, url: str | None, sections: list[tuple[str, str]]) -> list[Block]:
    """One case study in full: its title, a section per (heading, text), then its link."""
    blocks = [header(title or "Case study")]
    for heading, text in sections[: MAX_BLOCKS - 2]:
        if text.strip():
            blocks.append(section(f"*{escape(clip(heading))}*\n{escape(text)}"))
    target = safe_url(url)
    if target:
        blocks.append(section(f"<{target}|{wording.READ_CASE_STUDY}>"))
    return blocks


# -- failures --------------------------------------------------------------------------------


def apology_text(reference: str) -> str:
    """Short, never silent: what happened and the reference an admin can look up."""
    return escape(apology(clip(reference, 100)))


def apology_blocks(reference: str) -> list[Block]:
    return [section(apology_text(reference))]
