"""Follow-ups in a thread: "and of individuals?", "what advice does he give?", "tell me more".

A follow-up is read against the previous turn without a language model. The earlier subject is
carried into the question (a profession swapped, a prepositional phrase replaced, a pronoun
named), the documents the thread was citing are preferred, and the answer says how it read
the question. A question that stands on its own is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.professions import profession_mentions

if TYPE_CHECKING:
    from bot.answer import Answer

CASE_STUDY = "Case study: "
MAX_SHOWN = 12  # quotes a thread remembers having shown

_MORE = re.compile(
    r"(and )?(tell me|say|give me|show me)? ?(more|some more|a bit more)( please| info(rmation)?"
    r"| about (it|that|this|them|him|her))?|go on|continue|keep going|anything else|what else"
    r"|and\??|more please|more info"
)
_WHY = re.compile(
    r"(but |and |so |ok |okay )?(why|why not|how come|how so|why so|so what"
    r"|why (does|did|do|is|was|would) (that|this|it)( matter| happen| so| important| the case)?"
    r"|why (that|this)|what for)"
)
# "and", "what about" and the like open a question that leans on the previous one.
_CONNECTIVE = re.compile(
    r"^(?:and|but|also|so|ok(?:ay)?(?: and)?|then|what about|how about|and what about"
    r"|and how about|what of|same for|same question for|and for)\b[,:]?\s*",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"^(of|for|to|in|about|with|at|on|from|by|among|across|within)\b", re.I)
_PERSON = re.compile(r"\b(he|she|him|his|her|hers|they|them|their)\b", re.IGNORECASE)
# "her" is possessive before a noun ("her first job"), not at the end ("what helped her?").
_POSSESSIVE = re.compile(
    r"\b(his|their)\b|\bher\b(?=\s+(?!(to|in|at|on|for|with|from|and|or|as|into|get|be|become)\b)\w)",
    re.IGNORECASE,
)
_IT = re.compile(r"\bits?\b", re.IGNORECASE)
# "it" as a dummy subject, not the document: "is it worth…", "it's hard to…", "it takes…".
_DUMMY_IT = re.compile(
    r"\bit('s| is| was| takes| took| seems| can be| helps| depends)\b"
    r"|\bis it (worth|possible|true|like|ok|okay|normal|hard|easy|better|common)\b",
    re.IGNORECASE,
)
# "the framework", "the chief AHP guide", "the Messenger review": what "it" most likely means.
_NAMED_DOCUMENT = re.compile(
    r"\bthe (\S+ ){0,4}?(framework|guide|guidance|review|report|plan|compendium|strategy|policy"
    r"|scheme|programme|study|article|evaluation|paper|standard)\b",
    re.IGNORECASE,
)
_SELF = re.compile(r"\b(i'?m|i am|as)( an?)?\s*$", re.IGNORECASE)
_OWN_SUBJECT = re.compile(r"\b(the|this|that|a|an) [a-z]{3,}", re.IGNORECASE)
_TRAILING = re.compile(r"[?.!\s]+$")


@dataclass(frozen=True)
class Previous:
    """What the next turn remembers of the last one."""

    question: str  # as the person typed it
    understood: str  # as it was read (the same, unless it was itself a follow-up)
    documents: tuple[str, ...]  # cited documents, best first
    titles: tuple[str, ...]  # their titles, in the same order
    quotes: tuple[str, ...]  # what was quoted, so "tell me more" says something new
    answered: bool

    @classmethod
    def of(cls, answer: Answer, earlier: Previous | None = None) -> Previous:
        """What to remember of an answer; a follow-up's turn also keeps what the thread showed
        before, so "tell me more" twice does not repeat itself."""
        documents: list[str] = []
        titles: list[str] = []
        for citation in answer.citations:
            if citation.document not in documents:
                documents.append(citation.document)
                titles.append(citation.title)
        return cls(
            question=answer.question,
            understood=answer.taken_as or answer.question,
            documents=tuple(documents),
            titles=tuple(titles),
            quotes=(
                *(c.quote for c in answer.citations),
                *(earlier.quotes if earlier is not None and answer.taken_as else ()),
            )[:MAX_SHOWN],
            answered=answer.answered,
        )


@dataclass(frozen=True)
class Reading:
    """How a message is read in its thread."""

    question: str  # what is searched and assessed
    taken_as: str | None  # shown as "Taking this as: …"; None for a standalone question
    prefer: tuple[str, ...] = ()  # documents the thread was about
    more: bool = False  # "tell me more": the next best passage from the same source
    shown: tuple[str, ...] = ()  # quotes the thread already showed: not repeated if avoidable


def read(text: str, previous: Previous | None) -> Reading:
    """Read a message against the previous turn of its thread, if it leans on it."""
    text = " ".join(text.split())
    if previous is None or not text:
        return Reading(text, None)
    bare = _TRAILING.sub("", text.lower())
    earlier = _TRAILING.sub("", previous.understood)
    if _MORE.fullmatch(bare) and previous.documents:
        return Reading(
            earlier, f"More on: {earlier}?", previous.documents[:1], True, previous.quotes
        )
    if _WHY.fullmatch(bare):
        return _leaning(f"Why: {earlier}?", previous, new=True)
    rest = _CONNECTIVE.sub("", text, count=1)
    connected = rest != text
    fragment = _TRAILING.sub("", rest)
    swapped = connected and (_swap_profession(earlier, fragment) or _swap_phrase(earlier, fragment))
    if swapped:
        return _leaning(swapped, previous)
    named = _name_the_subject(rest if connected else text, previous)
    if named is not None:
        return _leaning(named, previous)
    if connected and fragment:
        return _leaning(f"{earlier}, {fragment}?", previous)
    return Reading(text, None)


def _leaning(question: str, previous: Previous, *, new: bool = False) -> Reading:
    """A question read with the thread's subject; `new` for "why?", which wants what the
    thread has not yet shown."""
    question = question[:1].upper() + question[1:]
    return Reading(question, question, previous.documents, shown=previous.quotes if new else ())


def _swap_profession(earlier: str, fragment: str) -> str | None:
    """'What stops AHPs reaching the board' + 'nurses' -> 'What stops nurses reaching the board'."""
    asked = profession_mentions(fragment)
    if not asked or len(fragment.split()) > 4:
        return None
    # "im a physio, what stops AHPs…": the person's own profession is not what is asked about.
    before = [(a, b) for a, b in profession_mentions(earlier) if not _SELF.search(earlier[:a])]
    if not before:
        return None
    start, end = before[0]
    return f"{earlier[:start]}{fragment}{earlier[end:]}?"


def _swap_phrase(earlier: str, fragment: str) -> str | None:
    """'What does the framework ask of boards' + 'of individuals' -> '… ask of individuals'."""
    opening = _PREPOSITION.match(fragment)
    if opening is None:
        return None
    found = [m.start() for m in re.finditer(rf"\b{opening.group(1)}\b", earlier, re.IGNORECASE)]
    if not found:
        return None
    return f"{earlier[: found[-1]]}{fragment}?"


def _name_the_subject(text: str, previous: Previous) -> str | None:
    """'what advice does he give' -> 'what advice does the physiotherapist who became … give'."""
    if _PERSON.search(text) and (person := _person(previous)):
        named = _POSSESSIVE.sub(_possessive(person), text)
        return _PERSON.sub(person, named)
    it = _IT.search(text)
    # "whens the framewrk publshed n who wrote it": "it" has its antecedent in the question.
    own = it is not None and _OWN_SUBJECT.search(text, 0, it.start()) is not None
    if it and not own and not _DUMMY_IT.search(text) and (thing := _thing(previous)):
        return re.sub(r"\bits\b", _possessive(thing), re.sub(r"\bit\b", thing, text))
    return None


def _possessive(noun: str) -> str:
    return noun + ("'" if noun.endswith("s") else "'s")


def _person(previous: Previous) -> str | None:
    """Who "he" or "she" is: the case study the thread cited, else the profession it named."""
    for title in previous.titles:
        if title.startswith(CASE_STUDY):
            role = title.removeprefix(CASE_STUDY).replace(" to ", " who became ", 1)
            # "… director of therapies and executive lead for patient experience": the first
            # role says who it is; the rest only dilutes the question.
            return "the " + role.split(" and ", 1)[0] if " who became " in role else "the " + role
    named = profession_mentions(previous.understood)
    if named:
        start, end = named[0]
        return "the " + previous.understood[start:end]
    return None


def _thing(previous: Previous) -> str | None:
    """What "it" is: a document the last question named ("the framework"), else the one it cited."""
    if found := _NAMED_DOCUMENT.search(previous.understood):
        return found.group(0)
    if previous.titles:
        return re.sub(r"\s*\([^)]*\)\s*$", "", previous.titles[0])  # "(NHS Improvement, 2019)"
    return None
