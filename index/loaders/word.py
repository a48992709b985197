"""Word (.docx) files: the Title paragraph, Heading sections, paragraphs and table rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

from index.documents import Block
from index.errors import SkippedFile
from index.loaders.blocks import HeadingPath, Parsed, collapse, short_cause

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a .docx; a "Title" paragraph beats the file's core-properties title."""
    try:
        word = docx.Document(BytesIO(data))
        return _read(word)
    except Exception as exc:  # zipfile, lxml and python-docx all raise on broken files
        raise SkippedFile(
            rel_path,
            f"could not be read as DOCX: {short_cause(exc)}; "
            "save it again from Word and re-upload it",
        ) from exc


def _read(word: WordDocument) -> Parsed:
    headings = HeadingPath()
    blocks: list[Block] = []
    title: str | None = None
    for item in _body_items(word, word.element.body):
        if isinstance(item, Table):
            blocks.extend(Block(row, headings.path) for row in _rows(item))
            continue
        text = collapse(item.text)
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        heading = _HEADING_STYLE.fullmatch(style)
        if style == "Title" and title is None:
            title = text
        elif heading:
            headings.enter(int(heading[1]), text)
        else:
            blocks.append(Block(text, headings.path))
    return Parsed(tuple(blocks), title=title or collapse(word.core_properties.title or "") or None)


def _body_items(word: WordDocument, parent: BaseOxmlElement) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables in document order, including those inside content controls."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, word)
        elif child.tag == qn("w:tbl"):
            yield Table(child, word)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_items(word, content)


def _rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        # A merged cell appears once per grid column it spans, as the same object.
        cells = list({id(cell): cell for cell in row.cells}.values())
        texts = [collapse(cell.text) for cell in cells]
        if any(texts):
            yield " | ".join(text for text in texts if text)
