"""What each format loader returns, and the text helpers the loaders share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from index.documents import Block

_WHITESPACE = re.compile(r"\s+")
# Bidi embeddings, overrides and isolates, zero-width spaces and joiners, the word joiner and
# invisible operators, and the byte-order mark: they draw nothing, yet can reorder or hide text
# ("\u202e" shows "evil.exe" as "exe.live"), so no quote or title may carry them.
INVISIBLE = "\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
INVISIBLE += "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True)
class Parsed:
    """A file's content as its format loader read it, before the metadata rules are applied."""

    blocks: tuple[Block, ...]
    title: str | None = None  # the format's own title: first heading, PDF /Title, <title>...
    front_matter: Mapping[str, Any] | None = None  # Markdown only; None means "read the sidecar"
    warnings: tuple[str, ...] = ()  # for the build summary, without the file name
    # 1-based physical pages that are images with no text and were not OCR'd. A file with no
    # blocks but such pages is kept as an "unreadable-scan" placeholder rather than skipped.
    unreadable_pages: tuple[int, ...] = ()


def short_cause(exc: Exception) -> str:
    """The first line of an exception's message, for a SkippedFile reason."""
    # KeyError's str() wraps its message in quotes; the message itself reads better.
    message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    lines = message.strip().splitlines()
    return lines[0][:120] if lines else type(exc).__name__


def visible(text: str) -> str:
    """The text without bidi and zero-width control characters."""
    return text.translate(_DROP_INVISIBLE)


def collapse(text: str) -> str:
    """Drop bidi and zero-width controls, collapse every run of whitespace to one space and
    trim the ends."""
    return _WHITESPACE.sub(" ", visible(text)).strip()


def unify_newlines(text: str) -> str:
    """Turn Windows and old Mac line endings into plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_on_blank_lines(text: str) -> list[str]:
    """Split text into chunks at blank lines, keeping the line breaks inside each chunk."""
    return [chunk for chunk in _BLANK_LINE.split(unify_newlines(text)) if chunk.strip()]


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs with their whitespace collapsed."""
    return [collapse(chunk) for chunk in split_on_blank_lines(text)]


class HeadingPath:
    """The headings above the current point, tracked while a document is read top to bottom.

    With `title_level`, the first heading at that level is taken as the document's title and
    kept out of section paths; later headings at that level become top-level sections.
    """

    def __init__(self, title_level: int | None = None) -> None:
        self.title: str | None = None
        self._title_level = title_level
        self._open: list[tuple[int, str]] = []

    def enter(self, level: int, text: str) -> None:
        """Record a heading; it closes every open heading at its level or deeper."""
        if not text:
            return
        if level == self._title_level and self.title is None:
            self.title = text
            self._open.clear()
            return
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        self._open.append((level, text))

    @property
    def path(self) -> tuple[str, ...]:
        """Heading texts from the outermost open heading down."""
        return tuple(text for _, text in self._open)
