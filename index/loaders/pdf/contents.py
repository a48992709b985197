"""Contents pages: lines of headings with dot leaders or a column of page numbers."""

from __future__ import annotations

import re

from index.loaders.pdf.chars import Line, Page

_LEADER = re.compile(r"\s*(?:\.\s?){4,}\s*(\d{1,4}|[ivxlc]{1,7})?\s*$|\s*…{2,}\s*(\d{1,4})?\s*$")
_PAGE_NUMBER = re.compile(r"\d{1,4}|[ivxlc]{1,7}")
_TITLE = re.compile(r"^(contents|table of contents|in this (document|report))$", re.IGNORECASE)


def entries(page: Page) -> list[tuple[str, str]] | None:
    """The (heading, printed page) entries if the page is a contents page, else None."""
    found: list[tuple[str, str]] = []
    numbers = [
        ln for ln in page.lines if _PAGE_NUMBER.fullmatch(ln.text) and ln.x0 > 0.55 * page.width
    ]
    for line in page.lines:
        if line in numbers or _TITLE.match(line.text):
            continue
        match = _LEADER.search(line.text)
        number = _number_beside(line, numbers)
        if match:
            title = line.text[: match.start()].strip()
            label = match.group(1) or match.group(2) or number
        elif number and line.x1 < 0.75 * page.width:
            title, label = line.text, number
        else:
            continue
        if title and label:
            found.append((title, label))
    leaders = sum(1 for line in page.lines if _LEADER.search(line.text))
    return found if leaders >= 3 or len(found) >= max(4, 0.6 * len(page.lines) - 1) else None


def normal(text: str) -> str:
    """A heading's text compared loosely: lower case, one space, no trailing punctuation."""
    return " ".join(text.lower().split()).rstrip(" .:")


def _number_beside(line: Line, numbers: list[Line]) -> str | None:
    for number in numbers:
        if abs(number.bottom - line.bottom) < 2 and number.x0 > line.x1:
            return number.text.lower()
    return None
