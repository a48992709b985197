"""A small PDF page-layout engine on fpdf2: running furniture, columns, hyphenation, footnotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

CREATED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FONTS = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 20.0
TOP, BOTTOM = 28.0, 262.0  # body frame; header above, footnotes and footer below
GUTTER = 8.0
FOOTNOTE_ZONE = 16.0
_SUPERSCRIPT = re.compile("[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_HYPHENATED = re.compile(r"([a-z])- ([a-z])")  # only the engine breaks a word at a line end


@dataclass
class Source:
    """What a generated document holds, as written: its quotable text and its furniture."""

    name: str  # file name in the corpus folder
    body: list[str] = field(default_factory=list)  # quotable paragraphs, without markers
    furniture: list[str] = field(default_factory=list)  # headers, footers, folios, contents, notes
    pages: list[tuple[str | None, list[str]]] = field(default_factory=list)  # (label, words)

    def text(self) -> str:
        return "\n".join(self.body)

    def page_text(self, label: str) -> str:
        """The body text drawn on the page(s) printed with this label, de-hyphenated."""
        text = " ".join(" ".join(words) for lab, words in self.pages if lab == label)
        return _HYPHENATED.sub(r"\1\2", text)


@dataclass(frozen=True)
class Running:
    """Furniture and numbering for a run of pages; '{n}' in header or footer is the folio."""

    header: str | None = None
    footer: str | None = None
    columns: int = 1
    numbering: str = "arabic"  # arabic | roman | none
    start: int | None = 1  # None: carry on from the previous run's numbering
    footnotes: bool = False  # keep a zone above the footer for footnotes


def roman(n: int) -> str:
    values = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


class Writer:
    """Lays text out on pages, recording what went where in a Source."""

    def __init__(self, source: Source, total: int | None = None) -> None:
        self.source = source
        self.total = total  # printed page count, for "Page N of M"
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(CREATED)  # byte-identical files on every run
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.pdf.add_font("Sans", style, str(FONTS / file))
        self.pdf.add_font("Sans", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
        self.running = Running(numbering="none")
        self.number = 0
        self.frames: list[tuple[float, float]] = []  # (x, width) of each column
        self.frame = 0
        self.y = TOP
        self.bottom = BOTTOM
        self.footnote_y = 0.0
        self.headings: dict[str, str | None] = {}  # heading -> printed label where it starts

    # pages
    def run(self, running: Running) -> None:
        """Start a new run of pages (its numbering restarts at running.start)."""
        self.running = running
        if running.start is not None:
            self.number = running.start - 1
        self.page()

    def page(self) -> None:
        r = self.running
        self.pdf.add_page()
        self.number += 1
        label = {"arabic": str(self.number), "roman": roman(self.number), "none": None}[r.numbering]
        self.source.pages.append((label, []))
        n = label or ""
        self.pdf.set_text_color(90, 90, 90)
        if r.header:
            self._furniture(r.header.format(n=n, m=self.total), 14.0, 8.5, "I")
            self.pdf.line(MARGIN, 17.0, PAGE_W - MARGIN, 17.0)
        if r.footer:
            self._furniture(r.footer.format(n=n, m=self.total), PAGE_H - 14.0, 8.5, "")
        self.pdf.set_text_color(0, 0, 0)
        width = (PAGE_W - 2 * MARGIN - GUTTER * (r.columns - 1)) / r.columns
        self.frames = [(MARGIN + i * (width + GUTTER), width) for i in range(r.columns)]
        self.frame, self.y = 0, TOP
        self.bottom = BOTTOM - (FOOTNOTE_ZONE if r.footnotes else 0.0)
        self.footnote_y = self.bottom + 5.0

    def _furniture(self, text: str, y: float, size: float, style: str) -> None:
        self.source.furniture.append(text)
        self.pdf.set_font("Sans", style, size)
        self.pdf.text(MARGIN, y, text)

    @property
    def label(self) -> str | None:
        return self.source.pages[-1][0]

    def advance(self) -> None:
        """Move to the next column, or the next page."""
        if self.frame + 1 < len(self.frames):
            self.frame, self.y = self.frame + 1, TOP
        else:
            self.page()

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.advance()

    def space(self, mm: float) -> None:
        self.y += mm

    # text
    def lines(self, text: str, width: float, size: float, style: str = "") -> list[str]:
        """Break text into lines that fit, hyphenating long words at the line end."""
        self.pdf.set_font("Sans", style, size)
        fits = self.pdf.get_string_width
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if fits(trial) <= width:
                line = trial
                continue
            if len(word) >= 8 and word.isalpha():
                # Leave at least three letters either side of the hyphen.
                for k in range(len(word) - 3, 2, -1):
                    head = f"{line} {word[:k]}-" if line else f"{word[:k]}-"
                    if fits(head) <= width:
                        lines.append(head)
                        line = word[k:]
                        break
                else:
                    lines.append(line)
                    line = word
                continue
            lines.append(line)
            line = word
        if line:
            lines.append(line)
        return [x for x in lines if x]

    def para(self, text: str, size: float = 10.0, style: str = "", gap: float = 2.5) -> None:
        """A paragraph flowing across columns and pages, recorded without footnote markers."""
        self.source.body.append(_SUPERSCRIPT.sub("", text))
        x, width = self.frames[self.frame]
        leading = size * 0.5
        for line in self.lines(text, width, size, style):
            if self.y + leading > self.bottom:
                self.advance()
                self.pdf.set_font("Sans", style, size)
            x, width = self.frames[self.frame]
            self.y += leading
            self.pdf.text(x, self.y, line)
            self.source.pages[-1][1].append(_SUPERSCRIPT.sub("", line))
        self.y += gap

    def heading(self, text: str, size: float = 14.0) -> None:
        """A bold heading, kept with the two lines after it."""
        self.need(size * 0.5 + 14.0)
        self.y += 3.0
        x, width = self.frames[self.frame]
        for line in self.lines(text, width, size, "B"):
            self.y += size * 0.5
            self.pdf.text(x, self.y, line)
            self.source.pages[-1][1].append(line)
        self.headings[text] = self.label
        self.source.body.append(text)
        self.y += 3.0

    def footnote(self, text: str) -> None:
        """A small-font note at the foot of the current page."""
        self.source.furniture.append(text)
        self.pdf.set_font("Sans", "", 7.0)
        if self.footnote_y <= self.bottom + 5.0:
            self.pdf.line(MARGIN, self.bottom + 2.0, MARGIN + 50.0, self.bottom + 2.0)
        for line in self.lines(text, PAGE_W - 2 * MARGIN, 7.0):
            self.footnote_y += 3.2
            self.pdf.text(MARGIN, self.footnote_y, line)

    def box(self, title: str, text: str, size: float = 9.5) -> None:
        """A shaded, ruled box with a bold title, kept whole in one column."""
        x, width = self.frames[self.frame]
        body = self.lines(text, width - 8.0, size)
        height = 6.0 + 5.0 + len(body) * size * 0.5 + 4.0
        self.need(height + 3.0)
        x, width = self.frames[self.frame]
        self.pdf.set_fill_color(232, 240, 248)
        self.pdf.rect(x, self.y, width, height, style="DF")
        self.y += 7.0
        self.pdf.set_font("Sans", "B", size + 0.5)
        self.pdf.text(x + 4.0, self.y, title)
        self.pdf.set_font("Sans", "", size)
        self.y += 1.0
        for line in body:
            self.y += size * 0.5
            self.pdf.text(x + 4.0, self.y, line)
        self.source.body += [title, text]
        self.source.pages[-1][1].extend([title, *body])
        self.y += 7.0

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], size: float = 9.0
    ) -> None:
        """A ruled table, one line per cell, header row in bold."""
        x, width = self.frames[self.frame]
        height = 7.0
        self.need(height * (len(rows) + 1) + 3.0)
        x, width = self.frames[self.frame]
        first = width * 0.46
        other = (width - first) / max(len(header) - 1, 1)
        widths = [first] + [other] * (len(header) - 1)
        for i, row in enumerate([header, *rows]):
            self.pdf.set_font("Sans", "B" if i == 0 else "", size)
            cx = x
            for cell, w in zip(row, widths, strict=True):
                self.pdf.rect(cx, self.y, w, height)
                self.pdf.text(cx + 1.5, self.y + 4.8, cell)
                cx += w
            self.source.pages[-1][1].append(" ".join(row))
            self.source.body.append(" ".join(row))
            self.y += height
        self.y += 4.0

    def contents(self, entries: Sequence[tuple[str, str | None]], size: float = 10.5) -> None:
        """A contents list with dot leaders to each entry's printed page."""
        x, width = self.frames[self.frame]
        self.pdf.set_font("Sans", "", size)
        dot = self.pdf.get_string_width(".")
        for title, label in entries:
            number = label or "?"
            room = width - self.pdf.get_string_width(f"{title}  {number}")
            line = f"{title} {'.' * int(room / dot)} {number}"
            self.y += size * 0.62
            self.pdf.text(x, self.y, line)
            self.source.furniture.append(line)

    def save(self, path: Path) -> None:
        self.pdf.output(str(path))
