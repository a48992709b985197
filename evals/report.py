"""The evaluation report: ours beside the baseline for each set, as JSON and as printed tables."""

from __future__ import annotations

from dataclasses import dataclass

from evals.overlap import Overlap
from evals.questions import OFFTOPIC_KINDS, Question
from evals.retrieval import Retrieval
from evals.scoring import Metrics, Outcome, SetReport

# (heading, width) of each printed column after the group name.
COLUMNS = (
    ("n", 4),
    ("ans", 5),
    ("top3", 5),
    ("doc", 5),
    ("page", 5),
    ("inref", 6),
    ("offref", 6),
    ("| B.ans1", 8),
    ("B.top3", 6),
    ("B.doc3", 6),
    ("B.offref", 8),
)
LEGEND = (
    "ans: fact in the answer text | top3: fact in the top-3 quotes | doc: an expected document "
    "cited | page: printed page right | inref: answerable questions refused (lower is better) | "
    "offref: off-topic and clinical questions refused | B.*: the window baseline (top-1 window, "
    "top-3 windows, a top-3 window from an expected document; it never refuses)"
)


@dataclass(frozen=True)
class SetComparison:
    """One question set scored for the bot and for the baseline."""

    set: str
    ours: SetReport
    baseline: SetReport
    outcomes: tuple[Outcome, ...]
    baseline_outcomes: tuple[Outcome, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "set": self.set,
            "ours": self.ours.to_json(),
            "baseline": self.baseline.to_json(),
            "outcomes": [o.to_json() for o in self.outcomes],
            "baseline_outcomes": [o.to_json() for o in self.baseline_outcomes],
        }


@dataclass(frozen=True)
class Report:
    """A whole run: settings, every set compared, and the question wording's overlap figures."""

    model: str
    settings: str  # the answer core's decision settings, as printed
    quotes_source: str  # "bot.answer.top_quotes", or the fallback "answer citations"
    sets: tuple[SetComparison, ...]
    overlap: tuple[Overlap, ...]
    retrieval: tuple[Retrieval, ...] = ()  # passage search alone, by mode

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "settings": self.settings,
            "quotes_source": self.quotes_source,
            "sets": [s.to_json() for s in self.sets],
            "overlap": [o.to_json() for o in self.overlap],
            "retrieval": [r.to_json() for r in self.retrieval],
        }


def _cell(value: float | int | None, width: int) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, int):
        return str(value).rjust(width)
    return f"{value:.2f}".rjust(width)


def _line(ours: Metrics, base: Metrics) -> str:
    base_refused = None if base.offtopic_refused is None else base.offtopic_refused
    values = (
        ours.n, ours.fact_in_answer, ours.fact_in_quotes, ours.right_document, ours.page_right,
        ours.in_scope_refused, ours.offtopic_refused,
        base.fact_in_answer, base.fact_in_quotes, base.right_document, base_refused,
    )  # fmt: skip
    cells = [_cell(v, w) for v, (_, w) in zip(values, COLUMNS, strict=True)]
    cells[7] = "|" + cells[7][1:]
    return f"{ours.group:<14}" + " ".join(cells)


def table(comparison: SetComparison) -> str:
    """The set's metrics, a row per kind and overall, ours then the baseline's."""
    header = f"{comparison.set + ' set':<14}" + " ".join(h.rjust(w) for h, w in COLUMNS)
    lines = [header, "-" * len(header)]
    for ours in comparison.ours.rows:
        lines.append(_line(ours, comparison.baseline.row(ours.group)))
    return "\n".join(lines)


def missed(outcome: Outcome) -> bool:
    """Whether the bot got this question wrong on any measure."""
    if outcome.kind in OFFTOPIC_KINDS:
        return outcome.answered
    return not (outcome.fact_in_answer and outcome.fact_in_quotes and outcome.right_document)


def describe_miss(outcome: Outcome, q: Question, width: int = 600) -> str:
    """A failed question with what was expected and what the bot said."""
    text = " ".join(outcome.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    marks = [] if q.kind in OFFTOPIC_KINDS else [
        f"ans={'y' if outcome.fact_in_answer else 'n'}",
        f"top3={'y' if outcome.fact_in_quotes else 'n'}",
        f"doc={'y' if outcome.right_document else 'n'}",
    ]  # fmt: skip
    facts = " & ".join("/".join(group) for group in q.facts) or "-"
    return (
        f"{q.id} [{q.kind}] {q.question}\n"
        f"    expected {list(q.expected) or 'a refusal'}; facts {facts}\n"
        f"    answered={outcome.answered} {' '.join(marks)} cited {list(outcome.documents)}\n"
        f"    {text}"
    )
