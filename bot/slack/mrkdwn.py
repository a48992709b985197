"""Block Kit primitives for LeadBot: escaping, safe links, limits and the small block builders.

Every string that came from content or a person is escaped (`& < >`), so a document or a
question can never ping anyone; links are built only from http(s) URLs; limits are kept by
truncating with "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.links import web_url

Block = dict[str, Any]

MAX_BLOCKS = 50  # per message
MAX_HOME_BLOCKS = 100  # per Home tab view
MAX_TEXT = 3000  # section text
MAX_HEADER = 150  # header plain_text
MAX_BUTTON_TEXT = 75
MAX_VALUE = 2000  # button value
MAX_FALLBACK = 300  # notification text
MAX_URL = 1000  # a longer link is shown as its label: it would crowd out the quote
MAX_LABEL = 200  # raw characters of one title, question, path or reason inside a line
MAX_LINE = 1000  # escaped characters of one list line
FULL_CITATIONS = 10  # citations past this are listed as source lines, without their quotes
ELLIPSIS = "…"
# Kept as they are in a URL; anything else (| < > spaces quotes controls) is percent-encoded.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_BUDGET = MAX_TEXT - 40  # a packed section keeps room for its "…and N more" line


# -- text, links and limits ------------------------------------------------------------------


def escape(text: str) -> str:
    """Escape Slack's control characters, so `<!channel>` in content shows as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str | None, page: int | None = None) -> str | None:
    """An http(s) URL ready to sit inside `<url|label>` (with `#page=N` if given), else None."""
    # Percent-encoding `|` and `>` means the URL cannot end the link early or smuggle a label.
    encoded = web_url(url, page, keep=_URL_SAFE)
    if encoded is None or len(encoded) > MAX_URL:
        return None
    return encoded.replace("&", "&amp;")


def link(url: str | None, label: str, page: int | None = None) -> str:
    """`<url|label>` with the label escaped, or just the escaped label when the URL is unsafe."""
    text = escape(clip(label)) or "link"
    target = safe_url(url, page)
    return f"<{target}|{text}>" if target else text


def clip(text: str, limit: int = MAX_LABEL) -> str:
    """Raw text on one line, cut to `limit` characters, before escaping."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def fit(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to `limit` characters without splitting an entity or a link."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:  # every & starts an entity once escaped
        cut = cut[:amp]
    if cut.rfind("<") > cut.rfind(">"):  # never leave half a link
        cut = cut[: cut.rfind("<")]
    return cut.rstrip() + ELLIPSIS


def mrkdwn_object(text: str) -> dict[str, Any]:
    # verbatim: Slack does not auto-link bare names, URLs or mentions in quoted content.
    return {
        "type": "mrkdwn",
        "text": fit(text, MAX_TEXT) if text.strip() else ELLIPSIS,
        "verbatim": True,
    }


def plain_object(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": fit(escape(text), limit) or ELLIPSIS, "emoji": True}


def section(text: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn_object(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn_object(text)]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain_object(text, MAX_HEADER)}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": plain_object(label, MAX_BUTTON_TEXT),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def cap(blocks: list[Block], limit: int) -> list[Block]:
    """A last guard: no builder should reach the limit, but a message over it is rejected."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], context("…and more not shown.")]


def list_sections(
    title: str, lines: Sequence[str], *, max_blocks: int = 1, max_lines: int | None = None
) -> list[Block]:
    """An escaped title and lines packed into at most `max_blocks` sections, then "…and N more"."""
    limit = len(lines) if max_lines is None else max_lines
    texts: list[str] = []
    current = title
    left = len(lines)
    for i, raw in enumerate(lines):
        line = fit(raw, MAX_LINE)
        full = bool(current) and len(current) + 1 + len(line) > _BUDGET
        if i == limit or (full and len(texts) + 1 >= max_blocks):
            break
        if full:
            texts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
        left -= 1
    if left:
        current = "\n".join(part for part in (current, f"{ELLIPSIS}and {left} more") if part)
    texts.append(current)
    return [section(text) for text in texts if text.strip()]


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def fallback_text(blocks: list[Block]) -> str:
    """The `text` to send with any of these block lists: its first text, ≤ 300 characters."""
    for block in blocks:
        text = block.get("text", {}).get("text")
        if text:
            return fit(str(text), MAX_FALLBACK)
    return "LeadBot"
