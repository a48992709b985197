"""The shipped Slack manifests ask for what the app uses and subscribe to what it handles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import wording
from bot.slack.shortcuts import ASK_ABOUT_MESSAGE

MANIFESTS = sorted((Path(__file__).resolve().parents[1] / "slack").glob("manifest.*.json"))
# What the listeners in bot/slack/ need: events, and the scopes the Web API calls require.
EVENTS = {
    "app_home_opened",  # the Home tab, and the Messages tab's suggested prompts
    "app_mention",
    "assistant_thread_started",  # suggested prompts in a split-pane assistant thread
    "message.channels",
    "message.groups",
    "message.im",
}
SCOPES = {
    "app_mentions:read",  # app_mention
    # The agent view the manifest declares, and assistant.threads.setSuggestedPrompts.
    "assistant:write",
    "channels:history",  # follow-ups in public channel threads
    "groups:history",  # follow-ups in private channel threads
    # chat.postMessage, chat.postEphemeral, and assistant.threads.setStatus ("is looking…")
    "chat:write",
    "commands",  # /leadbot, and the "Ask LeadBot about this message" shortcut
    "files:read",  # downloading files admins send by DM
    "im:history",  # direct messages
    "im:write",  # conversations.open, to send case studies by DM
}


def test_there_is_a_socket_mode_and_an_http_manifest() -> None:
    assert [p.name for p in MANIFESTS] == ["manifest.http.json", "manifest.socket-mode.json"]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_scopes_events_and_command(path: Path) -> None:
    manifest = json.loads(path.read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == EVENTS
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/leadbot"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    # The same full example questions the Messages tab suggests (at most four, as Slack allows).
    prompts = manifest["features"]["agent_view"]["suggested_prompts"]
    assert [p["message"] for p in prompts] == list(wording.EXAMPLE_QUESTIONS)
    assert [p["title"] for p in prompts] == list(wording.EXAMPLE_TITLES)
    assert len(prompts) <= 4
    # The message shortcut the app listens for; shortcuts need `commands` and interactivity.
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == ASK_ABOUT_MESSAGE
    assert shortcut["name"] == "Ask LeadBot about this message"
    assert 0 < len(shortcut["description"]) <= 80
    socket = manifest["settings"]["socket_mode_enabled"]
    assert socket == (path.name == "manifest.socket-mode.json")
    if not socket:  # HTTP: every request URL is LeadBot's one endpoint
        settings = manifest["settings"]
        urls = {
            settings["event_subscriptions"]["request_url"],
            settings["interactivity"]["request_url"],
        }
        urls.add(manifest["features"]["slash_commands"][0]["url"])
        assert len(urls) == 1 and urls.pop().endswith("/slack/events")
