"""Slack and Teams, served by one web app, give the same answer with the same citations."""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeEmbedder
from fakeslack import BOT_TOKEN, FakeSlack
from slackkit import SECRET, WebServer, event_body, signed_post
from slackkit import payload as slack_payload
from teamskit import FakeConnector, card_actions, payload, post, teams_env

from bot.config import Settings
from bot.services import Services
from bot.slack import create_app
from bot.teams.app import TeamsBot
from bot.teams.markup import clip
from bot.web import create_web_app
from index.build import build

QUESTIONS = [
    "What should trust boards consider appointing?",
    "What are the five themes of the clinical leadership framework?",
    "What was the midwife's turning point?",
    "Which clinical groups does the framework name?",
]
_SLACK_SOURCE = re.compile(r"^\*\[(\d+)\]\* <([^|>]+)\|([^>]+)>\n> (.*)$", re.S)


def slack_answer(blocks: list[dict[str, Any]]) -> tuple[str, list[tuple[str, str, str]]]:
    """(answer text, [(source line, url, quote)]) as a Slack user reads them."""
    sections = [html.unescape(b["text"]["text"]) for b in blocks if b["type"] == "section"]
    sources = [m.groups() for s in sections[1:] if (m := _SLACK_SOURCE.match(s))]
    return sections[0], [(label, url, quote) for _, url, label, quote in sources]


def teams_answer(activity: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    """The same from a Teams reply: its text, and each citation's name, url and abstract."""
    text = html.unescape(re.sub(r"\\([\\`*_\[\]])", r"\1", activity["text"]))
    [entity] = activity["entities"]
    claims = sorted(entity["citation"], key=lambda c: c["position"])
    return text, [
        (c["appearance"]["name"], c["appearance"]["url"], c["appearance"]["abstract"])
        for c in claims
    ]


def ask_both(
    tmp_path: Path, content_dir: Path, slack_event: dict[str, Any], activity: dict[str, Any]
) -> tuple[Any, dict[str, Any], Settings]:
    """Send the same message through Slack's and Teams' real request paths in one web process.

    Returns the Slack chat.postMessage call, the Teams reply activity and the settings used.
    """
    slack_api, connector = FakeSlack().start(), FakeConnector().start()
    env = teams_env(tmp_path, content_dir, connector) | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_api.api_url,
    }
    settings = Settings.from_env(env)
    embedder = FakeEmbedder()
    build(content_dir, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    services = Services.from_settings(settings, embedder=embedder)
    web = WebServer(create_web_app(services.core, create_app(services), TeamsBot(services))).start()
    try:
        body, kind = event_body(slack_event)
        assert signed_post(f"{web.url}/slack/events", body, content_type=kind)[0] == 200
        [posted] = slack_api.wait_for("chat.postMessage")
        status, replies, _ = post(f"{web.url}/api/messages", activity)
        assert status == 200
        [reply] = [a for a in replies["activities"] if a["type"] == "message"]  # type: ignore[index]
    finally:
        web.stop()
        slack_api.stop()
        connector.stop()
    return posted, reply, settings


@pytest.mark.parametrize("question", QUESTIONS)
def test_slack_and_teams_answer_alike(tmp_path: Path, content_dir: Path, question: str) -> None:
    posted, reply, settings = ask_both(
        tmp_path, content_dir, slack_payload("app_mention", text=f"<@UBOT> {question}"),
        payload("channel_mention", text=f"<at>LeadBot</at> {question}"),
    )  # fmt: skip

    slack_text, slack_sources = slack_answer(posted.params["blocks"])
    teams_text, teams_sources = teams_answer(reply)
    assert teams_text == slack_text and "[1]" in teams_text
    # Teams caps a citation's name at 80 characters and its abstract at 160; the full quote is
    # the answer text itself.
    capped = [(clip(label, 80), url, clip(quote, 160)) for label, url, quote in slack_sources]
    assert teams_sources == capped and teams_sources
    # The cited documents, in order, as both logged them for the gap report.
    with sqlite3.connect(settings.db_path) as db:
        logged = dict(db.execute("SELECT platform, documents FROM questions").fetchall())
    assert logged["teams"] == logged["slack"]
    assert card_actions(reply)[0]["data"]["answer_id"]


def slack_suggestions(blocks: list[dict[str, Any]]) -> tuple[list[str], str | None, list[str]]:
    """(why lines, question, choices) as a Slack user reads them."""
    sections = [html.unescape(b["text"]["text"]) for b in blocks if b["type"] == "section"]
    whys = [line for s in sections for line in s.splitlines() if line.startswith("Why: ")]
    asked = [
        s.splitlines() for s in sections if s.startswith("*") and s.split("\n")[0].endswith("?*")
    ]
    if not asked:
        return whys, None, []
    [lines] = asked
    return whys, lines[0].strip("*"), [line.removeprefix("• ") for line in lines[1:]]


def teams_suggestions(activity: dict[str, Any]) -> tuple[list[str], str | None, list[str]]:
    """The same from a Teams suggestions card (its text blocks, unescaped)."""
    [attachment] = activity["attachments"]
    texts = [
        html.unescape(re.sub(r"\\([\\`*_\[\]])", r"\1", b["text"]))
        for b in attachment["content"]["body"]
        if b["type"] == "TextBlock"
    ]
    whys = [t for t in texts if t.startswith("Why: ")]
    questions = [i for i, t in enumerate(texts) if t.endswith("?") and not t.startswith("Why")]
    if not questions:
        return whys, None, []
    [at] = questions
    choices = [line.removeprefix("- ") for line in texts[at + 1].splitlines()]
    titles = [a["title"] for a in card_actions(activity) if "msteams" in a.get("data", {})]
    assert titles == choices  # a button for each listed choice
    return whys, texts[at], choices


@pytest.mark.parametrize(
    "profile",
    [
        "I'm a nurse",
        "suggest not sure",
        "I'm a band 7 physiotherapist aiming for director of AHPs",
    ],
)
def test_slack_and_teams_suggest_alike(tmp_path: Path, content_dir: Path, profile: str) -> None:
    posted, reply, _ = ask_both(
        tmp_path, content_dir, slack_payload("message_im", text=profile),
        payload("personal_message", text=profile),
    )  # fmt: skip

    slack = slack_suggestions(posted.params["blocks"])
    teams = teams_suggestions(reply)
    assert slack == teams
    whys, question, _ = slack
    assert bool(whys) != (profile == "suggest not sure")
    assert (question is None) == ("aiming" in profile)
