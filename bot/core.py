"""The one object every adapter talks to: answer, suggest, reindex, status."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from bot import buildjob
from bot.answer import MAX_SENTENCES, Answer, answer
from bot.config import Settings
from bot.followups import Previous
from bot.storage import one_builder
from bot.suggest import Suggestions, suggest
from index.batching import BatchingEmbedder
from index.build import BuildReport, Progress, build
from index.embed import Embedder, SentenceTransformerEmbedder
from index.errors import LeadbotError
from index.store import IndexReader, IndexVersion


class IndexStale(LeadbotError):
    """The index was built with another embedding model than the one configured."""


@dataclass(frozen=True)
class Status:
    version: str
    built_at: str
    model: str
    documents: int
    chunks: int
    skipped: list[dict[str, str]]
    warnings: list[str]

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "version": int(self.version)}


class Core:
    """Holds the model and the index reader; safe to call from many threads."""

    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, *, build_in_child: bool = False
    ) -> None:
        """Args:
        build_in_child: build in a child process (bot.buildjob), as the server does, so a
            reindex's model copy and peak memory never count against the serving process.
        """
        self.settings = settings
        self.build_in_child = build_in_child
        # Questions answered on many threads at once share one model call (index.batching).
        self._embedder = None if embedder is None else BatchingEmbedder(embedder)
        self._embedder_lock = threading.Lock()
        self.reader = IndexReader(settings.index_dir)

    @property
    def embedder(self) -> BatchingEmbedder:
        """The embedding model, loaded on first use (status and listing never need it)."""
        with self._embedder_lock:
            if self._embedder is None:
                model = SentenceTransformerEmbedder(self.settings.embedding_model)
                self._embedder = BatchingEmbedder(model)
            return self._embedder

    def version(self) -> IndexVersion:
        """The index version to serve, checked against the configured model."""
        version = self.reader.current()
        if self._embedder is not None and version.model_id != self._embedder.model_id:
            raise IndexStale(
                f"the index was built with {version.model_id} but the model is "
                f"{self._embedder.model_id}: run `leadbot index build`"
            )
        return version

    def answer(
        self, question: str, k: int = MAX_SENTENCES, previous: Previous | None = None
    ) -> Answer:
        embedder = self.embedder
        return answer(
            question,
            self.version(),
            embedder,
            policy=self.settings.answerability,
            k=k,
            previous=previous,
        )

    def suggest(self, profile: str, k: int = 3) -> Suggestions:
        embedder = self.embedder
        return suggest(profile, self.version(), embedder, k=k)

    def build(self, progress: Progress | None = None, wait: bool = False) -> BuildReport:
        """Bring the index up to date. A serving Core builds in a child process (no progress):
        the model it loads there, and the build's peak, never count against the server."""
        # One builder across instances sharing PostgreSQL, held here from before the child starts,
        # so another instance's admin is told a build is running from the moment this one is.
        with one_builder(self.settings.database_url, wait=wait):
            return self._build(progress, wait)

    def _build(self, progress: Progress | None, wait: bool) -> BuildReport:
        if self.build_in_child:
            spec = buildjob.job(
                self.settings.content_dir,
                self.settings.index_dir,
                self.settings.embedding_model,
                max_bytes=self.settings.max_file_bytes,
                limits=self.settings.file_limits,
                keep=self.settings.keep_versions,
                wait=wait,
            )
            return buildjob.run_in_child(spec)
        return build(
            self.settings.content_dir,
            self.settings.index_dir,
            # The model itself: questions asked meanwhile must not queue behind a build's calls.
            self.embedder.inner,
            max_bytes=self.settings.max_file_bytes,
            limits=self.settings.file_limits,
            keep=self.settings.keep_versions,
            wait=wait,
            progress=progress,
        )

    def status(self) -> Status:
        version = self.reader.current()
        manifest = version.manifest
        return Status(
            version=version.name,
            built_at=manifest["built_at"],
            model=version.model_id,
            documents=manifest["counts"]["documents"],
            chunks=manifest["counts"]["chunks"],
            skipped=version.skipped,
            warnings=list(self.reader.warnings),
        )
