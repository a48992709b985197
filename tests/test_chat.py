"""The terminal chat as a person meets it: `leadbot chat` driven through its input (piped, as
click's CliRunner and scripts do) and through prompt_toolkit's line editor (as on a terminal)."""

from __future__ import annotations

import getpass
import os
import re
import stat
from datetime import datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.history import FileHistory, History
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from support.fakes import FakeEmbedder, threshold_policy, write_policy

from bot import plaintext, terminal, wording
from bot.chat import converse
from bot.cli import main
from bot.config import Settings
from bot.services import Services
from bot.terminal import Terminal, emphasise, line_editor, open_history

MIN_SCORE = 0.45  # as tests/test_cli.py: the sample's questions answered, the canteen refused
FIVE_THEMES = (
    "The framework has five themes: building confidence, widening perspectives, "
    "talent management, practical levers and organisational culture."
)
URL = re.compile(r"^\s*(Full document: )?https?://\S+$")


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    shared = FakeEmbedder()
    monkeypatch.setattr("bot.core.SentenceTransformerEmbedder", lambda *_, **__: shared)
    return shared


@pytest.fixture
def built(tmp_path: Path, content_dir: Path, fake: FakeEmbedder) -> dict[str, str]:
    """The environment of a content folder whose index has been built."""
    env = {
        "LEADBOT_CONTENT_DIR": str(content_dir),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "LEADBOT_ANSWERABILITY": write_policy(
            tmp_path / "policy.json", threshold_policy(MIN_SCORE)
        ),
        "COLUMNS": "200",  # one line per paragraph, unless a test asks for a narrower terminal
    }
    assert CliRunner().invoke(main, ["index", "build", "--json"], env=env).exit_code == 0
    return env


def chat(env: dict[str, str], *lines: str, **more: str) -> Result:
    """`leadbot chat` with these lines piped in."""
    text = "".join(f"{line}\n" for line in lines)
    return CliRunner().invoke(main, ["chat"], env=env | more, input=text)


def said(result: Result) -> str:
    """What the chat printed, however it was wrapped: its words, one space apart."""
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


# --- piped: what a script, a log or CI sees ----------------------------------------------------


def test_an_answer_shows_each_quote_once_then_its_sources(built: dict[str, str]) -> None:
    result = chat(built, "What are the five themes?", "quit")

    assert said(result).count(FIVE_THEMES) == 1  # in the answer, not again under its source
    answer = result.stdout.split("You> What are the five themes?\n\n", 1)[1]
    text, sources = answer.split("\n\nSources:\n", 1)
    assert " ".join(text.split()) == f"{FIVE_THEMES} [1]"
    assert sources.startswith(
        "[1] Clinical leadership – a framework for action · The five themes\n"
        "    https://example.nhs.uk/framework\n"
    )
    assert "“" not in answer


