"""The parsed form of a content file: a document made of blocks, each with its section and page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("framework", "case-study", "guidance", "article", "local")

# What a block is, so chunking and quoting can treat it right:
#   text      body text (the default)
#   table-row one table row, with its header cells ("Band 8a — allied health professions: 41")
#   aside     a box, pull quote or caption: quotable, never fused with a heading
#   footnote  searchable, but never quoted as an answer
#   scanned   text recovered by OCR from a page image, cited as "scanned page N"
#   unreadable-scan  a placeholder for an image-only document with no OCR: its text is the
#             title, so a question about it can be told "that is a scan I can't read"
ROLES = ("text", "table-row", "aside", "footnote", "scanned", "unreadable-scan")


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or table row, with where it sits in the document."""

    text: str
    # Heading path below the title, e.g. ("The five themes", "Building confidence").
    section: tuple[str, ...] = ()
    page: str | None = None  # printed page label (PDF), else None
    page_number: int | None = None  # 1-based physical page, for "#page=N" links (PDF), else None
    role: str = "text"  # one of ROLES


@dataclass(frozen=True)
class Document:
    """A loaded content file, ready for chunking."""

    path: str  # posix path relative to the content folder, e.g. "case-studies/physio.md"
    title: str
    kind: str  # one of KINDS
    url: str | None
    blocks: tuple[Block, ...]
    format: str  # "md" | "pdf" | "docx" | "html" | "txt"
    metadata: Mapping[str, Any] = field(default_factory=dict)  # front matter or sidecar fields
    # What the loader noticed and the admin should hear about at build time, e.g.
    # "page 3 is a scanned image with no text"; the build report lists them by file.
    warnings: tuple[str, ...] = ()
