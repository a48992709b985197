"""Follow-up threads, the last turn scored with the thread's memory and alone: `python -m evals.followups`.

Each thread's turns are asked in order, each remembering the one before (`Previous.of`), and
only the last turn is scored, like a question of the main sets: fact in the answer, an expected
document cited, refused. In the same run the last turn is also asked alone (`previous=None`),
which is what the bot did before it had memory. The dev set is for tuning; the test set's misses
stay hidden unless asked for with --show-test-misses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.answer import Answer
from bot.config import Settings
from bot.followups import Previous
from evals.questions import CONTENT, ROOT, SETS, Question, document_texts, problems
from evals.report import missed
from evals.run import arguments, ask, fresh_index, warn
from evals.scoring import Outcome, metrics, score_answer
from index.embed import Embedder
from index.store import IndexVersion

KINDS = ("pronoun", "ellipsis", "why", "more", "standalone")
FOLLOWUP_KINDS = KINDS[:-1]  # read against the thread; "standalone" must not be
MAX_TURNS = 3
LEGEND = (
    "ans: fact in the last answer (threads with facts) | doc: an expected document cited | "
    "inref: refused | read: a 'Taking this as' reading was given (for standalone questions: "
    "bent towards the thread, lower is better) | A.*: the last turn asked alone, no memory"
)


@dataclass(frozen=True)
class Thread:
    """A conversation whose last turn is scored: a follow-up, or a question that stands alone."""

    id: str
    turns: tuple[str, ...]
    kind: str  # one of KINDS
    expected: tuple[str, ...]  # documents a right answer to the last turn cites
    facts: tuple[tuple[str, ...], ...]  # may be empty for "more": then only the document counts
    own_words: bool
    set: str = ""

    @property
    def last(self) -> Question:
        """The last turn as a main-set question, so it is scored exactly like one."""
        return Question(self.id, self.turns[-1], "direct", self.expected, self.facts,
                        self.own_words, set=self.set)  # fmt: skip


def load_threads(name: str, folder: Path = ROOT / "evals") -> list[Thread]:
    """followups.dev.jsonl or followups.test.jsonl, or both for "all"."""
    threads = []
    for set_name in SETS if name == "all" else (name,):
        path = folder / f"followups.{set_name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                threads.append(
                    Thread(row["id"], tuple(row["turns"]), row["kind"], tuple(row["expected"]),
                           tuple(tuple(g) for g in row["facts"]), bool(row["own_words"]), set_name)
                )  # fmt: skip
    return threads


def thread_problems(threads: Sequence[Thread], content: Path = CONTENT) -> list[str]:
    """Everything wrong with the threads against the content: empty when they are sound."""
    found: list[str] = []
    ids = [t.id for t in threads]
    found += [f"{i}: duplicate id" for i in sorted({i for i in ids if ids.count(i) > 1})]
    texts = document_texts(content)
    for t in threads:
        if t.kind not in KINDS:
            found.append(f"{t.id}: unknown kind {t.kind!r}")
        if not 2 <= len(t.turns) <= MAX_TURNS:
            found.append(f"{t.id}: {len(t.turns)} turns, not 2 to {MAX_TURNS}")
        if not t.expected or (not t.facts and t.kind != "more"):
            found.append(f"{t.id}: needs expected documents, and facts unless it is 'more'")
        found += [f"{t.id}: expected document {d} is not in {content}"
                  for d in t.expected if d not in texts and not t.facts]  # fmt: skip
    # The fact threads are checked by the main sets' own check (documents and every alternative).
    return found + problems([t.last for t in threads if t.facts], content)


@dataclass(frozen=True)
class Result:
    """One thread: its last turn with memory and alone."""

    thread: Thread
    ours: Outcome
    alone: Outcome
    taken_as: str | None  # how the bot read the last turn; None when read as it stands


def converse(turns: Sequence[str], version: IndexVersion, embedder: Embedder, settings: Settings) -> list[Answer]:  # fmt: skip
    """Ask the turns in order, each remembering the answer before."""
    answers: list[Answer] = []
    previous = None
    for text in turns:
        answers.append(ask(text, version, embedder, settings, previous))
        previous = Previous.of(answers[-1])
    return answers


def run_thread(thread: Thread, version: IndexVersion, embedder: Embedder, settings: Settings) -> Result:  # fmt: skip
    """Score the thread's last turn as the conversation answers it and as it is answered alone."""
    last = converse(thread.turns, version, embedder, settings)[-1]
    alone = ask(thread.turns[-1], version, embedder, settings)
    return Result(thread, replace(score_answer(thread.last, last), kind=thread.kind),
                  replace(score_answer(thread.last, alone), kind=thread.kind), last.taken_as)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """Shares for one group of threads, with memory (ours) and with the last turn alone."""

    group: str
    n: int
    fact: float | None  # over threads with facts
    doc: float | None
    refused: float | None
    read: float | None  # a reading was given (for standalone questions: bent)
    alone_fact: float | None
    alone_doc: float | None
    alone_refused: float | None


