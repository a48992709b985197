"""Slack, Teams and the terminal give the same reply to the same turn: answers with the same
citations, suggestions, follow-ups, admin commands and failures."""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.fakes import FakeEmbedder
from support.fakeslack import BOT_TOKEN, FakeSlack
from support.slackkit import SECRET, WebServer, command_body, event_body, signed_post, texts
from support.slackkit import payload as slack_payload
from support.teamskit import ADMIN, FakeConnector, card_actions, payload, post, shown, teams_env

from bot import wording
from bot.chat import Chat
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
SLACK_ADMIN = "U_ADMIN"
ADMIN_FROM = {"id": "29:1adminTeamsUserId", "name": "Sam Admin", "aadObjectId": ADMIN}
ADMIN_CHAT = {"conversationType": "personal", "id": "a:1personalChatWithSamAdmin0123456789"}
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


@dataclass
class Both:
    """Slack and Teams served by one web app over one index, state and conversation core."""

    slack_api: FakeSlack
    connector: FakeConnector
    web: WebServer
    services: Services

    def slack(self, event: dict[str, Any], method: str = "chat.postMessage") -> Any:
        """Send a signed event (or a slash command's form) and the call it made, when it came."""
        before = len(self.slack_api.of(method))
        body, kind = command_body(event) if "command" in event else event_body(event)
        assert signed_post(f"{self.web.url}/slack/events", body, content_type=kind)[0] == 200
        return self.slack_api.wait_for(method, count=before + 1)[-1]

    def teams(self, activity: dict[str, Any]) -> dict[str, Any]:
        status, replies, _ = post(f"{self.web.url}/api/messages", activity)
        assert status == 200
        [reply] = [a for a in replies["activities"] if a["type"] == "message"]  # type: ignore[index]
        return reply

    def terminal(self, line: str, chat: Chat | None = None) -> str:
        return (chat or Chat(self.services.conversation, user="nurse")).reply(line)

    def stop(self) -> None:
        self.web.stop()
        self.slack_api.stop()
        self.connector.stop()


def start_both(tmp_path: Path, content_dir: Path, **env: str) -> Both:
    slack_api, connector = FakeSlack().start(), FakeConnector().start()
    values = teams_env(tmp_path, content_dir, connector) | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_api.api_url,
        "LEADBOT_ADMINS": f"{ADMIN},{SLACK_ADMIN}",
        **env,
    }
    settings = Settings.from_env(values)
    embedder = FakeEmbedder()
    build(content_dir, settings.index_dir, embedder, max_bytes=settings.max_file_bytes)
    services = Services.from_settings(settings, embedder=embedder)
    web = WebServer(create_web_app(services.core, create_app(services), TeamsBot(services))).start()
    return Both(slack_api, connector, web, services)


@pytest.fixture
def both(tmp_path: Path, content_dir: Path) -> Iterator[Both]:
    running = start_both(tmp_path, content_dir)
    yield running
    running.stop()


def ask_both(
    both: Both, slack_event: dict[str, Any], activity: dict[str, Any]
) -> tuple[Any, dict[str, Any]]:
    """Send the same message through Slack's and Teams' real request paths in one web process.

    Returns the Slack chat.postMessage call and the Teams reply activity.
    """
    return both.slack(slack_event), both.teams(activity)


