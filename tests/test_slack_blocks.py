"""Slack Block Kit rendering: escaping, safe links, PDF page links, buttons and Block Kit limits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SdkBlock

from bot import plaintext, wording
from bot.answer import HELP, NOT_COVERED, Answer, Citation
from bot.core import Status
from bot.slack import blocks as render
from bot.slack import mrkdwn, views
from bot.suggest import Clarify, Suggestion, Suggestions
from index.build import BuildReport
from index.store import DocumentRecord

EVIL = "<!channel> & <@U1> <script>alert(1)</script> <!here>"
RAW_MARKUP = ("<!channel>", "<@U1>", "<script>", "<!here>")


def citation(n: int = 1, **overrides: Any) -> Citation:
    fields: dict[str, Any] = {
        "n": n,
        "document": "framework/framework.md",
        "title": "Clinical leadership – a framework for action",
        "section": "The five themes",
        "page": "12",
        "page_number": 14,
        "url": "https://example.nhs.uk/framework",
        "quote": "The framework has five themes.",
        "score": 0.7,
    }
    return Citation(**{**fields, **overrides})


def answered(*citations: Citation, text: str = "The framework has five themes. [1]") -> Answer:
    return Answer("What are the themes?", text, citations or (citation(),), True)


def suggestion(i: int = 0, **overrides: Any) -> Suggestion:
    fields: dict[str, Any] = {
        "document": f"case-studies/case-{i}.md",
        "title": f"Case study {i}: physiotherapist to director of AHPs",
        "profession": "physiotherapist",
        "role": "director of AHPs",
        "why": "A fellow allied health professional who became director of AHPs.",
        "summary": "Moved from clinical practice to the board.",
        "url": f"https://example.nhs.uk/case-{i}",
        "score": 1.0,
    }
    return Suggestion(**{**fields, **overrides})


def report(**overrides: Any) -> BuildReport:
    fields: dict[str, Any] = {
        "version": "3",
        "published": True,
        "added": ["framework/framework.md"],
        "changed": [],
        "removed": ["old.md"],
        "unchanged": 4,
        "skipped": [],
        "chunks": 120,
        "embedded": 20,
        "full_rebuild": False,
        "took_s": 1.25,
    }
    return BuildReport(**{**fields, **overrides})


def record(i: int, **overrides: Any) -> DocumentRecord:
    fields: dict[str, Any] = {
        "path": f"docs/document-{i:03}.md",
        "title": f"Document number {i} about clinical leadership",
        "kind": "guidance",
        "url": None,
        "format": "md",
        "sha256": "0" * 64,
        "chunks": 3,
    }
    return DocumentRecord(**{**fields, **overrides})


STATUS = Status("7", "2025-01-02T03:04:05Z", "all-MiniLM-L6-v2", 12, 340, [], [])


@dataclass(frozen=True)
class Downvoted:
    question: str
    documents: list[str]
    down: int
    up: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    since: str = "2025-01-01"
    questions: int = 40
    unanswered: int = 6
    top_unanswered: list[tuple[str, int]] = field(
        default_factory=lambda: [("What are visiting hours?", 3)]
    )
    downvoted: list[Downvoted] = field(
        default_factory=lambda: [Downvoted("Who sits on the board?", ["framework.md"], 2, 1)]
    )


def text_objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every Block Kit text object anywhere in the blocks."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text"):
            yield node
        for value in node.values():
            yield from text_objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from text_objects(item)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    ids = []
    for block in blocks:
        if "accessory" in block:
            ids.append(block["accessory"]["action_id"])
        ids.extend(e["action_id"] for e in block.get("elements", []) if "action_id" in e)
    return ids


def check(blocks: list[dict[str, Any]], max_blocks: int = mrkdwn.MAX_BLOCKS) -> str:
    """Assert Block Kit's limits and our safety rules; return all the text for more checks."""
    assert 0 < len(blocks) <= max_blocks
    for block in blocks:
        assert block["type"] in (
            "section",
            "context",
            "actions",
            "context_actions",
            "header",
            "divider",
        )
        # slack_sdk's own Block Kit models read each block back unchanged, within its limits.
        assert SdkBlock.parse(block).to_dict() == block  # type: ignore[union-attr]
        SdkBlock.parse(block).validate_json()  # type: ignore[union-attr]
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert len(block["text"]["text"]) <= mrkdwn.MAX_HEADER
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
        if block["type"] == "section":
            assert block["text"]["type"] == "mrkdwn"
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            buttons = [element.get("positive_button"), element.get("negative_button")]
            for b in [element] if element.get("type") == "button" else [b for b in buttons if b]:
                assert len(b["text"]["text"]) <= mrkdwn.MAX_BUTTON_TEXT
                assert len(b["value"]) <= mrkdwn.MAX_VALUE
                assert len(b.get("accessibility_label", "")) <= mrkdwn.MAX_BUTTON_TEXT
    ids = action_ids(blocks)
    assert len(ids) == len(set(ids)), ids
    texts = list(text_objects(blocks))
    for obj in texts:
        assert set(obj) <= {"type", "text", "emoji", "verbatim"}
        assert obj["type"] in ("mrkdwn", "plain_text")
        assert isinstance(obj["text"], str) and obj["text"].strip()
        assert len(obj["text"]) <= mrkdwn.MAX_TEXT
        # The only markup we emit in angle brackets is a link to an http(s) URL.
        for start in (m.start() for m in re.finditer("<", obj["text"])):
            assert re.match(r"<https?://[^\s<>|]+\|[^<>]+>", obj["text"][start:]), obj["text"]
    dumped = json.dumps(blocks, ensure_ascii=False)
    for markup in RAW_MARKUP:
        assert markup not in dumped
    return "\n".join(obj["text"] for obj in texts)


