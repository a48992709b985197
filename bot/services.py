"""Everything an adapter needs, built once from the settings: core, state, admin, rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin import Admin
from bot.answer import Answer
from bot.config import Settings
from bot.core import Core
from bot.followups import Previous
from bot.ratelimit import RateLimit
from bot.store import Store
from index.embed import Embedder

EXAMPLE_QUESTIONS = (
    "What are the five themes of the clinical leadership framework?",
    "What barriers stop allied health professionals reaching the board?",
    "What should trust boards do about AHP leadership?",
    "How did the midwife who became a chief nurse build her confidence?",
)


@dataclass(frozen=True)
class Services:
    settings: Settings
    core: Core
    store: Store
    admin: Admin
    limit: RateLimit

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Services:
        core = Core(settings, embedder)
        store = Store(settings.db_path, retention_days=settings.retention_days)
        return cls(
            settings, core, store, Admin(core, store), RateLimit(settings.rate_limit_per_minute)
        )

    def answer(
        self, platform: str, user: str, question: str, conversation: str | None = None
    ) -> tuple[Answer, str]:
        """Answer, and log the question for the gap report; the id lets 👍/👎 find it later.

        Args:
            conversation: the thread or chat the question was asked in; a follow-up there is
                read against the thread's previous turn. None for a one-off (a slash command).
        """
        previous = self.store.last_turn(platform, conversation) if conversation else None
        answer = self.core.answer(question, previous=previous)
        answer_id = self.store.log_question(
            platform=platform, user=user, question=answer.question, answer=answer
        )
        if conversation and answer.verdict not in ("help", "clinical"):
            self.store.remember_turn(platform, conversation, Previous.of(answer, previous))
        return answer, answer_id
