"""What LeadBot says back, before any platform renders it: one frozen type per kind of reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.core import Status
    from bot.gaps import GapReport
    from bot.suggest import CaseStudy, Suggestions
    from index.build import BuildReport
    from index.store import DocumentRecord


@dataclass(frozen=True)
class AnswerReply:
    """An answer with the id 👍/👎 and Share carry (None: not logged, so nothing to rate)."""

    answer: Answer
    answer_id: str | None
    shareable: bool = False  # seen only by the asker, who may post it in the channel
    shared_by: str | None = None  # the user who reposted it for everyone


@dataclass(frozen=True)
class SuggestionsReply:
    """Case studies that fit the person."""

    suggestions: Suggestions
    private: bool = False  # asked where others read: send it to the person's private chat


@dataclass(frozen=True)
class CaseStudyReply:
    story: CaseStudy


@dataclass(frozen=True)
class BuildReply:
    """What a reindex, removal or upload did to the index, under one line saying which."""

    headline: str
    report: BuildReport


@dataclass(frozen=True)
class SourcesReply:
    documents: Sequence[DocumentRecord]
    skipped: Sequence[dict[str, str]]
    status: Status


@dataclass(frozen=True)
class GapReply:
    report: GapReport


@dataclass(frozen=True)
class HelpReply:
    """How to use LeadBot; each platform words its own commands."""

    is_admin: bool = False


@dataclass(frozen=True)
class HomeReply:
    """The welcome or home page; admins also get the index status and the gap report."""

    examples: tuple[str, ...]
    is_admin: bool
    status: Status | None = None
    gap: GapReport | None = None


@dataclass(frozen=True)
class Notice:
    """A sentence from bot.wording (or an error message naming the fix), as plain text."""

    text: str


@dataclass(frozen=True)
class ErrorReply:
    """Something failed: the apology names the reference that is also in the log."""

    reference: str


Reply = (
    AnswerReply
    | SuggestionsReply
    | CaseStudyReply
    | BuildReply
    | SourcesReply
    | GapReply
    | HelpReply
    | HomeReply
    | Notice
    | ErrorReply
)
