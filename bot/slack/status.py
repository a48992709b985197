"""Slack's status line under a thread ("LeadBot is looking through…") while an answer is made."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

logger = logging.getLogger(__name__)
TIMEOUT_S = 3  # a status is a nicety: never hold an answer up for long waiting on one


class Status:
    """Sets and clears `assistant.threads.setStatus`; a failure is logged, never raised."""

    def __init__(self, client: WebClient) -> None:
        # Its own client: no retries and a short timeout, so a slow or rate-limited status
        # call cannot delay the answer the way the posting client's retries would.
        self.client = WebClient(
            token=client.token, base_url=client.base_url, timeout=TIMEOUT_S, retry_handlers=[]
        )

    @contextmanager
    def showing(self, text: str, channel: str, thread_ts: str | None) -> Iterator[None]:
        """`text` under the thread while the block runs, cleared ("") afterwards."""
        shown = bool(thread_ts) and self._set(channel, thread_ts or "", text)
        try:
            yield
        finally:
            if shown:
                self._set(channel, thread_ts or "", "")

    def _set(self, channel: str, thread_ts: str, text: str) -> bool:
        try:
            self.client.assistant_threads_setStatus(
                channel_id=channel, thread_ts=thread_ts, status=text
            )
        except (SlackClientError, OSError) as error:  # a refused or unreachable status
            logger.warning("could not set the Slack status in %s: %s", channel, error)
            return False
        return True
