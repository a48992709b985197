"""Footnotes: small type at the foot of a page, and the markers that point to them."""

from __future__ import annotations

import re

from index.loaders.pdf.chars import Line, Page

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKER = re.compile(rf"^([0-9]{{1,3}}|[{_SUPERSCRIPT}]{{1,3}}|\*{{1,3}}|†)\s?(?=\S)")
_TO_DIGITS = str.maketrans(_SUPERSCRIPT, "0123456789")


def split(page: Page, body_size: float) -> tuple[list[tuple[str, str]], list[Line]]:
    """The page's footnotes as (number, text), and its other lines."""
    small = 0.88 * body_size
    body_bottom = max((ln.bottom for ln in page.lines if ln.size > small), default=0.0)
    foot = [
        ln
        for ln in page.lines
        if ln.size <= small and ln.top >= body_bottom - 1 and ln.top > 0.5 * page.height
    ]
    foot.sort(key=lambda ln: ln.top)
    if not foot or not _MARKER.match(foot[0].text):
        return [], page.lines
    notes: list[tuple[str, str]] = []
    for line in foot:
        if match := _MARKER.match(line.text):
            notes.append((match.group(1).translate(_TO_DIGITS), line.text))
        else:
            number, text = notes[-1]
            notes[-1] = (number, f"{text} {line.text}")
    return notes, [ln for ln in page.lines if ln not in foot]


def strip_markers(text: str, numbers: set[str]) -> str:
    """Remove footnote markers glued to a word ("Plan¹", "Plan1.") for notes that exist."""
    if not numbers:
        return text
    plain = "|".join(sorted((re.escape(n) for n in numbers if n.isdigit()), key=len, reverse=True))
    raised = "|".join(n.translate(str.maketrans("0123456789", _SUPERSCRIPT)) for n in numbers)
    pattern = rf"(?:(?<=[a-z)\]”\"’])|(?<=[a-z][.,;:]))(?:{plain})(?=[\s.,;:!?)\]”’]|$)|[{_SUPERSCRIPT}]*(?:{raised})"
    return re.sub(pattern, "", text) if plain else text
