"""How the Web API client retries: server errors, dropped connections and rate limits, briefly."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

logger = logging.getLogger(__name__)
RETRIES = 2  # attempts after the first, per kind of fault
MAX_WAIT_S = 10.0  # a listener never waits longer than this for one Retry-After
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.3)
# ok: false errors that mean "Slack had a problem", not "your request was wrong".
TRANSIENT = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}


class CappedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """A 429 waits for Retry-After, but never more than `max_wait_s`, then tries again once.

    A two-minute Retry-After would hold a listener thread for two minutes; past the cap the
    retry may fail again, and the caller apologises instead of staying silent.
    """

    def __init__(
        self,
        max_retry_count: int = 1,
        max_wait_s: float = MAX_WAIT_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait_s = max_wait_s
        self.sleep = sleep  # tests record the wait instead of sleeping

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("a rate-limit retry without a response")
        asked = _retry_after(response.headers)
        wait = min(asked, self.max_wait_s)
        if asked > self.max_wait_s:
            logger.warning("Slack asked to wait %.0fs; waiting %.0fs", asked, wait)
        state.next_attempt_requested = True
        self.sleep(wait)
        state.increment_current_attempt()


class SlackErrorRetryHandler(RetryHandler):
    """A 200 that says `ok: false` with one of Slack's own transient errors is retried too."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        body: Any = response.body if response is not None else None
        return isinstance(body, dict) and body.get("ok") is False and body.get("error") in TRANSIENT


def retry_handlers() -> list[RetryHandler]:
    """The posting client's handlers: connection errors and timeouts, 5xx, ok: false, 429."""
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=RETRIES,
            interval_calculator=BACKOFF,
            # A read timeout is a TimeoutError, not a URLError.
            error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
        ),
        ServerErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=BACKOFF),
        SlackErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=BACKOFF),
        CappedRateLimitRetryHandler(),
    ]


def _retry_after(headers: dict[str, Any]) -> float:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except ValueError:
                break
    return 1.0
