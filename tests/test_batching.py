"""BatchingEmbedder: a lone call goes straight to the model; callers queued behind a running call
share the next one and each gets its own rows, or the call's error."""

from __future__ import annotations

import threading
import zlib
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from support.fakes import FakeEmbedder

from bot.config import Settings
from bot.core import Core
from index.batching import BatchingEmbedder
from index.embed import Embedder, SentenceTransformerEmbedder

WAIT_S = 10  # a bound on every wait, so a broken batcher fails the test instead of hanging it


def vectors(texts: Sequence[str]) -> np.ndarray:
    """One unit row a text, seeded from its crc32: distinct texts get distinct rows."""
    rows = [np.random.default_rng(zlib.crc32(t.encode())).standard_normal(8) for t in texts]
    out = np.array(rows, dtype=np.float32).reshape(len(texts), 8)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


class GatedEmbedder:
    """Records every call's texts; once closed, a call waits for the gate, so callers pile up.

    A call holding "boom" fails. With an inner embedder, the rows are the inner model's.
    """

    model_id = "gated"
    dimension = 8
    max_tokens = 16

    def __init__(self, inner: Embedder | None = None) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []
        self.threads: set[int] = set()  # which threads the calls ran on
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        self.threads.add(threading.get_ident())
        self.entered.set()
        assert self.gate.wait(WAIT_S)
        if "boom" in texts:
            raise RuntimeError("the model failed")
        return vectors(texts) if self.inner is None else self.inner.encode(texts)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


