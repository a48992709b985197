"""A terminal conversation with LeadBot, for trying it without Slack or Teams."""

from __future__ import annotations

import getpass
import secrets

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
from bot.terminal import Terminal
from bot.turn import Turn

PLATFORM = "terminal"
QUIT = {"quit", "exit", "q", "bye"}
PROMPT = "You> "


def converse(conversation: Conversation, terminal: Terminal) -> None:
    """Read lines until 'quit' or end of input; say LeadBot's replies to each."""
    terminal.say(wording.TERMINAL_GREETING)
    chat = Chat(conversation)
    while True:
        try:
            line = terminal.read(f"\n{PROMPT}").strip()
        except EOFError:
            terminal.write("")
            return
        if terminal.echo:
            terminal.write(f"\n{PROMPT}{line}")
        if line.lower() in QUIT:
            return
        if not line:
            continue
        terminal.write("")
        try:
            terminal.say(chat.reply(line))
        except KeyboardInterrupt:  # Ctrl-C while answering: drop this answer, keep the chat
            continue


class Chat:
    """One terminal conversation: like a Slack thread, a follow-up is read against the last turn."""

    def __init__(self, conversation: Conversation, user: str | None = None) -> None:
        self.conversation = conversation
        self.user = user or getpass.getuser()  # an admin lists their login in LEADBOT_ADMINS
        self.key = f"{PLATFORM}:{secrets.token_hex(6)}"  # this session's memory, not the last

    def reply(self, line: str) -> str:
        """The text LeadBot says back to one line of the conversation (unwrapped)."""
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
