"""Markdown files: front matter, then headings, paragraphs, list items, table rows and code."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from index.documents import Block
from index.loaders.blocks import HeadingPath, Parsed, collapse
from index.loaders.metadata import split_front_matter

_MARKDOWN = MarkdownIt("commonmark").enable("table")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a Markdown file; a level-1 heading is the title, `##` starts top-level sections."""
    fields, body = split_front_matter(data.decode("utf-8-sig"), rel_path)
    reader = _Reader()
    for token in _MARKDOWN.parse(body):
        reader.feed(token)
    return Parsed(tuple(reader.blocks), title=reader.headings.title, front_matter=fields)


class _Reader:
    """Turns the parser's flat token stream into blocks, one token at a time."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.headings = HeadingPath(title_level=1)
        self._heading_level: int | None = None
        self._row: list[str] | None = None
        # One entry per open list item (its text so far) or blockquote (None), innermost last.
        self._containers: list[list[str] | None] = []

    def feed(self, token: Token) -> None:
        match token.type:
            case "heading_open":
                self._heading_level = int(token.tag[1:])
            case "heading_close":
                self._heading_level = None
            case "inline":
                self._inline(plain_text(token))
            case "list_item_open":
                self._containers.append([])
            case "blockquote_open":
                self._containers.append(None)
            case "list_item_close" | "blockquote_close":
                self._flush_items()
                self._containers.pop()
            case "bullet_list_open" | "ordered_list_open":
                # A parent item's own text comes before its nested items.
                self._flush_items()
            case "tr_open":
                self._row = []
            case "tr_close":
                self._add(" | ".join(cell for cell in self._row or [] if cell))
                self._row = None
            case "fence" | "code_block":
                self._add(token.content.strip("\n"))

    def _inline(self, text: str) -> None:
        if self._heading_level is not None:
            self.headings.enter(self._heading_level, text)
        elif self._row is not None:
            self._row.append(text)
        elif self._containers and self._containers[-1] is not None:
            self._containers[-1].append(text)
        else:
            self._add(text)

    def _add(self, text: str) -> None:
        self._flush_items()
        if text.strip():
            self.blocks.append(Block(text, self.headings.path))

    def _flush_items(self) -> None:
        for item in self._containers:
            if item:
                self.blocks.append(Block(" ".join(item), self.headings.path))
                item.clear()


def plain_text(token: Token) -> str:
    """An inline token's text without Markdown syntax: link and image text kept, URLs dropped."""
    return collapse("".join(_pieces(token.children or [])))


def _pieces(children: list[Token]) -> list[str]:
    pieces: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "image":
            pieces.extend(_pieces(child.children or []))
        elif child.type == "html_inline" and _LINE_BREAK_TAG.fullmatch(child.content.strip()):
            pieces.append(" ")
    return pieces
