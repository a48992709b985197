"""Why a case study fits a person: who it is, what of their aim it shows, the barrier it
overcame, and plainly what differs — all from that case study's own facts (bot/evidence.py)."""

from __future__ import annotations

from typing import Literal

from bot.evidence import (
    AIM_GAPS,
    AIM_ORDER,
    BARRIER_LABELS,
    BARRIER_RULES,
    Case,
    aim_shown,
    first_said,
)
from bot.professions import AHP, GROUP_NAMES, Profile, read_profile, specialism_of

Kinship = Literal["profession", "group", "none"]
# "Also an AHP", not "Also an allied health professional"
_SHORT_GROUP = {**GROUP_NAMES, AHP: "AHP"}


def aims_shown(profile: Profile, case: Case) -> dict[str, str]:
    """The person's aims this story shows, each with what it says (most specific first)."""
    ordered = sorted(profile.aims, key=lambda a: AIM_ORDER.index(a) if a in AIM_ORDER else 99)
    return {a: said for a in ordered if (said := aim_shown(a, case))}


def barriers_met(profile: Profile, case: Case) -> dict[str, str]:
    return {
        b: said for b in profile.barriers if (said := first_said(BARRIER_RULES.get(b, ()), case))
    }


def kinship(profile: Profile, case: Case) -> Kinship:
    """Same profession (and, in healthcare science, same specialism), same group, or neither."""
    if profile.profession is None:
        return "none"
    recognised = read_profile(case.profession)
    same = profile.profession == recognised.profession or (
        profile.profession.lower() in case.profession.lower()
    )
    theirs, ours = profile.specialism, specialism_of(case.profession)
    if same and (theirs == ours or (theirs is None and ours is None)):
        return "profession"
    if profile.group and profile.group == (recognised.group or case.group):
        return "group"
    return "none"


def why(profile: Profile, case: Case) -> str:
    """One line: who the case study is, what of the person's aim it shows, the barrier it
    overcame, and plainly what differs."""
    kin = kinship(profile, case)
    if kin == "profession":
        line = f"Also {a(case.profession)} who became {case.role}"
    elif kin == "group":
        group = read_profile(case.profession).group or case.group
        line = f"Also {a(_SHORT_GROUP.get(group, group))} — {a(case.profession)} who became {case.role}"
    else:
        line = f"{a(case.profession, capital=True)} who became {case.role}"
    shown = aims_shown(profile, case)
    if shown:
        line += ": " + next(iter(shown.values()))
    sentences = [line]
    for barrier, said in list(barriers_met(profile, case).items())[:1]:
        if said not in line:
            sentences.append(f"On {BARRIER_LABELS[barrier]}: {said}")
    for difference in _differences(profile, case, kin, shown):
        if difference.lower() not in " ".join(sentences).lower():
            sentences.append(difference)
    return ". ".join(s[0].upper() + s[1:] for s in sentences) + "."


def _differences(profile: Profile, case: Case, kin: Kinship, shown: dict[str, str]) -> list[str]:
    found = []
    theirs, ours = profile.specialism, specialism_of(case.profession)
    if kin == "group" and theirs and ours and theirs != ours:
        found.append(f"A different specialism: {ours}, not {theirs}")
    elif kin == "none" and profile.profession:
        found.append(f"A different profession: {case.profession}, not {profile.profession}")
    for aim in profile.aims:
        gap = first_said(AIM_GAPS.get(aim, ()), case)
        if gap and (aim not in shown or aim in ("board", "executive director")):
            found.append(gap)
            break
    return found


def a(noun: str, capital: bool = False) -> str:
    """'a physiotherapist', 'an occupational therapist', 'an AHP'."""
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"{article.capitalize() if capital else article} {noun}"
