"""What a question asks for, read from its wording alone: a number, a date, a who, a comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"\b(how (many|much|long|often|big)|what (number|percentage|proportion|share)|how many)\b", re.I
)
_PERCENT = re.compile(
    r"\b(what|which) (percentage|proportion|share|per ?cent)\b|\bhow many per ?cent\b", re.I
)
_DURATION = re.compile(r"\bhow long\b(?! ago)|\bfor how many (years|months)\b", re.I)
_WHEN = re.compile(r"\b(when|what year|which year|what date|how long ago|since when)\b", re.I)
_WHO = re.compile(
    r"\b(who|whom|whose|which (body|bodies|organisations?|role|people|groups?))\b", re.I
)
_WHY = re.compile(r"\b(why|how come|what for|for what reason|what (is|was) the reason)\b", re.I)
_COMPARE = re.compile(
    r"\b(vs\.?|versus|compared? (to|with)|compare|differ\w*|both|each of (them|the)|"
    r"the two \w+|(same|alike|similar) (as|to)?)\b",
    re.I,
)
# A second question joined to the first: "when was it published and who wrote it".
_SECOND_PART = re.compile(
    r"(\?.+\?)|(\b(and|also|plus|then)\b|,|;| - )\s*(what|when|who|whom|where|why|how|which|"
    r"is|are|was|were|does|did|do|has|have|can)\b",
    re.I,
)
_CLINICAL = re.compile(
    r"\b(dose|doses|dosage|dosing|mg|mcg|milligrams?|prescrib\w*|diagnos\w*|symptoms?|"
    r"side[- ]effects?|contraindicat\w*|overdose|analgesi\w*|antibiotics?|insulin|"
    r"paracetamol|ibuprofen|morphine|warfarin|sepsis|blood pressure|wound care|"
    r"(treat|manage)(ment)? (a |an |the )?(patient|condition|infection|fracture|pain|stroke))\b",
    re.I,
)
# "the Healthcare Leadership Model", "Mary Seacole programme": things a question can name.
NAMED_KINDS = (
    "model", "programme", "program", "scheme", "policy", "course", "award", "fellowship",
    "academy", "act", "charter", "standard", "standards", "toolkit", "competencies", "strategy",
    "report", "review", "survey",
)  # fmt: skip
# Staff describe the content's own documents loosely ("the 2022 leadership review"): these kinds
# name something only when written as a proper name ("the NHS Providers report"), and any of
# them stands for another ("the BMJ Leader survey" is the content's "BMJ Leader study").
PUBLICATION_KINDS = ("report", "review", "survey", "study", "evaluation", "paper")
_NAMED = re.compile(r"\b((?:[\w'’-]+\s+){1,4}(?:" + "|".join(NAMED_KINDS) + r")s?)\b", re.I)
# Words that open a question rather than a name: "what does the", "tell me about".
_LEADING = frozenset(
    [
        "a",
        "an",
        "the",
        "what",
        "which",
        "who",
        "how",
        "when",
        "where",
        "why",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "can",
        "could",
        "should",
        "would",
        "will",
        "tell",
        "me",
        "about",
        "of",
        "on",
        "in",
        "for",
        "to",
        "and",
        "or",
        "any",
        "there",
        "their",
        "our",
        "my",
        "your",
        "this",
        "that",
        "apply",
        "join",
        "get",
        "into",
    ]
)
_CAPITALISED = re.compile(
    r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z][\w'’-]+(?:\s+(?:(?:of|for|and|in|the)\s+)?[A-Z][a-z][\w'’-]+)+)"
)


@dataclass(frozen=True)
class Asks:
    """The shape of answer a question wants."""

    number: bool  # how many, how much, what percentage
    percent: bool  # what percentage, proportion or share: a number is not enough
    duration: bool  # how long: so many years or months
    when: bool
    who: bool
    why: bool
    comparison: bool
    second_part: str | None  # the words of a second question joined to the first
    clinical: bool  # a dose, a diagnosis, a treatment: not leadership content


def read(question: str) -> Asks:
    return Asks(
        number=bool(_NUMBER.search(question)),
        percent=bool(_PERCENT.search(question)),
        duration=bool(_DURATION.search(question)),
        when=bool(_WHEN.search(question)),
        who=bool(_WHO.search(question)),
        why=bool(_WHY.search(question)),
        comparison=bool(_COMPARE.search(question)),
        second_part=_second_part(question),
        clinical=bool(_CLINICAL.search(question)),
    )


def _second_part(question: str) -> str | None:
    match = _SECOND_PART.search(question)
    if match is None:
        return None
    if match.group(1):  # two question marks: the second question
        return question.split("?")[1].strip() or None
    return question[match.start(4) :].strip() or None


def named_things(question: str) -> list[tuple[str, bool]]:
    """Phrases that name a programme, model, policy or person, each with whether it is written
    as a proper name: ("Mary Seacole programme", True), ("nye bevan programme", False)."""
    found = [_trim(m.group(1)) for m in _NAMED.finditer(question)]
    found += [m.group(1) for m in _CAPITALISED.finditer(question)]
    names = [name for name in dict.fromkeys(found) if len(name.split()) >= 2]
    named = [(name, any(w[:1].isupper() for w in name.split()[:-1])) for name in names]
    return [
        (name, proper) for name, proper in named if proper or not publication_word(name.split()[-1])
    ]


def publication_word(word: str) -> bool:
    """Whether a word names a kind of publication ("report", "surveys"), any one of which
    stands for another."""
    return word.lower().rstrip("s") in PUBLICATION_KINDS


def kind_word(word: str) -> bool:
    """Whether a word is one of the kinds of thing a name ends in ("programme", "model")."""
    return word.lower().rstrip("s") in NAMED_KINDS or word.lower() in NAMED_KINDS


def _trim(phrase: str) -> str:
    words = phrase.split()
    while words and re.sub(r"['’]s$", "", words[0].lower()) in _LEADING:
        words.pop(0)
    return " ".join(words)
