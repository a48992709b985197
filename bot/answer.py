"""The core: a question in, a short answer of verbatim, cited sentences out. No platform imports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from bot import followups
from bot import question as questions
from bot.answerability import Policy, Signals, Verdict
from bot.followups import Previous, Reading
from bot.quotes import Candidate, Window, best_first, housekeeping, score_sentences, window
from bot.wording import (  # the sentences live in bot.wording; tests and evals import them here
    ABSENT,
    ALSO,
    CLINICAL,
    CLOSEST,
    HELP,
    NO_MORE,
    NOT_COVERED,
    NOTHING_INDEXED,
    SCAN,
)
from index import lexical
from index.chunking import Chunk
from index.embed import Embedder
from index.query import Query, understand
from index.search import Hit, search
from index.store import IndexVersion
from index.vocabulary import words

MAX_QUESTION_CHARS = 1000  # the model reads ~256 word pieces; longer pastes add nothing
MAX_SENTENCES = 3
# Passages whose sentences are scored. 8 left dev follow-ups' fact at 0.61 and document at 0.91;
# 12: 0.67 and 0.95.
PASSAGES = 12
SIGNAL_PASSAGES = 8  # the answerability signals read this many, as bot/answerability.json was fit
PER_DOCUMENT = 4  # of those, at most this many from one document (2 starved long policies)
# A follow-up's sentences from the documents its thread cited score this much higher.
# Dev follow-ups: fact 0.50 -> 0.56, document 0.82 -> 0.86 (0.1 gave 0.50 and 0.91).
THREAD_SENTENCE_BONUS = 0.05
# A follow-up's words carried from the thread ("the physiotherapist who became…") count this
# much, against those typed ("what advice does he give"), in choosing the sentence: the thread's
# documents are already preferred, and the subject's words picked its introduction every time.
# Dev follow-ups: fact 0.56 -> 0.67 (0.5: 0.61, 0: 0.56).
CARRIED_WEIGHT = 0.25
SECOND_SOURCE_MARGIN = 0.02  # a second document is quoted only this close to the best
# Another sentence of the first quote's document, this close to the best, is quoted too: one
# sentence often holds half an answer. Dev: fact in the answer 0.73 -> 0.85 (0.1: 0.83, 0.3: 0.85
# with 5 more words), together with dropping the guess that a question with many unmatched words
# has a second part. Two-part questions and comparisons get a third quote by the same rule.
SECOND_QUOTE_MARGIN = 0.15
COVERAGE_QUOTES = 3  # the coverage signal reads the passages of this many top sentences
RELATED_MARGIN = 0.12  # other documents this close to the best passage are linked as related


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
    scanned: bool = False  # the quote was read from a page image by OCR

    @property
    def page_text(self) -> str | None:
        """'p. 12', or 'scanned page 3' for text read from an image, so staff know to check it."""
        if not self.page:
            return None
        return f"scanned page {self.page}" if self.scanned else f"p. {self.page}"

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
            **({"scanned": True} if self.scanned else {}),
        }


@dataclass(frozen=True)
class Link:
    """A document worth reading, shown as a link rather than quoted."""

    document: str
    title: str
    section: str | None
    url: str | None

    def to_json(self) -> dict[str, object]:
        return {"document": self.document, "title": self.title, "section": self.section, "url": self.url}  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, before any platform renders it."""

    question: str
    text: str  # carries [n] markers that match citations
    citations: tuple[Citation, ...]
    answered: bool
    topics: tuple[str, ...] = ()  # when not answered: the closest topics the content covers
    related: tuple[Link, ...] = ()  # other documents on the subject, not quoted
    full_documents: tuple[Link, ...] = ()  # cited documents the content covers only in part
    verdict: str = "answer"  # answer | closest | refuse | clinical | help | scan | no-more
    taken_as: str | None = None  # how a follow-up was read, shown as "Taking this as: …"


