"""What reading one content file may cost, and the checks that skip a file over a limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from index.documents import Block
from index.errors import SkippedFile

_SPLIT = "split it into smaller files or raise the limit"


@dataclass(frozen=True)
class Limits:
    """Per-file limits besides size; a file over any of them is skipped by name."""

    pages: int = 2000  # PDF pages (LEADBOT_MAX_PAGES)
    characters: int = 5_000_000  # extracted text (LEADBOT_MAX_CHARACTERS)
    seconds: float = 120.0  # wall-clock time to read one file (LEADBOT_PARSE_SECONDS)
    megabytes: float = 1024.0  # memory one file's reading may take (LEADBOT_PARSE_MB)


DEFAULT_LIMITS = Limits()


def check_pages(data: bytes, rel_path: str, limits: Limits) -> None:
    """Raise SkippedFile if a PDF has more pages than the limit, before it is parsed in full."""
    # Opening the PDF reads only its cross-reference table and page tree, not page content.
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # many PDFs open with an empty password; pdf.py says if not
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return  # a damaged PDF: its loader says what is wrong with it
    if pages > limits.pages:
        raise SkippedFile(
            rel_path,
            f"has {pages:,} pages, over the {limits.pages:,}-page limit (LEADBOT_MAX_PAGES); {_SPLIT}",
        )


def check_characters(blocks: Sequence[Block], rel_path: str, limits: Limits) -> None:
    """Raise SkippedFile if the text read from a file is longer than the limit."""
    characters = sum(len(block.text) for block in blocks)
    if characters > limits.characters:
        raise SkippedFile(
            rel_path,
            f"has {characters:,} characters of text, over the {limits.characters:,} limit "
            f"(LEADBOT_MAX_CHARACTERS); {_SPLIT}",
        )


def too_slow(limits: Limits) -> str:
    """The reason for a file whose reading ran over the time budget."""
    return f"took longer than {limits.seconds:g} s to read (LEADBOT_PARSE_SECONDS); {_SPLIT}"


def too_big(limits: Limits) -> str:
    """The reason for a file whose reading ran over the memory budget."""
    return (
        f"needed more than {limits.megabytes:g} MB of memory to read (LEADBOT_PARSE_MB); {_SPLIT}"
    )
