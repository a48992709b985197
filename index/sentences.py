"""Sentence splitting and word counting shared by chunking and answer composition."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket;
# common abbreviations ("e.g.", "Dr.") are protected first so they do not end a sentence.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“‘(\[])")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "St.",
    "No.",
    "vs.",
    "approx.",
)
_PLACEHOLDER = "\u0000"
_WORD = re.compile(r"\S+")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping each sentence's own characters verbatim."""
    text = " ".join(text.split())
    if not text:
        return []
    guarded = text
    for abbreviation in _ABBREVIATIONS:
        guarded = guarded.replace(abbreviation, abbreviation.replace(".", _PLACEHOLDER))
    parts = _BOUNDARY.split(guarded)
    return [part.replace(_PLACEHOLDER, ".").strip() for part in parts if part.strip()]


def count_words(text: str) -> int:
    """Count whitespace-separated words."""
    return len(_WORD.findall(text))
