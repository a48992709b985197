"""A terminal conversation with the core, for trying LeadBot without Slack or Teams."""

from __future__ import annotations

from collections.abc import Callable

import click

from bot import plaintext
from bot.answer import HELP as ANSWER_HELP
from bot.core import Core
from bot.followups import Previous
from bot.intent import intent

GREETING = (
    "LeadBot — ask about the NHS clinical leadership framework, its case studies and related "
    "documents.\nType 'suggest <about you>' for case studies that fit you "
    "(e.g. 'suggest band 7 radiographer aiming for a board-level AHP role'), or 'quit'."
)
QUIT = {"quit", "exit", "q", "bye"}
HELP_WORDS = {"help", "/help", "?", "commands", "what can you do"}
HELP = (
    f"{ANSWER_HELP}\n\nFor case studies that fit you, type 'suggest' and a line about yourself "
    "(e.g. 'suggest band 7 radiographer aiming for a board-level AHP role'). "
    "Type 'quit' to leave."
)


def converse(core: Core, input_fn: Callable[..., str], output: Callable[[str], None]) -> None:
    """Read questions until 'quit' or end of input; answer each one, remembering the last."""
    output(GREETING)
    chat = Chat(core)
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

    def __init__(self, core: Core) -> None:
        self.core = core
        self.previous: Previous | None = None

    def reply(self, line: str) -> str:
        """The text LeadBot says back to one line of the conversation."""
        if line.lower().strip(" !.?") in HELP_WORDS or line.strip() == "?":
            return HELP
        command, _, rest = line.partition(" ")
        if command.lower().lstrip("/") == "suggest":
            return plaintext.suggestions_text(self.core.suggest(rest))
        if intent(line) == "suggest":
            return plaintext.suggestions_text(self.core.suggest(line))
        answer = self.core.answer(line, previous=self.previous)
        if answer.verdict not in ("help", "clinical"):
            self.previous = Previous.of(answer, self.previous)
        return plaintext.answer_text(answer)
