"""Answer quality on tests/golden.jsonl: hybrid vs dense-only vs BM25-only, and the threshold.

Usage: python benchmarks/evaluate.py [--content DIR] [--calibrate]
Builds a fresh index from the content folder in a temporary directory with the configured model.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.evaluation import calibrate, evaluate, load_golden  # noqa: E402
from index.build import build  # noqa: E402
from index.embed import SentenceTransformerEmbedder  # noqa: E402
from index.store import open_version  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--golden", type=Path, default=ROOT / "tests" / "golden.jsonl")
    parser.add_argument(
        "--calibrate", action="store_true", help="print the best min_score for this model"
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    golden = load_golden(args.golden)
    with tempfile.TemporaryDirectory() as tmp:
        build(args.content, Path(tmp), embedder, max_bytes=settings.max_file_bytes)
        version, _ = open_version(Path(tmp))
        answerable = sum(bool(g.expected) for g in golden)
        print(f"{len(golden)} golden questions ({answerable} answerable, {len(golden) - answerable} off-topic), "
              f"model {embedder.model_id}, min_score {settings.min_score}")  # fmt: skip
        for mode in ("hybrid", "dense", "lexical"):
            report = evaluate(golden, version, embedder, min_score=settings.min_score, mode=mode)
            print(f"{mode:8} recall@5 {report.recall_at_k:.3f}  MRR {report.mrr:.3f}")
        report = evaluate(golden, version, embedder, min_score=settings.min_score)
        print(f"answers: answered {report.answered:.3f} of answerable, cited an expected document "
              f"{report.cited:.3f}, refused {report.refused:.3f} of off-topic")  # fmt: skip
        for question in report.misses:
            print(f"  miss: {question}")
        for question in report.wrongly_answered:
            print(f"  answered off-topic: {question}")
        if args.calibrate:
            threshold, scores = calibrate(golden, version, embedder)
            on = sorted(s for s, a in scores if a)
            off = sorted(s for s, a in scores if not a)
            print(f"calibrated min_score {threshold:.3f}; answerable best scores {on[0]:.3f}..{on[-1]:.3f}, "
                  f"off-topic {off[0]:.3f}..{off[-1]:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
