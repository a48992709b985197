"""The question sets: loading them, matching their facts in text, and checking them against content."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.loaders import discover, load_document

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SETS = ("dev", "test")
ANSWERABLE_KINDS = ("direct", "paraphrase", "typo", "vague", "multi", "comparison")
OFFTOPIC_KINDS = ("offtopic_near", "offtopic_far", "clinical")
KINDS = ANSWERABLE_KINDS + OFFTOPIC_KINDS
MAX_BYTES = 25 << 20
# Letters, digits, the two symbols that carry meaning in a fact ("£3", "14%"), and a point or comma
# inside a number ("11.6%", "16,000"); everything else separates words.
_NOT_KEPT = re.compile(r"(?:(?<!\d)[.,]|[.,](?!\d)|[^\w£%.,]|_)+")
_MARKER = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Question:
    """One evaluation question with what a correct answer must contain."""

    id: str
    question: str
    kind: str  # one of KINDS
    expected: tuple[str, ...]  # content documents that answer it; empty when off-topic
    facts: tuple[tuple[str, ...], ...]  # every group must appear; any alternative satisfies a group
    own_words: bool  # phrased as staff would, not lifted from the expected documents
    page: str | None = None  # printed page label of the answer, for paged documents only
    set: str = ""  # "dev" or "test"

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE_KINDS


def load_questions(path: Path, set_name: str = "") -> list[Question]:
    """Read one JSONL question file; raise ValueError naming the line of a malformed row."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kind"] not in KINDS:
            raise ValueError(f"{path.name}:{number}: unknown kind {row['kind']!r}")
        questions.append(
            Question(
                id=row["id"],
                question=row["question"],
                kind=row["kind"],
                expected=tuple(row["expected"]),
                facts=tuple(tuple(group) for group in row["facts"]),
                own_words=bool(row.get("own_words", False)),
                page=row.get("page"),
                set=set_name,
            )
        )
    return questions


def load_set(name: str, folder: Path = ROOT / "evals") -> list[Question]:
    """The dev or test set, or both for "all"."""
    names = SETS if name == "all" else (name,)
    return [q for n in names for q in load_questions(folder / f"{n}.jsonl", n)]


def normalise(text: str) -> str:
    """Lower case, with dashes, quotes and other punctuation turned into single spaces."""
    text = unicodedata.normalize("NFKC", _MARKER.sub(" ", text)).casefold()
    return " ".join(_NOT_KEPT.sub(" ", text).split())


def _pattern(alternative: str) -> re.Pattern[str]:
    # Starts on a word boundary; may run on into a longer word ("physiotherapist" in
    # "physiotherapists") but not into more of a number ("11" is not "110" or "11.6%").
    return re.compile(r"(?<![\w£%.,])" + re.escape(normalise(alternative)) + r"(?![.,]?\d)")


def contains(text: str, alternative: str) -> bool:
    """Whether one fact string occurs in text, after normalising both."""
    return bool(_pattern(alternative).search(normalise(text)))


def has_facts(text: str, facts: Iterable[Iterable[str]]) -> bool:
    """Whether text holds every fact group (any one alternative of each)."""
    normalised = normalise(text)
    return all(any(_pattern(alt).search(normalised) for alt in group) for group in facts)


@lru_cache(maxsize=8)
def document_texts(content: Path = CONTENT) -> dict[str, str]:
    """Each content document's quotable text (its blocks, joined), by path relative to content."""
    texts = {}
    for path in discover(content):
        document = load_document(content, path, MAX_BYTES)
        texts[path] = "\n".join(block.text for block in document.blocks)
    return texts


def problems(questions: list[Question], content: Path = CONTENT) -> list[str]:
    """Everything wrong with the questions against the content: empty when they are sound.

    Checks kinds, ids, missing expected documents, and fact alternatives that occur in none of a
    question's expected documents.
    """
    texts = document_texts(content)
    found: list[str] = []
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            found.append(f"{q.id}: duplicate id")
        seen.add(q.id)
        if q.answerable != bool(q.expected) or q.answerable != bool(q.facts):
            found.append(
                f"{q.id}: {q.kind} question needs expected and facts exactly when answerable"
            )
        for document in q.expected:
            if document not in texts:
                found.append(f"{q.id}: expected document {document} is not in {content}")
        held = [texts[d] for d in q.expected if d in texts]
        for group in q.facts:
            for alternative in group:
                if not any(contains(text, alternative) for text in held):
                    found.append(f"{q.id}: fact {alternative!r} is in none of {list(q.expected)}")
    return found


def unlisted_documents(q: Question, content: Path = CONTENT) -> list[str]:
    """Documents holding every fact of q that q does not list: candidates for its expected list."""
    texts = document_texts(content)
    return [p for p, text in texts.items() if p not in q.expected and has_facts(text, q.facts)]
