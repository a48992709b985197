"""Deterministic fakes for our own seams: an embedder whose vectors come from the words, and
answer policies with one stated bar."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answerability import FEATURES, Policy

DIMENSION = 64
_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Deterministic: each word hashes (crc32) to a slot, so texts sharing words are similar."""

    model_id = f"fake-crc32-{DIMENSION}"
    max_tokens = 256

    def __init__(self, dimension: int = DIMENSION) -> None:
        self.dimension = dimension  # more slots, fewer unrelated words colliding
        if dimension != DIMENSION:
            self.model_id = f"fake-crc32-{dimension}"
        self.encoded: list[str] = []  # every text sent to encode, to count re-embedding

    @property
    def passages(self) -> list[str]:
        """The passage texts encoded ("title > section\ntext"); sentences have no line break."""
        return [text for text in self.encoded if "\n" in text]

    @property
    def sentences(self) -> list[str]:
        return [text for text in self.encoded if "\n" not in text]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[i, zlib.crc32(word.encode()) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text.lower())) + 2


def threshold_policy(min_passage: float) -> Policy:
    """Answer exactly when the best passage's similarity reaches min_passage; never "closest".

    The calibrated policy suits the real model; with the fake embedder similarity is word
    overlap, so tests state the one bar they rely on.
    """
    weights = tuple(50.0 if name == "passage" else 0.0 for name in FEATURES)
    return Policy(weights, -50.0 * min_passage, 0.5, 0.5, "fake")


def write_policy(path: Path, policy: Policy) -> str:
    """Save a policy as a calibration file (for LEADBOT_ANSWERABILITY) and return its path."""
    policy.save(path)
    return str(path)
