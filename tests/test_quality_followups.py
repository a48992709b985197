"""Follow-ups with the real model: a thread's last turn stays on its subject, and a question that
stands alone scores no worse than it does without memory (evals/followups.test.jsonl)."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from bot.config import Settings
from evals.followups import Row, evaluate, load_threads, summarise
from evals.questions import CONTENT
from evals.run import fresh_index

DOC_FLOOR = 0.65
FACT_FLOOR = 0.50


@pytest.fixture(scope="module")
def rows() -> dict[str, Row]:
    # Settings from an empty environment: the shipped defaults, never a developer's .env.
    settings = Settings.from_env({})
    with fresh_index(CONTENT, settings) as (version, embedder):
        results = evaluate(load_threads("test"), version, embedder, settings)
    found = {r.group: r for r in summarise(results)}
    print("\n" + json.dumps({g: asdict(r) for g, r in found.items()}))
    return found


@pytest.mark.slow
def test_follow_ups_stay_on_the_thread_subject(rows: dict[str, Row]) -> None:
    # Floors a little below what the test set measured on 2026-12-02 (in brackets; the last turn
    # asked alone, without memory, after the slash): an expected document cited (0.68 / 0.26),
    # fact in the answer (0.54 / 0.15), refused (0.06 / 0.32). The last release measured 0.71
    # and 0.42: more answers hold the fact, one thread fewer cites an expected document.
    # The target (issue 9): an expected document >= 0.90.
    follow = rows["follow-ups"]
    assert (follow.doc or 0) >= DOC_FLOOR
    assert (follow.fact or 0) >= FACT_FLOOR


@pytest.mark.slow
def test_standalone_questions_score_no_worse_than_without_memory(rows: dict[str, Row]) -> None:
    alone = rows["standalone"]
    assert (alone.doc or 0) >= (alone.alone_doc or 0)
    assert (alone.fact or 0) >= (alone.alone_fact or 0)
    assert (alone.refused or 0) <= (alone.alone_refused or 0)
