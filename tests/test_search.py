"""Hybrid search: dense and BM25 candidates fused by reciprocal rank, then diversified."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support.content import write_content
from support.fakes import FakeEmbedder

from index.build import build
from index.search import RRF_K, Hit, search
from index.store import IndexVersion, open_version

LIMIT = 5 * 1024 * 1024


def _index(files: dict[str, str], embedder: FakeEmbedder) -> IndexVersion:
    build(write_content(Path("content"), files), Path("index"), embedder, max_bytes=LIMIT)
    return open_version(Path("index"))[0]


def _row(version: IndexVersion, document: str) -> int:
    [(row, _)] = version.document_chunks(document)
    return row


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


FUSION = {
    # Each file is one passage whose embedding text is "<Title>\n<text>".
    "dense.md": "Quiet harbour lanterns drift past sleepy wharves at dusk.",
    "both.md": "The radiographer reached the trust board.",
    "lexical.md": "Radiographer radiographer radiographer board governance.",
    "garden.md": "Gardens and weather were discussed at length.",
    "kitchen.md": "Kitchens need ovens, pans and patient cooks.",
}


@pytest.fixture
def fusion(embedder: FakeEmbedder) -> tuple[IndexVersion, np.ndarray, str]:
    """An index plus a question where dense ranks dense.md 1st and both.md 2nd, BM25 ranks
    lexical.md 1st and both.md 2nd, so only both.md is in the top two of both lists."""
    version = _index(FUSION, embedder)
    dense, both = version.vectors_of([_row(version, "dense.md"), _row(version, "both.md")])
    return version, _unit(2 * dense + both), "radiographer board"


def _by_document(hits: list[Hit]) -> dict[str, Hit]:
    return {hit.chunk.document: hit for hit in hits}


def test_a_passage_found_by_both_lists_outranks_ones_found_by_one(
    fusion: tuple[IndexVersion, np.ndarray, str],
) -> None:
    version, vector, question = fusion

    hits = search(version, vector, question, k=5, candidates=2)

    found = _by_document(hits)
    assert hits[0].chunk.document == "both.md"
    assert (found["both.md"].dense_rank, found["both.md"].lexical_rank) == (2, 2)
    assert (found["dense.md"].dense_rank, found["dense.md"].lexical_rank) == (1, None)
    assert (found["lexical.md"].dense_rank, found["lexical.md"].lexical_rank) == (None, 1)
    assert set(found) == {"both.md", "dense.md", "lexical.md"}
    assert found["both.md"].fused == pytest.approx(2 / (RRF_K + 2))
    assert found["dense.md"].fused == pytest.approx(1 / (RRF_K + 1))
    assert [h.fused for h in hits] == sorted((h.fused for h in hits), reverse=True)


def test_dense_lexical_and_hybrid_modes_draw_on_different_lists(
    fusion: tuple[IndexVersion, np.ndarray, str],
) -> None:
    version, vector, question = fusion

    dense = search(version, vector, question, k=5, candidates=2, mode="dense")
    lexical = search(version, vector, question, k=5, candidates=2, mode="lexical")
    hybrid = search(version, vector, question, k=5, candidates=2, mode="hybrid")

    assert [h.chunk.document for h in dense] == ["dense.md", "both.md"]
    assert all(h.dense_rank and h.lexical_rank is None for h in dense)
    assert [h.chunk.document for h in lexical] == ["lexical.md", "both.md"]
    assert all(h.lexical_rank and h.dense_rank is None for h in lexical)
    assert {h.chunk.document for h in hybrid} == {"dense.md", "both.md", "lexical.md"}


def test_score_is_the_cosine_of_the_stored_vector_and_the_question(
    fusion: tuple[IndexVersion, np.ndarray, str], embedder: FakeEmbedder
) -> None:
    version, vector, question = fusion

    for mode in ("hybrid", "dense", "lexical"):
        for hit in search(version, vector, question, k=5, candidates=2, mode=mode):
            stored = version.vectors_of([hit.row])[0]
            assert hit.score == pytest.approx(float(stored @ vector), abs=1e-5)
            fresh = embedder.encode([hit.chunk.embedding_text()])[0]
            assert hit.score == pytest.approx(float(fresh @ vector), abs=1e-5)
    top = search(version, version.vectors_of([_row(version, "kitchen.md")])[0], "ovens")[0]
    assert top.chunk.document == "kitchen.md" and top.score == pytest.approx(1.0, abs=1e-5)


def _sections(topic: str, count: int) -> str:
    return "\n".join(
        f"## Part {n}\n\nThe {topic} board leadership passage number {n}.\n" for n in range(count)
    )


@pytest.fixture
def many(embedder: FakeEmbedder) -> IndexVersion:
    """Three documents of five passages each, all about board leadership."""
    return _index(
        {f"{t}.md": _sections(t, 5) for t in ("nurse", "midwife", "pharmacist")}, embedder
    )


def test_at_most_per_document_passages_come_from_one_document(
    many: IndexVersion, embedder: FakeEmbedder
) -> None:
    question = "nurse board leadership"
    vector = embedder.encode([question])[0]

    for per_document in (1, 2, 3):
        hits = search(many, vector, question, k=10, per_document=per_document)

        documents = [h.chunk.document for h in hits]
        assert {d: documents.count(d) for d in documents} == {
            "nurse.md": per_document,  # the best document is capped, not dropped
            "midwife.md": per_document,
            "pharmacist.md": per_document,
        }
        assert documents[0] == "nurse.md"


@pytest.mark.parametrize("k", [0, 1, 3, 6])
def test_k_limits_the_number_of_passages(
    many: IndexVersion, embedder: FakeEmbedder, k: int
) -> None:
    question = "midwife board leadership"

    hits = search(many, embedder.encode([question])[0], question, k=k, per_document=5)

    assert len(hits) == k
    assert len({h.row for h in hits}) == k


def test_an_empty_index_returns_nothing(tmp_path: Path, embedder: FakeEmbedder) -> None:
    (tmp_path / "content").mkdir()
    build(tmp_path / "content", Path("index"), embedder, max_bytes=LIMIT)
    version = open_version(Path("index"))[0]

    for mode in ("hybrid", "dense", "lexical"):
        assert search(version, embedder.encode(["board"])[0], "board", mode=mode) == []


def test_a_question_with_no_known_words_still_gets_dense_results(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    build(content_dir, Path("index"), embedder, max_bytes=LIMIT)
    version = open_version(Path("index"))[0]
    question = "zyxwv qwertyuiop the and of"  # unknown words and stop words only

    hits = search(version, embedder.encode([question])[0], question, k=3)

    assert len(hits) == 3
    assert all(h.lexical_rank is None and h.dense_rank for h in hits)
    assert search(version, embedder.encode([question])[0], question, mode="lexical") == []
