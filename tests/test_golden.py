"""Answer quality with the real model over the real content (slow: loads all-MiniLM-L6-v2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_MIN_SCORE
from bot.evaluation import evaluate, load_golden
from index.build import build
from index.embed import SentenceTransformerEmbedder
from index.store import IndexVersion, open_version

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real() -> tuple[IndexVersion, SentenceTransformerEmbedder]:
    import tempfile

    embedder = SentenceTransformerEmbedder()
    folder = Path(tempfile.mkdtemp())
    report = build(ROOT / "content", folder, embedder, max_bytes=25 << 20)
    assert report.skipped == [] and report.chunks > 50
    version, _ = open_version(folder)
    return version, embedder


def test_golden_set_is_big_and_balanced_enough() -> None:
    golden = load_golden(ROOT / "tests" / "golden.jsonl")
    assert len(golden) >= 40
    assert sum(g.type == "offtopic" for g in golden) >= 10
    assert sum(g.type == "paraphrase" for g in golden) >= 10
    for item in golden:
        for document in item.expected:
            assert (ROOT / "content" / document).is_file(), document


def test_hybrid_retrieval_finds_the_right_documents(
    real: tuple[IndexVersion, SentenceTransformerEmbedder],
) -> None:
    version, embedder = real
    golden = load_golden(ROOT / "tests" / "golden.jsonl")
    report = evaluate(golden, version, embedder, min_score=DEFAULT_MIN_SCORE)
    print(f"\nrecall@5 {report.recall_at_k:.3f} MRR {report.mrr:.3f} cited {report.cited:.3f} "
          f"answered {report.answered:.3f} refused {report.refused:.3f}")  # fmt: skip
    assert report.recall_at_k >= 0.95, report.misses
    assert report.mrr >= 0.85
    assert report.cited >= 0.9
    assert report.refused >= 0.9, report.wrongly_answered


def test_hybrid_is_ahead_of_either_retriever_alone(
    real: tuple[IndexVersion, SentenceTransformerEmbedder],
) -> None:
    version, embedder = real
    golden = load_golden(ROOT / "tests" / "golden.jsonl")
    mrr = {
        mode: evaluate(golden, version, embedder, min_score=DEFAULT_MIN_SCORE, mode=mode).mrr
        for mode in ("hybrid", "dense", "lexical")
    }
    print(f"\nMRR {mrr}")
    assert mrr["hybrid"] >= mrr["dense"] and mrr["hybrid"] >= mrr["lexical"]


def test_the_command_line_answers_offline_from_a_fresh_folder(tmp_path: Path) -> None:
    """What the README's main command does: build from content/, then answer with citations."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADBOT_", "SLACK_"))}
    env |= {"LEADBOT_CONTENT_DIR": str(ROOT / "content"), "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "HF_HUB_OFFLINE": "1"}  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "bot", "index", "build", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(built.stdout)["chunks"] > 50
    questions = (
        "What are the five themes of the framework?\nWhat is the paracetamol dose for a child?\n"
    )
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        env=env, input=questions, capture_output=True, text=True, check=True,
    )  # fmt: skip
    themes, dose = (json.loads(line) for line in asked.stdout.splitlines())
    assert themes["answered"] and "[1]" in themes["answer"]
    assert (
        themes["citations"][0]["document"]
        == "framework/clinical-leadership-framework-for-action.md"
    )
    assert "talent management" in themes["answer"].lower()
    assert not dose["answered"] and dose["citations"] == []


def test_suggestions_for_a_radiographer_aiming_for_the_board(
    real: tuple[IndexVersion, SentenceTransformerEmbedder],
) -> None:
    from bot.suggest import suggest

    version, embedder = real
    result = suggest(
        "I'm a band 7 radiographer aiming for a board-level AHP role", version, embedder
    )
    assert result.note and "radiographer" in result.note
    assert 2 <= len(result.suggestions) <= 3
    top = result.suggestions[0]
    assert top.document.startswith("case-studies/physiotherapist") or "occupational" in top.document
    assert all(s.why for s in result.suggestions)