# -- escaping and links ----------------------------------------------------------------------


def test_escape_neutralises_slack_control_characters() -> None:
    assert mrkdwn.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_content_and_questions_are_escaped_everywhere() -> None:
    evil = citation(title=EVIL, section=EVIL, quote=EVIL)
    text = check(render.answer_blocks(answered(evil, text=f"{EVIL} [1]"), "a1"))
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;script&gt;" in text
    assert "&lt;!channel&gt;" in render.answer_text(answered(text=EVIL))

    refusal = Answer(EVIL, NOT_COVERED, (), False, (EVIL,))
    assert "&lt;!channel&gt;" in check(render.answer_blocks(refusal, "a2"))

    result = Suggestions(EVIL, EVIL, (suggestion(title=EVIL, why=EVIL, summary=EVIL),))
    assert check(render.suggestion_blocks(result)).count("&lt;!channel&gt;") == 4

    case = render.case_study_blocks(EVIL, None, [(EVIL, EVIL)])
    assert "&lt;!channel&gt;" in check(case)

    skipped = [{"document": f"{EVIL}.pdf", "reason": EVIL}]
    sources = check(views.sources_blocks([record(1, path=EVIL, title=EVIL, kind=EVIL)], skipped))
    assert sources.count("&lt;!channel&gt;") == 5

    built = check(views.build_blocks(report(added=[EVIL], skipped=skipped, warnings=[EVIL]), EVIL))
    assert built.count("&lt;!channel&gt;") == 5

    gap = Gap(since=EVIL, top_unanswered=[(EVIL, 2)], downvoted=[Downvoted(EVIL, [EVIL], 1, 0)])
    assert check(views.report_blocks(gap)).count("&lt;!channel&gt;") == 4
    home = views.home_view(STATUS, gap, True, [EVIL])
    assert "&lt;!channel&gt;" in check(home["blocks"], mrkdwn.MAX_HOME_BLOCKS)

    assert "&lt;!channel&gt;" in render.apology_text(EVIL)
    check(render.apology_blocks(EVIL))


@pytest.mark.parametrize(
    "url",
    [None, "", "javascript:alert(1)", "ftp://example.nhs.uk/a", "mailto:x@nhs.uk", "//x.nhs.uk"],
)
def test_links_are_built_only_from_http_urls(url: str | None) -> None:
    blocks = render.answer_blocks(answered(citation(url=url)), None)
    text = check(blocks)
    assert "<" not in text
    assert "*[1]* Clinical leadership – a framework for action · The five themes · p. 12" in text