def row(group: str, results: Sequence[Result]) -> Row:
    """The shares of one group, from the main sets' metrics."""
    ours = metrics(group, [r.ours for r in results])
    alone = metrics(group, [r.alone for r in results])
    with_facts = [r for r in results if r.thread.facts]
    fact = metrics(group, [r.ours for r in with_facts]).fact_in_answer
    alone_fact = metrics(group, [r.alone for r in with_facts]).fact_in_answer
    read = sum(r.taken_as is not None for r in results) / len(results) if results else None
    return Row(group, len(results), fact, ours.right_document, ours.in_scope_refused, read,
               alone_fact, alone.right_document, alone.in_scope_refused)  # fmt: skip


def summarise(results: Sequence[Result]) -> list[Row]:
    """A row per kind present, then the follow-ups together (all but standalone), then overall."""
    rows = [row(k, [r for r in results if r.thread.kind == k]) for k in KINDS]
    follow = [r for r in results if r.thread.kind in FOLLOWUP_KINDS]
    return [x for x in rows if x.n] + [row("follow-ups", follow), row("overall", results)]


def evaluate(threads: Sequence[Thread], version: IndexVersion, embedder: Embedder, settings: Settings) -> list[Result]:  # fmt: skip
    """Every thread, scored with memory and alone."""
    return [run_thread(t, version, embedder, settings) for t in threads]


HEADINGS = (("n", "ans", "doc", "inref", "read"), ("A.ans", "A.doc", "A.inref"))


def _cells(values: Sequence[float | int | None]) -> str:
    return " ".join(f"{'-' if v is None else f'{v:.2f}' if isinstance(v, float) else v:>6}" for v in values)  # fmt: skip


def table(set_name: str, rows: Sequence[Row]) -> str:
    """The set's rows as printed, with memory, then the last turn alone."""
    ours, alone = HEADINGS
    header = f"{set_name + ' threads':<14}" + " ".join(f"{h:>6}" for h in ours) + " | "
    header += " ".join(f"{h:>6}" for h in alone)
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(f"{r.group:<14}" + _cells((r.n, r.fact, r.doc, r.refused, r.read)) + " | "
                     + _cells((r.alone_fact, r.alone_doc, r.alone_refused)))  # fmt: skip
    return "\n".join(lines)


def describe(result: Result, width: int = 500) -> str:
    """A thread the bot got wrong: its turns, how the last was read, and what was said."""
    t, o = result.thread, result.ours
    text = " ".join(o.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    facts = " & ".join("/".join(g) for g in t.facts) or "- (document only)"
    return (
        f"{t.id} [{t.kind}] " + " → ".join(t.turns) + "\n"
        f"    taken as: {result.taken_as!r}; alone: doc={'y' if result.alone.right_document else 'n'}"
        f" ans={'y' if result.alone.fact_in_answer else 'n'}\n"
        f"    expected {list(t.expected)}; facts {facts}\n"
        f"    answered={o.answered} ans={'y' if o.fact_in_answer else 'n'} "
        f"doc={'y' if o.right_document else 'n'} cited {list(o.documents)}\n"
        f"    {text}"
    )


def failed(result: Result) -> bool:
    """Missed on a measure: with facts, as the main sets judge it; without, the document alone."""
    if result.thread.facts:
        return missed(result.ours)
    return not (result.ours.answered and result.ours.right_document)


def main(argv: Sequence[str] | None = None) -> None:
    parser = arguments("python -m evals.followups", __doc__, "threads")
    args = parser.parse_args(argv)
    names = SETS if args.set == "all" else (args.set,)
    warn(thread_problems(load_threads(args.set), args.content))
    settings = Settings.from_env()
    with fresh_index(args.content, settings) as (version, embedder):
        results = {n: evaluate(load_threads(n), version, embedder, settings) for n in names}
    print(LEGEND)
    for name, found in results.items():
        print("\n" + table(name, summarise(found)))
    for name, found in results.items():
        if (name == "dev" and args.show_misses) or (name == "test" and args.show_test_misses):
            misses = [r for r in found if failed(r)]
            print(f"\n{len(misses)} {name} misses:")
            for result in misses:
                print(describe(result))


if __name__ == "__main__":
    main()
