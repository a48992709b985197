"""The bot's own state in SQLite: delivered events, questions and their answers, feedback, admin
log, threads and their last turns, conversation references, and which message showed which
answer."""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.answer import Answer, Citation, Link
from bot.followups import Previous
from bot.gaps import GapReport, gap_report
from bot.pseudonyms import adopt_key, load_key, pseudonym

DAY = 86400.0
EVENT_TTL = DAY  # platforms retry a delivery for minutes, never a day later
MAX_QUESTION_CHARS = 2000
MAX_REASON_CHARS = 500  # what a 👎 says was wrong
KEPT_TURNS = 5  # per thread: enough to read a follow-up, little to keep
BUSY_TIMEOUT_S = 1.0  # how long a write waits for another connection's lock
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (key TEXT PRIMARY KEY, seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS events_seen ON events (seen);
CREATE TABLE IF NOT EXISTS questions (id TEXT PRIMARY KEY, asked REAL NOT NULL,
    platform TEXT NOT NULL, user TEXT NOT NULL, question TEXT NOT NULL,
    answered INTEGER NOT NULL, documents TEXT NOT NULL, answer TEXT);
CREATE INDEX IF NOT EXISTS questions_asked ON questions (asked);
CREATE TABLE IF NOT EXISTS feedback (answer_id TEXT NOT NULL, user TEXT NOT NULL,
    vote INTEGER NOT NULL, at REAL NOT NULL, reason TEXT, PRIMARY KEY (answer_id, user));
CREATE TABLE IF NOT EXISTS admin_log (at REAL NOT NULL, platform TEXT NOT NULL,
    user TEXT NOT NULL, action TEXT NOT NULL, allowed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS threads (platform TEXT NOT NULL, channel TEXT NOT NULL,
    thread TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (platform, channel, thread));
CREATE TABLE IF NOT EXISTS turns (platform TEXT NOT NULL, conversation TEXT NOT NULL,
    at REAL NOT NULL, recent TEXT NOT NULL, PRIMARY KEY (platform, conversation));
CREATE TABLE IF NOT EXISTS refs (platform TEXT NOT NULL, user TEXT NOT NULL,
    reference TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (platform, user));
CREATE TABLE IF NOT EXISTS sent (platform TEXT NOT NULL, message TEXT NOT NULL,
    answer_id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (platform, message));
"""


@dataclass(frozen=True)
class AdminAttempt:
    """One logged attempt at an admin action."""

    at: str  # ISO time, UTC
    platform: str
    user: str  # hashed
    action: str
    allowed: bool


class State:
    """One SQLite file in WAL mode, shared by every request thread through one locked connection."""

    def __init__(
        self,
        path: Path,
        retention_days: int = 365,
        *,
        clock: Callable[[], float] = time.time,
        key: bytes | None = None,
    ) -> None:
        """Args:
        clock: seconds since the epoch; tests pass a fake to write old rows.
        key: what user ids are pseudonymised with (bot.pseudonyms); None: the key file
            beside the database, made at first run.
        """
        self.path = path
        self.retention_days = retention_days
        self._clock = clock
        self._lock = threading.RLock()
        self._events_purged = 0.0
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit (isolation_level=None): each statement is its own transaction unless
        # _transaction opens one; busy_timeout covers a second process on the same file, and
        # stays well below Slack's 3 s so a locked file cannot hold an acknowledgement.
        self._db = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        # A deleted row (a purged person, the old salt) is overwritten, not left in free pages.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(questions)")}
        if "answer" not in columns:  # a file from before answers were kept for sharing
            self._db.execute("ALTER TABLE questions ADD COLUMN answer TEXT")
        voted = {row[1] for row in self._db.execute("PRAGMA table_info(feedback)")}
        if "reason" not in voted:  # a file from before 👎 asked what was wrong
            self._db.execute("ALTER TABLE feedback ADD COLUMN reason TEXT")
        self._key = load_key(None, path) if key is None else key
        adopt_key(self._db, self._key, path)
        self.purge()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def hash_user(self, user: str) -> str:
        """A stable pseudonym for a platform user id, keyed with a key kept outside the file."""
        return pseudonym(self._key, user)

    def claim_event(self, key: str) -> bool:
        """True the first time a delivery key is seen, False for a retried duplicate."""
        now = self._clock()
        with self._lock:
            if now - self._events_purged > 3600:
                self._db.execute("DELETE FROM events WHERE seen < ?", (now - EVENT_TTL,))
                self._events_purged = now
            cursor = self._db.execute("INSERT OR IGNORE INTO events VALUES (?, ?)", (key, now))
            return cursor.rowcount == 1

    def log_question(self, *, platform: str, user: str, question: str, answer: Answer) -> str:
        """Record a question and the answer given; returns the id feedback and Share carry."""
        answer_id = secrets.token_hex(6)
        documents = list(dict.fromkeys(c.document for c in answer.citations))
        text = " ".join(question.split())[:MAX_QUESTION_CHARS]
        self._execute(
            "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                answer_id,
                self._clock(),
                platform,
                self.hash_user(user),
                text,
                int(answer.answered),
                json.dumps(documents),
                _answer_json(answer),
            ),
        )
        return answer_id

    def answer_of(self, answer_id: str) -> Answer | None:
        """The answer an id was issued for, as it was shown; None if unknown or purged."""
        found = self._one("SELECT answer FROM questions WHERE id = ?", (answer_id,))
        return None if found is None or found[0] is None else _answer_of(found[0])

    def question_of(self, answer_id: str) -> str | None:
        """The question an answer id was issued for; None if unknown or purged."""
        found = self._one("SELECT question FROM questions WHERE id = ?", (answer_id,))
        return None if found is None else str(found[0])

    def record_feedback(
        self, answer_id: str, *, user: str, vote: int, reason: str | None = None
    ) -> bool:
        """One vote (+1 or -1) per user per answer; a second click replaces the first.

        Args:
            reason: what was wrong, in the person's words (after a 👎); a vote without one
                keeps any reason given before.

        Returns False if the answer id is unknown (never issued, or purged).
        """
        if vote not in (1, -1):
            raise ValueError(f"vote must be 1 or -1, not {vote!r}")
        said = " ".join((reason or "").split())[:MAX_REASON_CHARS] or None
        with self._lock, self._transaction():
            if self._one("SELECT 1 FROM questions WHERE id = ?", (answer_id,)) is None:
                return False
            self._db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?) ON CONFLICT (answer_id, user) "
                "DO UPDATE SET vote = excluded.vote, at = excluded.at, "
                "reason = COALESCE(excluded.reason, feedback.reason)",
                (answer_id, self.hash_user(user), vote, self._clock(), said),
            )
        return True

    def log_admin_attempt(self, *, platform: str, user: str, action: str, allowed: bool) -> None:
        self._execute(
            "INSERT INTO admin_log VALUES (?, ?, ?, ?, ?)",
            (self._clock(), platform, self.hash_user(user), action, int(allowed)),
        )

    def admin_log(self) -> list[AdminAttempt]:
        """Every logged admin attempt, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, platform, user, action, allowed FROM admin_log ORDER BY at, rowid"
            ).fetchall()
        return [
            AdminAttempt(_iso(at), p, user, action, bool(ok)) for at, p, user, action, ok in rows
        ]

    def remember_thread(self, platform: str, conversation: str) -> None:
        """Note a thread the bot was asked in, so follow-ups there need no mention."""
        self._execute(
            "INSERT OR REPLACE INTO threads VALUES (?, ?, '', ?)",
            (platform, conversation, self._clock()),
        )

    def in_thread(self, platform: str, conversation: str) -> bool:
        found = self._one(
            "SELECT 1 FROM threads WHERE platform = ? AND channel = ? AND thread = ''",
            (platform, conversation),
        )
        return found is not None

    def remember_turn(self, platform: str, conversation: str, turn: Previous) -> None:
        """Keep a thread's last few turns, so a follow-up there can be read against them."""
        key = self.hash_user(conversation)
        with self._lock, self._transaction():
            found = self._db.execute(
                "SELECT recent FROM turns WHERE platform = ? AND conversation = ?", (platform, key)
            ).fetchone()
            recent = [*(json.loads(found[0]) if found else []), asdict(turn)][-KEPT_TURNS:]
            self._db.execute(
                "INSERT OR REPLACE INTO turns VALUES (?, ?, ?, ?)",
                (platform, key, self._clock(), json.dumps(recent)),
            )

    def last_turn(self, platform: str, conversation: str) -> Previous | None:
        """The thread's previous turn, or None in a new thread (or one past retention)."""
        found = self._one(
            "SELECT recent FROM turns WHERE platform = ? AND conversation = ?",
            (platform, self.hash_user(conversation)),
        )
        if found is None:
            return None
        last: dict[str, Any] = json.loads(found[0])[-1]
        return Previous(
            question=str(last["question"]),
            understood=str(last["understood"]),
            documents=tuple(last["documents"]),
            titles=tuple(last["titles"]),
            quotes=tuple(last["quotes"]),
            answered=bool(last["answered"]),
        )

    def remember_sent(self, platform: str, message: str, answer_id: str) -> None:
        """Note which answer a platform message shows (Teams' own 👍/👎 name only the message)."""
        self._execute(
            "INSERT OR REPLACE INTO sent VALUES (?, ?, ?, ?)",
            (platform, self.hash_user(message), answer_id, self._clock()),
        )

    def answer_sent_as(self, platform: str, message: str) -> str | None:
        """The answer id a platform message was sent for; None if unknown or purged."""
        found = self._one(
            "SELECT answer_id FROM sent WHERE platform = ? AND message = ?",
            (platform, self.hash_user(message)),
        )
        return None if found is None else str(found[0])

    def save_reference(self, platform: str, user: str, reference: dict[str, Any]) -> None:
        """Keep a conversation reference (Teams) for proactive direct messages to this user."""
        self._execute(
            "INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?)",
            (platform, self.hash_user(user), json.dumps(reference), self._clock()),
        )

    def reference(self, platform: str, user: str) -> dict[str, Any] | None:
        found = self._one(
            "SELECT reference FROM refs WHERE platform = ? AND user = ?",
            (platform, self.hash_user(user)),
        )
        return None if found is None else dict(json.loads(found[0]))

    def gap_report(self, days: int = 30, limit: int = 10) -> GapReport:
        """Questions of the last `days` days: totals, most-asked unanswered, most down-voted."""
        start = datetime.fromtimestamp(self._clock() - days * DAY, UTC).date()
        since = datetime.combine(start, datetime.min.time(), UTC).timestamp()
        with self._lock:
            total, unanswered = self._one(
                "SELECT COUNT(*), COALESCE(SUM(answered = 0), 0) FROM questions WHERE asked >= ?",
                (since,),
            )
            asked = self._db.execute(
                "SELECT question FROM questions WHERE asked >= ? AND answered = 0 "
                "ORDER BY asked DESC, rowid DESC",
                (since,),
            ).fetchall()
            voted = self._db.execute(
                "SELECT q.question, q.documents, SUM(f.vote < 0), SUM(f.vote > 0), "
                "json_group_array(f.reason) FILTER (WHERE f.vote < 0 AND f.reason IS NOT NULL) "
                "FROM questions q JOIN feedback f ON f.answer_id = q.id WHERE q.asked >= ? "
                "GROUP BY q.id ORDER BY q.asked DESC, q.rowid DESC",
                (since,),
            ).fetchall()
        return gap_report(
            start.isoformat(), int(total), int(unanswered), [q for (q,) in asked], voted, limit
        )

    def purge(self) -> int:
        """Delete questions, feedback, the admin log, threads, references and sent messages past
        retention."""
        now = self._clock()
        cutoff = now - self.retention_days * DAY
        with self._lock, self._transaction():
            deleted = 0
            for sql, value in (
                ("DELETE FROM questions WHERE asked < ?", cutoff),
                ("DELETE FROM feedback WHERE at < ?", cutoff),
                ("DELETE FROM admin_log WHERE at < ?", cutoff),
                ("DELETE FROM threads WHERE at < ?", cutoff),
                ("DELETE FROM turns WHERE at < ?", cutoff),
                ("DELETE FROM refs WHERE at < ?", cutoff),
                ("DELETE FROM sent WHERE at < ?", cutoff),
                ("DELETE FROM events WHERE seen < ?", now - EVENT_TTL),
            ):
                deleted += self._db.execute(sql, (value,)).rowcount
            # Votes on a purged question would otherwise outlive it.
            deleted += self._db.execute(
                "DELETE FROM feedback WHERE answer_id NOT IN (SELECT id FROM questions)"
            ).rowcount
            deleted += self._db.execute(
                "DELETE FROM sent WHERE answer_id NOT IN (SELECT id FROM questions)"
            ).rowcount
        return deleted

    def purge_user(self, user: str) -> dict[str, int]:
        """Delete everything kept about one person (`leadbot data purge --user`): their questions
        with the votes and thread memory that go with them, their votes on other answers, their
        admin log rows and their conversation references. Returns the counts deleted, by kind."""
        who = (self.hash_user(user),)
        with self._lock, self._transaction():
            run = self._db.execute
            asked = {q for (q,) in run("SELECT question FROM questions WHERE user = ?", who)}
            counts = {
                "questions": run("DELETE FROM questions WHERE user = ?", who).rowcount,
                "feedback": run(
                    "DELETE FROM feedback WHERE user = ? "
                    "OR answer_id NOT IN (SELECT id FROM questions)",
                    who,
                ).rowcount,
                "admin log rows": run("DELETE FROM admin_log WHERE user = ?", who).rowcount,
                "conversation references": run("DELETE FROM refs WHERE user = ?", who).rowcount,
                "thread memories": 0,
            }
            run("DELETE FROM sent WHERE answer_id NOT IN (SELECT id FROM questions)")
            # Thread memory is kept per conversation, not per person: a thread holding one of
            # their questions is forgotten.
            for platform, conversation, recent in run(
                "SELECT platform, conversation, recent FROM turns"
            ).fetchall():
                said = {
                    " ".join(t["question"].split())[:MAX_QUESTION_CHARS] for t in json.loads(recent)
                }
                if said & asked:
                    run(
                        "DELETE FROM turns WHERE platform = ? AND conversation = ?",
                        (platform, conversation),
                    )
                    counts["thread memories"] += 1
        self._execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy left in the write-ahead log
        return counts

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with self._lock:
            self._db.execute(sql, params)

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


def _answer_json(answer: Answer) -> str:
    return json.dumps(asdict(answer))


def _answer_of(raw: str) -> Answer:
    data: dict[str, Any] = json.loads(raw)
    return Answer(
        **data
        | {
            "citations": tuple(Citation(**c) for c in data["citations"]),
            "topics": tuple(data["topics"]),
            "related": tuple(Link(**r) for r in data["related"]),
            "full_documents": tuple(Link(**d) for d in data["full_documents"]),
        }
    )


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
