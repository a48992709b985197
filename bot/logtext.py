"""Text from outside, made safe to log: one line, no terminal escapes, a bounded length."""

from __future__ import annotations

import re

MAX_LOGGED = 200
# C0 and C1 controls, DEL, and the bidi and zero-width marks that reorder or hide text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(value: object, limit: int = MAX_LOGGED) -> str:
    """`value` as text with every control character shown as an escape (`\\n`, `\\x1b`), cut
    to `limit` characters: a newline in a field can no longer forge a log line."""
    text = str(value)
    cut = len(text) > limit
    shown = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text[:limit])
    return shown + ("…" if cut else "")
