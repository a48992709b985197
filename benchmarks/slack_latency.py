"""Slack request timing with the real model: ack and end-to-end, for 1 and 20 concurrent events,
and acks while a reindex runs. Everything runs on 127.0.0.1 against the tests' fake Slack API.

Usage: python benchmarks/slack_latency.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import numpy as np  # noqa: E402
from support.fakeslack import BOT_TOKEN, FakeSlack  # noqa: E402
from support.slackkit import SECRET, WebServer, event_body, payload, signed_post  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.slack import create_app  # noqa: E402
from bot.web import create_web_app  # noqa: E402

QUESTIONS = [
    "What are the five themes of the framework?",
    "What barriers stop AHPs reaching the board?",
    "How did the midwife become a chief nurse?",
    "What did the Kerr review look at?",
]


def send(url: str, n: int) -> float:
    body, kind = event_body(
        payload("app_mention", text=f"<@UBOT> {QUESTIONS[n % len(QUESTIONS)]}", ts=f"1764.{n:06d}")
    )
    status, _, took = signed_post(url, body, content_type=kind)
    assert status == 200
    return took


def burst(url: str, fake: FakeSlack, count: int) -> tuple[list[float], list[float]]:
    """Send `count` events at once; (ack seconds, end-to-end seconds) for each."""
    before = len(fake.of("chat.postMessage"))
    started = time.perf_counter()
    with ThreadPoolExecutor(count) as pool:
        acks = list(pool.map(lambda n: send(url, n), range(count)))
    posts = fake.wait_for("chat.postMessage", count=before + count, timeout=120)[before:]
    return acks, [p.at - started for p in posts]


def load(url: str, fake: FakeSlack, total: int = 200, users: int = 50, at_once: int = 20) -> str:
    """`total` mentions from `users` people, `at_once` in flight, every tenth delivered twice as
    Slack retries do: every ack under 3 s, and each mention answered exactly once?"""
    before = len(fake.of("chat.postMessage"))

    def one(n: int) -> float:
        data = payload(
            "app_mention",
            text=f"<@UBOT> {QUESTIONS[n % len(QUESTIONS)]}",
            ts=f"1765.{n:06d}",
            user=f"ULOAD{n % users:04d}",
            event_id=f"EvLoad{n:06d}",
        )
        body, kind = event_body(data)
        status, _, took = signed_post(url, body, content_type=kind)
        assert status == 200
        if n % 10 == 0:  # the retry of a delivery Slack thought was lost
            retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            signed_post(url, body, content_type=kind, headers=retry)
        return took

    with ThreadPoolExecutor(at_once) as pool:
        acks = list(pool.map(one, range(total)))
    fake.wait_for("chat.postMessage", count=before + total, timeout=900)
    time.sleep(3)  # time for any duplicate answer to arrive
    answered = len(fake.of("chat.postMessage")) - before
    under = sum(a < 3.0 for a in acks)
    return (
        f"{total} mentions, {users} users, {at_once} at once: {under}/{total} acked under 3 s "
        f"(max {max(acks) * 1000:.0f} ms); {answered} answers for {total} mentions"
    )


def ms(values: list[float]) -> str:
    return f"p50 {np.percentile(values, 50) * 1000:.0f} ms, p95 {np.percentile(values, 95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def _peak_mb() -> float:
    """This process's high-water resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        fake = FakeSlack().start()
        settings = Settings.from_env(
            {
                "LEADBOT_CONTENT_DIR": str(content),
                "LEADBOT_INDEX_DIR": f"{tmp}/index",
                "LEADBOT_DB": f"{tmp}/db",
                "LEADBOT_RATE_LIMIT": "0",
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.api_url,
            }
        )
        # As `leadbot serve` runs: a reindex builds in a child process.
        services = Services.from_settings(settings, build_in_child=True)
        services.core.build()
        services.core.answer("warm up")
        web = WebServer(create_web_app(services.core, create_app(services))).start()
        url = f"{web.url}/slack/events"
        for _n in range(3):  # warm the request path
            burst(url, fake, 1)
        singles = [burst(url, fake, 1) for _ in range(10)]
        print(
            f"1 event (x10):   ack {ms([a for s in singles for a in s[0]])}; end-to-end {ms([e for s in singles for e in s[1]])}"
        )
        acks, ends = burst(url, fake, 20)
        print(f"20 concurrent:   ack {ms(acks)}; end-to-end {ms(ends)}")
        for path in list(content.rglob("*.md"))[:12]:  # make the reindex re-embed half the content
            path.write_text(path.read_text() + "\nThis line was added to force re-embedding.\n")
        reindex = threading.Thread(target=services.core.build)
        reindex.start()
        during = []
        while reindex.is_alive() and len(during) < 20:
            during += burst(url, fake, 1)[0]
        reindex.join()
        print(f"during reindex:  ack {ms(during)} over {len(during)} events")
        print(load(url, fake))
        print(f"serving process peak RSS {_peak_mb():.0f} MB (target <= 700), reindex included")
        web.stop()
        fake.stop()


if __name__ == "__main__":
    main()
