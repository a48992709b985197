"""Hybrid retrieval: dense (FAISS) and BM25 candidates fused by reciprocal rank, then diversified."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import faiss
import numpy as np

from index import lexical
from index.chunking import Chunk
from index.store import IndexVersion

# One question is one small matrix-vector product: OpenMP threads cost more than they save, and
# on a 2-core machine they contend with the embedding model's threads (measured: answers took
# 1.76x a bare encode with faiss's thread pool, 1.24x without).
faiss.omp_set_num_threads(1)

RRF_K = 60  # the usual constant: damps the weight of the very first ranks
PREFER_BONUS = 1.0 / (RRF_K + 1)
Mode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class Hit:
    """A retrieved passage and why it was retrieved."""

    row: int
    chunk: Chunk
    score: float  # cosine similarity of question and passage, whichever list found it
    fused: float  # reciprocal-rank-fusion score that ordered the results
    dense_rank: int | None
    lexical_rank: int | None


def search(
    version: IndexVersion,
    query_vector: np.ndarray,
    query: str,
    *,
    k: int = 5,
    candidates: int = 50,
    per_document: int = 2,
    mode: Mode = "hybrid",
    prefer: tuple[str, ...] = (),
) -> list[Hit]:
    """Return up to k passages, at most `per_document` from any one document, best first.

    Args:
        prefer: documents a thread was about; their passages gain what a first rank in one list
            is worth, so a follow-up stays on them unless something else clearly answers better.
    """
    if version.size == 0 or k <= 0:
        return []
    query_vector = np.ascontiguousarray(query_vector, dtype=np.float32).reshape(1, -1)
    dense: list[tuple[int, float]] = []
    if mode != "lexical":
        scores, rows = version.vectors.search(query_vector, min(candidates, version.size))
        dense = [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]
    lexical_hits = (
        lexical.search(version.bm25, version.size, query, candidates) if mode != "dense" else []
    )

    fused: dict[int, float] = {}
    dense_rank = {row: rank for rank, (row, _) in enumerate(dense, 1)}
    lexical_rank = {row: rank for rank, (row, _) in enumerate(lexical_hits, 1)}
    for ranks in (dense_rank, lexical_rank):
        for row, rank in ranks.items():
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)

    if prefer:
        wanted = set(prefer)
        owners = version.documents_of(list(fused))
        for row in fused:
            if owners[row] in wanted:
                fused[row] += PREFER_BONUS

    cosine = dict(dense)
    missing = [row for row in fused if row not in cosine]
    if missing:
        cosine.update(
            zip(missing, (version.vectors_of(missing) @ query_vector[0]).tolist(), strict=True)
        )
    order = sorted(fused, key=lambda row: (-fused[row], -cosine[row]))

    # Diversity needs only each row's document; whole chunks are read for the rows kept.
    documents = version.documents_of(order)
    per_doc: dict[str, int] = {}
    kept: list[int] = []
    for row in order:
        if per_doc.get(documents[row], 0) >= per_document:
            continue
        per_doc[documents[row]] = per_doc.get(documents[row], 0) + 1
        kept.append(row)
        if len(kept) == k:
            break
    chunks = version.chunks(kept)
    return [
        Hit(row, chunks[row], cosine[row], fused[row], dense_rank.get(row), lexical_rank.get(row))
        for row in kept
    ]
