"""Admin operations: who may act, reindex, sources, removing and uploading content."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path, PurePosixPath

import pytest
from pdfgen import blank_scan_pdf
from support.content import SAMPLE_CONTENT
from support.docgen import make_docx, make_pdf, make_png
from support.fakes import FakeEmbedder

from bot.admin import Admin, NotAllowed
from bot.config import Settings
from bot.content import REMOVED, Content, UploadRejected
from bot.core import Core
from bot.state import State
from index.build import BuildReport
from index.errors import BuildInProgress, LeadbotError
from index.publish import build_lock

PDF_TEXT = (
    "Radiographers in Cumbria founded a leadership circle for imaging staff.\n\n"
    "The leadership circle meets monthly and mentors band six radiographers."
)


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path) -> Settings:
    return Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content_dir),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "var" / "leadbot.sqlite3"),
            "LEADBOT_ADMINS": "UADMIN01, 6f1c0a2e-AAD-Object",
            "LEADBOT_MAX_FILE_MB": "1",
            "LEADBOT_MIN_SCORE": "0.45",
        }
    )


@pytest.fixture
def store(settings: Settings) -> State:
    return State(settings.db_path)


@pytest.fixture
def content(settings: Settings) -> Content:
    return Content(Core(settings, embedder=FakeEmbedder()))


@pytest.fixture
def admin(content: Content, store: State) -> Admin:
    return Admin(content.core, store, content)


@pytest.fixture
def built(content: Content) -> Content:
    content.reindex()
    return content


def tree(root: Path) -> dict[str, str]:
    """Every file and folder below root, hidden ones too, with file hashes."""
    found: dict[str, str] = {}
    for folder, subfolders, names in os.walk(root):
        for name in subfolders:
            found[(Path(folder) / name).relative_to(root).as_posix() + "/"] = ""
        for name in names:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def pdf_bytes(tmp_path: Path, text: str = PDF_TEXT) -> bytes:
    return make_pdf(
        tmp_path / "made" / "upload.pdf", [text], title="Imaging leadership circle"
    ).read_bytes()


def indexed(content: Content) -> list[str]:
    return [d.path for d in content.sources().documents]


# Who may act


def test_non_admin_is_refused_and_the_attempt_logged(admin: Admin, store: State) -> None:
    with pytest.raises(NotAllowed) as refused:
        admin.check("slack", "UNOBODY", "reindex")
    assert str(refused.value) == (
        "Only LeadBot admins can reindex. Ask your LeadBot admin to add you to LEADBOT_ADMINS."
    )
    [attempt] = store.admin_log()
    assert (attempt.platform, attempt.action, attempt.allowed) == ("slack", "reindex", False)
    assert attempt.user == store.hash_user("UNOBODY")


def test_admin_is_allowed_and_logged(admin: Admin, store: State) -> None:
    admin.check("slack", "UADMIN01", "upload documents")
    admin.check("teams", "6F1C0A2E-aad-object", "remove documents")  # GUIDs ignore case
    assert [(a.platform, a.action, a.allowed) for a in store.admin_log()] == [
        ("slack", "upload documents", True),
        ("teams", "remove documents", True),
    ]
    assert admin.is_admin("UADMIN01")
    assert not admin.is_admin("UADMIN0")
    assert not admin.is_admin("")


# Reindex and sources


def test_reindex_reports_added_then_changed(content: Content, content_dir: Path) -> None:
    first = content.reindex()
    assert first.published and sorted(first.added) == sorted(SAMPLE_CONTENT)
    framework = content_dir / "framework/framework.md"
    framework.write_text(framework.read_text() + "\nBoards should publish a leadership plan.\n")
    second = content.reindex()
    assert (second.added, second.changed, second.removed) == ([], ["framework/framework.md"], [])
    assert content.reindex().published is False


def test_a_second_reindex_while_one_runs_is_refused(built: Content, settings: Settings) -> None:
    with build_lock(settings.index_dir, wait=False), pytest.raises(BuildInProgress) as busy:
        built.reindex()
    assert "another index build is running" in str(busy.value)
    # Questions are still answered from the current version meanwhile.
    with build_lock(settings.index_dir, wait=False):
        assert built.core.answer("What are the five themes of the framework?").answered


def test_sources_lists_documents_and_the_skipped_files(built: Content, content_dir: Path) -> None:
    make_png(content_dir / "related" / "chart.pdf")
    built.reindex()
    sources = built.sources()
    assert [d.path for d in sources.documents] == sorted(SAMPLE_CONTENT)
    assert sources.documents[0].title == "Case study: midwife to chief nurse"
    [skipped] = sources.skipped
    assert skipped["document"] == "related/chart.pdf"
    assert "PNG image" in skipped["reason"]
    documents, skipped_again = sources  # adapters unpack it as a pair
    assert (documents, skipped_again) == (sources.documents, sources.skipped)


# Remove


def test_remove_moves_the_file_and_its_sidecar_out_of_the_index(
    built: Content, content_dir: Path, tmp_path: Path
) -> None:
    make_pdf(content_dir / "related" / "circle.pdf", [PDF_TEXT])
    (content_dir / "related" / "circle.meta.yml").write_text('title: "Imaging circle"\n')
    built.reindex()
    assert "related/circle.pdf" in indexed(built)

    message, report = built.remove("related/circle.pdf")

    assert report.removed == ["related/circle.pdf"]
    assert "related/circle.pdf" not in indexed(built)
    assert not (content_dir / "related" / "circle.pdf").exists()
    assert not (content_dir / "related" / "circle.meta.yml").exists()
    kept = sorted(p.name for p in (content_dir / REMOVED).iterdir())
    assert len(kept) == 2
    assert kept[0].endswith("-circle.meta.yml") and kept[1].endswith("-circle.pdf")
    assert kept[0].removesuffix("circle.meta.yml") == kept[1].removesuffix("circle.pdf")
    assert message.startswith("Removed related/circle.pdf.")
    assert f"{REMOVED}/{kept[1]}" in message and "related/" in message


def test_remove_by_file_name_or_title(built: Content) -> None:
    _, by_name = built.remove("physio-director.md")
    assert by_name.removed == ["case-studies/physio-director.md"]
    _, by_title = built.remove("case study: MIDWIFE to chief nurse")
    assert by_title.removed == ["case-studies/midwife-chief-nurse.md"]


def test_removing_twice_in_one_second_keeps_both_copies(built: Content, content_dir: Path) -> None:
    original = (content_dir / "framework/framework.md").read_text()
    built.remove("framework/framework.md")
    (content_dir / "framework/framework.md").write_text(original)
    built.remove("framework/framework.md")
    assert len(list((content_dir / REMOVED).iterdir())) == 2


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("../x", "'..' would leave the content folder"),
        ("case-studies/../../x.md", "'..' would leave the content folder"),
        ("/etc/passwd", "only paths inside the content folder"),
        ("C:\\content\\x.md", "only paths inside the content folder"),
        ("README.md", "README.md is the admins' guide"),
        (f"{REMOVED}/x.md", "hidden files"),
        ("", "Say which document"),
    ],
)
def test_remove_refuses_paths_outside_the_content(
    built: Content, content_dir: Path, document: str, reason: str
) -> None:
    (content_dir / "README.md").write_text("# Admin guide\n")
    before = tree(content_dir)
    with pytest.raises(LeadbotError, match=reason.replace("(", r"\(")):
        built.remove(document)
    assert tree(content_dir) == before


def test_remove_refuses_a_link_to_outside(
    built: Content, content_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nNot content.\n")
    (content_dir / "linked.md").symlink_to(outside)
    with pytest.raises(LeadbotError, match="outside the content folder"):
        built.remove("linked.md")
    assert (content_dir / "linked.md").is_symlink() and outside.is_file()


def test_remove_unknown_document_lists_close_matches(built: Content, content_dir: Path) -> None:
    before = tree(content_dir)
    with pytest.raises(LeadbotError) as unknown:
        built.remove("physio-directr.md")
    assert "No document 'physio-directr.md'" in str(unknown.value)
    assert "case-studies/physio-director.md" in str(unknown.value)
    with pytest.raises(LeadbotError) as partial:
        built.remove("Case study")  # no exact title, so nothing is removed; three contain it
    assert str(partial.value) == (
        "No document 'Case study' in the content folder. Close matches: "
        "case-studies/midwife-chief-nurse.md, case-studies/physio-director.md, "
        "case-studies/psychologist-therapies.md."
    )
    assert tree(content_dir) == before


def test_remove_ambiguous_file_name(built: Content, content_dir: Path) -> None:
    (content_dir / "related").mkdir()
    (content_dir / "related" / "framework.md").write_text("# Another\n\nSome text here.\n")
    with pytest.raises(LeadbotError, match=r"several documents: framework/framework\.md, related"):
        built.remove("framework.md")


# Upload


def test_upload_of_a_pdf_is_saved_indexed_and_quoted(
    built: Content, content_dir: Path, tmp_path: Path
) -> None:
    data = pdf_bytes(tmp_path)
    message, report = built.accept_upload("circle.pdf", data, folder="case-studies")
    assert message == "Added case-studies/circle.pdf (“Imaging leadership circle”)."
    assert report.added == ["case-studies/circle.pdf"]
    assert (content_dir / "case-studies" / "circle.pdf").read_bytes() == data
    [record] = [d for d in built.sources().documents if d.path == "case-studies/circle.pdf"]
    assert record.kind == "case-study" and record.chunks >= 1
    answer = built.core.answer("Which radiographers founded a leadership circle for imaging staff?")
    assert answer.answered
    assert answer.citations[0].document == "case-studies/circle.pdf"
    assert "leadership circle" in answer.citations[0].quote
    assert [p.name for p in content_dir.rglob(".upload-*")] == []


def test_upload_of_a_scan_is_kept_and_the_build_says_it_cannot_be_read(
    built: Content, tmp_path: Path
) -> None:
    data = blank_scan_pdf(tmp_path / "made" / "scan.pdf").read_bytes()
    message, report = built.accept_upload("chair-letter.pdf", data)
    assert message.startswith("Added chair-letter.pdf")
    assert report.added == ["chair-letter.pdf"]
    assert any(w.startswith("chair-letter.pdf: page 1 is a scanned image") for w in report.warnings)
    [record] = [d for d in built.sources().documents if d.path == "chair-letter.pdf"]
    assert record.chunks == 1  # the placeholder that lets LeadBot say it is a scan


def test_upload_replacing_a_file_elsewhere_reports_changed(
    built: Content, content_dir: Path
) -> None:
    text = SAMPLE_CONTENT["framework/framework.md"] + "\nBoards should publish a plan.\n"
    message, report = built.accept_upload("framework.md", text.encode())
    assert message.startswith("Replaced framework/framework.md")
    assert report.changed == ["framework/framework.md"] and report.added == []
    assert (content_dir / "framework/framework.md").read_text() == text
    assert not (content_dir / "framework.md").exists()


def test_replacing_a_file_keeps_every_earlier_version_and_says_where(
    built: Content, content_dir: Path
) -> None:
    original = SAMPLE_CONTENT["framework/framework.md"]
    versions = [original + f"\nBoards should publish plan number {n}.\n" for n in (1, 2)]

    messages = [built.accept_upload("framework.md", v.encode())[0] for v in versions]

    said = [m.rsplit("The version it replaced is kept as ", 1)[1].rstrip(".") for m in messages]
    assert [(content_dir / kept).read_text() for kept in said] == [original, versions[0]]
    assert len(list((content_dir / ".removed").iterdir())) == 2
    assert (content_dir / "framework/framework.md").read_text() == versions[1]
    # What .removed/ holds is never indexed.
    assert all(not d.path.startswith(".removed") for d in built.sources().documents)


def test_upload_of_the_same_bytes_says_so(built: Content) -> None:
    data = SAMPLE_CONTENT["framework/framework.md"].encode()
    message, report = built.accept_upload("framework.md", data)
    assert "identical" in message and report.published is False


def test_upload_of_a_docx_to_the_root(built: Content, content_dir: Path, tmp_path: Path) -> None:
    made = make_docx(
        tmp_path / "made" / "plan.docx",
        [("Title", "Trust leadership plan"), ("Heading 1", "Aims"), "Grow clinical leaders."],
    )
    message, report = built.accept_upload("plan.docx", made.read_bytes())
    assert message == "Added plan.docx (“Trust leadership plan”)."
    assert report.added == ["plan.docx"]


def test_upload_path_in_the_name_is_dropped(
    built: Content, content_dir: Path, tmp_path: Path
) -> None:
    _, report = built.accept_upload("../../evil.md", b"# Evil\n\nA plain paragraph.\n")
    assert report.added == ["evil.md"]
    assert (content_dir / "evil.md").is_file()
    assert (
        not (tmp_path / "evil.md").exists() and not (content_dir.parent.parent / "evil.md").exists()
    )
    built.accept_upload("..\\..\\windows.md", b"# Windows\n\nA plain paragraph.\n")
    assert (content_dir / "windows.md").is_file()


def test_upload_waits_for_a_running_build(
    built: Content, settings: Settings, tmp_path: Path
) -> None:
    results: list[tuple[str, BuildReport]] = []
    with build_lock(settings.index_dir, wait=False):
        worker = threading.Thread(
            target=lambda: results.append(built.accept_upload("wait.pdf", pdf_bytes(tmp_path)))
        )
        worker.start()
        time.sleep(0.2)
        assert results == []
    worker.join(timeout=30)
    [(message, report)] = results
    assert message.startswith("Added wait.pdf")
    assert report.added == ["wait.pdf"]


def corrupt_pdf(tmp_path: Path) -> bytes:
    return pdf_bytes(tmp_path)[:400]


REJECTED = [
    ("corrupt PDF", "broken.pdf", corrupt_pdf, None, "could not be read as PDF"),
    (
        "PNG named .pdf",
        "chart.pdf",
        lambda p: make_png(p / "x.png").read_bytes(),
        None,
        "not a PDF",
    ),
    ("empty", "empty.md", lambda p: b"", None, "is empty"),
    ("oversized", "big.txt", lambda p: b"word " * 300_000, None, r"is 1\.5 MB, over the 1 MB"),
    (
        "unsupported",
        "setup.exe",
        lambda p: b"MZ\x90\x00",
        None,
        "is a .exe file; LeadBot reads only .md",
    ),
    ("no extension", "notes", lambda p: b"text", None, "has no file extension"),
    ("hidden name", ".env.md", lambda p: b"# x\n\ntext\n", None, "hidden file name"),
    ("README", "readme.md", lambda p: b"# x\n\ntext\n", None, "admins' guide"),
    ("no name", "../", lambda p: b"# x\n\ntext\n", None, "has no file name"),
    ("binary .md", "x.md", lambda p: b"\x00\x01\x02", None, "not UTF-8 text"),
    ("bad front matter", "x.md", lambda p: b"---\ntitle: x\n\ntext\n", None, "never closes"),
    ("folder escapes", "x.md", lambda p: b"# x\n\ntext\n", "../outside", "'..' would leave"),
    ("absolute folder", "x.md", lambda p: b"# x\n\ntext\n", "/tmp", "only paths inside"),
    ("hidden folder", "x.md", lambda p: b"# x\n\ntext\n", REMOVED, "hidden files and folders"),
    (
        "folder is a file",
        "x.md",
        lambda p: b"# x\n\ntext\n",
        "framework/framework.md",
        "in the way",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "folder", "reason"),
    [case[1:] for case in REJECTED],
    ids=[case[0] for case in REJECTED],
)
def test_rejected_upload_leaves_the_content_unchanged(
    built: Content, content_dir: Path, tmp_path: Path, name, make, folder, reason
) -> None:
    data = make(tmp_path)
    before = tree(content_dir)
    version = built.core.status().version
    with pytest.raises(UploadRejected, match=reason) as rejected:
        built.accept_upload(name, data, folder=folder)
    assert str(rejected.value).startswith("it ")  # adapters say "I didn't add <name>: <reason>"
    assert rejected.value.name in (PurePosixPath(name.replace("\\", "/")).name, None)
    assert tree(content_dir) == before
    assert built.core.status().version == version
    assert not (tmp_path / "outside").exists()


def test_upload_into_a_linked_folder_is_refused(
    built: Content, content_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (content_dir / "linked").symlink_to(tmp_path / "elsewhere")
    before = tree(content_dir)
    with pytest.raises(UploadRejected, match="link out of the content folder"):
        built.accept_upload("x.md", b"# x\n\ntext\n", folder="linked")
    assert tree(content_dir) == before and list((tmp_path / "elsewhere").iterdir()) == []


def test_upload_with_an_ambiguous_name_asks_for_a_folder(built: Content, content_dir: Path) -> None:
    (content_dir / "related").mkdir()
    (content_dir / "related" / "framework.md").write_text("# Another\n\nSome text here.\n")
    before = tree(content_dir)
    with pytest.raises(UploadRejected, match="naming the folder"):
        built.accept_upload("framework.md", b"# x\n\ntext\n")
    assert tree(content_dir) == before
    message, _ = built.accept_upload("framework.md", b"# x\n\ntext\n", folder="related")
    assert message.startswith("Replaced related/framework.md")
