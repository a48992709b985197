"""The realistic-document corpus: its questions are answerable and its furniture is furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.documents.corpus import furniture_in, load_profiles, load_questions
from evals.documents.generate import generate
from evals.documents.layout import Source
from evals.questions import contains, has_facts

FEATURES = {
    "two-column", "table", "footnote-adjacent", "cross-page-sentence", "contents-page",
    "folio-page", "roman-front-matter", "hyphenation", "boxed-example", "mid-page-start",
    "framework-like", "page-of-m", "docx-table", "text-box", "numbered-list", "bold-heading",
    "accordion", "html-table", "email-quoted", "md-no-front-matter", "md-setext", "scan",
}  # fmt: skip


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    return generate(tmp_path_factory.mktemp("documents"))


def test_every_document_is_written_and_profiled(sources: dict[str, Source]) -> None:
    assert set(sources) == set(load_profiles())
    assert len(sources["northfield-clinical-leadership-strategy.pdf"].pages) >= 14
    assert len(sources["supervision-and-appraisal-policy.pdf"].pages) >= 40


def test_questions_cover_every_feature() -> None:
    questions = load_questions()
    assert {q.feature for q in questions} >= FEATURES
    assert len({q.question.id for q in questions}) == len(questions) >= 60


def test_every_fact_is_in_its_documents_text(sources: dict[str, Source]) -> None:
    for q in load_questions():
        texts = [sources[d].text() for d in q.question.expected]
        for group in q.question.facts:
            for alternative in group:
                assert any(contains(t, alternative) for t in texts), (q.question.id, alternative)


def test_expected_pages_and_sections_hold_the_answer(sources: dict[str, Source]) -> None:
    for q in load_questions():
        source = sources[q.document]
        if q.pages:
            # Together, for a sentence that crosses a page break.
            text = " ".join(source.page_text(label) for label in q.pages)
            assert has_facts(text, q.question.facts), (q.question.id, q.pages)
        for section in q.sections:
            assert contains(source.text(), section), (q.question.id, section)


def test_furniture_is_drawn_as_furniture_and_never_as_body(sources: dict[str, Source]) -> None:
    for name, profile in load_profiles().items():
        furniture = "\n".join(sources[name].furniture)
        for entry in profile.furniture:
            assert furniture_in(furniture, (entry,)), (name, entry)
            assert not furniture_in(sources[name].text(), (entry,)), (name, entry)


def test_generation_is_byte_identical(tmp_path: Path) -> None:
    generate(tmp_path / "a")
    generate(tmp_path / "b")
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name
