"""Downloading a file shared with the bot: only from Slack, with the bot token, within the limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from bot.config import Settings
from bot.content import UploadRejected
from bot.downloads import allowed, fetch

SLACK_FILE_HOSTS = ("files.slack.com", "files-edu.slack.com", "files.slack-gov.com")


def download(settings: Settings, file: dict[str, Any]) -> bytes:
    """The file's bytes, or UploadRejected; the bot token is sent only to Slack's own file hosts."""
    limit = settings.max_file_bytes
    if int(file.get("size") or 0) > limit:
        raise UploadRejected(
            f"it is {int(file['size']) / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit (LEADBOT_MAX_FILE_MB)"
        )
    url = file.get("url_private_download") or file.get("url_private") or ""
    hosts: tuple[str, ...] = SLACK_FILE_HOSTS
    if settings.slack_api_url:  # GovSlack or a test server serves files from its own host
        hosts += ((urlparse(settings.slack_api_url).hostname or "").lower(),)
    if not allowed(url, hosts):
        raise UploadRejected("its download link does not point at Slack, so I did not fetch it")
    token = {"Authorization": f"Bearer {settings.slack_bot_token}"}
    declared = int(file.get("size") or 0) or None
    return fetch(url, hosts=hosts, limit=limit, source="Slack", headers=token, declared=declared)
