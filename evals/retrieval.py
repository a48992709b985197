"""Retrieval on its own: where the first expected document ranks, for hybrid, dense and BM25 search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import get_args

from evals.questions import Question
from index.embed import Embedder
from index.search import Mode, search
from index.store import IndexVersion

K = 5


@dataclass(frozen=True)
class Retrieval:
    """Recall@k and mean reciprocal rank of the expected documents for one search mode."""

    set: str
    mode: str
    n: int
    recall_at_k: float
    mrr: float

    def to_json(self) -> dict[str, object]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def first_rank(documents: Sequence[str], expected: Sequence[str]) -> int | None:
    """1-based rank of the first expected document, or None."""
    return next((i for i, doc in enumerate(documents, 1) if doc in expected), None)


def measure(
    set_name: str, questions: Sequence[Question], version: IndexVersion, embedder: Embedder, k: int = K
) -> list[Retrieval]:  # fmt: skip
    """One Retrieval per search mode over the answerable questions."""
    answerable = [q for q in questions if q.answerable]
    vectors = embedder.encode([q.question for q in answerable])
    results = []
    for mode in get_args(Mode):
        ranks = [
            first_rank([h.chunk.document for h in search(version, v, q.question, k=k, mode=mode)], q.expected)
            for q, v in zip(answerable, vectors, strict=True)
        ]  # fmt: skip
        n = max(len(ranks), 1)
        results.append(
            Retrieval(
                set=set_name,
                mode=mode,
                n=len(ranks),
                recall_at_k=sum(r is not None for r in ranks) / n,
                mrr=sum(1 / r for r in ranks if r) / n,
            )
        )
    return results
