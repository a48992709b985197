"""Admin commands in a Teams personal chat — reindex, sources, remove, report — and file uploads."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from microsoft_agents.activity import Attachment
from microsoft_agents.hosting.core import TurnContext

from bot.admin import REINDEXING, NotAllowed, UploadRejected
from bot.plaintext import build_text
from bot.services import Services
from bot.store import GapReport
from bot.teams.files import download
from bot.teams.markup import clip
from bot.teams.replies import PLATFORM, lines, message
from index.store import DocumentRecord

ACTIONS = {
    "reindex": "reindex content",
    "sources": "list sources",
    "remove": "remove content",
    "report": "see the gap report",
}
IN_PERSONAL_CHAT = "Admin commands work in a personal chat with me, not here."
MAX_LINES = 60
_LABEL = 200


def command(text: str) -> tuple[str, str] | None:
    """(word, rest) if the message is an admin command rather than a question.

    "reindex" and "sources" stand alone, "report" may take a number of days, and "remove" needs
    a document; "remove barriers to leadership?" is still a question.
    """
    word, _, rest = " ".join(text.split()).partition(" ")
    word = word.lower()
    if word in ("reindex", "sources"):
        return (word, "") if not rest else None
    if word == "report":
        return (word, rest) if not rest or rest.isdigit() else None
    if word == "remove":
        return (word, rest) if rest and not rest.endswith("?") else None
    return None


async def run(context: TurnContext, services: Services, user: str, word: str, rest: str) -> None:
    """Check the person is an admin (logged either way), then do what they asked."""
    admin = services.admin
    try:
        await asyncio.to_thread(admin.check, PLATFORM, user, ACTIONS[word])
    except NotAllowed as refusal:
        await context.send_activity(message(str(refusal)))
        return
    if word == "reindex":
        admin.refuse_if_building()
        await context.send_activity(message(REINDEXING))
        report = await asyncio.to_thread(admin.reindex)
        await context.send_activity(lines(["Reindex finished.", *build_text(report).splitlines()]))
    elif word == "sources":
        documents, skipped = await asyncio.to_thread(admin.sources)
        status = await asyncio.to_thread(services.core.status)
        built = f"Index version {status.version}, built {status.built_at} with {status.model}."
        await context.send_activity(lines([built, *sources_lines(documents, skipped)]))
    elif word == "remove":
        note, report = await asyncio.to_thread(admin.remove, rest)
        await context.send_activity(lines([note, *build_text(report).splitlines()]))
    elif word == "report":
        days = int(rest) if rest.isdigit() else 30
        gap = await asyncio.to_thread(services.store.gap_report, days)
        await context.send_activity(lines(report_lines(gap)))


async def receive_files(
    context: TurnContext, services: Services, user: str, files: Sequence[Attachment], text: str
) -> None:
    """An admin's files: each validated, saved into the content folder only if good, indexed."""
    try:
        await asyncio.to_thread(services.admin.check, PLATFORM, user, "add or replace content")
    except NotAllowed as refusal:
        await context.send_activity(message(str(refusal)))
        return
    folder = "case-studies" if "case stud" in text.lower() else None
    for file in files:
        name = file.name or "unnamed file"
        try:
            data = await asyncio.to_thread(download, services.settings, file)
            note, report = await asyncio.to_thread(services.admin.accept_upload, name, data, folder)
        except UploadRejected as rejection:
            await context.send_activity(message(f"I didn't add {clip(name, _LABEL)}: {rejection}"))
            continue
        await context.send_activity(lines([note, *build_text(report).splitlines()]))


def sources_lines(documents: list[DocumentRecord], skipped: list[dict[str, str]]) -> list[str]:
    """One line per indexed document (path · title · kind · chunks), then skipped files."""
    chunks = sum(d.chunks for d in documents)
    out = [f"Sources in the index: {len(documents)} documents, {chunks} chunks."]
    out += [
        f"• {clip(d.path, _LABEL)} · {clip(d.title, _LABEL)} · {d.kind} · {d.chunks} chunks"
        for d in documents[:MAX_LINES]
    ]
    if len(documents) > MAX_LINES:
        out.append(f"…and {len(documents) - MAX_LINES} more.")
    if skipped:
        out.append(f"Skipped ({len(skipped)}):")
        out += [_skipped(s) for s in skipped[:MAX_LINES]]
    return out


def report_lines(gap: GapReport) -> list[str]:
    """The gap report: unanswered questions with counts, then the most down-voted answers."""
    out = [
        f"Since {gap.since}: {gap.questions} questions, "
        f"{gap.unanswered} not answered from the content.",
        "Top unanswered questions:",
    ]
    out += [f"• “{clip(q, _LABEL)}” — asked {n}×" for q, n in gap.top_unanswered] or ["None."]
    out.append("Most down-voted answers:")
    out += [
        f"• “{clip(d.question, _LABEL)}” — 👎 {d.down} · 👍 {d.up}"
        + (f" — {clip(', '.join(d.documents), _LABEL)}" if d.documents else "")
        for d in gap.downvoted
    ] or ["None."]
    return out


def _skipped(skipped: dict[str, str]) -> str:
    return f"• {clip(str(skipped.get('document', '?')), _LABEL)} — {clip(str(skipped.get('reason', '')), _LABEL)}"
