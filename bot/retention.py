"""Retention while the server runs: past-retention rows are purged once a day, not only at start."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.state import DAY, State

logger = logging.getLogger(__name__)
CHECK_EVERY = 3600.0  # seconds between looks at the clock; a purge is due a day after the last


class Retention:
    """A background thread that runs State.purge() daily; start() and stop() it with the server.

    It compares the clock rather than sleeping a day, so a machine that was suspended purges
    when it wakes, and a test's fake clock can move a day on.
    """

    def __init__(
        self,
        state: State,
        *,
        every: float = DAY,
        clock: Callable[[], float] = time.time,
        check_every: float = CHECK_EVERY,
    ) -> None:
        self.state = state
        self.every = every
        self._clock = clock
        self._check_every = check_every
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        # State purges when it opens, so the first scheduled purge is a day from now.
        due = self._clock() + self.every
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._run, args=(due,), name="retention", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self, due: float) -> None:
        while not self._stopped.wait(self._check_every):
            if self._clock() < due:
                continue
            due = self._clock() + self.every
            try:
                deleted = self.state.purge()
            except Exception:  # a failing database must not end the schedule: try tomorrow
                logger.exception("retention purge failed; trying again in a day")
                continue
            logger.info(
                "retention: %d rows past %d days deleted", deleted, self.state.retention_days
            )

    async def during(self, _: web.Application) -> AsyncIterator[None]:
        """An aiohttp cleanup context: purge daily from start-up until the server stops."""
        self.start()
        yield
        self.stop()