def test_pipes_and_brackets_in_a_url_cannot_break_out_of_the_link() -> None:
    url = "https://example.nhs.uk/a|<!channel>?x=1&y=2 z"
    text = check(render.answer_blocks(answered(citation(url=url)), None))
    assert "<https://example.nhs.uk/a%7C%3C!channel%3E?x=1&amp;y=2%20z|Clinical" in text


def test_pdf_citations_link_to_their_physical_page() -> None:
    pdf = citation(document="official/framework.pdf", url="https://example.nhs.uk/f.pdf#toc")
    text = check(render.answer_blocks(answered(pdf), None))
    assert "<https://example.nhs.uk/f.pdf#page=14|" in text
    no_page = citation(document="official/framework.pdf", page_number=None)
    assert "#page" not in check(render.answer_blocks(answered(no_page), None))
    markdown = citation(document="framework/framework.md")
    assert "#page" not in check(render.answer_blocks(answered(markdown), None))


# -- answers ---------------------------------------------------------------------------------


def test_answer_layout_text_sources_quotes_context_and_feedback() -> None:
    two = answered(
        citation(1, quote="First line.\nSecond line."),
        citation(2, section=None, page=None, url=None, quote="Other."),
        text="One. [1] Two. [2]",
    )
    blocks = render.answer_blocks(two, "answer-42")
    check(blocks)
    assert [b["type"] for b in blocks] == [
        "section",
        "section",
        "section",
        "context",
        "context_actions",
    ]
    assert blocks[0]["text"]["text"] == "One. [1] Two. [2]"
    assert blocks[1]["text"]["text"] == (
        "*[1]* <https://example.nhs.uk/framework|Clinical leadership – a framework for action"
        " · The five themes · p. 12>\n> First line.\n> Second line."
    )
    assert (
        blocks[2]["text"]["text"] == "*[2]* Clinical leadership – a framework for action\n> Other."
    )
    assert blocks[3]["elements"][0]["text"] == wording.QUOTED
    # Slack's own feedback element, in the block made for it, with labels for screen readers.
    assert blocks[4] == {
        "type": "context_actions",
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": "answer_feedback",
                "positive_button": {
                    "text": {"type": "plain_text", "text": "👍 Helpful", "emoji": True},
                    "value": "up:answer-42",
                    "accessibility_label": "This answer was helpful",
                },
                "negative_button": {
                    "text": {"type": "plain_text", "text": "👎 Not helpful", "emoji": True},
                    "value": "down:answer-42",
                    "accessibility_label": "This answer was not helpful: say what was wrong",
                },
            }
        ],
    }
    assert render.read_vote("up:answer-42") == (1, "answer-42")
    assert render.read_vote("down:answer-42") == (-1, "answer-42")


def test_no_buttons_without_an_answer_id_and_share_only_when_asked() -> None:
    assert "actions" not in [b["type"] for b in render.answer_blocks(answered(), None)]
    assert "context_actions" not in [b["type"] for b in render.answer_blocks(answered(), None)]
    blocks = render.answer_blocks(answered(), "a9", shareable=True)
    check(blocks)
    # Share is a classic button (context_actions holds only feedback and icon buttons), above 👍/👎.
    assert action_ids(blocks) == ["share_answer", "answer_feedback"]
    assert blocks[-2] == {"type": "actions", "elements": [render.share_button("a9")]}
    assert blocks[-1] == render.feedback_block("a9")
    assert render.share_button("a9")["value"] == "a9"


def test_an_answer_id_too_long_for_a_button_value_gets_no_buttons() -> None:
    blocks = render.answer_blocks(answered(), "x" * mrkdwn.MAX_VALUE, shareable=True)
    assert not action_ids(blocks)


