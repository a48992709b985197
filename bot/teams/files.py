"""Files sent to LeadBot in a Teams personal chat: which attachments they are, and downloading them.

Teams hands the bot a short-lived, pre-authenticated SharePoint/OneDrive link, so no token is
sent. Links are followed only over https to the allowed hosts (LEADBOT_TEAMS_DOWNLOAD_HOSTS),
redirects included, and never past the upload size limit.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, Attachment

from bot.config import Settings
from bot.content import UploadRejected
from bot.downloads import allowed, fetch

__all__ = ["FILE_DOWNLOAD_INFO", "allowed", "download", "sent_files"]
FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"


def sent_files(activity: Activity) -> list[Attachment]:
    """The files in a message (Teams also attaches the message's own HTML; that is not one)."""
    return [a for a in activity.attachments or [] if a.content_type == FILE_DOWNLOAD_INFO]


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
    return fetch(url, hosts=hosts, limit=settings.max_file_bytes, source="Teams")
