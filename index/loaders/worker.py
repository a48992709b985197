"""A parse worker: `python -m index.loaders.worker` loads files sent on stdin within a memory budget.

It imports index.loaders and nothing heavier (no model, no torch). Each message is a pickle
preceded by its length; see index.loaders.pool for the other end.
"""

from __future__ import annotations

import os
import pickle
import resource
import struct
import sys
import traceback
from pathlib import Path
from typing import IO, Any

from index.errors import SkippedFile
from index.loaders import load_document
from index.loaders.limits import Limits

_HEADER = struct.Struct("!Q")
_MB = 1024 * 1024
READY = "ready"


def send(stream: IO[bytes], message: Any) -> None:
    """Write one length-prefixed pickle and flush it."""
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one length-prefixed pickle; EOFError when the other end has gone."""
    (size,) = _HEADER.unpack(_read_exactly(stream, _HEADER.size))
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = stream.read(size)
        if not part:
            raise EOFError("the other end closed the pipe")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer (root, rel_path, max_bytes, limits) requests until stdin closes."""
    send(replies, READY)
    while True:
        try:
            root, rel_path, max_bytes, limits = receive(requests)
        except EOFError:
            return
        reply, fresh = _load(Path(root), rel_path, max_bytes, limits)
        send(replies, reply)
        if not fresh:
            return


def _load(root: Path, rel_path: str, max_bytes: int, limits: Limits) -> tuple[Any, bool]:
    """The reply for one file, and whether this worker is still fit for the next one."""
    _budget(limits)
    try:
        return ("document", load_document(root, rel_path, max_bytes, limits)), True
    except Exception as error:
        # Loaders turn any exception of a broken file into SkippedFile, MemoryError too.
        if _ran_out(error):
            return ("memory",), False  # the heap may be in a poor state: a new worker goes on
        if isinstance(error, SkippedFile):
            # SkippedFile does not survive pickling (its args are not its __init__'s): send text.
            return ("skipped", error.reason), True
        return ("error", f"{type(error).__name__}: {error}", traceback.format_exc()), True
    finally:
        _budget(None)


def _ran_out(error: BaseException | None) -> bool:
    """Whether memory ran out anywhere in the chain of exceptions that led to this one."""
    seen = 0
    while error is not None and seen < 20:
        # libxml2 (under lxml) reports its own failed allocations as a parse error.
        if isinstance(error, MemoryError) or "memory allocation failed" in str(error).lower():
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _budget(limits: Limits | None) -> None:
    """Cap memory at what is mapped now plus the budget, and CPU time a little past the time
    budget (in case the parent dies and cannot stop this worker); None lifts both caps."""
    mapped = _mapped_bytes()
    if limits is None:
        _cap(resource.RLIMIT_AS, None)
        _cap(resource.RLIMIT_CPU, None)
        return
    if mapped is not None:  # without /proc (not Linux) the baseline is unknown: no memory cap
        _cap(resource.RLIMIT_AS, mapped + int(limits.megabytes * _MB))
    used = resource.getrusage(resource.RUSAGE_SELF)
    _cap(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime + limits.seconds) + 2)


def _cap(which: int, soft: int | None) -> None:
    _, hard = resource.getrlimit(which)
    if soft is None or (hard != resource.RLIM_INFINITY and soft > hard):
        soft = hard
    resource.setrlimit(which, (soft, hard))


def _mapped_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


def main() -> None:
    """Serve on stdin/stdout; anything a loader prints goes to stderr, not into the replies."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
