"""What LeadBot keeps about people, for how long, and how it is purged: retention while the server
runs, keyed pseudonyms, conversation references, and `leadbot data purge`."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from support.fakes import FakeEmbedder
from support.slackkit import WebServer
from support.teamskit import FakeConnector, messages, payload, post, teams_env

from bot.config import Settings
from bot.retention import Retention
from bot.serve import plan, web_app
from bot.services import Services
from bot.state import DAY
from index.build import build


class FakeClock:
    """Seconds since the epoch that move only when a test moves them."""

    def __init__(self) -> None:
        self.now = time.time()
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


def eventually(condition: Callable[[], bool], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def questions(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [q for (q,) in connection.execute("SELECT question FROM questions ORDER BY asked")]


def test_retention_runs_daily_while_the_server_runs(tmp_path: Path, content_dir: Path) -> None:
    fake = FakeConnector().start()
    settings = Settings.from_env(teams_env(tmp_path, content_dir, fake))
    embedder = FakeEmbedder()
    build(content_dir, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    services = Services.from_settings(settings, embedder=embedder)
    clock = FakeClock()
    retention = Retention(services.state, clock=clock, check_every=0.01)
    server = WebServer(web_app(services, plan(settings), retention)).start()
    try:
        url = f"{server.url}/api/messages"
        status, body, _ = post(url, payload("personal_message", text="Who wrote the old one?"))
        assert status == 200 and messages(body)
        with sqlite3.connect(settings.db_path) as db:  # as if asked 400 days ago
            db.execute("UPDATE questions SET asked = asked - ?", (400 * DAY,))
        post(url, payload("personal_message", text="What are the five themes?"))
        assert retention.running
        assert not eventually(lambda: len(questions(settings.db_path)) < 2, timeout=0.2)

        clock.advance(DAY)  # a day on, the server still running

        assert eventually(lambda: questions(settings.db_path) == ["What are the five themes?"])
    finally:
        server.stop()
        fake.stop()
    assert not retention.running  # stopped with the server
