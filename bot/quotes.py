"""Choosing what to quote: every sentence of the top passages scored against the question."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.question import Asks
from index import lexical
from index.search import Hit
from index.store import IndexVersion

MAX_WINDOW = 3  # sentences in one quote
GAP = "…"  # between two quoted sentences that are not next to each other
MAX_LIST_WORDS = 120  # a list that an answering sentence introduces is quoted up to this long
# A passage's next-best sentence joins the quote when it scores this close to the best: one
# sentence alone often holds half an answer (measured on the dev set: fact in the first quote
# 0.50 with one sentence, 0.67 with two).
COMPANION_MARGIN = 0.25  # dev: 0.15 -> 0.25 lifts fact in the answer 0.69 -> 0.71
COMPANIONS = 1  # a second companion (three sentences) added nothing on dev

# How much each kind of evidence counts; tuned on the dev set (evals/dev.jsonl) only.
W_SEMANTIC = 0.55  # the sentence's own vector against the question's
W_LEXICAL = 0.40  # rarity-weighted share of the question's terms the sentence holds
W_PASSAGE = 0.05  # the passage around it (mostly a tie-break between passages)
W_SHAPE = 0.15  # a number for "how many", a date for "when", a role or body for "who"
W_HOUSEKEEPING = 0.30  # link lines, "see…", contents lines, notes about the document itself
# A sentence of more than LONG words loses W_LONG per doubling: a list of every case study holds
# every question's words but answers none of them. Dev: 0.85 -> 0.87, comparisons 0.60 -> 0.80.
W_LONG = 0.1
LONG = 40
# A sentence of a document the question names by its title ("what does AHPs into Action say…").
# Dev: 0.88 -> 0.90.
W_NAMED = 0.1

_ANAPHOR = re.compile(
    r"^(this|these|those|that|it|its|she|he|her|his|they|their|them|such|both|the latter|"
    r"the former|here|there|then|however|but|also|instead)\b",
    re.I,
)
_INTRODUCES_LIST = re.compile(r"(:|\b(are|were|include|includes|included|as follows))\s*$", re.I)
_DIGIT = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"hundred|half|third|quarter|per cent|percent|most|majority|few)\b",
    re.I,
)
_PERCENTAGE = re.compile(r"\d\s?%|\bper ?cent\b|\b(half|third|quarter|fifth|tenth)\b", re.I)
_LENGTH_OF_TIME = re.compile(
    r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"several|many|few)(\s|-)(more\s)?(years?|months?|weeks?|days?|decades?)\b|\b(a|one) year\b",
    re.I,
)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|spring|summer|autumn|winter)\b",
    re.I,
)
_ROLE_OR_BODY = re.compile(
    r"\b(chief|director|officer|executive|board|council|federation|society|college|"
    r"association|team|committee|department|secretary of state|nhs \w+|royal \w+)\b|"
    r"\b[A-Z]{2,}\b",
    re.I,
)
_REASON = re.compile(
    r"\b(because|since|so that|as a result|due to|owing to|reasons?|in order to|therefore|"
    r"which means|means that|leads? to|led to|so (they|it|that|the)|helps?|matters?|causes?)\b",
    re.I,
)
_HOUSEKEEPING = re.compile(
    r"https?://|\bwww\.|\b(is|are) (available|online|published) (at|on|from)\b|"
    r"\bshould be (consulted|read)\b|\bnot available to\b|\bleadbot\b|\bsee (the|section|page|"
    r"chapter|appendix|below|above|also)\b|\bclick here\b|\bcontents\b|\.{4,}|…{2,}|"
    r"\bread (the|more)\b",
    re.I,
)
_CONTENTS_LINE = re.compile(r"^[^.!?]{0,80}\s\d{1,3}\.?$")


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved passage and how well it answers the question."""

    hit: Hit
    index: int  # position in hit.chunk.sentences()
    line: int  # paragraph line of the passage, for its page
    text: str
    terms: frozenset[str]  # its stemmed words
    semantic: float
    lexical: float
    score: float


@dataclass(frozen=True)
class Window:
    """Consecutive sentences of one passage, quoted together so that they stand alone."""

    sentences: tuple[Candidate, ...]

    @property
    def hit(self) -> Hit:
        return self.sentences[0].hit

    @property
    def text(self) -> str:
        """The sentences verbatim; " … " marks where the quote skips part of the passage."""
        out = self.sentences[0].text
        for before, sentence in itertools.pairwise(self.sentences):
            gap = sentence.index != before.index + 1
            out += (f" {GAP} " if gap else " ") + sentence.text
        return out

    @property
    def score(self) -> float:
        return max(s.score for s in self.sentences)

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*(s.terms for s in self.sentences))