def terminal_answer(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The same from the terminal: the answer's text and each source's line, url and quote.

    The terminal prints each quote once, in the answer text before its [n] marker, and under
    each source only its line and link.
    """
    answer, _, sources = text.partition("\n\nSources:\n")
    answer = answer.replace("]\n\nAlso, from ", "] Also, from ")  # a paragraph per source
    found, start = [], 0
    for entry in re.split(r"\n(?=\[\d+\] )", sources.split("\n\n")[0]):
        head, *links = entry.splitlines()
        n, label = head.split(" ", 1)
        end = answer.index(f" {n}", start)
        quote = answer[start:end].removeprefix(f"Also, from {label.split(' · ')[0]}: ")
        url = links[0].strip().removeprefix("Full document: ") if links else ""
        found.append((label, url, quote))
        start = end + len(n) + 2
    return answer, found


@pytest.mark.parametrize("question", QUESTIONS)
def test_slack_teams_and_the_terminal_answer_alike(both: Both, question: str) -> None:
    posted, reply = ask_both(
        both, slack_payload("app_mention", text=f"<@UBOT> {question}"),
        payload("channel_mention", text=f"<at>LeadBot</at> {question}"),
    )  # fmt: skip

    slack_text, slack_sources = slack_answer(posted.params["blocks"])
    teams_text, teams_sources = teams_answer(reply)
    assert teams_text == slack_text and "[1]" in teams_text
    # Teams caps a citation's name at 80 characters and its abstract at 160; the full quote is
    # the answer text itself.
    capped = [(clip(label, 80), url, clip(quote, 160)) for label, url, quote in slack_sources]
    assert teams_sources == capped and teams_sources
    assert terminal_answer(both.terminal(question)) == (slack_text, slack_sources)
    # The cited documents, in order, as each logged them for the gap report.
    with sqlite3.connect(both.services.settings.db_path) as db:
        logged = dict(db.execute("SELECT platform, documents FROM questions").fetchall())
    assert logged["teams"] == logged["slack"] == logged["terminal"]
    assert reply["channelData"] == {"feedbackLoop": {"type": "default"}}  # Teams' own 👍/👎


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
def test_slack_and_teams_suggest_alike(both: Both, profile: str) -> None:
    posted, reply = ask_both(
        both, slack_payload("message_im", text=profile), payload("personal_message", text=profile),
    )  # fmt: skip

    slack = slack_suggestions(posted.params["blocks"])
    teams = teams_suggestions(reply)
    assert slack == teams
    whys, question, _ = slack
    assert bool(whys) != (profile == "suggest not sure")
    assert (question is None) == ("aiming" in profile)


FOLLOW_UPS = [
    ("What was the midwife's turning point?", "and her journey?"),
    ("What does the framework name as its five themes?", "tell me more"),
]


@pytest.mark.parametrize(("first", "second"), FOLLOW_UPS)
def test_a_follow_up_is_read_alike_in_a_slack_thread_a_teams_chat_and_the_terminal(
    both: Both, first: str, second: str
) -> None:
    thread = {"channel": "C_LEADERS", "thread_ts": "1764000000.000100"}
    both.slack(slack_payload("app_mention", text=f"<@UBOT> {first}", **thread))
    posted = both.slack(slack_payload("message_channel", text=second, user="U_NURSE", **thread))
    both.teams(payload("personal_message", text=first))
    reply = both.teams(payload("personal_message", text=second))
    chat = Chat(both.services.conversation, user="nurse")
    both.terminal(first, chat)
    said = both.terminal(second, chat)

    slack_text, slack_sources = slack_answer(
        [b for b in posted.params["blocks"] if b["type"] != "context"]
    )
    taken = html.unescape(posted.params["blocks"][0]["elements"][0]["text"])
    assert taken.startswith("Taking this as: ")
    teams_text = teams_answer(reply)[0]
    assert teams_text == f"_{taken}_\n\n{slack_text}"
    assert said.startswith(f"{taken}\n\n")
    assert terminal_answer(said.removeprefix(f"{taken}\n\n")) == (slack_text, slack_sources)


def test_an_admin_command_is_one_command_everywhere(both: Both) -> None:
    refusal = wording.only_admins("list sources")
    slack_refused = both.slack(command(both, text="sources"), method="response_url")
    teams_refused = both.teams(payload("personal_message", text="sources"))
    assert html.unescape(slack_refused.params["text"]) == refusal
    assert teams_answer_text(teams_refused) == refusal
    assert both.terminal("sources") == refusal

    slack_sources = both.slack(
        command(both, text="sources", user_id=SLACK_ADMIN), method="response_url"
    )
    teams_sources = both.teams(
        payload("personal_message", text="sources", **{"from": ADMIN_FROM}, conversation=ADMIN_CHAT)
    )
    documents = [d.path for d in both.services.core.version().documents()]
    for path in documents:
        assert path in texts(slack_sources.params["blocks"]) and path in teams_sources["text"]
    attempts = [(a.platform, a.allowed) for a in both.services.state.admin_log()]
    assert attempts == [("slack", False), ("teams", False), ("terminal", False), ("slack", True),
                        ("teams", True)]  # fmt: skip


def test_a_failure_is_the_same_apology_everywhere(
    both: Both, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the index went away")

    monkeypatch.setattr(both.services.core, "answer", broken)
    question = "What are the five themes?"
    posted, reply = ask_both(
        both, slack_payload("app_mention", text=f"<@UBOT> {question}"),
        payload("channel_mention", text=f"<at>LeadBot</at> {question}"),
    )  # fmt: skip

    said = [texts(posted.params["blocks"]), teams_answer_text(reply), both.terminal(question)]
    references = [text.split("reference ")[-1].rstrip(".") for text in said]
    assert [wording.apology(r) for r in references] == [html.unescape(s) for s in said]
    assert len(set(references)) == 3  # each failure its own reference, each logged


def command(both: Both, **fields: str) -> dict[str, Any]:
    """A /leadbot command whose replies go to the fake Web API's response_url."""
    return (
        slack_payload("slash_command")
        | {"response_url": f"{both.slack_api.base}/response/1"}
        | fields
    )


def teams_answer_text(activity: dict[str, Any]) -> str:
    return html.unescape(re.sub(r"\\([\\`*_\[\]])", r"\1", shown(activity)))
