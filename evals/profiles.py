"""Case-study suggestion quality on profiles: does the first fit, does its why name the aim, does
it ask back when (and only when) it should. `python -m evals.profiles [--baseline REV]`.

Tune on evals/profiles.dev.jsonl; report evals/profiles.test.jsonl, which was written before any
output was looked at.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "evals" / "profiles.dev.jsonl"
TEST = ROOT / "evals" / "profiles.test.jsonl"
# Floors on the test set (tests/test_suggest.py asserts them with the real model).
FIT_FLOOR = 0.9
AIM_FLOOR = 0.9


@dataclass(frozen=True)
class Profile:
    id: str
    profile: str
    fits: tuple[str, ...]  # case studies that would be a fitting first suggestion
    aim: str | None  # the stated aim, a short key
    aim_words: tuple[str, ...]  # one of these in the first why counts as naming the aim
    clarify: bool  # a question back is expected


@dataclass(frozen=True)
class Outcome:
    profile: Profile
    first: str | None  # the first suggestion's document
    why: str | None
    asked: bool

    @property
    def fits(self) -> bool:
        return self.first in self.profile.fits

    @property
    def names_aim(self) -> bool:
        why = (self.why or "").lower()
        return any(word.lower() in why for word in self.profile.aim_words)


@dataclass(frozen=True)
class Scores:
    outcomes: tuple[Outcome, ...]

    def _rate(self, hits: list[bool]) -> float:
        return sum(hits) / len(hits) if hits else 1.0

    @property
    def fit(self) -> float:
        return self._rate([o.fits for o in self.outcomes if o.profile.fits])

    @property
    def aim(self) -> float:
        return self._rate([o.names_aim for o in self.outcomes if o.profile.aim])

    @property
    def clarify(self) -> float:
        return self._rate([o.asked == o.profile.clarify for o in self.outcomes])


Suggest = Callable[[str], Any]  # profile text -> bot.suggest.Suggestions


def load_profiles(path: Path) -> list[Profile]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        Profile(
            r["id"],
            r["profile"],
            tuple(r["fits"]),
            r.get("aim"),
            tuple(r.get("aim_words") or ()),
            bool(r["clarify"]),
        )
        for r in rows
    ]


def evaluate(profiles: list[Profile], suggest: Suggest) -> Scores:
    """Run each profile through `suggest` and record what came first and whether it asked back."""
    outcomes = []
    for p in profiles:
        result = suggest(p.profile)
        first = result.suggestions[0] if result.suggestions else None
        asked = getattr(result, "ask", None) is not None  # a baseline may predate asking back
        outcomes.append(
            Outcome(p, first.document if first else None, first.why if first else None, asked)
        )
    return Scores(tuple(outcomes))


def table(name: str, scores: Scores, verbose: bool) -> str:
    lines = []
    if verbose:
        for o in scores.outcomes:
            fit = "·" if not o.profile.fits else ("✓" if o.fits else "✗")
            aim = "·" if not o.profile.aim else ("✓" if o.names_aim else "✗")
            ask = "✓" if o.asked == o.profile.clarify else "✗"
            lines.append(
                f"  {o.profile.id:4} fit {fit} aim {aim} ask {ask}  {o.profile.profile[:60]}"
            )
            lines.append(f"       {(o.first or '-').removeprefix('case-studies/')}: {o.why or '-'}")
    lines.append(
        f"{name:14} n={len(scores.outcomes):2}  first fits {scores.fit:.2f}  "
        f"why names aim {scores.aim:.2f}  asks back when it should {scores.clarify:.2f}"
    )
    return "\n".join(lines)


def baseline_suggest(revision: str) -> Callable[..., Any]:
    """bot.suggest.suggest as it was at `revision`, with that revision's bot.professions."""
    package = types.ModuleType("baseline")
    package.__path__ = []
    sys.modules["baseline"] = package
    folder = Path(tempfile.mkdtemp())
    for name in ("professions", "suggest"):
        source = subprocess.run(
            ["git", "show", f"{revision}:bot/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path = folder / f"{name}.py"
        path.write_text(source.replace("from bot.professions", "from baseline.professions"))
        spec = importlib.util.spec_from_file_location(f"baseline.{name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"baseline.{name}"] = module
        spec.loader.exec_module(module)
    function: Callable[..., Any] = sys.modules["baseline.suggest"].suggest
    return function


def real_index() -> tuple[Any, Any]:
    """A temporary index of content/ with the configured (by default the bundled) model."""
    from bot.config import Settings
    from index.build import build
    from index.embed import SentenceTransformerEmbedder
    from index.store import open_version

    embedder = SentenceTransformerEmbedder(Settings.from_env().embedding_model)
    folder = Path(tempfile.mkdtemp())
    build(ROOT / "content", folder, embedder, max_bytes=25 << 20)
    return open_version(folder)[0], embedder


def _run(function: Callable[..., Any], version: Any, embedder: Any, profile: str) -> Any:
    return function(profile, version, embedder)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="also score bot/suggest.py as at this git revision")
    parser.add_argument("-q", "--quiet", action="store_true", help="only the summary lines")
    parser.add_argument(
        "--test-rows", action="store_true", help="show the test set row by row (not for tuning)"
    )
    args = parser.parse_args(argv)
    from bot.suggest import suggest

    version, embedder = real_index()
    runs: dict[str, Callable[..., Any]] = {"now": suggest}
    if args.baseline:
        runs = {f"at {args.baseline}": baseline_suggest(args.baseline), **runs}
    for label, function in runs.items():
        print(f"== {label} ({embedder.model_id})")
        for name, path in (("dev", DEV), ("test", TEST)):
            scores = evaluate(load_profiles(path), partial(_run, function, version, embedder))
            rows = not args.quiet and (name == "dev" or args.test_rows)
            print(table(name, scores, verbose=rows))


if __name__ == "__main__":
    main()
