"""Adaptive Cards for Teams: an answer's sources, case-study suggestions and stories, the welcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Attachment

from bot import wording
from bot.plaintext import source_line
from bot.teams.markup import card_text, clip, link, safe_url

if TYPE_CHECKING:
    from bot.answer import Citation, Link
    from bot.suggest import CaseStudy, Clarify, Suggestions

Element = dict[str, Any]
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"  # Action.Execute needs 1.4; Teams renders 1.5 on desktop, web and mobile
MAX_TEXT = 4000  # per TextBlock: enough for a case-study section, far below the message limit
MAX_LABEL = 200
MAX_SUGGESTIONS = 5
# The Action.Execute verb and the `action` in the data of the 👍/👎 buttons answers carried
# before Teams' own feedback loop replaced them; actions.py still reads them from old messages.
FEEDBACK = "feedback"
TELL_ME_MORE = "tell_me_more"


def card(body: list[Element], actions: list[Element] | None = None) -> Attachment:
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return Attachment(content_type=CARD_TYPE, content=content)


def text(value: str, **style: Any) -> Element:
    """A wrapping TextBlock; `value` must already be card markdown (see markup.card_text)."""
    return {"type": "TextBlock", "text": value[:MAX_TEXT], "wrap": True, **style}


def sources_card(cited: Sequence[Citation], links: Sequence[tuple[str, Link]] = ()) -> Attachment:
    """The sources of an answer — [n] Title · Section · p. N, linked.

    No 👍/👎 buttons: Teams' own feedback loop shows them under the message (citations.py).

    Args:
        links: ("Full document" or "Related", document) lines under the sources.
    """
    body = [text("Sources", weight="Bolder")]
    for c in cited:
        label = clip(source_line(c), MAX_LABEL)
        body.append(text(f"\\[{c.n}\\] {link(safe_url(c.url, source_page(c)), label)}"))
    for kind, document in links:
        label = clip(" · ".join(p for p in (document.title, document.section) if p), MAX_LABEL)
        body.append(text(f"{kind}: {link(safe_url(document.url), label)}"))
    body.append(text(wording.QUOTED, isSubtle=True, size="Small"))
    return card(body)


def source_page(citation: Citation) -> int | None:
    """The physical page to open, for a PDF; other documents have no page to jump to."""
    return citation.page_number if citation.document.lower().endswith(".pdf") else None


def suggestions_card(result: Suggestions) -> Attachment:
    """Each case study with why it fits, its summary, a link and a "Tell me more" button; then
    any question back, with a button per choice that sends the answer as the person's message."""
    body: list[Element] = [text(wording.CASE_STUDIES, weight="Bolder", size="Medium")]
    if result.note:
        body.append(text(card_text(result.note), isSubtle=True))
    if not result.suggestions and not result.ask:
        body.append(text(wording.NO_SUGGESTIONS))
    for s in result.suggestions[:MAX_SUGGESTIONS]:
        title = clip(s.title or s.document, MAX_LABEL)
        body.append(text(link(safe_url(s.url), title), weight="Bolder", separator=True))
        body.append(text(f"Why: {card_text(s.why)}"))
        if s.summary:
            body.append(text(card_text(s.summary), isSubtle=True))
        more = {"action": TELL_ME_MORE, "document": s.document}
        body.append(
            {
                "type": "ActionSet",
                "actions": [{"type": "Action.Submit", "title": wording.TELL_ME_MORE, "data": more}],
            }
        )
    if result.ask:
        body += clarify_elements(result.ask)
    return card(body)


def clarify_elements(ask: Clarify) -> list[Element]:
    """The question, its choices listed (as Slack and the terminal show them) and a button each.

    The buttons are imBack: Teams posts "suggest <profile with the answer>" as the person's own
    message, which the message handler already understands, so no card handler is needed.
    """
    choices = "\n".join(f"- {card_text(clip(c, MAX_LABEL))}" for c in ask.choices)
    buttons = [
        {
            "type": "Action.Submit",
            "title": clip(choice, MAX_LABEL),
            "data": {"msteams": {"type": "imBack", "value": f"suggest {reply}"}},
        }
        for choice, reply in zip(ask.choices, ask.replies, strict=True)
    ]
    return [
        text(card_text(ask.question), weight="Bolder", separator=True),
        text(choices),
        {"type": "ActionSet", "actions": buttons},
    ]


def case_study_card(story: CaseStudy) -> Attachment:
    """One case study in full: journey, turning point, barriers, support; then its link."""
    body = [
        text(
            card_text(clip(story.title or "Case study", MAX_LABEL)), weight="Bolder", size="Medium"
        )
    ]
    for heading, words in story.sections:
        if words.strip():
            body.append(text(card_text(clip(heading, MAX_LABEL)), weight="Bolder", separator=True))
            body.append(text(card_text(words)))
    target = safe_url(story.url)
    actions = [{"type": "Action.OpenUrl", "title": wording.READ_CASE_STUDY, "url": target}]
    return card(body, actions if target else None)


def welcome_card(examples: Sequence[str], show_admin: bool = False) -> Attachment:
    """What LeadBot covers, how to ask and a few example questions (and, for admins, commands)."""
    body = [
        text(wording.TEAMS_HELLO, weight="Bolder", size="Medium"),
        text(card_text(wording.ABOUT)),
        text(card_text(wording.TEAMS_HOW)),
    ]
    if examples:
        body.append(text("Try asking", weight="Bolder"))
        body.append(text("\n".join(f"- {card_text(clip(e, MAX_LABEL))}" for e in examples)))
    if show_admin:
        body.append(text(card_text(wording.TEAMS_ADMIN), isSubtle=True, size="Small"))
    return card(body)


def help_text() -> str:
    """How to use LeadBot in Teams, as plain text (sent escaped)."""
    return f"{wording.ABOUT}\n\n{wording.TEAMS_HOW}\n\n{wording.TEAMS_ADMIN}"
