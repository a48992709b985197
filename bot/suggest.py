"""Case-study matching: a person's description in, the 2–3 case studies that fit them out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.evidence import Case
from bot.professions import (
    AHP,
    HEALTHCARE_SCIENCE,
    Profile,
    group_name,
    professions_named,
    read_profile,
)
from bot.why import a, aims_shown, barriers_met, kinship, why
from bot.wording import AIM_QUESTION, ANSWER_HINT, NO_CASE_STUDIES, PROFESSION_QUESTION
from bot.wording import PROFILE_HELP as HELP
from index.embed import Embedder
from index.sentences import split_sentences
from index.store import DocumentRecord, IndexVersion

PROFESSION_BONUS = 0.5  # same profession
GROUP_BONUS = 0.25  # same professional group (e.g. another AHP)
ROLE_BONUS = 0.15  # the case study's role names the person's profession (a nurse: chief nurse)
AIM_BONUS = 0.15  # per career aim the case study shows
BARRIER_BONUS = 0.05  # per barrier the person names that the case study worked through
# (what the button says, how the reply names it)
PROFESSIONS = (
    ("nurse", "nurse"),
    ("midwife", "midwife"),
    ("AHP (physio, OT, radiographer…)", "AHP"),
    ("pharmacist", "pharmacist"),
    ("psychologist", "psychologist"),
    ("healthcare scientist", "healthcare scientist"),
    ("doctor", "doctor"),
    ("social worker", "social worker"),
)
BOARD_AIM = "a board/executive director post"
PROFESSIONAL_AIMS = {
    AHP: "a chief AHP / professional lead role",
    "nursing": "a chief nurse / director of nursing role",
    "midwifery": "a head of midwifery / chief nurse role",
    "psychology": "a director of therapies / professional lead role",
    HEALTHCARE_SCIENCE: "a lead healthcare scientist role",
    "medicine": "a clinical director role",
}
OTHER_AIMS = ("operational management", "system (ICS) leadership")
_COMMAND = re.compile(r"^/?suggest\b[:,]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    document: str
    title: str
    profession: str
    role: str
    why: str  # one truthful line built from the facts that matched
    summary: str
    url: str | None
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "profession": self.profession,
            "role": self.role,
            "why": self.why,
            "summary": self.summary,
            "url": self.url,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Clarify:
    """One short question back, when the profile lacks what matching needs."""

    question: str
    choices: tuple[str, ...]
    replies: tuple[str, ...]  # for each choice, the profile with that answer added

    @property
    def hint(self) -> str:
        """How to answer where there are no buttons."""
        return ANSWER_HINT.format(self.replies[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "choices": list(self.choices),
            "replies": list(self.replies),
        }


@dataclass(frozen=True)
class Suggestions:
    profile: str
    note: str | None  # e.g. no case study shares the profession; or help for an empty profile
    suggestions: tuple[Suggestion, ...]
    recognised: Profile | None = None
    ask: Clarify | None = None  # a question back: the profession, or the aim


def suggest(
    profile_text: str, version: IndexVersion, embedder: Embedder, k: int = 3
) -> Suggestions:
    """Rank the case studies for this person by meaning plus profession, group, aim and barrier.

    With neither a profession nor an aim there is nothing to match on, so it asks instead of
    guessing; with one of the two it suggests and asks for the other.
    """
    # A "suggest" command word (Slack passes the whole message) is not part of the profile.
    text = _COMMAND.sub("", " ".join(profile_text.split()))
    if not text:
        return Suggestions(text, HELP, (), None, ask_profession(None))
    profile = read_profile(text)
    if profile.profession is None and not profile.aims:
        return Suggestions(text, None, (), profile, ask_profession(profile))
    records = [d for d in version.documents() if d.kind == "case-study"]
    if not records:
        return Suggestions(text, NO_CASE_STUDIES, (), profile)
    cases, vectors = _cases(version, records)
    meaning = vectors @ embedder.encode([text])[0]
    ranked = sorted(
        (
            _score(profile, case, record, float(similarity))
            for case, record, similarity in zip(cases, records, meaning, strict=True)
        ),
        key=lambda s: -s.score,
    )
    ask = ask_profession(profile) if profile.profession is None else None
    if not profile.aims:
        ask = ask_aim(text, profile)
    return Suggestions(text, _note(profile, cases), tuple(_keep(ranked, k)), profile, ask)


def ask_profession(profile: Profile | None) -> Clarify:
    """Each reply keeps what the profile said that matching can use (an aim, a barrier)."""
    useful = profile is not None and bool(profile.aims or profile.barriers)
    keep = f". {profile.text}" if profile is not None and useful else ""
    replies = tuple(f"I'm {a(name)}{keep}" for _, name in PROFESSIONS)
    return Clarify(PROFESSION_QUESTION, tuple(label for label, _ in PROFESSIONS), replies)


def ask_aim(text: str, profile: Profile) -> Clarify:
    professional = PROFESSIONAL_AIMS.get(profile.group or "", "a professional lead role")
    choices = (BOARD_AIM, professional, *OTHER_AIMS)
    said = text.rstrip(".,;:!? ")
    return Clarify(AIM_QUESTION, choices, tuple(f"{said}, aiming for {c}" for c in choices))


def _keep(ranked: list[Suggestion], k: int) -> list[Suggestion]:
    """The top two always; a third only if it matched something beyond meaning."""
    kept = ranked[: min(2, k)]
    kept += [s for s in ranked[len(kept) : k] if s.score >= 0.5 * ranked[0].score]
    return kept


def _score(profile: Profile, case: Case, record: DocumentRecord, similarity: float) -> Suggestion:
    kin = kinship(profile, case)
    score = similarity + AIM_BONUS * len(aims_shown(profile, case))
    score += BARRIER_BONUS * len(barriers_met(profile, case))
    if kin == "profession":
        score += PROFESSION_BONUS
    elif kin == "group":
        score += GROUP_BONUS
    elif {profile.profession, profile.group} & professions_named(case.role):
        score += ROLE_BONUS
    return Suggestion(
        case.document,
        record.title,
        case.profession,
        case.role,
        why(profile, case),
        case.summary,
        record.url,
        score,
    )


def _note(profile: Profile, cases: list[Case]) -> str | None:
    if profile.profession is None or any(kinship(profile, c) == "profession" for c in cases):
        return None
    same_group = any(kinship(profile, c) == "group" for c in cases)
    group = group_name(profile.group or "")
    if profile.profession == group:  # only the group was named, e.g. "I'm an AHP"
        if same_group:
            return None
        return (
            f"None of the case studies is about {a(group)}; "
            "these are the closest by career aim and story."
        )
    if same_group:
        return (
            f"None of the case studies is about {a(profile.profession)}; these are the nearest, "
            f"from other {group}s."
        )
    return (
        f"None of the case studies is about {a(profile.profession)} or another "
        f"{group}; these are the closest by career aim and story."
    )


def _cases(version: IndexVersion, records: list[DocumentRecord]) -> tuple[list[Case], np.ndarray]:
    """Each case study's facts, and one vector per case study: the normalised mean of its
    passages."""
    cases, vectors = [], []
    for record in records:
        chunks = version.document_chunks(record.path)
        text = "\n".join(chunk.text for _, chunk in chunks)
        cases.append(Case.from_metadata(record.path, record.title, record.metadata, text))
        mean = version.vectors_of([row for row, _ in chunks]).mean(axis=0)
        vectors.append(mean / (np.linalg.norm(mean) or 1.0))
    return cases, np.vstack(vectors)


CASE_STUDY_SECTIONS = (
    "Journey",
    "Turning point",
    "Barriers and how they were handled",
    "Organisational support",
)


@dataclass(frozen=True)
class CaseStudy:
    """A case study's story, for "Tell me more"."""

    document: str
    title: str
    url: str | None
    sections: tuple[tuple[str, str], ...]  # (heading, text) in reading order


def case_study(version: IndexVersion, document: str) -> CaseStudy | None:
    """The journey, turning point, barriers and support of one case study, from the index."""
    record = next(
        (d for d in version.documents() if d.path == document and d.kind == "case-study"), None
    )
    if record is None:
        return None
    texts: dict[str, list[str]] = {}
    for _, chunk in version.document_chunks(document):
        heading = chunk.section[0] if chunk.section else ""
        sentences = texts.setdefault(heading, [])
        for sentence in (s for line in chunk.lines() for s in split_sentences(line)):
            if sentence not in sentences[-2:]:  # passages repeat one sentence when a section splits
                sentences.append(sentence)
    wanted = [h for h in CASE_STUDY_SECTIONS if h in texts] or [h for h in texts if h]
    sections = tuple((heading, " ".join(texts[heading])) for heading in wanted)
    return CaseStudy(document, record.title, record.url, sections)
