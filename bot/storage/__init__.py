"""Where the bot's state lives: SQLite (embedded, the default) or PostgreSQL (`DATABASE_URL`),
behind one small interface. `bot.state.State` holds the queries; this package holds connections,
transactions, the dialects' differences and the schema's migrations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

from index.errors import BuildInProgress, LeadbotError

Dialect = Literal["sqlite", "postgres"]
Row = tuple[Any, ...]


class StoreError(Exception):
    """The state store failed (locked, read-only, unreachable, full); the driver's error is the
    cause. Callers that must not stop an answer catch this one type, whichever store it is."""


class Session(Protocol):
    """Statements inside one transaction. SQL is written once with `?` placeholders."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute; the number of rows changed."""
        ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...


class Database(Session, Protocol):
    """A connection (SQLite) or a pool (PostgreSQL). Its own run/rows/one are single
    statements, each committed at once."""

    dialect: Dialect
    where: str  # for people: the file, or the server and database without a password
    row_order: str  # the column that orders rows inserted in the same instant

    def transaction(self) -> AbstractContextManager[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        ...

    def scrub(self) -> None:
        """After deleting someone's rows: leave no copy of them behind in the store's files."""
        ...

    def close(self) -> None: ...


@contextmanager
def failures_of(driver: type[Exception]) -> Iterator[None]:
    """A driver's errors as StoreError, the one type callers catch."""
    try:
        yield
    except driver as error:
        raise StoreError(f"the state database failed: {error}") from error


def open_database(url: str | None, path: Path) -> Database:
    """PostgreSQL when a URL is given, else the SQLite file at `path`; migrated to the current
    schema either way (bot.storage.migrations)."""
    from bot.storage.migrations import migrate

    if url:
        from bot.storage.postgres import PostgresDatabase

        database: Database = PostgresDatabase(url)
    else:
        from bot.storage.sqlite import SqliteDatabase

        database = SqliteDatabase(path)
    try:
        migrate(database)
    except BaseException:
        database.close()
        raise
    return database


@contextmanager
def one_builder(url: str | None, *, wait: bool) -> Iterator[None]:
    """Across instances sharing PostgreSQL, one build at a time: an advisory lock, held by the
    process that builds (BuildInProgress if another has it and `wait` is false). With SQLite
    there is one machine, and the index folder's own file lock is enough."""
    if not url:
        yield
        return
    from bot.storage.postgres import BUILD_LOCK, advisory_lock

    try:
        with advisory_lock(url, BUILD_LOCK, wait=wait) as held:
            if not held:
                raise BuildInProgress("a reindex is already running on another instance")
            yield
    except StoreError as error:
        raise LeadbotError(f"no reindex can start: {error}") from error


def building_elsewhere(url: str | None) -> bool:
    """Whether another instance holds the build lock (always False with SQLite)."""
    if not url:
        return False
    from bot.storage.postgres import BUILD_LOCK, lock_taken

    try:
        return lock_taken(url, BUILD_LOCK)
    except StoreError as error:
        raise LeadbotError(f"no reindex can start: {error}") from error
