"""The words the content uses and how often, kept in each index version for spelling correction."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

FILE = "vocabulary.json"
WORD = re.compile(r"[a-z]+")


def words(text: str) -> list[str]:
    """Lower-case runs of letters: "AHP's" is "ahp" and "s", "co-ordinate" is "co" and "ordinate"."""
    return WORD.findall(text.lower())


def write(path: Path, texts: Iterable[str]) -> None:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words(text))
    path.write_text(json.dumps(dict(sorted(counts.items())), separators=(",", ":")))


def load(path: Path) -> dict[str, int]:
    return dict(json.loads(path.read_text()))
