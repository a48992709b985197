"""The versioned store: damaged versions are refused, and readers switch to new ones safely."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support.fakes import FakeEmbedder

from index.build import build
from index.errors import IndexCorrupt, IndexNotBuilt
from index.search import search
from index.store import IndexReader, IndexVersion, file_checksum, open_version, read_pointer

LIMIT = 5 * 1024 * 1024
INDEX = Path("index")
PHYSIO = "case-studies/physio-director.md"


def _ask(version: IndexVersion, question: str) -> list[str]:
    vector = FakeEmbedder().encode([question])[0]
    return [hit.chunk.text for hit in search(version, vector, question, k=3)]


@pytest.fixture
def two_versions(content_dir: Path, embedder: FakeEmbedder) -> Path:
    """Version 1 with the sample content; version 2 (current) where the physio hit a locked door."""
    build(content_dir, INDEX, embedder, max_bytes=LIMIT)
    physio = content_dir / PHYSIO
    physio.write_text(physio.read_text().replace("a glass ceiling", "a locked door"))
    build(content_dir, INDEX, embedder, max_bytes=LIMIT)
    assert read_pointer(INDEX) == "000002"
    return content_dir


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def _wrong_checksum(path: Path) -> None:
    manifest = json.loads(path.read_text())
    manifest["files"]["vectors.faiss"] = "0" * 64
    path.write_text(json.dumps(manifest))


DAMAGE: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "truncated vectors": ("vectors.faiss", _truncate, "vectors.faiss is missing or altered"),
    "altered chunk table": ("chunks.sqlite3", _flip_last_byte, "chunks.sqlite3 is missing or"),
    "altered bm25 vocabulary": ("bm25/vocab.index.json", _flip_last_byte, "bm25/vocab.index.json"),
    "deleted bm25 postings": ("bm25/data.csc.index.npy", Path.unlink, "bm25/data.csc.index.npy"),
    "truncated manifest": ("manifest.json", _truncate, "no readable manifest"),
    "manifest checksum edited": (
        "manifest.json",
        _wrong_checksum,
        "vectors.faiss is missing or altered",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_current_version_falls_back_to_the_previous_one(
    two_versions: Path, damage: str
) -> None:
    name, spoil, problem = DAMAGE[damage]
    spoil(INDEX / "versions/000002" / name)

    version, warnings = open_version(INDEX)

    assert version.name == "000001"
    assert len(warnings) == 1
    assert "000002" in warnings[0] and problem in warnings[0]
    assert any("glass ceiling" in text for text in _ask(version, "glass ceiling physiotherapist"))


def test_a_file_that_matches_its_checksum_but_cannot_be_parsed_is_refused(
    two_versions: Path,
) -> None:
    folder = INDEX / "versions/000002"
    (folder / "vectors.faiss").write_bytes(b"not a faiss index")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["vectors.faiss"] = file_checksum(folder / "vectors.faiss")
    (folder / "manifest.json").write_text(json.dumps(manifest))

    version, warnings = open_version(INDEX)

    assert version.name == "000001"
    assert "index version 000002 cannot be read" in warnings[0]


def test_counts_that_disagree_with_the_vectors_are_refused(two_versions: Path) -> None:
    folder = INDEX / "versions/000002"
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["counts"]["chunks"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))

    version, warnings = open_version(INDEX)

    assert version.name == "000001"
    assert "000002 has 8 vectors for 9 chunks" in warnings[0]


def test_when_every_version_is_damaged_the_error_says_to_rebuild(two_versions: Path) -> None:
    _truncate(INDEX / "versions/000002/vectors.faiss")
    _flip_last_byte(INDEX / "versions/000001/chunks.sqlite3")

    with pytest.raises(IndexCorrupt) as caught:
        open_version(INDEX)

    message = str(caught.value)
    assert "000001" in message and "000002" in message
    assert "Run `leadbot index build`" in message


@pytest.mark.parametrize("state", ["no folder", "empty folder", "only a lock file"])
def test_no_index_at_all_says_to_build_one(state: str) -> None:
    if state != "no folder":
        INDEX.mkdir()
    if state == "only a lock file":
        (INDEX / ".lock").touch()
        (INDEX / "versions").mkdir()

    with pytest.raises(IndexNotBuilt, match=r"no index in index: run `leadbot index build`"):
        open_version(INDEX)
    with pytest.raises(IndexNotBuilt):
        IndexReader(INDEX).current()


def test_a_build_after_the_current_version_is_damaged_publishes_a_good_one(
    two_versions: Path, embedder: FakeEmbedder
) -> None:
    _truncate(INDEX / "versions/000002/vectors.faiss")

    report = build(two_versions, INDEX, embedder, max_bytes=LIMIT)

    assert report.published and report.version == "000003"
    assert "000002" in report.warnings[0]
    assert report.changed == [PHYSIO]  # compared with version 1, which was being served
    version, warnings = open_version(INDEX)
    assert (version.name, warnings) == ("000003", [])
    assert any("locked door" in text for text in _ask(version, "locked door physiotherapist"))


def test_a_build_over_a_damaged_only_version_rebuilds_everything(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    build(content_dir, INDEX, embedder, max_bytes=LIMIT)
    (INDEX / "versions/000001/manifest.json").write_text("{")
    embedder.encoded.clear()

    report = build(content_dir, INDEX, embedder, max_bytes=LIMIT)

    assert report.published and report.full_rebuild and report.embedded == 8
    assert "000001 has no readable manifest" in report.warnings[0]
    version, warnings = open_version(INDEX)
    assert (version.name, version.size, warnings) == ("000002", 8, [])


class OtherModel(FakeEmbedder):
    model_id = "another-model"


def test_falling_back_to_an_older_version_with_the_same_content_still_repairs_current(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    build(content_dir, INDEX, embedder, max_bytes=LIMIT)
    build(content_dir, INDEX, OtherModel(), max_bytes=LIMIT)  # an admin tried another model
    _truncate(INDEX / "versions/000002/vectors.faiss")

    report = build(content_dir, INDEX, embedder, max_bytes=LIMIT)

    # Nothing differs from version 1, but CURRENT must stop naming the damaged version 2.
    assert report.published and report.embedded == 0 and report.unchanged == 4
    assert read_pointer(INDEX) == report.version == "000003"
    assert open_version(INDEX)[1] == []


# --- IndexReader ---------------------------------------------------------------------------


def test_reader_switches_to_a_new_version_and_old_references_keep_working(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    build(content_dir, INDEX, embedder, max_bytes=LIMIT, keep=1)
    reader = IndexReader(INDEX)
    in_flight = reader.current()
    assert reader.current() is in_flight  # nothing published: the same open version
    physio = content_dir / PHYSIO
    physio.write_text(physio.read_text().replace("a glass ceiling", "a locked door"))

    build(content_dir, INDEX, embedder, max_bytes=LIMIT, keep=1)  # keep=1 deletes version 1

    assert not (INDEX / "versions/000001").exists()
    switched = reader.current()
    assert (in_flight.name, switched.name) == ("000001", "000002")
    assert any("locked door" in text for text in _ask(switched, "locked door physiotherapist"))
    # A request that started on version 1 finishes on it, files deleted or not.
    assert any("glass ceiling" in text for text in _ask(in_flight, "glass ceiling physio"))
    assert in_flight.document_chunks(PHYSIO)


def test_reader_skips_a_damaged_new_version_and_says_why(
    two_versions: Path, embedder: FakeEmbedder
) -> None:
    reader = IndexReader(INDEX)
    assert reader.current().name == "000002"
    physio = two_versions / PHYSIO
    physio.write_text(physio.read_text().replace("a locked door", "a wall"))
    build(two_versions, INDEX, embedder, max_bytes=LIMIT)
    _truncate(INDEX / "versions/000003/chunks.sqlite3")

    version = reader.current()

    assert version.name == "000002"
    assert "000003" in reader.warnings[0] and "chunks.sqlite3" in reader.warnings[0]


def test_current_naming_a_missing_version_warns_and_serves_the_newest(two_versions: Path) -> None:
    (INDEX / "CURRENT").write_text("000042\n")
    version, warnings = open_version(INDEX)
    assert version.name == "000002"
    assert any("000042" in w and "does not exist" in w for w in warnings)
