"""Requests nobody signed, signed requests that are malformed, and signed requests replayed:
each gets a 4xx or a quiet 200, one short log line, and no second execution."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.content import write_content
from support.slackkit import (
    ADMIN,
    Slack,
    action_body,
    command_body,
    event_body,
    payload,
    signed_post,
    texts,
)
from support.teamskit import start_teams

FORGED = "\n2026-01-01 INFO bot.admin granted admin to U_ATTACKER"


def events_url(slack: Slack) -> str:
    return f"{slack.web.url}/slack/events"


def test_a_rejected_request_is_one_short_line_without_its_body(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    data = payload("app_mention", text="x" * 1_000_000 + FORGED)
    body, kind = event_body(data)

    with caplog.at_level(logging.DEBUG):
        status, _, _ = signed_post(events_url(slack), body, content_type=kind, secret="wrong")

    assert status == 401
    assert "xxxxxxxx" not in caplog.text and "U_ATTACKER" not in caplog.text
    [line] = [r for r in caplog.records if "rejected" in r.getMessage()]
    assert len(line.getMessage()) < 200 and "\n" not in line.getMessage()


def test_a_timestamp_that_is_not_a_number_is_a_401_not_a_traceback(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    body, kind = event_body(payload("app_mention"))

    with caplog.at_level(logging.INFO):
        status, _, _ = signed_post(
            events_url(slack),
            body,
            content_type=kind,
            headers={"X-Slack-Request-Timestamp": "soon"},
        )

    assert status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ('{"type": "event_callback", "event": ', "application/json"),  # cut short
        ("[]", "application/json"),  # JSON, but not an object
        ("payload=%7Bnot+json", "application/x-www-form-urlencoded"),  # a broken click
        ("\udcff", "application/json"),  # not UTF-8 once sent
    ],
)
def test_a_signed_but_malformed_body_is_a_400_not_a_500(
    slack: Slack, caplog: pytest.LogCaptureFixture, body: str, kind: str
) -> None:
    raw = body.encode("utf-8", "surrogateescape").decode("latin-1")
    with caplog.at_level(logging.INFO):
        status, _, _ = signed_post(events_url(slack), raw, content_type=kind)
        unsigned, _, _ = signed_post(events_url(slack), raw, content_type=kind, secret="wrong")

    assert (status, unsigned) == (400, 401)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_replayed_slash_command_runs_once(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    data = payload("slash_command") | {
        "text": "remove nothing-by-that-name.md",
        "user_id": ADMIN,
        "channel_name": "directmessage",
        "response_url": f"{slack.fake.base}/response/1",
    }
    body, kind = command_body(data)
    stamp = int(time.time())

    with caplog.at_level(logging.INFO):
        first, _, _ = signed_post(events_url(slack), body, content_type=kind, timestamp=stamp)
        slack.fake.wait_for("response_url")
        replay, _, _ = signed_post(events_url(slack), body, content_type=kind, timestamp=stamp)
    # Admin work runs in order on one worker: had the replay run, its reply would come first.
    slack.command("remove another-missing-name.md", user=ADMIN)
    replies = slack.fake.wait_for("response_url", count=2)

    assert (first, replay) == (200, 200)
    assert "duplicate delivery dropped" in caplog.text
    assert "another-missing-name" in texts(replies[1].params["blocks"])
    assert len(slack.fake.of("response_url")) == 2


def test_a_replayed_click_runs_once(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    slack.command("ask What are the five themes?")
    [private] = slack.fake.wait_for("response_url")
    share = next(
        e
        for b in private.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("action_id") == "share_answer"
    )
    data = payload("block_actions")
    data["actions"][0] |= {"action_id": "share_answer", "value": share["value"]}
    data["user"]["id"], data["channel"]["id"] = "U_NURSE", "C_LEADERS"
    body, kind = action_body(data)
    stamp = int(time.time())

    with caplog.at_level(logging.INFO):
        first, _, _ = signed_post(events_url(slack), body, content_type=kind, timestamp=stamp)
        replay, _, _ = signed_post(events_url(slack), body, content_type=kind, timestamp=stamp)

    assert (first, replay) == (200, 200)
    slack.fake.wait_for("chat.postMessage")
    assert "duplicate delivery dropped" in caplog.text  # dropped before any listener ran
    # A second click in the same second is another request (Slack gives it its own trigger
    # and action time), so only the replay is refused.
    data["trigger_id"] = "another.click"
    data["actions"][0]["action_ts"] = "1764000099.000000"
    body, kind = action_body(data)
    again, _, _ = signed_post(events_url(slack), body, content_type=kind, timestamp=stamp)
    assert again == 200
    posts = slack.fake.wait_for("chat.postMessage", count=2)
    assert json.dumps(posts[0].params["blocks"]) == json.dumps(posts[1].params["blocks"])


@pytest.mark.parametrize("body", [b"[]", b"{not json", b'"an activity"', b"{}", b'{"type": 3}'])
def test_a_teams_body_that_is_not_an_activity_is_a_400_not_a_traceback(
    tmp_path: Path, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    teams = start_teams(tmp_path, write_content(tmp_path / "content"))
    try:
        request = urllib.request.Request(
            f"{teams.web.url}/api/messages",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
    finally:
        teams.stop()

    assert refused.value.code == 400
    assert b"not an activity" in refused.value.read()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