def test_unanswered_shows_closest_topics_and_no_sources_or_buttons() -> None:
    refusal = Answer("visiting hours?", NOT_COVERED, (), False, ("Framework — Five themes", "B"))
    blocks = render.answer_blocks(refusal, "a1", shareable=True)
    check(blocks)
    assert len(blocks) == 2
    assert blocks[0]["text"]["text"].startswith("I couldn't find this")
    assert blocks[1]["text"]["text"] == (
        "*Closest topics I do cover:*\n• Framework — Five themes\n• B"
    )
    assert wording.QUOTED not in json.dumps(blocks) and not action_ids(blocks)


def test_help_answer_is_just_the_text() -> None:
    blocks = render.answer_blocks(Answer("", HELP, (), False), "a1")
    check(blocks)
    assert len(blocks) == 1 and blocks[0]["text"]["text"] == mrkdwn.escape(HELP)


def test_answer_text_is_short_and_escaped() -> None:
    text = render.answer_text(answered(text="A & B " * 200))
    assert text.startswith("A &amp; B") and text.endswith("…")
    assert len(text.replace("&amp;", "&")) <= mrkdwn.MAX_FALLBACK


def test_sixty_citations_and_huge_quotes_stay_within_limits() -> None:
    many = tuple(citation(n, quote="Q & A " * 2000) for n in range(1, 61))
    blocks = render.answer_blocks(answered(*many, text="x [1] " * 1000), "a1", shareable=True)
    text = check(blocks)
    assert "*[10]*" in blocks[10]["text"]["text"] and "\n> Q &amp; A" in blocks[10]["text"]["text"]
    assert "*More sources:*\n*[11]* <https://example.nhs.uk/framework|" in text
    assert "*[60]*" in text
    assert blocks[1]["text"]["text"].endswith("…")
    assert not re.search(r"&[a-z]*…", text)  # no entity cut in half


def test_one_ten_thousand_character_quote_is_cut_to_fit_its_section() -> None:
    blocks = render.answer_blocks(answered(citation(quote="word " * 2000)), "a1")
    check(blocks)
    assert len(blocks[1]["text"]["text"]) <= mrkdwn.MAX_TEXT
    assert blocks[1]["text"]["text"].startswith("*[1]* <https://example.nhs.uk/framework|")


# -- suggestions and case studies ------------------------------------------------------------


def test_suggestions_have_linked_titles_why_and_unique_tell_me_more_buttons() -> None:
    result = Suggestions("band 7 radiographer", "Note & caveat.", tuple(map(suggestion, range(3))))
    blocks = render.suggestion_blocks(result)
    check(blocks)
    assert blocks[0]["text"]["text"] == "Note &amp; caveat."
    first = blocks[1]
    assert first["text"]["text"].startswith("*<https://example.nhs.uk/case-0|Case study 0:")
    assert "\nWhy: A fellow allied health professional" in first["text"]["text"]
    assert first["accessory"]["text"]["text"] == "Tell me more"
    assert first["accessory"]["value"] == "case-studies/case-0.md"
    assert action_ids(blocks) == ["tell_me_more_0", "tell_me_more_1", "tell_me_more_2"]


def test_many_suggestions_stay_within_limits() -> None:
    result = Suggestions("x", "note", tuple(suggestion(i, summary="s" * 5000) for i in range(80)))
    check(render.suggestion_blocks(result))


def test_a_note_without_suggestions_is_just_the_note() -> None:
    blocks = render.suggestion_blocks(Suggestions("", "Tell me about yourself.", ()))
    assert blocks == [mrkdwn.section("Tell me about yourself.")]
    check(render.suggestion_blocks(Suggestions("", None, ())))


def clarify(question: str = "What's your profession?") -> Clarify:
    choices = ("nurse", "midwife", "AHP (physio, OT, radiographer…)")
    return Clarify(question, choices, tuple(f"I'm a {c}" for c in choices))


