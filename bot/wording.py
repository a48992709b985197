"""What LeadBot says on every platform, in one place so Slack and Teams cannot drift apart.

Plain text: each adapter escapes it for its own markup.
"""

from __future__ import annotations

SLOW_DOWN = "You've asked a lot in the last minute. Please wait a moment and ask again."
THANKS = "Thanks — your feedback helps the LeadBot admins improve the content."
TOO_OLD_TO_RATE = "That answer is too old to rate, but thank you."
BUILD_RUNNING = (
    "A reindex is already running. I'll keep answering from the current index; "
    "try again in a minute."
)


def cannot_now(reason: object) -> str:
    """An expected condition (no index yet, say), with what it is."""
    return f"Sorry — I can't do that right now: {reason}"


def apology(reference: str) -> str:
    """Short, never silent: what happened and the reference an admin can look up."""
    return (
        "Sorry — something went wrong while I was answering. "
        f"An admin can look it up with reference {reference[:100]}."
    )


def taken_as(question: str) -> str:
    """How a follow-up in a thread was read, shown above its answer."""
    return f"Taking this as: {question}"
