"""What a chat message asks for: an answer, case-study suggestions, or help."""

from __future__ import annotations

import re
from typing import Literal

from bot.professions import read_profile

Intent = Literal["help", "suggest", "ask"]
_CASE_STUDIES = re.compile(
    r"\bcase[- ]?stud(y|ies)\b|\bsuggest(ions?)?\b|\bwho (is|was) like me\b", re.I
)
_ABOUT_ME = re.compile(r"\b(I'?m|I am|I work|my (role|job|band|career|aim)|me as)\b", re.I)
_HELP = {"help", "/help", "commands", "hi", "hello", "hey", "start", "what can you do"}


def intent(text: str) -> Intent:
    """Classify a message.

    A request for case studies, or a description of oneself that names a profession
    ("I'm a band 7 radiographer, interested in a director role"), is a suggestion request;
    anything else with words in it is a question.
    """
    words = " ".join(text.split())
    if words.lower().rstrip(" !.?") in _HELP or not words.strip(" ?"):
        return "help"
    if _CASE_STUDIES.search(words):
        return "suggest"
    if _ABOUT_ME.search(words) and read_profile(words).profession and "?" not in words:
        return "suggest"
    return "ask"


def read(text: str) -> tuple[Intent, str]:
    """What a message asks for, and its text without a leading command word, if any.

    "suggest <about me>" asks for case studies and "ask <question>" for an answer ("ask" alone
    for help); anything else is classified by intent().
    """
    words = " ".join(text.split())
    word, _, rest = words.partition(" ")
    word = word.lower().lstrip("/")
    if word == "suggest":
        return "suggest", rest
    if word == "ask":
        return ("ask", rest) if rest else ("help", "")
    return intent(words), words
