"""Golden-set evaluation: retrieval recall@k and MRR, refusals, and threshold calibration."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from bot.answer import answer
from index.embed import Embedder
from index.search import Mode, search
from index.store import IndexVersion


@dataclass(frozen=True)
class Golden:
    question: str
    expected: tuple[str, ...]  # documents that answer it; empty for off-topic questions
    type: str  # direct | paraphrase | offtopic


@dataclass(frozen=True)
class Report:
    recall_at_k: float
    mrr: float
    cited: float  # share of answerable questions whose answer cites an expected document
    answered: float  # share of answerable questions that were answered
    refused: float  # share of off-topic questions refused
    misses: list[str]  # answerable questions with no expected document in the top k
    wrongly_answered: list[str]  # off-topic questions that got an answer


def load_golden(path: Path) -> list[Golden]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [Golden(r["question"], tuple(r["expected"]), r.get("type", "direct")) for r in rows]


def first_rank(documents: list[str], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first expected document, or None."""
    return next((i for i, doc in enumerate(documents, 1) if doc in expected), None)


def evaluate(
    golden: list[Golden], version: IndexVersion, embedder: Embedder, *, min_score: float, k: int = 5,
    mode: Mode = "hybrid",
) -> Report:  # fmt: skip
    """Score retrieval in `mode` and the answers the bot would give."""
    answerable = [g for g in golden if g.expected]
    offtopic = [g for g in golden if not g.expected]
    ranks, cited, answered, misses = [], 0, 0, []
    for item in answerable:
        vector = embedder.encode([item.question])[0]
        hits = search(version, vector, item.question, k=k, mode=mode)
        rank = first_rank([h.chunk.document for h in hits], item.expected)
        ranks.append(rank)
        if rank is None:
            misses.append(item.question)
        result = answer(item.question, version, embedder, min_score=min_score)
        answered += result.answered
        cited += any(c.document in item.expected for c in result.citations)
    wrong = [
        g.question
        for g in offtopic
        if answer(g.question, version, embedder, min_score=min_score).answered
    ]
    n = max(len(answerable), 1)
    return Report(
        recall_at_k=sum(r is not None for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        cited=cited / n,
        answered=answered / n,
        refused=1 - len(wrong) / max(len(offtopic), 1),
        misses=misses,
        wrongly_answered=wrong,
    )


def calibrate(
    golden: list[Golden], version: IndexVersion, embedder: Embedder
) -> tuple[float, list[tuple[float, bool]]]:
    """The min_score that best separates answerable from off-topic questions.

    Returns the threshold and each question's best passage score with whether it is answerable.
    """
    best_scores = []
    for item in golden:
        hits = search(version, embedder.encode([item.question])[0], item.question, k=5)
        best_scores.append((max((h.score for h in hits), default=0.0), bool(item.expected)))
    ordered = sorted(s for s, _ in best_scores)
    # Candidate thresholds sit midway between neighbouring scores, so each has a margin either side.
    candidates = [(low + high) / 2 for low, high in itertools.pairwise(ordered) if high > low]

    def balanced_accuracy(t: float) -> float:
        on = [s >= t for s, a in best_scores if a]
        off = [s < t for s, a in best_scores if not a]
        return sum(on) / max(len(on), 1) + sum(off) / max(len(off), 1)

    if not candidates:
        return (ordered[0] if ordered else 0.0), best_scores
    top = max(balanced_accuracy(t) for t in candidates)
    return next(t for t in candidates if balanced_accuracy(t) == top), best_scores
