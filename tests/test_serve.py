"""Starting the bot: which transport the settings choose, Socket Mode delivery, one-line errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest
from support.fakes import FakeEmbedder
from support.fakeslack import BOT_TOKEN, FakeSlack
from support.slackkit import payload, texts

from bot.cli import main
from bot.config import ConfigError, Settings
from bot.serve import Plan, plan
from bot.services import Services
from bot.slack import create_app
from index.build import build


def settings(**env: str) -> Settings:
    return Settings.from_env(env)


def test_socket_mode_needs_the_bot_and_app_tokens() -> None:
    chosen = plan(settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"))
    assert chosen == Plan(slack_http=False, slack_socket=True)


def test_http_mode_needs_the_bot_token_and_signing_secret() -> None:
    chosen = plan(settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s"))
    assert chosen == Plan(slack_http=True, slack_socket=False)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "neither SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_SIGNING_SECRET": "s"}, "xoxb-"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong"}, "xapp-"),
    ],
)
def test_missing_or_wrong_settings_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        plan(settings(**env))


def test_serve_without_settings_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve"], env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert result.exit_code != 0
    assert result.output.strip().startswith("Error: SLACK_BOT_TOKEN is set but neither")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_socket_mode_deliveries_are_answered_once_even_when_redelivered(
    tmp_path: Path, content_dir: Path
) -> None:
    """The Socket Mode adapter's own dispatch, with the retry Slack sends after a reconnect."""
    fake = FakeSlack().start()
    try:
        config = Settings.from_env(
            {
                "LEADBOT_CONTENT_DIR": str(content_dir),
                "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
                "LEADBOT_DB": str(tmp_path / "db.sqlite3"),
                "LEADBOT_MIN_SCORE": "0.45",
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_APP_TOKEN": "xapp-test",
                "SLACK_API_URL": fake.api_url,
            }
        )
        embedder = FakeEmbedder()
        build(content_dir, config.index_dir, embedder, max_bytes=config.max_file_bytes)
        app = create_app(Services.from_settings(config, embedder=embedder))
        event = payload("app_mention", event_id="Ev_SOCKET")

        first = run_bolt_app(app, SocketModeRequest("events_api", "env-1", event))
        again = run_bolt_app(
            app,
            SocketModeRequest(
                "events_api", "env-2", event, retry_attempt=1, retry_reason="timeout"
            ),
        )

        assert (first.status, again.status) == (200, 200)
        [posted] = fake.wait_for("chat.postMessage")
        time.sleep(0.5)
        assert len(fake.of("chat.postMessage")) == 1
        assert "[1]" in texts(posted.params["blocks"])
    finally:
        fake.stop()


# --- Teams ---------------------------------------------------------------------------------------

TEAMS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-4000-8000-0000000b0700",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "11111111-2222-4333-8444-555555555555",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-real-secret",
}


def test_teams_alone_is_served_with_its_sdk_credentials() -> None:
    assert plan(settings(**TEAMS)) == Plan(slack_http=False, slack_socket=False, teams=True)


def test_teams_and_slack_http_share_the_web_process() -> None:
    both = plan(settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", **TEAMS))
    assert both == Plan(slack_http=True, slack_socket=False, teams=True)


def test_teams_anonymous_development_mode_needs_no_credentials() -> None:
    assert plan(settings(LEADBOT_TEAMS_ANONYMOUS="true")).teams


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LEADBOT_TEAMS_ANONYMOUS": "true", **TEAMS}, "development only"),
        (
            {**TEAMS, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": ""},
            "TENANTID is missing",
        ),
        (
            {**TEAMS, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": ""},
            "CLIENTSECRET is missing",
        ),
        (
            {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "t"},
            "CLIENTID is missing",
        ),
        (
            {**TEAMS, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"},
            "ANONYMOUS_ALLOWED",
        ),
        (
            {**TEAMS, "LEADBOT_TEAMS_SERVICE_HOSTS": "localhost"},
            "LEADBOT_TEAMS_ANONYMOUS=true only",
        ),
        ({"LEADBOT_TEAMS_ANONYMOUS": "maybe"}, "LEADBOT_TEAMS_ANONYMOUS must be true or false"),
    ],
)
def test_unsafe_or_incomplete_teams_settings_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        plan(settings(**env))


def test_nothing_to_serve_names_both_platforms() -> None:
    with pytest.raises(ConfigError, match="CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"):
        plan(settings())


@pytest.mark.slow
def test_leadbot_serve_answers_slack_and_teams_in_one_web_process(tmp_path: Path) -> None:
    """The Procfile's web process with both platforms: one port, /slack/events and /api/messages."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    from support.slackkit import SECRET, event_body, signed_post
    from support.teamskit import messages, post
    from support.teamskit import payload as teams_payload

    root = Path(__file__).resolve().parents[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeSlack().start()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LEADBOT_", "SLACK_", "CONNECTIONS__"))
    }
    env |= {
        "LEADBOT_CONTENT_DIR": str(root / "content"),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "LEADBOT_DB": str(tmp_path / "db.sqlite3"),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "LEADBOT_TEAMS_ANONYMOUS": "true",
        "PORT": str(port),
        "HF_HUB_OFFLINE": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (
                server.stdout.read().decode() if server.stdout else "server exited"
            )
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert json.loads(response.read())["ok"] is True
                    break
            except OSError:
                assert time.monotonic() < deadline, "leadbot serve did not start"
                time.sleep(0.5)
        question = "What are the five themes of the framework?"
        status, body, _ = post(
            f"{base}/api/messages",
            teams_payload("channel_mention", text=f"<at>LeadBot</at> {question}"),
        )
        assert status == 200
        [reply] = messages(body)
        assert "talent management" in reply["text"].lower() and "[1]" in reply["text"]
        slack_body, kind = event_body(payload("app_mention", text=f"<@UBOT> {question}"))
        assert signed_post(f"{base}/slack/events", slack_body, content_type=kind)[0] == 200
        [posted] = fake.wait_for("chat.postMessage", timeout=30)
        assert "[1]" in texts(posted.params["blocks"])
    finally:
        server.terminate()
        server.wait(10)
        fake.stop()


@pytest.mark.slow
def test_leadbot_serve_answers_a_signed_mention_over_http(tmp_path: Path) -> None:
    """The Procfile's web process, for real: builds the index, loads the model, answers."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    from support.slackkit import SECRET, event_body, signed_post

    root = Path(__file__).resolve().parents[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeSlack().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADBOT_", "SLACK_"))}
    env |= {
        "LEADBOT_CONTENT_DIR": str(root / "content"),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "LEADBOT_DB": str(tmp_path / "db.sqlite3"),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "PORT": str(port),
        "HF_HUB_OFFLINE": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (
                server.stdout.read().decode() if server.stdout else "server exited"
            )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    health = json.loads(response.read())
                    break
            except OSError:
                assert time.monotonic() < deadline, "leadbot serve did not start"
                time.sleep(0.5)
        assert health["ok"] is True
        body, kind = event_body(
            payload("app_mention", text="<@UBOT> What are the five themes of the framework?")
        )
        status, _, _ = signed_post(f"http://127.0.0.1:{port}/slack/events", body, content_type=kind)
        assert status == 200
        [posted] = fake.wait_for("chat.postMessage", timeout=30)
        shown = texts(posted.params["blocks"])
        assert "talent management" in shown.lower() and "[1]" in shown
    finally:
        server.terminate()
        server.wait(10)
        fake.stop()
