"""The terminal the chat talks through: a line editor with history and colour on a TTY, plain
lines when input is piped (a script, CI, click's CliRunner)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import click
from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from bot import plaintext

MIN_WIDTH, MAX_WIDTH = 40, 100  # wider lines are hard to follow; narrower cannot hold a title
MAX_HISTORY = 1000  # lines kept in the history file
HEADINGS = {"Sources:", "Related:"}
MARKER = re.compile(r"\[\d+\]")
LINK = re.compile(r"https?://\S+")
LABEL = re.compile(r"^(Taking this as:|\s*Why:|\s*Full document:)", re.MULTILINE)

Reader = Callable[[str], str]  # prompt -> line; EOFError when the input ends


def width() -> int:
    """The columns to wrap at: the terminal's (or COLUMNS), within a readable measure."""
    return max(MIN_WIDTH, min(shutil.get_terminal_size().columns, MAX_WIDTH))


def emphasise(text: str) -> str:
    """Bold headings and [n] markers, underlined links, dimmed labels (after wrapping: styles
    take no columns on screen but would count in the text's length)."""
    text = "\n".join(click.style(line, bold=True) if line in HEADINGS else line
                     for line in text.split("\n"))  # fmt: skip
    text = MARKER.sub(lambda m: click.style(m.group(), fg="cyan", bold=True), text)
    text = LINK.sub(lambda m: click.style(m.group(), fg="blue", underline=True), text)
    return LABEL.sub(lambda m: click.style(m.group(), dim=True), text)


@dataclass
class Terminal:
    """How the chat reads and writes lines."""

    read: Reader
    write: Callable[[str], None] = click.echo
    columns: Callable[[], int] = width
    styled: bool = False  # colour and emphasis: only on a TTY, so logs and tests stay plain
    echo: bool = False  # piped input is not on screen: repeat each line after its prompt

    def say(self, text: str) -> None:
        """Write text wrapped to the terminal's width, emphasised on a TTY."""
        wrapped = plaintext.wrap(text, self.columns())
        self.write(emphasise(wrapped) if self.styled else wrapped)


def on_screen(text: str) -> str:
    """Text for a TTY: wrapped to its width and emphasised."""
    return emphasise(plaintext.wrap(text, width()))


def open_terminal(history: Path | None, keep_days: int) -> Terminal:
    """A line editor when both ends are a TTY, else plain lines from stdin.

    Args:
        history: the file of past lines, None to keep them only for this session.
        keep_days: lines older than this are dropped from the file (the retention setting).
    """
    if interactive():
        return Terminal(line_editor(open_history(history, keep_days)), styled=True)
    return Terminal(plain_lines(sys.stdin), echo=True)  # nothing is written to the history file


def interactive() -> bool:
    """A person at a terminal: input typed, output read on screen."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def plain_lines(stream: IO[str]) -> Reader:
    def read(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return read


def line_editor(history: History, **io: Any) -> Reader:
    """prompt_toolkit: arrows, Emacs keys, ↑ and Ctrl-R through past lines, a grey suggestion
    from history (→ accepts it). Ctrl-C clears the line; Ctrl-D ends the chat.

    Args:
        io: prompt_toolkit's input= and output= (tests pass a pipe and a DummyOutput).
    """
    session: PromptSession[str] = PromptSession(
        history=history, auto_suggest=AutoSuggestFromHistory(), **io
    )

    def read(prompt: str) -> str:
        try:
            return session.prompt(prompt)
        except KeyboardInterrupt:
            return ""

    return read


def open_history(path: Path | None, keep_days: int) -> History:
    """The history file, owner-only and pruned to the retention period; in memory when off."""
    if path is None:
        return InMemoryHistory()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)  # questions are work data: no one else on the machine reads them
    prune(path, datetime.now() - timedelta(days=keep_days))
    return FileHistory(path)


def prune(path: Path, before: datetime) -> None:
    """Drop entries older than `before`, and all but the last MAX_HISTORY.

    prompt_toolkit writes each entry as a '# <timestamp>' line, then its lines prefixed '+'.
    """
    entries: list[list[str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True):
        if line.startswith("# "):
            entries.append([])
        if entries:
            entries[-1].append(line)
    kept = [e for e in entries if _stamp(e) >= before][-MAX_HISTORY:]
    if len(kept) == len(entries):
        return
    spare = path.with_name(path.name + ".new")
    descriptor = os.open(spare, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.writelines(line for entry in kept for line in entry)
    os.replace(spare, path)


def _stamp(entry: list[str]) -> datetime:
    try:
        return datetime.fromisoformat(entry[0][2:].strip())
    except ValueError:
        return datetime.min  # not an entry prompt_toolkit wrote: nothing says it is recent
