"""Fixtures for the fault-injection tests, used by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.slackkit import Slack, start_slack


@pytest.fixture
def slack(tmp_path: Path, content_dir: Path) -> Iterator[Slack]:
    running = start_slack(tmp_path, content_dir)
    yield running
    running.stop()
