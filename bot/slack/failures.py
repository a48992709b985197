"""The last few replies Slack would not take, kept in memory for the admin Home tab."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError

KEPT = 10


@dataclass(frozen=True)
class Failure:
    at: str  # ISO time, UTC
    where: str  # the channel id
    error: str  # Slack's error code or the exception's name, never message content
    reference: str  # also in the log line


class Failures:
    """A bounded, thread-safe record of delivery failures after every retry was spent."""

    def __init__(self, keep: int = KEPT, clock: Callable[[], float] = time.time) -> None:
        self._recent: deque[Failure] = deque(maxlen=keep)
        self._lock = threading.Lock()
        self._clock = clock

    def note(self, where: str, error: BaseException, reference: str) -> None:
        at = datetime.fromtimestamp(self._clock(), UTC).isoformat(timespec="seconds")
        with self._lock:
            self._recent.append(Failure(at, where, describe(error), reference))

    def recent(self) -> list[Failure]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._recent))


def describe(error: BaseException) -> str:
    """A short name for what went wrong: `ratelimited`, `HTTP 500`, `TimeoutError`."""
    if isinstance(error, SlackApiError):
        response = error.response
        if response.status_code != 200:  # its body may be a page, or sdk's words about one
            return f"HTTP {response.status_code}"
        code = response.get("error") if isinstance(response.data, dict) else None
        return str(code or "not ok")
    return type(error).__name__
