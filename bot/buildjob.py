"""A build in a child process, so the serving process never holds a second copy of the model or
a build's peak memory: `Core.build` sends the job as JSON on stdin and reads the report back.

Run as `python -m bot.buildjob`; it is not a command for people.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index import errors
from index.build import BuildReport, build
from index.embed import SentenceTransformerEmbedder
from index.loaders.limits import Limits

# The errors a build raises on purpose, re-raised as themselves in the serving process.
_KNOWN: dict[str, type[errors.LeadbotError]] = {
    cls.__name__: cls
    for cls in (
        errors.BuildInProgress,
        errors.ContentNotFound,
        errors.IndexCorrupt,
        errors.IndexNotBuilt,
        errors.ModelNotFound,
    )
}


def job(
    content_dir: Path,
    index_dir: Path,
    model: str,
    *,
    max_bytes: int,
    limits: Limits,
    keep: int,
    wait: bool,
) -> dict[str, Any]:
    """What the child needs, as JSON."""
    return {
        "content_dir": str(content_dir),
        "index_dir": str(index_dir),
        "model": model,
        "max_bytes": max_bytes,
        "limits": asdict(limits),
        "keep": keep,
        "wait": wait,
    }


def run_in_child(spec: dict[str, Any]) -> BuildReport:
    """Build in a fresh interpreter; its report, or the LeadbotError it raised."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.buildjob"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except ValueError:
        answer = {}
    if "report" in answer:
        return report_from_json(answer["report"])
    if "error" in answer:
        raise _KNOWN.get(answer["error"], errors.LeadbotError)(answer["message"])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
    raise errors.LeadbotError(f"the build process failed (exit {done.returncode}): {tail}")


def report_from_json(data: dict[str, Any]) -> BuildReport:
    """A BuildReport back from `dataclasses.asdict` output (version names keep their zeros)."""
    return BuildReport(**data)


def main() -> None:
    spec = json.loads(sys.stdin.read())
    try:
        report = build(
            Path(spec["content_dir"]),
            Path(spec["index_dir"]),
            SentenceTransformerEmbedder(spec["model"]),
            max_bytes=int(spec["max_bytes"]),
            limits=Limits(**spec["limits"]),
            keep=int(spec["keep"]),
            wait=bool(spec["wait"]),
        )
    except errors.LeadbotError as error:
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        return
    print(json.dumps({"report": asdict(report)}))


if __name__ == "__main__":
    main()