def score_sentences(
    hits: list[Hit],
    version: IndexVersion,
    query_vector: np.ndarray,
    weights: dict[str, float],
    asks: Asks,
    total: float,
) -> list[Candidate]:
    """Every sentence of these passages, best answer first.

    Args:
        weights: inverse document frequency of each of the question's known terms.
        total: their sum plus the weight of the question's words the content never uses.
    """
    total = total or 1.0
    query = np.asarray(query_vector, dtype=np.float32)
    found: list[Candidate] = []
    per_hit = [hit.chunk.sentences() for hit in hits]
    stems = iter(lexical.tokenize([text for sentences in per_hit for _, text in sentences]))
    titles = lexical.tokenize([hit.chunk.title for hit in hits])
    asked_title = {
        hit.row: bool(title)
        and sum(weights.get(t, 0.0) for t in set(title)) >= 0.8 * sum(weights.values())
        for hit, title in zip(hits, titles, strict=True)
    }
    # "What does AHPs into Action say…": the question names a document by its title.
    asked = set(weights)
    named = {hit.row: _names(hit.chunk.title, asked) for hit in hits}
    for hit, sentences, title in zip(hits, per_hit, titles, strict=True):
        if not sentences:
            continue
        semantic = np.asarray(version.sentence_vectors_of(hit.row), dtype=np.float32) @ query
        for i, (line, text) in enumerate(sentences):
            terms = frozenset(next(stems))
            if not hit.chunk.quotable(line):  # footnotes are found by search, never quoted
                continue
            # When the question is the document's title ("How can we encourage radiographers…"),
            # a sentence quoting that title ("'How can we…' is an article in…") shares the
            # question's words only because the title does.
            restates = (
                asked_title[hit.row]
                and text[:1] in "\"“‘'"
                and len(terms & set(title)) >= 0.8 * len(set(title))
            )
            terms_for_share = terms - set(title) if restates else terms
            share = sum(weights.get(t, 0.0) for t in terms_for_share) / total
            score = (
                W_SEMANTIC * float(semantic[i])
                + W_LEXICAL * share
                + W_PASSAGE * hit.score
                + W_SHAPE * _shape(text, asks)
                - W_HOUSEKEEPING * max(housekeeping(text), 0.5 * restates)
                - W_LONG * max(math.log2(len(text.split()) / LONG), 0.0)
                + W_NAMED * named[hit.row]
            )
            found.append(Candidate(hit, i, line, text, terms, float(semantic[i]), share, score))
    return best_first(found)


_PARENTHESES = re.compile(r"\([^)]*\)")


@lru_cache(maxsize=1 << 12)
def _title_names(title: str) -> tuple[frozenset[str], ...]:
    """A title's names: the whole, and each part around a colon, without its brackets."""
    parts = [title, *title.split(":")] if ":" in title else [title]
    stems = lexical.tokenize([_PARENTHESES.sub(" ", part) for part in parts])
    return tuple(frozenset(s) for s in stems if len(set(s)) >= 2)


def _names(title: str, asked: set[str]) -> bool:
    """Whether the question's terms hold one of the title's names ("AHPs into Action")."""
    return any(len(name & asked) >= 0.8 * len(name) for name in _title_names(title))


def best_first(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates by score; ties by the passage's retrieval rank, then reading order."""
    return sorted(candidates, key=lambda c: (-c.score, -c.hit.fused, c.index))


@lru_cache(maxsize=1 << 16)  # the same passages come back question after question
def housekeeping(sentence: str) -> float:
    """1 for a sentence about the document rather than its subject (links, "see…", contents)."""
    words = sentence.split()
    if len(words) <= 3 or _HOUSEKEEPING.search(sentence) or _CONTENTS_LINE.match(sentence):
        return 1.0
    if sentence.rstrip('"”’)').endswith("?"):  # a question asked in the text answers nothing
        return 0.5
    return 0.0


def _shape(sentence: str, asks: Asks) -> float:
    """The share of the shapes the question asks for (number, date, role or body, reason) it has.
    A percentage or a length of time must be one: "band 8b" is no answer to "how long"."""
    asked = (asks.number, asks.when, asks.who, asks.why)
    if not any(asked):
        return 0.0
    number, date, role, reason = _shapes(sentence)
    if asks.percent:
        number = bool(_PERCENTAGE.search(sentence))
    elif asks.duration:
        number = bool(_LENGTH_OF_TIME.search(sentence))
    checks = [
        found for wanted, found in zip(asked, (number, date, role, reason), strict=True) if wanted
    ]
    return sum(checks) / len(checks)


@lru_cache(maxsize=1 << 16)
def _shapes(sentence: str) -> tuple[bool, bool, bool, bool]:
    """Whether a sentence has a number, a date, a role or body, a reason."""
    return (
        bool(_DIGIT.search(sentence)),
        bool(_DATE.search(sentence)),
        bool(_ROLE_OR_BODY.search(sentence)),
        bool(_REASON.search(sentence)),
    )


def window(best: Candidate, candidates: list[Candidate]) -> Window:
    """The best sentence with what it needs to stand alone: the sentence before an opening
    "this", "she" or "these"; the list a sentence introduces; or the passage's next-best
    sentence when it answers nearly as well (quoted in reading order)."""
    same = sorted((c for c in candidates if c.hit.row == best.hit.row), key=lambda c: c.index)
    by_index = {c.index: c for c in same}
    picked = [best]
    before = by_index.get(best.index - 1)
    if before is not None and _ANAPHOR.match(best.text):
        picked.insert(0, before)
    if _INTRODUCES_LIST.search(best.text):
        words = len(best.text.split())
        following = best.index + 1
        while following in by_index and words < MAX_LIST_WORDS:
            picked.append(by_index[following])
            words += len(by_index[following].text.split())
            following += 1
        return Window(tuple(picked))
    taken = {c.index for c in picked}
    companions = [
        c
        for c in same
        if c.index not in taken
        and c.score >= best.score - COMPANION_MARGIN
        and not housekeeping(c.text)
        and (c.index - 1 in taken or not _ANAPHOR.match(c.text))
    ]
    room = min(COMPANIONS, MAX_WINDOW - len(picked))
    chosen = sorted(companions, key=lambda c: -c.score)[: max(room, 0)]
    return Window(tuple(sorted([*picked, *chosen], key=lambda c: c.index)))
