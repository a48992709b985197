"""Which platform deliveries were already handled: the state store, backed by memory when the
store fails, so a read-only or locked database neither silences nor duplicates answers."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.storage import StoreError

logger = logging.getLogger(__name__)
TTL_S = 900.0  # platforms retry within minutes (Slack: 1 and 5), and signatures expire in 5
MAX_KEYS = 50_000
PAUSE_S = 30.0  # after a failure, skip the store for a while: a locked one costs a busy timeout


class Deliveries:
    """claim(key) is True the first time a key is seen, in memory or in the store."""

    def __init__(
        self, store: Callable[[str], bool], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Args:
        store: claims a key in the database (State.claim_event); may raise StoreError.
        """
        self._store = store
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._paused_until = 0.0

    def claim(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            while self._seen and (
                len(self._seen) >= MAX_KEYS or next(iter(self._seen.values())) < now - TTL_S
            ):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            paused = now < self._paused_until
        if paused:
            return True
        try:
            return self._store(key)  # another process, or this one before a restart
        except StoreError as error:
            with self._lock:
                self._paused_until = now + PAUSE_S
            logger.warning("the state store failed (%s): de-duplicating in memory", error)
            return True
