"""Split a Document into passages that fit the model and keep their citation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby

from index.documents import Block, Document
from index.sentences import count_words, split_sentences

MAX_WORDS = 200  # the upper end of the 120–200 word target
CHUNKING_VERSION = "5"  # bump when the rules change, so old chunks are not reused


@dataclass(frozen=True)
class Chunk:
    """A passage with everything a citation needs."""

    id: str  # stable: a hash of document, section and text
    document: str  # path relative to the content folder
    title: str
    section: tuple[str, ...]
    page_start: str | None  # printed page labels
    page_end: str | None
    page_number: int | None  # physical page of page_start, for "#page=N" links
    url: str | None
    kind: str
    text: str
    ordinal: int  # position within the document
    # One (printed label, physical page) per line of text; a line is one source paragraph,
    # so a quoted sentence can be cited by its own page rather than the passage's range.
    pages: tuple[tuple[str | None, int | None], ...] = ()
    # The block role of each line (index.documents.ROLES); empty when every line is "text".
    roles: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        return self.text.split("\n")

    def role_of_line(self, line: int) -> str:
        return self.roles[line] if line < len(self.roles) else "text"

    def quotable(self, line: int) -> bool:
        """Whether a line may be quoted as an answer (footnotes and scan placeholders not)."""
        return self.role_of_line(line) not in ("footnote", "unreadable-scan")

    def page_of_line(self, line: int) -> tuple[str | None, int | None]:
        if line < len(self.pages):
            return self.pages[line]
        return self.page_start, self.page_number

    @property
    def section_label(self) -> str:
        return " > ".join(self.section)

    @property
    def page_label(self) -> str | None:
        """'12' or '12–13' for a passage that spans pages."""
        if self.page_start is None or self.page_start == self.page_end or self.page_end is None:
            return self.page_start
        return f"{self.page_start}–{self.page_end}"

    def embedding_text(self) -> str:
        """What is embedded: where the passage sits, then the passage."""
        return f"{self.heading}\n{self.text}"

    @property
    def heading(self) -> str:
        return " > ".join((self.title, *self.section))

    def sentences(self) -> list[tuple[int, str]]:
        """(line, sentence) of every sentence in reading order; each has its own stored vector."""
        return [(i, s) for i, line in enumerate(self.lines()) for s in split_sentences(line)]

    def sentence_embedding_text(self, sentence: str) -> str:
        """A sentence is embedded with where it sits, so "she" and "the theme" keep their subject."""
        return f"{self.heading}: {sentence}"


def split(doc: Document, count_tokens: Callable[[str], int], max_tokens: int = 256) -> list[Chunk]:
    """Chunk a document within its sections, never across a section boundary.

    Args:
        count_tokens: the embedder's tokenizer (special tokens included), so that no
            passage is silently truncated by the model.
        max_tokens: the model's input limit; the title and section path count against it.
    """
    specials = count_tokens("")
    chunks: list[Chunk] = []
    for section, group in groupby(doc.blocks, key=lambda block: block.section):
        budget = max_tokens - count_tokens(" > ".join((doc.title, *section)) + "\n")
        pieces = [
            _Piece(text, block, count_words(text), count_tokens(text) - specials)
            for block in group
            for sentence in split_sentences(block.text)
            for text in _cut(sentence, count_tokens, specials, budget)
        ]
        for passage in _passages(pieces, budget):
            chunks.append(_make_chunk(doc, section, passage, len(chunks)))
    return chunks


@dataclass(frozen=True)
class _Piece:
    text: str  # a sentence (or part of an over-long one)
    block: Block  # where it came from, for page labels
    words: int
    tokens: int


def _cut(
    sentence: str, count_tokens: Callable[[str], int], specials: int, budget: int
) -> list[str]:
    """Cut a sentence too long for the model into word windows that fit."""
    if count_tokens(sentence) - specials <= budget // 2:
        return [sentence]
    words = sentence.split()
    if len(words) < 2:
        return [sentence]
    middle = len(words) // 2
    halves = (" ".join(words[:middle]), " ".join(words[middle:]))
    return [part for half in halves for part in _cut(half, count_tokens, specials, budget)]


def _passages(pieces: list[_Piece], budget: int) -> Iterator[list[_Piece]]:
    """Pack sentences into passages of at most MAX_WORDS and `budget` tokens.

    When a section splits, the next passage repeats the previous passage's last sentence.
    Both limits are hard: a short passage followed by a long sentence ends short rather
    than growing past MAX_WORDS.
    """
    current: list[_Piece] = []
    fresh = 0  # pieces not already emitted in an earlier passage
    for piece in pieces:
        words = sum(p.words for p in current)
        tokens = sum(p.tokens for p in current)
        too_big = words + piece.words > MAX_WORDS or tokens + piece.tokens > budget
        if fresh and too_big:
            yield current
            overlap = current[-1]
            current = [overlap] if overlap.tokens + piece.tokens <= budget // 2 else []
            fresh = 0
        current.append(piece)
        fresh += 1
    if fresh:
        yield current


def _make_chunk(
    doc: Document, section: tuple[str, ...], pieces: list[_Piece], ordinal: int
) -> Chunk:
    # Paragraphs stay on lines of their own: sentence splitting never joins two of them, and
    # each line knows its page.
    lines: list[str] = []
    pages: list[tuple[str | None, int | None]] = []
    roles: list[str] = []
    previous: Block | None = None
    for piece in pieces:
        if piece.block is previous:
            lines[-1] += " " + piece.text
        else:
            lines.append(piece.text)
            pages.append((piece.block.page, piece.block.page_number))
            roles.append(piece.block.role)
        previous = piece.block
    text = "\n".join(lines)
    first, last = pieces[0].block, pieces[-1].block
    digest = hashlib.sha1(f"{doc.path}\x00{' > '.join(section)}\x00{text}".encode()).hexdigest()
    return Chunk(
        id=digest[:16],
        document=doc.path,
        title=doc.title,
        section=section,
        page_start=first.page,
        page_end=last.page,
        page_number=first.page_number,
        url=doc.url,
        kind=doc.kind,
        text=text,
        ordinal=ordinal,
        pages=tuple(pages),
        roles=tuple(roles) if any(role != "text" for role in roles) else (),
    )
