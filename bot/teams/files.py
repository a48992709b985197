"""Files sent to LeadBot in a Teams personal chat: which attachments they are, and downloading them.

Teams hands the bot a short-lived, pre-authenticated SharePoint/OneDrive link, so no token is
sent. Links are followed only over https to the allowed hosts (LEADBOT_TEAMS_DOWNLOAD_HOSTS),
redirects included, and never past the upload size limit.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity, Attachment

from bot.admin import UploadRejected
from bot.config import Settings

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_MB = 1024 * 1024


def sent_files(activity: Activity) -> list[Attachment]:
    """The files in a message (Teams also attaches the message's own HTML; that is not one)."""
    return [a for a in activity.attachments or [] if a.content_type == FILE_DOWNLOAD_INFO]


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


def download(settings: Settings, attachment: Attachment) -> bytes:
    """The file's bytes, or UploadRejected saying why not."""
    content: Any = attachment.content if isinstance(attachment.content, dict) else {}
    url = str(content.get("downloadUrl") or "")
    hosts = settings.teams_download_hosts
    if not allowed(url, hosts):
        raise UploadRejected(
            "its download link does not point at SharePoint or OneDrive over https, "
            "so I did not fetch it"
        )
    limit = settings.max_file_bytes
    opener = urllib.request.build_opener(_CheckedRedirects(hosts))
    try:
        with opener.open(url, timeout=30) as response:
            size = int(response.headers.get("Content-Length") or 0)
            data: bytes = b"" if size > limit else response.read(limit + 1)
    except (OSError, ValueError) as error:
        raise UploadRejected(f"I could not download it from Teams ({error})") from None
    if size > limit or len(data) > limit:
        raise UploadRejected(
            f"it is over the {limit / _MB:.0f} MB upload limit (LEADBOT_MAX_FILE_MB)"
        )
    return data


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a host the first link was allowed to point at."""

    def __init__(self, hosts: tuple[str, ...]) -> None:
        self.hosts = hosts

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not allowed(newurl, self.hosts):
            raise urllib.error.URLError("it redirected to a host that is not allowed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)