class Arrivals(deque[Any]):
    """The batcher's queue, counting arrivals so a test knows when a caller has queued."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Semaphore(0)

    def append(self, item: Any) -> None:
        super().append(item)
        self.arrived.release()


class Harness:
    """A batcher over a GatedEmbedder, and callers started one after another on threads."""

    def __init__(self, model: GatedEmbedder, max_batch: int = 64) -> None:
        self.model = model
        self.batcher = BatchingEmbedder(model, max_batch=max_batch)
        self.arrivals = Arrivals()
        self.batcher._waiting = self.arrivals
        self.pool = ThreadPoolExecutor(max_workers=32)

    def call(self, texts: list[str]) -> Future[np.ndarray]:
        """Start a caller and return once it has queued (or is running its own call)."""
        future = self.pool.submit(self.batcher.encode, texts)
        assert self.arrivals.arrived.acquire(timeout=WAIT_S)
        return future

    def hold_the_model(self) -> Future[np.ndarray]:
        """A caller whose model call runs until the gate opens."""
        self.model.gate.clear()
        future = self.call(["held"])
        assert self.model.entered.wait(WAIT_S)
        return future


@pytest.fixture
def harness() -> Any:
    made = Harness(GatedEmbedder())
    yield made
    made.model.gate.set()
    made.pool.shutdown()


def test_a_lone_call_goes_straight_to_the_model_with_its_own_texts(harness: Harness) -> None:
    got = harness.batcher.encode(["what is talent management?", "and appraisal?"])

    assert harness.model.calls == [["what is talent management?", "and appraisal?"]]
    np.testing.assert_array_equal(got, vectors(["what is talent management?", "and appraisal?"]))


def test_callers_queued_behind_a_running_call_share_the_next_one(harness: Harness) -> None:
    held = harness.hold_the_model()
    asked = {f"question {n}": harness.call([f"question {n}"]) for n in range(6)}

    harness.model.gate.set()

    for text, future in asked.items():
        np.testing.assert_array_equal(future.result(WAIT_S), vectors([text]))
    np.testing.assert_array_equal(held.result(WAIT_S), vectors(["held"]))
    assert harness.model.calls == [["held"], list(asked)]


def test_every_call_runs_on_one_model_thread_whichever_caller_leads(harness: Harness) -> None:
    """PyTorch keeps a team of worker threads per calling thread: one caller thread means one
    team, not one spinning beside the running call for each caller that led one."""
    for _ in range(3):
        held = harness.hold_the_model()
        followers = [harness.call([f"q{n}"]) for n in range(4)]
        harness.model.gate.set()
        for future in [held, *followers]:
            future.result(WAIT_S)
    harness.batcher.encode(["from this thread"])

    assert len(harness.model.calls) == 7
    assert len(harness.model.threads) == 1
    assert threading.get_ident() not in harness.model.threads


def test_each_caller_gets_its_own_rows_in_order(harness: Harness) -> None:
    harness.hold_the_model()
    asked = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]
    futures = [harness.call(texts) for texts in asked]

    harness.model.gate.set()

    for texts, future in zip(asked, futures, strict=True):
        np.testing.assert_array_equal(future.result(WAIT_S), vectors(texts))
    assert harness.model.calls[1] == ["a1", "a2", "a3", "b1", "c1", "c2"]


def test_a_failed_call_raises_in_every_caller_in_it_and_the_next_call_works(
    harness: Harness,
) -> None:
    held = harness.hold_the_model()
    failing = [harness.call(["boom"]), harness.call(["x"]), harness.call(["y", "z"])]

    harness.model.gate.set()

    for future in failing:
        with pytest.raises(RuntimeError, match="the model failed"):
            future.result(WAIT_S)
    held.result(WAIT_S)  # its own call, before the failing one, succeeded
    np.testing.assert_array_equal(harness.batcher.encode(["after"]), vectors(["after"]))
    with pytest.raises(RuntimeError, match="the model failed"):
        harness.batcher.encode(["boom"])  # a lone caller's failure reaches it too
    assert harness.batcher.encode(["again"]).shape == (1, 8)


def test_a_call_holds_at_most_max_batch_texts_and_a_bigger_request_goes_alone() -> None:
    harness = Harness(GatedEmbedder(), max_batch=4)
    harness.hold_the_model()
    sizes = [3, 2, 2, 1, 5, 1]
    asked = [[f"r{n}-{i}" for i in range(size)] for n, size in enumerate(sizes)]
    futures = [harness.call(texts) for texts in asked]

    harness.model.gate.set()

    for texts, future in zip(asked, futures, strict=True):
        np.testing.assert_array_equal(future.result(WAIT_S), vectors(texts))
    # Oldest first, never split: 3 (3+2 > 4), 2+2, 1 (1+5 > 4), 5 alone, 1.
    assert [len(call) for call in harness.model.calls] == [1, 3, 4, 1, 5, 1]
    harness.pool.shutdown()


def test_the_core_batches_its_model_and_one_it_is_given(tmp_path: Any) -> None:
    given = FakeEmbedder()
    settings = Settings.from_env({"LEADBOT_INDEX_DIR": str(tmp_path / "index")})

    served, made = Core(settings, given).embedder, Core(settings).embedder

    assert isinstance(served, BatchingEmbedder) and served.inner is given
    assert served.model_id == given.model_id
    assert isinstance(made, BatchingEmbedder)
    assert isinstance(made.inner, SentenceTransformerEmbedder)


@pytest.mark.slow
def test_the_real_model_gives_a_batched_question_the_vector_it_gives_it_alone() -> None:
    # Padding to the longest question in a batch may move the floats a little, not more.
    model = SentenceTransformerEmbedder()
    questions = [
        "What are the five themes of the framework?",
        "board development",
        "How do trusts support nurses who want to move into senior leadership roles?",
        "appraisal",
        "What did the midwife say was her turning point?",
    ]
    alone = [model.encode([q])[0] for q in questions]
    harness = Harness(GatedEmbedder(inner=model))
    harness.hold_the_model()
    futures = [harness.call([q]) for q in questions]

    harness.model.gate.set()

    for want, future in zip(alone, futures, strict=True):
        np.testing.assert_allclose(future.result(WAIT_S)[0], want, atol=1e-5)
    assert harness.model.calls[1] == questions  # they were encoded in one call
    harness.pool.shutdown()
