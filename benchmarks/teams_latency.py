"""Teams request timing with the real model: end-to-end for 1 and 20 concurrent activities.

Each activity goes through aiohttp's /api/messages and the Agents SDK exactly as in production
(anonymous development mode, since there is no Azure here). With "deliveryMode": "expectReplies"
the reply comes back in the HTTP response, so the round trip is the end-to-end time. The normal
delivery mode is timed too: LeadBot posts its reply to a loopback Bot Connector, and end-to-end
is when that reply arrives. Everything runs on 127.0.0.1.

Usage: python benchmarks/teams_latency.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import numpy as np  # noqa: E402
from support.slackkit import WebServer  # noqa: E402
from support.teamskit import FakeConnector, messages, payload, post  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.teams.app import TeamsBot  # noqa: E402
from bot.web import create_web_app  # noqa: E402

QUESTIONS = [
    "What are the five themes of the framework?",
    "What barriers stop AHPs reaching the board?",
    "How did the midwife become a chief nurse?",
    "What did the Kerr review look at?",
]


def activity(n: int, service_url: str | None) -> dict:
    text = f"<at>LeadBot</at> {QUESTIONS[n % len(QUESTIONS)]}"
    if service_url is None:
        return payload("channel_mention", text=text)
    return payload("channel_mention", expect_replies=False, text=text, serviceUrl=service_url)


def round_trip(url: str, n: int) -> float:
    status, body, took = post(url, activity(n, None))
    assert status == 200 and "[1]" in messages(body)[0]["text"], body
    return took


def burst(url: str, count: int) -> list[float]:
    """`count` expectReplies activities at once; seconds until each reply was back."""
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda n: round_trip(url, n), range(count)))


def delivered_burst(url: str, fake: FakeConnector, count: int) -> tuple[list[float], list[float]]:
    """`count` normally delivered activities at once: (HTTP response, reply at the connector)."""
    before = len(fake.activities())
    started = time.perf_counter()

    def send(n: int) -> float:
        status, _, took = post(url, activity(n, f"{fake.base}/teams/"))
        assert status in (200, 202), status
        return took

    with ThreadPoolExecutor(count) as pool:
        acks = list(pool.map(send, range(count)))
    sent = fake.wait_for_activities(before + count, timeout=120)[before:]
    return acks, [r.at - started for r in sent]


def ms(values: list[float]) -> str:
    return (
        f"p50 {np.percentile(values, 50) * 1000:.0f} ms, "
        f"p95 {np.percentile(values, 95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        fake = FakeConnector().start()
        settings = Settings.from_env(
            {
                "LEADBOT_CONTENT_DIR": str(content),
                "LEADBOT_INDEX_DIR": f"{tmp}/index",
                "LEADBOT_DB": f"{tmp}/db",
                "LEADBOT_RATE_LIMIT": "0",
                "LEADBOT_TEAMS_ANONYMOUS": "true",
                "LEADBOT_TEAMS_SERVICE_HOSTS": "127.0.0.1",
            }
        )
        services = Services.from_settings(settings)
        services.core.build()
        started = time.perf_counter()
        for _ in range(20):
            services.core.answer(QUESTIONS[0])
        in_process = (time.perf_counter() - started) / 20
        web = WebServer(create_web_app(services.core, None, TeamsBot(services))).start()
        url = f"{web.url}/api/messages"
        for _n in range(3):  # warm the request path
            burst(url, 1)
        print(f"core answer, in process: {in_process * 1000:.1f} ms mean")
        singles = [t for _ in range(10) for t in burst(url, 1)]
        print(f"expectReplies, 1 activity (x10): {ms(singles)}")
        print(f"expectReplies, 20 concurrent:    {ms(burst(url, 20))}")
        ones = [delivered_burst(url, fake, 1) for _ in range(10)]
        print(
            f"delivered, 1 activity (x10):     response {ms([a for o in ones for a in o[0]])}; "
            f"reply at connector {ms([e for o in ones for e in o[1]])}"
        )
        acks, ends = delivered_burst(url, fake, 20)
        print(
            f"delivered, 20 concurrent:        response {ms(acks)}; reply at connector {ms(ends)}"
        )
        web.stop()
        fake.stop()


if __name__ == "__main__":
    main()
