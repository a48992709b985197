"""Answers and build reports as plain text, for the terminal."""

from __future__ import annotations

from bot.answer import Answer, Citation
from bot.suggest import Suggestions
from bot.wording import taken_as
from index.build import BuildReport


def source_line(citation: Citation) -> str:
    """'Title · Section · p. 12' — the same order every platform uses."""
    parts = [citation.title]
    if citation.section:
        parts.append(citation.section)
    if citation.page_text:
        parts.append(citation.page_text)
    return " · ".join(parts)


def answer_text(answer: Answer) -> str:
    lines = [taken_as(answer.taken_as), ""] if answer.taken_as else []
    lines.append(answer.text)
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for citation in answer.citations:
            link = f" — {citation.url}" if citation.url else ""
            lines.append(f"[{citation.n}] {source_line(citation)}{link}")
            lines.append(f"    “{citation.quote}”")
    if answer.full_documents or answer.related:
        lines.append("")
    lines.extend(f"Full document: {d.title} — {d.url}" for d in answer.full_documents)
    for related in answer.related:
        label = " · ".join(part for part in (related.title, related.section) if part)
        lines.append(f"Related: {label}" + (f" — {related.url}" if related.url else ""))
    if answer.topics:
        lines.append("")
        lines.extend(f"  • {topic}" for topic in answer.topics)
    return "\n".join(lines)


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
