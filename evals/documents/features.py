"""Scoring answers on the document corpus, per layout feature: facts, sections, pages, furniture."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from bot.answer import Answer
from evals.documents.corpus import DocQuestion, Profile, furniture_in
from evals.questions import contains
from evals.scoring import score_answer


@dataclass(frozen=True)
class DocOutcome:
    """How the bot (and the plain-text baseline) did on one corpus question."""

    id: str
    feature: str
    document: str
    answered: bool
    fact_in_answer: bool  # for a scan: the facts, or the answer says it is a scan
    fact_in_quotes: bool
    section_present: bool | None  # every citation from a document with headings has a section
    section_right: bool | None  # a citation to the document carries an expected section
    page_right: bool | None  # a citation to the document carries an expected printed page
    title_right: bool | None  # citations to the document carry its own title
    furniture: tuple[str, ...]  # furniture entries found inside citation quotes
    baseline_top3: bool | None  # facts in the baseline's top 3 windows
    text: str
    citations: tuple[str, ...]  # "document | title | section | page", in order

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def judge(
    q: DocQuestion, answer: Answer, quotes: Sequence[str] | None, profiles: dict[str, Profile]
) -> DocOutcome:
    """Score one answer against the question and the documents' profiles."""
    base = score_answer(q.question, answer, quotes)
    said_scan = answer.verdict == "scan" or "scan" in answer.text.casefold()
    scan = q.feature == "scan" and said_scan
    own = [c for c in answer.citations if c.document in q.question.expected]
    headed = [
        c for c in answer.citations if c.document in profiles and profiles[c.document].headings
    ]
    profile = profiles[q.document]
    found = {
        entry
        for c in answer.citations
        if c.document in profiles
        for entry in furniture_in(c.quote, profiles[c.document].furniture)
    }
    title = profile.title

    def section_ok(section: str | None) -> bool:
        return bool(section) and any(contains(section or "", s) for s in q.sections)

    return DocOutcome(
        id=q.question.id,
        feature=q.feature,
        document=q.document,
        answered=answer.answered,
        fact_in_answer=base.fact_in_answer or scan,
        fact_in_quotes=base.fact_in_quotes or scan,
        section_present=all(c.section for c in headed) if headed else None,
        section_right=any(section_ok(c.section) for c in own) if q.sections and own else None,
        page_right=any(_pages(c.page) & set(q.pages) for c in own) if q.pages else None,
        title_right=all(contains(c.title, title) for c in own) if title and own else None,
        furniture=tuple(sorted(found)),
        baseline_top3=None,
        text=answer.text,
        citations=tuple(
            f"{c.document} | {c.title} | {c.section} | {c.page}" for c in answer.citations
        ),
    )


def _pages(label: str | None) -> set[str]:
    """A citation's printed page, or both ends of a range such as "6–7"."""
    return set(re.split(r"\s*[–-]\s*", label)) if label else set()


# (heading, width, how to read the share from an outcome)
COLUMNS: tuple[tuple[str, int, Callable[[DocOutcome], bool | None]], ...] = (
    ("ans", 5, lambda o: o.fact_in_answer),
    ("top3", 5, lambda o: o.fact_in_quotes),
    ("sect", 5, lambda o: o.section_present),
    ("sect=", 6, lambda o: o.section_right),
    ("page", 5, lambda o: o.page_right),
    ("page|a", 6, lambda o: o.page_right if o.fact_in_answer else None),
    ("title", 6, lambda o: o.title_right),
    ("clean", 6, lambda o: not o.furniture),
    ("inref", 6, lambda o: not o.answered),
    ("| B.top3", 8, lambda o: o.baseline_top3),
)
LEGEND = (
    "ans: fact in the answer (scan: or says it is a scan) | top3: fact in the top-3 quotes | "
    "sect: every citation from a document with headings has a section | sect=: the expected "
    "section is cited | page: printed page right | page|a: the same, of the answers that hold the fact | title: citations carry the document's own "
    "title | clean: no header, footer, folio, contents line or footnote in any quote | inref: "
    "refused (lower is better) | B.top3: the window baseline over plain pypdf/python-docx/bs4 "
    "text, facts in its top 3 windows"
)


def share(values: Sequence[bool | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def table(outcomes: Sequence[DocOutcome], by: Callable[[DocOutcome], str], title: str) -> str:
    """A row per group (feature or document) and overall; '-' where a measure does not apply."""
    groups = list(dict.fromkeys(by(o) for o in outcomes))
    header = f"{title:<42}{'n':>4} " + " ".join(h.rjust(w) for h, w, _ in COLUMNS)
    lines = [header, "-" * len(header)]
    for group, rows in [*((g, [o for o in outcomes if by(o) == g]) for g in groups), ("overall", list(outcomes))]:  # fmt: skip
        cells = []
        for _, width, read in COLUMNS:
            value = share([read(o) for o in rows])
            cells.append(("-" if value is None else f"{value:.2f}").rjust(width))
        lines.append(f"{group[:41]:<42}{len(rows):>4} " + " ".join(cells))
    return "\n".join(lines)
