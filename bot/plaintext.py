"""Replies as plain text: for the terminal, and the admin lines Teams shows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.answer import Answer, Citation
from bot.suggest import CaseStudy, Suggestions
from bot.wording import ALSO, taken_as
from index.build import BuildReport

if TYPE_CHECKING:
    from bot.core import Status
    from bot.gaps import GapReport
    from index.store import DocumentRecord

MAX_LINES = 60
MAX_LABEL = 200
FULL = "Full document: "
ALSO_FROM = ALSO.split("{", 1)[0]  # "Also, from "
HANG = re.compile(r"\s*(?:\[\d+\] |• |\d+\. )?")  # a wrapped line continues under its text


def source_line(citation: Citation) -> str:
    """'Title · Section · p. 12' — the same order every platform uses."""
    parts = [citation.title]
    if citation.section:
        parts.append(citation.section)
    if citation.page_text:
        parts.append(citation.page_text)
    return " · ".join(parts)


def answer_text(answer: Answer) -> str:
    """The answer with its [n] markers, then each source once: title · section · page and link.

    Each quote is the answer text itself, so it is printed there only; a quote the text does
    not hold is shown under its source.
    """
    lines = [taken_as(answer.taken_as), ""] if answer.taken_as else []
    # Each source's quotes start a paragraph of their own.
    lines.append(answer.text.replace(f"] {ALSO_FROM}", f"]\n\n{ALSO_FROM}"))
    full = {d.url for d in answer.full_documents}
    shown = " ".join(answer.text.split())
    if answer.citations:
        lines += ["", "Sources:"]
        for citation in answer.citations:
            lines.append(f"[{citation.n}] {source_line(citation)}")
            if citation.url:
                lines.append(f"    {FULL if citation.url in full else ''}{citation.url}")
            if " ".join(citation.quote.split()) not in shown:
                lines.append(f"    “{citation.quote}”")
    cited = {c.url for c in answer.citations}
    links = [(FULL + d.title, d.url) for d in answer.full_documents if d.url not in cited]
    links += [
        (" · ".join(part for part in (r.title, r.section) if part), r.url) for r in answer.related
    ]
    if links:
        lines += ["", "Related:"]
        for label, url in links:
            lines.append(f"  • {label}")
            lines += [f"    {url}"] if url else []
    if answer.topics:
        lines.append("")
        lines.extend(f"  • {topic}" for topic in answer.topics)
    return "\n".join(lines)


def wrap(text: str, width: int) -> str:
    """Each line folded to `width` columns under its own indent or list marker. Words are never
    broken, so a link longer than the line keeps a line of its own, whole."""
    out: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        hang = " " * len(HANG.match(line).group())  # type: ignore[union-attr]
        current = line[: len(line) - len(line.lstrip())]
        for word in line.split():
            if current.strip() and len(current) + 1 + len(word) > width:
                out.append(current)
                current = hang + word
            else:
                current += f" {word}" if current.strip() else word
        out.append(current)
    return "\n".join(out)


def suggestions_text(result: Suggestions) -> str:
    lines = [result.note] if result.note else []
    for i, s in enumerate(result.suggestions, 1):
        lines.append(f"{i}. {s.title}")
        lines.append(f"   Why: {s.why}")
        if s.summary:
            lines.append(f"   {s.summary}")
        if s.url:
            lines.append(f"   {s.url}")
    if result.ask:
        lines += [""] if lines else []
        lines.append(f"{result.ask.question} {' · '.join(result.ask.choices)}")
        lines.append(result.ask.hint)
    return "\n".join(lines)


def build_text(report: BuildReport) -> str:
    if not report.published:
        head = f"Index is up to date (version {report.version}): nothing changed."
    else:
        kind = "full rebuild" if report.full_rebuild else "incremental"
        head = f"Published index version {report.version} ({kind}, {report.took_s:.1f}s)."
    lines = [
        head,
        f"  added: {len(report.added)}  changed: {len(report.changed)}  removed: {len(report.removed)}"
        f"  unchanged: {report.unchanged}  skipped: {len(report.skipped)}",
        f"  chunks: {report.chunks} ({report.embedded} embedded this time)",
    ]
    for label, paths in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        lines.extend(f"  {label}: {path}" for path in paths)
    lines.extend(f"  skipped: {s['document']} — {s['reason']}" for s in report.skipped)
    lines.extend(f"  warning: {w}" for w in report.warnings)
    return "\n".join(lines)


def case_study_text(story: CaseStudy) -> str:
    lines = [story.title or "Case study"]
    for heading, words in story.sections:
        if words.strip():
            lines += ["", heading, words]
    if story.url:
        lines += ["", story.url]
    return "\n".join(lines)


def clip(text: str, limit: int = MAX_LABEL) -> str:
    """One line of at most `limit` characters, cut with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sources_lines(
    documents: Sequence[DocumentRecord], skipped: Sequence[dict[str, str]], status: Status
) -> list[str]:
    """The index version, one line per indexed document (path · title · kind · chunks), then
    the skipped files."""
    chunks = sum(d.chunks for d in documents)
    out = [
        f"Index version {status.version}, built {status.built_at} with {status.model}.",
        f"Sources in the index: {len(documents)} documents, {chunks} chunks.",
    ]
    out += [
        f"• {clip(d.path)} · {clip(d.title)} · {d.kind} · {d.chunks} chunks"
        for d in documents[:MAX_LINES]
    ]
    if len(documents) > MAX_LINES:
        out.append(f"…and {len(documents) - MAX_LINES} more.")
    if skipped:
        out.append(f"Skipped ({len(skipped)}):")
        out += [
            f"• {clip(str(s.get('document', '?')))} — {clip(str(s.get('reason', '')))}"
            for s in skipped[:MAX_LINES]
        ]
    return out


def report_lines(gap: GapReport) -> list[str]:
    """The gap report: unanswered questions with counts, then the most down-voted answers, each
    with one line per reason its down voters gave."""
    out = [
        f"Since {gap.since}: {gap.questions} questions, "
        f"{gap.unanswered} not answered from the content.",
        "Top unanswered questions:",
    ]
    out += [f"• “{clip(q)}” — asked {n}×" for q, n in gap.top_unanswered] or ["None."]
    out.append("Most down-voted answers:")
    for d in gap.downvoted:
        out.append(
            f"• “{clip(d.question)}” — 👎 {d.down} · 👍 {d.up}"
            + (f" — {clip(', '.join(d.documents))}" if d.documents else "")
        )
        out += [f"    ↳ “{clip(reason)}”" for reason in d.reasons]  # what its down voters said
    return out if gap.downvoted else [*out, "None."]
