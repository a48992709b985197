"""Slack Block Kit for LeadBot: answers, suggestions, case studies, App Home and admin reports.

Pure functions from core data to Block Kit JSON, no Slack client and no I/O. Every string that
came from content or a person is escaped (`& < >`), so a document or a question can never ping
anyone, and links are built only from http(s) URLs. Limits are kept by truncating with "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit, urlunsplit

from bot.plaintext import source_line

if TYPE_CHECKING:
    from bot.answer import Answer, Citation
    from bot.core import Status
    from bot.suggest import Suggestions
    from index.build import BuildReport
    from index.store import DocumentRecord

Block = dict[str, Any]

MAX_BLOCKS = 50  # per message
MAX_HOME_BLOCKS = 100  # per Home tab view
MAX_TEXT = 3000  # section text
MAX_HEADER = 150  # header plain_text
MAX_BUTTON_TEXT = 75
MAX_VALUE = 2000  # button value
MAX_FALLBACK = 300  # notification text
MAX_URL = 1000  # a longer link is shown as its label: it would crowd out the quote
MAX_LABEL = 200  # raw characters of one title, question, path or reason inside a line
MAX_LINE = 1000  # escaped characters of one list line
FULL_CITATIONS = 10  # citations past this are listed as source lines, without their quotes
ELLIPSIS = "…"
QUOTED = "Answers quote the source documents word for word."
# Kept as they are in a URL; anything else (| < > spaces quotes controls) is percent-encoded.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_BUDGET = MAX_TEXT - 40  # a packed section keeps room for its "…and N more" line


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


class GapReportLike(Protocol):
    """What staff asked that the content could not answer well (bot.store.GapReport)."""

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


# -- text, links and limits ------------------------------------------------------------------


def escape(text: str) -> str:
    """Escape Slack's control characters, so `<!channel>` in content shows as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str | None, page: int | None = None) -> str | None:
    """An http(s) URL ready to sit inside `<url|label>` (with `#page=N` if given), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if page is not None:
        parts = parts._replace(fragment=f"page={page}")
    # Percent-encoding `|` and `>` means the URL cannot end the link early or smuggle a label.
    encoded = quote(urlunsplit(parts), safe=_URL_SAFE)
    return encoded.replace("&", "&amp;") if len(encoded) <= MAX_URL else None


def link(url: str | None, label: str, page: int | None = None) -> str:
    """`<url|label>` with the label escaped, or just the escaped label when the URL is unsafe."""
    text = escape(_clip(label)) or "link"
    target = safe_url(url, page)
    return f"<{target}|{text}>" if target else text


def _clip(text: str, limit: int = MAX_LABEL) -> str:
    """Raw text on one line, cut to `limit` characters, before escaping."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _fit(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to `limit` characters without splitting an entity or a link."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:  # every & starts an entity once escaped
        cut = cut[:amp]
    if cut.rfind("<") > cut.rfind(">"):  # never leave half a link
        cut = cut[: cut.rfind("<")]
    return cut.rstrip() + ELLIPSIS


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack does not auto-link bare names, URLs or mentions in quoted content.
    return {
        "type": "mrkdwn",
        "text": _fit(text, MAX_TEXT) if text.strip() else ELLIPSIS,
        "verbatim": True,
    }


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": _fit(escape(text), limit) or ELLIPSIS, "emoji": True}


