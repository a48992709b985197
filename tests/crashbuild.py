"""A build that stalls at a chosen stage so that a test can kill -9 it there.

Usage: python tests/crashbuild.py CONTENT INDEX MARKER embedding|writing

MARKER is created when the build reaches the stage; the build then sleeps until killed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.fakes import FakeEmbedder

from index import publish
from index.build import build

STALL_S = 60  # far longer than the test waits: the process must die by the signal


def main(content: str, index_dir: str, marker: str, stage: str) -> None:
    reached = Path(marker)

    class StallingEmbedder(FakeEmbedder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            vectors = super().encode(texts)
            if stage == "embedding":
                reached.touch()
                time.sleep(STALL_S)
            return vectors

    write_vectors = publish._write_vectors

    def stalling_write_vectors(*args: Any) -> None:
        write_vectors(*args)  # chunks and vectors are on disk in the hidden folder
        if stage == "writing":
            reached.touch()
            time.sleep(STALL_S)

    publish._write_vectors = stalling_write_vectors  # type: ignore[assignment]
    build(Path(content), Path(index_dir), StallingEmbedder(), max_bytes=5 * 1024 * 1024)


if __name__ == "__main__":
    main(*sys.argv[1:5])
