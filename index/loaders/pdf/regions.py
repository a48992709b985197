"""Ruled tables and boxed text, found from the rectangles and rules drawn on a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from index.loaders.pdf.chars import Line, Page

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom
_THIN = 2.5  # points: a rectangle thinner than this is a rule
_NEAR = 2.0


@dataclass
class Region:
    """A table (rows of cell texts) or a box (its lines), with the area it covers."""

    kind: str  # "table" or "box"
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int | None = None  # 1 when the first row is bold, else judged from its words
    lines: list[Line] = field(default_factory=list)


def find(page: Page) -> tuple[list[Region], list[Line]]:
    """The page's tables and boxes, and the lines that lie outside all of them."""
    regions = []
    rest = page.lines
    for cluster in _clusters(_cells(page)):
        inside, rest = _split(rest, _bounds(cluster))
        if not inside:
            continue
        cols, rows = (
            _edges([(c[0], c[2]) for c in cluster]),
            _edges([(c[1], c[3]) for c in cluster]),
        )
        x0, top, x1, bottom = _bounds(cluster)
        if len(cols) >= 3 and len(rows) >= 3:
            regions.append(_table(x0, top, x1, bottom, cols, rows, inside))
        else:
            regions.append(Region("box", x0, top, x1, bottom, lines=inside))
    return regions, rest


def _cells(page: Page) -> list[Rect]:
    """Rectangles that could be cells or boxes, including the grid that separate rules make."""
    area = page.width * page.height
    boxes, across, down = [], [], []
    for x0, top, x1, bottom in page.rects:
        width, height = x1 - x0, bottom - top
        if height < _THIN and width > 10:
            across.append((x0, top, x1, bottom))
        elif width < _THIN and height > 10:
            down.append((x0, top, x1, bottom))
        elif width > 10 and height > 10 and width * height < 0.8 * area:
            boxes.append((x0, top, x1, bottom))
    if len(across) >= 2 and len(down) >= 2:
        xs = _edges([((r[0] + r[2]) / 2, (r[0] + r[2]) / 2) for r in down])
        ys = _edges([((r[1] + r[3]) / 2, (r[1] + r[3]) / 2) for r in across])
        boxes += [(a, t, b, u) for a, b in pairwise(xs) for t, u in pairwise(ys)]
    return boxes


def _clusters(cells: list[Rect]) -> list[list[Rect]]:
    """Cells grouped where they touch or overlap."""
    groups: list[list[Rect]] = []
    for cell in sorted(cells, key=lambda c: (c[1], c[0])):
        touching = [g for g in groups if any(_touch(cell, other) for other in g)]
        merged = [cell, *(c for g in touching for c in g)]
        groups = [g for g in groups if g not in touching] + [merged]
    # A cell drawn inside a bigger box (a table inside a panel) belongs to the inner grid.
    return [g for g in groups if not _nested(g, groups)]


def _touch(a: Rect, b: Rect) -> bool:
    return (
        a[0] <= b[2] + _NEAR
        and b[0] <= a[2] + _NEAR
        and a[1] <= b[3] + _NEAR
        and b[1] <= a[3] + _NEAR
    )


def _nested(group: list[Rect], groups: list[list[Rect]]) -> bool:
    return (
        False
        if len(group) > 1
        else any(
            other is not group and len(other) > 1 and _inside(_bounds(other), _bounds(group))
            for other in groups
        )
    )


def _inside(inner: Rect, outer: Rect) -> bool:
    return (
        inner[0] >= outer[0] - _NEAR
        and inner[2] <= outer[2] + _NEAR
        and inner[1] >= outer[1] - _NEAR
        and inner[3] <= outer[3] + _NEAR
    )


def _bounds(rects: list[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _edges(spans: list[tuple[float, float]]) -> list[float]:
    """Distinct boundary positions, those within a stroke's width of each other merged."""
    merged: list[float] = []
    for value in sorted(v for span in spans for v in span):
        if not merged or value - merged[-1] > 3:
            merged.append(value)
    return merged


def _split(lines: list[Line], area: Rect) -> tuple[list[Line], list[Line]]:
    inside: list[Line] = []
    outside: list[Line] = []
    for line in lines:
        x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
        within = area[0] <= x <= area[2] and area[1] <= y <= area[3]
        (inside if within else outside).append(line)
    return inside, outside


def _table(
    x0: float,
    top: float,
    x1: float,
    bottom: float,
    cols: list[float],
    rows: list[float],
    lines: list[Line],
) -> Region:
    grid = [[""] * (len(cols) - 1) for _ in rows[1:]]
    bold = [True] * len(grid)
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        col = _index(cols, line.x0 + 1)
        row = _index(rows, (line.top + line.bottom) / 2)
        grid[row][col] = f"{grid[row][col]} {line.text}".strip()
        bold[row] = bold[row] and line.bold
    filled = [r for r, cells in enumerate(grid) if any(cells)]
    cells = [grid[r] for r in filled]
    header = 1 if filled and bold[filled[0]] and not all(bold[r] for r in filled) else None
    return Region("table", x0, top, x1, bottom, rows=cells, header_rows=header)


def _index(edges: list[float], value: float) -> int:
    for n, edge in enumerate(edges[1:-1]):
        if value < edge:
            return n
    return len(edges) - 2
