"""The schema's numbered migrations: applied once, at start-up, under a lock, on both stores; a
file from before they were numbered keeps its rows."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from psycopg_pool import ConnectionPool
from support import postgres

from bot.config import ConfigError
from bot.state import State
from bot.storage import Database, Session, StoreError, migrations, open_database
from bot.storage import postgres as postgres_mod
from bot.storage.postgres import PostgresDatabase

LATEST = migrations.MIGRATIONS[-1].version


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Database]:
    """Opens (and so migrates) the test's one database, as a starting instance would."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return lambda: open_database(url, tmp_path / "leadbot.sqlite3")


def applied(database: Database) -> list[int]:
    return [v for (v,) in database.rows("SELECT version FROM schema_migrations ORDER BY version")]


def test_a_new_database_gets_every_migration_once(opener: Callable[[], Database]) -> None:
    first = opener()
    assert applied(first) == [m.version for m in migrations.MIGRATIONS]
    assert migrations.schema_version(first) == LATEST
    assert migrations.migrate(first) == []  # nothing left to do on a second start
    first.close()


def test_instances_starting_together_migrate_once(opener: Callable[[], Database]) -> None:
    start = threading.Barrier(6)
    opened: list[Database] = []
    failures: list[BaseException] = []

    def open_one() -> None:
        start.wait()
        try:
            opened.append(opener())
        except BaseException as error:  # collected: a thread's exception is otherwise lost
            failures.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert applied(opened[0]) == [m.version for m in migrations.MIGRATIONS]
    for database in opened:
        database.close()


def test_a_failing_migration_changes_nothing(
    opener: Callable[[], Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    opener().close()

    def half_done(session: Session, dialect: str) -> None:
        session.run("CREATE TABLE half_done (x INTEGER)")
        session.run("SELECT no_such_column FROM questions")

    broken = migrations.Migration(LATEST + 1, "a broken one", half_done)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    with pytest.raises(StoreError, match="no_such_column"):
        opener()

    monkeypatch.undo()
    database = opener()
    assert migrations.schema_version(database) == LATEST
    with pytest.raises(StoreError):  # the table made before the failure was rolled back too
        database.rows("SELECT x FROM half_done")
    database.close()


def test_a_file_from_before_numbered_migrations_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "leadbot.sqlite3"
    with sqlite3.connect(path) as old:  # as LeadBot 0.1 left it: `user`, no answer or reason
        old.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE questions (id TEXT PRIMARY KEY, asked REAL NOT NULL,
                platform TEXT NOT NULL, user TEXT NOT NULL, question TEXT NOT NULL,
                answered INTEGER NOT NULL, documents TEXT NOT NULL);
            CREATE TABLE feedback (answer_id TEXT NOT NULL, user TEXT NOT NULL,
                vote INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (answer_id, user));
            INSERT INTO questions VALUES ('q1', 2e9, 'slack', 'abc', 'Who leads AHPs?', 0, '[]');
            INSERT INTO feedback VALUES ('q1', 'abc', -1, 2e9);
            """
        )
    state = State(path)
    assert migrations.schema_version(state.db) == LATEST
    assert state.question_of("q1") == "Who leads AHPs?"
    assert state.record_feedback("q1", user="U1", vote=-1, reason="not answered")
    [down] = state.gap_report(days=100_000).downvoted
    assert (down.question, down.down, down.reasons) == ("Who leads AHPs?", 2, ("not answered",))
    state.close()


def test_instances_with_different_keys_cannot_share_a_database(postgres_url: str) -> None:
    first = State(open_database(postgres_url, Path()), key=postgres.KEY.encode())
    with pytest.raises(ConfigError, match="pseudonymised with another key"):
        State(open_database(postgres_url, Path()), key=b"another key, not the shared one!!")
    first.close()


def test_an_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(
        StoreError, match=r"cannot reach the database at postgresql://127\.0\.0\.1:9/x"
    ) as raised:
        open_database("postgresql://u:secret@127.0.0.1:9/x", Path())
    assert "secret" not in str(raised.value) and "\n" not in str(raised.value)


def test_a_wrong_database_name_is_the_servers_own_reason(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreError, match='database "no_such_database" does not exist'):
        open_database(missing, Path())


def test_an_unreachable_server_is_not_waited_for_on_every_call(postgres_url: str) -> None:
    """An answer's several best-effort calls would each wait for a connection: after one
    failure, calls fail at once for a while, then try the server again."""
    now = [0.0]
    database = PostgresDatabase(postgres_url, clock=lambda: now[0])
    migrations.migrate(database)
    working = database._pool
    database._pool = ConnectionPool(postgres_url, open=False)  # closed: as if the server went away
    with pytest.raises(StoreError, match="pool"):
        database.one("SELECT 1")

    database._pool = working  # back, but not asked until the pause is over
    with pytest.raises(StoreError, match="could not be reached moments ago"):
        database.one("SELECT 1")
    now[0] += postgres_mod.PAUSE_S
    assert database.one("SELECT 1") == (1,)
    database.close()


def test_an_older_leadbot_refuses_a_database_a_newer_one_migrated(
    opener: Callable[[], Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = migrations.Migration(LATEST + 1, "from the future", lambda session, dialect: None)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, newer))
    opener().close()
    monkeypatch.undo()

    with pytest.raises(StoreError, match=f"schema version {LATEST + 1}, newer than this"):
        opener()
