"""What a person says about themselves: profession, group, specialism, career aims and barriers."""

from __future__ import annotations

import re
from dataclasses import dataclass

AHP = "AHP"
HEALTHCARE_SCIENCE = "healthcare science"
GROUP_NAMES = {
    AHP: "allied health professional",
    "nursing": "nurse",
    "midwifery": "midwife",
    "medicine": "doctor",
    "pharmacy": "pharmacy professional",
    "psychology": "psychologist",
    HEALTHCARE_SCIENCE: "healthcare scientist",
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
        HEALTHCARE_SCIENCE,
        r"\b(healthcare|clinical|biomedical) scientists?\b|\baudiolog\w*|\bphysiologists?\b|\bmedical physic\w*|\bhealthcare science\b|\bphysicists?\b",
    ),
    ("social worker", "social work", r"\bsocial work\w*"),
    ("allied health professional", AHP, r"\ballied health professionals?\b|(?-i:\bAHPs?\b)"),
)

# Healthcare science has many specialisms: an audiology story is not a pathology one.
_SPECIALISMS: tuple[tuple[str, str], ...] = (
    ("audiology", r"\baudiolog\w*|\bhearing\b"),
    (
        "pathology",
        r"\bpatholog\w*|\bbiomedical\b|\bblood scien\w*|\bhaematolog\w*|\bmicrobiolog\w*|\bbiochemist\w*|\bimmunolog\w*|\bcytolog\w*|\btransfusion\b",
    ),
    ("medical physics", r"\bmedical physic\w*|\bphysicists?\b|\bnuclear medicine\b"),
    ("physiological science", r"\b(cardiac|respiratory|clinical|neuro) ?physiolog\w*"),
    ("genomics", r"\bgene?tic\w*|\bgenomic\w*"),
)

# Career aims (names match the `aims` keys in case-study front matter where one exists). Each is
# removed from the text once read, so "a midwife aiming for chief nurse" is a midwife.
_AIMS: tuple[tuple[str, str], ...] = (
    (
        "reporting to the chief executive",
        r"\breport(s|ing)?( directly)? to (the )?(CEO|chief exec\w*)",
    ),
    (
        "director of AHPs",
        r"\b(director|head|lead|chief) (of )?(allied health|AHPs?|therapies)\b|(?-i:\bAHP (director|lead)|\bchief AHP|\bCAHPO?\b)|(?<=\bboard[- ]level )(AHP|allied)",
    ),
    ("chief nurse", r"\bchief nurse\b|\bdirector of nursing\b|\bnurse director\b"),
    ("chief executive", r"\b(deputy )?chief exec(utive)?\b|(?-i:\b(deputy )?CEO\b)"),
    (
        "executive director",
        r"\bexec(utive)?[- ](director|team|level|role|post|board)s?\b|\bmedical director\b|\bdirector (post|role|level|job)\b|\bboard/executive\b",
    ),
    ("board", r"\bboard\b"),
    (
        "operational management",
        r"\boperation(al|s)\b|(?-i:\bops\b)|\bgeneral manag\w*|\bmanagement\b|\bservice manager\b|\bchief operating officer\b|(?-i:\bCOO\b)",
    ),
    ("clinical director", r"\bclinical director\b"),
    (
        "healthcare science lead",
        r"\blead (healthcare )?scientist\b|\bchief scientist\b|\blead(ing)? (healthcare )?science\b",
    ),
    (
        "professional lead",
        r"\bprofessional lead\b|\bhead of (service|profession|midwifery)\b|\bprofessional (leadership|head)\b",
    ),
    (
        "system leadership",
        r"(?-i:\bICSs?\b|\bICBs?\b|\bSTPs?\b)|\bintegrated care\b|\bsystems?[- ](leader\w*|level|wide|role)\b|\bsustainability and transformation\b",
    ),
    ("national role", r"\bnational\b|\bregional\b|\bprofessional body\b"),
    (
        "clinical academic",
        r"\bclinical academic\b|\bacademic\b|\bresearch\w*|\bph\.?d\b|\bdoctorate\b|\blectur\w*",
    ),
    (
        "part-time",
        r"\bpart[- ]?time\b|\bflexible working\b|\bjob[- ]?shar\w*|\bless than full[- ]time\b|(?-i:\bLTFT\b)",
    ),
)

