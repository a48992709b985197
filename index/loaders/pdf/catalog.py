"""What pypdf reads from a PDF's catalogue: encryption, printed page labels, outline, /Title."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError

from index.errors import SkippedFile
from index.loaders.blocks import collapse, short_cause

Outline = list[tuple[int, tuple[str, ...]]]  # (0-based page index, section path), in page order


@contextmanager
def reading(rel_path: str) -> Iterator[None]:
    """Turn whatever a PDF library raises on a broken or AES-encrypted file into a SkippedFile."""
    try:
        yield
    except SkippedFile:
        raise
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


def unlock(reader: PdfReader, rel_path: str) -> None:
    """Open an encrypted file with the empty password, or say it needs a password."""
    # Many PDFs are encrypted only to restrict editing, with an empty password to open them.
    if reader.is_encrypted and not reader.decrypt(""):
        raise SkippedFile(
            rel_path, "is password-protected; save an unprotected copy and upload that"
        )


def page_labels(reader: PdfReader, count: int) -> list[str] | None:
    """The /PageLabels of every page, or None when the file has none (or a broken tree)."""
    try:
        if "/PageLabels" not in reader.root_object:
            return None
        labels = reader.page_labels
    except Exception:  # a malformed label tree should cost the labels, not the document
        return None
    return labels if len(labels) == count else None


def outline(reader: PdfReader) -> Outline:
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


def info_title(reader: PdfReader) -> str | None:
    """The document information /Title, if any."""
    try:
        info = reader.metadata
        return collapse(str(info.title)) if info is not None and info.title else None
    except Exception:  # a broken info dictionary should cost the title, not the document
        return None