def test_lines_are_wrapped_to_the_terminal_width(built: dict[str, str]) -> None:
    result = chat(built, "What are the five themes?", "suggest I'm a physio", "help", COLUMNS="50")

    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines if not URL.match(line)) <= 50
    assert any(len(line) > 45 for line in lines)  # filled, not merely short
    assert FIVE_THEMES in said(result)  # the same words, only folded
    # A source wrapped under its marker, its link on a line of its own.
    sources = result.stdout.split("Sources:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert sources[0].startswith("[1] Clinical leadership")
    assert all(line.startswith("    ") for line in sources[1:])
    assert sources[-1] == "    https://example.nhs.uk/framework"


def test_a_link_is_never_broken() -> None:
    url = "https://www.england.nhs.uk/ahp/implementing-ahp-action/clinical-leadership-a-framework/"
    text = f"[1] Clinical leadership – a framework for action · The five themes\n    {url}"

    wrapped = plaintext.wrap(text, 40).splitlines()

    assert wrapped == [
        "[1] Clinical leadership – a framework",
        "    for action · The five themes",
        f"    {url}",
    ]


def test_help_is_help_not_a_question(built: dict[str, str], fake: FakeEmbedder) -> None:
    fake.encoded.clear()

    text = said(chat(built, "help", "quit"))

    assert "type 'suggest' and a line about yourself" in text
    assert "Sources:" not in text
    assert fake.encoded == []  # help is not answered as a question


def test_suggest_and_a_description_of_oneself_get_case_studies(built: dict[str, str]) -> None:
    text = said(
        chat(built, "suggest I'm a physio", "I'm a band 6 physiotherapist, where do I start")
    )

    assert text.count("1. Case study: physiotherapist to director of AHPs") == 2
    assert "Why: Also a physiotherapist" in text


def test_a_follow_up_pair_is_read_with_the_conversations_subject(built: dict[str, str]) -> None:
    text = said(chat(built, "What was the midwife's turning point?", "and her journey?", "quit"))

    follow_up = text.split("You> and her journey? ", 1)[1]
    assert follow_up.startswith("Taking this as: The midwife who became chief nurse's journey?")
    assert "worked clinically for ten years" in follow_up
    assert "[1] Case study: midwife to chief nurse · Journey" in follow_up


def test_admin_words_from_someone_not_an_admin_are_refused(built: dict[str, str]) -> None:
    text = said(chat(built, "sources", "quit", LEADBOT_ADMINS="someone-else"))

    assert wording.only_admins("list sources") in text
    assert "framework/framework.md" not in text


def test_an_admin_gets_the_sources(built: dict[str, str]) -> None:
    text = said(chat(built, "sources", "quit", LEADBOT_ADMINS=getpass.getuser()))

    assert "Sources in the index: 4 documents" in text
    assert "framework/framework.md" in text


def test_piped_input_ends_cleanly_plain_and_unrecorded(built: dict[str, str]) -> None:
    result = chat(built, "What are the five themes?")  # no 'quit': the input just ends

    assert result.exit_code == 0, result.output
    assert "You> What are the five themes?" in result.stdout  # a log reads as a conversation
    assert FIVE_THEMES in said(result)
    assert "\x1b[" not in result.stdout  # no colour into a pipe
    assert not Path("var/chat-history").exists()  # piped lines are never written to a history


# --- on a terminal: prompt_toolkit's line editor ------------------------------------------------


@pytest.fixture
def services(built: dict[str, str], tmp_path: Path, fake: FakeEmbedder) -> Services:
    return Services.from_settings(Settings.from_env(built), embedder=fake)


def type_into(services: Services, keys: list[str], history: History) -> str:
    """Chat on prompt_toolkit's line editor, typing these keys at each prompt in turn (then
    Ctrl-D); what it wrote."""
    written: list[str] = []
    pending = iter(keys)
    with create_pipe_input() as pipe:
        editor = line_editor(history, input=pipe, output=DummyOutput())

        def read(prompt: str) -> str:
            keystrokes = next(pending, None)
            if keystrokes is None:
                pipe.close()
            else:
                pipe.send_text(keystrokes)
            return editor(prompt)

        converse(services.conversation, Terminal(read, written.append, lambda: 60, styled=True))
    return "\n".join(written)


UP = "\x1b[A"
CTRL_C = "\x03"


def test_the_line_editor_recalls_history_and_keeps_it_private(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "var" / "chat-history"

    shown = type_into(
        services, ["What are the five themes?\r", f"{UP}\r", "half a questi" + CTRL_C, "quit\r"],
        open_history(path, keep_days=365),
    )  # fmt: skip

    plain = click.unstyle(shown)
    assert plain.count(f"{FIVE_THEMES[:40]}") == 2  # ↑ asked the same question again
    assert "half a questi" not in plain  # Ctrl-C cleared the line, and the chat went on
    assert "\x1b[" in shown  # colour on a terminal
    assert "[1]" in plain and max(len(line) for line in plain.splitlines()) <= 60
    entries = [line for line in path.read_text().splitlines() if line.startswith("+")]
    assert entries == ["+What are the five themes?", "+quit"]  # a repeat is kept once
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # only its owner reads it

    # The next session starts with the last one's lines.
    again = type_into(services, [f"{UP}{UP}\r", "quit\r"], open_history(path, keep_days=365))
    assert FIVE_THEMES[:40] in click.unstyle(again)


def test_with_history_off_nothing_is_written(services: Services, tmp_path: Path) -> None:
    shown = type_into(
        services, ["What are the five themes?\r", f"{UP}\r", "quit\r"], open_history(None, 365)
    )

    assert click.unstyle(shown).count(FIVE_THEMES[:40]) == 2  # ↑ still works in the session
    assert not (tmp_path / "var" / "chat-history").exists()


@pytest.mark.parametrize(
    ("options", "env", "kept"),
    [
        pytest.param([], {}, "var/chat-history", id="default"),
        pytest.param([], {"LEADBOT_CHAT_HISTORY": "mine/h"}, "mine/h", id="setting"),
        pytest.param([], {"LEADBOT_CHAT_HISTORY": "off"}, None, id="setting off"),
        pytest.param(["--no-history"], {}, None, id="--no-history"),
    ],
)
def test_leadbot_chat_on_a_terminal_keeps_history_unless_told_not_to(
    built: dict[str, str], monkeypatch: pytest.MonkeyPatch, options: list[str],
    env: dict[str, str], kept: str | None,
) -> None:  # fmt: skip
    histories: list[History] = []

    def editor(history: History) -> terminal.Reader:
        histories.append(history)
        return line_editor(history, input=pipe, output=DummyOutput())

    monkeypatch.setattr(terminal, "interactive", lambda: True)
    monkeypatch.setattr(terminal, "line_editor", editor)
    with create_pipe_input() as pipe:
        pipe.send_text("quit\r")
        result = CliRunner().invoke(main, ["chat", *options], env=built | env)

    assert result.exit_code == 0, result.output
    [history] = histories
    if kept is None:
        assert not isinstance(history, FileHistory) and not Path("var/chat-history").exists()
    else:
        assert isinstance(history, FileHistory) and Path(kept).exists()


@pytest.mark.parametrize("value", ["off", "false", "0", "none"])
def test_the_history_setting_can_be_turned_off(value: str) -> None:
    assert Settings.from_env({}).chat_history == Path("var/chat-history")
    assert Settings.from_env({"LEADBOT_CHAT_HISTORY": "/x/h"}).chat_history == Path("/x/h")
    assert Settings.from_env({"LEADBOT_CHAT_HISTORY": value}).chat_history is None


def test_history_older_than_the_retention_period_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "history"
    old, new = datetime.now() - timedelta(days=40), datetime.now() - timedelta(days=1)
    path.write_text(f"\n# {old}\n+an old question\n\n# {new}\n+a new one\n+on two lines\n")
    path.chmod(0o644)

    history = open_history(path, keep_days=30)

    assert list(history.load_history_strings()) == ["a new one\non two lines"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_history_keeps_only_the_last_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal, "MAX_HISTORY", 2)
    path = tmp_path / "history"
    path.write_text("".join(f"\n# {datetime.now()}\n+question {i}\n" for i in range(5)))

    history = open_history(path, keep_days=30)

    assert list(history.load_history_strings()) == ["question 4", "question 3"]


def test_emphasis_takes_no_columns() -> None:
    text = plaintext.wrap(f"{FIVE_THEMES} [1]\n\nSources:\n[1] Title\n    https://x.nhs.uk/a", 50)

    assert click.unstyle(emphasise(text)) == text
    assert "\x1b[" in emphasise(text)
