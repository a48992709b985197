"""The bot's own state: event dedupe, questions, feedback, gap report, retention, privacy.

Every test that takes `store` or `open_store` runs against both stores, SQLite and PostgreSQL
(which needs a server: see tests/support/postgres.py)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import postgres

from bot.answer import Answer, Citation
from bot.followups import Previous
from bot.gaps import DownVoted
from bot.state import DAY, State
from bot.storage import open_database

START = 1_767_225_600.0  # 2026-01-01T00:00:00Z
RAW_USER = "U0RAWUSERID42"


class Clock:
    """A settable stand-in for time.time."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, days: float) -> None:
        self.now += days * DAY


@pytest.fixture
def clock() -> Clock:
    return Clock()


Opener = Callable[..., State]


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[Opener]:
    """Opens the test's one database, as a process starting up would (each call a new
    connection): a SQLite file with its key file, or a PostgreSQL database with a shared key."""
    opened: list[State] = []
    url: str | None = None
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    path = tmp_path / "var" / "state" / "leadbot.sqlite3"

    def open_store(retention_days: int = 365) -> State:
        if url is None:
            state = State(path, retention_days, clock=clock)
        else:
            database = open_database(url, path)
            state = State(database, retention_days, clock=clock, key=postgres.KEY.encode())
        opened.append(state)
        return state

    yield open_store
    for state in opened:
        state.close()


@pytest.fixture
def store(open_store: Opener) -> State:
    return open_store()


@pytest.fixture
def sqlite_store(tmp_path: Path, clock: Clock) -> State:
    return State(tmp_path / "var" / "state" / "leadbot.sqlite3", clock=clock)


def reply(question: str, *documents: str) -> Answer:
    """An answer citing documents, or an unanswered one if there are none."""
    citations = tuple(
        Citation(n, doc, doc.title(), None, "3", 3, None, "A quoted sentence.", 0.6)
        for n, doc in enumerate(documents, 1)
    )
    return Answer(question, "A quoted sentence. [1]", citations, bool(documents))


def ask(store: State, question: str, *documents: str, user: str = "U1") -> str:
    return store.log_question(
        platform="slack", user=user, question=question, answer=reply(question, *documents)
    )


