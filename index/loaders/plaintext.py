"""Plain text (.txt) files and e-mail text: paragraphs, less quoting, banners and sign-offs.

An e-mail pasted or saved as text keeps what a reader wants (its own words and the quoted
message it answers, which may hold the facts) and loses what no one would quote: the header
lines (the Subject becomes the title), "> " quote markers, "=====" banners, "On … wrote:" and
"-----Original Message-----" reply headers, signatures and confidentiality disclaimers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.documents import Block
from index.loaders.blocks import Parsed, collapse, unify_newlines

_HEADER = re.compile(
    r"(from|sent|to|cc|bcc|subject|date|importance|attachments|reply-to)\s*:(.*)", re.IGNORECASE
)
_QUOTE = re.compile(r"^\s*((?:>\s?)+)")
_BANNER = re.compile(r"\s*([=\-_*~#+]\s*){4,}")
_ORIGINAL = re.compile(
    r"-{2,}\s*(original message|forwarded message|begin forwarded message)\s*-{2,}:?"
    r"|begin forwarded message:",
    re.IGNORECASE,
)
_WROTE_START = re.compile(r"on\s.{4,}", re.IGNORECASE)
_WROTE_END = re.compile(r".*\bwrote\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"--\s?")
_SIGN_OFF = re.compile(
    r"(kind(est)?|best|warm(est)?|many)?\s*(regards|wishes|thanks)( and best wishes)?"
    r"|thanks( again| so much)?|thank you|cheers|yours (sincerely|faithfully|truly)"
    r"|with (best|kind) (regards|wishes)|all the best|best",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"(caution|warning|external)\s*:\s*this (e-?mail|message)|\[?external( email)?\]?\s*:?\s*this (e-?mail|message)"
    r"|this (e-?mail|message)( and any (attachments|files)[^.]{0,40})? (is|are|may be) "
    r"(confidential|private|intended)"
    r"|the information (contained )?in this (e-?mail|message)"
    r"|confidentiality (notice|statement)|disclaimer\b"
    r"|this (e-?mail|message) (originated|was sent) from outside"
    r"|nhsmail is the secure e-?mail",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_SIGNATURE_LINE_WORDS = 12
_SIGNATURE_LINES = 8


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a text file; an e-mail's Subject, or a bannered first line, is its title."""
    message = clean(data.decode("utf-8-sig"))
    return Parsed(tuple(Block(text) for text in message.paragraphs), title=message.title)


@dataclass(frozen=True)
class Message:
    """What is worth indexing in a text: its title, if it names one, and its paragraphs."""

    title: str | None
    paragraphs: tuple[str, ...]


def clean(text: str, *, headers_read: bool = False) -> Message:
    """Apply the e-mail and banner rules to text and split it into paragraphs.

    Args:
        headers_read: the caller has read the headers already (an .eml file), so a leading
            "From:"/"Subject:" block is a forwarded message's and is dropped, not the title.
    """
    lines = unify_newlines(text).split("\n")
    subject, start = _header_block(lines, 0)
    title = None if headers_read else subject
    dropped = _reply_headers(lines, start)
    reader = _Reader()
    for index in range(start, len(lines)):
        if index in dropped:
            reader.reply_header()
        else:
            reader.feed(lines[index])
    paragraphs = reader.paragraphs()
    first = reader.bannered_first
    if title is None and not headers_read and paragraphs and paragraphs[0] == first:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return Message(title, tuple(paragraphs))


