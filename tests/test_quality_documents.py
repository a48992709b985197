"""Answer quality on the generated trust documents (slow): the measured floors hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.config import Settings
from evals.documents.features import DocOutcome, share
from evals.documents.generate import generate
from evals.documents.run import evaluate
from evals.run import fresh_index

# Floors a little below what was measured at a9c4fa3 (1 Dec 2026; all-MiniLM-L6-v2, 72 questions):
# fact in the answer 0.83, in the top-3 quotes 0.88, section on citations 0.95, printed page 0.82
# (1.00 of the answers that hold the fact), own title 1.00, furniture-free quotes 1.00; the window
# baseline over plain pypdf/python-docx/bs4 text held the facts in its top 3 for 0.78. The DESIGN
# targets are fact in the answer >= 0.90, a section on every citation from a document with
# headings, printed page >= 0.95 and no furniture in any quote. Raise these as answers improve.
FLOORS: dict[str, tuple[float, Callable[[DocOutcome], bool | None]]] = {
    "fact in the answer": (0.80, lambda o: o.fact_in_answer),
    "fact in the top-3 quotes": (0.85, lambda o: o.fact_in_quotes),
    "section on citations": (0.93, lambda o: o.section_present),
    "printed page right": (0.78, lambda o: o.page_right),
    "printed page right when the fact is quoted": (
        0.97,
        lambda o: o.page_right if o.fact_in_answer else None,
    ),
    "own title": (0.97, lambda o: o.title_right),
    "furniture-free quotes": (1.0, lambda o: not o.furniture),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[DocOutcome]:
    corpus = tmp_path_factory.mktemp("documents")
    generate(corpus)
    settings = Settings.from_env({})  # the shipped defaults, never a developer's .env
    with fresh_index(corpus, settings) as (version, embedder):
        return evaluate(corpus, version, embedder, settings)


@pytest.mark.slow
@pytest.mark.parametrize("measure", list(FLOORS))
def test_the_documents_set_clears_its_floors(outcomes: list[DocOutcome], measure: str) -> None:
    floor, read = FLOORS[measure]
    value = share([read(o) for o in outcomes])
    assert value is not None and value >= floor, f"{measure}: {value} < {floor}"


@pytest.mark.slow
def test_the_documents_set_beats_the_plain_text_baseline(outcomes: list[DocOutcome]) -> None:
    ours = share([o.fact_in_quotes for o in outcomes])
    baseline = share([o.baseline_top3 for o in outcomes])
    assert ours is not None and baseline is not None and ours > baseline