# Barriers a person may name, matched against what each case study worked through.
_BARRIERS: tuple[tuple[str, str], ...] = (
    (
        "confidence",
        r"\bconfiden\w*|\bself[- ]?belief\b|\bimpost[eo]r\b|\bself[- ]?doubt\b|\bnot good enough\b",
    ),
    (
        "board vote",
        r"\bvot(e|es|ing)\b|\bno (seat|voice|say) (at|on) (the )?board\b|\bboard seat\b",
    ),
    (
        "standing",
        r"\bjust an? (therapist|physio\w*|AHP|OT|radiographer|dietitian|scientist)\b|\bnot taken seriously\b|\bmedically[- ]led\b|\bmedics\b|\bsecond[- ]class\b",
    ),
    (
        "glass ceiling",
        r"\bglass ceiling\b|\bno (posts?|jobs?|roles?) above\b|\bstuck\b|\bno (clear )?(career )?(path|pathway|progression)\b|\bplateau\w*",
    ),
    (
        "sideways move",
        r"\bsideways\b|\blateral\b|\bdiagonal\b|\blower (band|grade)\b|\bstep(ping)? down\b|\bdrop (a|down a) band\b|\bpay cut\b",
    ),
    (
        "work-life balance",
        r"\bwork[- –]?life\b|\bkids\b|\bchildren\b|\bchildcare\b|\bcarers?\b|\bcaring\b|\bfamily\b|\bpart[- ]?time\b",
    ),
    (
        "clinical identity",
        r"\bpatient contact\b|\bmiss(ing)? (clinical|patients)\b|\bclinical (credibility|identity)\b|\bstop(ping)? being clinical\b|\bhands[- ]on\b",
    ),
    ("support", r"\bmentors?\b|\bcoach\w*|\bsponsors?\b|\bno support\b|\bunsupported\b"),
    ("isolation", r"\blonely\b|\bisolat\w*"),
    (
        "qualifications",
        r"\bno degree\b|\b(don't|do not) have a degree\b|\bwithout a degree\b|\bnon[- ]graduate\b|\bnot a graduate\b|\bA[- ]levels?\b",
    ),
)
_BAND = re.compile(r"\bband\s*([2-9][a-d]?)\b", re.IGNORECASE)


def _compile(table: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in table]


_COMPILED = [(n, g, re.compile(p, re.IGNORECASE)) for n, g, p in _PROFESSIONS]
_COMPILED_AIMS = _compile(_AIMS)
_COMPILED_BARRIERS = _compile(_BARRIERS)
_COMPILED_SPECIALISMS = _compile(_SPECIALISMS)

