"""What reading one content file may cost, and the checks that skip a file over a limit."""

from __future__ import annotations

import zipfile
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
    # A zip-based file (.docx), from its central directory before it is unzipped: a real Word
    # document holds tens of parts and unzips to a few megabytes of XML besides its images.
    zip_entries: int = 10_000
    unzipped_megabytes: float = 256.0  # all its parts' declared sizes together
    zip_ratio: float = 100.0  # times its zipped size one part over 1 MB may unzip to


DEFAULT_LIMITS = Limits()
_MB = 1024 * 1024
_RATIO_FROM = _MB  # small parts (a style list, an empty header) can shrink a lot zipped
_BOMB = "a Word document does not unzip like that: save it again from Word, or leave it out"


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


def check_zip(data: bytes, rel_path: str, limits: Limits) -> None:
    """Raise SkippedFile if a zip-based file would unzip to too much, before it is unzipped.

    Python's zipfile never yields more of an entry than the size the central directory
    declares for it (a longer stream fails its CRC check), so declared sizes bound the work.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return  # not a readable zip: its loader says what is wrong with it
    if len(entries) > limits.zip_entries:
        raise SkippedFile(
            rel_path,
            f"holds {len(entries):,} zipped parts, over the {limits.zip_entries:,}-part limit; "
            f"{_BOMB}",
        )
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > limits.unzipped_megabytes * _MB:
        raise SkippedFile(
            rel_path,
            f"would unzip to {unzipped / _MB:,.0f} MB, over the {limits.unzipped_megabytes:g} MB "
            f"limit; {_BOMB}",
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FROM and ratio > limits.zip_ratio:
            raise SkippedFile(
                rel_path,
                f"has a part that would unzip to {entry.file_size / _MB:,.0f} MB, {ratio:,.0f} "
                f"times its zipped size (the limit is {limits.zip_ratio:g} times); {_BOMB}",
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
