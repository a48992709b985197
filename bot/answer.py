"""The core: a question in, a short answer of verbatim, cited sentences out. No platform imports."""

from __future__ import annotations

from dataclasses import dataclass

from index import lexical
from index.chunking import Chunk
from index.embed import Embedder
from index.search import Hit, search
from index.sentences import split_sentences
from index.store import IndexVersion

MAX_QUESTION_CHARS = 1000  # the model reads ~256 word pieces; longer pastes add nothing
MAX_SENTENCES = 3
MARGIN = 0.12  # passages this far below the best match are not quoted
HELP = (
    "Ask me a question about clinical leadership in the NHS — for example "
    "\u201cWhat are the five themes of the clinical leadership framework?\u201d or "
    "\u201cWhat barriers stop AHPs reaching the board?\u201d. I answer only from the framework, "
    "its case studies and related documents, and I quote and cite every passage I use."
)
NOT_COVERED = (
    "I couldn't find this in the leadership documents I have, so I won't guess. "
    "The closest topics I do cover are listed below."
)
NOTHING_INDEXED = "I couldn't find this: there are no leadership documents in my index yet."


@dataclass(frozen=True)
class Citation:
    """A source behind one [n] marker in the answer text."""

    n: int
    document: str  # path relative to the content folder
    title: str
    section: str | None
    page: str | None  # printed page label
    page_number: int | None  # physical page, for "#page=N" links into PDFs
    url: str | None
    quote: str  # verbatim from the source
    score: float

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "document": self.document,
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "url": self.url,
            "quote": self.quote,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, before any platform renders it."""

    question: str
    text: str  # carries [n] markers that match citations
    citations: tuple[Citation, ...]
    answered: bool
    topics: tuple[str, ...] = ()  # when not answered: the closest topics the content covers


def answer(
    question: str,
    version: IndexVersion,
    embedder: Embedder,
    *,
    min_score: float,
    k: int = MAX_SENTENCES,
) -> Answer:
    """Answer from the index only: quote the best passages, or say the content does not cover it."""
    question = " ".join(question.split())
    if not question:
        return Answer(question, HELP, (), False)
    query = question[:MAX_QUESTION_CHARS]
    hits = search(version, embedder.encode([query])[0], query, k=max(5, k))
    terms = set(lexical.tokenize([query])[0])
    best = max((hit.score for hit in hits), default=0.0)
    if best >= min_score:
        chosen = [hit for hit in hits if hit.score >= max(min_score, best - MARGIN)][:k]
    else:
        chosen = _exact_matches(terms, hits, version)[:k]
    if not chosen:
        topics = closest_topics(hits)
        return Answer(question, NOT_COVERED if topics else NOTHING_INDEXED, (), False, topics)
    return _compose(question, chosen, lexical.idf(version.bm25, terms))


def _exact_matches(terms: set[str], hits: list[Hit], version: IndexVersion) -> list[Hit]:
    """Passages containing every term of a question the index knows every word of.

    Short keyword questions ("five themes", "glass ceiling") embed poorly, so their similarity
    falls below the threshold; a passage holding all of their words still answers them. A
    question with any word the content never uses ("visiting hours") gets nothing here.
    """
    if not terms or any(term not in version.bm25.vocab_dict for term in terms):
        return []
    return [hit for hit in hits if terms <= set(lexical.tokenize([hit.chunk.embedding_text()])[0])]


def closest_topics(hits: list[Hit], limit: int = 3) -> tuple[str, ...]:
    """Distinct 'title — section' labels of the nearest passages."""
    topics: list[str] = []
    for hit in hits:
        label = " — ".join(part for part in (hit.chunk.title, hit.chunk.section_label) if part)
        if label not in topics:
            topics.append(label)
    return tuple(topics[:limit])


def _compose(question: str, hits: list[Hit], weights: dict[str, float]) -> Answer:
    """One best sentence from each chosen passage (two from a lone passage), each marked [n].

    Sentences are chosen by the rarity-weighted question terms they share. A passage after the
    first that shares no question term is not quoted, and a lone passage's second sentence must
    share one too: otherwise the quote would be filler.
    """
    per_passage = 2 if len(hits) == 1 else 1
    used: set[str] = set()
    parts: list[str] = []
    citations: list[Citation] = []
    for hit in hits:
        chunk = hit.chunk
        # Title words are shared by every sentence of a document, so they cannot pick one out.
        title_terms = set(lexical.tokenize([chunk.title])[0])
        local = {term: w for term, w in weights.items() if term not in title_terms}
        ranked = _ranked_sentences(chunk, local)
        if len(parts) >= MAX_SENTENCES or not ranked or (citations and ranked[0].weight == 0):
            continue
        best = [ranked[0], *(s for s in ranked[1:per_passage] if s.weight > 0)]
        picked = [s for s in sorted(best, key=lambda s: s.position) if s.text not in used]
        if not picked:
            continue
        used.update(s.text for s in picked)
        n = len(citations) + 1
        parts.extend(f"{s.text} [{n}]" for s in picked)
        label, number = _pages(chunk, picked)
        citations.append(
            Citation(
                n, chunk.document, chunk.title, chunk.section_label or None, label, number,
                chunk.url, " ".join(s.text for s in picked), hit.score,
            )
        )  # fmt: skip
    return Answer(question, " ".join(parts[:MAX_SENTENCES]), tuple(citations), True)


@dataclass(frozen=True)
class _Sentence:
    text: str
    weight: float  # rarity-weighted question terms it shares
    position: int  # reading order within the passage
    line: int  # which paragraph line of the passage, for its page


def _ranked_sentences(chunk: Chunk, weights: dict[str, float]) -> list[_Sentence]:
    """The passage's sentences, best first; the earlier one wins a tie."""
    found = [(i, s) for i, line in enumerate(chunk.lines()) for s in split_sentences(line)]
    if not found:
        return []
    stems = lexical.tokenize([s for _, s in found])
    sentences = [
        _Sentence(text, sum(weights.get(t, 0.0) for t in set(stems[k])), k, line)
        for k, (line, text) in enumerate(found)
    ]
    return sorted(sentences, key=lambda s: (-s.weight, s.position))


def _pages(chunk: Chunk, picked: list[_Sentence]) -> tuple[str | None, int | None]:
    """Printed page label (a range if the quote spans pages) and physical page of the quote."""
    first_label, first_number = chunk.page_of_line(picked[0].line)
    last_label, _ = chunk.page_of_line(picked[-1].line)
    if first_label is not None and last_label is not None and last_label != first_label:
        return f"{first_label}–{last_label}", first_number
    return first_label, first_number
