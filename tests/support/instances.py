"""Real `leadbot serve` processes on loopback, sharing an index folder and one PostgreSQL: what
a trust runs behind a load balancer, or as several Socket Mode workers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support import postgres
from support.fakeslack import BOT_TOKEN, FakeSlack
from support.slackkit import (
    ADMIN,
    click_request,
    command_request,
    event_body,
    signed_post,
)

ROOT = Path(__file__).resolve().parents[2]
START_S = 240.0  # loading the model, and building the index for the first one up


@dataclass
class Instance:
    """One `leadbot serve` process; its log is a file, so a chatty server never blocks."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def health(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                found: dict[str, Any] = json.loads(response.read())
                return found
        except OSError:
            return None

    def event(self, data: dict[str, Any], **headers: str) -> int:
        body, kind = event_body(data)
        return signed_post(f"{self.url}/slack/events", body, content_type=kind, headers=headers)[0]

    def command(self, fake: FakeSlack, text: str, user: str = ADMIN, reply: int = 1) -> int:
        body, kind = command_request(text, user, f"{fake.base}/response/{self.name}-{reply}")
        return signed_post(f"{self.url}/slack/events", body, content_type=kind)[0]

    def vote(self, fake: FakeSlack, value: str, user: str = "U_NURSE") -> int:
        """Click one of Slack's feedback_buttons on a message, as Slack sends the click."""
        response_url = f"{fake.base}/response/{self.name}-vote"
        body, kind = click_request(
            "answer_feedback", value, user, response_url, type="feedback_buttons"
        )
        return signed_post(f"{self.url}/slack/events", body, content_type=kind)[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def shared_env(tmp_path: Path, fake: FakeSlack, database_url: str, **extra: str) -> dict[str, str]:
    """What every instance is given alike (README: "Running several instances")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADBOT_", "SLACK_"))}
    env.pop("DATABASE_URL", None)
    return env | {
        "LEADBOT_CONTENT_DIR": str(tmp_path / "content"),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "DATABASE_URL": database_url,
        "LEADBOT_PSEUDONYM_KEY": postgres.KEY,
        "LEADBOT_ADMINS": ADMIN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


def start(tmp_path: Path, env: dict[str, str], *names: str) -> list[Instance]:
    """Start one process per name at once, each with its own port and scratch folder; return
    when every one answers /healthz (the first builds the index, the others wait for it)."""
    started = []
    for name in names:
        port = free_port()
        log = tmp_path / f"{name}.log"
        own = env | {"PORT": str(port), "LEADBOT_DB": str(tmp_path / name / "unused.sqlite3")}
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            env=own,
            cwd=ROOT,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(Instance(name, process, port, log))
    deadline = time.monotonic() + START_S
    for instance in started:
        while instance.health() is None:
            if instance.process.poll() is not None or time.monotonic() > deadline:
                for other in started:
                    other.stop()
                raise AssertionError(f"{instance.name} did not start:\n{instance.output()[-3000:]}")
            time.sleep(0.5)
    return started


def wait_until(check: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
