"""Headings from type size, weight and numbering; the title; each paragraph's section path."""

from __future__ import annotations

import re
from collections import Counter

from index.loaders.blocks import HeadingPath
from index.loaders.pdf.catalog import Outline
from index.loaders.pdf.contents import normal
from index.loaders.pdf.layout import Para

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
_CAPTION = re.compile(
    r"^(figure|fig\.|table|photo|image|chart|source|picture)\s*\d*\s*[:.–—-]", re.I
)
_MAX_WORDS = 18


def classify(paras: list[Para], body_size: float, listed: set[str]) -> None:
    """Mark each paragraph heading, title, aside or text, and give headings their levels.

    Args:
        listed: normalised headings named on a contents page; such a line is a heading even
            when its type barely differs from the body's.
    """
    candidates = [
        p for p in paras if p.kind == "text" and _looks_like_heading(p, body_size, listed)
    ]
    for para in paras:
        if para.kind == "text" and _is_caption(para, body_size):
            para.kind = "aside"
    if not candidates:
        return
    first_page = min(p.page for p in paras)
    biggest = max(p.size for p in candidates)
    title = next((p for p in candidates if p.page == first_page), None)
    if (
        title
        and title.size == biggest
        and title.size >= 1.3 * body_size
        and not _NUMBERED.match(title.text)
    ):
        title.kind = "title"
        candidates = [p for p in candidates if p is not title and p.size < title.size]
    levels = _style_levels(candidates)
    for para in candidates:
        para.kind = "heading"
        numbered = _NUMBERED.match(para.text)
        para.level = numbered.group(1).count(".") + 1 if numbered else levels[_style(para)]


def assign_sections(paras: list[Para], outline: Outline) -> None:
    """Give every paragraph the path of headings above it; an outline, when present, wins."""
    if outline:
        _from_outline(paras, outline)
        return
    path = HeadingPath()
    for para in paras:
        if para.kind == "heading":
            path.enter(para.level, para.text)
        para.section = path.path


def _from_outline(paras: list[Para], outline: Outline) -> None:
    titles = {normal(entry[-1]): entry for _, entry in outline}
    by_page: dict[int, list[tuple[str, ...]]] = {}
    for page, entry in outline:
        by_page.setdefault(page, []).append(entry)
    current: tuple[str, ...] = ()
    page = -1
    for para in paras:
        if para.page != page:
            page = para.page
            named = {normal(p.text) for p in paras if p.page == page and p.kind == "heading"}
            for entry in by_page.get(page, []):
                if normal(entry[-1]) not in named:
                    current = entry  # no heading on the page shows where it starts
        if para.kind == "heading":
            if normal(para.text) in titles:
                current = titles[normal(para.text)]
            else:
                para.kind = "text"  # the outline decides what a section is
        para.section = current


def _looks_like_heading(para: Para, body: float, listed: set[str]) -> bool:
    if para.region is not None or not para.lines or len(para.lines) > 3:
        return False
    words = para.text.split()
    if not words or len(words) > _MAX_WORDS or _is_caption(para, body):
        return False
    if normal(para.text) in listed:
        return True
    if para.text.rstrip().endswith((".", ",", ";")) and not _NUMBERED.fullmatch(para.text):
        return False
    return para.size >= 1.12 * body or (para.bold and para.size >= 0.95 * body)


def _is_caption(para: Para, body: float) -> bool:
    if para.region is not None or not para.lines:
        return False
    return bool(_CAPTION.match(para.text)) or (para.italic and para.size < 0.95 * body)


def _style(para: Para) -> tuple[float, bool]:
    return round(para.size, 1), para.bold


def _style_levels(headings: list[Para]) -> dict[tuple[float, bool], int]:
    """Each heading style's level: what its numbered headings say, else by size under them."""
    depths: dict[tuple[float, bool], Counter[int]] = {}
    for para in headings:
        if numbered := _NUMBERED.match(para.text):
            depths.setdefault(_style(para), Counter())[numbered.group(1).count(".") + 1] += 1
    known = {style: counts.most_common(1)[0][0] for style, counts in depths.items()}
    levels: dict[tuple[float, bool], int] = {}
    rank = 0
    for style in sorted({_style(p) for p in headings}, key=lambda s: (-s[0], not s[1])):
        if style in known:
            levels[style] = rank = known[style]
        else:
            rank += 1
            levels[style] = rank
    return levels
