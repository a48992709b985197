"""Spelling correction of question words against the content's own vocabulary (symspellpy)."""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

from symspellpy import SymSpell, Verbosity

MIN_LENGTH = 4  # shorter words have too many neighbours to correct safely
COMMON_ENGLISH = 100_000  # a word this frequent in English (Google n-gram counts) is no typo


class Speller:
    """Corrects a word the content never uses to the content word it most likely meant."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self._vocabulary = vocabulary
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        # Text-speak drops vowels ("grps", "wrkrs"): the commonest content word with the same
        # consonants, first letter kept, is the word meant.
        self._skeletons: dict[str, str] = {}
        for word, count in sorted(vocabulary.items(), key=lambda item: -item[1]):
            if len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)
                self._skeletons.setdefault(_skeleton(word), word)

    def known(self, word: str) -> bool:
        return word in self._vocabulary

    def correct(self, word: str) -> str | None:
        """The content word meant, or None when the word is known, too short, or real English.

        A real English word the content does not use ("canteen") is kept as it is: it says
        what the question is about, and "correcting" it would answer something else.
        """
        if self.known(word) or len(word) < MIN_LENGTH or english_frequency(word) >= COMMON_ENGLISH:
            return None
        if word == _skeleton(word) and _skeleton(word) in self._skeletons:
            return self._skeletons[_skeleton(word)]
        distance = 1 if len(word) <= 5 else 2
        found = self._symspell.lookup(word, Verbosity.TOP, max_edit_distance=distance)
        return str(found[0].term) if found else None


def _skeleton(word: str) -> str:
    """The word without its vowels after the first letter: "groups" is "grps"."""
    return word[:1] + "".join(c for c in word[1:] if c not in "aeiouy")


@lru_cache(maxsize=1)
def _english() -> dict[str, int]:
    """symspellpy's bundled English word frequencies (82,765 words)."""
    text = (
        importlib.resources.files("symspellpy")
        .joinpath("frequency_dictionary_en_82_765.txt")
        .read_text(encoding="utf-8")
    )
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        counts[word] = int(count or 0)
    return counts


def english_frequency(word: str) -> int:
    """How often a word occurs in general English text (0 when it is not an English word)."""
    return _english().get(word, 0)