# Words worth correcting when misspelt ("radiogrpher", "dietitan"): long enough that one slip
# (two in very long words) cannot turn an ordinary word into one of them.
_VOCABULARY = frozenset(
    [
        "radiographer",
        "radiography",
        "sonographer",
        "physiotherapist",
        "physiotherapy",
        "dietitian",
        "dietetics",
        "podiatrist",
        "podiatry",
        "paramedic",
        "midwife",
        "midwifery",
        "midwives",
        "pharmacist",
        "pharmacy",
        "psychologist",
        "psychology",
        "occupational",
        "therapist",
        "therapists",
        "orthoptist",
        "osteopath",
        "prosthetist",
        "orthotist",
        "audiologist",
        "audiology",
        "scientist",
        "scientists",
        "biomedical",
        "pathology",
        "physiologist",
        "physicist",
        "nursing",
        "matron",
        "social",
        "worker",
        "doctor",
        "consultant",
        "surgeon",
        "physician",
        "psychiatrist",
        "anaesthetist",
        "registrar",
        "practitioner",
        "language",
        "speech",
        "operational",
        "operations",
        "management",
        "director",
        "executive",
        "national",
        "academic",
        "research",
        "confidence",
    ]
)
# Ordinary words one slip away from those, left alone.
_ORDINARY = frozenset(
    [
        "therapy",
        "therapies",
        "science",
        "sciences",
        "scientific",
        "physiology",
        "physiological",
        "physics",
        "physical",
        "manager",
        "managers",
        "managing",
        "directors",
        "directorate",
        "directing",
        "directly",
        "operating",
        "operation",
        "practice",
        "practical",
        "practising",
        "consulting",
        "consultancy",
        "socially",
        "working",
        "workers",
        "nurses",
        "doctors",
        "nationally",
        "researcher",
        "academics",
        "confident",
    ]
)
_WORDS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Profile:
    """What was recognised in a person's description of themselves."""

    text: str
    # e.g. "radiographer"; "allied health professional" when only the group is known
    profession: str | None
    group: str | None  # e.g. "AHP"
    aims: tuple[str, ...]
    band: str | None
    specialism: str | None = None  # healthcare science only, e.g. "pathology"
    barriers: tuple[str, ...] = ()


def read_profile(text: str) -> Profile:
    """Recognise profession, group, aims, barriers and band; aims are removed before the
    profession is read, so 'a midwife aiming to be chief nurse' is a midwife, not a nurse."""
    rest = corrected = correct_spelling(text)
    aims: list[str] = []
    for name, pattern in _COMPILED_AIMS:
        if pattern.search(rest):
            aims.append(name)
            rest = pattern.sub(" ", rest)
    barriers = tuple(name for name, pattern in _COMPILED_BARRIERS if pattern.search(corrected))
    band = _BAND.search(text)
    band_name = band.group(1) if band else None
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
        return Profile(text, None, None, tuple(aims), band_name, None, barriers)
    name, group, _ = _COMPILED[found[2]]
    specialism = specialism_of(corrected) if group == HEALTHCARE_SCIENCE else None
    return Profile(text, name, group, tuple(aims), band_name, specialism, barriers)


def professions_named(text: str) -> set[str]:
    """Every profession and group a text names: 'chief nurse' names nurse and nursing."""
    found = {(name, group) for name, group, pattern in _COMPILED if pattern.search(text)}
    return {name for name, _ in found} | {group for _, group in found}


def profession_mentions(text: str) -> list[tuple[int, int]]:
    """Where a text names a profession or group, as (start, end) spans in reading order."""
    spans = sorted(m.span() for _, _, pattern in _COMPILED for m in pattern.finditer(text))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def specialism_of(text: str) -> str | None:
    """'clinical scientist (audiology)' -> 'audiology'; None when no specialism is named."""
    return next((name for name, pattern in _COMPILED_SPECIALISMS if pattern.search(text)), None)


def correct_spelling(text: str) -> str:
    """Replace a near miss of a profession or aim word with the word itself."""
    return _WORDS.sub(lambda m: _nearest(m.group()) or m.group(), text)


def _nearest(word: str) -> str | None:
    lower = word.lower()
    known = _VOCABULARY | _ORDINARY
    if len(lower) < 6 or lower in known or lower.rstrip("s") in known:
        return None
    allowed = 1 if len(lower) < 10 else 2
    best = min(_VOCABULARY, key=lambda known: _distance(lower, known, allowed + 1))
    return best if _distance(lower, best, allowed + 1) <= allowed else None


def _distance(a: str, b: str, cap: int) -> int:
    """Edit distance with adjacent transpositions, giving up (returning `cap`) beyond `cap`."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        if min(row) >= cap:
            return cap
        previous2, previous = previous, row
    return min(previous[-1], cap)


def group_name(group: str) -> str:
    """'AHP' -> 'allied health professional'."""
    return GROUP_NAMES.get(group, group)
