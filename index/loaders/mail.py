"""E-mail (.eml) files: the Subject as title, the text part (else the HTML part) as paragraphs.

Named mail.py so it never shadows the standard library's `email` package, which reads the file.
The body goes through the same rules as plain text (plaintext.clean): quote markers, banners,
reply headers, signatures and disclaimers go; quoted messages stay as text.
"""

from __future__ import annotations

import email
import re
from dataclasses import replace
from email import policy
from email.message import EmailMessage

from index.documents import Block
from index.errors import SkippedFile
from index.loaders import plaintext, webpage
from index.loaders.blocks import Parsed, collapse

_LINE = "\ue000"  # a private-use character: not whitespace, so collapsing keeps it
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def load(data: bytes, rel_path: str) -> Parsed:
    """Read an .eml file; its Subject (less "RE:"/"FW:") is its title."""
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage):  # policy.default always makes one; for mypy
        raise SkippedFile(rel_path, "could not be read as an e-mail; save it again as .eml")
    title = plaintext.subject_title(str(message.get("Subject", "")))
    body = message.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        return Parsed((), title=title)
    text = _content(body)
    if body.get_content_subtype() == "html":
        return _from_html(text, rel_path, title)
    cleaned = plaintext.clean(text, headers_read=True)
    return Parsed(tuple(Block(paragraph) for paragraph in cleaned.paragraphs), title=title)


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset or a broken transfer encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _from_html(html: str, rel_path: str, title: str | None) -> Parsed:
    """An HTML body through the web-page reader, then the e-mail rules over its lines."""
    # The rules work line by line ("Kind regards" alone on a line), so each <br> leaves a mark
    # in the text that the reader's whitespace collapsing keeps.
    page = webpage.load(_LINE_BREAK.sub(lambda tag: _LINE + tag[0], html).encode("utf-8"), rel_path)
    text = "\n\n".join(block.text.replace(_LINE, "\n") for block in page.blocks)
    cleaned = plaintext.clean(text, headers_read=True)
    # A block the rules left whole keeps its section and role (a bulletin's table rows).
    by_text = {collapse(block.text.replace(_LINE, " ")): block for block in page.blocks}
    blocks = tuple(
        replace(by_text[paragraph], text=paragraph) if paragraph in by_text else Block(paragraph)
        for paragraph in cleaned.paragraphs
    )
    return Parsed(blocks, title=title or page.title)
