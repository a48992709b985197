"""Every limit holds per file: pages, characters, parse time and memory; the rest of the build goes on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.building import LIMIT, build_here, indexed, skip_reasons
from support.content import SAMPLE_CONTENT
from support.docgen import docx_bomb, make_docx, make_pdf
from support.fakes import FakeEmbedder

from bot.config import ConfigError, Settings
from bot.content import Content, UploadRejected
from bot.core import Core
from index.build import build
from index.loaders import pool
from index.loaders.limits import Limits
from index.store import open_version

MISBEHAVING = (sys.executable, str(Path(__file__).resolve().parent / "limitworker.py"))
SPLIT = "split it into smaller files or raise the limit"


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers whose .txt loader stalls, crashes or fails on request (tests/limitworker.py)."""
    monkeypatch.setattr(pool, "WORKER_COMMAND", MISBEHAVING)


def test_a_file_that_reads_too_long_is_skipped_and_the_rest_indexed(
    content_dir: Path, misbehaving: None
) -> None:
    (content_dir / "stuck.txt").write_text("STALL on this file")
    (content_dir / "notes.txt").write_text("Band six radiographers meet monthly.")
    report = build_here(content_dir, Limits(seconds=1))
    assert skip_reasons(report) == {
        "stuck.txt": f"took longer than 1 s to read (LEADBOT_PARSE_SECONDS); {SPLIT}"
    }
    assert indexed() == sorted([*SAMPLE_CONTENT, "notes.txt"])


def test_a_reader_that_crashes_or_fails_costs_only_its_file(
    content_dir: Path, misbehaving: None
) -> None:
    (content_dir / "segfault.txt").write_text("CRASH in a C extension")
    (content_dir / "exits.txt").write_text("EXIT half way")
    (content_dir / "bug.txt").write_text("BUG in a loader")
    (content_dir / "notes.txt").write_text("Band six radiographers meet monthly.")
    again = "save it again from the program that made it"
    report = build_here(content_dir)
    assert skip_reasons(report) == {
        "segfault.txt": f"made the reader crash (SIGSEGV); {again} and upload it again",
        "exits.txt": f"made the reader crash (exit status 3); {again} and upload it again",
        "bug.txt": f"could not be read (IndexError: list index out of range); {again}",
    }
    assert indexed() == sorted([*SAMPLE_CONTENT, "notes.txt"])


def test_a_file_that_needs_too_much_memory_is_skipped(content_dir: Path) -> None:
    docx_bomb(content_dir / "bomb.docx", megabytes=200)
    make_docx(content_dir / "paper.docx", ["The board meets monthly."])
    # The zip checks would refuse it before it is unzipped (tests/faults/test_hostile_files.py).
    report = build_here(content_dir, Limits(megabytes=64, unzipped_megabytes=1024, zip_ratio=1e6))
    assert skip_reasons(report) == {
        "bomb.docx": f"needed more than 64 MB of memory to read (LEADBOT_PARSE_MB); {SPLIT}"
    }
    assert indexed() == sorted([*SAMPLE_CONTENT, "paper.docx"])


def test_a_pdf_over_the_page_limit_is_skipped_by_name(content_dir: Path) -> None:
    make_pdf(content_dir / "long.pdf", [f"Page {n} of the strategy." for n in range(1, 4)])
    make_pdf(content_dir / "short.pdf", ["The first page.", "The second page."])
    report = build_here(content_dir, Limits(pages=2))
    assert skip_reasons(report) == {
        "long.pdf": f"has 3 pages, over the 2-page limit (LEADBOT_MAX_PAGES); {SPLIT}"
    }
    assert indexed() == sorted([*SAMPLE_CONTENT, "short.pdf"])


def test_a_file_with_too_much_text_is_skipped_by_name(content_dir: Path) -> None:
    (content_dir / "long.md").write_text("# Long\n\n" + "Radiographers lead. " * 60)
    report = build_here(content_dir, Limits(characters=1000))
    assert skip_reasons(report) == {
        "long.md": f"has 1,199 characters of text, over the 1,000 limit "
        f"(LEADBOT_MAX_CHARACTERS); {SPLIT}"
    }
    assert indexed() == sorted(SAMPLE_CONTENT)


def test_a_skipped_file_is_read_again_once_it_is_fixed(
    content_dir: Path, misbehaving: None
) -> None:
    (content_dir / "notes.txt").write_text("CRASH for now")
    assert list(skip_reasons(build_here(content_dir))) == ["notes.txt"]
    (content_dir / "notes.txt").write_text("Band six radiographers meet monthly.")
    report = build_here(content_dir)
    assert report.skipped == [] and report.added == ["notes.txt"]


def test_limits_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "LEADBOT_MAX_PAGES": "300",
            "LEADBOT_MAX_CHARACTERS": "100000",
            "LEADBOT_PARSE_SECONDS": "2.5",
            "LEADBOT_PARSE_MB": "512",
        }
    )
    assert settings.file_limits == Limits(pages=300, characters=100_000, seconds=2.5, megabytes=512)
    assert Settings.from_env({}).file_limits == Limits()


@pytest.mark.parametrize(
    ("name", "value"),
    [("LEADBOT_PARSE_SECONDS", "0"), ("LEADBOT_MAX_PAGES", "-3"), ("LEADBOT_PARSE_MB", "lots")],
)
def test_a_limit_that_would_skip_every_file_stops_start_up(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_an_admin_upload_over_a_limit_is_refused_with_the_reason_and_not_saved(
    tmp_path: Path, content_dir: Path, misbehaving: None
) -> None:
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content_dir),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "var" / "leadbot.sqlite3"),
            "LEADBOT_ADMINS": "UADMIN01",
            "LEADBOT_PARSE_SECONDS": "1",
        }
    )
    content = Content(Core(settings, embedder=FakeEmbedder()))  # what admin commands call
    # The upload is checked in a parse worker under the same budget as a build, so a file that
    # would stall the reader is refused before it is saved, and the serving process never reads it.
    with pytest.raises(UploadRejected) as refused:
        content.accept_upload("minutes.txt", b"STALL: the board's minutes")
    assert refused.value.reason == (
        f"it took longer than 1 s to read (LEADBOT_PARSE_SECONDS); {SPLIT}"
    )
    assert not (content_dir / "minutes.txt").exists()


def test_workers_load_only_the_loaders() -> None:
    # Run as the pool runs a worker: a fresh interpreter importing index.loaders.worker.
    probe = "import sys, index.loaders.worker; print(sorted({'torch', 'sentence_transformers', 'numpy', 'bot'} & set(sys.modules)))"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_workers_kept_between_builds_read_the_folder_each_build_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in (("first", "Nurses lead wards."), ("second", "Pharmacists lead teams.")):
        folder = tmp_path / name
        (folder / "content").mkdir(parents=True)
        (folder / "content" / "notes.txt").write_text(text)
        monkeypatch.chdir(folder)  # a relative content folder, as `--content content` gives
        build(Path("content"), Path("index"), FakeEmbedder(), max_bytes=LIMIT)
        version, _ = open_version(Path("index"))
        [(_, chunk)] = version.document_chunks("notes.txt")
        assert text in chunk.text