def test_a_question_back_lists_its_choices_and_how_to_answer() -> None:
    blocks = render.suggestion_blocks(Suggestions("not sure", None, (), None, clarify()))

    text = check(blocks)
    assert blocks[0]["text"]["text"] == (
        "*What's your profession?*\n• nurse\n• midwife\n• AHP (physio, OT, radiographer…)"
    )
    assert blocks[1]["type"] == "context"
    assert "suggest I'm a nurse" in text
    assert action_ids(blocks) == []  # answered by typing: no button without a handler
    assert "I have no case studies" not in text


def test_a_question_back_follows_the_suggestions_within_limits() -> None:
    many = tuple(suggestion(i, summary="s" * 5000) for i in range(80))
    blocks = render.suggestion_blocks(Suggestions("x", "note", many, None, clarify()))

    check(blocks)
    assert blocks[-2]["text"]["text"].startswith("*What's your profession?*")


def test_a_question_back_is_escaped() -> None:
    evil = Clarify(EVIL, (EVIL,), (EVIL,))
    text = check(render.suggestion_blocks(Suggestions(EVIL, None, (), None, evil)))
    assert text.count("&lt;!channel&gt;") == 3


def test_case_study_view_has_header_sections_and_link() -> None:
    sections = [
        ("Journey", "Started as a physiotherapist."),
        ("Turning point", "x" * 5000),
        ("Barriers and how they were handled", ""),
        ("Organisational support", "Coaching & mentoring."),
    ]
    blocks = render.case_study_blocks("T" * 400, "https://example.nhs.uk/case", sections)
    text = check(blocks)
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"].endswith("…")
    assert "*Journey*\nStarted as a physiotherapist." in text
    assert "Coaching &amp; mentoring." in text
    assert "Barriers" not in text  # an empty section is left out
    assert blocks[-1]["text"]["text"] == "<https://example.nhs.uk/case|Read the full case study>"
    assert "Read the full" not in check(render.case_study_blocks("T", "javascript:x", sections))


# -- Home and admin --------------------------------------------------------------------------


def test_home_view_for_staff_has_no_admin_part() -> None:
    view = views.home_view(STATUS, Gap(), False, ["What are the five themes?"])
    assert view["type"] == "home"
    text = check(view["blocks"], mrkdwn.MAX_HOME_BLOCKS)
    assert "What are the five themes?" in text
    assert "/leadbot suggest &lt;about you&gt;" in text and "/leadbot ask" in text
    for admin_only in (
        "Admin",
        "version 7",
        "visiting hours",
        "/leadbot reindex",
        "/leadbot report",
    ):
        assert admin_only not in text


def test_home_view_for_admins_adds_status_gap_report_and_admin_commands() -> None:
    text = check(views.home_view(STATUS, Gap(), True, [])["blocks"], mrkdwn.MAX_HOME_BLOCKS)
    assert "*Index* version 7 · 12 documents · 340 chunks" in text
    assert "2025-01-02T03:04:05Z" in text and "all-MiniLM-L6-v2" in text
    assert "“What are visiting hours?” — asked 3 times" in text
    assert "“Who sits on the board?” — 👎 2 · 👍 1 — framework.md" in text
    for command in ("/leadbot reindex", "/leadbot sources", "/leadbot remove", "/leadbot report"):
        assert command in text
    assert "PDF, DOCX, Markdown, HTML or text file" in text


def test_home_view_for_admins_without_an_index() -> None:
    text = check(views.home_view(None, None, True, ["q"] * 200)["blocks"], mrkdwn.MAX_HOME_BLOCKS)
    assert "No index yet — run `/leadbot reindex`" in text


def test_gap_report_with_long_lists_stays_within_limits() -> None:
    gap = Gap(
        top_unanswered=[(f"question {i} " + "x" * 3000, i) for i in range(300)],
        downvoted=[Downvoted("q" * 3000, ["d.md"] * 100, 5, 0) for _ in range(300)],
    )
    text = check(views.report_blocks(gap))
    assert "and 275 more" in text
    check(views.home_view(STATUS, gap, True, [])["blocks"], mrkdwn.MAX_HOME_BLOCKS)


