"""Errors the knowledge layer raises, each carrying the fix in its message."""


class LeadbotError(Exception):
    """Base for errors shown to people as one clear line."""


class SkippedFile(LeadbotError):
    """A content file that cannot be indexed; the reason says why and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ContentNotFound(LeadbotError):
    """The content folder to index does not exist."""


class IndexNotBuilt(LeadbotError):
    """No usable index version exists yet."""


class IndexCorrupt(LeadbotError):
    """An index version failed its checksum or could not be read."""


class BuildInProgress(LeadbotError):
    """Another build holds the index lock."""


class ModelNotFound(LeadbotError):
    """The configured embedding model is neither bundled, a model folder, nor in the local cache."""
