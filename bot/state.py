"""The bot's own state: delivered events, questions and their answers, feedback, admin log,
threads and their last turns, conversation references, and which message showed which answer.

The queries are written once for both stores (bot.storage): SQLite, or PostgreSQL shared by
several instances."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.answer import Answer, Citation, Link
from bot.followups import Previous
from bot.gaps import GapReport, gap_report
from bot.pseudonyms import adopt_key, load_key, pseudonym
from bot.storage import Database, open_database

DAY = 86400.0
EVENT_TTL = DAY  # platforms retry a delivery for minutes, never a day later
MAX_QUESTION_CHARS = 2000
MAX_REASON_CHARS = 500  # what a 👎 says was wrong
KEPT_TURNS = 5  # per thread: enough to read a follow-up, little to keep


@dataclass(frozen=True)
class AdminAttempt:
    """One logged attempt at an admin action."""

    at: str  # ISO time, UTC
    platform: str
    user: str  # hashed
    action: str
    allowed: bool


class State:
    """Every read and write of the bot's state; safe to call from many threads and, with
    PostgreSQL, from many instances at once."""

    def __init__(
        self,
        database: Database | Path,
        retention_days: int = 365,
        *,
        clock: Callable[[], float] = time.time,
        key: bytes | None = None,
    ) -> None:
        """Args:
        database: an open store, or the path of a SQLite file (made and migrated if need be).
        clock: seconds since the epoch; tests pass a fake to write old rows.
        key: what user ids are pseudonymised with (bot.pseudonyms); None: the key file
            beside a SQLite database, made at first run.
        """
        if isinstance(database, Path):
            database = open_database(None, database)
        self.db = database
        self.retention_days = retention_days
        self._clock = clock
        self._events_purged = 0.0
        if key is None:
            path = getattr(database, "path", None)
            if path is None:
                raise ValueError("a shared database needs its pseudonym key given")
            key = load_key(None, path)
        self._key = key
        try:
            adopt_key(self.db, self._key)
            self.purge()
        except BaseException:
            self.db.close()
            raise

    @property
    def where(self) -> str:
        return self.db.where

    def close(self) -> None:
        self.db.close()

    def hash_user(self, user: str) -> str:
        """A stable pseudonym for a platform user id, keyed with a key kept outside the file."""
        return pseudonym(self._key, user)

    def claim_event(self, key: str) -> bool:
        """True the first time a delivery key is seen, False for a retried duplicate; with a
        shared database, whichever instance a retry reaches."""
        now = self._clock()
        if now - self._events_purged > 3600:
            self.db.run("DELETE FROM events WHERE seen < ?", (now - EVENT_TTL,))
            self._events_purged = now
        claimed = self.db.run(
            "INSERT INTO events (key, seen) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, now)
        )
        return claimed == 1

    def log_question(self, *, platform: str, user: str, question: str, answer: Answer) -> str:
        """Record a question and the answer given; returns the id feedback and Share carry."""
        answer_id = secrets.token_hex(6)
        documents = list(dict.fromkeys(c.document for c in answer.citations))
        text = " ".join(question.split())[:MAX_QUESTION_CHARS]
        self.db.run(
            "INSERT INTO questions (id, asked, platform, person, question, answered, documents, "
            "answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        found = self.db.one("SELECT answer FROM questions WHERE id = ?", (answer_id,))
        return None if found is None or found[0] is None else _answer_of(found[0])

    def question_of(self, answer_id: str) -> str | None:
        """The question an answer id was issued for; None if unknown or purged."""
        found = self.db.one("SELECT question FROM questions WHERE id = ?", (answer_id,))
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
        with self.db.transaction() as session:
            if session.one("SELECT 1 FROM questions WHERE id = ?", (answer_id,)) is None:
                return False
            session.run(
                "INSERT INTO feedback (answer_id, person, vote, at, reason) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (answer_id, person) "
                "DO UPDATE SET vote = excluded.vote, at = excluded.at, "
                "reason = COALESCE(excluded.reason, feedback.reason)",
                (answer_id, self.hash_user(user), vote, self._clock(), said),
            )
        return True

    def log_admin_attempt(self, *, platform: str, user: str, action: str, allowed: bool) -> None:
        self.db.run(
            "INSERT INTO admin_log (at, platform, person, action, allowed) VALUES (?, ?, ?, ?, ?)",
            (self._clock(), platform, self.hash_user(user), action, int(allowed)),
        )

    def admin_log(self) -> list[AdminAttempt]:
        """Every logged admin attempt, oldest first."""
        rows = self.db.rows(
            "SELECT at, platform, person, action, allowed FROM admin_log "
            f"ORDER BY at, {self.db.row_order}"
        )
        return [
            AdminAttempt(_iso(at), p, user, action, bool(ok)) for at, p, user, action, ok in rows
        ]

    def remember_thread(self, platform: str, conversation: str) -> None:
        """Note a thread the bot was asked in, so follow-ups there need no mention."""
        self.db.run(
            "INSERT INTO threads (platform, channel, thread, at) VALUES (?, ?, '', ?) "
            "ON CONFLICT (platform, channel, thread) DO UPDATE SET at = excluded.at",
            (platform, conversation, self._clock()),
        )

    def in_thread(self, platform: str, conversation: str) -> bool:
        found = self.db.one(
            "SELECT 1 FROM threads WHERE platform = ? AND channel = ? AND thread = ''",
            (platform, conversation),
        )
        return found is not None

    def remember_turn(self, platform: str, conversation: str, turn: Previous) -> None:
        """Keep a thread's last few turns, so a follow-up there can be read against them."""
        key = self.hash_user(conversation)
        with self.db.transaction() as session:
            found = session.one(
                "SELECT recent FROM turns WHERE platform = ? AND conversation = ?", (platform, key)
            )
            recent = [*(json.loads(found[0]) if found else []), asdict(turn)][-KEPT_TURNS:]
            session.run(
                "INSERT INTO turns (platform, conversation, at, recent) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (platform, conversation) "
                "DO UPDATE SET at = excluded.at, recent = excluded.recent",
                (platform, key, self._clock(), json.dumps(recent)),
            )

    def last_turn(self, platform: str, conversation: str) -> Previous | None:
        """The thread's previous turn, or None in a new thread (or one past retention)."""
        found = self.db.one(
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
        self.db.run(
            "INSERT INTO sent (platform, message, answer_id, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform, message) "
            "DO UPDATE SET answer_id = excluded.answer_id, at = excluded.at",
            (platform, self.hash_user(message), answer_id, self._clock()),
        )

    def answer_sent_as(self, platform: str, message: str) -> str | None:
        """The answer id a platform message was sent for; None if unknown or purged."""
        found = self.db.one(
            "SELECT answer_id FROM sent WHERE platform = ? AND message = ?",
            (platform, self.hash_user(message)),
        )
        return None if found is None else str(found[0])

    def save_reference(self, platform: str, user: str, reference: dict[str, Any]) -> None:
        """Keep a conversation reference (Teams) for proactive direct messages to this user."""
        self.db.run(
            "INSERT INTO refs (platform, person, reference, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform, person) "
            "DO UPDATE SET reference = excluded.reference, at = excluded.at",
            (platform, self.hash_user(user), json.dumps(reference), self._clock()),
        )

    def reference(self, platform: str, user: str) -> dict[str, Any] | None:
        found = self.db.one(
            "SELECT reference FROM refs WHERE platform = ? AND person = ?",
            (platform, self.hash_user(user)),
        )
        return None if found is None else dict(json.loads(found[0]))

    def gap_report(self, days: int = 30, limit: int = 10) -> GapReport:
        """Questions of the last `days` days: totals, most-asked unanswered, most down-voted."""
        start = datetime.fromtimestamp(self._clock() - days * DAY, UTC).date()
        since = datetime.combine(start, datetime.min.time(), UTC).timestamp()
        order = self.db.row_order
        with self.db.transaction() as session:  # one snapshot for the three counts
            counted = session.one(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN answered = 0 THEN 1 ELSE 0 END), 0) "
                "FROM questions WHERE asked >= ?",
                (since,),
            )
            asked = session.rows(
                "SELECT question FROM questions WHERE asked >= ? AND answered = 0 "
                f"ORDER BY asked DESC, {order} DESC",
                (since,),
            )
            votes = session.rows(
                "SELECT q.id, q.question, q.documents, f.vote, f.reason "
                "FROM questions q JOIN feedback f ON f.answer_id = q.id WHERE q.asked >= ? "
                f"ORDER BY q.asked DESC, q.{order} DESC, f.at, f.person",
                (since,),
            )
        total, unanswered = counted or (0, 0)
        return gap_report(
            start.isoformat(),
            int(total),
            int(unanswered),
            [q for (q,) in asked],
            _per_answer(votes),
            limit,
        )

    def purge(self) -> int:
        """Delete questions, feedback, the admin log, threads, references and sent messages past
        retention."""
        now = self._clock()
        cutoff = now - self.retention_days * DAY
        with self.db.transaction() as session:
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
                deleted += session.run(sql, (value,))
            # Votes on a purged question would otherwise outlive it.
            deleted += session.run(
                "DELETE FROM feedback WHERE answer_id NOT IN (SELECT id FROM questions)"
            )
            deleted += session.run(
                "DELETE FROM sent WHERE answer_id NOT IN (SELECT id FROM questions)"
            )
        return deleted

    def purge_user(self, user: str) -> dict[str, int]:
        """Delete everything kept about one person (`leadbot data purge --user`): their questions
        with the votes and thread memory that go with them, their votes on other answers, their
        admin log rows and their conversation references. Returns the counts deleted, by kind."""
        who = (self.hash_user(user),)
        with self.db.transaction() as session:
            run = session.run
            asked = {
                q for (q,) in session.rows("SELECT question FROM questions WHERE person = ?", who)
            }
            counts = {
                "questions": run("DELETE FROM questions WHERE person = ?", who),
                "feedback": run(
                    "DELETE FROM feedback WHERE person = ? "
                    "OR answer_id NOT IN (SELECT id FROM questions)",
                    who,
                ),
                "admin log rows": run("DELETE FROM admin_log WHERE person = ?", who),
                "conversation references": run("DELETE FROM refs WHERE person = ?", who),
                "thread memories": 0,
            }
            run("DELETE FROM sent WHERE answer_id NOT IN (SELECT id FROM questions)")
            # Thread memory is kept per conversation, not per person: a thread holding one of
            # their questions is forgotten.
            for platform, conversation, recent in session.rows(
                "SELECT platform, conversation, recent FROM turns"
            ):
                said = {
                    " ".join(t["question"].split())[:MAX_QUESTION_CHARS] for t in json.loads(recent)
                }
                if said & asked:
                    run(
                        "DELETE FROM turns WHERE platform = ? AND conversation = ?",
                        (platform, conversation),
                    )
                    counts["thread memories"] += 1
        self.db.scrub()
        return counts


def _per_answer(
    votes: list[tuple[Any, ...]],
) -> list[tuple[str, str, int, int, str | None]]:
    """Vote rows (newest answer first) as one row per answer: question, documents, down votes,
    up votes and the down voters' reasons as a JSON list (None without any)."""
    answers: dict[str, list[Any]] = {}
    for answer_id, question, documents, vote, reason in votes:
        row = answers.setdefault(answer_id, [question, documents, 0, 0, []])
        row[2 if vote < 0 else 3] += 1
        if vote < 0 and reason is not None:
            row[4].append(reason)
    return [
        (q, d, down, up, json.dumps(r) if r else None) for q, d, down, up, r in answers.values()
    ]


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