@dataclass(frozen=True)
class Assessment:
    """Everything the answer is decided from; evaluation and calibration read it too."""

    query: Query
    hits: list[Hit]
    candidates: list[Candidate]
    weights: dict[str, float]  # rarity of each of the question's known terms
    total: float  # their sum plus the weight of the words the content never uses
    signals: Signals
    absent: str | None  # a thing the question names that no passage names
    asks: questions.Asks  # read from the rewritten question


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return Policy.load()


def answer(
    question: str,
    version: IndexVersion,
    embedder: Embedder,
    *,
    policy: Policy | None = None,
    k: int = MAX_SENTENCES,
    previous: Previous | None = None,
) -> Answer:
    """Answer from the index only: quote what answers, or say the content does not cover it.

    Args:
        previous: the thread's last turn; a follow-up ("and of individuals?") is read against it.
    """
    question = " ".join(question.split())
    if not question:
        return Answer(question, HELP, (), False, verdict="help")
    if questions.read(question).clinical:
        return Answer(question, CLINICAL, (), False, verdict="clinical")
    reading = followups.read(question, previous)
    own = question if reading.taken_as else None
    found = assess(reading.question, version, embedder, prefer=reading.prefer, own=own)
    if reading.more:
        return _more(question, reading, found, k)
    if reading.shown:  # a follow-up says something new where it can
        fresh = [c for c in found.candidates if not _shown(c, reading)]
        found = replace(found, candidates=fresh or found.candidates)
    if reading.prefer and THREAD_SENTENCE_BONUS:
        found = replace(found, candidates=_on_thread(found.candidates, reading.prefer))
    answered = _answer(question, version, found, policy, k)
    return replace(answered, taken_as=reading.taken_as) if reading.taken_as else answered


def _answer(
    question: str, version: IndexVersion, found: Assessment, policy: Policy | None, k: int
) -> Answer:
    if found.hits and _is_scan(found.hits[0].chunk):
        scan = found.hits[0].chunk
        link = Link(scan.document, scan.title, None, scan.url)
        return Answer(
            question, SCAN.format(title=scan.title), (), False, related=(link,), verdict="scan"
        )
    if not found.candidates:
        return Answer(question, NOTHING_INDEXED, (), False, verdict="refuse")
    verdict: Verdict = (policy or default_policy()).decide(found.signals)
    topics = closest_topics(found.hits)
    if verdict == "refuse":
        text = ABSENT.format(name=found.absent) if found.absent else NOT_COVERED
        return Answer(question, text, (), False, topics, verdict="refuse")
    windows = _windows(found, k)
    citations = tuple(_citation(n, w) for n, w in enumerate(windows, 1))
    if verdict == "closest":
        text = f"{CLOSEST} {windows[0].text} [1]"
        return Answer(question, text, citations[:1], False, topics, verdict="closest")
    parts = []
    for n, w in enumerate(windows, 1):
        also = n > 1 and w.hit.chunk.document != windows[0].hit.chunk.document
        label = ALSO.format(title=w.hit.chunk.title) + " " if also else ""
        parts.append(f"{label}{w.text} [{n}]")
    cited = {c.document for c in citations}
    return Answer(
        question,
        " ".join(parts),
        citations,
        True,
        related=_related(found.hits, cited),
        full_documents=_partial(version, citations),
    )


def _more(question: str, reading: Reading, found: Assessment, k: int) -> Answer:
    """'Tell me more': the next best sentences from the source the thread was quoting."""
    source = reading.prefer[0]
    fresh = [
        c for c in found.candidates if c.hit.chunk.document == source and not _shown(c, reading)
    ]
    if not fresh:
        title = next((h.chunk.title for h in found.hits if h.chunk.document == source), source)
        return Answer(question, NO_MORE.format(title=title), (), True, verdict="no-more")
    more = replace(found, candidates=fresh)
    windows = _windows(more, min(k, 2))
    citations = tuple(_citation(n, w) for n, w in enumerate(windows, 1))
    text = " ".join(f"{w.text} [{n}]" for n, w in enumerate(windows, 1))
    return Answer(question, text, citations, True, taken_as=reading.taken_as)


