"""Markdown files: front matter, then headings, paragraphs, list items, table rows and code."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token

from index.documents import Block
from index.loaders.blocks import HeadingPath, Parsed, collapse
from index.loaders.metadata import FENCE, humanise, split_front_matter

_MARKDOWN = MarkdownIt("commonmark").enable("table")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SETEXT_DASHES = re.compile(r" {0,3}-+[ \t]*")
_FENCE_OPEN = re.compile(r" {0,3}(```|~~~)")
_MAX_HEADING_WORDS = 12


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a Markdown file; a level-1 heading is the title, `##` starts top-level sections.

    A file without front matter is still indexed, under its `#` heading (else its file
    name), with a warning for the build report naming the fields to add.
    """
    text = data.decode("utf-8-sig")
    fields, body = split_front_matter(text, rel_path)
    reader = _Reader()
    for token in _MARKDOWN.parse(_thematic_breaks(body)):
        reader.feed(token)
    title = reader.headings.title
    warnings: tuple[str, ...] = ()
    if not fields and not text.lstrip().startswith(FENCE):
        # A lower heading is a section ("## Journey"), so the file name is the better guess.
        guessed = title or humanise(PurePosixPath(rel_path).stem)
        warnings = (
            f"has no front matter; LeadBot guessed its title {guessed!r}; "
            "add title, kind and url fields",
        )
    return Parsed(tuple(reader.blocks), title=title, front_matter=fields, warnings=warnings)


def _thematic_breaks(body: str) -> str:
    """Put a blank line between a sentence-like paragraph and a `---` line below it.

    CommonMark reads "Some text.\n---" as a level-2 heading (Setext); writers almost always
    mean a paragraph and a rule, unless the line above is short and unpunctuated.
    """
    out: list[str] = []
    paragraph: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None and _FENCE_OPEN.match(line):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and _SETEXT_DASHES.fullmatch(line.rstrip("\r\n")) and paragraph:
            words = len(" ".join(paragraph).split())
            if paragraph[-1].endswith((".", "!", "?")) or words > _MAX_HEADING_WORDS:
                out.append("\n")
        paragraph = [] if fence is not None or not stripped else [*paragraph, stripped]
        out.append(line)
    return "".join(out)


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
