"""The embedded store: one SQLite file in WAL mode, shared by every request thread through one
locked connection."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from bot.storage import Dialect, Row, Session, failures_of

BUSY_TIMEOUT_S = 1.0  # how long a write waits for another connection's lock


class SqliteDatabase:
    dialect: Dialect = "sqlite"
    row_order = "rowid"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self._lock = threading.RLock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with _failures():
            # Autocommit (isolation_level=None): each statement is its own transaction unless
            # transaction() opens one; busy_timeout covers a second process on the same file,
            # and stays well below Slack's 3 s so a locked file cannot hold an acknowledgement.
            self.connection = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
            )
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            # A deleted row (a purged person, the old salt) is overwritten, not left in free pages.
            self.connection.execute("PRAGMA secure_delete=ON")

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock, _failures():
            return self.connection.execute(sql, params).rowcount

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock, _failures():
            return self.connection.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock, _failures():
            found: Row | None = self.connection.execute(sql, params).fetchone()
            return found

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """BEGIN IMMEDIATE: the write lock is taken at the start, so two processes migrating or
        updating the same row queue up instead of failing half-way."""
        with self._lock:
            self.run("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.run("ROLLBACK")
                raise
            self.run("COMMIT")

    def scrub(self) -> None:
        self.run("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy left in the write-ahead log

    def close(self) -> None:
        with self._lock:
            self.connection.close()


def _failures() -> AbstractContextManager[None]:
    return failures_of(sqlite3.Error)
