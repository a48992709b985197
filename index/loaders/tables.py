"""Table rows as self-contained lines: "<row label> — <header>: <value>; <header>: <value>"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from index.documents import Block

# A header cell names a column: short, and not a figure or a date.
_FIGURE = re.compile(r"[\d£$€%.,:/()+\-–\s]+|.*\b\d{4}\b.*")
_MAX_HEADER_WORDS = 8


def row_text(headers: Sequence[str], cells: Sequence[str]) -> str:
    """One data row read with its column names; the first cell is the row's label.

    A row with no header names, or one whose cells outnumber them, is joined with " | ".
    """
    if not headers or len(cells) > len(headers):
        return " | ".join(cell for cell in cells if cell)
    label, *values = cells
    named = [
        f"{header}: {value}" if header else value
        for header, value in zip(headers[1:], values, strict=False)
        if value
    ]
    if not named:
        return label
    return f"{label} — {'; '.join(named)}" if label else "; ".join(named)


def looks_like_header(cells: Sequence[str]) -> bool:
    """Whether an unmarked first row reads as column names rather than data."""
    filled = [cell for cell in cells if cell]
    return (
        len(cells) >= 2
        and len(filled) >= 2
        and all(len(cell.split()) <= _MAX_HEADER_WORDS for cell in filled)
        and not any(_FIGURE.fullmatch(cell) for cell in filled[1:])
        and not any(cell.endswith(".") for cell in filled)
    )


def row_blocks(
    rows: Sequence[Sequence[str]], section: tuple[str, ...], header_rows: int | None = None
) -> Iterator[Block]:
    """A table's rows as table-row blocks, each carrying its column names.

    Args:
        rows: cell texts per row, one entry per column (a merged cell given once).
        header_rows: how many leading rows the file marks as headers (<th>, Word's "repeat as
            header row"); None means unmarked, so the first row is judged by looks_like_header.
    """
    rows = [list(row) for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    # A first row with one cell spanning the table is its caption, not its column names.
    while width > 1 and len(rows) > 1 and len([cell for cell in rows[0] if cell]) == 1:
        yield Block(next(cell for cell in rows[0] if cell), section)
        rows = rows[1:]
        header_rows = max(header_rows - 1, 0) if header_rows else header_rows
    if not rows:
        return
    if header_rows is None:
        header_rows = 1 if len(rows) > 1 and looks_like_header(rows[0]) else 0
    headers = rows[header_rows - 1] if header_rows else []
    if header_rows and len(rows) == header_rows:
        # A table that is all header says nothing more than its names.
        yield Block(" | ".join(cell for cell in headers if cell), section, role="table-row")
        return
    for cells in rows[header_rows:]:
        yield Block(row_text(headers, cells), section, role="table-row")
