"""The `leadbot` command: build the index, ask, suggest, chat, and run the bot."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from dotenv import load_dotenv
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot import plaintext
from bot.answer import MAX_SENTENCES
from bot.config import Settings
from bot.core import Core
from index.errors import LeadbotError

SAMPLE_QUESTION = "What are the five themes of the clinical leadership framework?"
INDEX_DIR = click.option(
    "--index-dir", type=click.Path(path_type=Path), help="Index folder (LEADBOT_INDEX_DIR)."
)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
err = Console(stderr=True)


def at_most(help_text: str, most: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The -k option: how many items to return at most."""
    return click.option(
        "-k", "k", type=click.IntRange(1, most), default=3, show_default=True, help=help_text
    )


@click.group()
@click.version_option(package_name="leadbot")
def main() -> None:
    """LeadBot: cited answers on NHS clinical leadership, from the framework and its case studies."""
    load_dotenv(Path.cwd() / ".env")


def make_core(index_dir: Path | None = None, content_dir: Path | None = None) -> Core:
    """Settings from the environment, with command-line overrides; a bad setting is one line."""
    with errors_as_messages():
        settings = Settings.from_env()
    if index_dir:
        settings = dataclasses.replace(settings, index_dir=index_dir)
    if content_dir:
        settings = dataclasses.replace(settings, content_dir=content_dir)
    for path, named in (
        (settings.index_dir, "--index-dir" if index_dir else "LEADBOT_INDEX_DIR"),
        (settings.content_dir, "--content" if content_dir else "LEADBOT_CONTENT_DIR"),
    ):
        if path.exists() and not path.is_dir():
            raise click.ClickException(f"{named} {path} is a file; it must name a folder")
    return Core(settings)


@contextmanager
def errors_as_messages() -> Iterator[None]:
    """Turn the library's errors into one clear line and a non-zero exit."""
    try:
        yield
    except LeadbotError as error:
        raise click.ClickException(str(error)) from None


@main.group("index")
def index_group() -> None:
    """Build and inspect the search index."""


@index_group.command("build")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    help="Content folder (LEADBOT_CONTENT_DIR).",
)
@INDEX_DIR
@AS_JSON
def index_build(content_dir: Path | None, index_dir: Path | None, as_json: bool) -> None:
    """Index new and changed files; print what was added, changed, removed and skipped."""
    core = make_core(index_dir, content_dir)
    with errors_as_messages():
        report = run_build(core, show_progress=not as_json)
    click.echo(json.dumps(report.to_json()) if as_json else plaintext.build_text(report))


