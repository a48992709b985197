"""The gap report: what staff asked that the content could not answer well, and what they voted
down. The rows come from bot.state; the grouping and ranking live here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from index.loaders.blocks import visible

_SPACE = re.compile(r"\s+")
MAX_REASONS = 3  # per down-voted answer in the report


@dataclass(frozen=True)
class DownVoted:
    """An answer staff voted down: the question, what it cited and the votes."""

    question: str
    documents: tuple[str, ...]
    down: int
    up: int
    reasons: tuple[str, ...] = ()  # what the people who voted it down said was wrong


@dataclass(frozen=True)
class GapReport:
    """What staff asked that the content could not answer well, over a period."""

    since: str  # ISO date of the period's first day
    questions: int
    unanswered: int
    top_unanswered: list[tuple[str, int]]  # (most recent wording, times asked)
    downvoted: list[DownVoted]


def gap_report(
    since: str,
    questions: int,
    unanswered: int,
    unanswered_newest_first: list[str],
    votes_newest_first: list[tuple[str, str, int, int, str | None]],
    limit: int = 10,
) -> GapReport:
    """The report from the period's rows, with no bidi or zero-width control left in a question
    or a reason (they could reorder or hide what the admin reads; quotes lose them at indexing).

    Args:
        votes_newest_first: (question, cited documents as JSON, down votes, up votes, the down
            voters' reasons as a JSON list or None) per answer.
    """
    return GapReport(
        since=since,
        questions=questions,
        unanswered=unanswered,
        top_unanswered=top_unanswered([visible(q) for q in unanswered_newest_first], limit),
        downvoted=downvoted([_visible_vote(*vote) for vote in votes_newest_first], limit),
    )


def _visible_vote(
    question: str, documents: str, down: int, up: int, reasons: str | None
) -> tuple[str, str, int, int, str | None]:
    said = None if reasons is None else json.dumps([visible(r) for r in json.loads(reasons)])
    return visible(question), documents, down, up, said


def _key(question: str) -> str:
    return _SPACE.sub(" ", question).strip().casefold()


def top_unanswered(newest_first: list[str], limit: int) -> list[tuple[str, int]]:
    """Group questions case- and whitespace-insensitively; the most recent wording shows."""
    groups: dict[str, list[Any]] = {}  # key -> [wording, count, recency rank]
    for rank, question in enumerate(newest_first):
        group = groups.setdefault(_key(question), [question, 0, rank])
        group[1] += 1
    ranked = sorted(groups.values(), key=lambda g: (-g[1], g[2]))
    return [(wording, count) for wording, count, _ in ranked[:limit]]


def downvoted(
    newest_first: list[tuple[str, str, int, int, str | None]], limit: int
) -> list[DownVoted]:
    """Answers with a down vote, grouped by question and cited documents; most down first,
    each with up to MAX_REASONS of what its down voters said was wrong, newest first."""
    groups: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for rank, (question, documents, down, up, reasons) in enumerate(newest_first):
        cited = tuple(json.loads(documents))
        group = groups.setdefault((_key(question), cited), [question, cited, 0, 0, rank, []])
        group[2] += down
        group[3] += up
        group[5] += [r for r in json.loads(reasons or "[]") if r not in group[5]]
    ranked = sorted((g for g in groups.values() if g[2] > 0), key=lambda g: (-g[2], g[3], g[4]))
    return [
        DownVoted(q, cited, down, up, tuple(said[:MAX_REASONS]))
        for q, cited, down, up, _, said in ranked[:limit]
    ]
