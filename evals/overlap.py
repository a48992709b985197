"""How much of a question's wording is lifted from the documents that answer it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from evals.questions import CONTENT, Question, document_texts
from index.lexical import tokenize


@dataclass(frozen=True)
class Overlap:
    """Mean share of question stems found in the expected documents, for one group of questions."""

    group: str
    n: int
    mean: float

    def to_json(self) -> dict[str, object]:
        return {"group": self.group, "n": self.n, "mean": round(self.mean, 4)}


def overlap(q: Question, content: Path = CONTENT) -> float | None:
    """Share of q's non-stopword stems that occur in its expected documents; None if unanswerable.

    A question with no content words at all (all stop words) counts as fully lifted.
    """
    if not q.expected:
        return None
    texts = document_texts(content)
    stems = set(tokenize([q.question])[0])
    if not stems:
        return 1.0
    held: set[str] = set()
    for document in q.expected:
        held.update(_stems(texts[document]))
    return len(stems & held) / len(stems)


def summarise(questions: list[Question], content: Path = CONTENT) -> list[Overlap]:
    """Mean overlap for own-words questions, the rest, and each answerable kind."""
    scored = [(q, overlap(q, content)) for q in questions]
    scored_answerable = [(q, s) for q, s in scored if s is not None]
    groups: list[tuple[str, list[float]]] = [
        ("own_words", [s for q, s in scored_answerable if q.own_words]),
        ("not own_words", [s for q, s in scored_answerable if not q.own_words]),
    ]
    kinds = dict.fromkeys(q.kind for q, _ in scored_answerable)
    groups += [(f"kind {k}", [s for q, s in scored_answerable if q.kind == k]) for k in kinds]
    return [
        Overlap(name, len(values), sum(values) / len(values)) for name, values in groups if values
    ]


@lru_cache(maxsize=64)
def _stems(text: str) -> frozenset[str]:
    return frozenset(tokenize([text])[0])
