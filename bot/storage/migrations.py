"""The schema, as numbered migrations applied at start-up, each once, under a lock so two
instances starting together cannot both migrate.

Written here rather than with a migration tool: two dialects and a handful of steps need no
more than a version table, and the locks are the databases' own (SQLite's write lock,
PostgreSQL's advisory lock), freed by the server if a process dies half-way, where a tool's
lock row would stay behind for someone to break by hand. Both engines run DDL inside a
transaction, so a failed migration leaves the schema as it was.

To change the schema, append a migration; never edit one that has shipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.storage import Database, Dialect, Session, StoreError


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Session, Dialect], None]


# A PostgreSQL advisory lock key no other application on the database is likely to use.
MIGRATION_LOCK = 7_153_080_001


def migrate(database: Database) -> list[int]:
    """Apply the migrations this database lacks, in order; the versions applied."""
    applied: list[int] = []
    with database.transaction() as session:
        if database.dialect == "postgres":
            session.run("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        session.run(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied DOUBLE PRECISION NOT NULL)"
        )
        done = {version for (version,) in session.rows("SELECT version FROM schema_migrations")}
        known = MIGRATIONS[-1].version
        if done and max(done) > known:  # a newer LeadBot migrated it: this one would misread it
            raise StoreError(
                f"{database.where} has schema version {max(done)}, newer than this LeadBot's "
                f"{known}: run the newer LeadBot (an older one must not write to it)"
            )
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            migration.apply(session, database.dialect)
            session.run(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                (migration.version, migration.name, time.time()),
            )
            applied.append(migration.version)
    return applied


def schema_version(database: Database) -> int:
    found = database.one("SELECT MAX(version) FROM schema_migrations")
    return int(found[0]) if found and found[0] is not None else 0


def _tables(session: Session, dialect: Dialect) -> None:
    """The tables as LeadBot kept them before migrations were numbered. A SQLite file from then
    already has them: IF NOT EXISTS keeps its rows, and columns added since are added."""
    real = "REAL" if dialect == "sqlite" else "DOUBLE PRECISION"  # PostgreSQL's REAL is 4 bytes
    # Rows inserted in the same instant keep their order: SQLite's rowid, a sequence here.
    seq = "" if dialect == "sqlite" else ", seq BIGINT GENERATED ALWAYS AS IDENTITY"
    for sql in (
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS events (key TEXT PRIMARY KEY, seen {real} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS events_seen ON events (seen)",
        f"CREATE TABLE IF NOT EXISTS questions (id TEXT PRIMARY KEY, asked {real} NOT NULL, "
        'platform TEXT NOT NULL, "user" TEXT NOT NULL, question TEXT NOT NULL, '
        f"answered INTEGER NOT NULL, documents TEXT NOT NULL, answer TEXT{seq})",
        "CREATE INDEX IF NOT EXISTS questions_asked ON questions (asked)",
        'CREATE TABLE IF NOT EXISTS feedback (answer_id TEXT NOT NULL, "user" TEXT NOT NULL, '
        f'vote INTEGER NOT NULL, at {real} NOT NULL, reason TEXT, PRIMARY KEY (answer_id, "user"))',
        f"CREATE TABLE IF NOT EXISTS admin_log (at {real} NOT NULL, platform TEXT NOT NULL, "
        f'"user" TEXT NOT NULL, action TEXT NOT NULL, allowed INTEGER NOT NULL{seq})',
        "CREATE TABLE IF NOT EXISTS threads (platform TEXT NOT NULL, channel TEXT NOT NULL, "
        f"thread TEXT NOT NULL, at {real} NOT NULL, PRIMARY KEY (platform, channel, thread))",
        "CREATE TABLE IF NOT EXISTS turns (platform TEXT NOT NULL, conversation TEXT NOT NULL, "
        f"at {real} NOT NULL, recent TEXT NOT NULL, PRIMARY KEY (platform, conversation))",
        'CREATE TABLE IF NOT EXISTS refs (platform TEXT NOT NULL, "user" TEXT NOT NULL, '
        f'reference TEXT NOT NULL, at {real} NOT NULL, PRIMARY KEY (platform, "user"))',
        "CREATE TABLE IF NOT EXISTS sent (platform TEXT NOT NULL, message TEXT NOT NULL, "
        f"answer_id TEXT NOT NULL, at {real} NOT NULL, PRIMARY KEY (platform, message))",
    ):
        session.run(sql)
    if dialect == "sqlite":
        for table, column in (("questions", "answer"), ("feedback", "reason")):
            present = {row[1] for row in session.rows(f"PRAGMA table_info({table})")}
            if column not in present:  # a file from before answers were kept, or 👎 asked why
                session.run(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def _person(session: Session, dialect: Dialect) -> None:
    """`user` is a word PostgreSQL reserves: the pseudonymised person is `person`."""
    for table in ("questions", "feedback", "admin_log", "refs"):
        session.run(f'ALTER TABLE {table} RENAME COLUMN "user" TO person')
    session.run("CREATE INDEX IF NOT EXISTS questions_person ON questions (person)")


MIGRATIONS = (
    Migration(1, "the tables of LeadBot 0.1", _tables),
    Migration(2, "user becomes person", _person),
)
