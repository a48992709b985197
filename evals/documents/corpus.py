"""The corpus's questions and document profiles, and how furniture is found in a quote."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from evals.questions import Question, contains

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.jsonl"
DOCUMENTS = HERE / "documents.json"


@dataclass(frozen=True)
class DocQuestion:
    """A question about one generated document, tagged with the layout feature it exercises."""

    question: Question  # what evals.scoring judges: expected documents and facts
    document: str  # the generated file it is about
    feature: str  # e.g. "two-column", "docx-table", "accordion", "scan"
    pages: tuple[str, ...] = ()  # printed page labels that hold the answer (PDFs)
    sections: tuple[str, ...] = ()  # any one of these in the citation's section path


@dataclass(frozen=True)
class Profile:
    """What a generated document should look like once loaded."""

    name: str
    title: str | None  # the citation title should contain this
    headings: bool  # every citation from it should carry a section
    furniture: tuple[str, ...]  # literal text, or "re:" and a regular expression


def load_questions(path: Path = QUESTIONS) -> list[DocQuestion]:
    """Read the corpus questions; kinds are evals.questions kinds."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        DocQuestion(
            question=Question(
                id=row["id"],
                question=row["question"],
                kind=row["kind"],
                expected=tuple(row["expected"]),
                facts=tuple(tuple(group) for group in row["facts"]),
                own_words=row["kind"] != "direct",
                set="documents",
            ),
            document=row["document"],
            feature=row["feature"],
            pages=tuple(row.get("pages", ())),
            sections=tuple(row.get("sections", ())),
        )
        for row in rows
    ]


def load_profiles(path: Path = DOCUMENTS) -> dict[str, Profile]:
    """Each generated document's expected title, whether it has headings, and its furniture."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: Profile(name, d["title"], d["headings"], tuple(d["furniture"]))
        for name, d in data.items()
    }


def furniture_in(text: str, furniture: tuple[str, ...]) -> list[str]:
    """The furniture entries that occur in text."""
    found = []
    for entry in furniture:
        if entry.startswith("re:"):
            if re.search(entry[3:], text):
                found.append(entry)
        elif contains(text, entry):
            found.append(entry)
    return found
