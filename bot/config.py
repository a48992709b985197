"""Settings.from_env(): the one place that reads the environment."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.answerability import CALIBRATION, Policy
from index.embed import BUNDLED_MODEL
from index.errors import LeadbotError
from index.loaders.limits import DEFAULT_LIMITS, Limits

# Where Teams file links point: SharePoint and OneDrive for Business (commercial and US government).
TEAMS_DOWNLOAD_HOSTS = ("sharepoint.com", "sharepoint.us", "sharepoint-mil.us")
# The Agents SDK reads its own connection settings (CONNECTIONS__SERVICE_CONNECTION__SETTINGS__…).
TEAMS_SDK_PREFIXES = ("CONNECTIONS__", "CONNECTIONSMAP__")


class ConfigError(LeadbotError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    content_dir: Path
    index_dir: Path
    db_path: Path
    embedding_model: str
    answerability: Policy  # when to answer, calibrated for the embedding model (evals/)
    max_file_bytes: int
    keep_versions: int
    admins: frozenset[str]
    slack_bot_token: str | None
    slack_app_token: str | None
    slack_signing_secret: str | None
    slack_api_url: str | None
    port: int
    host: str | None = None  # HOST: the address to listen on; None: bot.serve picks (see there)
    retention_days: int = 365  # questions, feedback and the admin log are kept this long
    rate_limit_per_minute: int = 10  # questions per user per minute
    teams_sdk_env: tuple[tuple[str, str], ...] = ()  # the SDK's CONNECTIONS__… variables
    teams_anonymous: bool = False  # development only: accept Teams requests without a token
    teams_service_hosts: tuple[str, ...] = ()  # extra Bot Connector hosts, beyond Microsoft's
    teams_download_hosts: tuple[str, ...] = TEAMS_DOWNLOAD_HOSTS
    file_limits: Limits = DEFAULT_LIMITS  # pages, characters, parse time and memory per file
    pseudonym_key: str | None = None  # LEADBOT_PSEUDONYM_KEY; unset: a key file beside the database
    chat_history: Path | None = None  # the terminal chat's line history; None: keep none on disk
    database_url: str | None = None  # DATABASE_URL: PostgreSQL shared by instances; None: SQLite

    @property
    def teams_client_id(self) -> str | None:
        """The Azure bot's app (client) id; with it, Teams requests must carry a valid token."""
        return dict(self.teams_sdk_env).get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID")

    @property
    def teams_configured(self) -> bool:
        return bool(self.teams_client_id or self.teams_anonymous)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            content_dir=Path(env.get("LEADBOT_CONTENT_DIR") or "content"),
            index_dir=Path(env.get("LEADBOT_INDEX_DIR") or "var/index"),
            db_path=Path(env.get("LEADBOT_DB") or "var/leadbot.sqlite3"),
            embedding_model=env.get("LEADBOT_EMBEDDING_MODEL") or BUNDLED_MODEL,
            answerability=_policy(env, "LEADBOT_ANSWERABILITY"),
            max_file_bytes=int(_number(env, "LEADBOT_MAX_FILE_MB", 25) * 1024 * 1024),
            keep_versions=int(_number(env, "LEADBOT_KEEP_VERSIONS", 3)),
            admins=frozenset(
                a.strip() for a in (env.get("LEADBOT_ADMINS") or "").split(",") if a.strip()
            ),
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_api_url=env.get("SLACK_API_URL") or None,
            port=int(_number(env, "PORT", 3000)),
            host=(env.get("HOST") or "").strip() or None,
            retention_days=int(_number(env, "LEADBOT_RETENTION_DAYS", 365)),
            rate_limit_per_minute=int(_number(env, "LEADBOT_RATE_LIMIT", 10)),
            teams_sdk_env=tuple(
                sorted((k, v) for k, v in env.items() if k.startswith(TEAMS_SDK_PREFIXES) and v)
            ),
            teams_anonymous=_flag(env, "LEADBOT_TEAMS_ANONYMOUS"),
            teams_service_hosts=_names(env, "LEADBOT_TEAMS_SERVICE_HOSTS"),
            teams_download_hosts=_names(env, "LEADBOT_TEAMS_DOWNLOAD_HOSTS")
            or TEAMS_DOWNLOAD_HOSTS,
            file_limits=Limits(
                pages=int(_above_zero(env, "LEADBOT_MAX_PAGES", DEFAULT_LIMITS.pages)),
                characters=int(
                    _above_zero(env, "LEADBOT_MAX_CHARACTERS", DEFAULT_LIMITS.characters)
                ),
                seconds=_above_zero(env, "LEADBOT_PARSE_SECONDS", DEFAULT_LIMITS.seconds),
                megabytes=_above_zero(env, "LEADBOT_PARSE_MB", DEFAULT_LIMITS.megabytes),
            ),
            pseudonym_key=(env.get("LEADBOT_PSEUDONYM_KEY") or "").strip() or None,
            chat_history=_history(env, "LEADBOT_CHAT_HISTORY"),
            database_url=_database_url(env),
        )


def _policy(env: Mapping[str, str], name: str) -> Policy:
    """The calibration file named by the setting, or the one calibrated for the bundled model."""
    path = Path((env.get(name) or "").strip() or CALIBRATION)
    try:
        return Policy.load(path)
    except FileNotFoundError:
        raise ConfigError(f"{name}: no calibration file at {str(path)!r}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(
            f"{name}: {path} is not a calibration file ({error}); make one with `make evaluate`"
        ) from None


def _database_url(env: Mapping[str, str]) -> str | None:
    """PostgreSQL's URL. Instances sharing it must pseudonymise alike, so the key is a setting
    too: a key file on each machine would differ."""
    url = (env.get("DATABASE_URL") or "").strip() or None
    if url is None:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError("DATABASE_URL must be a postgresql:// URL (unset it to use SQLite)")
    if not (env.get("LEADBOT_PSEUDONYM_KEY") or "").strip():
        raise ConfigError(
            "DATABASE_URL is set, so LEADBOT_PSEUDONYM_KEY must be too, the same on every "
            'instance (make one with: python -c "import secrets; print(secrets.token_hex(32))")'
        )
    return url


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} must be true or false, not {env.get(name)!r}")


def _history(env: Mapping[str, str], name: str) -> Path | None:
    """The chat history file: var/chat-history unless the setting names another, or says off."""
    raw = (env.get(name) or "").strip()
    if raw.lower() in ("0", "false", "no", "off", "none"):
        return None
    return Path(raw or "var/chat-history")


def _names(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated list, lower-cased, without blanks."""
    return tuple(n.strip().lower() for n in (env.get(name) or "").split(",") if n.strip())


def _above_zero(env: Mapping[str, str], name: str, default: float) -> float:
    """A limit: zero would leave out every file."""
    value = _number(env, name, default)
    if value == 0:
        raise ConfigError(f"{name} must be more than 0, not {env.get(name)!r}")
    return value


def _number(
    env: Mapping[str, str], name: str, default: float, maximum: float | None = None
) -> float:
    raw = env.get(name) or ""
    if not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    # float() also accepts "nan" and "inf", which would silently disable a threshold.
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a number, not {raw!r}")
    if value < 0:
        raise ConfigError(f"{name} must not be negative, not {raw!r}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum:g}, not {raw!r}")
    return value
