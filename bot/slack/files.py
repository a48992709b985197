"""Downloading a file shared with the bot: only from Slack, with the bot token, within the limit."""

from __future__ import annotations

import urllib.request
from typing import Any
from urllib.parse import urlparse

from bot.admin import UploadRejected
from bot.config import Settings

SLACK_FILE_HOSTS = {"files.slack.com", "files-edu.slack.com", "files.slack-gov.com"}


def download(settings: Settings, file: dict[str, Any]) -> bytes:
    """The file's bytes, or UploadRejected; the bot token is sent only to Slack's own file hosts."""
    limit = settings.max_file_bytes
    if int(file.get("size") or 0) > limit:
        raise UploadRejected(
            f"it is {int(file['size']) / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit (LEADBOT_MAX_FILE_MB)"
        )
    url = file.get("url_private_download") or file.get("url_private") or ""
    allowed = set(SLACK_FILE_HOSTS)
    if settings.slack_api_url:  # GovSlack or a test server serves files from its own host
        allowed.add(urlparse(settings.slack_api_url).hostname or "")
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or parsed.hostname not in allowed:
        raise UploadRejected("its download link does not point at Slack, so I did not fetch it")
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {settings.slack_bot_token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data: bytes = response.read(limit + 1)
    except OSError as error:
        raise UploadRejected(f"I could not download it from Slack ({error})") from None
    if len(data) > limit:
        raise UploadRejected(f"it is over the {limit / 1048576:.0f} MB limit (LEADBOT_MAX_FILE_MB)")
    return data
