"""Teams rendering without a server: answer text, citation entities, cards and escaping."""

from __future__ import annotations

import json
from typing import Any, cast

from bot.answer import Answer, Citation
from bot.suggest import CaseStudy, Clarify, Suggestion, Suggestions
from bot.teams import cards
from bot.teams.citations import MAX_CITATIONS, answer_activity, answer_text
from bot.teams.markup import card_text, escape, question_text, safe_url


def citation(n: int, **fields: object) -> Citation:
    values: dict[str, object] = {
        "n": n,
        "document": "framework/framework.md",
        "title": "Clinical leadership – a framework for action",
        "section": "Asks of boards",
        "page": None,
        "page_number": None,
        "url": "https://example.nhs.uk/framework",
        "quote": f"Sentence {n}.",
        "score": 0.8,
    }
    values.update(fields)
    return Citation(**values)  # type: ignore[arg-type]


def dumped(answer: Answer, answer_id: str | None = "abc") -> dict:
    activity = answer_activity(answer, answer_id)
    return activity.model_dump(mode="json", by_alias=True, exclude_unset=True)


def test_pdf_citations_link_to_their_page_and_name_it() -> None:
    pdf = citation(
        1,
        document="reports/board.pdf",
        page="12",
        page_number=14,
        url="https://example.nhs.uk/board.pdf",
    )
    body = dumped(Answer("q", "Sentence 1. [1]", (pdf,), True))

    [claim] = body["entities"][0]["citation"]
    assert claim["appearance"]["url"] == "https://example.nhs.uk/board.pdf#page=14"
    assert claim["appearance"]["name"].endswith("· p. 12")
    assert claim["appearance"]["keywords"] == ["Asks of boards", "p. 12"]
    assert "board.pdf#page=14" in json.dumps(body["attachments"])


def test_only_positions_in_the_text_become_citations_and_at_most_twenty() -> None:
    many = tuple(citation(n) for n in range(1, 26))
    text = " ".join(f"Sentence {n}. [{n}]" for n in range(1, 26))
    rendered, cited = answer_text(Answer("q", text, many, True))

    assert [c.n for c in cited] == list(range(1, MAX_CITATIONS + 1))
    assert "[21]" not in rendered and "[20]" in rendered

    unused = answer_text(Answer("q", "Sentence 2. [2]", (citation(1), citation(2)), True))
    assert [c.n for c in unused[1]] == [2]


def test_a_link_that_is_not_http_is_dropped() -> None:
    body = dumped(Answer("q", "Sentence 1. [1]", (citation(1, url="javascript:alert(1)"),), True))

    [claim] = body["entities"][0]["citation"]
    assert "url" not in claim["appearance"]
    assert "javascript" not in json.dumps(body)


def test_only_a_logged_answer_gets_teams_feedback_loop_and_the_card_no_buttons() -> None:
    answered = dumped(Answer("q", "Sentence 1. [1]", (citation(1),), True))
    assert answered["channelData"] == {"feedbackLoop": {"type": "default"}}
    assert "actions" not in answered["attachments"][0]["content"]  # one feedback UI, Teams'

    unlogged = dumped(Answer("q", "Sentence 1. [1]", (citation(1),), True), answer_id=None)
    closest = dumped(Answer("q", "Closest: Sentence 1. [1]", (citation(1),), False, ("T — S",)))
    for body in (unlogged, closest):
        assert "channelData" not in body
    # A "closest I have" has a card, and Teams shows no suggested actions beside attachments.
    assert "suggestedActions" not in closest


def test_a_refusal_offers_at_most_three_topics_to_ask_about() -> None:
    topics = ("Doc — Asks of boards", "Doc — AHP roles", "Other doc", "Fourth — Four")
    body = dumped(Answer("q", "No.", (), False, topics))

    assert body["suggestedActions"]["actions"] == [
        {"type": "imBack", "title": "Doc — Asks of boards",
         "value": "ask What does “Doc” say about asks of boards?"},
        {"type": "imBack", "title": "Doc — AHP roles",
         "value": "ask What does “Doc” say about AHP roles?"},
        {"type": "imBack", "title": "Other doc", "value": "ask What does “Other doc” cover?"},
    ]  # fmt: skip
    assert "channelData" not in body and "attachments" not in body


