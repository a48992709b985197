"""What LeadBot keeps about people, for how long, and how it is purged: retention while the server
runs, keyed pseudonyms, conversation references, and `leadbot data purge`."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.fakes import FakeEmbedder
from support.slackkit import WebServer
from support.teamskit import (
    ADMIN,
    BOT_ID,
    NURSE,
    FakeConnector,
    messages,
    payload,
    post,
    start_teams,
    teams_env,
)

from bot.cli import main
from bot.config import ConfigError, Settings
from bot.pseudonyms import pseudonym
from bot.retention import Retention
from bot.serve import plan, web_app
from bot.services import Services, open_state
from bot.state import DAY, State
from index.build import build

PERSONAL = "a:1personalChatWithAlexNurse0123456789"
TENANT = "11111111-2222-4333-8444-555555555555"


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


# --- pseudonyms -------------------------------------------------------------------------------


def stored_users(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        found = set()
        for table in ("questions", "feedback", "admin_log", "refs"):
            found |= {u for (u,) in connection.execute(f"SELECT person FROM {table}")}
        return found


def test_pseudonyms_are_keyed_with_a_key_kept_outside_the_database(
    tmp_path: Path, content_dir: Path
) -> None:
    running = start_teams(tmp_path, content_dir)
    try:
        running.ask("personal_message", text="What are the five themes?")
    finally:
        running.stop()
    db = running.services.settings.db_path

    key = (db.parent / "pseudonym.key").read_text().strip()
    assert stat.S_IMODE((db.parent / "pseudonym.key").stat().st_mode) == 0o600
    expected = hmac.new(key.encode(), NURSE.encode(), hashlib.sha256).hexdigest()[:16]
    assert stored_users(db) == {expected}
    with sqlite3.connect(db) as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    assert "salt" not in meta and key not in meta.values()
    # Nothing in the file re-identifies the person, as the salt did with a list of staff ids.
    for value in meta.values():
        assert hashlib.sha256((value + NURSE).encode()).hexdigest()[:16] != expected


def test_the_key_may_be_a_setting_instead_and_must_be_long(tmp_path: Path) -> None:
    key = "k" * 40
    settings = Settings.from_env(
        {"LEADBOT_DB": str(tmp_path / "db" / "x.sqlite3"), "LEADBOT_PSEUDONYM_KEY": key}
    )
    state = open_state(settings)
    assert state.hash_user(NURSE) == pseudonym(key.encode(), NURSE)
    assert not (tmp_path / "db" / "pseudonym.key").exists()
    state.close()

    result = CliRunner().invoke(
        main, ["data", "purge", "--user", NURSE], env={"LEADBOT_PSEUDONYM_KEY": "short"}
    )
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: LEADBOT_PSEUDONYM_KEY must be at least 32 characters")


def old_database(path: Path) -> str:
    """A file as LeadBot wrote it before keyed pseudonyms: a salt in `meta`; the salt."""
    state = State(path)  # today's schema
    state.close()
    salt = "0123456789abcdef0123456789abcdef"
    old = hashlib.sha256((salt + NURSE).encode()).hexdigest()[:16]
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta")
        db.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
        db.execute(
            "INSERT INTO questions VALUES ('q1', ?, 'teams', ?, 'Old question?', 0, '[]', NULL)",
            (time.time(), old),
        )
        db.execute(
            "INSERT INTO refs VALUES ('teams', ?, '{\"user\": \"x\"}', ?)", (old, time.time())
        )
    (path.parent / "pseudonym.key").unlink()
    return salt


def test_an_old_database_keeps_its_rows_and_loses_its_salt(tmp_path: Path) -> None:
    path = tmp_path / "var" / "leadbot.sqlite3"
    salt = old_database(path)

    state = State(path)

    assert state.gap_report().unanswered == 1  # the old rows still count
    assert state.hash_user(NURSE) != hashlib.sha256((salt + NURSE).encode()).hexdigest()[:16]
    assert state.reference("teams", NURSE) is None  # kept only under the old pseudonym
    state.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM meta WHERE key = 'salt'").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM refs").fetchone() == (0,)
    assert salt.encode() not in path.read_bytes()  # overwritten, not left in a free page
    assert State(path).hash_user(NURSE) == state.hash_user(NURSE)  # the key file persists


def test_a_database_refuses_a_different_key_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "leadbot.sqlite3"
    State(path, key=b"a" * 32).close()

    with pytest.raises(ConfigError, match="pseudonymised with another key") as raised:
        State(path, key=b"b" * 32)
    assert "\n" not in str(raised.value)


# --- what a Teams conversation reference keeps ------------------------------------------------


def test_a_teams_reference_keeps_nothing_about_the_person(
    tmp_path: Path, content_dir: Path
) -> None:
    running = start_teams(tmp_path, content_dir)
    try:
        running.ask("personal_message", text="hi", serviceUrl=f"{running.fake.base}/teams/")
        with sqlite3.connect(running.services.settings.db_path) as db:
            [(raw,)] = db.execute("SELECT reference FROM refs")
        running.ask(
            "channel_mention",
            text="<at>LeadBot</at> which case studies fit a midwife aiming for chief nurse?",
        )
        [sent] = running.fake.wait_for_activities()  # still delivered to the personal chat
    finally:
        running.stop()

    for personal in (NURSE, "Alex Nurse", "29:1nurseTeamsUserId", TENANT, "en-GB"):
        assert personal not in raw
    assert json.loads(raw) == {
        "channelId": "msteams",
        "serviceUrl": f"{running.fake.base}/teams/",
        "conversation": {"id": PERSONAL, "conversationType": "personal"},
        "bot": {"id": BOT_ID},
    }
    assert sent.path == f"/teams/v3/conversations/{PERSONAL}/activities"


# --- leadbot data purge --user ----------------------------------------------------------------


def test_data_purge_deletes_one_persons_rows_and_prints_counts(
    tmp_path: Path, content_dir: Path
) -> None:
    running = start_teams(tmp_path, content_dir)
    try:
        sent = running.ask_through_connector("personal_message")  # a question and a reference
        running.vote(sent, "dislike", "Wrong document")
        running.ask("personal_message", text="reindex")  # refused: an admin log row
        running.ask("personal_message", text="What should trust boards consider appointing?")
        other = {"from": {"id": "29:2other", "name": "Sam", "aadObjectId": ADMIN}}
        running.ask(
            "personal_message",
            text="What are the eight clinical groups?",
            conversation={"conversationType": "personal", "id": "a:1chatWithSam0123456789"},
            **other,
        )
    finally:
        running.stop()
    settings = running.services.settings
    env = {"LEADBOT_DB": str(settings.db_path)}
    before = stored_users(settings.db_path)

    result = CliRunner().invoke(main, ["data", "purge", "--user", NURSE], env=env)

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Deleted from {settings.db_path}: 2 questions, 1 feedback, 1 admin log rows, "
        "1 conversation references, 1 thread memories.\n"
    )
    state = State(settings.db_path)
    assert stored_users(settings.db_path) == before - {state.hash_user(NURSE)}
    assert questions(settings.db_path) == ["What are the eight clinical groups?"]
    assert state.last_turn("teams", PERSONAL) is None  # the nurse's chat memory is gone
    assert state.last_turn("teams", "a:1chatWithSam0123456789") is not None