def _section(text: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": _mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _header(text: str) -> Block:
    return {"type": "header", "text": _plain(text, MAX_HEADER)}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": _plain(label, MAX_BUTTON_TEXT),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _cap(blocks: list[Block], limit: int) -> list[Block]:
    """A last guard: no builder should reach the limit, but a message over it is rejected."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], _context("…and more not shown.")]


def _list_sections(
    title: str, lines: Sequence[str], *, max_blocks: int = 1, max_lines: int | None = None
) -> list[Block]:
    """An escaped title and lines packed into at most `max_blocks` sections, then "…and N more"."""
    limit = len(lines) if max_lines is None else max_lines
    texts: list[str] = []
    current = title
    left = len(lines)
    for i, raw in enumerate(lines):
        line = _fit(raw, MAX_LINE)
        full = bool(current) and len(current) + 1 + len(line) > _BUDGET
        if i == limit or (full and len(texts) + 1 >= max_blocks):
            break
        if full:
            texts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
        left -= 1
    if left:
        current = "\n".join(part for part in (current, f"{ELLIPSIS}and {left} more") if part)
    texts.append(current)
    return [_section(text) for text in texts if text.strip()]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def fallback_text(blocks: list[Block]) -> str:
    """The `text` to send with any of these block lists: its first text, ≤ 300 characters."""
    for block in blocks:
        text = block.get("text", {}).get("text")
        if text:
            return _fit(str(text), MAX_FALLBACK)
    return "LeadBot"


# -- answers ---------------------------------------------------------------------------------


def answer_blocks(
    answer: Answer, answer_id: str | None = None, *, shareable: bool = False
) -> list[Block]:
    """The answer, each source with its link and quote, and 👍/👎 (and Share) buttons.

    Args:
        answer_id: the logged answer's id; without it there are no buttons.
        shareable: add a "Share in channel" button (action_id `share_answer`), for the
            ephemeral reply to `/leadbot ask`.

    A refusal shows the closest topics and no buttons: it is already counted as unanswered in
    the gap report, and rating buttons would suggest there were sources to rate.
    """
    blocks = [_section(escape(answer.text))]
    if not answer.answered:
        if answer.topics:
            topics = [f"• {escape(_clip(topic))}" for topic in answer.topics]
            blocks += _list_sections("*Closest topics I do cover:*", topics, max_lines=10)
        return blocks
    blocks += [_section(_citation(c)) for c in answer.citations[:FULL_CITATIONS]]
    rest = [_source(c) for c in answer.citations[FULL_CITATIONS:]]
    if rest:
        blocks += _list_sections("*More sources:*", rest, max_blocks=2)
    blocks.append(_context(QUOTED))
    if answer_id and len(answer_id) <= MAX_VALUE:  # a cut id would not find the answer
        buttons = [
            _button("👍 Helpful", "feedback_up", answer_id),
            _button("👎 Not helpful", "feedback_down", answer_id),
        ]
        if shareable:
            buttons.append(share_button(answer_id))
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    return _cap(blocks, MAX_BLOCKS)


def share_button(answer_id: str) -> Block:
    """A "Share in channel" button for an answer only its asker can see."""
    return _button("Share in channel", "share_answer", answer_id, style="primary")


def answer_text(answer: Answer) -> str:
    """Notification and fallback text: the first 300 characters of the answer, escaped."""
    return escape(_clip(answer.text, MAX_FALLBACK)) or ELLIPSIS


def _source(citation: Citation) -> str:
    """'*[1]* <url|Title · Section · p. 12>', linking into the page of a PDF."""
    is_pdf = citation.document.lower().endswith(".pdf")
    page = citation.page_number if is_pdf else None
    return f"*[{citation.n}]* {link(citation.url, source_line(citation), page)}"


def _citation(citation: Citation) -> str:
    lines = citation.quote.splitlines() or [""]
    return _source(citation) + "\n" + "\n".join(f"> {escape(line)}" for line in lines)


# -- case studies ----------------------------------------------------------------------------


def suggestion_blocks(result: Suggestions) -> list[Block]:
    """The note, then one section per case study with why it fits and a "Tell me more" button."""
    blocks = [_section(escape(result.note))] if result.note else []
    for i, s in enumerate(result.suggestions[: MAX_BLOCKS - 1]):
        text = f"*{link(s.url, s.title or s.document)}*\nWhy: {escape(s.why)}"
        if s.summary:
            text += "\n" + escape(s.summary)
        # The adapter looks the case study up by its path, so a cut path would be useless.
        fits = len(s.document) <= MAX_VALUE
        button = _button("Tell me more", f"tell_me_more_{i}", s.document) if fits else None
        blocks.append(_section(text, button))
    return blocks or [_section("I have no case studies to suggest yet.")]


def case_study_blocks(title: str, url: str | None, sections: list[tuple[str, str]]) -> list[Block]:
    """One case study in full: its title, a section per (heading, text), then its link."""
    blocks = [_header(title or "Case study")]
    for heading, text in sections[: MAX_BLOCKS - 2]:
        if text.strip():
            blocks.append(_section(f"*{escape(_clip(heading))}*\n{escape(text)}"))
    target = safe_url(url)
    if target:
        blocks.append(_section(f"<{target}|Read the full case study>"))
    return blocks


# -- App Home and admin ----------------------------------------------------------------------

ABOUT = (
    "I answer questions about NHS Improvement's *Clinical leadership – a framework for action* "
    "(January 2019), its case-studies compendium and related leadership documents. Every answer "
    "quotes the source documents word for word, with title, section, page and a link. When the "
    "content does not cover a question, I say so rather than guess."
)
SUGGEST = (
    "*Case studies for your career*\nSend me a direct message describing yourself — your "
    "profession, band and the role you are aiming for — or use `/leadbot suggest <about you>`. "
    "I reply privately, because career plans are personal."
)
COMMANDS = (
    "*Commands*\n"
    "• Mention me with a question in a channel: I answer in the thread.\n"
    "• Send me a question by direct message.\n"
    "• `/leadbot ask <question>`: an answer only you can see, with a button to share it.\n"
    "• `/leadbot suggest <about you>`: case studies that fit you, sent privately.\n"
    "• `/leadbot help`: how to use LeadBot."
)
ADMIN_COMMANDS = (
    "*Admin commands*\n"
    "• `/leadbot reindex`: bring the index up to date with the content folder.\n"
    "• `/leadbot sources`: list the indexed documents and the files that were skipped.\n"
    "• `/leadbot remove <document>`: remove a document and reindex.\n"
    "• `/leadbot report`: what staff asked that the content could not answer.\n"
    "• Send me a PDF, DOCX, Markdown, HTML or text file by direct message to add or replace content."
)


def help_text() -> str:
    """How to use LeadBot in Slack, as mrkdwn."""
    admin = ADMIN_COMMANDS.replace("*Admin commands*", "*Admin commands* (admins only)", 1)
    return escape(f"{ABOUT}\n\n{COMMANDS}\n\n{SUGGEST}\n\n{admin}")


def home_view(
    status: Status | None, gap: GapReportLike | None, is_admin: bool, examples: list[str]
) -> dict[str, Any]:
    """The App Home tab; admins also see the index status, the gap report and admin commands."""
    blocks = [_header("LeadBot — NHS clinical leadership"), _section(escape(ABOUT))]
    if examples:
        lines = [f"• {escape(_clip(example))}" for example in examples]
        blocks += _list_sections("*Try asking*", lines, max_lines=10)
    blocks += [_section(escape(SUGGEST)), _section(escape(COMMANDS))]
    if is_admin:
        blocks += [{"type": "divider"}, _header("Admin"), _section(_status_text(status))]
        if status and status.warnings:
            warnings = [f"• {escape(_clip(w))}" for w in status.warnings]
            blocks += _list_sections("*Warnings*", warnings, max_lines=10)
        if gap is None:
            blocks.append(_section("No questions have been logged yet."))
        else:
            blocks += _gap_blocks(gap, max_lines=5, max_blocks=1)
        blocks.append(_section(escape(ADMIN_COMMANDS)))
    return {"type": "home", "blocks": _cap(blocks, MAX_HOME_BLOCKS)}


def _status_text(status: Status | None) -> str:
    if status is None:
        return "*Index*\nNo index yet — run `/leadbot reindex`."
    skipped = f" · {_count(len(status.skipped), 'file')} skipped" if status.skipped else ""
    return (
        f"*Index* version {escape(str(status.version))} · "
        f"{_count(status.documents, 'document')} · {_count(status.chunks, 'chunk')}{skipped}\n"
        f"Built {escape(str(status.built_at))} with {escape(_clip(str(status.model)))}"
    )


def report_blocks(gap: GapReportLike) -> list[Block]:
    """The gap report: unanswered questions with counts, then the most down-voted answers."""
    return _cap(
        [_header("What staff asked"), *_gap_blocks(gap, max_lines=25, max_blocks=3)], MAX_BLOCKS
    )


def _gap_blocks(gap: GapReportLike, max_lines: int, max_blocks: int) -> list[Block]:
    blocks = [
        _section(
            f"*Since {escape(str(gap.since))}:* {_count(gap.questions, 'question')}, "
            f"{gap.unanswered} not answered from the content."
        )
    ]
    unanswered = [
        f"• “{escape(_clip(q))}” — asked {_count(n, 'time')}" for q, n in gap.top_unanswered
    ]
    downvoted = [
        f"• “{escape(_clip(d.question))}” — 👎 {d.down} · 👍 {d.up}"
        + (f" — {escape(_clip(', '.join(d.documents)))}" if d.documents else "")
        for d in gap.downvoted
    ]
    for title, lines in (
        ("*Top unanswered questions*", unanswered or ["None."]),
        ("*Most down-voted answers*", downvoted or ["None."]),
    ):
        blocks += _list_sections(title, lines, max_blocks=max_blocks, max_lines=max_lines)
    return blocks


def sources_blocks(documents: list[DocumentRecord], skipped: list[dict[str, str]]) -> list[Block]:
    """One line per indexed document (path · title · kind · chunks), then skipped files."""
    chunks = sum(d.chunks for d in documents)
    summary = f"{_count(len(documents), 'document')}, {_count(chunks, 'chunk')}"
    if skipped:
        summary += f"; {_count(len(skipped), 'file')} skipped"
    lines = [
        f"• {escape(_clip(d.path))} · {escape(_clip(d.title))} · {escape(_clip(d.kind))}"
        f" · {_count(d.chunks, 'chunk')}"
        for d in documents
    ]
    blocks = [_header("Sources in the index"), _section(summary)]
    blocks += _list_sections("*Documents*", lines or ["None yet."], max_blocks=10)
    if skipped:
        blocks += _list_sections("*Skipped*", _skipped_lines(skipped), max_blocks=5)
    return _cap(blocks, MAX_BLOCKS)


def _skipped_lines(skipped: Sequence[dict[str, str]]) -> list[str]:
    return [
        f"• {escape(_clip(str(s.get('document', '?'))))} — {escape(_clip(str(s.get('reason', ''))))}"
        for s in skipped
    ]


def build_blocks(report: BuildReport, headline: str) -> list[Block]:
    """What a reindex did: counts, version, chunks, then the files it added, changed, removed, skipped."""
    version = escape(str(report.version)) if report.version else "—"
    if report.published:
        kind = "full rebuild" if report.full_rebuild else "incremental"
        head = (
            f"Version {version} · {_count(report.chunks, 'chunk')} "
            f"({report.embedded} embedded this time) · {kind} · {report.took_s:.1f}s"
        )
    else:
        head = (
            f"Nothing changed — still serving version {version} ({_count(report.chunks, 'chunk')})."
        )
    counts = (
        f"added {len(report.added)} · changed {len(report.changed)} · removed "
        f"{len(report.removed)} · unchanged {report.unchanged} · skipped {len(report.skipped)}"
    )
    blocks = [_section(f"*{escape(_clip(headline))}*\n{head}\n{counts}")]
    for title, paths in (
        ("*Added*", report.added),
        ("*Changed*", report.changed),
        ("*Removed*", report.removed),
    ):
        if paths:
            lines = [f"• {escape(_clip(p))}" for p in paths]
            blocks += _list_sections(title, lines, max_lines=20)
    if report.skipped:
        blocks += _list_sections("*Skipped*", _skipped_lines(report.skipped), max_lines=20)
    if report.warnings:
        warnings = [f"• {escape(_clip(w))}" for w in report.warnings]
        blocks += _list_sections("*Warnings*", warnings, max_lines=10)
    return _cap(blocks, MAX_BLOCKS)


# -- failures --------------------------------------------------------------------------------


def apology_text(reference: str) -> str:
    """Short, never silent: what happened and the reference an admin can look up."""
    return (
        "Sorry — something went wrong while I was answering. "
        f"An admin can look it up with reference {escape(_clip(reference, 100))}."
    )


def apology_blocks(reference: str) -> list[Block]:
    return [_section(apology_text(reference))]
