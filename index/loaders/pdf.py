"""PDF files: text page by page, with printed page labels and sections from the outline."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError

from index.documents import Block
from index.errors import SkippedFile
from index.loaders.blocks import (
    Parsed,
    collapse,
    short_cause,
    split_on_blank_lines,
    unify_newlines,
)

# A word broken over two lines: "lead-\nership" joins up, "Long-\nTerm" keeps its hyphen.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])[-\u00ad][^\S\n]*\n[^\S\n]*(?=[^\W\d_])")

Outline = list[tuple[int, tuple[str, ...]]]  # (0-based page index, section path), in page order


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a PDF; blocks carry the printed page label and the 1-based physical page number."""
    with _reading(rel_path):
        reader = PdfReader(BytesIO(data))
        # Many PDFs are encrypted only to restrict editing, with an empty password to open them.
        unlocked = not reader.is_encrypted or bool(reader.decrypt(""))
    if not unlocked:
        raise SkippedFile(
            rel_path, "is password-protected; save an unprotected copy and upload that"
        )
    with _reading(rel_path):
        texts = [page.extract_text() or "" for page in reader.pages]
    labels = _labels(reader, len(texts))
    outline = _outline(reader)
    starts = [page for page, _ in outline]
    blocks: list[Block] = []
    for index, text in enumerate(texts):
        at = bisect_right(starts, index) - 1
        section = outline[at][1] if at >= 0 else ()
        blocks.extend(Block(p, section, labels[index], index + 1) for p in _paragraphs(text))
    if not blocks:
        raise SkippedFile(
            rel_path,
            "has no extractable text (is it a scan?); run it through OCR or upload a text version",
        )
    return Parsed(tuple(blocks), title=_title(reader))


@contextmanager
def _reading(rel_path: str) -> Iterator[None]:
    """Turn whatever pypdf raises on a broken or AES-encrypted file into a SkippedFile."""
    try:
        yield
    except DependencyError as exc:
        raise SkippedFile(
            rel_path,
            "is AES-encrypted, which needs the 'cryptography' package on the server; "
            "save an unprotected copy and upload that",
        ) from exc
    except Exception as exc:  # broken files raise far more than PdfReadError
        raise SkippedFile(
            rel_path,
            f"could not be read as PDF: {short_cause(exc)}; it may be damaged or incomplete, "
            "so download or export it again",
        ) from exc


def _paragraphs(text: str) -> list[str]:
    """Paragraphs at blank lines; pypdf rarely gives any, and then the page is one paragraph."""
    chunks = split_on_blank_lines(unify_newlines(text))
    joined = [_BROKEN_WORD.sub(_join, chunk).replace("\u00ad", "") for chunk in chunks]
    return [paragraph for paragraph in map(collapse, joined) if paragraph]


def _join(match: re.Match[str]) -> str:
    following = match.string[match.end()]
    return "" if following.islower() else "-"


def _labels(reader: PdfReader, count: int) -> list[str]:
    try:
        labels = reader.page_labels
    except Exception:  # a malformed label tree should cost the labels, not the document
        labels = []
    return labels if len(labels) == count else [str(n) for n in range(1, count + 1)]


def _outline(reader: PdfReader) -> Outline:
    """Each outline entry that points at a page, with its path of titles."""
    entries: Outline = []

    def walk(items: list[Any], parent: tuple[str, ...]) -> None:
        previous = parent
        for item in items:
            if isinstance(item, list):  # pypdf lists an entry's children right after it
                walk(item, previous)
                continue
            title = collapse(str(item.title or ""))
            if not title:
                continue
            previous = (*parent, title)
            page = reader.get_destination_page_number(item)
            if page is not None and page >= 0:
                entries.append((page, previous))

    try:
        walk(reader.outline, ())
    except Exception:  # a broken outline should cost the section names, not the document
        return []
    # Stable sort: a parent and its first child on the same page keep their order.
    return sorted(entries, key=lambda entry: entry[0])


def _title(reader: PdfReader) -> str | None:
    try:
        info = reader.metadata
        return collapse(str(info.title)) if info is not None and info.title else None
    except Exception:  # a broken info dictionary should cost the title, not the document
        return None
