"""What someone said to LeadBot, on any platform: the neutral input of the conversation core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# channel: a Teams channel post; thread: a Slack channel message, answered in its thread;
# dm: a Slack direct message; personal / group: Teams chats; terminal: `leadbot chat`.
Where = Literal["channel", "thread", "dm", "personal", "group", "terminal"]
PRIVATE: tuple[Where, ...] = ("dm", "personal", "terminal")


@dataclass(frozen=True)
class Upload:
    """A file sent with a message, fetched only when the sender may add content.

    `read` returns its bytes or raises bot.content.UploadRejected saying why not.
    """

    name: str
    read: Callable[[], bytes]


@dataclass(frozen=True)
class Turn:
    """One message to LeadBot, as every adapter describes it."""

    platform: str  # "slack", "teams" or "terminal"
    user: str  # the platform's user id: what LEADBOT_ADMINS lists
    where: Where
    text: str  # without the mention of LeadBot
    conversation: str | None = None  # the thread or chat memory is kept under; None: none
    command: bool = False  # an explicit command (/leadbot …): only the asker sees the replies
    addressed: bool = True  # False: a thread message without a mention, answered only in a
    # thread LeadBot was asked in before
    files: tuple[Upload, ...] = ()

    @property
    def private(self) -> bool:
        """Only the person and LeadBot read the replies."""
        return self.where in PRIVATE or self.command