def run_build(core: Core, show_progress: bool) -> Any:
    if not show_progress:
        return core.build()
    columns = (
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return core.build(progress=progress)


@index_group.command("status")
@INDEX_DIR
@AS_JSON
def index_status(index_dir: Path | None, as_json: bool) -> None:
    """Show the version being served, its model and counts."""
    with errors_as_messages():
        status = make_core(index_dir).status()
    if as_json:
        click.echo(json.dumps(status.to_json()))
        return
    click.echo(
        f"Index version {status.version}, built {status.built_at} with {status.model}: "
        f"{status.documents} documents, {status.chunks} chunks."
    )
    for skipped in status.skipped:
        click.echo(f"  skipped: {skipped['document']} — {skipped['reason']}")
    for warning in status.warnings:
        click.echo(f"  warning: {warning}")


@main.command()
@INDEX_DIR
@AS_JSON
@at_most("Passages to quote at most (an answer is 1–3 sentences).", MAX_SENTENCES)
@click.argument("question")
def ask(index_dir: Path | None, as_json: bool, k: int, question: str) -> None:
    """Answer QUESTION from the content ('-' reads one question per line from stdin)."""
    core = make_core(index_dir)
    questions = (line.strip() for line in sys.stdin) if question == "-" else iter([question])
    with errors_as_messages():
        for text in questions:
            if question == "-" and not text:
                continue
            started = time.perf_counter()
            result = core.answer(text, k=k)
            took_ms = (time.perf_counter() - started) * 1000
            if as_json:
                click.echo(json.dumps(answer_json(result, took_ms)))
            else:
                show(plaintext.answer_text(result) + ("\n" if question == "-" else ""))


def answer_json(result: Any, took_ms: float) -> dict[str, Any]:
    return {
        "question": result.question,
        "answered": result.answered,
        "answer": result.text,
        "citations": [c.to_json() for c in result.citations],
        "topics": list(result.topics),
        "took_ms": round(took_ms, 1),
    }


@main.command()
@INDEX_DIR
@AS_JSON
@at_most("Case studies at most.", 10)
@click.argument("profile")
def suggest(index_dir: Path | None, as_json: bool, k: int, profile: str) -> None:
    """Suggest case studies for PROFILE, e.g. 'band 7 radiographer aiming for the board'."""
    core = make_core(index_dir)
    started = time.perf_counter()
    with errors_as_messages():
        result = core.suggest(profile, k=k)
    took_ms = (time.perf_counter() - started) * 1000
    if not as_json:
        show(plaintext.suggestions_text(result))
        return
    payload: dict[str, object] = {
        "profile": result.profile,
        "note": result.note,
        "suggestions": [s.to_json() for s in result.suggestions],
        "took_ms": round(took_ms, 1),
    }
    if result.ask:  # a vague profile: the one question back, with its choices
        payload["clarify"] = result.ask.to_json()
    click.echo(json.dumps(payload))


@main.command()
@INDEX_DIR
@click.option(
    "--no-history",
    is_flag=True,
    help="Keep no record of what you type on disk (or set LEADBOT_CHAT_HISTORY=off).",
)
def chat(index_dir: Path | None, no_history: bool) -> None:
    """A terminal conversation: ask questions, or type 'suggest <about you>' for case studies."""
    core = make_core(index_dir)
    with errors_as_messages():
        core.status()  # no index: say how to build one before the first question
        chat_in_terminal(core, history=not no_history)


def chat_in_terminal(core: Core, history: bool = True) -> None:
    from bot.chat import converse
    from bot.services import Services
    from bot.terminal import open_terminal

    settings = core.settings
    terminal = open_terminal(settings.chat_history if history else None, settings.retention_days)
    converse(Services.of(core).conversation, terminal)


def show(text: str) -> None:
    """Text as a person reads it: wrapped and emphasised on a terminal, as it is into a pipe."""
    from bot.terminal import on_screen

    click.echo(on_screen(text) if sys.stdout.isatty() else text)


@main.group("teams")
def teams_group() -> None:
    """Package LeadBot as a Microsoft Teams app."""


@teams_group.command("package")
@click.option(
    "--app-id",
    help="Teams app id, a GUID [default: CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID].",
)
@click.option("--bot-id", help="The Azure Bot's Microsoft App ID [default: the app id].")
@click.option(
    "--version",
    "app_version",
    default="1.0.0",
    show_default=True,
    help="App version, MAJOR.MINOR.PATCH; raise it for every new upload.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("leadbot-teams.zip"),
    show_default=True,
    help="The zip to write.",
)
def package_for_teams(app_id: str | None, bot_id: str | None, app_version: str, out: Path) -> None:
    """Write the Teams app package (manifest.json, color.png, outline.png) to upload."""
    from bot.teams import package as teams_app

    with errors_as_messages():
        app, bot = teams_app.resolve_ids(app_id, bot_id)
        path = teams_app.package(app, bot, app_version, out)
    click.echo(f"Wrote {path} (app {app}, bot {bot}, version {app_version}).")
    click.echo(
        "Upload it in Teams Admin Center (Teams apps > Manage apps > Upload new app), "
        "or sideload it in Teams (Apps > Manage your apps > Upload an app)."
    )
    for note in teams_app.reminders(teams_app.read_manifest(path)):
        click.echo(f"Note: {note}", err=True)


@main.group("data")
def data_group() -> None:
    """What LeadBot keeps about people (see the README's "What LeadBot stores")."""


@data_group.command("purge")
@click.option(
    "--user",
    required=True,
    help="The person's platform id: a Slack member id (U…) or a Teams AAD object id.",
)
def purge_user(user: str) -> None:
    """Delete one person's questions, votes, admin log rows and conversation references."""
    from bot.services import open_state

    with errors_as_messages():
        settings = Settings.from_env()
        state = open_state(settings)
    try:
        counts = state.purge_user(user.strip())
    finally:
        state.close()
    said = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"Deleted from {state.where}: {said}.")


@main.command()
def serve() -> None:
    """Run the bot on Slack (Socket Mode and/or HTTP) and Teams, whichever the settings configure."""
    from bot.serve import serve as start

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = make_core().settings
    with errors_as_messages():
        start(settings)


@main.command()
def run() -> None:
    """Build the index, then serve the bot if Slack or Teams is configured; otherwise chat in the terminal
    (or answer a sample question when not interactive)."""
    core = make_core()
    settings = core.settings
    chat_platform = bool(
        settings.slack_bot_token or settings.slack_app_token or settings.slack_signing_secret
        or settings.teams_configured
    )  # fmt: skip
    with errors_as_messages():
        click.echo(plaintext.build_text(run_build(core, show_progress=True)))
        if chat_platform:
            from bot.serve import serve as start

            logging.basicConfig(
                level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
            )
            start(core.settings)
        elif sys.stdin.isatty():
            chat_in_terminal(core)
        else:
            click.echo(f"\nSample question: {SAMPLE_QUESTION}\n")
            show(plaintext.answer_text(core.answer(SAMPLE_QUESTION)))