def test_the_gap_report_shows_what_down_voters_said_one_line_each_escaped() -> None:
    said = ("It quoted the wrong page", f"out of date {EVIL}")
    gap = Gap(downvoted=[Downvoted("Who sits on the board?", ["framework.md"], 2, 1, said)])
    text = check(views.report_blocks(gap))
    assert (
        "• “Who sits on the board?” — 👎 2 · 👍 1 — framework.md\n"
        "    ↳ “It quoted the wrong page”\n"
        "    ↳ “out of date &lt;!channel&gt; &amp; &lt;@U1&gt;"
    ) in text
    long = Gap(downvoted=[Downvoted("q" * 3000, ["d.md"], 5, 0, ("r" * 500,) * 3)] * 300)
    check(views.report_blocks(long))
    check(views.home_view(STATUS, long, True, [])["blocks"], mrkdwn.MAX_HOME_BLOCKS)


def test_the_plain_text_gap_report_has_one_line_per_reason() -> None:
    from bot.gaps import DownVoted, GapReport

    said = ("It quoted the wrong page", "Out of date")
    gap = GapReport("2025-01-01", 4, 1, [], [DownVoted("Who?", ("f.md",), 2, 0, said)])
    lines = plaintext.report_lines(gap)
    at = lines.index("• “Who?” — 👎 2 · 👍 0 — f.md")
    assert lines[at + 1 :] == ["    ↳ “It quoted the wrong page”", "    ↳ “Out of date”"]
    assert plaintext.report_lines(GapReport("2025-01-01", 0, 0, [], []))[-1] == "None."


def test_sources_with_500_documents_and_300_skipped_files_say_how_many_more() -> None:
    skipped = [{"document": f"bad/file-{i}.pdf", "reason": "encrypted " * 40} for i in range(300)]
    blocks = views.sources_blocks([record(i) for i in range(500)], skipped)
    text = check(blocks)
    assert "500 documents, 1500 chunks; 300 files skipped" in text
    assert (
        "• docs/document-000.md · Document number 0 about clinical leadership · guidance · 3 chunks"
        in text
    )
    assert re.search(r"…and \d+ more", text)
    shown = text.count("• docs/document-")
    assert f"…and {500 - shown} more" in text


def test_sources_without_documents() -> None:
    assert "None yet." in check(views.sources_blocks([], []))


def test_build_blocks_list_changes_and_truncate_long_lists() -> None:
    text = check(views.build_blocks(report(), "Reindex finished"))
    assert "*Reindex finished*\nVersion 3 · 120 chunks (20 embedded this time)" in text
    assert "added 1 · changed 0 · removed 1 · unchanged 4 · skipped 0" in text
    assert "*Added*\n• framework/framework.md" in text and "*Changed*" not in text

    big = report(
        added=[f"a/{i}.md" for i in range(300)],
        skipped=[{"document": f"s/{i}.pdf", "reason": "r" * 500} for i in range(300)],
        warnings=["w"] * 50,
    )
    text = check(views.build_blocks(big, "Reindex finished"))
    assert "…and 280 more" in text

    unchanged = check(views.build_blocks(report(published=False), "Reindex"))
    assert "Nothing changed — still serving version 3" in unchanged


def test_apology_is_short_and_carries_the_reference() -> None:
    text = render.apology_text("ref-123")
    assert text == (
        "Sorry — something went wrong while I was answering. "
        "An admin can look it up with reference ref-123."
    )
    assert render.apology_blocks("ref-123")[0]["text"]["text"] == text


def test_help_text_names_every_way_in() -> None:
    text = views.help_text()
    for part in (
        "/leadbot ask",
        "/leadbot suggest",
        "/leadbot help",
        "/leadbot reindex",
        "Mention",
    ):
        assert part in text
    assert "<" not in text


def test_fallback_text_comes_from_the_first_text() -> None:
    assert mrkdwn.fallback_text(render.apology_blocks("r")) == render.apology_text("r")
    assert (
        len(mrkdwn.fallback_text(render.case_study_blocks("T" * 140, None, [])))
        <= mrkdwn.MAX_FALLBACK
    )
    assert mrkdwn.fallback_text([]) == "LeadBot"
