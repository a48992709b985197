"""Where `leadbot serve` listens: HOST, and anonymous Teams development mode on loopback only."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.fakes import FakeEmbedder

import bot.web
from bot.cli import main
from bot.config import ConfigError, Settings
from bot.serve import plan, serve
from bot.services import Services
from index.build import build

TEAMS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-4000-8000-0000000b0700",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "t",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "s",
}
ANONYMOUS = {"LEADBOT_TEAMS_ANONYMOUS": "true"}


def test_every_interface_by_default_for_container_platforms_and_host_overrides_it() -> None:
    assert plan(Settings.from_env(TEAMS)).host == "0.0.0.0"
    assert plan(Settings.from_env(TEAMS | {"HOST": "10.1.2.3"})).host == "10.1.2.3"


def test_anonymous_teams_listens_on_loopback_only() -> None:
    assert plan(Settings.from_env(ANONYMOUS)).host == "127.0.0.1"
    assert plan(Settings.from_env(ANONYMOUS | {"HOST": "::1"})).host == "::1"
    assert plan(Settings.from_env(ANONYMOUS | {"HOST": "localhost"})).host == "localhost"
    for elsewhere in ("0.0.0.0", "::", "10.1.2.3", "bot.example.nhs.uk"):
        with pytest.raises(ConfigError, match=f"HOST={elsewhere} is not a loopback address"):
            plan(Settings.from_env(ANONYMOUS | {"HOST": elsewhere}))


def test_serve_refuses_anonymous_teams_on_every_interface_in_one_line(tmp_path: Path) -> None:
    env = ANONYMOUS | {"HOST": "0.0.0.0", "LEADBOT_INDEX_DIR": str(tmp_path / "index")}

    result = CliRunner().invoke(main, ["serve"], env=env)

    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: HOST=0.0.0.0 is not a loopback address")
    assert "LEADBOT_TEAMS_ANONYMOUS" in line
    assert not (tmp_path / "index").exists()  # refused before building or loading anything


def test_serve_listens_where_planned_and_logs_it(
    tmp_path: Path,
    content_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings.from_env(
        ANONYMOUS
        | {
            "LEADBOT_CONTENT_DIR": str(content_dir),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "leadbot.sqlite3"),
            "PORT": "3978",
        }
    )
    embedder = FakeEmbedder()
    build(content_dir, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    made = Services.from_settings
    # The fake model cannot cross into a build process, so this server builds in-process.
    monkeypatch.setattr(Services, "from_settings", staticmethod(lambda s, **_: made(s, embedder)))
    served: list[Any] = []
    monkeypatch.setattr(bot.web, "run", lambda app, port, host: served.append((port, host)))

    with caplog.at_level(logging.INFO, logger="bot.serve"):
        serve(settings)

    assert served == [(3978, "127.0.0.1")]
    assert "listening on 127.0.0.1 port 3978" in caplog.text
