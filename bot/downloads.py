"""Fetching a file someone sent to the bot: only from the platform's own hosts, within the limit.

Redirects are checked too: urllib carries request headers (a bot token among them) across a
redirect, so a redirect to any other host is refused rather than followed.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from bot.admin import UploadRejected

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_MB = 1024 * 1024
_DEFAULT_PORTS = {"https": 443, "http": 80}


def allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """https to an allowed host or its subdomain; plain http only to a loopback host listed by name."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    if not any(host == h or host.endswith("." + h) for h in hosts):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)


def fetch(
    url: str,
    *,
    hosts: tuple[str, ...],
    limit: int,
    source: str,
    headers: dict[str, str] | None = None,
    declared: int | None = None,
) -> bytes:
    """The bytes at `url` (checked by the caller with `allowed`), or UploadRejected saying why not.

    Args:
        source: where the file comes from, for messages ("Slack", "Teams").
        declared: the size the platform said the file has; a body of another size was cut
            short or is not that file, and is refused.
    """
    opener = urllib.request.build_opener(_CheckedRedirects(hosts, _origin(url)))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            size = int(response.headers.get("Content-Length") or 0)
            data: bytes = b"" if size > limit else response.read(limit + 1)
    except (OSError, ValueError) as error:
        raise UploadRejected(f"I could not download it from {source} ({error})") from None
    if size > limit or len(data) > limit:
        raise UploadRejected(
            f"it is over the {limit / _MB:.0f} MB upload limit (LEADBOT_MAX_FILE_MB)"
        )
    if declared and len(data) != declared:
        raise UploadRejected(
            f"the download from {source} was {len(data)} bytes, not the {declared} it should be; "
            "send it again"
        )
    return data


def _origin(url: str) -> tuple[str, int | None]:
    """Scheme and port of a URL, with the scheme's default port filled in."""
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return "", None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a host the first link was allowed to point at."""

    def __init__(self, hosts: tuple[str, ...], origin: tuple[str, int | None]) -> None:
        self.hosts = hosts
        self.origin = origin

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not allowed(newurl, self.hosts):
            raise urllib.error.URLError("it redirected to a host that is not allowed")
        # The token goes with the redirect: another port on an allowed host is another server.
        if _origin(newurl) != self.origin:
            raise urllib.error.URLError("it redirected to another port or scheme")
        return super().redirect_request(req, fp, code, msg, headers, newurl)
