"""Answer quality on the generated trust documents, per layout feature: `python -m evals.documents.run`.

Generates the corpus into a temporary folder (or uses --corpus), builds a LeadBot index over it
alone with the configured model, asks every question through the same entry as evals.run, and
scores facts, sections, printed pages, titles and furniture in quotes; the window baseline runs
in the same process over plain pypdf, python-docx and BeautifulSoup text.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import bm25s
import docx
import numpy as np
from bs4 import BeautifulSoup
from pypdf import PdfReader

from bot.config import Settings
from evals.baseline import Baseline, windows
from evals.documents.corpus import load_profiles, load_questions
from evals.documents.features import LEGEND, DocOutcome, judge, table
from evals.documents.generate import generate
from evals.questions import has_facts
from evals.run import ask, fresh_index, ranked_quotes
from index import lexical
from index.embed import Embedder
from index.store import IndexVersion


def plain_text(path: Path) -> str:
    """What a naive pipeline reads: pypdf page strings, python-docx paragraphs, bs4 get_text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if suffix in (".html", ".htm"):
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    return path.read_text(encoding="utf-8")


class PlainBaseline(Baseline):
    """The evals.baseline window retriever, over plain extracted text instead of LeadBot's loaders."""

    def __init__(self, embedder: Embedder, corpus: Path) -> None:
        self.embedder = embedder
        texts = {p.name: plain_text(p) for p in sorted(corpus.iterdir()) if p.is_file()}
        self.windows = [w for name, text in texts.items() for w in windows(text, name)]
        self.bm25 = bm25s.BM25()
        self.bm25.index(lexical.tokenize([w.text for w in self.windows]), show_progress=False)
        self.vectors = np.asarray(embedder.encode([w.text for w in self.windows]), np.float32)


def evaluate(
    corpus: Path, version: IndexVersion, embedder: Embedder, settings: Settings
) -> list[DocOutcome]:
    """Every corpus question, ours and the baseline's top-3 windows."""
    profiles = load_profiles()
    quotes = ranked_quotes(version, embedder)
    baseline = PlainBaseline(embedder, corpus)
    outcomes = []
    for q in load_questions():
        answer = ask(q.question.question, version, embedder, settings)
        outcome = judge(
            q, answer, None if quotes is None else quotes(q.question.question), profiles
        )
        found = "\n".join(w.text for w in baseline.search(q.question.question))
        outcomes.append(
            dataclasses.replace(outcome, baseline_top3=has_facts(found, q.question.facts))
        )
    return outcomes


def show(outcomes: Sequence[DocOutcome], misses: bool) -> None:
    print(LEGEND, end="\n\n")
    print(table(outcomes, lambda o: o.feature, "documents set, by layout feature"), end="\n\n")
    print(table(outcomes, lambda o: o.document, "by document"))
    furnished = [o for o in outcomes if o.furniture]
    if furnished:
        print(f"\nfurniture inside quotes ({len(furnished)} answers):")
        for o in furnished:
            print(f"  {o.id} {o.document}: {', '.join(o.furniture)}")
    if misses:
        for o in outcomes:
            if not (o.fact_in_answer and o.page_right is not False and not o.furniture):
                print(f"\n{o.id} [{o.feature}] ans={o.fact_in_answer} page={o.page_right}")
                print("    " + " ".join(o.text.split())[:500])
                for c in o.citations:
                    print(f"    cites {c}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m evals.documents.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, help="an already generated corpus folder")
    parser.add_argument("--show-misses", action="store_true", help="print what went wrong")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every outcome here")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            generate(corpus)
        with fresh_index(corpus, settings) as (version, embedder):
            outcomes = evaluate(corpus, version, embedder, settings)
    print(f"model {embedder.model_id}; {len(outcomes)} questions over {corpus}")
    show(outcomes, args.show_misses)
    if args.json:
        rows = [o.to_json() for o in outcomes]
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        print(f"\noutcomes written to {args.json}")


if __name__ == "__main__":
    main()
