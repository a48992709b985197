"""Incremental build and atomic publish, as an admin running `leadbot index build` sees them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from support.content import write_content
from support.docgen import make_pdf, make_png, make_zip
from support.fakes import FakeEmbedder

from index import build as build_module
from index import chunking, lexical
from index.build import BuildReport, build
from index.errors import BuildInProgress, LeadbotError
from index.publish import build_lock, point_current, prune
from index.search import search
from index.store import IndexVersion, open_version, read_pointer, version_names

LIMIT = 5 * 1024 * 1024
REPO = Path(__file__).resolve().parent.parent
MIDWIFE = "case-studies/midwife-chief-nurse.md"
PHYSIO = "case-studies/physio-director.md"
ALL_SAMPLE = [
    MIDWIFE,
    PHYSIO,
    "case-studies/psychologist-therapies.md",
    "framework/framework.md",
]


def _build(
    content: Path, embedder: FakeEmbedder, *, keep: int = 3, wait: bool = False
) -> BuildReport:
    return build(content, Path("index"), embedder, max_bytes=LIMIT, keep=keep, wait=wait)


def _served() -> IndexVersion:
    version, warnings = open_version(Path("index"))
    assert warnings == []
    return version


def _ask(version: IndexVersion, question: str) -> list[str]:
    """The documents of the passages retrieved for a question, best first."""
    vector = FakeEmbedder().encode([question])[0]
    return [hit.chunk.document for hit in search(version, vector, question, k=3)]


def _all_chunks(version: IndexVersion) -> list[chunking.Chunk]:
    """Every chunk of a version in row order, the order its sentence vectors are stored in."""
    return [c for _, c in sorted(version.chunks(list(range(version.size))).items())]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# --- incremental build -------------------------------------------------------------------


def test_first_build_embeds_every_passage_and_serves_every_file(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    report = _build(content_dir, embedder)

    assert report.published and report.full_rebuild
    assert report.version == "000001" and read_pointer(Path("index")) == "000001"
    assert report.added == ALL_SAMPLE
    assert (report.changed, report.removed, report.skipped, report.unchanged) == ([], [], [], 0)
    version = _served()
    assert [d.path for d in version.documents()] == ALL_SAMPLE
    assert report.chunks == report.embedded == version.size == len(embedder.passages) == 8
    # Every sentence of every passage gets its own stored vector, in the same model calls.
    sentences = [
        c.sentence_embedding_text(s) for c in _all_chunks(version) for _, s in c.sentences()
    ]
    assert embedder.sentences == sentences
    assert version.sentence_vectors.shape == (len(sentences), embedder.dimension)
    assert version.model_id == "fake-crc32-64"
    assert _ask(version, "glass ceiling physiotherapist")[0] == PHYSIO

    summary = report.to_json()
    assert summary["version"] == 1 and summary["added"] == ALL_SAMPLE
    assert {"changed", "removed", "unchanged", "skipped", "chunks", "took_s"} <= set(summary)


def test_second_build_with_nothing_changed_publishes_nothing(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    _build(content_dir, embedder)
    before = sorted(Path("index/versions").iterdir())
    embedder.encoded.clear()

    report = _build(content_dir, embedder)

    assert not report.published
    assert report.version == "000001" and read_pointer(Path("index")) == "000001"
    assert (report.added, report.changed, report.removed) == ([], [], [])
    assert report.unchanged == 4 and report.embedded == 0 and embedder.encoded == []
    assert report.chunks == 8
    assert sorted(Path("index/versions").iterdir()) == before


def test_changing_one_file_re_embeds_only_that_files_passages(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    _build(content_dir, embedder)
    first = _served()
    embedder.encoded.clear()
    _edit(content_dir / MIDWIFE, "a supportive mentor", "an executive coaching programme")

    report = _build(content_dir, embedder)

    assert report.published and report.version == "000002" and not report.full_rebuild
    assert report.changed == [MIDWIFE]
    assert (report.added, report.removed, report.unchanged) == ([], [], 3)
    second = _served()
    midwife = [chunk.embedding_text() for _, chunk in second.document_chunks(MIDWIFE)]
    assert sorted(embedder.passages) == sorted(midwife)
    assert report.embedded == len(midwife) == 2
    assert any("executive coaching programme" in text for text in midwife)
    # The other files' passages and vectors are carried over untouched.
    for path in ALL_SAMPLE[1:]:
        old, new = first.document_chunks(path), second.document_chunks(path)
        assert [c for _, c in old] == [c for _, c in new]
        np.testing.assert_array_equal(
            first.vectors_of([r for r, _ in old]), second.vectors_of([r for r, _ in new])
        )
        for (old_row, _), (new_row, _) in zip(old, new, strict=True):
            np.testing.assert_array_equal(
                first.sentence_vectors_of(old_row), second.sentence_vectors_of(new_row)
            )


def test_adding_a_file_reports_it_as_added(content_dir: Path, embedder: FakeEmbedder) -> None:
    _build(content_dir, embedder)
    embedder.encoded.clear()
    write_content(
        content_dir,
        {
            "case-studies/radiographer.md": "## Journey\n\nThe radiographer joined the trust board.\n"
        },
    )

    report = _build(content_dir, embedder)

    assert report.added == ["case-studies/radiographer.md"]
    assert (report.changed, report.removed, report.unchanged) == ([], [], 4)
    assert report.embedded == 1 and len(embedder.passages) == 1
    assert embedder.sentences == [
        "Radiographer > Journey: The radiographer joined the trust board."
    ]
    assert _ask(_served(), "radiographer joined the trust board")[0] == (
        "case-studies/radiographer.md"
    )


def test_deleting_a_file_removes_its_passages_from_the_served_version(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    _build(content_dir, embedder)
    assert _ask(_served(), "glass ceiling physiotherapist")[0] == PHYSIO
    (content_dir / PHYSIO).unlink()

    report = _build(content_dir, embedder)

    assert report.removed == [PHYSIO] and report.published
    assert (report.added, report.changed, report.embedded) == ([], [], 0)
    version = _served()
    assert version.document_chunks(PHYSIO) == []
    assert PHYSIO not in {d.path for d in version.documents()}
    assert version.size == report.chunks == 6
    assert PHYSIO not in _ask(version, "glass ceiling physiotherapist")


def test_editing_only_a_pdfs_sidecar_re_indexes_that_pdf(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    make_pdf(content_dir / "reviews/barriers.pdf", ["Barriers to clinical leadership."])
    sidecar = content_dir / "reviews/barriers.meta.yml"
    sidecar.write_text("title: Barriers review\nkind: guidance\nurl: https://example.nhs.uk/b\n")
    _build(content_dir, embedder)
    embedder.encoded.clear()
    _edit(sidecar, "title: Barriers review", "title: Barriers and enablers review 2018")

    report = _build(content_dir, embedder)

    assert report.changed == ["reviews/barriers.pdf"] and report.unchanged == 4
    assert embedder.encoded == [
        "Barriers and enablers review 2018\nBarriers to clinical leadership.",
        "Barriers and enablers review 2018: Barriers to clinical leadership.",
    ]
    [(_, chunk)] = _served().document_chunks("reviews/barriers.pdf")
    assert (chunk.title, chunk.kind, chunk.url) == (
        "Barriers and enablers review 2018",
        "guidance",
        "https://example.nhs.uk/b",
    )


class OtherModel(FakeEmbedder):
    model_id = "another-model"


def test_a_different_embedding_model_forces_a_full_rebuild(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    _build(content_dir, embedder)
    other = OtherModel()

    report = _build(content_dir, other)

    assert report.published and report.full_rebuild
    assert report.embedded == report.chunks == len(other.passages) == 8
    assert report.unchanged == 0
    assert _served().model_id == "another-model"


def test_new_chunking_rules_force_a_full_rebuild(
    content_dir: Path, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(content_dir, embedder)
    monkeypatch.setattr(chunking, "CHUNKING_VERSION", "test-next")

    report = _build(content_dir, embedder)

    assert report.full_rebuild and report.embedded == 8


def _bad_files(content: Path) -> dict[str, str]:
    """Write one file of each kind that must be skipped; return path -> words of its reason."""
    pdf = make_pdf(content / "broken/cut.pdf", ["A page that will be cut short."]).read_bytes()
    (content / "broken/cut.pdf").write_bytes(pdf[: len(pdf) // 2])
    (content / "broken/empty.md").write_text("")
    make_png(content / "broken/picture.md")
    (content / "broken/huge.txt").write_text("Too long. " * 120_000)  # 1.2 MB
    make_zip(content / "broken/figures.xlsx", {"xl/workbook.xml": "<workbook/>"})
    return {
        "broken/cut.pdf": "could not be read as PDF",
        "broken/empty.md": "is empty",
        "broken/figures.xlsx": "is a .xlsx file",
        "broken/huge.txt": "over the 1 MB limit",
        "broken/picture.md": "PNG image",
    }


def test_bad_files_are_skipped_by_name_with_a_reason_and_the_rest_is_indexed(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    expected = _bad_files(content_dir)

    report = build(content_dir, Path("index"), embedder, max_bytes=1024 * 1024)

    reasons = {item["document"]: item["reason"] for item in report.skipped}
    assert sorted(reasons) == sorted(expected)
    for path, words in expected.items():
        assert words in reasons[path], reasons[path]
    assert report.published and report.added == ALL_SAMPLE
    assert [d.path for d in _served().documents()] == ALL_SAMPLE
    assert report.to_json()["skipped"] == report.skipped

    again = build(content_dir, Path("index"), embedder, max_bytes=1024 * 1024)
    assert not again.published and again.skipped == report.skipped

    (content_dir / "broken/empty.md").write_text("## Notes\n\nNow it has text.\n")
    fixed = build(content_dir, Path("index"), embedder, max_bytes=1024 * 1024)
    assert fixed.published and fixed.added == ["broken/empty.md"]
    assert "broken/empty.md" not in {item["document"] for item in fixed.skipped}


def test_keep_prunes_old_versions_but_never_the_current_one(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    index_dir = Path("index")
    for n in range(4):
        write_content(content_dir, {f"notes/{n}.md": f"## Note\n\nNote number {n}.\n"})
        _build(content_dir, embedder, keep=2)
    assert version_names(index_dir) == ["000004", "000003"]

    point_current(index_dir, "000003")  # an admin rolled back
    write_content(content_dir, {"notes/late.md": "## Note\n\nA late note.\n"})
    report = _build(content_dir, embedder, keep=1)
    # The report compares with what was being served, not with the newest folder.
    assert report.added == ["notes/3.md", "notes/late.md"] and report.changed == []
    assert version_names(index_dir) == ["000005"] and read_pointer(index_dir) == "000005"

    # Pruning with the served version older than the kept ones keeps it as well.
    write_content(content_dir, {"notes/later.md": "## Note\n\nA later note.\n"})
    _build(content_dir, embedder, keep=3)
    point_current(index_dir, "000005")
    assert prune(index_dir, 0) == ["000006"]
    assert version_names(index_dir) == ["000005"]
    assert _served().name == "000005"


def test_a_missing_content_folder_is_a_clear_error_and_leaves_the_index_alone(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    _build(content_dir, embedder)

    with pytest.raises(LeadbotError, match=r"content folder .*nowhere does not exist"):
        _build(content_dir.parent / "nowhere", embedder)

    assert version_names(Path("index")) == ["000001"] and _served().size == 8


def test_an_empty_content_folder_publishes_an_empty_index(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    (tmp_path / "empty").mkdir()

    report = _build(tmp_path / "empty", embedder)

    assert report.published and report.chunks == 0
    version = _served()
    assert version.size == 0 and version.documents() == []
    assert search(version, embedder.encode(["boards"])[0], "boards") == []
    assert not _build(tmp_path / "empty", embedder).published


def test_a_build_while_another_holds_the_lock_is_refused(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    with (
        build_lock(Path("index"), wait=False),
        pytest.raises(BuildInProgress, match="another index build is running"),
    ):
        _build(content_dir, embedder)
    assert version_names(Path("index")) == []

    assert _build(content_dir, embedder).published


def test_a_waiting_build_runs_when_the_other_finishes(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    held, release = threading.Event(), threading.Event()

    def other_build() -> None:
        with build_lock(Path("index"), wait=False):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=other_build)
    thread.start()
    assert held.wait(5)
    threading.Timer(0.2, release.set).start()
    started = time.monotonic()

    report = _build(content_dir, embedder, wait=True)

    thread.join(5)
    assert report.published and time.monotonic() - started >= 0.15


def test_progress_reports_reading_and_embedding(content_dir: Path, embedder: FakeEmbedder) -> None:
    seen: list[tuple[str, int, int]] = []

    build(content_dir, Path("index"), embedder, max_bytes=LIMIT, progress=lambda *a: seen.append(a))

    assert seen[-1] == ("embedding", 16, 16)  # 8 passages and their 8 sentences
    assert ("reading", 4, 4) in seen


# --- atomic publish and crash safety ------------------------------------------------------


class FailingEmbedder(FakeEmbedder):
    """Fails on its second batch, like a model running out of memory halfway."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.encoded:
            raise MemoryError("out of memory")
        return super().encode(texts)


