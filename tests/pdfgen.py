"""Realistic PDF layouts for loader tests and evaluation corpora, drawn with fpdf2.

Each `*_pdf(path)` builder writes one document laid out the way trusts' PDFs are: running
headers and footers with folios, roman front matter, a contents page with dot leaders, numbered
headings in bigger bold type, two-column pages, footnotes in small type, a ruled table, a box,
a caption, and sentences that cross a page or column break. The texts are module constants so
a test (or an evaluation question) can name what a reader should find and where.

`Writer` is the small layout engine underneath; use it to compose other documents:

    writer = Writer(furniture=trust_furniture("Strategy", "Northfield NHS Trust"))
    writer.heading("1. Introduction", level=1)
    writer.paragraph("Text ...", footnote="A note at the foot of this page.")
    writer.save(path)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

BODY_SIZE = 10.5
NOTE_SIZE = 7.5
HEADING_SIZES = {0: 22.0, 1: 15.0, 2: 12.5}  # level 0 is the document title
LINE = 5.2  # mm between body lines
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]

# (physical page, total pages) -> (header, footer); None draws nothing there.
Furniture = Callable[[int, int], tuple[str | None, str | None]]


def no_furniture(page: int, total: int) -> tuple[str | None, str | None]:
    """No running header or footer."""
    return None, None


def trust_furniture(title: str, trust: str, front_pages: int = 0) -> Furniture:
    """Header with the document title; footer "N | Trust" on even and "Trust | N" on odd pages.

    The first page (a cover) has none; the next `front_pages - 1` pages carry roman folios.
    """

    def draw(page: int, total: int) -> tuple[str | None, str | None]:
        if page == 1:
            return None, None
        if page <= front_pages:
            return None, ROMAN[page - 1]
        n = page - front_pages
        return title, f"{n} | {trust}" if n % 2 == 0 else f"{trust} | {n}"

    return draw


def framework_furniture(title: str, front_pages: int) -> Furniture:
    """The NHS framework's style: header "N | Title" (even) or "Title | N" (odd), no footer."""

    def draw(page: int, total: int) -> tuple[str | None, str | None]:
        if page <= front_pages:
            return None, None
        n = page - front_pages
        return (f"{n} | {title}" if n % 2 == 0 else f"{title} | {n}"), None

    return draw


def page_of_furniture(title: str) -> Furniture:
    """Header with the title on every page; footer "Page N of M"."""
    return lambda page, total: (title, f"Page {page} of {total}")


class _Pdf(FPDF):
    def __init__(self, writer: Writer) -> None:
        super().__init__(format="A4")
        self.writer = writer
        self.core_fonts_encoding = "windows-1252"  # en dashes and curly quotes in Helvetica
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=38)  # room for footnotes above the footer

    def header(self) -> None:
        if self.page_no() in self.writer.bare_pages:
            return
        text, _ = self.writer.furniture(self.page_no(), self.writer.total)
        if text:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, 10)
            self.cell(0, 5, text, align="R" if self.page_no() % 2 else "L")
        self.set_xy(self.l_margin, 22)
        self.set_font("Helvetica", "", BODY_SIZE)

    def footer(self) -> None:
        notes = self.writer.notes.pop(self.page_no(), [])
        if notes:
            self.set_draw_color(0)
            self.line(20, self.h - 36, 70, self.h - 36)
            self.set_xy(20, self.h - 35)
            self.set_font("Helvetica", "", NOTE_SIZE)
            for number, text in notes:
                self.multi_cell(170, 3.4, f"{number} {text}")
        if self.page_no() in self.writer.bare_pages:
            return
        _, text = self.writer.furniture(self.page_no(), self.writer.total)
        if text:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, self.h - 14)
            self.cell(0, 5, text, align="C")


