"""Text that is safe in Teams: escaped message markdown, card text, clipped labels, http(s) links.

Teams pings people only through explicit mention entities, and LeadBot never sends one; still,
every string from content or a person is neutralised so it cannot look like a mention, HTML or a
markdown link: `& < >` become entities in messages, and brackets are escaped everywhere.
"""

from __future__ import annotations

import html
import re

from bot.links import web_url

ELLIPSIS = "…"
MAX_URL = 2000
# Kept as they are in a URL; anything else (spaces, quotes, brackets, controls) is percent-encoded.
_URL_SAFE = "!#$%&'*+,/:;=?@~"
_MARKDOWN = re.compile(r"([\\`*_\[\]])")
_TAG = re.compile(r"<(/?\s*at\b)", re.I)
_MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.I | re.S)


def escape(text: str) -> str:
    """Message markdown that shows `text` literally: no HTML, mention tags, links or emphasis."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


def escaped_line(text: str, limit: int) -> str:
    """`text` clipped to one line and escaped, at most `limit` characters once escaped (an
    entity or a backslash is never cut in half)."""
    budget = limit
    while len(shown := escape(clip(text, budget))) > limit:
        budget -= len(shown) - limit
    return shown


def card_text(text: str) -> str:
    """Adaptive Card TextBlock markdown that shows `text` literally (cards render no HTML).

    A zero-width space after "<" keeps `<at>` from being read as a mention tag.
    """
    return _MARKDOWN.sub(r"\\\1", _TAG.sub("<\u200b\\1", text))


def question_text(text: str) -> str:
    """A question without any `<at>Name</at>` left in it (the SDK removes only the bot's)."""
    return " ".join(html.unescape(_MENTION.sub(" ", text)).split())


def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def safe_url(url: str | None, page: int | None = None) -> str | None:
    """An http(s) URL with `#page=N` when given and nothing that could end a markdown link."""
    encoded = web_url(url, page, keep=_URL_SAFE)
    return encoded if encoded is not None and len(encoded) <= MAX_URL else None


def link(url: str | None, label: str) -> str:
    """A card markdown link `[label](url)` with the label escaped, or just the label."""
    text = card_text(label) or "link"
    return f"[{text}]({url})" if url else text
