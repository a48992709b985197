"""Draw the Teams app icons: color.png (192x192) and outline.png (32x32), in pure Python.

Run `python teams/make_icons.py` to redraw them; the PNGs are committed, so packaging never
needs this script. The mark is a speech bubble holding the letters "LB", drawn on a 32-unit
grid: white on NHS blue for the colour icon, a white outline on transparent for the outline
icon (what Teams asks of each).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
NHS_BLUE = (0x00, 0x5E, 0xB8)
WHITE = (0xFF, 0xFF, 0xFF)
GRID = 32  # every shape below is in units of this grid
SAMPLES = 4  # supersamples per pixel side, for smooth edges
STROKE = 2.0  # outline width, in grid units

Shape = Callable[[float, float], bool]

# Block letters as rectangles (x0, y0, x1, y1); edges on whole units stay crisp at 32 px.
LETTERS = (
    (9, 9, 11, 19),  # L: stem
    (9, 17, 15, 19),  # L: foot
    (17, 9, 19, 19),  # B: stem
    (17, 9, 22, 11),  # B: top
    (17, 13, 22, 15),  # B: waist
    (17, 17, 22, 19),  # B: bottom
    (21, 10, 23, 13),  # B: upper bowl
    (21, 15, 23, 18),  # B: lower bowl
)


def round_rect(x0: float, y0: float, x1: float, y1: float, r: float) -> Shape:
    def inside(x: float, y: float) -> bool:
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    return inside


def triangle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> Shape:
    def side(p: tuple[float, float], q: tuple[float, float], x: float, y: float) -> float:
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])

    def inside(x: float, y: float) -> bool:
        d1, d2, d3 = side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)
        return (d1 >= 0 and d2 >= 0 and d3 >= 0) or (d1 <= 0 and d2 <= 0 and d3 <= 0)

    return inside


def rects(boxes: Iterable[tuple[float, float, float, float]]) -> Shape:
    boxes = tuple(boxes)
    return lambda x, y: any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)


BODY = round_rect(3, 5, 29, 23, 5)
TAIL = triangle((8, 22), (14, 22), (7, 28))


def bubble(x: float, y: float) -> bool:
    return BODY(x, y) or TAIL(x, y)


letters = rects(LETTERS)


def sample_grid(size: int, shape: Shape) -> list[list[bool]]:
    """Sample shape at the centre of every sub-pixel of a size x size image."""
    n = size * SAMPLES
    step = GRID / n
    return [[shape((i + 0.5) * step, (j + 0.5) * step) for i in range(n)] for j in range(n)]


def stroke(filled: list[list[bool]], width: float, size: int) -> list[list[bool]]:
    """The filled area's border band: inside, but within `width` units of the outside."""
    n = len(filled)
    reach = width * n / GRID
    r = int(reach) + 1
    disk = [
        (di, dj)
        for di in range(-r, r + 1)
        for dj in range(-r, r + 1)
        if di * di + dj * dj <= reach * reach
    ]

    def near_outside(i: int, j: int) -> bool:
        for di, dj in disk:
            x, y = i + di, j + dj
            if not (0 <= x < n and 0 <= y < n) or not filled[y][x]:
                return True
        return False

    return [[filled[j][i] and near_outside(i, j) for i in range(n)] for j in range(n)]


def coverage(grid: list[list[bool]], size: int) -> list[list[float]]:
    """Fraction of each pixel's sub-samples that are set."""
    total = SAMPLES * SAMPLES
    return [
        [
            sum(
                grid[py * SAMPLES + j][px * SAMPLES + i]
                for j in range(SAMPLES)
                for i in range(SAMPLES)
            )
            / total
            for px in range(size)
        ]
        for py in range(size)
    ]


def png(size: int, pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    """An 8-bit RGBA PNG: signature, IHDR, one IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def color_icon(size: int = 192) -> bytes:
    """White bubble with blue letters cut out, on NHS blue; opaque."""
    grid = sample_grid(size, lambda x, y: bubble(x, y) and not letters(x, y))
    white = coverage(grid, size)
    pixels = [
        [
            (*(round(b + (w - b) * c) for b, w in zip(NHS_BLUE, WHITE, strict=True)), 255)
            for c in row
        ]
        for row in white
    ]
    return png(size, pixels)


def outline_icon(size: int = 32) -> bytes:
    """White bubble outline and letters on a transparent background."""
    border = stroke(sample_grid(size, bubble), STROKE, size)
    marks = sample_grid(size, letters)
    n = size * SAMPLES
    union = [[border[j][i] or marks[j][i] for i in range(n)] for j in range(n)]
    alpha = coverage(union, size)
    return png(size, [[(*WHITE, round(255 * a)) for a in row] for row in alpha])


def main() -> None:
    (HERE / "color.png").write_bytes(color_icon())
    (HERE / "outline.png").write_bytes(outline_icon())
    print(f"wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
