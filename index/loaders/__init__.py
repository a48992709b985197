"""Content files to Documents: find them, check them, and hand each to its format's loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from index.documents import Document
from index.errors import SkippedFile
from index.loaders import mail, markdown, pdf, plaintext, webpage, word
from index.loaders.blocks import Parsed
from index.loaders.files import check_inside, discover, read_within_limit
from index.loaders.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_characters,
    check_pages,
    check_zip,
)
from index.loaders.metadata import assemble, read_sidecar
from index.loaders.sniffing import mismatch, sniff

__all__ = ["LOADERS_VERSION", "SUPPORTED_SUFFIXES", "Limits", "discover", "load_document", "sniff"]

# Bump when a loader reads the same file differently, so that no build reuses what it read
# before. 2: bidi and zero-width controls are dropped from every text.
LOADERS_VERSION = "2"

_FORMATS: dict[str, tuple[str, Callable[[bytes, str], Parsed]]] = {
    ".md": ("md", markdown.load),
    ".markdown": ("md", markdown.load),
    ".pdf": ("pdf", pdf.load),
    ".docx": ("docx", word.load),
    ".html": ("html", webpage.load),
    ".htm": ("html", webpage.load),
    ".txt": ("txt", plaintext.load),
    ".eml": ("eml", mail.load),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)


def load_document(
    root: Path, rel_path: str, max_bytes: int, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Load one content file, or raise SkippedFile saying what is wrong and what to do.

    Pages, zipped sizes and characters are checked here; the time and memory budgets need a process of their
    own (index.loaders.pool).
    """
    check_inside(root, rel_path)  # first: a link out of the folder says so, whatever its name
    suffix = PurePosixPath(rel_path).suffix.lower()
    if suffix not in _FORMATS:
        raise SkippedFile(rel_path, _unsupported(suffix))
    fmt, load = _FORMATS[suffix]
    data = read_within_limit(root, rel_path, max_bytes)
    if problem := mismatch(suffix, data):
        raise SkippedFile(rel_path, problem)
    if fmt == "pdf":
        check_pages(data, rel_path, limits)
    if fmt == "docx":
        check_zip(data, rel_path, limits)
    parsed = load(data, rel_path)
    check_characters(parsed.blocks, rel_path, limits)
    # Markdown carries its fields in front matter; every other format may have a sidecar.
    fields = parsed.front_matter
    if fields is None:
        fields = read_sidecar(root, rel_path)
    return assemble(rel_path, fmt, parsed, fields)


def _unsupported(suffix: str) -> str:
    supported = " ".join(SUPPORTED_SUFFIXES)
    if not suffix:
        return f"has no file extension; LeadBot reads {supported} files, so name it accordingly"
    return f"is a {suffix} file, which LeadBot cannot read; convert it to one of {supported}"
