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
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[^A-Za-z0-9\s]+")
_spellers: weakref.WeakKeyDictionary[IndexVersion, Speller] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Query:
    """A question as typed and the forms the two retrievers read."""

    question: str  # as typed, whitespace tidied
    dense: str  # what is encoded: the question unless a word was rewritten
    lexical: str  # what BM25 reads: the rewritten question plus synonyms
    corrections: tuple[tuple[str, str], ...]  # (typed, meant) typo corrections
    unknown: tuple[str, ...]  # words the content never uses, after correction

    @property
    def rewritten(self) -> bool:
        return self.dense != self.question


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
    out: list[str] = []
    corrections: list[tuple[str, str]] = []
    unknown: list[str] = []
    for token in _TOKEN.findall(question):
        lower = token.lower().replace("’", "'")
        if lower in data.shorthand:
            out.append(data.shorthand[lower])
        elif lower in data.expand:
            out.append(data.expand[lower])
        elif token.isalpha() and not spell.known(lower):
            meant = spell.correct(lower)
            if meant is not None:
                corrections.append((token, meant))
                out.append(meant)
            else:
                unknown.append(lower)
                out.append(token)
        else:
            out.append(token)
    rewritten = _join(out)
    dense = rewritten if rewritten.lower() != _join(_TOKEN.findall(question)).lower() else question
    lowered = f" {' '.join(words(rewritten))} "
    extra = [
        word
        for group in data.synonyms
        if any(f" {' '.join(words(term))} " in lowered for term in group)
        for word in group
    ]
    lexical = " ".join([rewritten, *extra])
    return Query(question, dense, lexical, tuple(corrections), tuple(dict.fromkeys(unknown)))


def _join(tokens: list[str]) -> str:
    """Tokens back into text: words spaced, punctuation attached to the word before it."""
    text = ""
    for token in tokens:
        if text and (token[0].isalnum() or token[0] in '("“‘'):
            text += " "
        text += token
    return text
