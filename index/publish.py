"""Writing an index version: build in a hidden folder, fsync, then switch CURRENT atomically."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index import lexical, vocabulary
from index.chunking import Chunk
from index.errors import BuildInProgress
from index.store import (
    CURRENT,
    FORMAT,
    MANIFEST,
    SENTENCE_OFFSETS,
    SENTENCE_VECTORS,
    VERSIONS,
    DocumentRecord,
    file_checksum,
    read_pointer,
    version_names,
)

TMP_PREFIX = ".tmp-"


def write_version(
    index_dir: Path,
    chunks: list[Chunk],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    documents: list[DocumentRecord],
    manifest: dict[str, Any],
) -> str:
    """Write a complete version and make it current; a crash at any point leaves the old one serving.

    Args:
        sentence_vectors: one row per sentence of every chunk, in chunk order then
            `Chunk.sentences()` order.
    """
    versions = index_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=versions))
    tmp.chmod(0o755)  # mkdtemp makes it private; a server may run as another user than the builder
    try:
        _write_tables(tmp / "chunks.sqlite3", chunks, documents)
        _write_vectors(tmp / "vectors.faiss", vectors)
        _write_sentences(tmp, chunks, sentence_vectors)
        vocabulary.write(tmp / vocabulary.FILE, (chunk.embedding_text() for chunk in chunks))
        lexical.build([chunk.embedding_text() for chunk in chunks], tmp / "bm25")
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = {
            **manifest,
            "format": FORMAT,
            "files": {p.relative_to(tmp).as_posix(): file_checksum(p) for p in files},
        }
        name = _next_name(index_dir)
        manifest["version"] = int(name)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        for path in [*files, tmp / MANIFEST]:
            _fsync(path)
        _fsync(tmp / "bm25")
        _fsync(tmp)
        os.rename(tmp, versions / name)
        _fsync(versions)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_current(index_dir, name)
    return name


def point_current(index_dir: Path, name: str) -> None:
    """Atomically make `name` the version served."""
    staging = index_dir / f"{CURRENT}.tmp"
    with staging.open("w") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, index_dir / CURRENT)
    _fsync(index_dir)


def remove_abandoned(index_dir: Path) -> None:
    """Delete hidden folders left by builds that were killed; call only under the build lock."""
    for stale in (index_dir / VERSIONS).glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


def prune(index_dir: Path, keep: int) -> list[str]:
    """Delete all but the newest `keep` versions (never the current one) and abandoned builds."""
    versions = index_dir / VERSIONS
    remove_abandoned(index_dir)
    current = read_pointer(index_dir)
    removed = [n for n in version_names(index_dir)[keep:] if n != current]
    for name in removed:
        shutil.rmtree(versions / name, ignore_errors=True)
    return removed


@contextmanager
def build_lock(index_dir: Path, wait: bool) -> Iterator[None]:
    """Hold the index's build lock; the kernel frees it if the process dies."""
    import fcntl

    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildInProgress(
                "another index build is running; try again when it finishes"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_running(index_dir: Path) -> bool:
    """Whether another process or thread holds the build lock right now."""
    try:
        with build_lock(index_dir, wait=False):
            return False
    except BuildInProgress:
        return True


def _next_name(index_dir: Path) -> str:
    names = version_names(index_dir)
    return f"{(int(names[0]) + 1) if names else 1:06d}"


def _write_tables(path: Path, chunks: list[Chunk], documents: list[DocumentRecord]) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE documents (path TEXT PRIMARY KEY, title TEXT, kind TEXT, url TEXT,
                format TEXT, sha256 TEXT, chunks INTEGER, metadata TEXT);
            CREATE TABLE chunks (row INTEGER PRIMARY KEY, id TEXT, document TEXT, title TEXT,
                section TEXT, page_start TEXT, page_end TEXT, page_number INTEGER, url TEXT,
                kind TEXT, text TEXT, ordinal INTEGER, pages TEXT, roles TEXT);
            CREATE INDEX chunks_document ON chunks (document, ordinal);
            """
        )
        db.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d.path,
                    d.title,
                    d.kind,
                    d.url,
                    d.format,
                    d.sha256,
                    d.chunks,
                    json.dumps(d.metadata, default=str),
                )
                for d in documents
            ],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row,
                    *(
                        json.dumps(v) if k in ("section", "pages", "roles") else v
                        for k, v in asdict(chunk).items()
                    ),
                )
                for row, chunk in enumerate(chunks)
            ],
        )
    db.close()


def _write_vectors(path: Path, vectors: np.ndarray) -> None:
    # Exact inner-product search; on normalised vectors inner product is cosine similarity.
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(
        np.ascontiguousarray(vectors, dtype=np.float32), np.arange(len(vectors), dtype=np.int64)
    )
    faiss.write_index(index, str(path))


def _write_sentences(folder: Path, chunks: list[Chunk], vectors: np.ndarray) -> None:
    # float16 halves the memory of the largest array in a version; cosine scores move by ~1e-3.
    counts = [len(chunk.sentences()) for chunk in chunks]
    if sum(counts) != len(vectors):
        raise ValueError(f"{len(vectors)} sentence vectors for {sum(counts)} sentences")
    np.save(folder / SENTENCE_VECTORS, np.ascontiguousarray(vectors, dtype=np.float16))
    np.save(folder / SENTENCE_OFFSETS, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
