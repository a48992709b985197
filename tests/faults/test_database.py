"""The bot's database failing under it: SQLite read-only or locked by another connection,
PostgreSQL gone. Mentions and slash commands still get the answer, once; nothing waits on the
database for long."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import postgres
from support.slackkit import Slack, payload, start_slack, texts

from bot.storage import StoreError
from bot.storage.sqlite import BUSY_TIMEOUT_S


@pytest.fixture
def read_only(slack: Slack) -> Iterator[None]:
    """The database file as a remounted disk leaves it: every write refused."""
    state = slack.services.state
    db = state.db
    with db._lock:  # swap the store's own connection for a read-only one on the same file
        db.connection.close()
        db.connection = sqlite3.connect(
            f"file:{db.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
    with pytest.raises(StoreError, match="readonly"):
        state.claim_event("probe")
    yield


@pytest.fixture
def locked(slack: Slack) -> Iterator[None]:
    """Another connection (a second process, a backup) holding a write transaction."""
    other = sqlite3.connect(slack.services.state.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO events VALUES ('held', 0)")
    yield
    other.execute("ROLLBACK")
    other.close()


def test_a_mention_is_answered_once_when_the_database_is_read_only(
    slack: Slack, read_only: None
) -> None:
    event = payload("app_mention", event_id="Ev_READ_ONLY")

    first, _, _ = slack.event(event)
    retry, _, _ = slack.event(event, **{"X-Slack-Retry-Num": "1"})
    follow_up, _, _ = slack.event(
        payload("message_im", text="What was the midwife's turning point?")
    )

    assert (first, retry, follow_up) == (200, 200, 200)
    posts = slack.fake.wait_for("chat.postMessage", count=2)
    shown = [texts(p.params["blocks"]) for p in posts]
    assert any("senior strategic AHP lead" in s for s in shown)  # the mention, answered once
    assert any("turning point" in s.lower() for s in shown)
    assert not any("Sorry" in s for s in shown)
    # Not logged, so nothing to rate: no 👍/👎 that would point at a missing row.
    assert all(b["type"] != "context_actions" for p in posts for b in p.params["blocks"])
    # The retry was dropped from memory: a third post would be the duplicate answer.
    slack.event(payload("message_im", text="What are the five themes?"))
    assert len(slack.fake.wait_for("chat.postMessage", count=3)) == 3
    assert (
        sum(
            "senior strategic AHP lead" in texts(p.params["blocks"])
            for p in slack.fake.of("chat.postMessage")
        )
        == 1
    )


def test_a_slash_command_is_answered_when_the_database_is_read_only(
    slack: Slack, read_only: None
) -> None:
    status, _, _ = slack.command("ask What are the five themes?")

    assert status == 200
    [reply] = slack.fake.wait_for("response_url")
    assert "five themes" in texts(reply.params["blocks"]).lower()


def test_a_locked_database_neither_holds_the_ack_nor_loses_the_answer(
    slack: Slack, locked: None
) -> None:
    assert BUSY_TIMEOUT_S < 3  # Slack's deadline for the acknowledgement

    status, _, _ = slack.event(payload("app_mention"))
    command, _, _ = slack.command("ask What are the five themes?")

    assert (status, command) == (200, 200)
    [posted] = slack.fake.wait_for("chat.postMessage")
    assert "senior strategic AHP lead" in texts(posted.params["blocks"])
    [reply] = slack.fake.wait_for("response_url")
    assert "five themes" in texts(reply.params["blocks"]).lower()


@pytest.fixture
def shared(tmp_path: Path, content_dir: Path, postgres_url: str) -> Iterator[Slack]:
    """LeadBot on PostgreSQL (DATABASE_URL), as one of several instances would run."""
    running = start_slack(
        tmp_path, content_dir, DATABASE_URL=postgres_url, LEADBOT_PSEUDONYM_KEY=postgres.KEY
    )
    yield running
    running.stop()


def test_a_lost_postgresql_neither_silences_nor_doubles_answers(shared: Slack) -> None:
    assert shared.services.state.where.startswith("postgresql://127.0.0.1:")
    shared.services.state.db.close()  # the server gone: every query now fails at once
    event = payload("app_mention", event_id="Ev_NO_DATABASE")

    first, _, _ = shared.event(event)
    retry, _, _ = shared.event(event, **{"X-Slack-Retry-Num": "1"})

    assert (first, retry) == (200, 200)
    [posted] = shared.fake.wait_for("chat.postMessage")
    assert "senior strategic AHP lead" in texts(posted.params["blocks"])
    shared.event(payload("message_im", text="What are the five themes?"))
    assert len(shared.fake.wait_for("chat.postMessage", count=2)) == 2  # the retry was dropped
