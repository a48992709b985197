"""Slack's Web API failing: 5xx, ok: false, 429 with a long Retry-After, timeouts, a DM that
cannot be opened. Each ends in the answer or an apology, and a persistent failure is shown."""

from __future__ import annotations

import logging

import pytest
from support.fakeslack import Fault
from support.slackkit import ADMIN, Slack, payload, texts

from bot import wording
from bot.slack.retries import MAX_WAIT_S, CappedRateLimitRetryHandler


def answer_posted(slack: Slack) -> str:
    [posted] = slack.fake.wait_for("chat.postMessage", timeout=15)
    return texts(posted.params["blocks"])


def test_a_single_server_error_is_retried_and_the_answer_arrives(slack: Slack) -> None:
    slack.fake.inject("chat.postMessage", Fault(500))

    slack.event(payload("app_mention"))

    shown = answer_posted(slack)
    assert "senior strategic AHP lead" in shown and "Sorry" not in shown
    assert len(slack.fake.of("chat.postMessage:500")) == 1


def test_a_503_then_a_transient_ok_false_are_retried(slack: Slack) -> None:
    slack.fake.inject("chat.postMessage", Fault(503))
    slack.fake.errors["conversations.open"] = "internal_error"  # ok: false, Slack's own fault

    slack.event(payload("message_im"))
    shown = answer_posted(slack)
    assert "Sorry" not in shown
    assert len(slack.fake.of("chat.postMessage:503")) == 1


def test_a_long_retry_after_is_capped_and_the_answer_still_arrives(slack: Slack) -> None:
    [limiter] = [
        h for h in slack.app.client.retry_handlers if isinstance(h, CappedRateLimitRetryHandler)
    ]
    waits: list[float] = []
    limiter.sleep = waits.append  # record the wait instead of spending it
    slack.fake.inject("chat.postMessage", Fault(429, {"Retry-After": "120"}))

    slack.event(payload("app_mention"))

    assert "senior strategic AHP lead" in answer_posted(slack)
    assert waits == [MAX_WAIT_S]  # not 120
    assert len(slack.fake.of("chat.postMessage:429")) == 1


def test_a_timed_out_post_is_retried(slack: Slack) -> None:
    slack.app.client.timeout = 1  # Bolt gives each request a client with this timeout
    slack.fake.inject("chat.postMessage", Fault(hang_s=3))

    slack.event(payload("app_mention"))

    assert "senior strategic AHP lead" in answer_posted(slack)
    assert len(slack.fake.of("chat.postMessage:timeout")) == 1


def test_a_dm_that_cannot_be_sent_gets_an_apology_not_a_pointer_to_it(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.broken["conversations.open"] = Fault(500)  # every attempt, every retry

    with caplog.at_level(logging.ERROR):
        slack.event(
            payload(
                "app_mention",
                text="<@UBOT> which case studies fit a midwife aiming for chief nurse?",
            )
        )
        [posted] = slack.fake.wait_for("chat.postMessage", timeout=15)

    shown = texts(posted.params["blocks"])
    assert posted.params["channel"] == "C_LEADERS"
    assert "Sorry" in shown and wording.SENT_BY_DM not in shown
    assert len(slack.fake.of("conversations.open:500")) == 3  # the first try and two retries
    reference = shown.split("reference")[-1].strip(" .`*\n")
    assert reference in caplog.text

    # The admin's Home tab shows it; a member's does not.
    slack.event(payload("app_home_opened", user=ADMIN))
    slack.event(payload("app_home_opened"))
    views = slack.fake.wait_for("views.publish", count=2)
    [admin] = [v for v in views if v.params["user_id"] == ADMIN]
    [member] = [v for v in views if v.params["user_id"] != ADMIN]
    home = texts(admin.params["view"]["blocks"])
    assert "Recent delivery failures" in home
    assert "C_LEADERS" in home and "HTTP 500" in home and reference in home
    assert "Recent delivery failures" not in texts(member.params["view"]["blocks"])
