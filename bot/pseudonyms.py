"""The key that people's ids are pseudonymised with: kept outside the database, so a copy of the
database alone cannot be matched against a list of staff ids."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from bot.config import ConfigError
from bot.storage import Database

logger = logging.getLogger(__name__)
SETTING = "LEADBOT_PSEUDONYM_KEY"
KEY_FILE = "pseudonym.key"  # beside the database unless the setting gives the key itself
MIN_KEY_CHARS = 32


def key_file(db_path: Path) -> Path:
    return db_path.parent / KEY_FILE


def load_key(configured: str | None, db_path: Path) -> bytes:
    """The setting's key, or the key file's, created (readable by its owner only) at first run."""
    if configured is not None:
        if len(configured) < MIN_KEY_CHARS:
            raise ConfigError(
                f"{SETTING} must be at least {MIN_KEY_CHARS} characters "
                '(make one with: python -c "import secrets; print(secrets.token_hex(32))")'
            )
        return configured.encode()
    path = key_file(db_path)
    if not path.exists():
        _create(path)
    key = path.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise ConfigError(f"{path} holds no pseudonym key: restore it, or set {SETTING}")
    return key.encode()


def _create(path: Path) -> None:
    """Write a new random key, readable by its owner only; of two processes starting at once,
    one key wins (a hard link never replaces a file) and both read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink(missing_ok=True)


def pseudonym(key: bytes, user: str) -> str:
    """A stable pseudonym for a platform id: HMAC-SHA256 under the key, 16 hex digits."""
    return hmac.new(key, user.encode(), hashlib.sha256).hexdigest()[:16]


def key_check(key: bytes) -> str:
    """What the database records to notice a different key (it reveals nothing of the key)."""
    return pseudonym(key, "leadbot: which key wrote these pseudonyms")


def adopt_key(db: Database, key: bytes) -> None:
    """Make `key` the database's pseudonym key: refuse a different key from the one it was written
    with (another instance's, say), and retire the salt an older LeadBot kept inside the database.

    Pseudonyms made with that salt cannot be made again with the key (the raw ids were never
    kept), so those rows stay under their old pseudonyms, now linked to nobody: the salt is
    deleted, and with it the only way to match them against a list of staff. What only worked
    through those pseudonyms (conversation references, thread memory, which message showed which
    answer) is deleted too; each comes back the next time the person writes.
    """
    check = key_check(key)
    with db.transaction() as session:
        found = session.one("SELECT value FROM meta WHERE key = 'key_check'")
        if found is not None and found[0] != check:
            raise ConfigError(
                f"{db.where} was pseudonymised with another key: restore that key ({SETTING}, "
                f"or the {KEY_FILE} file beside a SQLite database), or start a new database"
            )
        retired = session.run("DELETE FROM meta WHERE key = 'salt'")
        if retired:
            for table in ("refs", "turns", "sent"):
                session.run(f"DELETE FROM {table}")  # fixed names, not input
        session.run(
            "INSERT INTO meta (key, value) VALUES ('key_check', ?) ON CONFLICT (key) DO NOTHING",
            (check,),
        )
    if retired:
        db.scrub()  # no copy of the salt left behind
        logger.warning("pseudonyms are now keyed; the salt kept in %s is deleted", db.where)