def _on_thread(candidates: list[Candidate], prefer: tuple[str, ...]) -> list[Candidate]:
    """A follow-up's sentences from the documents the thread cited, a little ahead."""
    lifted = [
        replace(c, score=c.score + THREAD_SENTENCE_BONUS) if c.hit.chunk.document in prefer else c
        for c in candidates
    ]
    return best_first(lifted)


def _shown(candidate: Candidate, reading: Reading) -> bool:
    return any(candidate.text in quote for quote in reading.shown)


def assess(
    question: str,
    version: IndexVersion,
    embedder: Embedder,
    prefer: tuple[str, ...] = (),
    own: str | None = None,
) -> Assessment:
    """Search, score every sentence of the top passages, and gather the answerability signals.

    Args:
        own: a follow-up as typed, when `question` carries the thread's subject into it: the
            carried words count less in choosing the sentence, which the typed words decide.
    """
    question = " ".join(question.split())[:MAX_QUESTION_CHARS]
    query = understand(question, version)
    vector = embedder.encode([query.dense])[0]
    hits = search(
        version, vector, query.lexical, k=PASSAGES, per_document=PER_DOCUMENT, prefer=prefer
    )
    stems = lexical.query_tokens(query.dense)
    weights = lexical.idf(version.bm25, set(stems))
    rarest = max(weights.values(), default=1.0)
    # Words the content never uses say what else the question is about; fragments of
    # text-speak ("wht", "th") say nothing.
    missing = {t for t in stems if t not in weights and len(t) >= 4}
    total = sum(weights.values()) + rarest * len(missing)
    asks = questions.read(query.dense)
    scoring, scoring_total = weights, total
    if own is not None:
        typed = set(lexical.query_tokens(understand(own, version).dense))
        scoring = {t: w if t in typed else w * CARRIED_WEIGHT for t, w in weights.items()}
        scoring_total = total - sum(weights.values()) + sum(scoring.values())
    candidates = score_sentences(hits, version, vector, scoring, asks, scoring_total)
    headings = dict(
        zip((h.row for h in hits), lexical.tokenize([h.chunk.heading for h in hits]), strict=True)
    )
    # Every stemmed word of the retrieved passages: their sentences' and their headings'.
    terms = {row: set(heading) for row, heading in headings.items()}
    for candidate in candidates:
        terms[candidate.hit.row].update(candidate.terms)
    # The decision reads the passages the policy was calibrated on; the rest only offer sentences.
    judged = hits[:SIGNAL_PASSAGES]
    rows = {h.row for h in judged}
    absent = _absent_name(question, judged, set().union(*(terms[row] for row in rows)))
    evidence = [c for c in candidates if c.hit.row in rows]
    if not evidence:
        signals = Signals(0.0, 0.0, 0.0, 1.0, 1.0 if absent else 0.0)
        return Assessment(query, hits, candidates, weights, total, signals, absent, asks)
    # The best-covered of the passages the top quotes come from: which sentence ranks first
    # must not decide whether the content covers the question.
    quoted = dict.fromkeys(c.hit.row for c in evidence[:COVERAGE_QUOTES])
    coverage = max(
        sum(w for t, w in weights.items() if t in terms[row]) / (total or 1.0) for row in quoted
    )
    signals = Signals(
        sentence=max(c.semantic for c in evidence),
        passage=max(h.score for h in judged),
        coverage=coverage,
        unknown=rarest * len(missing) / (total or 1.0),
        absent_name=1.0 if absent else 0.0,
    )
    return Assessment(query, hits, candidates, weights, total, signals, absent, asks)


