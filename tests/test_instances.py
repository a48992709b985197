"""Two real `leadbot serve` processes on loopback sharing one PostgreSQL and one index folder,
as a trust runs them behind a load balancer: a retry reaching the other instance is answered
once, a vote on one instance counts for the other's answer, one builds at a time, and both
serve the new version once it is published; and two Socket Mode workers answer each event
once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import instances
from support.fakeslack import FakeSlack
from support.fakesocket import FakeSocketMode
from support.instances import Instance, wait_until
from support.slackkit import SECRET, answer_id_of, payload, texts

from bot.storage import building_elsewhere

ROOT = Path(__file__).resolve().parents[1]
NEW_DOCUMENT = """---
title: "Aspiring clinical directors programme: a trust's local note"
kind: guidance
---

## Who can apply

The aspiring clinical directors programme is open to band 8a clinicians of any profession who
have led a team for at least two years. Applications close at the end of March each year.
"""
pytestmark = pytest.mark.slow  # each process loads the real model


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    slack.stop()


@pytest.fixture
def pair(tmp_path: Path, fake: FakeSlack, postgres_url: str) -> Iterator[list[Instance]]:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    env = instances.shared_env(tmp_path, fake, postgres_url, SLACK_SIGNING_SECRET=SECRET)
    started = instances.start(tmp_path, env, "a", "b")  # both at once: one builds, one waits
    yield started
    for instance in started:
        instance.stop()


def test_two_instances_share_deliveries_votes_builds_and_versions(
    pair: list[Instance], fake: FakeSlack, tmp_path: Path, postgres_url: str
) -> None:
    a, b = pair
    first = a.health()
    assert first is not None and first == b.health()  # one index, built once, served by both

    # A mention delivered to A, and Slack's retry of it landing on B: answered once.
    mention = payload(
        "app_mention", text="<@UBOT> What are the five themes of the framework?", event_id="Ev_LB"
    )
    assert a.event(mention) == 200
    assert b.event(mention, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}) == 200
    [posted] = fake.wait_for("chat.postMessage", timeout=60)
    assert "[1]" in texts(posted.params["blocks"])
    wait_until(lambda: "duplicate delivery dropped" in b.output(), "B to drop the retry")
    assert len(fake.of("chat.postMessage")) == 1

    # A 👎 clicked on B, for A's answer: recorded, and in the gap report A's admin reads.
    assert b.vote(fake, f"down:{answer_id_of(posted)}") == 200
    fake.wait_for("views.open", timeout=30)  # "What was wrong?": B found the answer
    assert a.command(fake, "report") == 200
    [report] = fake.wait_for("response_url", timeout=30)
    assert "five themes" in texts(report.params["blocks"]).lower()

    # A reindex started on A: B's admin is told one is running, and is not started twice.
    (tmp_path / "content" / "related" / "aspiring-directors.md").write_text(NEW_DOCUMENT)
    assert a.command(fake, "reindex", reply=2) == 200
    wait_until(lambda: building_elsewhere(postgres_url), "A to take the build lock")
    assert b.command(fake, "reindex", reply=3) == 200
    wait_until(
        lambda: any(
            "already running" in texts(c.params.get("blocks", []))
            or "already running" in str(c.params.get("text", ""))
            for c in fake.of("response_url")
        ),
        "B's admin to be told a reindex is running",
    )

    # Once A publishes, B answers from the new version without a restart.
    new = first["index_version"] + 1
    wait_until(lambda: (b.health() or {}).get("index_version") == new, "the new version", 180)
    asked = payload(
        "message_im", text="Who can apply for the aspiring clinical directors programme?"
    )
    assert b.event(asked) == 200
    answers = fake.wait_for("chat.postMessage", count=2, timeout=60)
    shown = texts(answers[-1].params["blocks"])
    assert "band 8a" in shown and "Aspiring clinical directors programme" in shown
    assert (a.health() or {}).get("index_version") == new
    assert "Traceback" not in a.output() + b.output()


def test_socket_mode_workers_answer_each_event_once(
    tmp_path: Path, fake: FakeSlack, postgres_url: str
) -> None:
    """Two workers each hold a Socket Mode connection; Slack sends an event down one and its
    retry down the other."""
    slack_end = FakeSocketMode().start()
    fake.socket_url = slack_end.url
    shutil.copytree(ROOT / "content", tmp_path / "content")
    env = instances.shared_env(tmp_path, fake, postgres_url, SLACK_APP_TOKEN="xapp-test")
    workers = instances.start(tmp_path, env, "one", "two")
    try:
        slack_end.wait_for_connections(2)
        asked = payload("app_mention", text="<@UBOT> Why do AHPs struggle to reach boards?")
        slack_end.deliver(0, "env-1", asked)
        slack_end.deliver(1, "env-2", asked, retry=1)
        slack_end.wait_for_acks("env-1", "env-2")
        [posted] = fake.wait_for("chat.postMessage", timeout=60)
        assert "[1]" in texts(posted.params["blocks"])
        wait_until(
            lambda: any("duplicate delivery dropped" in w.output() for w in workers),
            "one worker to drop the redelivery",
        )
        assert len(fake.of("chat.postMessage")) == 1

        # Each worker answers what it alone is sent.
        other = payload("message_im", text="What are the five themes of the framework?")
        slack_end.deliver(1, "env-3", other)
        assert len(fake.wait_for("chat.postMessage", count=2, timeout=60)) == 2
    finally:
        for worker in workers:
            worker.stop()
        slack_end.stop()
