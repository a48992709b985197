"""Fixtures, used by name; the helpers they use are in tests/support/. No test reads a
developer's .env, var/ or Slack/Teams settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import postgres
from support.content import write_content
from support.fakes import FakeEmbedder


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder with no LeadBot, Slack or Teams settings from outside."""
    import os

    for name in list(os.environ):
        if name.startswith(("LEADBOT_", "SLACK_", "CONNECTIONS__", "MICROSOFT_", "DATABASE_URL")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content folder: a framework summary and three case studies."""
    return write_content(tmp_path / "content")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database (skipped, or failed in CI, without a server)."""
    with postgres.fresh_database() as url:
        yield url
