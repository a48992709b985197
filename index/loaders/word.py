"""Word (.docx) files: title, heading sections, numbered paragraphs, text boxes and table rows.

Only the body is read: headers and footers live in their own parts, which python-docx keeps
apart from `Document.element.body`, so running text such as "Page 1 of 3" never reaches a block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
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
from index.loaders.metadata import is_junk_title
from index.loaders.numbering import Numbering
from index.loaders.tables import row_blocks

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_BODY_STYLES = frozenset({"normal", "body text", "no spacing", "default", "plain text"})
_MAX_HEADING_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?;,]$")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run-level containers whose runs are part of the paragraph's text.
_RUNS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
_RUNS += " | ./w:sdt/w:sdtContent/w:r | ./w:hyperlink/w:ins/w:r"


@dataclass
class _Item:
    """One thing read from the body, before the title is decided."""

    kind: str  # "title" | "heading" | "text" | "aside" | "table"
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int | None = None
    box_label: str | None = None  # a text box's own heading line


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a .docx; its own Title or leading heading beats a stale core-properties title."""
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
    items = list(_Reader(word).items(word.element.body))
    core = collapse(word.core_properties.title or "")
    title, skip = _title(items, core)
    headings = HeadingPath()
    blocks: list[Block] = []
    for index, item in enumerate(items):
        if index == skip or item.kind == "title":
            continue
        if item.kind == "heading":
            headings.enter(item.level, item.text)
        elif item.kind == "table":
            blocks.extend(row_blocks(item.rows, headings.path, item.header_rows))
        elif item.kind == "aside":
            section = headings.path + ((item.box_label,) if item.box_label else ())
            blocks.append(Block(item.text, section, role="aside"))
        else:
            blocks.append(Block(item.text, headings.path))
    return Parsed(tuple(blocks), title=title)


def _title(items: list[_Item], core: str) -> tuple[str | None, int | None]:
    """The document's title, and the index of a heading item used up as the title (if any).

    A Title paragraph wins. Otherwise a heading before any text that no later heading outranks
    is the title, kept out of the sections. Otherwise the core-properties title, unless it is an
    authoring tool's default and the document has a heading to offer instead.
    """
    for item in items:
        if item.kind == "title":
            return item.text, None
    headings = [(index, item) for index, item in enumerate(items) if item.kind == "heading"]
    if headings and headings[0][0] == 0:
        first = headings[0][1]
        if all(item.level > first.level for _, item in headings[1:]):
            return first.text, 0
    if core and not is_junk_title(core):
        return core, None
    return (headings[0][1].text if headings else None), None


class _Reader:
    """Walks the body in order, numbering list paragraphs and pulling out text boxes."""

    def __init__(self, word: WordDocument) -> None:
        self._word = word
        self._numbering = Numbering(word)
        self._styled_level = 0  # the last Heading N seen, so bold headings sit below it

    def items(self, parent: BaseOxmlElement) -> Iterator[_Item]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield from self._paragraph(Paragraph(child, self._word))
            elif child.tag == qn("w:tbl"):
                yield _table(Table(child, self._word))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.items(content)

    def _paragraph(self, paragraph: Paragraph) -> Iterator[_Item]:
        text = paragraph_text(paragraph)
        style = ((paragraph.style.name if paragraph.style is not None else "") or "").strip()
        label = self._numbering.label(paragraph) if text else None
        if label:
            text = f"{label} {text}"
        heading = _HEADING_STYLE.fullmatch(style)
        if not text:
            pass
        elif style == "Title":
            yield _Item("title", text)
        elif heading:
            self._styled_level = int(heading[1])
            yield _Item("heading", text, level=self._styled_level)
        elif label is None and _is_bold_heading(paragraph, style, text):
            yield _Item("heading", text.rstrip(":").strip(), level=self._styled_level + 1)
        else:
            yield _Item("text", text)
        yield from _text_boxes(paragraph)


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's own text: its runs, links and tracked insertions, not its text boxes."""
    return collapse("".join(run.text for run in paragraph._p.xpath(_RUNS)))


def _is_bold_heading(paragraph: Paragraph, style: str, text: str) -> bool:
    """A short Normal paragraph set wholly in bold, without a closing full stop."""
    if style.lower() not in _BODY_STYLES or _SENTENCE_END.search(text):
        return False
    if len(text.split()) > _MAX_HEADING_WORDS:
        return False
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(
        run.bold or (run.bold is None and (style_bold or _char_style_bold(run))) for run in runs
    )


def _char_style_bold(run: object) -> bool:
    style = getattr(run, "style", None)
    return bool(style is not None and style.font.bold)


def _text_boxes(paragraph: Paragraph) -> Iterator[_Item]:
    """Each text box anchored in paragraph, one aside per paragraph inside it.

    Word stores a box twice (DrawingML, and a VML fallback inside mc:Fallback); the fallback
    copy is skipped, as is a box inside another box's text, which its outer box already reads.
    """
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(
            ancestor.tag in (_MC_FALLBACK, qn("w:txbxContent")) for ancestor in box.iterancestors()
        ):
            continue
        texts = [
            text
            for node in box.iter(qn("w:p"))
            if (text := paragraph_text(Paragraph(node, paragraph._parent)))
        ]
        label = None
        if len(texts) > 1 and _is_label(texts[0]):
            label = texts.pop(0)
        for text in texts:
            yield _Item("aside", text, box_label=label)


def _is_label(text: str) -> bool:
    return len(text.split()) <= 8 and not _SENTENCE_END.search(text)


def _table(table: Table) -> _Item:
    rows: list[list[str]] = []
    header_rows = 0
    for row in table.rows:
        # A merged cell appears once per grid column it spans, as the same object.
        cells = list({id(cell._tc): cell for cell in row.cells}.values())
        rows.append(
            [collapse(" ".join(paragraph_text(p) for p in cell.paragraphs)) for cell in cells]
        )
        tr_pr = row._tr.trPr
        if (
            header_rows == len(rows) - 1
            and tr_pr is not None
            and tr_pr.find(qn("w:tblHeader")) is not None
        ):
            header_rows += 1
    if not header_rows and rows and _all_bold(table):
        header_rows = 1
    return _Item("table", rows=rows, header_rows=header_rows or None)


def _all_bold(table: Table) -> bool:
    runs = [
        run
        for cell in table.rows[0].cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]
    return bool(runs) and all(run.bold for run in runs)
