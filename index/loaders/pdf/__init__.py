"""PDF files, read from their characters' positions: paragraphs in column order, headings as
sections, printed pages, tables as rows, footnotes and asides apart, furniture and contents out.

pypdf reads the catalogue (encryption, /PageLabels, outline, /Title); pypdfium2 reads the pages
(see chars.py for why). Scanned pages are read by tesseract when it is installed (ocr.py).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from io import BytesIO

import pypdfium2 as pdfium
from pypdf import PdfReader

from index.documents import Block
from index.loaders.blocks import Parsed
from index.loaders.pdf import (
    catalog,
    chars,
    contents,
    footnotes,
    furniture,
    headings,
    layout,
    ocr,
    pages,
    regions,
)
from index.loaders.pdf.layout import Para
from index.loaders.tables import row_blocks

_TERMINAL = (".", "!", "?", ":", ";", "”", '"', "’", ")")
_SKIPPED_BETWEEN = ("footnote", "aside", "table")  # what a sentence may jump over


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a PDF; blocks carry the printed page label and the 1-based physical page number."""
    with catalog.reading(rel_path):
        reader = PdfReader(BytesIO(data))
        catalog.unlock(reader, rel_path)
        document = pdfium.PdfDocument(data, password="" if reader.is_encrypted else None)
        read = [chars.read(document, index) for index in range(len(document))]
        labels = catalog.page_labels(reader, len(read))
        outline = catalog.outline(reader)
        title = catalog.info_title(reader)
        return _parse(read, document, labels, outline, title)


def _parse(
    read: list[chars.Page],
    document: pdfium.PdfDocument,
    labels: list[str] | None,
    outline: catalog.Outline,
    info_title: str | None,
) -> Parsed:
    body = _body_size(read)
    printed = pages.printed(len(read), labels, furniture.split(read, body))
    listed: set[str] = set()
    paras: list[Para] = []
    scanned: list[int] = []
    unreadable: list[int] = []
    for page in read:
        if (entries := contents.entries(page)) is not None:
            listed |= {contents.normal(heading) for heading, _ in entries}
            continue  # a contents page is never indexed as text
        if not page.lines:
            # A page with no text is a scan if something is drawn on it, or if no page has text.
            if page.images or page.paths or not any(p.lines for p in read):
                found = ocr.read(document, page.index) if ocr.available() else []
                paras += [Para(text, page.index, kind="scanned") for text in found]
                (scanned if found else unreadable).append(page.index + 1)
            continue
        paras += _page_paras(page, body)
    headings.classify([p for p in paras if p.kind == "text"], body, listed)
    headings.assign_sections(paras, outline)
    _join_across_breaks(paras)
    title = next((p.text for p in paras if p.kind == "title"), None) or info_title
    blocks = [block for para in paras for block in _blocks(para, printed)]
    warnings = [_ocr_warning(scanned)] if scanned else []
    return Parsed(
        tuple(blocks), title=title, warnings=tuple(warnings), unreadable_pages=tuple(unreadable)
    )


def _ocr_warning(pages: list[int]) -> str:
    listed = ", ".join(map(str, pages))
    which = (
        f"page {listed} is a scanned image"
        if len(pages) == 1
        else f"pages {listed} are scanned images"
    )
    return f"{which} read by OCR (tesseract); OCR can misread words, so check quotes from it"


def _page_paras(page: chars.Page, body: float) -> list[Para]:
    notes, page.lines = footnotes.split(page, body)
    found, rest = regions.find(page)
    numbers = {number for number, _ in notes}
    paras = []
    for para in layout.read(rest, found, page.width, page.index):
        if para.region is None:
            para.text = footnotes.strip_markers(para.text, numbers)
            paras.append(para)
        elif para.region.kind == "table":
            para.kind = "table"
            paras.append(para)
        else:  # a box's own lines: its heading and paragraphs, all asides
            lines = sorted(para.region.lines, key=lambda ln: (ln.top, ln.x0))
            for inner in layout.paragraphs(list(lines), page.index):
                inner.kind = "aside"
                inner.text = footnotes.strip_markers(inner.text, numbers)
                paras.append(inner)
    paras += [Para(text, page.index, kind="footnote") for _, text in notes]
    return paras


def _join_across_breaks(paras: list[Para]) -> None:
    """Join a sentence cut by a column or page break, jumping footnotes and asides between."""
    for n, para in enumerate(paras):
        if para.kind != "text" or not para.ends_run or para.text.endswith(_TERMINAL):
            continue
        after = next((p for p in paras[n + 1 :] if p.kind not in _SKIPPED_BETWEEN), None)
        if after is None or after.kind != "text" or not after.starts_run:
            continue
        if after.text[:1].islower() or para.text.endswith(("-", ",")):
            para.text = layout.join(para.text, after.text)
            para.ends_run = after.ends_run
            after.kind = "joined"


def _blocks(para: Para, printed: list[str | None]) -> list[Block]:
    page, number = printed[para.page], para.page + 1
    if para.kind == "table" and para.region is not None:
        rows = row_blocks(para.region.rows, para.section, para.region.header_rows)
        return [dataclasses.replace(block, page=page, page_number=number) for block in rows]
    if para.kind not in ("text", "aside", "footnote", "scanned") or not para.text:
        return []
    return [Block(para.text, para.section, page, number, role=para.kind)]


def _body_size(read: list[chars.Page]) -> float:
    """The type size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for page in read:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0
