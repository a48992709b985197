"""Fit the answerability policy on the DEV set only: `python -m evals.calibrate [--write]`.

Builds a fresh index from the content folder with the configured model, gathers each dev
question's signals, fits a logistic model (answerable vs off-topic), and chooses the cut-offs:
answer where no more than 3% of answerable dev questions fall below, and show "the closest I
have" a little lower. `--write` saves bot/answerability.json (or --out FILE, for another model:
point LEADBOT_ANSWERABILITY at it). The test set is never read here.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bot.answer import assess
from bot.answerability import CALIBRATION, FEATURES, Policy, Signals, fit
from bot.config import Settings
from bot.question import read
from evals.questions import CONTENT, load_set
from index.build import build
from index.embed import SentenceTransformerEmbedder
from index.store import open_version

IN_SCOPE_MISSES = 0.03  # answerable dev questions allowed below the answer cut-off
CLOSEST_BAND = 0.15  # how far below the answer cut-off "the closest I have" still shows


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m evals.calibrate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--content", type=Path, default=CONTENT)
    parser.add_argument("--write", action="store_true", help="save the policy")
    parser.add_argument("--out", type=Path, default=CALIBRATION)
    args = parser.parse_args()
    settings = Settings.from_env()
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    # Clinical questions never reach the policy: a rule refuses them first.
    questions = [q for q in load_set("dev") if not read(q.question).clinical]
    with tempfile.TemporaryDirectory() as tmp:
        build(args.content, Path(tmp), embedder, max_bytes=settings.max_file_bytes)
        version, _ = open_version(Path(tmp))
        rows: list[tuple[Signals, bool]] = [
            (assess(q.question, version, embedder).signals, q.answerable) for q in questions
        ]
    policy = fit(rows)
    on = sorted(policy.probability(s) for s, answerable in rows if answerable)
    cut = on[int(IN_SCOPE_MISSES * len(on))] - 1e-6
    policy = Policy(
        policy.weights,
        policy.bias,
        round(cut, 4),
        round(max(cut - CLOSEST_BAND, 0.0), 4),
        embedder.model_id,
    )
    off = [policy.probability(s) for s, answerable in rows if not answerable]
    print(f"{len(rows)} dev questions ({len(on)} answerable, {len(off)} off-topic)")
    print(
        "weights: "
        + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, policy.weights, strict=True))
        + f", bias {policy.bias:+.2f}"
    )
    print(f"answer at p >= {policy.answer_at:.3f}; closest at p >= {policy.closest_at:.3f}")
    print(
        f"dev: answerable refused {sum(p < policy.answer_at for p in on) / len(on):.3f}, "
        f"off-topic refused {sum(p < policy.answer_at for p in off) / max(len(off), 1):.3f}"
    )
    if args.write:
        policy.save(args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