def _no_hidden_builds() -> bool:
    return not [p for p in Path("index/versions").iterdir() if not p.name.isdigit()]


def test_a_build_failing_halfway_leaves_the_previous_version_serving(
    content_dir: Path, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(content_dir, embedder)
    monkeypatch.setattr(build_module, "BATCH", 2)
    _edit(content_dir / PHYSIO, "glass ceiling", "locked door")
    _edit(content_dir / MIDWIFE, "a supportive mentor", "a coach")

    with pytest.raises(MemoryError):
        _build(content_dir, FailingEmbedder())

    assert read_pointer(Path("index")) == "000001"
    assert version_names(Path("index")) == ["000001"] and _no_hidden_builds()
    assert _ask(_served(), "glass ceiling physiotherapist")[0] == PHYSIO

    report = _build(content_dir, embedder)
    assert report.published and report.version == "000002"
    assert report.changed == [MIDWIFE, PHYSIO]
    assert any("locked door" in c.text for _, c in _served().document_chunks(PHYSIO))


def test_a_build_failing_while_writing_leaves_no_half_written_version(
    content_dir: Path, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(content_dir, embedder)
    (content_dir / PHYSIO).unlink()

    def disk_full(texts: list[str], directory: Path) -> None:
        directory.mkdir()
        (directory / "partial").write_bytes(b"\0" * 10)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lexical, "build", disk_full)
    with pytest.raises(OSError, match="No space left"):
        _build(content_dir, embedder)

    assert read_pointer(Path("index")) == "000001"
    assert version_names(Path("index")) == ["000001"] and _no_hidden_builds()
    assert _served().document_chunks(PHYSIO)


def _crash(content: Path, stage: str, tmp_path: Path) -> None:
    """Run tests/crashbuild.py and kill -9 it once it reaches `stage`."""
    marker = tmp_path / f"reached-{stage}"
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests/crashbuild.py"),
            str(content),
            "index",
            str(marker),
            stage,
        ],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while not marker.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                _, err = process.communicate(timeout=5)
                pytest.fail(f"the build never reached {stage}: {err.decode()[-2000:]}")
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=5) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        if process.stderr:
            process.stderr.close()


