"""Building an index in the test's working folder, and reading what it kept and skipped."""

from __future__ import annotations

from pathlib import Path

from index.build import BuildReport, build
from index.loaders.limits import DEFAULT_LIMITS, Limits
from index.store import open_version
from support.fakes import FakeEmbedder

LIMIT = 5 * 1024 * 1024  # bytes a file may have in these builds


def build_here(content: Path, limits: Limits = DEFAULT_LIMITS) -> BuildReport:
    """Build ./index from `content` with the fake model."""
    return build(content, Path("index"), FakeEmbedder(), max_bytes=LIMIT, limits=limits)


def skip_reasons(report: BuildReport) -> dict[str, str]:
    return {s["document"]: s["reason"] for s in report.skipped}


def indexed() -> list[str]:
    """The documents in ./index's current version."""
    version, _ = open_version(Path("index"))
    return sorted(d.path for d in version.documents())
