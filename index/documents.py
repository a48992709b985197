"""The parsed form of a content file: a document made of blocks, each with its section and page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("framework", "case-study", "guidance", "article", "local")


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or table row, with where it sits in the document."""

    text: str
    # Heading path below the title, e.g. ("The five themes", "Building confidence").
    section: tuple[str, ...] = ()
    page: str | None = None  # printed page label (PDF), else None
    page_number: int | None = None  # 1-based physical page, for "#page=N" links (PDF), else None


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
