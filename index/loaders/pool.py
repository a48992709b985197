"""Parse workers: each file is read in a worker process, within a time and memory budget.

A worker is `python -m index.loaders.worker`, a fresh interpreter that imports only the loaders:
forking the build's process would copy the model and torch's threads into it, and
multiprocessing's spawn and forkserver re-import the caller's main module (the CLI) in every
worker. Two workers stay alive between builds, so a build pays their start-up once per process.
"""

from __future__ import annotations

import atexit
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import index
from index.documents import Document
from index.errors import SkippedFile
from index.loaders.limits import Limits, too_big, too_slow
from index.loaders.worker import READY, receive, send

# The command that starts a worker; a test may point it at a worker with a loader of its own.
WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "index.loaders.worker")
WORKERS = 2  # the machine LeadBot runs on has two cores
START_S = 120.0  # a worker imports the loaders first, which a busy machine may make slow

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (done, total)


class WorkerFailed(RuntimeError):
    """A parse worker exited before it was ready: the installation is broken."""


class _Worker:
    """One worker process and the file it is reading, if any."""

    def __init__(self, command: Sequence[str]) -> None:
        env = dict(os.environ)
        # The worker must import this very copy of `index`, wherever the caller runs from.
        source = str(Path(index.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (source, env.get("PYTHONPATH"))))
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env
        )
        self.ready = False
        self.path: str | None = None
        self.deadline = time.monotonic() + START_S

    def start(self, root: Path, path: str, max_bytes: int, limits: Limits) -> None:
        self.path, self.deadline = path, time.monotonic() + limits.seconds
        assert self.process.stdin is not None
        # Absolute: a worker kept from an earlier build may have started in another folder.
        send(self.process.stdin, (str(root.resolve()), path, max_bytes, limits))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    def ended(self) -> str:
        """How the worker ended: a signal's name, or its exit status."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # its output closed but it lingers
            self.process.kill()
            code = self.process.wait()
        if code < 0:
            return (
                signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
            )
        return f"exit status {code}"


class Pool:
    """Up to WORKERS worker processes, started when first needed and kept between builds."""

    def __init__(self, command: Sequence[str] = WORKER_COMMAND, size: int = WORKERS) -> None:
        self.command = tuple(command)
        self.size = size
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()  # one build at a time uses the workers

    def load_all(
        self,
        root: Path,
        paths: Sequence[str],
        max_bytes: int,
        limits: Limits,
        progress: Progress | None = None,
    ) -> dict[str, Document | SkippedFile]:
        """Each path's Document, or the SkippedFile saying why it was left out."""
        results: dict[str, Document | SkippedFile] = {}
        pending = deque(paths)
        with self._lock:
            while len(self._workers) < min(self.size, len(pending)):
                self._workers.append(_Worker(self.command))
            while pending or any(w.path for w in self._workers):
                for at, worker in enumerate(self._workers):
                    if worker.process.poll() is not None and worker.path is None:
                        worker.stop()  # gone since the last build
                        self._workers[at] = worker = _Worker(self.command)
                    if worker.ready and worker.path is None and pending:
                        worker.start(root, pending.popleft(), max_bytes, limits)
                for path, outcome in self._wait():
                    results[path] = _result(path, outcome, limits)
                    if progress:
                        progress(len(results), len(paths))
        return results

    def _wait(self) -> list[tuple[str, Any]]:
        """The next replies, by path; a worker that dies or overruns is replaced."""
        busy = [w for w in self._workers if not w.ready or w.path is not None]
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        with selectors.DefaultSelector() as selector:
            for worker in busy:
                assert worker.process.stdout is not None
                selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
            events = selector.select(timeout)
        finished: list[tuple[str, Any]] = []
        for key, _ in events:
            worker = key.data
            assert worker.process.stdout is not None
            try:
                message = receive(worker.process.stdout)
            except EOFError:
                finished.append(self._end(worker, ("crashed", worker.ended())))
                continue
            if message == READY:
                worker.ready = True
            elif message[0] == "memory":
                finished.append(self._end(worker, message))  # it exits after a MemoryError
            else:
                assert worker.path is not None
                finished.append((worker.path, message))
                worker.path = None
        now = time.monotonic()
        for worker in busy:
            if worker.deadline <= now and worker in self._workers and worker.process.poll() is None:
                finished.append(self._end(worker, ("slow",)))
        return finished

    def _end(self, worker: _Worker, outcome: Any) -> tuple[str, Any]:
        """Stop a worker and put a new one in its place; the outcome for its file."""
        if worker.path is None:
            raise WorkerFailed(
                f"a parse worker ({' '.join(self.command)}) did not start within {START_S:g} s "
                f"or exited before it was ready ({worker.ended()}); see its error above"
            )
        worker.stop()
        self._workers[self._workers.index(worker)] = _Worker(self.command)
        return worker.path, outcome

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            for worker in self._workers:
                worker.stop()
            self._workers.clear()


def _result(path: str, outcome: Any, limits: Limits) -> Document | SkippedFile:
    kind = outcome[0]
    if kind == "document":
        document: Document = outcome[1]
        return document
    if kind == "skipped":
        return SkippedFile(path, outcome[1])
    if kind == "slow":
        return SkippedFile(path, too_slow(limits))
    if kind == "memory":
        return SkippedFile(path, too_big(limits))
    if kind == "crashed" and outcome[1] == "SIGXCPU":
        return SkippedFile(path, too_slow(limits))  # the worker's own CPU-time backstop
    if kind == "crashed":
        return SkippedFile(path, _crashed(outcome[1]))
    # A loader bug: the file is skipped like any unreadable one, and the traceback is kept.
    logger.error("reading %s failed:\n%s", path, outcome[2])
    return SkippedFile(
        path, f"could not be read ({outcome[1]}); save it again from the program that made it"
    )


def _crashed(how: str) -> str:
    return (
        f"made the reader crash ({how}); save it again from the program that made it "
        "and upload it again"
    )


_shared: Pool | None = None
_shared_lock = threading.Lock()


def shared() -> Pool:
    """The process's pool, made for the current WORKER_COMMAND."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.command != WORKER_COMMAND:
            if _shared is not None:
                _shared.close()
            _shared = Pool(WORKER_COMMAND)
        return _shared


@atexit.register
def _close_shared() -> None:
    if _shared is not None:
        _shared.close()
