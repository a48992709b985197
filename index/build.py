"""Incremental build: re-embed only new and changed files, then publish a new version."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index import chunking, loaders
from index.chunking import Chunk
from index.documents import Document
from index.embed import Embedder
from index.errors import ContentNotFound, IndexCorrupt, IndexNotBuilt, SkippedFile
from index.loaders import discover, pool
from index.loaders.files import outside, sidecars
from index.loaders.limits import DEFAULT_LIMITS, Limits
from index.publish import build_lock, prune, remove_abandoned, write_version
from index.store import SKIPPED, DocumentRecord, IndexVersion, open_version, read_pointer

BATCH = 64
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for people and for `--json`."""

    version: str | None
    published: bool  # False when nothing changed and the current version was kept
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int
    skipped: list[dict[str, str]]
    chunks: int
    embedded: int  # chunks sent to the model in this build
    full_rebuild: bool
    took_s: float
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": int(self.version) if self.version else None,
            "published": self.published,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "full_rebuild": self.full_rebuild,
            "warnings": self.warnings,
            "took_s": round(self.took_s, 3),
        }


def build(
    content_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    max_bytes: int,
    limits: Limits = DEFAULT_LIMITS,
    keep: int = 3,
    wait: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the index up to date with the content folder.

    Args:
        max_bytes, limits: what one file may be and cost to read; a file over a limit is
            skipped by name with the reason, and the rest of the build goes on.
        wait: block until another running build finishes instead of raising BuildInProgress.
    """
    started = time.perf_counter()
    if not content_dir.is_dir():
        raise ContentNotFound(
            f"content folder {content_dir} does not exist (set LEADBOT_CONTENT_DIR or pass --content)"
        )
    with build_lock(index_dir, wait):
        remove_abandoned(index_dir)  # a killed build's hidden folder, even if nothing changes now
        previous, warnings = _previous(index_dir)
        full = previous is None or _settings(previous.manifest) != _settings_for(embedder)
        old = {} if previous is None else {d.path: d for d in previous.documents()}
        paths = discover(content_dir)
        hashes = {path: content_hash(content_dir, path) for path in paths}
        reuse = [p for p in paths if not full and p in old and old[p].sha256 == hashes[p]]

        loaded: dict[str, tuple[DocumentRecord, list[Chunk]]] = {}
        loaded_warnings: dict[str, tuple[str, ...]] = {}
        skipped: list[dict[str, str]] = []
        fresh = [p for p in paths if p not in reuse]
        # Each file is read in a worker process, so that no file can stall or crash the build.
        read = pool.shared().load_all(
            content_dir,
            fresh,
            max_bytes,
            limits,
            progress=(lambda done, total: progress("reading", done, total)) if progress else None,
        )
        for path in fresh:
            result = read[path]
            if isinstance(result, SkippedFile):
                skipped.append({"document": path, "reason": result.reason})
            else:
                loaded[path], loaded_warnings[path] = _chunk(result, hashes[path], embedder)

        new_chunks = [chunk for _, chunks in loaded.values() for chunk in chunks]
        # Passages and their sentences go through the model together, in batches.
        texts = [c.embedding_text() for c in new_chunks]
        texts += [c.sentence_embedding_text(s) for c in new_chunks for _, s in c.sentences()]
        encoded = _embed(texts, embedder, progress)
        new_vectors, new_sentences = encoded[: len(new_chunks)], encoded[len(new_chunks) :]
        vectors_by_id = dict(zip((c.id for c in new_chunks), new_vectors, strict=True))
        sentences_by_id: dict[str, np.ndarray] = {}
        start = 0
        for chunk in new_chunks:
            count = len(chunk.sentences())
            sentences_by_id[chunk.id] = new_sentences[start : start + count]
            start += count

        records: list[DocumentRecord] = []
        chunks: list[Chunk] = []
        vectors: list[np.ndarray] = []
        sentence_vectors: list[np.ndarray] = []
        for path in paths:
            if path in loaded:
                record, doc_chunks = loaded[path]
                doc_vectors = [vectors_by_id[c.id] for c in doc_chunks]
                doc_sentences = [sentences_by_id[c.id] for c in doc_chunks]
            elif path in reuse and previous is not None:
                stored = previous.document_chunks(path)
                record, doc_chunks = old[path], [chunk for _, chunk in stored]
                doc_vectors = list(previous.vectors_of([row for row, _ in stored]))
                doc_sentences = [previous.sentence_vectors_of(row) for row, _ in stored]
            else:
                continue
            records.append(record)
            chunks.extend(doc_chunks)
            vectors.extend(doc_vectors)
            sentence_vectors.extend(doc_sentences)

        # What loaders noticed (scanned pages, missing front matter) is said on every build,
        # for unchanged files too, until the file is fixed.
        noticed = {path: list(found) for path, found in loaded_warnings.items()}
        if previous is not None:
            stored_docs = previous.manifest.get("documents", {})
            for path in reuse:
                noticed[path] = list(stored_docs.get(path, {}).get("warnings", []))
        warnings = warnings + [f"{path}: {w}" for path in paths for w in noticed.get(path, [])]

        added = [p for p in loaded if p not in old]
        changed = [p for p in loaded if p in old]
        removed = [p for p in old if p not in loaded and p not in reuse and p not in hashes]
        # When CURRENT names a version that failed its checks, `previous` is an older fallback:
        # publish again so that CURRENT stops naming the broken one.
        serving = previous is not None and read_pointer(index_dir) == previous.name
        if previous is not None and not full and not (added or changed or removed) and serving:
            # Which files were skipped is not the index: a new one would copy every chunk and
            # push an older version out of those kept for rollback.
            record_skipped(index_dir, previous.name, skipped)
            return BuildReport(
                previous.name, False, [], [], [], len(reuse), skipped, previous.size, 0, False,
                time.perf_counter() - started, warnings,
            )  # fmt: skip

        matrix = (
            np.vstack(vectors).astype(np.float32)
            if vectors
            else np.zeros((0, embedder.dimension), np.float32)
        )
        manifest = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **_settings_for(embedder),
            "model": {"id": embedder.model_id, "dimension": int(matrix.shape[1])},
            "counts": {"documents": len(records), "chunks": len(chunks)},
            "documents": {
                r.path: {
                    "sha256": r.sha256,
                    "chunks": r.chunks,
                    "title": r.title,
                    **({"warnings": noticed[r.path]} if noticed.get(r.path) else {}),
                }
                for r in records
            },
            "skipped": skipped,
        }
        sentence_matrix = (
            np.vstack(sentence_vectors).astype(np.float16)
            if sentence_vectors
            else np.zeros((0, matrix.shape[1]), np.float16)
        )
        manifest["counts"]["sentences"] = len(sentence_matrix)
        name = write_version(index_dir, chunks, matrix, sentence_matrix, records, manifest)
        record_skipped(index_dir, name, skipped)
        prune(index_dir, keep)
    return BuildReport(
        name, True, added, changed, removed, len(reuse), skipped, len(chunks), len(new_chunks), full,
        time.perf_counter() - started, warnings,
    )  # fmt: skip


def record_skipped(index_dir: Path, version: str, skipped: list[dict[str, str]]) -> None:
    """Record the files this build skipped and the version it leaves serving (IndexVersion.skipped)."""
    staging = index_dir / f"{SKIPPED}.tmp"
    staging.write_text(json.dumps({"version": version, "skipped": skipped}, indent=2))
    os.replace(staging, index_dir / SKIPPED)


def content_hash(content_dir: Path, path: str) -> str:
    """Hash of a file and its optional sidecar, so editing either one re-indexes the file."""
    digest = hashlib.sha256()
    target = content_dir / path
    for part in (target, *sidecars(target)):
        digest.update(part.name.encode() + b"\0")
        if outside(content_dir, part.relative_to(content_dir).as_posix()) or not part.exists():
            # Never open a file outside the folder (it may be /dev/zero); its loader skips it.
            digest.update(os.fsencode(part.resolve()) + b"\0")
            continue
        with part.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _previous(index_dir: Path) -> tuple[IndexVersion | None, list[str]]:
    try:
        return open_version(index_dir)
    except IndexNotBuilt:
        return None, []
    except IndexCorrupt as error:
        return None, [str(error)]


def _settings_for(embedder: Embedder) -> dict[str, Any]:
    return {
        "model": {"id": embedder.model_id},
        "chunking": chunking.CHUNKING_VERSION,
        "loaders": loaders.LOADERS_VERSION,
    }


def _settings(manifest: dict[str, Any]) -> dict[str, Any]:
    """What decides whether stored chunks and vectors can be reused (the model's dimension
    follows from its id, and reading it would load the model)."""
    return {
        "model": {"id": manifest.get("model", {}).get("id")},
        "chunking": manifest.get("chunking"),
        "loaders": manifest.get("loaders"),
    }


def _chunk(
    doc: Document, sha256: str, embedder: Embedder
) -> tuple[tuple[DocumentRecord, list[Chunk]], tuple[str, ...]]:
    chunks = chunking.split(doc, embedder.count_tokens, embedder.max_tokens)
    record = DocumentRecord(
        doc.path, doc.title, doc.kind, doc.url, doc.format, sha256, len(chunks), dict(doc.metadata)
    )
    return (record, chunks), doc.warnings


def _embed(texts: list[str], embedder: Embedder, progress: Progress | None) -> np.ndarray:
    parts = []
    for start in range(0, len(texts), BATCH):
        parts.append(embedder.encode(texts[start : start + BATCH]))
        if progress:
            progress("embedding", min(start + BATCH, len(texts)), len(texts))
    return np.vstack(parts) if parts else np.zeros((0, embedder.dimension), np.float32)
