"""Staff's own words made searchable: text-speak, short forms, typos and synonyms."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from index.spelling import Speller
from index.store import IndexVersion
from index.vocabulary import words

SYNONYMS = Path(__file__).with_name("synonyms.yml")
_WORD_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_spellers: weakref.WeakKeyDictionary[IndexVersion, Speller] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Query:
    """A question as typed and the forms the two retrievers read."""

    question: str  # as typed, whitespace tidied
    dense: str  # what is encoded: the question unless a word was rewritten
    lexical: str  # what BM25 reads: the rewritten question plus synonyms
    corrections: tuple[tuple[str, str], ...]  # (typed, meant) typo corrections
    unknown: tuple[str, ...]  # words the content never uses, after correction


@dataclass(frozen=True)
class _Vocabulary:
    expand: dict[str, str]
    shorthand: dict[str, str]
    synonyms: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def _data() -> _Vocabulary:
    raw: dict[str, Any] = yaml.safe_load(SYNONYMS.read_text()) or {}
    return _Vocabulary(
        {k.lower(): str(v) for k, v in (raw.get("expand") or {}).items()},
        {str(k).lower(): str(v) for k, v in (raw.get("shorthand") or {}).items()},
        tuple(tuple(str(w).lower() for w in group) for group in raw.get("synonyms") or ()),
    )


def speller(version: IndexVersion) -> Speller:
    """The version's speller, made once: its dictionary is the version's own vocabulary."""
    found = _spellers.get(version)
    if found is None:
        found = _spellers[version] = Speller(version.vocabulary)
    return found


def understand(question: str, version: IndexVersion) -> Query:
    """Rewrite text-speak and short forms, correct typos against the content, add synonyms."""
    question = " ".join(question.split())
    data = _data()
    spell = speller(version)
    corrections: list[tuple[str, str]] = []
    unknown: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        token = match.group(0)
        lower = token.lower().replace("’", "'")
        if lower in data.shorthand:
            return data.shorthand[lower]
        if lower in data.expand:
            return data.expand[lower]
        if not token.isalpha() or spell.known(lower):
            return token
        meant = spell.correct(lower)
        if meant is None:
            unknown.append(lower)
            return token
        corrections.append((token, meant))
        return meant

    # Only the words change: numbers, punctuation and spacing stay as typed ("para 4.52").
    rewritten = _WORD_TOKEN.sub(rewrite, question)
    lowered = f" {' '.join(words(rewritten))} "
    extra = [
        word
        for group in data.synonyms
        if any(f" {' '.join(words(term))} " in lowered for term in group)
        for word in group
    ]
    return Query(
        question,
        rewritten,
        " ".join([rewritten, *extra]),
        tuple(corrections),
        tuple(dict.fromkeys(unknown)),
    )
