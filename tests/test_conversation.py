"""The conversation core: one decision per message for every platform, without any platform."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support.fakes import FakeEmbedder

from bot import wording
from bot.config import Settings
from bot.replies import (
    AnswerReply,
    BuildReply,
    ErrorReply,
    GapReply,
    HelpReply,
    Notice,
    Reply,
    SourcesReply,
    SuggestionsReply,
)
from bot.services import Services
from bot.turn import Turn, Upload
from index.build import build

ADMIN = "U_ADMIN"


@pytest.fixture
def services(tmp_path: Path, content_dir: Path) -> Services:
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content_dir),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "leadbot.sqlite3"),
            "LEADBOT_ADMINS": ADMIN,
            "LEADBOT_MIN_SCORE": "0.45",
            "LEADBOT_RATE_LIMIT": "3",
        }
    )
    embedder = FakeEmbedder()
    build(content_dir, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    return Services.from_settings(settings, embedder=embedder)


def say(services: Services, text: str, **turn: Any) -> list[Reply]:
    fields: dict[str, Any] = {"platform": "slack", "user": "U_NURSE", "where": "dm"} | turn
    return list(services.conversation.handle(Turn(text=text, **fields)))


def logged(services: Services) -> int:
    with sqlite3.connect(services.settings.db_path) as db:
        return int(db.execute("SELECT COUNT(*) FROM questions").fetchone()[0])


def test_a_question_is_answered_logged_and_its_id_given(services: Services) -> None:
    [reply] = say(services, "What are the five themes?")

    assert isinstance(reply, AnswerReply) and reply.answer.answered
    assert "building confidence" in reply.answer.text
    assert services.state.question_of(reply.answer_id or "") == "What are the five themes?"
    assert not reply.shareable


def test_an_explicit_command_answer_is_shareable(services: Services) -> None:
    [reply] = say(services, "ask What are the five themes?", command=True, where="channel")

    assert isinstance(reply, AnswerReply) and reply.shareable


@pytest.mark.parametrize("text", ["help", "Help?", "?", "hi", "", "ask"])
def test_help_is_help_on_every_platform(services: Services, text: str) -> None:
    for platform, where in (("slack", "thread"), ("teams", "personal"), ("terminal", "terminal")):
        assert say(services, text, platform=platform, where=where) == [HelpReply(False)]
    assert logged(services) == 0


def test_a_description_of_oneself_gets_case_studies_privately_when_asked_in_public(
    services: Services,
) -> None:
    text = "I'm a band 6 physiotherapist, where do I start"
    [public] = say(services, text, where="thread", conversation="C1:1.0")
    [private] = say(services, text, where="dm")
    [command] = say(services, f"suggest {text}", where="channel", command=True)

    assert isinstance(public, SuggestionsReply) and public.private
    assert isinstance(private, SuggestionsReply) and not private.private
    assert isinstance(command, SuggestionsReply) and not command.private  # only they see it
    assert public.suggestions == private.suggestions


def test_a_busy_user_is_asked_to_slow_down(services: Services) -> None:
    replies = [say(services, f"What are the five themes? ({n})") for n in range(4)]

    assert replies[-1] == [Notice(wording.SLOW_DOWN)]
    assert all(isinstance(r, AnswerReply) for [r] in replies[:-1])


def test_a_follow_up_is_read_against_the_threads_last_turn(services: Services) -> None:
    say(services, "What was the midwife's turning point?", where="thread", conversation="C1:1.0")
    [follow_up] = say(services, "and her journey?", where="thread", conversation="C1:1.0")
    [elsewhere] = say(services, "and her journey?", where="thread", conversation="C1:2.0")

    assert isinstance(follow_up, AnswerReply) and follow_up.answer.taken_as
    assert "worked clinically for ten years" in follow_up.answer.text
    assert isinstance(elsewhere, AnswerReply) and not elsewhere.answer.taken_as


def test_a_thread_message_without_a_mention_is_answered_only_in_a_thread_asked_in(
    services: Services,
) -> None:
    quiet = {"where": "thread", "addressed": False}
    assert say(services, "What are the five themes?", conversation="C1:1.0", **quiet) == []

    say(services, "What was the midwife's turning point?", where="thread", conversation="C1:1.0")
    [reply] = say(services, "What are the five themes?", conversation="C1:1.0", **quiet)

    assert isinstance(reply, AnswerReply)


def test_admin_commands_are_one_table_checked_and_logged(services: Services) -> None:
    [refused] = say(services, "sources")
    [sources] = say(services, "sources", user=ADMIN, platform="teams", where="personal")
    [report] = say(services, "report 7", user=ADMIN, platform="terminal", where="terminal")
    [public] = say(services, "reindex", user=ADMIN, platform="teams", where="channel")

    assert refused == Notice(wording.only_admins("list sources"))
    assert isinstance(sources, SourcesReply) and sources.documents
    assert isinstance(report, GapReply)
    assert public == Notice(wording.admin_in_private("teams"))
    attempts = [(a.platform, a.action, a.allowed) for a in services.state.admin_log()]
    assert attempts == [
        ("slack", "list sources", False),
        ("teams", "list sources", True),
        ("terminal", "see the gap report", True),
    ]


def test_a_question_starting_with_an_admin_word_is_still_a_question(services: Services) -> None:
    [reply] = say(services, "remove barriers for AHPs on boards?", user=ADMIN)

    assert isinstance(reply, AnswerReply)
    assert services.state.admin_log() == []


def test_an_explicit_remove_without_a_document_says_how(services: Services) -> None:
    assert say(services, "remove", user=ADMIN, command=True) == [Notice(wording.SAY_WHICH_DOCUMENT)]


def test_a_reindex_says_it_started_before_it_finishes(services: Services) -> None:
    replies = services.conversation.handle(Turn("slack", ADMIN, "dm", "reindex"))

    assert next(replies) == Notice(wording.REINDEXING)
    assert services.core.status().version == "000001"  # not built until asked for the next
    finished = next(replies)
    assert isinstance(finished, BuildReply) and finished.headline == wording.REINDEX_FINISHED


def test_uploads_are_fetched_only_for_admins(services: Services) -> None:
    fetched: list[str] = []

    def read() -> bytes:
        fetched.append("notes.md")
        return b"# Notes\n\nThe leadership circle meets monthly.\n"

    files = (Upload("notes.md", read),)
    [refused] = say(services, "", files=files)
    assert refused == Notice(wording.only_admins("add or replace content")) and fetched == []

    [added] = say(services, "a case study", user=ADMIN, files=files)
    assert isinstance(added, BuildReply) and "case-studies/notes.md" in added.headline


def test_a_failure_is_an_apology_whose_reference_is_logged(
    services: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the index went away")

    monkeypatch.setattr(services.core, "answer", broken)
    with caplog.at_level(logging.ERROR):
        [reply] = say(services, "What are the five themes?")

    assert isinstance(reply, ErrorReply) and reply.reference in caplog.text


def test_an_expected_condition_is_said_plainly(tmp_path: Path, content_dir: Path) -> None:
    settings = Settings.from_env(
        {"LEADBOT_INDEX_DIR": str(tmp_path / "none"), "LEADBOT_DB": str(tmp_path / "db")}
    )
    services = Services.from_settings(settings, embedder=FakeEmbedder())

    [reply] = say(services, "What are the five themes?")

    assert isinstance(reply, Notice) and reply.text.startswith("Sorry — I can't do that right now")
    assert "leadbot index build" in reply.text


def test_share_reposts_the_stored_answer_without_asking_again(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    [asked] = say(services, "What are the five themes?", command=True, where="channel")
    assert isinstance(asked, AnswerReply) and asked.answer_id
    monkeypatch.setattr(services.core, "answer", lambda *a, **k: pytest.fail("asked again"))

    [shared] = services.conversation.share("U_OTHER", asked.answer_id)
    [expired] = services.conversation.share("U_OTHER", "0123456789ab")

    assert shared == AnswerReply(asked.answer, asked.answer_id, shared_by="U_OTHER")
    assert expired == Notice(wording.EXPIRED)
    assert logged(services) == 1


def test_feedback_is_thanked_or_said_too_old(services: Services) -> None:
    [asked] = say(services, "What are the five themes?")
    assert isinstance(asked, AnswerReply) and asked.answer_id

    assert services.conversation.feedback("U1", asked.answer_id, -1) == [Notice(wording.THANKS)]
    assert services.conversation.feedback("U1", "gone", 1) == [Notice(wording.TOO_OLD_TO_RATE)]
