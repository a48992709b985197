"""Answers: short, verbatim, cited; a plain refusal when the content does not cover the question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FakeEmbedder, write_content
from docgen import LabelRange, OutlineItem, make_pdf

from bot.answer import HELP, NOT_COVERED, Answer, answer
from index.build import build
from index.search import search
from index.store import IndexVersion, open_version

# With the fake embedder similarity is word overlap: the on-topic questions below score at
# least 0.47 and the off-topic ones at most 0.39 (test_threshold_separates_... checks this).
MIN_SCORE = 0.45
ON_TOPIC = [
    "What are the five themes?",
    "Which eight clinical groups does the framework name?",
    "What should trust boards consider appointing?",
    "What was the midwife's turning point?",
    "What glass ceiling did the physiotherapist meet?",
]
OFF_TOPIC = ["what is on the canteen menu", "Who won the football last night?"]
PDF_QUESTION = "Who does the reverse mentoring scheme pair junior clinicians with?"
MARKED_SENTENCE = re.compile(r"(.+?) \[(\d+)\](?: |$)")


@pytest.fixture
def version(content_dir: Path, tmp_path: Path, embedder: FakeEmbedder) -> IndexVersion:
    build(content_dir, tmp_path / "index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "index")[0]


def normalised(text: str) -> str:
    return " ".join(text.split())


def best_score(version: IndexVersion, embedder: FakeEmbedder, question: str) -> float:
    return max(hit.score for hit in search(version, embedder.encode([question])[0], question))


def marked_sentences(result: Answer) -> list[tuple[str, int]]:
    """The answer text as (sentence, n) pairs; fails if anything is left over."""
    pairs = [(m[1], int(m[2])) for m in MARKED_SENTENCE.finditer(result.text)]
    assert " ".join(f"{s} [{n}]" for s, n in pairs) == result.text
    return pairs


def assert_quoted_and_cited(result: Answer, content_dir: Path) -> None:
    """What a user must be able to trust about any answer."""
    assert result.answered
    sentences = marked_sentences(result)
    assert 1 <= len(sentences) <= 3
    assert 1 <= len(result.citations) <= 3
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    assert {n for _, n in sentences} == {c.n for c in result.citations}
    by_n = {c.n: c for c in result.citations}
    for sentence, n in sentences:
        citation = by_n[n]
        source = normalised((content_dir / citation.document).read_text(encoding="utf-8"))
        assert sentence in citation.quote
        assert normalised(sentence) in source
    for citation in result.citations:
        source = normalised((content_dir / citation.document).read_text(encoding="utf-8"))
        assert normalised(citation.quote) in source


def test_threshold_separates_on_topic_from_off_topic(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    assert min(best_score(version, embedder, q) for q in ON_TOPIC) >= MIN_SCORE
    assert max(best_score(version, embedder, q) for q in OFF_TOPIC) < MIN_SCORE


@pytest.mark.parametrize("question", ON_TOPIC)
def test_on_topic_answer_is_verbatim_sentences_with_matching_citations(
    question: str, version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    result = answer(question, version, embedder, min_score=MIN_SCORE)

    assert result.question == question
    assert_quoted_and_cited(result, content_dir)


def test_five_themes_answer_quotes_the_themes_and_cites_their_section(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("What are the five themes?", version, embedder, min_score=MIN_SCORE)

    assert result.text.startswith(
        "The framework has five themes: building confidence, widening perspectives, "
        "talent management, practical levers and organisational culture. [1]"
    )
    first = result.citations[0]
    assert first.document == "framework/framework.md"
    assert first.title == "Clinical leadership – a framework for action"
    assert first.section == "The five themes"
    assert first.url == "https://example.nhs.uk/framework"
    assert first.page is None and first.page_number is None  # Markdown has no pages
    assert MIN_SCORE <= first.score <= 1.0


def test_case_study_answer_cites_the_case_study(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("What was the midwife's turning point?", version, embedder, min_score=MIN_SCORE)

    first = result.citations[0]
    assert (first.document, first.title, first.section, first.url) == (
        "case-studies/midwife-chief-nurse.md",
        "Case study: midwife to chief nurse",
        "Turning point",
        "https://example.nhs.uk/midwife",
    )
    assert "supportive mentor and coach" in first.quote


def test_never_more_than_three_sentences_or_citations(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    files = {
        f"local/scheme-{i}.md": f"---\ntitle: Scheme {i}\n---\n\n## Reverse mentoring\n\n"
        f"Reverse mentoring in trust {i} pairs junior clinicians with board members. "
        f"Trust {i} ran it for a year.\n"
        for i in range(1, 7)
    }
    content = write_content(tmp_path / "content", files)
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(
        "reverse mentoring junior clinicians board members", version, embedder, min_score=0.0, k=10
    )

    assert_quoted_and_cited(result, content)
    assert len(result.citations) == 3


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_question_is_refused_with_the_closest_topics(
    question: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer(question, version, embedder, min_score=MIN_SCORE)

    assert (result.answered, result.text, result.citations) == (False, NOT_COVERED, ())
    labels = {
        "Clinical leadership – a framework for action — The five themes",
        "Clinical leadership – a framework for action — Eight clinical groups",
        "Clinical leadership – a framework for action — Asks of boards",
        "Case study: physiotherapist to director of AHPs — Journey",
        "Case study: physiotherapist to director of AHPs — Turning point",
        "Case study: midwife to chief nurse — Journey",
        "Case study: midwife to chief nurse — Turning point",
        "Case study: clinical psychologist to director of therapies — Journey",
    }
    assert 1 <= len(result.topics) <= 3
    assert len(set(result.topics)) == len(result.topics)
    assert set(result.topics) <= labels


def test_a_question_is_refused_when_its_best_passage_is_below_min_score(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "What are the five themes?"
    score = best_score(version, embedder, question)

    just_above = answer(question, version, embedder, min_score=score - 0.01)
    just_below = answer(question, version, embedder, min_score=score + 0.01)

    assert just_above.answered
    assert (just_below.answered, just_below.text) == (False, NOT_COVERED)


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n"])
def test_empty_question_gets_help_without_embedding(
    question: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    embedder.encoded.clear()

    result = answer(question, version, embedder, min_score=MIN_SCORE)

    assert (result.text, result.answered, result.citations) == (HELP, False, ())
    assert embedder.encoded == []


def test_very_long_question_is_answered_from_its_start(
    version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    question = ("What are the five themes? " * 400)[:10_000]

    result = answer(question, version, embedder, min_score=MIN_SCORE)

    assert_quoted_and_cited(result, content_dir)
    assert result.citations[0].section == "The five themes"


def test_long_question_of_one_unbroken_word_does_not_crash(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("x" * 10_000, version, embedder, min_score=MIN_SCORE)

    assert result.text in (NOT_COVERED, HELP) or result.citations


def test_pdf_citation_gives_printed_page_label_and_physical_page(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    content = write_content(tmp_path / "content")
    make_pdf(
        content / "related/board-report.pdf",
        [
            "Board report on clinical leadership",
            "Contents and foreword.",
            "Introduction to the report and its methods.",
            "The reverse mentoring scheme pairs junior clinicians with executive directors.",
        ],
        labels=[LabelRange(0, 1, "/r"), LabelRange(2, 3, "/D")],  # i, ii, 1, 2
        outline=[OutlineItem("Introduction", 2), OutlineItem("Findings", 3)],
        title="Board report on clinical leadership",
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(PDF_QUESTION, version, embedder, min_score=MIN_SCORE)

    assert result.answered
    first = result.citations[0]
    assert first.document == "related/board-report.pdf"
    assert (first.title, first.section) == ("Board report on clinical leadership", "Findings")
    assert (first.page, first.page_number) == ("2", 4)
    assert first.quote == (
        "The reverse mentoring scheme pairs junior clinicians with executive directors."
    )


def test_pdf_citation_points_at_the_page_of_the_quoted_sentence(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    content = write_content(tmp_path / "content")
    make_pdf(
        content / "related/board-report.pdf",
        [
            "Board report on clinical leadership",
            "Contents and foreword.",
            "Introduction to the report and its methods.",
            "The reverse mentoring scheme pairs junior clinicians with executive directors.",
        ],
        labels=[LabelRange(0, 1, "/r"), LabelRange(2, 3, "/D")],  # no outline: one passage
        title="Board report on clinical leadership",
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(PDF_QUESTION, version, embedder, min_score=MIN_SCORE)

    assert result.citations[0].quote.startswith("The reverse mentoring scheme pairs")
    assert (result.citations[0].page, result.citations[0].page_number) == ("2", 4)


def test_a_lone_passage_does_not_pad_the_answer_with_an_unrelated_sentence(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "local/mentoring.md": "---\ntitle: Reverse mentoring\n---\n\n## The scheme\n\n"
            "The canteen reopened in May after a refit. "
            "Reverse mentoring pairs junior clinicians with board members.\n"
        },
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(
        "Who does reverse mentoring pair junior clinicians with?",
        version,
        embedder,
        min_score=MIN_SCORE,
    )

    assert result.text == "Reverse mentoring pairs junior clinicians with board members. [1]"


def test_a_short_keyword_question_is_answered_from_a_passage_holding_all_its_words(
    version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    question = "glass ceiling pathway"  # few words: the similarity alone stays under the bar
    strict = best_score(version, embedder, question) + 0.01

    result = answer(question, version, embedder, min_score=strict)

    assert_quoted_and_cited(result, content_dir)
    assert result.citations[0].document == "case-studies/physio-director.md"
    assert "glass ceiling" in result.citations[0].quote


def test_a_question_with_a_word_the_content_never_uses_is_still_refused(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "glass ceiling pathway parking"  # 'parking' appears nowhere in the content
    strict = best_score(version, embedder, question) + 0.01

    result = answer(question, version, embedder, min_score=strict)

    assert not result.answered
    assert result.citations == ()
