"""A page's characters as positioned text lines, and its drawn rectangles, read with pypdfium2.

Why pypdfium2 rather than pdfplumber: on the same generated files both give the same characters,
fonts and sizes, but pdfplumber (pure-Python pdfminer.six) took 85 ms a page just to list the
characters of a dense A4 page, while pypdfium2 (PDFium, the C++ engine in Chrome) lists them with
origin, box, size and font in 10 ms, and the whole layout pass here runs at ~100 pages/s.
pdfplumber's table finder is its one extra; ruled tables are simple enough to find from the
rectangles PDFium reports (see tables.py). PyMuPDF would be as fast but is AGPL.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_GAP_SPACE = 0.18  # a gap wider than this many ems between glyphs is a space
_GAP_SPLIT = 1.6  # and one wider than this is a column gutter or a table cell boundary
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag


@dataclass(slots=True)
class Line:
    """One run of text on one baseline, in top-down page coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size most of its characters have
    bold: bool
    italic: bool
    page: int  # 0-based physical page


@dataclass
class Page:
    """What one page holds: its text lines, drawn rectangles and whether it has images."""

    index: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0 top x1 bot
    images: int = 0
    paths: int = 0


def read(document: pdfium.PdfDocument, index: int) -> Page:
    """Read one page's text lines and the rectangles and images drawn on it."""
    page = document[index]
    width, height = page.get_size()
    found = Page(index, width, height)
    textpage = page.get_textpage()
    found.lines = _lines(textpage.raw, index, height)
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE]):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            found.images += 1
            continue
        found.paths += 1
        left, bottom, right, top = obj.get_bounds()
        found.rects.append((left, height - top, right, height - bottom))
    textpage.close()
    page.close()
    return found


def _lines(tp: ctypes.c_void_p, index: int, height: float) -> list[Line]:
    """Characters in content order, cut into lines where the baseline moves or x goes back."""
    lines: list[Line] = []
    run: list[tuple[str, float, float, float, float, float, int]] = []
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts: dict[int | None, int] = {}  # text object -> 0 plain, 1 bold, 2 italic, 3 both
    name = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (10, 13, 0xFFFE) or raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        raw.FPDFText_GetLooseCharBox(tp, i, box)
        size = raw.FPDFText_GetFontSize(tp, i)
        key = ctypes.cast(raw.FPDFText_GetTextObject(tp, i), ctypes.c_void_p).value
        style = fonts.get(key)
        if style is None:
            raw.FPDFText_GetFontInfo(tp, i, name, 96, flags)
            font = name.value.decode("latin-1").lower()
            bold = "bold" in font or "black" in font or "heavy" in font
            bold = (
                bold or bool(flags.value & _FORCE_BOLD) or raw.FPDFText_GetFontWeight(tp, i) >= 600
            )
            style = fonts[key] = int(bold) | 2 * ("italic" in font or "oblique" in font)
        # PDFium reports a hyphen that ends a line as code 2; layout.py decides if it stays.
        char = (
            "-" if code == 2 else chr(code),
            ox.value,
            box.right,
            height - oy.value,
            height - box.top,
            size,
            style,
        )
        if run and _breaks(run[-1], char):
            lines.append(_line(run, index, height))
            run = []
        run.append(char)
    if run:
        lines.append(_line(run, index, height))
    return [line for line in lines if line.text]


def _breaks(last: tuple[str, float, float, float, float, float, int], char: tuple) -> bool:
    em = max(last[5], char[5], 1.0)
    if abs(char[3] - last[3]) > 0.6 * em:  # a new baseline (superscripts move less)
        return True
    return char[1] < last[1] - 0.5 * em or char[1] - last[2] > _GAP_SPLIT * em


def _line(
    run: list[tuple[str, float, float, float, float, float, int]], index: int, height: float
) -> Line:
    sizes: dict[float, int] = {}
    for char in run:
        if not char[0].isspace():
            sizes[round(char[5], 1)] = sizes.get(round(char[5], 1), 0) + 1
    size = max(sizes, key=sizes.__getitem__) if sizes else run[0][5]
    baseline = max((c[3] for c in run if round(c[5], 1) == size), default=run[0][3])
    text: list[str] = []
    previous = None
    for char in run:
        if previous is not None and not char[0].isspace() and not previous[0].isspace():
            if char[1] - previous[2] > _GAP_SPACE * size:
                text.append(" ")
        glyph = char[0]
        # A smaller digit set above the baseline is a footnote marker: keep it recognisable.
        if glyph.isdigit() and char[5] < 0.8 * size and baseline - char[3] > 0.15 * size:
            glyph = glyph.translate(_SUPERSCRIPTS)
        text.append(glyph)
        previous = char
    inked = [c for c in run if not c[0].isspace()] or run
    styled = [c[6] for c in inked]
    return Line(
        text=" ".join("".join(text).split()),
        x0=min(c[1] for c in inked),
        x1=max(c[2] for c in inked),
        top=min(c[4] for c in inked),
        bottom=baseline + 0.25 * size,
        size=size,
        bold=sum(s & 1 for s in styled) >= 0.6 * len(styled),
        italic=sum(s >> 1 for s in styled) >= 0.6 * len(styled),
        page=index,
    )
