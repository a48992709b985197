"""A parse worker whose .txt loader misbehaves on request, to test the build's worker pool.

Run as the pool's worker command (index.loaders.pool.WORKER_COMMAND). A .txt file whose text
starts with STALL never finishes, CRASH dies by SIGSEGV (as a C extension would), EXIT ends
the process, BUG raises an unexpected exception; any other text is read as usual.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import loaders
from index.loaders import plaintext, worker
from index.loaders.blocks import Parsed


def misbehaving(data: bytes, rel_path: str) -> Parsed:
    if data.startswith(b"STALL"):
        time.sleep(600)  # far longer than any test waits: the pool must kill the worker
    if data.startswith(b"CRASH"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if data.startswith(b"EXIT"):
        os._exit(3)
    if data.startswith(b"BUG"):
        raise IndexError("list index out of range")
    return plaintext.load(data, rel_path)


if __name__ == "__main__":
    loaders._FORMATS[".txt"] = ("txt", misbehaving)
    worker.main()
