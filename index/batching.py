"""An embedder that encodes the questions of concurrent callers in one model call.

The server answers on many threads, and the model encodes 20 short questions in one call
several times faster than in 20. Batching is on arrival, with no timer: an idle model encodes a
caller's texts at once, so a lone question waits for nothing; callers that arrive while a call
runs queue up, and once it ends the first of them encodes all queued texts in one call (up to
max_batch texts; a request is never split, so a bigger one goes alone).

A call ends when each of its callers has taken its rows, not when the model returns. Otherwise
the first caller back with a new question finds the model idle and goes alone while the others
queue behind it, and callers settle into two cohorts taking turns (batches of 1 and 19 from 20
threads, a quarter slower than one batch of 20).

Big calls queue like the rest: the model runs one call at a time, since one call already keeps
every core busy and concurrent calls only contend for them (20 threads encoding one question
each get no more done than one thread). A build is given the model itself (bot.core), so
questions asked meanwhile never queue behind its passages.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from index.embed import Embedder

MAX_BATCH = 64  # texts a coalesced call may hold; the build encodes 64 at a time too


@dataclass
class _Request:
    """One caller's texts and, once their call has ended, its rows or the call's error."""

    texts: list[str]
    done: bool = False
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class BatchingEmbedder:
    """Wraps an Embedder, coalescing concurrent encode calls; safe to call from many threads."""

    def __init__(self, inner: Embedder, max_batch: int = MAX_BATCH) -> None:
        self.inner = inner
        self.max_batch = max_batch
        self._changed = threading.Condition()
        self._waiting: deque[_Request] = deque()
        self._busy = False  # a call is running, or its rows are not all taken yet
        # Every model call runs on this one thread, whichever caller leads it: PyTorch's OpenMP
        # keeps a team of worker threads per calling thread, and an idle team spins for a while
        # after its call, so teams of changing leaders took cores from the running call (the
        # same batches ran 1.3-1.6 times slower than replayed on one thread).
        self._model_thread = ThreadPoolExecutor(1, thread_name_prefix="model")
        self._untaken = 0  # callers of the last call still to take their rows

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        request = _Request(list(texts))
        with self._changed:
            self._waiting.append(request)
            # First in the queue with the model idle: this caller leads the next call.
            while not request.done and (self._busy or self._waiting[0] is not request):
                self._changed.wait()
            batch = [] if request.done else self._take()
            if batch:
                self._busy = True
            else:
                self._taken()
        if batch:
            self._run(batch)
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors

    def _take(self) -> list[_Request]:
        """The queued requests, oldest first, that fit in one call (always at least one)."""
        batch = [self._waiting.popleft()]
        size = len(batch[0].texts)
        while self._waiting and size + len(self._waiting[0].texts) <= self.max_batch:
            size += len(self._waiting[0].texts)
            batch.append(self._waiting.popleft())
        return batch

    def _run(self, batch: list[_Request]) -> None:
        """Encode the batch in one call and hand each request its own rows, or the error."""
        vectors: np.ndarray | None = None
        error: BaseException | None = None
        try:
            texts = [text for request in batch for text in request.texts]
            vectors = self._model_thread.submit(self.inner.encode, texts).result()
        except BaseException as raised:  # re-raised in every caller of the batch, none swallowed
            error = raised
        with self._changed:
            start = 0
            for request in batch:
                end = start + len(request.texts)
                request.vectors = None if vectors is None else vectors[start:end]
                request.error = error
                request.done = True
                start = end
            self._untaken = len(batch) - 1  # the leader has its rows here
            self._busy = self._untaken > 0
            self._changed.notify_all()

    def _taken(self) -> None:
        """A follower has its rows; the last of a call's callers frees the model (lock held)."""
        self._untaken -= 1
        if self._untaken == 0:
            self._busy = False
            self._changed.notify_all()
