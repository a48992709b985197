"""Generate the realistic trust documents: `python -m evals.documents.generate [FOLDER]`.

Deterministic: byte-identical files on every run, written into FOLDER
(default var/eval-documents).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.documents import framework, office, policy, strategy, web
from evals.documents.layout import Source
from evals.questions import contains

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "var" / "eval-documents"
GENERATORS: tuple[Callable[[Path], Source], ...] = (
    strategy.generate,
    framework.generate_compendium,
    framework.generate_framework,
    policy.generate_policy,
    policy.generate_letter,
    office.generate,
    web.generate_page,
    web.generate_email,
    web.generate_note,
)


def generate(folder: Path) -> dict[str, Source]:
    """Write every document into folder; return what each holds, by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [make(folder) for make in GENERATORS]
    return {s.name: s for s in sources}


def locate(source: Source, fact: str) -> list[str]:
    """The printed page labels whose body text holds fact (paged documents only)."""
    labels = dict.fromkeys(label for label, _ in source.pages if label is not None)
    return [label for label in labels if contains(source.page_text(label), fact)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m evals.documents.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    sources = generate(args.folder)
    for name, source in sources.items():
        pages = f", {len(source.pages)} pages" if source.pages else ""
        print(f"{args.folder / name}{pages}")


if __name__ == "__main__":
    main()
