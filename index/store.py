"""Versioned on-disk index: reading a published, checksum-verified version.

Layout of the index folder:
    CURRENT                  the name of the version being served
    versions/000007/         one published version:
        manifest.json        model, counts, document hashes, file checksums
        chunks.sqlite3       documents and chunks tables (no pickle anywhere)
        vectors.faiss        inner-product index whose ids are chunk rows
        sentences.npy        float16 vectors of every chunk's sentences, memory-mapped
        sentence_offsets.npy chunk row r's sentences are rows offsets[r]:offsets[r+1]
        vocabulary.json      the words of the content and their counts, for spelling correction
        bm25/                bm25s index whose document i is chunk row i
    SKIPPED                  the files the last build skipped, and the version it kept
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index import lexical, vocabulary
from index.chunking import Chunk
from index.errors import IndexCorrupt, IndexNotBuilt

FORMAT = 3  # 2: sentence vectors and vocabulary; 3: each line's block role
CURRENT = "CURRENT"
SENTENCE_VECTORS = "sentences.npy"
SENTENCE_OFFSETS = "sentence_offsets.npy"
VERSIONS = "versions"
MANIFEST = "manifest.json"
# A build that changes nothing but which files it skipped publishes no version: it records the
# list here, beside the version it kept, rather than copying the whole index to say it.
SKIPPED = "SKIPPED"
CHUNK_COLUMNS = (
    "id, document, title, section, page_start, page_end, page_number, url, kind, text, ordinal, "
    "pages, roles"
)

_COLUMN_NAMES = [name.strip() for name in CHUNK_COLUMNS.split(",")]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentRecord:
    """What the index knows about one indexed file."""

    path: str
    title: str
    kind: str
    url: str | None
    format: str
    sha256: str
    chunks: int
    metadata: dict[str, Any] = field(default_factory=dict)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def version_names(index_dir: Path) -> list[str]:
    """Published version names, newest first (in-progress builds are hidden folders)."""
    folder = index_dir / VERSIONS
    if not folder.is_dir():
        return []
    return sorted(
        (p.name for p in folder.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True
    )


def read_pointer(index_dir: Path) -> str | None:
    try:
        return (index_dir / CURRENT).read_text().strip() or None
    except FileNotFoundError:
        return None


class IndexVersion:
    """One verified version, open for reading; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.manifest = _verified_manifest(path)
        try:
            self._db = sqlite3.connect(
                f"file:{path / 'chunks.sqlite3'}?mode=ro&immutable=1",
                uri=True,
                check_same_thread=False,
            )
            self.vectors = faiss.read_index(str(path / "vectors.faiss"))
            self.bm25 = lexical.load(path / "bm25")
            # Memory-mapped: a question touches only the sentences of its top passages.
            self.sentence_vectors = np.load(path / SENTENCE_VECTORS, mmap_mode="r")
            self.sentence_offsets = np.load(path / SENTENCE_OFFSETS)
            self.vocabulary = vocabulary.load(path / vocabulary.FILE)
        except Exception as error:  # a checksummed file that still fails to parse
            raise IndexCorrupt(f"index version {self.name} cannot be read: {error}") from error
        self._lock = threading.Lock()  # one sqlite3 connection, many request threads
        self.size = int(self.manifest["counts"]["chunks"])
        if self.vectors.ntotal != self.size:
            raise IndexCorrupt(
                f"index version {self.name} has {self.vectors.ntotal} vectors for {self.size} chunks"
            )
        if len(self.sentence_offsets) != self.size + 1 or int(self.sentence_offsets[-1]) != len(
            self.sentence_vectors
        ):
            raise IndexCorrupt(
                f"index version {self.name}: sentence vectors do not match its chunks"
            )
        self._documents: dict[str, DocumentRecord] | None = None

    @property
    def model_id(self) -> str:
        return str(self.manifest["model"]["id"])

    def chunks(self, rows: list[int]) -> dict[int, Chunk]:
        """The chunks stored at these rows."""
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        with self._lock:
            found = self._db.execute(
                f"SELECT row, {CHUNK_COLUMNS} FROM chunks WHERE row IN ({marks})", rows
            ).fetchall()
        return {row: _chunk(values) for row, *values in found}

    def documents_of(self, rows: list[int]) -> dict[int, str]:
        """The document each of these rows belongs to."""
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        with self._lock:
            found = self._db.execute(
                f"SELECT row, document FROM chunks WHERE row IN ({marks})", rows
            ).fetchall()
        return dict(found)

    def document_chunks(self, path: str) -> list[tuple[int, Chunk]]:
        """All (row, chunk) of one document, in reading order."""
        with self._lock:
            found = self._db.execute(
                f"SELECT row, {CHUNK_COLUMNS} FROM chunks WHERE document = ? ORDER BY ordinal",
                (path,),
            ).fetchall()
        return [(row, _chunk(values)) for row, *values in found]

    def documents(self) -> list[DocumentRecord]:
        with self._lock:
            found = self._db.execute(
                "SELECT path, title, kind, url, format, sha256, chunks, metadata FROM documents ORDER BY path"
            ).fetchall()
        return [
            DocumentRecord(path, title, kind, url, fmt, sha256, chunks, json.loads(metadata))
            for path, title, kind, url, fmt, sha256, chunks, metadata in found
        ]

    @property
    def skipped(self) -> list[dict[str, str]]:
        """The files the latest build skipped ({"document", "reason"}), as the sources list
        and status show them: that build's own list when it kept this version."""
        try:
            last = json.loads((self.path.parent.parent / SKIPPED).read_text())
            if last["version"] == self.name:
                return list(last["skipped"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or unreadable: this version's own list is the next best
        return list(self.manifest.get("skipped", []))

    def document(self, path: str) -> DocumentRecord | None:
        """One document's record, from a table read once per version."""
        if self._documents is None:
            self._documents = {record.path: record for record in self.documents()}
        return self._documents.get(path)

    def sentence_vectors_of(self, row: int) -> np.ndarray:
        """The (float16, normalised) vectors of chunk `row`'s sentences, in `Chunk.sentences()` order."""
        return self.sentence_vectors[self.sentence_offsets[row] : self.sentence_offsets[row + 1]]

    def vectors_of(self, rows: list[int]) -> np.ndarray:
        """The stored (normalised) vectors of these rows."""
        out = np.empty((len(rows), self.vectors.d), dtype=np.float32)
        for i, row in enumerate(rows):
            out[i] = self.vectors.reconstruct(int(row))
        return out


def _chunk(values: tuple[Any, ...]) -> Chunk:
    """A chunks-table row (in CHUNK_COLUMNS order) back into a Chunk."""
    row = dict(zip(_COLUMN_NAMES, values, strict=True))
    row["section"] = tuple(json.loads(row["section"]))
    row["pages"] = tuple((label, number) for label, number in json.loads(row["pages"]))
    row["roles"] = tuple(json.loads(row["roles"]))
    return Chunk(**row)


def _verified_manifest(path: Path) -> dict[str, Any]:
    """Read the manifest and check every file against its checksum."""
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
        files: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError) as error:
        raise IndexCorrupt(
            f"index version {path.name} has no readable manifest ({error})"
        ) from error
    if manifest.get("format") != FORMAT:
        raise IndexCorrupt(
            f"index version {path.name} is format {manifest.get('format')}, expected {FORMAT}"
        )
    for name, expected in files.items():
        target = path / name
        if not target.is_file() or file_checksum(target) != expected:
            raise IndexCorrupt(
                f"index version {path.name}: {name} is missing or altered (checksum mismatch)"
            )
    return manifest


def open_version(index_dir: Path) -> tuple[IndexVersion, list[str]]:
    """Open the version CURRENT names, or the newest good one before it.

    Returns the version and the warnings about versions that were refused.
    """
    pointer = read_pointer(index_dir)
    names = version_names(index_dir)
    warnings: list[str] = []
    if pointer in names:
        names = [pointer] + [n for n in names if n < pointer]
    elif pointer is not None and names:
        warnings.append(
            f"{CURRENT} names version {pointer}, which does not exist; using the newest one"
        )
        logger.warning("%s", warnings[-1])
    if not names:
        raise IndexNotBuilt(f"no index in {index_dir}: run `leadbot index build`")
    for name in names:
        try:
            version = IndexVersion(index_dir / VERSIONS / name)
        except IndexCorrupt as error:
            warnings.append(f"{error}; using an earlier version")
            logger.warning("%s", warnings[-1])
            continue
        return version, warnings
    raise IndexCorrupt(
        f"no readable index version in {index_dir}: "
        + "; ".join(warnings)
        + ". Run `leadbot index build`."
    )


class IndexReader:
    """Serves the current version and switches to a newly published one between requests."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._pointer: str | None = None
        self._version: IndexVersion | None = None
        self.warnings: list[str] = []

    def current(self) -> IndexVersion:
        """The version to answer this request from; cheap when nothing changed."""
        pointer = read_pointer(self.index_dir)
        if self._version is not None and pointer == self._pointer:
            return self._version
        with self._lock:
            if self._version is None or pointer != self._pointer:
                try:
                    self._version, self.warnings = open_version(self.index_dir)
                except (IndexCorrupt, IndexNotBuilt):
                    if self._version is None:
                        raise
                    logger.exception("keeping index version %s", self._version.name)
                self._pointer = pointer
            return self._version
