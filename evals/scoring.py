"""Scoring answers against the question sets: per-question outcomes, then metrics by kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from bot.answer import Answer
from evals.questions import KINDS, OFFTOPIC_KINDS, Question, has_facts

AnswerFn = Callable[[str], Answer]
QuotesFn = Callable[[str], list[str]]  # the top-ranked quotes for a question, best first
TOP_QUOTES = 3


@dataclass(frozen=True)
class Outcome:
    """How one answer (ours or the baseline's) did on one question."""

    id: str
    set: str
    kind: str
    question: str
    answered: bool
    fact_in_answer: bool  # answered, and every fact group is in the answer text
    fact_in_quotes: bool  # every fact group is in the top-3 quotes taken together
    right_document: bool  # a cited document is one of the expected ones
    page_right: (
        bool | None
    )  # a citation to an expected document has the expected page; None: no page
    text: str
    documents: tuple[str, ...]  # what was cited, in order

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def judge(
    q: Question, *, text: str, answered: bool, quotes: Sequence[str], cited: Sequence[tuple[str, str | None]]
) -> Outcome:  # fmt: skip
    """Score one response given its text, the ranked quotes and its (document, page) citations."""
    expected = set(q.expected)
    page_right = None
    if q.page is not None:
        page_right = any(d in expected and p == q.page for d, p in cited)
    return Outcome(
        id=q.id,
        set=q.set,
        kind=q.kind,
        question=q.question,
        answered=answered,
        fact_in_answer=answered and q.answerable and has_facts(text, q.facts),
        fact_in_quotes=q.answerable and has_facts("\n".join(quotes[:TOP_QUOTES]), q.facts),
        right_document=any(d in expected for d, _ in cited),
        page_right=page_right,
        text=text,
        documents=tuple(d for d, _ in cited),
    )


def score_answer(q: Question, answer: Answer, quotes: Sequence[str] | None = None) -> Outcome:
    """Score the bot's answer; without ranked quotes, the answer's own citations stand in."""
    if quotes is None:
        quotes = [c.quote for c in answer.citations]
    cited = [(c.document, c.page) for c in answer.citations]
    return judge(q, text=answer.text, answered=answer.answered, quotes=quotes, cited=cited)


def score(
    questions: Sequence[Question], answer_fn: AnswerFn, quotes_fn: QuotesFn | None = None
) -> list[Outcome]:
    """Ask every question and score what comes back."""
    return [
        score_answer(q, answer_fn(q.question), None if quotes_fn is None else quotes_fn(q.question))
        for q in questions
    ]


@dataclass(frozen=True)
class Metrics:
    """Shares for one group of outcomes (a kind, or overall); None where the group has no such case."""

    group: str
    n: int
    fact_in_answer: float | None
    fact_in_quotes: float | None
    right_document: float | None
    page_right: float | None
    in_scope_refused: float | None  # answerable questions refused (lower is better)
    offtopic_refused: float | None  # off-topic and clinical questions refused (higher is better)

    def to_json(self) -> dict[str, object]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def metrics(group: str, outcomes: Sequence[Outcome]) -> Metrics:
    """The metrics of one group of outcomes."""
    answerable = [o for o in outcomes if o.kind not in OFFTOPIC_KINDS]
    offtopic = [o for o in outcomes if o.kind in OFFTOPIC_KINDS]
    return Metrics(
        group=group,
        n=len(outcomes),
        fact_in_answer=_share([o.fact_in_answer for o in answerable]),
        fact_in_quotes=_share([o.fact_in_quotes for o in answerable]),
        right_document=_share([o.right_document for o in answerable]),
        page_right=_share([o.page_right for o in answerable if o.page_right is not None]),
        in_scope_refused=_share([not o.answered for o in answerable]),
        offtopic_refused=_share([not o.answered for o in offtopic]),
    )


@dataclass(frozen=True)
class SetReport:
    """One set's metrics: a row per kind present, then overall."""

    set: str
    rows: tuple[Metrics, ...]

    def row(self, group: str) -> Metrics:
        return next(r for r in self.rows if r.group == group)

    def refused(self, kind: str) -> float | None:
        """Share refused of one off-topic kind (offtopic_near, offtopic_far, clinical)."""
        return next((r.offtopic_refused for r in self.rows if r.group == kind), None)

    def to_json(self) -> dict[str, object]:
        return {"set": self.set, "rows": [r.to_json() for r in self.rows]}


def summarise(set_name: str, outcomes: Sequence[Outcome]) -> SetReport:
    """Metrics by kind (in KINDS order) and overall, for the outcomes of one set."""
    rows = [metrics(k, [o for o in outcomes if o.kind == k]) for k in KINDS]
    rows = [r for r in rows if r.n]
    return SetReport(set_name, (*rows, metrics("overall", outcomes)))
