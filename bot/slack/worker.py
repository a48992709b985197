"""One thread for admin work (reindex, upload, remove), so it never holds a listener thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)


class Worker:
    """Runs submitted work one item at a time, in order; a failure is logged, never lost.

    Bolt's listener threads answer questions: a reindex and a queue of uploads waiting for it
    would otherwise take every one of them, and slash commands could not even be acknowledged.
    """

    def __init__(self, name: str = "slack-admin") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(self, work: Callable[[], None]) -> Future[None]:
        future = self._executor.submit(work)
        future.add_done_callback(_log_failure)
        return future

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _log_failure(future: Future[None]) -> None:
    if not future.cancelled() and (error := future.exception()) is not None:
        logger.error("admin work failed", exc_info=error)