def test_the_citations_carry_no_ai_label() -> None:
    body = dumped(Answer("q", "Sentence 1. [1]", (citation(1),), True))
    [entity] = body["entities"]
    assert "additionalType" not in entity and entity["citation"]
    full = answer_activity(Answer("q", "Sentence 1. [1]", (citation(1),), True), "a")
    assert "additionalType" not in json.dumps(full.model_dump(mode="json", by_alias=True))


def test_citation_keywords_are_escaped_and_clipped_once_escaped() -> None:
    hostile = citation(1, section="<at>All</at> [x](javascript:y) & more", page="3")
    [claim] = dumped(Answer("q", "Sentence 1. [1]", (hostile,), True))["entities"][0]["citation"]
    section, page = claim["appearance"]["keywords"]
    assert section.startswith("&lt;at&gt;All&lt;/at&gt;") and len(section) <= 28
    assert "&" not in section.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "")
    assert page == "p. 3"


def test_a_quote_of_bracketed_numbers_keeps_only_the_cores_markers() -> None:
    first = citation(1, quote="See [2] and [1] here.")
    second = citation(2, quote="Then [1] again.", document="other.md")
    answer = Answer("q", "See [2] and [1] here. [1] Then [1] again. [2]", (first, second), True)
    text, cited = answer_text(answer)
    assert text == "See \\[2\\] and \\[1\\] here. [1] Then \\[1\\] again. [2]"
    assert [c.n for c in cited] == [1, 2]


def test_escaping() -> None:
    assert escape("<at>All</at> & [x](https://e.vil) *b*") == (
        "&lt;at&gt;All&lt;/at&gt; &amp; \\[x\\](https://e.vil) \\*b\\*"
    )
    assert card_text("<at>All</at> [x](y)") == "<\u200bat>All<\u200b/at> \\[x\\](y)"
    assert question_text("<at>LeadBot</at> What&nbsp;is <at>Sam Admin</at> AHP?") == "What is AHP?"
    assert safe_url("https://e.nhs.uk/a b)c") == "https://e.nhs.uk/a%20b%29c"
    assert safe_url("ftp://e.nhs.uk/x") is None


def test_suggestions_and_case_study_cards_escape_content() -> None:
    result = Suggestions(
        "p",
        "note <at>x</at>",
        (
            Suggestion(
                "case-studies/a.md", "A [t](u)", "nurse", "director", "Why [w](v)", "S", None, 1.0
            ),
        ),
    )
    card = json.dumps(cards.suggestions_card(result).content)
    assert "[t](u)" not in card and "Why [w](v)" not in card and "<at>" not in card

    story = CaseStudy("case-studies/a.md", "A", "https://e.nhs.uk/a", (("Journey", "It [x](y)"),))
    content = cards.case_study_card(story).content
    assert "[x](y)" not in json.dumps(content)
    assert content["actions"][0]["url"] == "https://e.nhs.uk/a"  # type: ignore[index]


def test_a_question_back_has_its_choices_listed_and_a_button_each() -> None:
    ask = Clarify(
        "What are you aiming for?",
        ("a board post", "operational management"),
        (
            "I'm a nurse, aiming for a board post",
            "I'm a nurse, aiming for operational management",
        ),
    )
    content = cast(
        dict[str, Any],
        cards.suggestions_card(Suggestions("I'm a nurse", None, (), None, ask)).content,
    )

    texts = [b["text"] for b in content["body"] if b["type"] == "TextBlock"]
    assert texts[1:] == ["What are you aiming for?", "- a board post\n- operational management"]
    [buttons] = [b["actions"] for b in content["body"] if b["type"] == "ActionSet"]
    assert [(b["type"], b["title"]) for b in buttons] == [
        ("Action.Submit", "a board post"),
        ("Action.Submit", "operational management"),
    ]
    # imBack: the answer arrives as the person's own "suggest …" message.
    assert buttons[0]["data"] == {
        "msteams": {"type": "imBack", "value": "suggest I'm a nurse, aiming for a board post"}
    }


def test_a_question_back_is_escaped_in_the_card_text() -> None:
    ask = Clarify("Q <at>x</at>", ("[c](u)",), ("r",))
    body = cast(
        dict[str, Any], cards.suggestions_card(Suggestions("p", None, (), None, ask)).content
    )["body"]
    texts = json.dumps([b for b in body if b["type"] == "TextBlock"])
    assert "<at>" not in texts and "[c](u)" not in texts  # button titles are plain text
