"""Admin commands for every platform: who is an admin, the one command table, and running it."""

from __future__ import annotations

from collections.abc import Iterator

from bot import wording
from bot.content import Content, UploadRejected
from bot.core import Core
from bot.replies import BuildReply, GapReply, Notice, Reply, SourcesReply
from bot.state import State
from bot.turn import Turn
from index.errors import BuildInProgress, LeadbotError

# word -> what the person tried, as the refusal and the admin log name it
ACTIONS = {
    "reindex": "reindex content",
    "sources": "list sources",
    "remove": "remove content",
    "report": "see the gap report",
}
UPLOAD = "add or replace content"
REPORT_DAYS = 30


class NotAllowed(LeadbotError):
    """Someone who is not in LEADBOT_ADMINS asked for an admin action."""


def command(text: str, explicit: bool = False) -> tuple[str, str] | None:
    """(word, rest) if the message is an admin command rather than a question.

    Typed in a chat, "reindex" and "sources" stand alone, "report" may take a number of days
    and "remove" needs a document, so "remove barriers to leadership?" is still a question.
    An explicit command (/leadbot remove) is one by its first word alone.
    """
    word, _, rest = " ".join(text.split()).partition(" ")
    word = word.lower()
    if explicit or word not in ACTIONS:
        return (word, rest) if word in ACTIONS else None
    if word in ("reindex", "sources"):
        return (word, "") if not rest else None
    if word == "report":
        return (word, rest) if not rest or rest.isdigit() else None
    return (word, rest) if rest and not rest.endswith("?") else None


def upload_folder(text: str) -> str | None:
    """'case study' in the message puts the file under case-studies/, where case studies live."""
    lowered = text.lower()
    return "case-studies" if "case stud" in lowered or "case-studies" in lowered else None


class Admin:
    """Checks the person (logged either way), then runs the command as replies."""

    def __init__(self, core: Core, state: State, content: Content) -> None:
        self.core = core
        self.state = state
        self.content = content
        self._admins = {a.casefold() for a in core.settings.admins}

    def is_admin(self, user_id: str) -> bool:
        # Slack ids are upper case and AAD object ids are case-insensitive GUIDs.
        return user_id.casefold() in self._admins

    def check(self, platform: str, user: str, action: str) -> None:
        """Log the attempt; raise NotAllowed unless the user is an admin.

        Args:
            action: what the user tried, as a verb phrase: "reindex content".
        """
        allowed = self.is_admin(user)
        self.state.log_admin_attempt(platform=platform, user=user, action=action, allowed=allowed)
        if not allowed:
            raise NotAllowed(wording.only_admins(action))

    def run(self, turn: Turn, word: str, rest: str) -> Iterator[Reply]:
        """One command from the table; an error naming its fix is said as it is."""
        self.check(turn.platform, turn.user, ACTIONS[word])
        try:
            yield from self._run(word, rest)
        except BuildInProgress:
            raise  # said the same way wherever it happens
        except LeadbotError as error:
            yield Notice(str(error))

    def _run(self, word: str, rest: str) -> Iterator[Reply]:
        content = self.content
        if word == "reindex":
            content.refuse_if_building()
            yield Notice(wording.REINDEXING)
            yield BuildReply(wording.REINDEX_FINISHED, content.reindex())
        elif word == "sources":
            documents, skipped = content.sources()
            yield SourcesReply(documents, skipped, self.core.status())
        elif word == "remove":
            if not rest:
                yield Notice(wording.SAY_WHICH_DOCUMENT)
                return
            yield BuildReply(*content.remove(rest))
        elif word == "report":
            days = int(rest) if rest.isdigit() else REPORT_DAYS
            yield GapReply(self.state.gap_report(days=days))

    def receive(self, turn: Turn) -> Iterator[Reply]:
        """An admin's files: each fetched, validated, saved only if good, and indexed."""
        self.check(turn.platform, turn.user, UPLOAD)
        folder = upload_folder(turn.text)
        for upload in turn.files:
            try:
                # The name is checked before anything is fetched: a hidden file, README.md or an
                # unreadable type is refused without a download.
                self.content.check_name(upload.name)
                yield BuildReply(*self.content.accept_upload(upload.name, upload.read(), folder))
            except UploadRejected as rejection:
                yield Notice(wording.not_added(upload.name, rejection))