def _reply_headers(lines: list[str], start: int) -> set[int]:
    """Lines that introduce a quoted or forwarded message: "On … wrote:", "-----Original
    Message-----" and the From:/Sent:/To:/Subject: block such a message starts with."""
    dropped: set[int] = set()
    index = start
    while index < len(lines):
        line = _unquote(lines[index]).strip()
        following = _unquote(lines[index + 1]).strip() if index + 1 < len(lines) else ""
        if _ORIGINAL.fullmatch(line) or (_WROTE_START.match(line) and _WROTE_END.match(line)):
            dropped.add(index)
        elif _WROTE_START.match(line) and _WROTE_END.match(f"{line} {following}"):
            # Mail clients wrap a long "On <date>, <name> <address> wrote:" over two lines.
            dropped.update((index, index + 1))
            index += 1
        elif _HEADER.fullmatch(line):
            _, end = _header_block(lines, index)
            dropped.update(range(index, end))
            index = max(end - 1, index)
        index += 1
    return dropped


def subject_title(subject: str) -> str | None:
    """A Subject line as a title: "RE: FW: Board paper" -> "Board paper"."""
    return collapse(_REPLY_PREFIX.sub("", subject)) or None


def _header_block(lines: list[str], start: int) -> tuple[str | None, int]:
    """The Subject of a header block at lines[start:] (after blank lines), and where it ends."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    subject, names = None, set()
    while index < len(lines) and (match := _HEADER.fullmatch(_unquote(lines[index]).strip())):
        names.add(match[1].lower())
        if match[1].lower() == "subject":
            subject = subject_title(match[2])
        index += 1
    # One "To:" line opening a memo is text; a real header has a sender or subject and more.
    if len(names) < 2 or not names & {"from", "subject", "sent"}:
        return None, start
    return subject, index


def _unquote(line: str) -> str:
    return _QUOTE.sub("", line)


class _Reader:
    """Reads lines one at a time, dropping what the rules drop and grouping the rest."""

    def __init__(self) -> None:
        self._paragraphs: list[list[str]] = [[]]
        self._depth = 0
        self._in_signature = False
        self._in_disclaimer = False
        self._sign_off: int | None = None  # name lines dropped since a "Kind regards"
        self._seen_text = False
        self.bannered_first: str | None = None  # a first line set off by a banner

    def feed(self, raw: str) -> None:
        quote = _QUOTE.match(raw)
        depth = quote[1].count(">") if quote else 0
        line = _unquote(raw).strip()
        if depth != self._depth:
            self._break()
            self._depth = depth
        if not line:
            self._break()
            self._in_disclaimer = False
            if self._sign_off:  # a blank line after the name block ends it
                self._sign_off = None
            return
        if _BANNER.fullmatch(line):
            self._break()
            if self._seen_text and self.bannered_first is None and self._first_is_alone():
                self.bannered_first = collapse(" ".join(self._paragraphs[0]))
            return
        if _SIGNATURE.fullmatch(raw.rstrip()) or _SIGNATURE.fullmatch(line):
            self._in_signature = True
        if self._in_signature or self._in_disclaimer:
            return
        if not self._paragraphs[-1] and _DISCLAIMER.match(line):
            self._in_disclaimer = True
            return
        if self._sign_off is not None:
            if self._sign_off < _SIGNATURE_LINES and len(line.split()) <= _SIGNATURE_LINE_WORDS:
                self._sign_off += 1
                return
            self._sign_off = None
        if _SIGN_OFF.fullmatch(line.rstrip(",.! ")):
            self._break()
            self._sign_off = 0
            return
        self._seen_text = True
        self._paragraphs[-1].append(line)

    def reply_header(self) -> None:
        """A reply header ends the signature and disclaimer above it; the quoted message
        below it is content again."""
        self._break()
        self._in_signature = self._in_disclaimer = False
        self._sign_off = None

    def paragraphs(self) -> list[str]:
        return [collapse(" ".join(lines)) for lines in self._paragraphs if lines]

    def _first_is_alone(self) -> bool:
        filled = [lines for lines in self._paragraphs if lines]
        return len(filled) == 1 and len(" ".join(filled[0]).split()) <= _SIGNATURE_LINE_WORDS

    def _break(self) -> None:
        if self._paragraphs[-1]:
            self._paragraphs.append([])