def _many_files(content: Path, count: int = 40) -> None:
    write_content(
        content,
        {
            f"notes/note-{n:02d}.md": f"## Note {n}\n\nLocal note {n} on clinical leadership.\n"
            for n in range(count)
        },
    )


def test_kill_9_while_embedding_leaves_the_previous_version_serving(
    content_dir: Path, embedder: FakeEmbedder, tmp_path: Path
) -> None:
    _build(content_dir, embedder)
    _many_files(content_dir)

    _crash(content_dir, "embedding", tmp_path)

    assert read_pointer(Path("index")) == "000001" and version_names(Path("index")) == ["000001"]
    version = _served()
    assert version.size == 8 and _ask(version, "glass ceiling physiotherapist")[0] == PHYSIO

    report = _build(content_dir, embedder)
    assert report.published and report.version == "000002" and len(report.added) == 40
    assert _no_hidden_builds()


def test_kill_9_while_writing_leaves_the_previous_version_and_is_cleaned_up(
    content_dir: Path, embedder: FakeEmbedder, tmp_path: Path
) -> None:
    _build(content_dir, embedder)
    _many_files(content_dir)

    _crash(content_dir, "writing", tmp_path)

    hidden = [p.name for p in Path("index/versions").iterdir() if not p.name.isdigit()]
    assert len(hidden) == 1 and hidden[0].startswith(".tmp-")  # killed mid-write
    assert read_pointer(Path("index")) == "000001" and version_names(Path("index")) == ["000001"]
    assert _ask(_served(), "glass ceiling physiotherapist")[0] == PHYSIO

    report = _build(content_dir, embedder)
    assert report.published and report.version == "000002"
    assert _no_hidden_builds()
    assert _served().size == 48


def test_a_no_op_build_still_removes_a_killed_builds_leftovers(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    index_dir = content_dir.parent / "index"
    build(content_dir, index_dir, embedder, max_bytes=LIMIT)
    leftover = index_dir / "versions" / ".tmp-killed"
    leftover.mkdir()
    (leftover / "vectors.faiss").write_bytes(b"half written")
    report = build(content_dir, index_dir, embedder, max_bytes=LIMIT)
    assert not report.published
    assert not leftover.exists()


def test_published_versions_are_readable_by_a_server_running_as_another_user(
    content_dir: Path, embedder: FakeEmbedder
) -> None:
    index_dir = content_dir.parent / "index"
    build(content_dir, index_dir, embedder, max_bytes=LIMIT)
    mode = (index_dir / "versions" / "000001").stat().st_mode
    assert mode & 0o005 == 0o005  # others may list and enter it
