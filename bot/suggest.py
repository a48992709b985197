"""Case-study matching: a person's description in, the 2–3 case studies that fit them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.professions import Profile, group_name, read_profile
from index.embed import Embedder
from index.sentences import split_sentences
from index.store import DocumentRecord, IndexVersion

PROFESSION_BONUS = 0.5  # same profession
GROUP_BONUS = 0.25  # same professional group (e.g. another AHP)
AIM_BONUS = 0.15  # per career aim the case study speaks to
HELP = (
    "Tell me a little about yourself — your profession, band and the role you're aiming for — "
    "for example \u201cI'm a band 7 radiographer aiming for a board-level AHP role\u201d."
)


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
class Suggestions:
    profile: str
    note: str | None  # e.g. no case study shares the profession; or help for an empty profile
    suggestions: tuple[Suggestion, ...]
    recognised: Profile | None = None


def suggest(
    profile_text: str, version: IndexVersion, embedder: Embedder, k: int = 3
) -> Suggestions:
    """Rank the case studies for this person by meaning plus profession, group and aim."""
    text = " ".join(profile_text.split())
    if not text:
        return Suggestions(text, HELP, ())
    profile = read_profile(text)
    cases = [d for d in version.documents() if d.kind == "case-study"]
    if not cases:
        return Suggestions(text, "There are no case studies in the content yet.", (), profile)
    meaning = _case_vectors(version, cases) @ embedder.encode([text])[0]
    ranked = sorted(
        (
            _score(profile, case, float(similarity))
            for case, similarity in zip(cases, meaning, strict=True)
        ),
        key=lambda s: -s.score,
    )
    return Suggestions(text, _note(profile, cases), tuple(_keep(ranked, k)), profile)


def _keep(ranked: list[Suggestion], k: int) -> list[Suggestion]:
    """The top two always; a third only if it matched something beyond meaning."""
    kept = ranked[: min(2, k)]
    kept += [s for s in ranked[len(kept) : k] if s.score >= 0.5 * ranked[0].score]
    return kept


def _score(profile: Profile, case: DocumentRecord, similarity: float) -> Suggestion:
    meta = case.metadata
    profession = str(meta.get("profession") or "clinician")
    group = str(meta.get("profession_group") or "")
    role = str(meta.get("role") or case.title)
    aims = [a for a in profile.aims if a in (meta.get("aims") or [])]
    score = similarity + AIM_BONUS * len(aims)
    if profile.profession and _same_profession(profile.profession, profession):
        score += PROFESSION_BONUS
        who = f"Also {_a(profession)}"
    elif profile.group and group == profile.group:
        score += GROUP_BONUS
        who = f"A fellow {group_name(group)} ({_a(profession)})"
    else:
        who = _a(profession, capital=True)
    why = f"{who} who became {role}"
    if aims:
        why += f" — speaks to your aim: {_join(aims)}"
    summary = str(meta.get("summary") or "")
    return Suggestion(case.path, case.title, profession, role, why + ".", summary, case.url, score)


def _same_profession(theirs: str, case: str) -> bool:
    """Compare as recognised professions, so an audiologist matches 'clinical scientist (audiology)'."""
    recognised = read_profile(case).profession
    return theirs == recognised or theirs.lower() in case.lower() or case.lower() in theirs.lower()


def _note(profile: Profile, cases: list[DocumentRecord]) -> str | None:
    if profile.profession is None:
        return "Tell me your profession too and I can match case studies more closely."
    professions = [str(c.metadata.get("profession") or "") for c in cases]
    if any(_same_profession(profile.profession, p) for p in professions):
        return None
    same_group = any(c.metadata.get("profession_group") == profile.group for c in cases)
    group = group_name(profile.group or "")
    if profile.profession == group:  # only the group was named, e.g. "I'm an AHP"
        if same_group:
            return None
        return (
            f"None of the case studies is about {_a(group)}; "
            "these are the closest by career aim and story."
        )
    if same_group:
        return (
            f"None of the case studies is about {_a(profile.profession)}; these are the nearest, "
            f"from other {group}s."
        )
    return (
        f"None of the case studies is about {_a(profile.profession)} or another "
        f"{group}; these are the closest by career aim and story."
    )


def _a(noun: str, capital: bool = False) -> str:
    """'a physiotherapist', 'an occupational therapist'."""
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"{article.capitalize() if capital else article} {noun}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _case_vectors(version: IndexVersion, cases: list[DocumentRecord]) -> np.ndarray:
    """One vector per case study: the normalised mean of its passages."""
    vectors = []
    for case in cases:
        rows = [row for row, _ in version.document_chunks(case.path)]
        mean = version.vectors_of(rows).mean(axis=0)
        vectors.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.vstack(vectors)


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