@dataclass
class Writer:
    """Lays out a document top to bottom; call `save` once everything is written."""

    furniture: Furniture = no_furniture
    total: int = 0  # total pages, for "Page N of M"; set by save()
    notes: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    bare_pages: set[int] = field(default_factory=set)  # image-only pages: no furniture
    headings: list[tuple[str, int, int]] = field(default_factory=list)  # text, level, page
    laid_out: list[tuple[str, int, int]] = field(default_factory=list)  # the previous pass's
    _steps: list[Callable[[_Pdf], None]] = field(default_factory=list)
    _note_count: int = 0

    def page(self) -> None:
        """Start a new page."""
        self._steps.append(lambda pdf: pdf.add_page() if pdf.page else None)

    def title(self, text: str) -> None:
        """The document's title in the biggest type (first page only)."""
        self._steps.append(lambda pdf: self._heading(pdf, text, 0))

    def heading(self, text: str, level: int = 1) -> None:
        """A heading in bigger bold type: level 1 or 2."""
        self._steps.append(lambda pdf: self._heading(pdf, text, level))

    def paragraph(
        self, text: str, footnote: str | None = None, *, near_bottom: bool = False
    ) -> None:
        """A body paragraph; "\\n" forces a line break (write "lead-\\nership" to hyphenate).

        Args:
            footnote: the text of a footnote whose marker is glued to the paragraph's end.
            near_bottom: start two lines above the page's bottom margin, so it crosses the break.
        """
        number = self._next_note() if footnote else 0

        def draw(pdf: _Pdf) -> None:
            if near_bottom:
                pdf.set_y(pdf.h - pdf.b_margin - 2 * LINE)
            if footnote:
                self.notes.setdefault(pdf.page_no(), []).append((number, footnote))
            pdf.set_font("Helvetica", "", BODY_SIZE)
            marked = text
            if footnote:  # the marker sits before a closing full stop, as word processors put it
                marked = f"{text[:-1]}{number}." if text.endswith(".") else f"{text}{number}"
            pdf.multi_cell(0, LINE, marked)
            pdf.ln(3)

        self._steps.append(draw)

    def columns(self, left: Sequence[str], right: Sequence[str]) -> None:
        """Two columns of paragraphs side by side, read left then right."""

        def draw(pdf: _Pdf) -> None:
            top, width = pdf.get_y(), (pdf.w - 40 - 8) / 2
            bottoms = []
            for x, paragraphs in ((20.0, left), (20 + width + 8, right)):
                pdf.set_xy(x, top)
                pdf.set_left_margin(x)
                for text in paragraphs:
                    pdf.set_font("Helvetica", "", BODY_SIZE)
                    pdf.multi_cell(width, LINE, text)
                    pdf.ln(3)
                bottoms.append(pdf.get_y())
            pdf.set_left_margin(20)
            pdf.set_xy(20, max(bottoms))

        self._steps.append(draw)

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """A ruled table; the first row is the header, in bold."""

        def draw(pdf: _Pdf) -> None:
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(first_row_as_headings=True, line_height=6) as table:
                for row in rows:
                    table.row(list(row))
            pdf.ln(4)

        self._steps.append(draw)

    def box(self, heading: str, text: str) -> None:
        """A boxed example with a bold heading line, drawn with a border."""

        def draw(pdf: _Pdf) -> None:
            top = pdf.get_y()
            pdf.set_left_margin(24)
            pdf.set_xy(24, top + 3)
            pdf.set_font("Helvetica", "B", BODY_SIZE)
            pdf.multi_cell(162, LINE, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", BODY_SIZE)
            pdf.multi_cell(162, LINE, text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_left_margin(20)
            pdf.rect(20, top, 170, pdf.get_y() + 3 - top)
            pdf.set_xy(20, pdf.get_y() + 7)

        self._steps.append(draw)

    def figure(self, caption: str) -> None:
        """A grey photo placeholder with an italic caption under it."""

        def draw(pdf: _Pdf) -> None:
            pdf.image(grey_png(), x=20, w=60, h=30)
            pdf.set_font("Helvetica", "I", 8.5)
            pdf.multi_cell(0, 4.2, caption)
            pdf.ln(3)

        self._steps.append(draw)

    def contents(self, front_pages: int) -> None:
        """A contents page: each heading, a dot leader and its printed page number.

        Printed page N is physical page N + front_pages; then a new page starts.
        """

        def draw(pdf: _Pdf) -> None:
            self._heading(pdf, "Contents", 1, record=False)
            pdf.set_font("Helvetica", "", BODY_SIZE)
            for text, level, page in self.laid_out:
                if level == 0:
                    continue
                printed = ROMAN[page - 1] if page <= front_pages else page - front_pages
                indent = 6 * (level - 1)
                pdf.set_x(20 + indent)
                width = 150 - indent
                dots = "." * int((width - pdf.get_string_width(text)) / pdf.get_string_width("."))
                pdf.cell(width, 7, f"{text} {dots}")
                pdf.cell(20, 7, str(printed), align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.add_page()

        self._steps.append(draw)

    def scanned_page(self, lines: Sequence[str]) -> None:
        """A page that is only an image of printed text, as a scanner makes."""

        def draw(pdf: _Pdf) -> None:
            self.bare_pages.add(pdf.page_no() + 1)  # before add_page draws the header
            pdf.add_page()
            pdf.image(text_png(lines), x=0, y=0, w=pdf.w, h=pdf.h)

        draw.opens_page = True  # type: ignore[attr-defined]
        self._steps.append(draw)

    def save(self, path: Path) -> Path:
        """Write the PDF, laid out twice so that contents and "Page N of M" know the pages."""
        for _ in range(2):
            pdf = self._render()
            self.total = pdf.pages_count
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(pdf.output()))
        return path

    def _render(self) -> _Pdf:
        self.notes.clear()
        self.bare_pages.clear()
        self.laid_out, self.headings = self.headings, []
        pdf = _Pdf(self)
        for step in self._steps:
            if pdf.page == 0 and not getattr(step, "opens_page", False):
                pdf.add_page()
            step(pdf)
        return pdf

    def _heading(self, pdf: _Pdf, text: str, level: int, *, record: bool = True) -> None:
        if record:
            self.headings.append((text, level, pdf.page_no()))
        pdf.ln(3 if level else 0)
        pdf.set_font("Helvetica", "B", HEADING_SIZES[level])
        pdf.multi_cell(0, HEADING_SIZES[level] * 0.5, text)
        pdf.ln(2)

    def _next_note(self) -> int:
        self._note_count += 1
        return self._note_count


def grey_png() -> BytesIO:
    """A small mid-grey PNG, standing in for a photograph."""
    out = BytesIO()
    Image.new("L", (120, 60), 150).save(out, format="PNG")
    out.seek(0)
    return out


def text_png(lines: Sequence[str]) -> BytesIO:
    """An A4 page at 150 dpi with lines of printed text, as a scanner would image it."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    y = 150
    for line in lines:
        if line:
            draw.text((120, y), line, font=font, fill=0)
        y += 48
    out = BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def blank_scan_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages are blank images: nothing any OCR can read."""
    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(grey_png(), x=0, y=0, w=pdf.w, h=pdf.h)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(pdf.output()))
    return path


# --- Documents ---------------------------------------------------------------------------------

TRUST = "Northfield Community Health NHS Trust"
STRATEGY_TITLE = "Clinical Leadership Strategy 2026–2029"
STRATEGY_FRONT_PAGES = 3  # cover, foreword (ii), contents (iii); printed page 1 is physical 4
FILLER = (
    "Teams told us that protected time, a named sponsor and honest feedback matter more than "
    "any single course, and that leadership grows fastest when it is practised on real "
    "service problems with the support of colleagues from other professions."
)
HYPHENATED = (
    "Clinical lead-\nership is everyone's business, from the ward to the board, and the trust "
    "will measure how many clinicians hold senior roles each year."
)
NOTED = "The trust's plan follows the priorities set out in the NHS Long Term Plan"
NOTE = "NHS England, The NHS Long Term Plan, January 2019, chapter 4."
ACROSS_PAGE = (
    "Every clinical directorate will name a leadership sponsor by the end of the first year, "
    "and each sponsor will meet the aspiring leaders in their area at least once a quarter to "
    "review progress, remove barriers and agree the next steps for their development."
)
LEFT_COLUMN = [
    "Our first ambition is that every profession sees a route to senior leadership. " + FILLER,
    "Our second ambition is a board that reflects the workforce it leads, so that allied "
    "health professionals, nurses, midwives and scientists are heard when decisions are",
]
RIGHT_COLUMN = [
    "made about the services they deliver to patients every day.",
    "Our third ambition is that leadership learning is shared across the system. " + FILLER,
]
BOX_HEADING = "Example: a radiographer-led clinic"
BOX_TEXT = (
    "A band 7 radiographer set up a rapid-access clinic that halved waiting times for "
    "suspected fractures, and now leads the imaging improvement programme."
)
CAPTION = "Figure 1: Physiotherapists at the spring leadership summit."
TABLE = [
    ["Profession", "Band 8a", "Band 8b", "Band 8c"],
    ["Allied health professions", "41", "12", "5"],
    ["Nursing and midwifery", "96", "30", "11"],
    ["Healthcare science", "18", "7", "2"],
]


def strategy_pdf(path: Path) -> Path:
    """A trust strategy: cover, roman front matter, contents, numbered sections, no outline.

    Printed pages come only from the footers ("N | Trust" and "Trust | N").
    """
    w = Writer(furniture=trust_furniture(STRATEGY_TITLE, TRUST, STRATEGY_FRONT_PAGES))
    w.title(STRATEGY_TITLE)
    w.paragraph(f"{TRUST}. Published March 2026.")
    w.page()
    w.heading("Foreword", 1)
    w.paragraph("Welcome to our first clinical leadership strategy. " + FILLER)
    w.page()
    w.contents(STRATEGY_FRONT_PAGES)
    w.heading("1. Introduction", 1)
    w.paragraph(HYPHENATED)
    w.paragraph(NOTED + ".", footnote=NOTE)
    w.paragraph(FILLER)
    w.heading("1.1 Why clinical leadership matters", 2)
    w.paragraph("Services led by clinicians improve faster and keep staff longer. " + FILLER)
    for _ in range(5):
        w.paragraph(FILLER)
    w.paragraph(ACROSS_PAGE, near_bottom=True)
    w.heading("2. Our ambitions", 1)
    w.columns(LEFT_COLUMN, RIGHT_COLUMN)
    w.heading("2.1 Growing leaders", 2)
    w.box(BOX_HEADING, BOX_TEXT)
    w.figure(CAPTION)
    w.paragraph("The summit brought together two hundred staff from every profession.")
    w.page()
    w.heading("3. Our workforce", 1)
    w.paragraph("The table shows senior clinical posts by profession and band in 2025.")
    w.table(TABLE)
    w.heading("4. Delivering the strategy", 1)
    w.paragraph("The people committee will review progress against this strategy every year.")
    return w.save(path)


FRAMEWORK_TITLE = "Clinical leadership – a framework for action"
FRAMEWORK_FRONT_PAGES = 2  # cover and contents; printed page 1 is physical 3
FRAMEWORK_BARRIER = (
    "Clinicians from some professions told us they are rarely considered for board-level "
    "roles because the skills they bring are not well understood by recruiters."
)
FRAMEWORK_BOARD = (
    "Boards should make sure that every clinical profession has a visible route to senior "
    "leadership and that their talent management plans name it."
)


def framework_pdf(path: Path) -> Path:
    """Laid out like NHS Improvement's framework: running header "N | Clinical leadership – a
    framework for action", a contents page and numbered sections, with no outline or labels."""
    w = Writer(furniture=framework_furniture(FRAMEWORK_TITLE, FRAMEWORK_FRONT_PAGES))
    w.title(FRAMEWORK_TITLE)
    w.paragraph(
        "A guide for senior leaders on developing professionally diverse senior "
        "clinical leadership. January 2019."
    )
    w.page()
    w.contents(FRAMEWORK_FRONT_PAGES)
    w.heading("1. Introduction", 1)
    for _ in range(3):
        w.paragraph(FILLER)
    w.heading("2. Barriers and enablers", 1)
    w.paragraph("This section sets out what stands in the way and what helps.")
    w.heading("2.1 Barriers", 2)
    for _ in range(6):
        w.paragraph(FILLER)
    w.paragraph(FRAMEWORK_BARRIER)
    w.heading("2.2 Enablers", 2)
    w.paragraph(FILLER)
    w.page()
    w.heading("3. What boards can do", 1)
    w.paragraph(FRAMEWORK_BOARD)
    w.paragraph(FILLER)
    return w.save(path)


POLICY_TITLE = "Clinical supervision policy"


def policy_pdf(path: Path, sections: int = 18) -> Path:
    """A long policy whose printed pages appear only as "Page N of M" footers (2 pages a section)."""
    w = Writer(furniture=page_of_furniture(f"{POLICY_TITLE} v3.2"))
    w.title(POLICY_TITLE)
    for n in range(1, sections + 1):
        w.heading(f"{n}. Section {n} of the policy", 1)
        w.paragraph(f"Section {n} explains the supervision duties of band {n % 4 + 5} staff.")
        for m in range(1, 3):
            w.heading(f"{n}.{m} Duties part {m}", 2)
            for _ in range(6):
                w.paragraph(FILLER)
    return w.save(path)


SCAN_LINES = [
    "Letter from the Chair",
    "",
    "Dear colleagues,",
    "The board agreed on 3 March to fund twelve",
    "clinical leadership fellowships next year.",
]


def scan_pdf(path: Path, lines: Sequence[str] = SCAN_LINES, pages: int = 1) -> Path:
    """A scanned letter: every page an image of printed text, with no text layer."""
    w = Writer()
    for _ in range(pages):
        w.scanned_page(lines)
    return w.save(path)
