"""The shared store: PostgreSQL through psycopg 3 and its connection pool, for several instances
of the bot (`DATABASE_URL`). Also the advisory locks that let one instance build at a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from bot.storage import Dialect, Row, Session, StoreError, failures_of

logger = logging.getLogger(__name__)
POOL_SIZE = 10  # Slack's 8 listener threads, the web process's executor, the daily purge
# Waiting for a connection, and for a server to answer, stays below Slack's 3 s: a database in
# trouble must not hold an acknowledgement (bot.deliveries falls back to memory instead).
WAIT_S = 2.0
CONNECT_TIMEOUT_S = 2
# After the server could not be reached, calls fail at once for this long instead of each
# waiting WAIT_S: an answer makes several best-effort calls, and would wait for every one.
PAUSE_S = 30.0
# Held while an instance builds the shared index (bot.storage.migrations holds ...001).
BUILD_LOCK = 7_153_080_002


class PostgresDatabase:
    dialect: Dialect = "postgres"
    row_order = "seq"

    def __init__(self, url: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.where = describe(url)
        self._clock = clock
        self._paused_until = 0.0
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            timeout=WAIT_S,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
            open=False,
            name="leadbot",
        )
        try:
            # One connection first, for the server's own reason if it fails (a wrong password,
            # no such database); the pool would only say it timed out.
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S * 2)
        except psycopg.Error as error:
            self._pool.close()
            reason = " ".join(str(error).split())
            raise StoreError(f"cannot reach the database at {self.where}: {reason}") from error

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _failures(), self._connection() as connection:
            return _Session(connection).run(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with _failures(), self._connection() as connection:
            return _Session(connection).rows(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with _failures(), self._connection() as connection:
            return _Session(connection).one(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with _failures(), self._connection() as connection, connection.transaction():
            yield _Session(connection)

    def scrub(self) -> None:
        """Deleted rows stay in PostgreSQL's pages until a vacuum reuses them: vacuum now."""
        with _failures(), self._connection() as connection:
            for table in ("questions", "feedback", "admin_log", "refs", "turns", "sent"):
                connection.execute(f"VACUUM {table}")  # fixed names, not input

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection; while the server is paused as unreachable, a StoreError at once."""
        if self._clock() < self._paused_until:
            raise StoreError(f"the database at {self.where} could not be reached moments ago")
        try:
            with self._pool.connection() as connection:
                yield connection
        except psycopg.OperationalError as error:
            if _unreachable(error):
                self._paused_until = self._clock() + PAUSE_S
                logger.warning("the database failed (%s); not retried for %.0f s", error, PAUSE_S)
            raise


class _Session:
    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._connection.execute(_placeholders(sql), params).rowcount

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._connection.execute(_placeholders(sql), params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return self._connection.execute(_placeholders(sql), params).fetchone()


@contextmanager
def advisory_lock(url: str, key: int, *, wait: bool) -> Iterator[bool]:
    """Hold a session advisory lock on its own connection for the block; yields False at once,
    holding nothing, if another session has it and `wait` is false. The server frees it if
    this process dies."""
    with _failures(), psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        if wait:
            connection.execute("SELECT pg_advisory_lock(%s)", (key,))
            held = True
        else:
            found = connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            held = bool(found and found[0])
        yield held
        # Closing the connection releases the lock.


def lock_taken(url: str, key: int) -> bool:
    """Whether another session holds the advisory lock right now."""
    with advisory_lock(url, key, wait=False) as held:
        return not held


def _unreachable(error: psycopg.OperationalError) -> bool:
    """No connection (the pool timed out or is closed), or it broke (SQLSTATE class 08, or the
    server shutting down); not a query's own failure, such as a lock or statement timeout."""
    state = error.sqlstate
    return state is None or state.startswith(("08", "57P"))


def describe(url: str) -> str:
    """The server and database a URL names, without its password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the DATABASE_URL given (it does not parse)"
    host, port, name = (
        parts.get("host", "localhost"),
        parts.get("port", "5432"),
        parts.get("dbname"),
    )
    return f"postgresql://{host}:{port}/{name or ''}"


def _placeholders(sql: str) -> str:
    """`?` (the SQL written once for both stores) as psycopg's `%s`; no statement has a `%`."""
    return sql.replace("?", "%s")


def _failures() -> AbstractContextManager[None]:
    return failures_of(psycopg.Error)
