"""Answer quality on the dev and test sets, ours beside the window baseline: `python -m evals.run`.

Builds a fresh index from the content folder in a temporary directory with the configured model.
The dev set is for tuning; the test set is for reporting only, so its misses stay hidden unless
asked for with --show-test-misses.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import bot.answer
from bot.answer import Answer
from bot.config import Settings
from bot.followups import Previous
from evals.baseline import Baseline
from evals.overlap import summarise as summarise_overlap
from evals.questions import CONTENT, SETS, load_set, problems
from evals.report import LEGEND, Report, SetComparison, describe_miss, missed, table
from evals.retrieval import K, Retrieval, measure
from evals.scoring import TOP_QUOTES, QuotesFn, score, summarise
from index.build import build
from index.embed import Embedder, SentenceTransformerEmbedder
from index.store import IndexVersion, open_version


@contextmanager
def fresh_index(content: Path, settings: Settings) -> Iterator[tuple[IndexVersion, Embedder]]:
    """The configured model, and an index built from content in a temporary folder."""
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    with tempfile.TemporaryDirectory() as tmp:
        build(content, Path(tmp), embedder, max_bytes=settings.max_file_bytes)
        version, _ = open_version(Path(tmp))
        yield version, embedder


def ask(
    question: str, version: IndexVersion, embedder: Embedder, settings: Settings,
    previous: Previous | None = None,
) -> Answer:  # fmt: skip
    """The one call into the answer core, so a change to its signature is a one-line fix here."""
    return bot.answer.answer(
        question, version, embedder, policy=settings.answerability, previous=previous
    )


def answer_settings(settings: Settings) -> str:
    """What, besides the model, decides whether the bot answers: printed with the report."""
    policy = settings.answerability
    return f"answer at p >= {policy.answer_at}, closest passage at p >= {policy.closest_at}"


def ranked_quotes(version: IndexVersion, embedder: Embedder) -> QuotesFn | None:
    """bot.answer.top_quotes bound to this index, or None while the answer core lacks it."""
    top_quotes = getattr(bot.answer, "top_quotes", None)
    if top_quotes is None:
        return None
    return lambda question: list(top_quotes(question, version, embedder, k=TOP_QUOTES))


def evaluate(
    set_names: Sequence[str], version: IndexVersion, embedder: Embedder, settings: Settings,
    content: Path = CONTENT,
) -> Report:  # fmt: skip
    """Score the named sets for the bot and the baseline, with the wording-overlap figures."""
    baseline = Baseline(embedder, content)
    quotes = ranked_quotes(version, embedder)
    comparisons = []
    everything = []
    retrieval: list[Retrieval] = []
    for name in set_names:
        questions = load_set(name)
        everything += questions
        retrieval += measure(name, questions, version, embedder)
        ours = score(questions, lambda q: ask(q, version, embedder, settings), quotes)
        theirs = baseline.score(questions)
        comparisons.append(
            SetComparison(name, summarise(name, ours), summarise(name, theirs), tuple(ours), tuple(theirs))
        )  # fmt: skip
    return Report(
        model=embedder.model_id,
        settings=answer_settings(settings),
        quotes_source="bot.answer.top_quotes" if quotes else "answer citations (fallback)",
        sets=tuple(comparisons),
        overlap=tuple(summarise_overlap(everything, content)),
        retrieval=tuple(retrieval),
    )


def show(report: Report, *, misses: bool, test_misses: bool) -> None:
    """Print the tables, the overlap figures and, if asked, the misses."""
    print(f"model {report.model}; {report.settings}; quotes from {report.quotes_source}")
    print(LEGEND)
    for comparison in report.sets:
        print()
        print(table(comparison))
    print("\nquestion words found in the expected documents (share of non-stopword stems):")
    for o in report.overlap:
        print(f"  {o.group:<18} n={o.n:<4} {o.mean:.2f}")
    print(f"\npassage search alone: the first expected document's rank in the top {K}")
    for r in report.retrieval:
        print(f"  {r.set:<5} {r.mode:<8} recall@{K} {r.recall_at_k:.2f}  MRR {r.mrr:.2f}")
    for comparison in report.sets:
        if (comparison.set == "dev" and misses) or (comparison.set == "test" and test_misses):
            questions = {q.id: q for q in load_set(comparison.set)}
            failed = [o for o in comparison.outcomes if missed(o)]
            print(f"\n{len(failed)} {comparison.set} misses:")
            for outcome in failed:
                print(describe_miss(outcome, questions[outcome.id]))


def warn(found: Sequence[str]) -> None:
    """Print a set's problems against the content, to stderr."""
    # Scored anyway: a fact the content no longer holds shows up as a miss, and this says why.
    for problem in found:
        print(f"warning: {problem}", file=sys.stderr)


def arguments(prog: str, doc: str | None, items: str) -> argparse.ArgumentParser:
    """The options every evaluation runner takes: which set, which content, which misses."""
    parser = argparse.ArgumentParser(prog=prog, description=(doc or "").split("\n")[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--content", type=Path, default=CONTENT)
    parser.add_argument("--show-misses", action="store_true", help=f"print failed DEV {items}")
    parser.add_argument(
        "--show-test-misses", action="store_true", help=f"also print failed TEST {items}"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = arguments("python -m evals.run", __doc__, "questions")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the full report here")
    args = parser.parse_args(argv)
    names = SETS if args.set == "all" else (args.set,)
    warn(problems(load_set(args.set), args.content))
    settings = Settings.from_env()
    with fresh_index(args.content, settings) as (version, embedder):
        report = evaluate(names, version, embedder, settings, args.content)
    show(report, misses=args.show_misses, test_misses=args.show_test_misses)
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
        print(f"\nreport written to {args.json}")


if __name__ == "__main__":
    main()
