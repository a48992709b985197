"""A reindex stuck mid-build with uploads queued behind it, or a build lock another build holds:
questions are still acknowledged and answered, because admin work has its own worker and never
holds a listener thread, and a second reindex is told one is running."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from support.fakes import FakeEmbedder
from support.slackkit import ADMIN, Slack, payload, share_file, start_slack, texts

from index.publish import build_lock, build_running

UPLOADS = 8  # as many as Bolt has listener threads


class GatedEmbedder(FakeEmbedder):
    """Blocks a build's passages (they have a line break; questions never do) until opened."""

    def __init__(self) -> None:
        super().__init__()
        self.open = threading.Event()
        self.open.set()
        self.building = threading.Event()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not self.open.is_set() and any("\n" in text for text in texts):
            self.building.set()
            assert self.open.wait(60), "the test never let the build finish"
        return super().encode(texts)


def test_questions_are_answered_while_a_reindex_and_uploads_run(
    tmp_path: Path, content_dir: Path
) -> None:
    embedder = GatedEmbedder()
    slack = start_slack(tmp_path, content_dir, embedder=embedder)
    try:
        embedder.open.clear()
        (content_dir / "rota.md").write_text("# Rota\n\nThe mentoring rota is published monthly.\n")
        assert slack.command("reindex", user=ADMIN)[0] == 200
        assert embedder.building.wait(10), "the reindex did not start"
        for n in range(UPLOADS):
            share_file(slack, f"note-{n}.md", f"# Note {n}\n\nUpload number {n}.\n".encode())

        mention, _, _ = slack.event(payload("app_mention"))
        ask, _, _ = slack.command("ask What are the five themes?")

        assert (mention, ask) == (200, 200)
        [answer] = slack.fake.wait_for("chat.postMessage")
        assert "senior strategic AHP lead" in texts(answer.params["blocks"])
        replies = slack.fake.wait_for("response_url", count=2)  # "Reindexing…", then the answer
        assert any("five themes" in texts(r.params["blocks"]).lower() for r in replies)
        assert build_running(slack.services.settings.index_dir)  # all while the build waits
    finally:
        embedder.open.set()
    try:
        # Then the admin work finishes, in order: the reindex, then each upload.
        slack.fake.wait_for("response_url", count=3, timeout=30)
        posts = slack.fake.wait_for("chat.postMessage", count=1 + UPLOADS, timeout=30)
        assert all(f"note-{n}.md" in texts(p.params["blocks"]) for n, p in enumerate(posts[1:]))
    finally:
        slack.stop()


def test_while_a_reindex_runs_a_second_is_told_so_and_questions_are_still_answered(
    slack: Slack,
) -> None:
    with build_lock(slack.services.settings.index_dir, wait=False):  # a reindex in progress
        slack.command("reindex", user=ADMIN)
        slack.event(payload("message_im"))
        [reply] = slack.fake.wait_for("response_url")
        [answer] = slack.fake.wait_for("chat.postMessage")

    assert "already running" in reply.params["text"]
    assert "building confidence" in texts(answer.params["blocks"])
