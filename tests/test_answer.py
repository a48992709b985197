"""Answers: the sentence that answers, quoted so it stands alone and cited; honest refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.content import write_content
from support.docgen import LabelRange, OutlineItem, make_pdf
from support.fakes import FakeEmbedder, threshold_policy

import bot.answer
import bot.quotes
from bot.answer import (
    CLINICAL,
    CLOSEST,
    HELP,
    NOT_COVERED,
    Answer,
    answer,
    assess,
    top_quotes,
)
from bot.answerability import FEATURES, Policy
from bot.question import named_things, read
from index.build import build
from index.search import search
from index.store import IndexVersion, open_version

# With the fake embedder similarity is word overlap: the on-topic questions below score at
# least 0.47 and the off-topic ones at most 0.39 (test_threshold_separates_... checks this).
MIN_SCORE = 0.45
POLICY = threshold_policy(MIN_SCORE)
ON_TOPIC = [
    "What are the five themes?",
    "Which eight clinical groups does the framework name?",
    "What should trust boards consider appointing?",
    "What was the midwife's turning point?",
    "What glass ceiling did the physiotherapist meet?",
]
OFF_TOPIC = ["what is on the canteen menu", "Who won the football last night?"]
PDF_QUESTION = "Who does the reverse mentoring scheme pair junior clinicians with?"
MARKED = re.compile(r"(.+?) \[(\d+)\](?: |$)")


@pytest.fixture
def version(content_dir: Path, tmp_path: Path, embedder: FakeEmbedder) -> IndexVersion:
    build(content_dir, tmp_path / "index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "index")[0]


def built(tmp_path: Path, embedder: FakeEmbedder, files: dict[str, str]) -> IndexVersion:
    content = write_content(tmp_path / "content", files)
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "index")[0]


def normalised(text: str) -> str:
    return " ".join(text.split())


def best_score(version: IndexVersion, embedder: FakeEmbedder, question: str) -> float:
    return max(hit.score for hit in search(version, embedder.encode([question])[0], question))


def marked_quotes(result: Answer) -> list[tuple[str, int]]:
    """The answer text as (quote, n) pairs; fails if anything is left over."""
    pairs = [(m[1], int(m[2])) for m in MARKED.finditer(result.text)]
    assert " ".join(f"{s} [{n}]" for s, n in pairs) == result.text
    return pairs


def assert_quoted_and_cited(result: Answer, content_dir: Path) -> None:
    """What a user must be able to trust about any answer."""
    assert result.answered
    quotes = marked_quotes(result)
    assert 1 <= len(result.citations) <= 3
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    assert {n for _, n in quotes} == {c.n for c in result.citations}
    by_n = {c.n: c for c in result.citations}
    for quote, n in quotes:
        assert by_n[n].quote in quote  # the quote, after any "Also, from …:" label
    for citation in result.citations:
        source = normalised((content_dir / citation.document).read_text(encoding="utf-8"))
        for part in citation.quote.split(" … "):  # where the quote skips a sentence or more
            assert normalised(part) in source


def test_threshold_separates_on_topic_from_off_topic(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    assert min(best_score(version, embedder, q) for q in ON_TOPIC) >= MIN_SCORE
    assert max(best_score(version, embedder, q) for q in OFF_TOPIC) < MIN_SCORE


@pytest.mark.parametrize("question", ON_TOPIC)
def test_on_topic_answer_is_verbatim_and_cited(
    question: str, version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    result = answer(question, version, embedder, policy=POLICY)

    assert result.question == question
    assert_quoted_and_cited(result, content_dir)


def test_five_themes_answer_quotes_the_themes_and_cites_their_section(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("What are the five themes?", version, embedder, policy=POLICY)

    assert result.text == (
        "The framework has five themes: building confidence, widening perspectives, "
        "talent management, practical levers and organisational culture. [1]"
    )
    [first] = result.citations
    assert first.document == "framework/framework.md"
    assert first.title == "Clinical leadership – a framework for action"
    assert first.section == "The five themes"
    assert first.url == "https://example.nhs.uk/framework"
    assert first.page is None and first.page_number is None  # Markdown has no pages
    assert 0 < first.score <= 1.0


def test_case_study_answer_cites_the_case_study(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("What was the midwife's turning point?", version, embedder, policy=POLICY)

    first = result.citations[0]
    assert (first.document, first.title, first.section, first.url) == (
        "case-studies/midwife-chief-nurse.md",
        "Case study: midwife to chief nurse",
        "Turning point",
        "https://example.nhs.uk/midwife",
    )
    assert "supportive mentor and coach" in first.quote


def test_the_question_is_encoded_once_and_sentences_are_scored_from_stored_vectors(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    embedder.encoded.clear()

    answer("What was the midwife's turning point?", version, embedder, policy=POLICY)

    assert embedder.encoded == ["What was the midwife's turning point?"]


# --- choosing the sentence --------------------------------------------------------------------


def test_a_how_many_question_gets_the_sentence_with_the_number(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "framework.md": "---\ntitle: Framework\n---\n\n## Case examples\n\n"
            "Case examples from trusts show the framework working in practice. "
            "The framework holds 11 examples in all.\n"
        },
    )

    question = "How many case examples does the framework have?"
    result = answer(question, version, embedder, policy=threshold_policy(0.2))

    best = assess(question, version, embedder).candidates[0]
    assert best.text == "The framework holds 11 examples in all."
    assert result.text.endswith("The framework holds 11 examples in all. [1]")


def test_a_sentence_opening_with_she_is_quoted_with_the_sentence_before_it(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "midwife.md": "---\ntitle: Midwife\n---\n\n## Journey\n\n"
            "The midwife led maternity services for six years. "
            "She then became chief nurse of the trust board. "
            "The trust is in the north of England.\n"
        },
    )

    result = answer(
        "who became chief nurse of the trust board?",
        version,
        embedder,
        policy=threshold_policy(0.2),
    )

    assert result.citations[0].quote == (
        "The midwife led maternity services for six years. "
        "She then became chief nurse of the trust board."
    )


def test_a_sentence_that_introduces_a_list_is_quoted_with_the_list(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "themes.md": "---\ntitle: Themes\n---\n\n## Themes\n\n"
            "The framework's five themes are:\n\n- building confidence\n- widening perspectives\n"
            "- talent management\n- practical levers\n- organisational culture\n",
        },
    )

    result = answer(
        "what are the framework's five themes", version, embedder, policy=threshold_policy(0.2)
    )

    quote = result.citations[0].quote
    assert quote.startswith("The framework's five themes are:")
    for theme in ("building confidence", "talent management", "organisational culture"):
        assert theme in quote


def test_housekeeping_sentences_are_not_quoted_as_answers(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "sor.md": "---\ntitle: Radiographers and strategic leadership\n---\n\n## The article\n\n"
            "The radiographers strategic leadership article is online at https://example.org/sor. "
            "Radiographers take strategic leadership roles when trusts give them mentoring and a board sponsor.\n"
        },
    )

    result = answer(
        "How can radiographers take strategic leadership roles?",
        version,
        embedder,
        policy=threshold_policy(0.2),
    )

    assert result.text == (
        "Radiographers take strategic leadership roles when trusts give them mentoring and a "
        "board sponsor. [1]"
    )


def test_a_lower_case_name_whose_words_never_stand_together_is_absent(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "doc.md": "---\ntitle: Leadership in healthcare\n---\n\n## Models\n\n"
            "Healthcare organisations need leadership at every level. "
            "A Model Employer sets targets for senior posts.\n"
        },
    )
    absent = assess("what is the healthcare leadership model", version, embedder)
    present = assess("what does the model employer scheme say", version, embedder)

    # Every word is in the content, but never "healthcare leadership" side by side.
    assert absent.absent == "the healthcare leadership model"
    assert absent.signals.absent_name == 1.0
    assert present.absent is None


def test_a_publication_named_with_a_possessive_or_another_kind_word_is_present(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "doc.md": "---\ntitle: Evidence\n---\n\n## Reports\n\n"
            "The King's Fund report examines vacancies among leaders. "
            "The BMJ Leader study counted chief AHPs in trusts. NHS action on vacancies "
            "followed.\n"
        },
    )

    def absent(question: str) -> str | None:
        return assess(question, version, embedder).absent

    assert absent("What did the King's Fund report find about vacancies?") is None
    assert absent("What did the BMJ Leader survey find about chief AHPs?") is None
    assert absent("What did the Francis Report find about vacancies?") == "the Francis Report"
    assert absent("What does the NHS Act say about vacancies?") == "the NHS Act"  # not "NHS action"


def test_a_question_asked_in_the_text_is_not_quoted_as_its_answer(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "bulletin.txt": "Could band 6 staff apply for executive shadowing this year?\n\n"
            "Yes: band 6 staff can apply for executive shadowing this year with their manager's "
            "support.\n"
        },
    )

    result = answer(
        "can band 6 staff apply for executive shadowing this year",
        version,
        embedder,
        policy=threshold_policy(0.2),
    )

    assert result.citations[0].quote.startswith("Yes: band 6 staff can apply")
    assert "Could band 6" not in result.text


def test_a_second_sentence_that_answers_nearly_as_well_is_quoted_too(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    # Each half of the answer is in its own section: one quote alone holds half of it.
    version = built(
        tmp_path,
        embedder,
        {
            "physio.md": "---\ntitle: Physiotherapist\n---\n\n## Band 8b\n\n"
            "A glass ceiling at band 8b held the physiotherapist back.\n\n"
            "## Pathway\n\nAnother barrier kept the physiotherapist back: a missing "
            "leadership pathway.\n\n## Home\n\nThe trust is in the north of England.\n"
        },
    )

    result = answer(
        "what barriers held the physiotherapist back?",
        version,
        embedder,
        policy=threshold_policy(0.2),
    )

    assert "glass ceiling at band 8b" in result.text
    assert "missing leadership pathway" in result.text
    assert "north of England" not in result.text
    assert sorted(c.section or "" for c in result.citations) == ["Band 8b", "Pathway"]


def test_a_sentence_listing_everything_loses_to_the_one_that_answers(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    names = ", ".join(f"a {p} who became a director" for p in (
        "midwife", "physiotherapist", "psychologist", "radiographer", "pharmacist", "dietitian",
        "podiatrist", "paramedic", "orthoptist", "scientist", "nurse", "osteopath",
    ))  # fmt: skip
    version = built(
        tmp_path,
        embedder,
        {
            "compendium.md": f"---\ntitle: Compendium\n---\n\n## Stories\n\n"
            f"The compendium tells the stories of {names}.\n\n## Midwife\n\n"
            "A mentor helped the midwife most on the way to director.\n"
        },
    )

    question = "what helped the midwife who became a director?"
    result = answer(question, version, embedder, policy=threshold_policy(0.2))

    assert result.text.startswith("A mentor helped the midwife most")


def test_a_question_naming_a_document_by_its_title_is_answered_from_it(
    tmp_path: Path, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "action.md": "---\ntitle: AHPs into Action (NHS England, January 2017)\n---\n\n"
            "## Challenges\n\nIt addresses three system challenges: wellbeing, quality and "
            "efficiency.\n",
            "therapist.md": "---\ntitle: Occupational therapist\n---\n\n## Account\n\n"
            "Therapists could help with delayed transfers, in the therapist's account.\n",
        },
    )

    question = "what could therapists help the system with, according to AHPs into Action?"
    result = answer(question, version, embedder, policy=threshold_policy(0.2))
    monkeypatch.setattr(bot.quotes, "W_NAMED", 0.0)
    unnamed = answer(question, version, embedder, policy=threshold_policy(0.2))

    # The other document shares more of the question's words; the title names this one.
    assert unnamed.citations[0].document == "therapist.md"
    assert result.citations[0].document == "action.md"
    assert "three system challenges" in result.text


def test_a_report_or_review_is_a_name_only_when_written_as_one() -> None:
    assert named_things("What did the NHS Providers report find?") == [
        ("NHS Providers report", True)
    ]
    assert named_things("what did the Kerr review recommend") == [("Kerr review", True)]
    # Staff describe the content's own documents loosely; that is not a name to refuse on.
    assert named_things("what did the 2022 leadership review say") == []
    assert named_things("the nye bevan programme") == [("nye bevan programme", False)]


def test_a_comparison_quotes_both_sides_each_cited(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer(
        "midwife chief nurse vs clinical psychologist director of therapies",
        version,
        embedder,
        policy=threshold_policy(0.2),
    )

    documents = [c.document for c in result.citations]
    assert "case-studies/midwife-chief-nurse.md" in documents
    assert "case-studies/psychologist-therapies.md" in documents


def test_other_relevant_documents_are_linked_not_quoted(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("What was the midwife's turning point?", version, embedder, policy=POLICY)

    cited = {c.document for c in result.citations}
    assert all(link.document not in cited for link in result.related)
    assert all(link.title not in result.text for link in result.related)


def test_a_partly_covered_document_comes_with_a_link_to_the_full_document(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    version = built(
        tmp_path,
        embedder,
        {
            "framework.md": "---\ntitle: Framework\nurl: https://example.nhs.uk/f\ncoverage: partial\n---\n\n"
            "## Themes\n\nThe framework's five themes include building confidence.\n"
        },
    )

    result = answer(
        "What are the framework's themes?", version, embedder, policy=threshold_policy(0.2)
    )

    assert [(link.title, link.url) for link in result.full_documents] == [
        ("Framework", "https://example.nhs.uk/f")
    ]


def test_top_quotes_ranks_distinct_windows(version: IndexVersion, embedder: FakeEmbedder) -> None:
    quotes = top_quotes("What was the midwife's turning point?", version, embedder, k=3)

    assert len(quotes) == 3 and len(set(quotes)) == 3
    assert "supportive mentor and coach" in quotes[0]


def test_never_more_than_three_citations(tmp_path: Path, embedder: FakeEmbedder) -> None:
    files = {
        f"local/scheme-{i}.md": f"---\ntitle: Scheme {i}\n---\n\n## Reverse mentoring\n\n"
        f"Reverse mentoring in trust {i} pairs junior clinicians with board members. "
        f"Trust {i} ran it for a year.\n"
        for i in range(1, 7)
    }
    version = built(tmp_path, embedder, files)

    result = answer(
        "reverse mentoring junior clinicians board members", version, embedder,
        policy=threshold_policy(0.0), k=10,
    )  # fmt: skip

    assert_quoted_and_cited(result, tmp_path / "content")
    assert len(result.citations) <= 3


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_question_is_refused_with_the_closest_topics(
    question: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer(question, version, embedder, policy=POLICY)

    assert (result.answered, result.text, result.citations) == (False, NOT_COVERED, ())
    assert 1 <= len(result.topics) <= 3
    assert len(set(result.topics)) == len(result.topics)
    assert all(" — " in topic for topic in result.topics)


def test_a_question_naming_a_programme_the_content_lacks_is_told_so_by_name(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "What does the Mary Seacole programme say about boards?"
    signals = assess(question, version, embedder).signals
    assert signals.absent_name == 1.0

    result = answer(question, version, embedder, policy=_weighing({"absent_name": -10.0}))

    assert not result.answered and result.citations == ()
    assert result.text.startswith("I don't have anything on the Mary Seacole programme")


def test_a_clinical_question_gets_its_own_refusal(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer(
        "What dose of morphine for a patient in pain?", version, embedder, policy=POLICY
    )

    assert (result.answered, result.text, result.verdict) == (False, CLINICAL, "clinical")


def test_a_weak_match_is_shown_as_the_closest_not_as_an_answer(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "What was the midwife's turning point?"
    score = best_score(version, embedder, question)
    # Between the two cut-offs: p(answerable) is 0.4.
    weights = tuple(50.0 if name == "passage" else 0.0 for name in FEATURES)
    policy = Policy(weights, -50.0 * score - 0.405, 0.5, 0.3)

    result = answer(question, version, embedder, policy=policy)

    assert (result.answered, result.verdict) == (False, "closest")
    assert result.text.startswith(CLOSEST) and result.text.endswith("[1]")
    assert len(result.citations) == 1 and result.citations[0].quote in result.text


def test_the_decision_follows_the_calibrated_cut_off(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "What are the five themes?"
    score = best_score(version, embedder, question)

    assert answer(question, version, embedder, policy=threshold_policy(score - 0.01)).answered
    below = answer(question, version, embedder, policy=threshold_policy(score + 0.01))
    assert (below.answered, below.text) == (False, NOT_COVERED)


def test_a_typo_is_corrected_against_the_contents_own_words(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    found = assess("wat r the five themse", version, embedder)

    assert found.query.dense == "what are the five themes"
    assert ("themse", "themes") in found.query.corrections


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n"])
def test_empty_question_gets_help_without_embedding(
    question: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    embedder.encoded.clear()

    result = answer(question, version, embedder, policy=POLICY)

    assert (result.text, result.answered, result.citations) == (HELP, False, ())
    assert embedder.encoded == []


def test_very_long_question_is_answered_from_its_start(
    version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    question = ("What are the five themes? " * 400)[:10_000]

    result = answer(question, version, embedder, policy=POLICY)

    assert_quoted_and_cited(result, content_dir)
    assert result.citations[0].section == "The five themes"


def test_long_question_of_one_unbroken_word_does_not_crash(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = answer("x" * 10_000, version, embedder, policy=POLICY)

    assert result.text in (NOT_COVERED, HELP) or result.citations


# --- pages --------------------------------------------------------------------------------------


def _board_report(content: Path, outline: bool) -> None:
    make_pdf(
        content / "related/board-report.pdf",
        [
            "Board report on clinical leadership",
            "Contents and foreword.",
            "Introduction to the report and its methods.",
            "The reverse mentoring scheme pairs junior clinicians with executive directors.",
        ],
        labels=[LabelRange(0, 1, "/r"), LabelRange(2, 3, "/D")],  # i, ii, 1, 2
        outline=[OutlineItem("Introduction", 2), OutlineItem("Findings", 3)] if outline else (),
        title="Board report on clinical leadership",
    )


def test_pdf_citation_gives_printed_page_label_and_physical_page(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    content = write_content(tmp_path / "content")
    _board_report(content, outline=True)
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(PDF_QUESTION, version, embedder, policy=POLICY)

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
    _board_report(content, outline=False)  # no outline: one passage across the pages
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = answer(PDF_QUESTION, version, embedder, policy=POLICY)

    assert result.citations[0].quote.startswith("The reverse mentoring scheme pairs")
    assert (result.citations[0].page, result.citations[0].page_number) == ("2", 4)


def _weighing(weights: dict[str, float]) -> Policy:
    """A policy that answers unless one of the named signals pulls it under."""
    return Policy(tuple(weights.get(name, 0.0) for name in FEATURES), 5.0, 0.5, 0.5)


def test_question_about_a_scan_is_told_it_is_a_scan_not_answered_from_elsewhere(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    content = write_content(tmp_path / "content")
    make_pdf(content / "related" / "chair-letter.pdf", ["", ""])  # two image-only pages
    (content / "related" / "chair-letter.meta.yml").write_text(
        "title: Letter from the Chair about clinical leadership\nkind: local\n"
    )
    report = build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    assert any(
        w.startswith("related/chair-letter.pdf: pages 1, 2 are a scanned image")
        for w in report.warnings
    )
    result = answer("What does the letter from the chair say?", version, embedder, policy=POLICY)

    assert result.verdict == "scan"
    assert not result.answered and not result.citations
    assert result.text == (
        "\u201cLetter from the Chair about clinical leadership\u201d is a scan I can't read, "
        "so I can't answer from it. Ask an admin to add a text version of it."
    )
    assert [link.document for link in result.related] == ["related/chair-letter.pdf"]
    # Other questions are still answered from the documents LeadBot can read.
    assert answer(ON_TOPIC[0], version, embedder, policy=POLICY).answered


def test_text_read_from_a_scan_is_cited_as_a_scanned_page() -> None:
    from bot.answer import Citation
    from bot.plaintext import source_line

    scanned = Citation(1, "a.pdf", "Letter", None, "2", 2, None, "Text.", 0.9, scanned=True)
    printed = Citation(1, "a.pdf", "Letter", None, "2", 2, None, "Text.", 0.9)

    assert source_line(scanned) == "Letter · scanned page 2"
    assert source_line(printed) == "Letter · p. 2"


def test_a_percentage_must_be_one_not_any_number(tmp_path: Path, embedder: FakeEmbedder) -> None:
    answering = "Chief AHP posts exist in 81% of the trusts that replied."
    version = built(
        tmp_path,
        embedder,
        {
            "doc.md": "---\ntitle: Chief AHPs\n---\n\n## Posts\n\n"
            f"What trusts employ is a chief AHP at band 8c or above. {answering}\n"
        },
    )

    best = assess("What percentage of trusts employ a chief AHP?", version, embedder).candidates[0]

    assert best.text == answering


def test_how_long_and_what_share_ask_for_their_own_kind_of_number() -> None:
    assert read("How long did the physio stay as director?").duration
    assert not read("How long ago was the framework published?").duration
    assert read("what proportion of trusts have a chief AHP").percent
    assert not read("how many trusts have a chief AHP").percent
