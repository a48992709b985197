"""A serving process builds in a child process: the report and the errors come back as they
would in-process, and the server itself never loads a second copy of the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.content import write_content

from bot.config import Settings
from bot.core import Core
from index.errors import BuildInProgress, ContentNotFound
from index.publish import build_lock
from index.store import open_version


def serving_core(tmp_path: Path, content: Path) -> Core:
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "var" / "leadbot.sqlite3"),
        }
    )
    return Core(settings, build_in_child=True)


def test_a_child_build_raises_the_builds_own_error_in_the_server(tmp_path: Path) -> None:
    core = serving_core(tmp_path, tmp_path / "no-such-content")

    with pytest.raises(ContentNotFound, match="no-such-content"):
        core.build()


def test_a_child_build_is_told_another_build_is_running(tmp_path: Path) -> None:
    core = serving_core(tmp_path, write_content(tmp_path / "content"))

    with build_lock(tmp_path / "index", wait=False), pytest.raises(BuildInProgress):
        core.build(wait=False)


@pytest.mark.slow
def test_a_child_build_publishes_and_reports_without_loading_the_model_here(
    tmp_path: Path,
) -> None:
    core = serving_core(tmp_path, write_content(tmp_path / "content"))

    report = core.build()
    again = core.build()

    assert report.published and report.full_rebuild
    assert sorted(report.added) == sorted(
        p.relative_to(tmp_path / "content").as_posix() for p in (tmp_path / "content").rglob("*.md")
    )
    assert open_version(tmp_path / "index")[0].name == report.version  # "000001", zeros kept
    assert (again.published, again.embedded, again.version) == (False, 0, report.version)
    assert core._embedder is None  # the server process never loaded the model for it