def top_quotes(question: str, version: IndexVersion, embedder: Embedder, k: int = 3) -> list[str]:
    """The k best quote windows for a question, whatever the decision (for evaluation)."""
    found = assess(question, version, embedder)
    quotes: list[Window] = []
    for candidate in found.candidates:
        if len(quotes) == k:
            break
        if not any(_inside(candidate, w) for w in quotes):
            quotes.append(window(candidate, found.candidates))
    return [w.text for w in quotes]


def _windows(found: Assessment, k: int) -> list[Window]:
    """The best window; then the other side of a comparison, the second part of a two-part
    question, or the next best sentence when it answers nearly as well; for a comparison or a
    two-part question, then also the next best."""
    candidates = found.candidates
    first = window(candidates[0], candidates)
    chosen = [first]
    covered = set(first.terms)
    asks = found.asks
    two_part = asks.comparison or asks.second_part is not None
    if asks.comparison:
        second = _other_side(found, first)
    elif asks.second_part:
        second = _answers_the_rest(found, chosen, covered, asks.second_part)
    else:
        second = _next_best(found, chosen, SECOND_QUOTE_MARGIN)
    _add(chosen, second)
    if two_part and len(chosen) < k:  # both sides or parts, and the best answer to the whole
        _add(chosen, _next_best(found, chosen, SECOND_QUOTE_MARGIN))
    return chosen[: max(k, 1)]


def _add(chosen: list[Window], quote: Window | None) -> None:
    """Add a quote, less any sentence an earlier quote already shows."""
    if quote is None:
        return
    fresh = tuple(c for c in quote.sentences if not any(_inside(c, w) for w in chosen))
    if fresh:
        chosen.append(Window(fresh))


def _other_side(found: Assessment, first: Window) -> Window | None:
    """For a comparison: the best answer from another document, or failing that another passage."""
    rest = [c for c in found.candidates if not _inside(c, first)]
    for candidate in rest:
        if candidate.hit.chunk.document != first.hit.chunk.document:
            if candidate.score >= first.score * 0.6:
                return window(candidate, found.candidates)
            break
    others = [c for c in rest if c.hit.row != first.hit.row]
    return window(others[0], found.candidates) if others else None


def _answers_the_rest(
    found: Assessment, chosen: list[Window], covered: set[str], part: str
) -> Window | None:
    """The best sentence holding the terms of the question's second part that the first quote
    lacks (all the question's terms, when that part is only small words: "wot does it say")."""
    best = found.candidates[0]
    wanted = set(lexical.tokenize([part])[0]) or set(found.weights)
    wanted = {t for t in wanted if t not in covered} or wanted
    if not wanted:
        return None
    weights = {t: found.weights.get(t, 1.0) for t in wanted}
    ranked = sorted(
        (c for c in found.candidates[1:] if not any(_inside(c, w) for w in chosen)),
        key=lambda c: (
            -(c.score + sum(w for t, w in weights.items() if t in c.terms) / sum(weights.values()))
        ),
    )
    for candidate in ranked:
        if candidate.score >= best.score * 0.6 and any(t in candidate.terms for t in wanted):
            return window(candidate, found.candidates)
    return None


def _next_best(found: Assessment, chosen: list[Window], margin: float) -> Window | None:
    """The best sentence outside the quotes chosen so far, when it answers nearly as well as the
    first: from the first quote's document, or from another that shares the question's words."""
    first = chosen[0]
    document = first.hit.chunk.document
    for candidate in found.candidates[1:]:
        if candidate.score < first.score - max(margin, SECOND_SOURCE_MARGIN):
            return None
        if any(_inside(candidate, w) for w in chosen) or housekeeping(candidate.text):
            continue
        same = candidate.hit.chunk.document == document
        if candidate.score < first.score - (margin if same else SECOND_SOURCE_MARGIN):
            continue
        if same or candidate.lexical > 0:
            return window(candidate, found.candidates)
    return None


def _is_scan(chunk: Chunk) -> bool:
    """A placeholder for an image-only document, which holds nothing but its title."""
    return bool(chunk.roles) and all(role == "unreadable-scan" for role in chunk.roles)


