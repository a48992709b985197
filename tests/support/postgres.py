"""A fresh PostgreSQL database per test, on the server LEADBOT_TEST_DATABASE_URL names.

Start a throwaway server with `.ci/postgres start /tmp/leadbot-pg` and export the URL it
prints as LEADBOT_TEST_DATABASE_URL (the README's "Running several instances" shows how).
Without it the PostgreSQL tests skip, saying so; with LEADBOT_TEST_POSTGRES=required (as
.ci/run sets) they fail instead, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

# Read once, at import: the `isolated` fixture clears LEADBOT_* settings before each test.
SERVER = os.environ.get("LEADBOT_TEST_DATABASE_URL", "").strip()
REQUIRED = os.environ.get("LEADBOT_TEST_POSTGRES", "").strip() == "required"
HOW = (
    "no PostgreSQL server for these tests: run `.ci/postgres start /tmp/leadbot-pg` and set "
    "LEADBOT_TEST_DATABASE_URL to the URL it prints"
)
# Every instance sharing a database pseudonymises with the same key.
KEY = "0123456789abcdef" * 4


def server() -> str:
    """The server's URL, or the test skips (fails, in CI) saying how to get one."""
    if not SERVER:
        if REQUIRED:
            pytest.fail(HOW + " (LEADBOT_TEST_POSTGRES=required)")
        pytest.skip(HOW)
    return SERVER


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards; its URL."""
    import psycopg

    admin = server()
    name = f"leadbot_test_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(admin)._replace(path=f"/{name}").geturl()
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
