"""Questions arriving together: what BatchingEmbedder buys, with the real model. Each figure is
a median of --repeats runs, each ratio one to a baseline run just before it.

Usage: python benchmarks/concurrency.py [--seconds 3] [--repeats 3]
  1. the floor: the model's own throughput encoding the evals/ questions 20 to a call
  2. encode throughput with 1, 5 and 20 threads, each taking one question at a time from a shared
     queue, through BatchingEmbedder and straight to the model (1 thread: one by one), as a
     ratio to the floor (target >= 0.80 through the batcher at 20)
  3. lone-question latency p50/p95 through the batcher over the model's, one caller
  4. the whole answer path (bot.answer.answer over an index of content/) at 1, 5 and 20
     threads, with and without batching: what staff would see
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bot.answer import answer  # noqa: E402
from evals.questions import load_set  # noqa: E402
from index.batching import BatchingEmbedder  # noqa: E402
from index.build import build  # noqa: E402
from index.embed import Embedder, SentenceTransformerEmbedder  # noqa: E402
from index.store import open_version  # noqa: E402

CONCURRENCY = (1, 5, 20)
FLOOR_BATCH = 20


class Counting:
    """Passes calls to the model, counting them and their texts: the batch sizes it was sent."""

    def __init__(self, inner: SentenceTransformerEmbedder) -> None:
        self.inner = inner
        self.calls = self.texts = 0
        self.model_id, self.dimension, self.max_tokens = (
            inner.model_id, inner.dimension, inner.max_tokens,
        )  # fmt: skip

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls, self.texts = self.calls + 1, self.texts + len(texts)
        return self.inner.encode(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def paired(
    runs: int, measure: Callable[[], float], baseline: Callable[[], float]
) -> tuple[float, float, float]:
    """Medians of baseline, measure and their ratio, the baseline run just before each measure:
    the machine's load drifts over a run, and a ratio of neighbours drifts less than either."""
    bases, values = [], []
    for _ in range(runs):
        bases.append(baseline())
        values.append(measure())
    ratios = [v / b for v, b in zip(values, bases, strict=True)]
    return statistics.median(bases), statistics.median(values), statistics.median(ratios)


def rate(work: Callable[[str], object], items: list[str], threads: int) -> float:
    """Items a second when `threads` threads each take one item at a time from a shared queue."""
    pending: queue.SimpleQueue[str] = queue.SimpleQueue()
    for item in items:
        pending.put(item)

    def worker() -> None:
        while True:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                return
            work(item)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for done in [pool.submit(worker) for _ in range(threads)]:
            done.result()
    return len(items) / (time.perf_counter() - start)


def floor_rate(model: Embedder, items: list[str]) -> float:
    start = time.perf_counter()
    for i in range(0, len(items), FLOOR_BATCH):
        model.encode(items[i : i + FLOOR_BATCH])
    return len(items) / (time.perf_counter() - start)


def latencies(model: Embedder, batcher: Embedder, questions: list[str]) -> list[float]:
    """[p50, p95] of the batcher's single-question time over the model's, one caller."""
    times: dict[str, list[float]] = {"direct": [], "batched": []}
    for n, q in enumerate(questions):
        pair = [("direct", model), ("batched", batcher)]
        for name, embedder in pair if n % 2 else pair[::-1]:  # neither always goes first
            start = time.perf_counter()
            embedder.encode([q])
            times[name].append(time.perf_counter() - start)
    return [
        float(np.percentile(times["batched"], p) / np.percentile(times["direct"], p))
        for p in (50, 95)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="work in each measurement")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = args.repeats
    model = SentenceTransformerEmbedder()
    model.load()
    counted = Counting(model)
    batcher = BatchingEmbedder(counted)
    questions = [q.question for q in load_set("dev") + load_set("test")]
    floor_rate(model, questions)  # warm caches, allocator and threads
    floors: list[float] = []

    def floor() -> float:
        floors.append(floor_rate(model, questions))
        return floors[-1]

    def encode_at(embedder: Embedder, threads: int) -> Callable[[], float]:
        return lambda: rate(lambda q: embedder.encode([q]), work, threads)

    work = questions * max(1, round(args.seconds * floor() / len(questions)))
    rows = []
    for threads in CONCURRENCY:
        counted.calls = counted.texts = 0
        _, through, ratio = paired(runs, encode_at(batcher, threads), floor)
        per_call = f"{counted.texts / counted.calls:.1f}"
        rows.append((f"batcher, {threads} threads", through, ratio, per_call))
        _, direct, ratio = paired(runs, encode_at(model, threads), floor)
        name = "model one by one" if threads == 1 else f"model direct, {threads} threads"
        rows.append((name, direct, ratio, "1.0"))
    print(f"\n{'encode (questions/s)':34} {'q/s':>7} {'x floor':>8} {'texts/call':>11}")
    print(f"{f'model, {FLOOR_BATCH} a call (the floor)':34} {statistics.median(floors):7.0f}")
    for name, value, ratio, per_call in rows:
        print(f"{name:34} {value:7.0f} {ratio:8.2f} {per_call:>11}")

    lone = (questions * 2)[:200]
    ratios = [latencies(model, batcher, lone) for _ in range(runs)]
    p50, p95 = (statistics.median(r[i] for r in ratios) for i in (0, 1))
    print(f"\nlone question through the batcher / model directly: p50 {p50:.3f}, p95 {p95:.3f}")

    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "content", Path(tmp), model, max_bytes=25 << 20)
        version, _ = open_version(Path(tmp))

        def answers_at(embedder: Embedder, threads: int, items: list[str]) -> Callable[[], float]:
            return lambda: rate(lambda q: answer(q, version, embedder), items, threads)

        alone = answers_at(model, 1, questions)()  # also warms the index's caches
        asked = questions * max(1, round(args.seconds * alone / len(questions)))
        print(f"\n{'answer path (answers/s)':34} {'direct':>7} {'batched':>8} {'ratio':>6}")
        for threads in CONCURRENCY:
            direct, batched, ratio = paired(
                runs, answers_at(batcher, threads, asked), answers_at(model, threads, asked)
            )
            print(f"{f'{threads} threads':34} {direct:7.1f} {batched:8.1f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
