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
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_GAP_SPACE = 0.18  # a gap wider than this many ems between glyphs is a space
_GAP_SPLIT = 1.6  # and one wider than this is a column gutter or a table cell boundary
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag


def _prototype(name: str, restype: type, *argtypes: type) -> Any:
    """A PDFium function taking and returning plain ints: the hot loop skips pointer wrapping."""
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address or 0)


_loose_box = _prototype(
    "FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p
)
_text_object = _prototype("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


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
    count = raw.FPDFText_CountChars(tp)
    codes = _codes(tp, count)
    handle = ctypes.cast(tp, ctypes.c_void_p).value
    lines: list[Line] = []
    run: list[tuple[str, float, float, float, float, float, int]] = []
    box = raw.FS_RECTF()
    where = ctypes.byref(box)
    fonts: dict[int | None, tuple[float, int]] = {}  # text object -> size, style
    for i in range(count):
        code = codes[i]
        if code in (10, 13, 0xFFFE):
            continue
        _loose_box(handle, i, where)
        key = _text_object(handle, i)
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = _font(tp, i)
        size = font[0]
        # PDFium reports a hyphen that ends a line as code 2; layout.py decides if it stays.
        char = (
            "-" if code == 2 else chr(code),
            box.left,
            box.right,
            height - box.bottom,
            height - box.top,
            size,
            font[1],
        )
        if run:
            last = run[-1]
            em = max(last[5], size, 1.0)
            # A new baseline (a superscript moves less), a step back left, or a wide gap.
            if (
                abs(char[3] - last[3]) > 0.6 * em
                or char[1] < last[1] - 0.5 * em
                or (char[1] - last[2] > _GAP_SPLIT * em)
            ):
                lines.append(_line(run, index))
                run = []
        run.append(char)
    if run:
        lines.append(_line(run, index))
    return [line for line in lines if line.text]


def _codes(tp: ctypes.c_void_p, count: int) -> list[int]:
    """Every character's code in one call; one per index unless a glyph is outside the BMP."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    raw.FPDFText_GetText(tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    codes = list(memoryview(buffer.raw).cast("H"))[:count]
    if len(codes) == count and 0xD800 not in range(
        min(codes, default=0), max(codes, default=0) + 1
    ):
        return codes
    return [raw.FPDFText_GetUnicode(tp, i) for i in range(count)]


def _font(tp: ctypes.c_void_p, i: int) -> tuple[float, int]:
    """A character's font size and style: 1 bold, 2 italic, 3 both."""
    name = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(tp, i, name, 96, flags)
    font = name.value.decode("latin-1").lower()
    bold = any(word in font for word in ("bold", "black", "heavy", "semibold"))
    bold = bold or bool(flags.value & _FORCE_BOLD) or raw.FPDFText_GetFontWeight(tp, i) >= 600
    italic = "italic" in font or "oblique" in font
    return raw.FPDFText_GetFontSize(tp, i), int(bold) | 2 * italic


def _line(run: list[tuple[str, float, float, float, float, float, int]], index: int) -> Line:
    sizes: dict[float, int] = {}
    for char in run:
        if not char[0].isspace():
            sizes[round(char[5], 1)] = sizes.get(round(char[5], 1), 0) + 1
    size = max(sizes, key=sizes.__getitem__) if sizes else run[0][5]
    baseline = max((c[3] for c in run if round(c[5], 1) == size), default=run[0][3])
    text: list[str] = []
    previous = run[0]
    for char in run:
        spaced = char[0].isspace() or previous[0].isspace()
        if not spaced and char[1] - previous[2] > _GAP_SPACE * size:
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
        bottom=baseline,
        size=size,
        bold=sum(s & 1 for s in styled) >= 0.6 * len(styled),
        italic=sum(s >> 1 for s in styled) >= 0.6 * len(styled),
        page=index,
    )