def test_opening_creates_the_folder_and_uses_wal(sqlite_store: State) -> None:
    assert sqlite_store.db.path.is_file()
    with sqlite3.connect(sqlite_store.db.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_claim_event_is_true_once_per_key(store: State, clock: Clock) -> None:
    assert store.claim_event("slack:Ev1") is True
    assert store.claim_event("slack:Ev1") is False
    assert store.claim_event("slack:Ev2") is True
    clock.advance(1.5)
    # A day later the key is forgotten: the store does not grow with every event ever seen.
    assert store.claim_event("slack:Ev3") is True
    assert store.claim_event("slack:Ev1") is True


def test_claim_event_race_has_exactly_one_winner(open_store: Opener) -> None:
    # Two State objects are two connections, as two server processes would be.
    stores = [open_store(), open_store()]
    start = threading.Barrier(20)
    results: list[bool] = []
    lock = threading.Lock()

    def claim(i: int) -> None:
        start.wait()
        won = stores[i % 2].claim_event("slack:EvRACE")
        with lock:
            results.append(won)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20
    assert results.count(True) == 1


def test_answer_ids_are_short_random_hex(store: State) -> None:
    ids = {ask(store, "What are the five themes?", "framework.md") for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_question_of_an_answer_id(store: State) -> None:
    answer_id = ask(store, "  What   should boards do? ", "framework.md")
    assert store.question_of(answer_id) == "What should boards do?"
    assert store.question_of("deadbeef0000") is None


def test_a_second_vote_replaces_the_first(store: State) -> None:
    answer_id = ask(store, "What should boards do?", "framework.md")
    assert store.record_feedback(answer_id, user="U1", vote=1)
    assert store.record_feedback(answer_id, user="U1", vote=-1)
    assert store.record_feedback(answer_id, user="U2", vote=1)
    assert store.gap_report().downvoted == [
        DownVoted("What should boards do?", ("framework.md",), down=1, up=1)
    ]
    assert store.record_feedback(answer_id, user="U1", vote=1)
    assert store.gap_report().downvoted == []


def test_what_a_down_voter_says_was_wrong_reaches_the_gap_report(store: State) -> None:
    answer_id = ask(store, "What should boards do?", "framework.md")
    assert store.record_feedback(answer_id, user="U1", vote=-1)
    assert store.record_feedback(answer_id, user="U1", vote=-1, reason="  quoted the\nwrong bit ")
    assert store.record_feedback(answer_id, user="U2", vote=-1, reason="out of date")
    assert store.record_feedback(answer_id, user="U3", vote=1, reason="ignored: an up vote")

    [down] = store.gap_report().downvoted
    assert (down.down, down.up) == (2, 1)
    assert sorted(down.reasons) == ["out of date", "quoted the wrong bit"]
    # A later vote without words keeps what was said.
    assert store.record_feedback(answer_id, user="U2", vote=-1)
    assert "out of date" in store.gap_report().downvoted[0].reasons


def test_feedback_on_an_unknown_answer_is_refused(store: State) -> None:
    assert store.record_feedback("deadbeef0000", user="U1", vote=-1) is False
    with pytest.raises(ValueError, match="vote"):
        store.record_feedback(ask(store, "q?"), user="U1", vote=0)


def test_user_ids_never_reach_the_file(sqlite_store: State) -> None:
    store = sqlite_store
    answer_id = ask(store, "Who leads AHPs?", "framework.md", user=RAW_USER)
    store.record_feedback(answer_id, user=RAW_USER, vote=-1)
    store.log_admin_attempt(platform="slack", user=RAW_USER, action="reindex", allowed=False)
    store.save_reference("teams", RAW_USER, {"conversation": {"id": "a:1"}})
    assert store.reference("teams", RAW_USER) == {"conversation": {"id": "a:1"}}
    hashed = store.hash_user(RAW_USER)
    assert len(hashed) == 16 and hashed != RAW_USER
    assert store.admin_log()[0].user == hashed
    store.close()
    files = [p for p in store.db.path.parent.iterdir() if p.name.startswith(store.db.path.name)]
    data = b"".join(p.read_bytes() for p in files)
    assert RAW_USER.encode() not in data
    assert RAW_USER.encode("utf-16-le") not in data
    assert b"Who leads AHPs?" in data  # the check reads the real bytes


def test_user_hash_is_stable_per_install_and_salted(
    tmp_path: Path, store: State, open_store: Opener
) -> None:
    hashed = store.hash_user(RAW_USER)
    store.close()
    assert open_store().hash_user(RAW_USER) == hashed
    assert State(tmp_path / "other.sqlite3").hash_user(RAW_USER) != hashed


def test_gap_report_groups_unanswered_questions(store: State, clock: Clock) -> None:
    for wording in ("What is the canteen menu?", "what is  the canteen MENU?"):
        ask(store, wording)
        clock.advance(0.01)
    for _ in range(3):
        ask(store, "Where do I park?")
        clock.advance(0.01)
    ask(store, "How do I book leave?")
    clock.advance(0.01)
    ask(store, "  WHAT is the\tcanteen menu? ")  # newest wording of the top question
    ask(store, "What are the five themes?", "framework/framework.md")

    report = store.gap_report()
    assert report.questions == 8
    assert report.unanswered == 7
    assert report.top_unanswered == [
        ("WHAT is the canteen menu?", 3),
        ("Where do I park?", 3),
        ("How do I book leave?", 1),
    ]
    assert store.gap_report(limit=2).top_unanswered == report.top_unanswered[:2]


def test_gap_report_covers_only_its_period(store: State, clock: Clock) -> None:
    ask(store, "An old question?")
    store.record_feedback(ask(store, "An old answer?", "a.md"), user="U1", vote=-1)
    clock.advance(40)
    ask(store, "A new question?")
    report = store.gap_report(days=30)
    assert report.since == "2026-01-11"
    assert (report.questions, report.unanswered) == (1, 1)
    assert report.top_unanswered == [("A new question?", 1)]
    assert report.downvoted == []
    assert store.gap_report(days=45).questions == 3


def test_downvoted_answers_most_down_first(store: State) -> None:
    bad = ask(store, "What is a glass ceiling?", "case-studies/physio.md", "framework.md")
    worse = ask(store, "Who is the chief nurse?", "case-studies/midwife.md")
    liked = ask(store, "What are the five themes?", "framework.md")
    for user, vote in (("U1", -1), ("U2", 1), ("U3", 1)):
        store.record_feedback(bad, user=user, vote=vote)
    for user in ("U1", "U2"):
        store.record_feedback(worse, user=user, vote=-1)
    store.record_feedback(liked, user="U1", vote=1)
    assert store.gap_report().downvoted == [
        DownVoted("Who is the chief nurse?", ("case-studies/midwife.md",), down=2, up=0),
        DownVoted(
            "What is a glass ceiling?", ("case-studies/physio.md", "framework.md"), down=1, up=2
        ),
    ]
    assert len(store.gap_report(limit=1).downvoted) == 1


def test_purge_deletes_what_is_past_retention(open_store: Opener, clock: Clock) -> None:
    store = open_store(retention_days=30)
    old = ask(store, "An old question?", "a.md")
    store.record_feedback(old, user="U1", vote=-1)
    store.log_admin_attempt(platform="slack", user="U1", action="reindex", allowed=True)
    store.remember_thread("slack", "C1:1.0")
    store.save_reference("teams", "U1", {"id": 1})
    clock.advance(20)
    kept = ask(store, "A recent question?")
    assert store.purge() == 0
    clock.advance(15)
    assert store.purge() == 5  # the old question, its vote, admin log, thread and reference
    assert store.record_feedback(old, user="U1", vote=1) is False
    assert store.record_feedback(kept, user="U1", vote=1) is True
    assert store.admin_log() == []
    assert not store.in_thread("slack", "C1:1.0")
    assert store.reference("teams", "U1") is None
    assert store.gap_report(days=365).questions == 1


def test_opening_purges(open_store: Opener, clock: Clock) -> None:
    ask(open_store(), "An old question?")
    clock.advance(11)
    assert open_store(retention_days=365).gap_report(days=365).questions == 1
    assert open_store(retention_days=10).gap_report(days=365).questions == 0


def test_threads_the_bot_answered_in(store: State, open_store: Opener) -> None:
    store.remember_thread("slack", "C1:1700000000.000100")
    store.remember_thread("slack", "C1:1700000000.000100")  # twice is fine
    assert store.in_thread("slack", "C1:1700000000.000100")
    assert not store.in_thread("slack", "C1:1700000000.000200")
    assert not store.in_thread("slack", "C2:1700000000.000100")
    assert not store.in_thread("teams", "C1:1700000000.000100")
    store.close()
    assert open_store().in_thread("slack", "C1:1700000000.000100")


def test_conversation_references(store: State) -> None:
    assert store.reference("teams", "aad-1") is None
    first = {"conversation": {"id": "a:1"}, "serviceUrl": "https://smba.example/emea/"}
    store.save_reference("teams", "aad-1", first)
    assert store.reference("teams", "aad-1") == first
    store.save_reference("teams", "aad-1", {"conversation": {"id": "a:2"}})
    assert store.reference("teams", "aad-1") == {"conversation": {"id": "a:2"}}
    assert store.reference("slack", "aad-1") is None
    assert store.reference("teams", "aad-2") is None


def test_many_threads_log_at_once(store: State) -> None:
    def work(i: int) -> None:
        for j in range(10):
            answer_id = ask(store, f"question {i} {j}?", user=f"U{i}")
            store.record_feedback(answer_id, user=f"U{i}", vote=-1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = store.gap_report(limit=100)
    assert report.questions == report.unanswered == 80
    assert len(report.downvoted) == 80


def turn(question: str) -> Previous:
    return Previous(question, question, ("framework.md",), ("The framework",), ("A quote.",), True)


def test_thread_memory_keeps_the_last_turns_per_conversation(store: State) -> None:
    assert store.last_turn("slack", "C1:1.0") is None
    for n in range(7):
        store.remember_turn("slack", "C1:1.0", turn(f"question {n}?"))
    store.remember_turn("teams", "C1:1.0", turn("elsewhere?"))
    last = store.last_turn("slack", "C1:1.0")
    assert last == turn("question 6?")
    assert store.last_turn("teams", "C1:1.0") == turn("elsewhere?")
    [(kept,)] = store.db.rows("SELECT recent FROM turns WHERE platform = 'slack'")
    assert len(json.loads(kept)) == 5  # KEPT_TURNS: enough to read a follow-up, little to keep


def test_which_message_showed_which_answer(store: State) -> None:
    answer_id = ask(store, "What should boards do?", "framework.md")
    store.remember_sent("teams", "1700000000123", answer_id)
    assert store.answer_sent_as("teams", "1700000000123") == answer_id
    assert store.answer_sent_as("slack", "1700000000123") is None
    assert store.answer_of(answer_id) == reply("What should boards do?", "framework.md")
    assert store.answer_of("deadbeef0000") is None


def test_purging_one_person_leaves_everyone_else(store: State) -> None:
    theirs = ask(store, "Who leads AHPs?", "framework.md", user="U_NURSE")
    others = ask(store, "What should boards do?", "framework.md", user="U_PHYSIO")
    store.record_feedback(others, user="U_NURSE", vote=-1)
    store.record_feedback(theirs, user="U_PHYSIO", vote=1)
    store.log_admin_attempt(platform="slack", user="U_NURSE", action="reindex", allowed=False)
    store.save_reference("teams", "U_NURSE", {"id": 1})
    store.remember_turn("slack", "D_NURSE", turn("Who leads AHPs?"))
    store.remember_turn("slack", "D_PHYSIO", turn("What should boards do?"))

    counts = store.purge_user("U_NURSE")

    assert counts == {
        "questions": 1,
        "feedback": 2,  # their vote, and the vote on their question
        "admin log rows": 1,
        "conversation references": 1,
        "thread memories": 1,
    }
    assert store.question_of(theirs) is None and store.question_of(others) is not None
    assert store.last_turn("slack", "D_NURSE") is None
    assert store.last_turn("slack", "D_PHYSIO") is not None
    assert store.gap_report().downvoted == []
