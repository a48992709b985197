"""What a person says about themselves: profession, professional group and career aim."""

from __future__ import annotations

import re
from dataclasses import dataclass

AHP = "AHP"
GROUP_NAMES = {
    AHP: "allied health professional",
    "nursing": "nurse",
    "midwifery": "midwife",
    "medicine": "doctor",
    "pharmacy": "pharmacy professional",
    "psychology": "psychologist",
    "healthcare science": "healthcare scientist",
    "social work": "social worker",
}

# (profession, group, pattern). Order matters: specific before general ("art therapist" before
# "therapist"). Patterns are case-insensitive except where an acronym needs its capitals.
_PROFESSIONS: tuple[tuple[str, str, str], ...] = (
    ("art therapist", AHP, r"\bart (psycho)?therap\w*"),
    ("drama therapist", AHP, r"\bdrama ?therap\w*"),
    ("music therapist", AHP, r"\bmusic therap\w*"),
    ("dietitian", AHP, r"\bdieti[tc]ians?\b|\bdietetics?\b"),
    ("occupational therapist", AHP, r"\boccupational therap\w*|(?-i:\bOTs?\b)"),
    (
        "operating department practitioner",
        AHP,
        r"\boperating department practitioners?\b|(?-i:\bODPs?\b)",
    ),
    ("orthoptist", AHP, r"\borthopt\w*"),
    ("osteopath", AHP, r"\bosteopath\w*"),
    ("paramedic", AHP, r"\bparamedics?\b"),
    ("physiotherapist", AHP, r"\bphysio(therap\w*|s)?\b"),
    ("podiatrist", AHP, r"\bpodiatr\w*|\bchiropod\w*"),
    ("prosthetist or orthotist", AHP, r"\bprosthetists?\b|\borthotists?\b"),
    ("radiographer", AHP, r"\bradiograph\w*|\bsonographers?\b"),
    (
        "speech and language therapist",
        AHP,
        r"\bspeech (and|&) language therap\w*|\bspeech therapists?\b|(?-i:\bSA?LTs?\b)",
    ),
    ("GP", "medicine", r"(?-i:\bGPs?\b)|\bgeneral practitioners?\b"),
    (
        "doctor",
        "medicine",
        r"\bdoctors?\b|\bconsultant (physician|surgeon|psychiatrist|anaesthetist|radiologist)s?\b|\bsurgeons?\b|\bphysicians?\b|\bpsychiatrists?\b|\banaesthetists?\b|\bregistrars?\b|\bmedics?\b",
    ),
    ("midwife", "midwifery", r"\bmidwi(fe|ves|fery)\b"),
    (
        "nurse",
        "nursing",
        r"\bnurs(e|es|ing)\b|\bmatrons?\b|\bward (sister|manager)s?\b|\bhealth visitors?\b|(?-i:\bRGN\b|\bRMN\b)",
    ),
    ("pharmacist", "pharmacy", r"\bpharmac(ist|ists|y)\b"),
    ("psychologist", "psychology", r"\bpsycholog\w*"),
    (
        "healthcare scientist",
        "healthcare science",
        r"\b(healthcare|clinical|biomedical) scientists?\b|\baudiolog\w*|\bphysiologists?\b|\bmedical physic\w*|\bhealthcare science\b",
    ),
    ("social worker", "social work", r"\bsocial work\w*"),
    ("allied health professional", AHP, r"\ballied health professionals?\b|(?-i:\bAHPs?\b)"),
)

# Career aims, matched against the `aims` of each case study's front matter.
_AIMS: tuple[tuple[str, str], ...] = (
    (
        "director of AHPs",
        r"\b(director|head|lead|chief) (of )?(allied health|AHPs?)\b|(?-i:\bAHP (director|lead)|\bchief AHP)|\bboard[- ]level (AHP|allied)",
    ),
    ("chief nurse", r"\bchief nurse\b|\bdirector of nursing\b|\bnurse director\b"),
    ("chief executive", r"\b(deputy )?chief executive\b|(?-i:\b(deputy )?CEO\b)"),
    ("executive director", r"\bexecutive (director|team|level)\b|\bexec(utive)? role\b"),
    ("board", r"\bboard\b"),
    (
        "operational management",
        r"\boperation(al|s)\b|\bgeneral manag\w*|\bmanagement\b|\bchief operating officer\b|(?-i:\bCOO\b)",
    ),
    ("clinical director", r"\bclinical director\b"),
    ("professional lead", r"\bprofessional lead\b|\bhead of (service|therapies|profession)\b"),
    ("healthcare science lead", r"\blead (healthcare )?scientist\b|\bchief scientist\b"),
    ("national role", r"\bnational\b|\bregional\b"),
)
_BAND = re.compile(r"\bband\s*([2-9][a-d]?)\b", re.IGNORECASE)
_COMPILED = [
    (name, group, re.compile(pattern, re.IGNORECASE)) for name, group, pattern in _PROFESSIONS
]
_COMPILED_AIMS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _AIMS]


@dataclass(frozen=True)
class Profile:
    """What was recognised in a person's description of themselves."""

    text: str
    profession: (
        str | None
    )  # e.g. "radiographer"; "allied health professional" when only the group is known
    group: str | None  # e.g. "AHP"
    aims: tuple[str, ...]
    band: str | None


def read_profile(text: str) -> Profile:
    """Recognise profession, group, aims and band; aims are removed before the profession is read,
    so 'a midwife aiming to be chief nurse' is a midwife, not a nurse."""
    aims: list[str] = []
    rest = text
    for name, pattern in _COMPILED_AIMS:
        if pattern.search(text):
            aims.append(name)
            rest = pattern.sub(" ", rest)
    band = _BAND.search(text)
    # The first profession named wins, but a named profession beats the bare group ("AHP").
    found = min(
        (
            (name == GROUP_NAMES[AHP], match.start(), index)
            for index, (name, _, pattern) in enumerate(_COMPILED)
            if (match := pattern.search(rest))
        ),
        default=None,
    )
    if found is None:
        return Profile(text, None, None, tuple(aims), band.group(1) if band else None)
    name, group, _ = _COMPILED[found[2]]
    return Profile(text, name, group, tuple(aims), band.group(1) if band else None)


def group_name(group: str) -> str:
    """'AHP' -> 'allied health professional'."""
    return GROUP_NAMES.get(group, group)
