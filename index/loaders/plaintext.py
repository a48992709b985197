"""Plain text (.txt) files: one block per paragraph, paragraphs separated by blank lines."""

from __future__ import annotations

from index.documents import Block
from index.loaders.blocks import Parsed, paragraphs


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a text file; it has no title or sections of its own."""
    return Parsed(tuple(Block(text) for text in paragraphs(data.decode("utf-8-sig"))))
