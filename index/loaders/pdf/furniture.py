"""Running headers, footers and folios: lines near the page edge that repeat across pages."""

from __future__ import annotations

import re
from collections import Counter

from index.loaders.pdf.chars import Line, Page

_BAND = 0.09  # the top and bottom 9% of a page is where running furniture sits
_ROMAN = r"[ivxlcIVXLC]{1,7}"
_NUMBER = rf"(\d{{1,4}}|{_ROMAN})"
_FOLIO_PATTERNS = [
    re.compile(rf"page\s+{_NUMBER}(?:\s+of\s+\d+)?", re.IGNORECASE),
    re.compile(rf"^{_NUMBER}(?:\s*[|•·]\s*|\s+[–—-]\s+)\S"),
    re.compile(rf"\S(?:\s*[|•·]\s*|\s+[–—-]\s+){_NUMBER}$"),
    re.compile(rf"^{_NUMBER}$"),
]
_FOLIO_TEXT = re.compile(rf"\bpage\s+\d+(\s+of\s+\d+)?\b|\b\d+\b|^{_ROMAN}\b|\b{_ROMAN}$", re.I)


def split(pages: list[Page], body_size: float) -> dict[int, list[Line]]:
    """Take the furniture lines off each page (in place); returns them by page index."""
    candidates = {
        page.index: [ln for ln in page.lines if _in_band(ln, page, body_size)] for page in pages
    }
    seen = Counter(
        key
        for lines in candidates.values()
        for key in {_key(ln, p) for ln, p in _with(lines, pages)}
    )
    texted = sum(1 for page in pages if page.lines)
    needed = max(2, round(0.3 * texted))
    furniture: dict[int, list[Line]] = {}
    for page in pages:
        found = [
            ln
            for ln in candidates[page.index]
            if seen[_key(ln, page)] >= needed
            or not _key(ln, page)[1]
            or folio(ln.text, strict=True)
        ]
        if found:
            furniture[page.index] = found
            page.lines = [ln for ln in page.lines if ln not in found]
    return furniture


def folio(text: str, strict: bool = False) -> str | None:
    """The printed page number a header or footer line carries, if any.

    With strict, only a form that is a folio wherever it sits ("Page 3 of 9", a bare number).
    """
    text = text.strip()
    for n, pattern in enumerate(_FOLIO_PATTERNS):
        if strict and n in (1, 2):
            continue
        if match := pattern.search(text):
            value = match.group(1)
            return value.lower() if not value.isdigit() else str(int(value))
    return None


def page_folio(lines: list[Line]) -> str | None:
    """The folio among a page's furniture lines: "Page N of M" first, then a bare number."""
    for n in (0, 3, 1, 2):
        for line in lines:
            if match := _FOLIO_PATTERNS[n].search(line.text.strip()):
                value = match.group(1)
                return value.lower() if not value.isdigit() else str(int(value))
    return None


def _in_band(line: Line, page: Page, body_size: float) -> bool:
    # A big line near the top is a title or heading, never furniture.
    edge = line.bottom < _BAND * page.height or line.top > (1 - _BAND) * page.height
    return edge and line.size <= body_size * 1.05


def _key(line: Line, page: Page) -> tuple[str, str]:
    # Odd and even pages mirror "3 | Trust" and "Trust | 4": both read "trust" once numbers go.
    text = _FOLIO_TEXT.sub(" ", line.text.lower())
    text = " ".join(re.sub(r"[|•·–—\-]", " ", text).split())
    return ("top" if line.top < page.height / 2 else "bottom"), text


def _with(lines: list[Line], pages: list[Page]) -> list[tuple[Line, Page]]:
    by_index = {page.index: page for page in pages}
    return [(line, by_index[line.page]) for line in lines]
