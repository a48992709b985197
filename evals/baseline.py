"""A naive baseline: 150-word windows, BM25 and dense search fused by reciprocal rank, no refusals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from evals.questions import CONTENT, Question, document_texts
from evals.scoring import TOP_QUOTES, Outcome, judge
from index import lexical
from index.embed import Embedder

WINDOW = 150  # words
STRIDE = 75
CANDIDATES = 50  # from each retriever
RRF_K = 60


@dataclass(frozen=True)
class Window:
    """A run of consecutive words from one document."""

    document: str
    text: str


def windows(text: str, document: str, size: int = WINDOW, stride: int = STRIDE) -> list[Window]:
    """Overlapping windows of `size` words every `stride` words; the last one reaches the end."""
    words = text.split()
    starts = list(range(0, max(len(words) - size, 0) + 1, stride))
    if starts and starts[-1] + size < len(words):
        starts.append(len(words) - size)
    return [Window(document, " ".join(words[s : s + size])) for s in starts if words]


class Baseline:
    """Window retrieval over the content folder, built in memory."""

    def __init__(self, embedder: Embedder, content: Path = CONTENT) -> None:
        self.embedder = embedder
        self.windows = [
            w for path, text in document_texts(content).items() for w in windows(text, path)
        ]
        texts = [w.text for w in self.windows]
        self.bm25 = bm25s.BM25()
        self.bm25.index(lexical.tokenize(texts), show_progress=False)
        self.vectors = np.asarray(embedder.encode(texts), dtype=np.float32)

    def search(self, question: str, k: int = TOP_QUOTES) -> list[Window]:
        """The k best windows by reciprocal rank fusion of BM25 and dense rankings."""
        lexical_rows = [
            row for row, _ in lexical.search(self.bm25, len(self.windows), question, CANDIDATES)
        ]
        # Inner product equals cosine similarity on normalised vectors.
        similarity = self.vectors @ np.asarray(self.embedder.encode([question])[0])
        dense_rows = [int(i) for i in np.argsort(-similarity)[:CANDIDATES]]
        fused: dict[int, float] = {}
        for ranking in (lexical_rows, dense_rows):
            for rank, row in enumerate(ranking, 1):
                fused[row] = fused.get(row, 0.0) + 1 / (RRF_K + rank)
        best = sorted(fused, key=lambda row: (-fused[row], row))[:k]
        return [self.windows[row] for row in best]

    def score(self, questions: Sequence[Question]) -> list[Outcome]:
        """Outcomes with the top window as the "answer" and the top 3 as the quotes; never refuses."""
        outcomes = []
        for q in questions:
            found = self.search(q.question)
            outcomes.append(
                judge(
                    q,
                    text=found[0].text if found else "",
                    answered=True,
                    quotes=[w.text for w in found],
                    cited=[(w.document, None) for w in found],
                )
            )
        return outcomes
