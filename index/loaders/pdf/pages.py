"""Printed page labels: the file's /PageLabels, else the folios printed on the pages."""

from __future__ import annotations

from index.loaders.pdf.chars import Line
from index.loaders.pdf.furniture import page_folio


def printed(
    count: int, labels: list[str] | None, furniture: dict[int, list[Line]]
) -> list[str | None]:
    """Each page's printed label; pages without a folio follow their neighbours' numbering.

    A page before the first numbered one that the numbering does not reach (a cover, a
    document-control sheet) has no printed page, rather than one that collides with page 1.
    A file with no folios at all is labelled by physical page.
    """
    if labels is not None:
        return list(labels)
    found: dict[int, str] = {}
    for index, lines in furniture.items():
        if value := page_folio(lines):
            found[index] = value
    if not found:
        return [str(index + 1) for index in range(count)]
    arabic = sorted(i for i, value in found.items() if value.isdigit())
    result: list[str | None] = []
    offset: int | None = None  # printed minus physical, from the last arabic folio seen
    for index in range(count):
        if index in found:
            value = found[index]
            offset = int(value) - index if value.isdigit() else None
            result.append(value)
        elif offset is not None and index + offset >= 1:
            result.append(str(index + offset))
        elif following := [i for i in arabic if i > index]:
            # Count back from the next numbered page: page 3 two pages before "5".
            back = int(found[following[0]]) - (following[0] - index)
            result.append(str(back) if back >= 1 else None)
        else:
            result.append(None)
    return result
