"""Reading order and paragraphs from line geometry: columns, line gaps, indents, hyphens."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.loaders.pdf.chars import Line
from index.loaders.pdf.regions import Region

Item = Line | Region


@dataclass
class Para:
    """A paragraph (or a table or box) as read, before it is judged heading, text or aside."""

    text: str
    page: int
    lines: list[Line] = field(default_factory=list)
    region: Region | None = None
    kind: str = "text"  # text, heading, aside, table, footnote, title
    starts_run: bool = False  # first in its column or page, so a sentence may continue into it
    ends_run: bool = False
    level: int = 0  # heading level, from headings.py
    section: tuple[str, ...] = ()

    @property
    def size(self) -> float:
        return max((line.size for line in self.lines), default=0.0)

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(line.bold for line in self.lines)

    @property
    def italic(self) -> bool:
        return bool(self.lines) and all(line.italic for line in self.lines)


def read(lines: list[Line], regions: list[Region], width: float, page: int) -> list[Para]:
    """A page's paragraphs in reading order, each column's first and last marked."""
    paras: list[Para] = []
    for run in order([*lines, *regions], width):
        found = paragraphs(run, page)
        if found:
            found[0].starts_run = found[-1].ends_run = True
            paras.extend(found)
    return paras


def order(items: list[Item], width: float) -> list[list[Item]]:
    """Items in reading order as runs: left column before right, full-width items between."""
    items = sorted(items, key=lambda item: (item.top, item.x0))
    gutter = _gutter([item for item in items if isinstance(item, Line)], width)
    if gutter is None:
        return [items] if items else []
    runs: list[list[Item]] = []
    band: list[Item] = []
    for item in [*items, None]:
        if item is None or (item.x0 < gutter - 2 and item.x1 > gutter + 2):
            runs.extend(_columns(band, gutter))
            band = []
            if item is not None:
                if runs and runs[-1] and _spans(runs[-1][-1], gutter):
                    runs[-1].append(item)
                else:
                    runs.append([item])
        else:
            band.append(item)
    return [run for run in runs if run]


def paragraphs(run: list[Item], page: int) -> list[Para]:
    """Lines grouped into paragraphs at wide gaps, style changes, indents and short last lines."""
    lines = [item for item in run if isinstance(item, Line)]
    left = min((line.x0 for line in lines), default=0.0)
    paras: list[Para] = []
    current: list[Line] = []
    for item in run:
        if isinstance(item, Region):
            if current:
                paras.append(_para(current, page))
                current = []
            paras.append(Para("", page, region=item))
            continue
        if current and _starts_paragraph(current[-1], item, left):
            paras.append(_para(current, page))
            current = []
        current.append(item)
    if current:
        paras.append(_para(current, page))
    return paras


def join(first: str, second: str) -> str:
    """Join two lines, mending a word hyphenated across them ("lead-" + "ership")."""
    first, second = first.replace("\u00ad", ""), second.replace("\u00ad", "")
    if not first or not second:
        return first or second
    if first.endswith("-") and len(first) > 1 and first[-2].isalpha():
        return first[:-1] + second if second[0].islower() else first + second
    return f"{first} {second}"


def _starts_paragraph(prev: Line, line: Line, left: float) -> bool:
    size = max(prev.size, 1.0)
    if abs(line.size - prev.size) > 0.08 * size or (line.bold, line.italic) != (
        prev.bold,
        prev.italic,
    ):
        return True
    if line.top < prev.top - 1 or line.top - prev.bottom > 0.5 * size:
        return True
    return line.x0 - left > size and prev.x0 - left < 0.5 * size  # a first-line indent


def _para(lines: list[Line], page: int) -> Para:
    text = ""
    for line in lines:
        text = join(text, line.text)
    return Para(text, page, lines=list(lines))


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x where a right column starts, if the page has two columns side by side."""
    best, best_count = None, 0
    for x in sorted({round(line.x0) for line in lines if 0.3 * width < line.x0 < 0.7 * width}):
        right = [ln for ln in lines if ln.x0 >= x - 2]
        left = [ln for ln in lines if ln.x1 <= x - 2]
        beside = [r for r in right if any(lf.top < r.bottom and r.top < lf.bottom for lf in left)]
        if len(beside) >= 3 and len(left) >= 3 and len(beside) > best_count:
            best, best_count = float(x), len(beside)
    return best


def _spans(item: Item, gutter: float) -> bool:
    return item.x0 < gutter - 2 and item.x1 > gutter + 2


def _columns(band: list[Item], gutter: float) -> list[list[Item]]:
    """A band between full-width items: what is above both columns, left, right, then below."""
    left = [item for item in band if item.x1 <= gutter + 2]
    right = [item for item in band if item.x1 > gutter + 2]
    if not left or not right:
        return [band]
    top, bottom = min(r.top for r in right), max(r.bottom for r in right)
    above = [item for item in left if item.bottom <= top + 1]
    beside = [item for item in left if item not in above]
    # The left column may run on below the right one; what follows a wide gap, a bigger line
    # or a table is full-width again.
    for n, item in enumerate(beside[1:], start=1):
        prev = beside[n - 1]
        if item.top >= bottom - 1 and _new_block(prev, item):
            return [above, beside[:n], right, beside[n:]]
    return [above, beside, right]


def _new_block(prev: Item, item: Item) -> bool:
    if isinstance(prev, Region) or isinstance(item, Region):
        return True
    return item.top - prev.bottom > 1.5 * prev.size or item.size > 1.1 * prev.size
