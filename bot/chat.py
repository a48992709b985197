"""A terminal conversation with LeadBot, for trying it without Slack or Teams."""

from __future__ import annotations

import getpass
import secrets
from collections.abc import Callable

import click

from bot import plaintext, wording
from bot.conversation import Conversation
from bot.replies import (
    AnswerReply,
    BuildReply,
    CaseStudyReply,
    ErrorReply,
    GapReply,
    HelpReply,
    HomeReply,
    Notice,
    Reply,
    SourcesReply,
    SuggestionsReply,
)
from bot.turn import Turn

PLATFORM = "terminal"
QUIT = {"quit", "exit", "q", "bye"}


def converse(
    conversation: Conversation, input_fn: Callable[..., str], output: Callable[[str], None]
) -> None:
    """Read lines until 'quit' or end of input; say LeadBot's replies to each."""
    output(wording.TERMINAL_GREETING)
    chat = Chat(conversation)
    while True:
        try:
            line = input_fn("\nYou", prompt_suffix="> ", default="", show_default=False).strip()
        except (EOFError, KeyboardInterrupt, click.Abort):
            output("")
            return
        if line.lower() in QUIT:
            return
        if not line:
            continue
        output("")
        output(chat.reply(line))


class Chat:
    """One terminal conversation: like a Slack thread, a follow-up is read against the last turn."""

    def __init__(self, conversation: Conversation, user: str | None = None) -> None:
        self.conversation = conversation
        self.user = user or getpass.getuser()  # an admin lists their login in LEADBOT_ADMINS
        self.key = f"{PLATFORM}:{secrets.token_hex(6)}"  # this session's memory, not the last

    def reply(self, line: str) -> str:
        """The text LeadBot says back to one line of the conversation."""
        turn = Turn(PLATFORM, self.user, "terminal", line, conversation=self.key)
        return "\n\n".join(render(reply) for reply in self.conversation.handle(turn))


def render(reply: Reply) -> str:
    """One reply as plain text."""
    if isinstance(reply, AnswerReply):
        return plaintext.answer_text(reply.answer)
    if isinstance(reply, SuggestionsReply):
        return plaintext.suggestions_text(reply.suggestions)
    if isinstance(reply, CaseStudyReply):
        return plaintext.case_study_text(reply.story)
    if isinstance(reply, BuildReply):
        return f"{reply.headline}\n{plaintext.build_text(reply.report)}"
    if isinstance(reply, SourcesReply):
        return "\n".join(plaintext.sources_lines(reply.documents, reply.skipped, reply.status))
    if isinstance(reply, GapReply):
        return "\n".join(plaintext.report_lines(reply.report))
    if isinstance(reply, HelpReply | HomeReply):
        return wording.TERMINAL_HELP
    if isinstance(reply, Notice):
        return reply.text
    assert isinstance(reply, ErrorReply)
    return wording.apology(reply.reference)