def _inside(candidate: Candidate, w: Window) -> bool:
    return any(c.hit.row == candidate.hit.row and c.index == candidate.index for c in w.sentences)


def _citation(n: int, w: Window) -> Citation:
    chunk = w.hit.chunk
    first_label, first_number = chunk.page_of_line(w.sentences[0].line)
    last_label, _ = chunk.page_of_line(w.sentences[-1].line)
    label = first_label
    if first_label is not None and last_label is not None and last_label != first_label:
        label = f"{first_label}–{last_label}"
    return Citation(
        n, chunk.document, chunk.title, chunk.section_label or None, label, first_number,
        chunk.url, w.text, max(s.semantic for s in w.sentences),
        chunk.role_of_line(w.sentences[0].line) == "scanned",
    )  # fmt: skip


def _absent_name(question: str, hits: list[Hit], stems: set[str]) -> str | None:
    """The first programme, model or person the question names that no retrieved passage names.

    A proper name ("Healthcare Leadership Model") must appear as a phrase; a name typed in
    lower case needs its words other than the kind: one word ("fellowship scheme") anywhere,
    two or more ("healthcare leadership model") side by side.

    Args:
        stems: every stemmed word of the hits.
    """
    names = questions.named_things(question)
    if not names:
        return None  # most questions name nothing: spare reading the passages' words
    texts = [f" {' '.join(words(h.chunk.embedding_text()))} " for h in hits]
    for name, proper in names:
        terms = [w for w in words(name) if lexical.tokenize([w])[0]]
        if not terms:
            continue
        if proper:
            # Every word, as the passages' words are read ("king s fund report"). Staff call a
            # study a survey or a review a report: any of those words after the author will do.
            phrase = words(name)
            kinds = [phrase[-1]]
            if len(phrase) > 1 and questions.publication_word(phrase[-1]):
                kinds = list(questions.PUBLICATION_KINDS)
            spelt = [" ".join([*phrase[:-1], kind]) for kind in kinds]
            absent = not any(
                f" {name} " in text or f" {name}s " in text for name in spelt for text in texts
            )
        else:
            own = [t for w in terms if not questions.kind_word(w) for t in lexical.tokenize([w])[0]]
            absent = bool(own) and not any(t in stems for t in own)
            # "healthcare leadership model": its words are common, but never side by side.
            if not absent and len(own) >= 2:
                runs = [" ".join(t) for t in lexical.tokenize(texts)]
                absent = not any(f" {' '.join(own)} " in f" {run} " for run in runs)
        if absent:
            return f"the {name}" if not name.lower().startswith("the ") else name
    return None


def _related(hits: list[Hit], cited: set[str]) -> tuple[Link, ...]:
    best = max((h.score for h in hits), default=0.0)
    links: dict[str, Link] = {}
    for hit in hits:
        chunk = hit.chunk
        if chunk.document in cited or chunk.document in links or hit.score < best - RELATED_MARGIN:
            continue
        links[chunk.document] = Link(chunk.document, chunk.title, chunk.section_label or None, chunk.url)  # fmt: skip
    return tuple(links.values())[:3]


def _partial(version: IndexVersion, citations: tuple[Citation, ...]) -> tuple[Link, ...]:
    """Cited documents whose front matter says the content covers them only in part."""
    links: dict[str, Link] = {}
    for citation in citations:
        record = version.document(citation.document)
        if record and record.metadata.get("coverage") == "partial" and record.url:
            links.setdefault(citation.document, Link(record.path, record.title, None, record.url))
    return tuple(links.values())


def closest_topics(hits: list[Hit], limit: int = 3) -> tuple[str, ...]:
    """Distinct 'title — section' labels of the nearest passages."""
    topics: list[str] = []
    for hit in hits:
        label = " — ".join(part for part in (hit.chunk.title, hit.chunk.section_label) if part)
        if label not in topics:
            topics.append(label)
    return tuple(topics[:limit])
