"""Slack views for help, App Home and admins: index status, gap report, sources, build results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from bot import wording
from bot.slack.mrkdwn import (
    MAX_BLOCKS,
    MAX_HOME_BLOCKS,
    Block,
    cap,
    clip,
    count,
    escape,
    header,
    list_sections,
    section,
)

if TYPE_CHECKING:
    from bot.core import Status
    from bot.slack.failures import Failure
    from index.build import BuildReport
    from index.store import DocumentRecord


class DownvotedLike(Protocol):
    """One down-voted answer in the gap report."""

    @property
    def question(self) -> str: ...
    @property
    def documents(self) -> Sequence[str]: ...
    @property
    def down(self) -> int: ...
    @property
    def up(self) -> int: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class GapReportLike(Protocol):
    """What staff asked that the content could not answer well (bot.gaps.GapReport)."""

    @property
    def since(self) -> str: ...
    @property
    def questions(self) -> int: ...
    @property
    def unanswered(self) -> int: ...
    @property
    def top_unanswered(self) -> Sequence[tuple[str, int]]: ...
    @property
    def downvoted(self) -> Sequence[DownvotedLike]: ...


# -- App Home and admin ----------------------------------------------------------------------

# The framework's title in bold, as Slack users see it elsewhere.
ABOUT = wording.ABOUT.replace(wording.FRAMEWORK, f"*{wording.FRAMEWORK}*", 1)
SUGGEST, COMMANDS = wording.SLACK_SUGGEST, wording.SLACK_COMMANDS
ADMIN_COMMANDS = wording.SLACK_ADMIN_COMMANDS


def help_text() -> str:
    """How to use LeadBot in Slack, as mrkdwn."""
    admin = ADMIN_COMMANDS.replace("*Admin commands*", "*Admin commands* (admins only)", 1)
    return escape(f"{ABOUT}\n\n{COMMANDS}\n\n{SUGGEST}\n\n{admin}")


def home_view(
    status: Status | None,
    gap: GapReportLike | None,
    is_admin: bool,
    examples: list[str],
    failures: Sequence[Failure] = (),
) -> dict[str, Any]:
    """The App Home tab; admins also see the index status, the gap report and admin commands."""
    blocks = [header("LeadBot — NHS clinical leadership"), section(escape(ABOUT))]
    if examples:
        lines = [f"• {escape(clip(example))}" for example in examples]
        blocks += list_sections("*Try asking*", lines, max_lines=10)
    blocks += [section(escape(SUGGEST)), section(escape(COMMANDS))]
    if is_admin:
        blocks += [{"type": "divider"}, header("Admin"), section(_status_text(status))]
        if status and status.warnings:
            warnings = [f"• {escape(clip(w))}" for w in status.warnings]
            blocks += list_sections("*Warnings*", warnings, max_lines=10)
        if failures:
            lines = [
                f"• {escape(f.at)} in {escape(clip(f.where))}: {escape(clip(f.error))}"
                f" (reference {escape(f.reference)})"
                for f in failures
            ]
            blocks += list_sections("*Recent delivery failures*", lines, max_lines=10)
        if gap is None:
            blocks.append(section(wording.NO_QUESTIONS_YET))
        else:
            blocks += _gap_blocks(gap, max_lines=5, max_blocks=1)
        blocks.append(section(escape(ADMIN_COMMANDS)))
    return {"type": "home", "blocks": cap(blocks, MAX_HOME_BLOCKS)}


def _status_text(status: Status | None) -> str:
    if status is None:
        return f"*Index*\n{wording.NO_INDEX_YET}"
    skipped = f" · {count(len(status.skipped), 'file')} skipped" if status.skipped else ""
    return (
        f"*Index* version {escape(str(status.version))} · "
        f"{count(status.documents, 'document')} · {count(status.chunks, 'chunk')}{skipped}\n"
        f"Built {escape(str(status.built_at))} with {escape(clip(str(status.model)))}"
    )


def report_blocks(gap: GapReportLike) -> list[Block]:
    """The gap report: unanswered questions with counts, then the most down-voted answers, each
    with what its down voters said was wrong."""
    return cap(
        [header("What staff asked"), *_gap_blocks(gap, max_lines=25, max_blocks=3)], MAX_BLOCKS
    )


def _gap_blocks(gap: GapReportLike, max_lines: int, max_blocks: int) -> list[Block]:
    blocks = [
        section(
            f"*Since {escape(str(gap.since))}:* {count(gap.questions, 'question')}, "
            f"{gap.unanswered} not answered from the content."
        )
    ]
    unanswered = [
        f"• “{escape(clip(q))}” — asked {count(n, 'time')}" for q, n in gap.top_unanswered
    ]
    downvoted = [
        f"• “{escape(clip(d.question))}” — 👎 {d.down} · 👍 {d.up}"
        + (f" — {escape(clip(', '.join(d.documents)))}" if d.documents else "")
        + "".join(f"\n    ↳ “{escape(clip(reason))}”" for reason in d.reasons)
        for d in gap.downvoted
    ]
    for title, lines in (
        ("*Top unanswered questions*", unanswered or ["None."]),
        ("*Most down-voted answers*", downvoted or ["None."]),
    ):
        blocks += list_sections(title, lines, max_blocks=max_blocks, max_lines=max_lines)
    return blocks


def sources_blocks(documents: list[DocumentRecord], skipped: list[dict[str, str]]) -> list[Block]:
    """One line per indexed document (path · title · kind · chunks), then skipped files."""
    chunks = sum(d.chunks for d in documents)
    summary = f"{count(len(documents), 'document')}, {count(chunks, 'chunk')}"
    if skipped:
        summary += f"; {count(len(skipped), 'file')} skipped"
    lines = [
        f"• {escape(clip(d.path))} · {escape(clip(d.title))} · {escape(clip(d.kind))}"
        f" · {count(d.chunks, 'chunk')}"
        for d in documents
    ]
    blocks = [header("Sources in the index"), section(summary)]
    blocks += list_sections("*Documents*", lines or ["None yet."], max_blocks=10)
    if skipped:
        blocks += list_sections("*Skipped*", _skipped_lines(skipped), max_blocks=5)
    return cap(blocks, MAX_BLOCKS)


def _skipped_lines(skipped: Sequence[dict[str, str]]) -> list[str]:
    return [
        f"• {escape(clip(str(s.get('document', '?'))))} — {escape(clip(str(s.get('reason', ''))))}"
        for s in skipped
    ]


def build_blocks(report: BuildReport, headline: str) -> list[Block]:
    """What a reindex did: counts, version, chunks, then the files it added, changed, removed, skipped."""
    version = escape(str(report.version)) if report.version else "—"
    if report.published:
        kind = "full rebuild" if report.full_rebuild else "incremental"
        head = (
            f"Version {version} · {count(report.chunks, 'chunk')} "
            f"({report.embedded} embedded this time) · {kind} · {report.took_s:.1f}s"
        )
    else:
        head = (
            f"Nothing changed — still serving version {version} ({count(report.chunks, 'chunk')})."
        )
    counts = (
        f"added {len(report.added)} · changed {len(report.changed)} · removed "
        f"{len(report.removed)} · unchanged {report.unchanged} · skipped {len(report.skipped)}"
    )
    blocks = [section(f"*{escape(clip(headline))}*\n{head}\n{counts}")]
    for title, paths in (
        ("*Added*", report.added),
        ("*Changed*", report.changed),
        ("*Removed*", report.removed),
    ):
        if paths:
            lines = [f"• {escape(clip(p))}" for p in paths]
            blocks += list_sections(title, lines, max_lines=20)
    if report.skipped:
        blocks += list_sections("*Skipped*", _skipped_lines(report.skipped), max_lines=20)
    if report.warnings:
        warnings = [f"• {escape(clip(w))}" for w in report.warnings]
        blocks += list_sections("*Warnings*", warnings, max_lines=10)
    return cap(blocks, MAX_BLOCKS)
