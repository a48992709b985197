"""The shipped Slack manifests ask for what the app uses and subscribe to what it handles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MANIFESTS = sorted((Path(__file__).resolve().parents[1] / "slack").glob("manifest.*.json"))
# What the listeners in bot/slack/ need: events, and the scopes the Web API calls require.
EVENTS = {"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"}
SCOPES = {
    "app_mentions:read",  # app_mention
    "assistant:write",  # required by Slack for the agent view the manifest declares
    "channels:history",  # follow-ups in public channel threads
    "groups:history",  # follow-ups in private channel threads
    "chat:write",  # chat.postMessage, chat.postEphemeral
    "commands",  # /leadbot
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
    assert manifest["features"]["agent_view"]["suggested_prompts"]
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
