"""Links to sources: only http(s), with `#page=N` for a PDF page; each platform escapes the rest."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit


def web_url(url: str | None, page: int | None = None, *, keep: str) -> str | None:
    """The URL percent-encoded except for the characters in `keep`, or None unless it is http(s).

    Only web links are ever rendered: a `javascript:` or `file:` URL in a document's front
    matter must not become something a person can click.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if page is not None:
        parts = parts._replace(fragment=f"page={page}")
    return quote(urlunsplit(parts), safe=keep)
