"""Everything the edges need, built once from the settings; adapters take only the conversation."""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin import Admin
from bot.config import ConfigError, Settings
from bot.content import Content
from bot.conversation import Conversation
from bot.core import Core
from bot.pseudonyms import load_key
from bot.ratelimit import RateLimit
from bot.state import State
from bot.storage import StoreError, open_database
from index.embed import Embedder


@dataclass(frozen=True)
class Services:
    settings: Settings
    core: Core
    state: State
    conversation: Conversation

    @classmethod
    def from_settings(
        cls, settings: Settings, embedder: Embedder | None = None, *, build_in_child: bool = False
    ) -> Services:
        return cls.of(Core(settings, embedder, build_in_child=build_in_child))

    @classmethod
    def of(cls, core: Core) -> Services:
        """The services around a core already made (the CLI makes one for its overrides)."""
        settings = core.settings
        state = open_state(settings)
        admin = Admin(core, state, Content(core))
        limit = RateLimit(settings.rate_limit_per_minute)
        return cls(settings, core, state, Conversation(core, state, admin, limit))


def open_state(settings: Settings) -> State:
    """The bot's store: PostgreSQL when DATABASE_URL is set, else the SQLite file; pseudonymising
    with the configured key (or, with SQLite, the key file)."""
    key = load_key(settings.pseudonym_key, settings.db_path)
    try:
        database = open_database(settings.database_url, settings.db_path)
    except StoreError as error:
        raise ConfigError(str(error)) from error
    return State(database, retention_days=settings.retention_days, key=key)
