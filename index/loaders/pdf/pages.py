"""Printed page labels: the file's /PageLabels, else the folios printed on the pages."""

from __future__ import annotations

from index.loaders.pdf.chars import Line
from index.loaders.pdf.furniture import page_folio


def printed(count: int, labels: list[str] | None, furniture: dict[int, list[Line]]) -> list[str]:
    """Each page's printed label; pages without a folio follow their neighbours' numbering."""
    if labels is not None:
        return labels
    found: dict[int, str] = {}
    for index, lines in furniture.items():
        if value := page_folio(lines):
            found[index] = value
    result = []
    offset: int | None = None  # printed minus physical, from the last arabic folio seen
    for index in range(count):
        if index in found:
            value = found[index]
            offset = int(value) - index if value.isdigit() else None
            result.append(value)
        elif offset is not None and index + offset >= 1:
            result.append(str(index + offset))
        else:
            result.append(str(index + 1))
    return result
