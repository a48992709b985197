"""The conversation core: a Turn in, replies out. The one place that decides what a message
means — rate limit, help, intent, admin commands, thread memory, logging — for every platform."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from bot import admin as commands
from bot import wording
from bot.admin import Admin, NotAllowed
from bot.answer import Answer
from bot.core import Core
from bot.deliveries import Deliveries
from bot.followups import Previous
from bot.intent import read
from bot.ratelimit import RateLimit
from bot.replies import (
    AnswerReply,
    CaseStudyReply,
    ErrorReply,
    HelpReply,
    HomeReply,
    Notice,
    Reply,
    SuggestionsReply,
)
from bot.state import State
from bot.storage import StoreError
from bot.suggest import case_study
from bot.turn import Turn
from index.errors import BuildInProgress, LeadbotError

logger = logging.getLogger(__name__)
T = TypeVar("T")
UNREMEMBERED = ("help", "clinical")  # verdicts that say nothing about the thread's subject
LONG_COMMANDS = ("reindex", "remove")  # admin work that builds the index: minutes, not seconds


class Conversation:
    """What every adapter holds: handle() for messages, and the few button and page calls."""

    def __init__(self, core: Core, state: State, admin: Admin, limit: RateLimit) -> None:
        self.core = core
        self.state = state
        self.admin = admin
        self.limit = limit
        self._deliveries = Deliveries(state.claim_event)

    def handle(self, turn: Turn) -> Iterator[Reply]:
        """The replies to one message, each as soon as it is ready; never raises."""
        return self._guarded(self._replies(turn), f"{turn.platform} {turn.where} message")

    def _replies(self, turn: Turn) -> Iterator[Reply]:
        if turn.files:
            yield from self.admin.receive(turn)
            return
        if not self._is_for_us(turn):
            return
        if asked := commands.command(turn.text, explicit=turn.command):
            if turn.private:
                yield from self.admin.run(turn, *asked)
            else:
                yield Notice(wording.admin_in_private(turn.platform))
            return
        if not self.limit.allow(turn.user):
            yield Notice(wording.SLOW_DOWN)
            return
        kind, text = read(turn.text)
        if kind == "help":
            yield HelpReply(self.admin.is_admin(turn.user))
        elif kind == "suggest":
            yield SuggestionsReply(self.core.suggest(text), private=not turn.private)
        else:
            answer, answer_id = self.answer(turn.platform, turn.user, text, turn.conversation)
            yield AnswerReply(answer, answer_id, shareable=turn.command and answer.answered)

    def replies_to(self, turn: Turn) -> bool:
        """Whether handle(turn) will say anything, without remembering or logging: an edge
        shows "is thinking…" only where an answer will follow."""
        if turn.files or turn.addressed:
            return True
        if turn.where != "thread" or not turn.conversation:
            return False
        return self._asked_here(turn)

    def _is_for_us(self, turn: Turn) -> bool:
        """A thread message without a mention is answered only in a thread LeadBot was asked in."""
        if turn.where != "thread" or not turn.conversation:
            return turn.addressed
        if turn.addressed:
            _best_effort(
                "remember the thread", self.state.remember_thread, turn.platform, turn.conversation
            )
            return True
        return self._asked_here(turn)

    def _asked_here(self, turn: Turn) -> bool:
        """Whether LeadBot was asked in this thread before; without the store, as if not."""
        asked = _best_effort(
            "look up the thread", self.state.in_thread, turn.platform, turn.conversation
        )
        return bool(asked)

    def answer(
        self, platform: str, user: str, question: str, conversation: str | None = None
    ) -> tuple[Answer, str | None]:
        """Answer, and log the question and answer; the id lets 👍/👎 and Share find it later.

        Args:
            conversation: the thread or chat the question was asked in; a follow-up there is
                read against the thread's previous turn. None for a one-off (a slash command).
        """
        # Without the store (down, locked), a follow-up is read on its own rather than not at all.
        previous = (
            _best_effort("read the thread", self.state.last_turn, platform, conversation)
            if conversation
            else None
        )
        answer = self.core.answer(question, previous=previous)
        # The answer is given whether or not it could be logged (a read-only or locked
        # database): without an id it has no 👍/👎 or Share, and nothing else is lost.
        answer_id = _best_effort(
            "log the question",
            lambda: self.state.log_question(
                platform=platform, user=user, question=answer.question, answer=answer
            ),
        )
        if conversation and answer.verdict not in UNREMEMBERED:
            turn = Previous.of(answer, previous)
            _best_effort(
                "remember the turn", self.state.remember_turn, platform, conversation, turn
            )
        return answer, answer_id

    # -- buttons and pages ---------------------------------------------------------------------

    def feedback(
        self, user: str, answer_id: str, vote: int, reason: str | None = None
    ) -> list[Reply]:
        """One 👍 (+1) or 👎 (-1) on a logged answer, with what was wrong if the person said."""

        def replies() -> Iterator[Reply]:
            known = self.state.record_feedback(answer_id, user=user, vote=vote, reason=reason)
            yield Notice(wording.THANKS if known else wording.TOO_OLD_TO_RATE)

        return list(self._guarded(replies(), "feedback"))

    def sent(self, platform: str, message: str, answer_id: str) -> None:
        """Note that a platform message shows this answer, for feedback that names only the message
        (Teams' own 👍/👎); `message` is the platform's id for it, unique on that platform."""
        self.state.remember_sent(platform, message, answer_id)

    def feedback_on(
        self, platform: str, message: str, user: str, vote: int, reason: str | None = None
    ) -> list[Reply]:
        """One 👍 (+1) or 👎 (-1) on the answer a platform message showed (see sent())."""

        def replies() -> Iterator[Reply]:
            answer_id = self.state.answer_sent_as(platform, message)
            if answer_id is None:
                yield Notice(wording.TOO_OLD_TO_RATE)
            else:
                yield from self.feedback(user, answer_id, vote, reason)

        return list(self._guarded(replies(), "feedback"))

    def share(self, user: str, answer_id: str) -> list[Reply]:
        """The answer as it was shown to its asker, for everyone; not asked or logged again."""

        def replies() -> Iterator[Reply]:
            answer = self.state.answer_of(answer_id)
            if answer is None:
                yield Notice(wording.EXPIRED)
            else:
                yield AnswerReply(answer, answer_id, shared_by=user)

        return list(self._guarded(replies(), "share"))

    def case_study(self, document: str) -> list[Reply]:
        """One case study in full ("Tell me more")."""

        def replies() -> Iterator[Reply]:
            story = case_study(self.core.version(), document)
            yield Notice(wording.GONE) if story is None else CaseStudyReply(story)

        return list(self._guarded(replies(), "tell me more"))

    def home(self, user: str, private: bool = True) -> HomeReply:
        """The welcome or home page; an admin in a private place also sees status and gaps."""
        is_admin = private and self.admin.is_admin(user)
        if not is_admin:
            return HomeReply(wording.EXAMPLE_QUESTIONS, False)
        try:
            status = self.core.status()
        except LeadbotError:
            status = None  # the page says there is no index yet
        return HomeReply(wording.EXAMPLE_QUESTIONS, True, status, self.state.gap_report())

    def first_delivery(self, key: str) -> bool:
        """False for a platform's retry of a delivery already handled (by event or activity id);
        kept in memory while the state store fails, so a broken database never drops a message."""
        return self._deliveries.claim(key)

    def is_admin_work(self, turn: Turn) -> bool:
        """Whether handle(turn) runs an admin's long work (an upload, a reindex, a removal): an
        edge runs such turns one at a time, away from the threads that answer questions."""
        if not self.admin.is_admin(turn.user):
            return False  # a refusal is quick
        if turn.files:
            return True
        asked = commands.command(turn.text, explicit=turn.command)
        return asked is not None and turn.private and asked[0] in LONG_COMMANDS

    def remember_private_chat(self, platform: str, user: str, reference: dict[str, Any]) -> None:
        """Keep how to reach the person privately later (a Teams conversation reference)."""
        self.state.save_reference(platform, user, reference)

    def private_chat(self, platform: str, user: str) -> dict[str, Any] | None:
        return self.state.reference(platform, user)

    # -- failures ------------------------------------------------------------------------------

    def _guarded(self, replies: Iterator[Reply], what: str) -> Iterator[Reply]:
        """Expected conditions become notices; anything else an apology with a logged reference."""
        try:
            yield from replies
        except NotAllowed as refusal:
            yield Notice(str(refusal))
        except BuildInProgress:
            yield Notice(wording.BUILD_RUNNING)
        except LeadbotError as error:  # no index yet, say: what it is
            logger.warning("could not answer: %s", error)
            yield Notice(wording.cannot_now(error))
        except Exception:
            reference = secrets.token_hex(4)
            logger.exception("%s failed; reference %s", what, reference)
            yield ErrorReply(reference)


def _best_effort(what: str, write: Callable[..., T], *args: object) -> T | None:
    """A read or write of the state store that must never stop an answer: a failure is logged."""
    try:
        return write(*args)
    except StoreError as error:
        logger.warning("could not %s: %s", what, error)
        return None
