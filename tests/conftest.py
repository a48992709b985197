"""Shared fakes and isolation: no test reads a developer's .env, var/ or Slack tokens."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

DIMENSION = 64
_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Deterministic: each word hashes (crc32) to a slot, so texts sharing words are similar."""

    model_id = "fake-crc32-64"
    dimension = DIMENSION
    max_tokens = 256

    def __init__(self) -> None:
        self.encoded: list[str] = []  # every text sent to encode, to count re-embedding

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[i, zlib.crc32(word.encode()) % DIMENSION] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text.lower())) + 2


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder with no LeadBot, Slack or Teams settings from outside."""
    import os

    for name in list(os.environ):
        if name.startswith(("LEADBOT_", "SLACK_", "CONNECTIONS__", "MICROSOFT_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
