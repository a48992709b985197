"""Generators for small real documents (PDF, DOCX, PNG, ZIP) that tests load or upload."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


@dataclass(frozen=True)
class OutlineItem:
    """A PDF bookmark: its title, the 0-based page it opens, and its children."""

    title: str
    page: int
    children: Sequence[OutlineItem] = ()


@dataclass(frozen=True)
class LabelRange:
    """Printed page labels for pages first..last (0-based, inclusive).

    style is "/D" (1, 2, 3), "/r" (i, ii, iii), "/R", "/a" or "/A"; numbering starts at start.
    """

    first: int
    last: int
    style: str = "/D"
    start: int = 1
    prefix: str | None = None


def make_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    labels: Sequence[LabelRange] = (),
    outline: Sequence[OutlineItem] = (),
    title: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """Write a PDF with one page per string; blank lines in a string separate paragraphs.

    Text must be Latin-1 (fpdf2's built-in Helvetica); a single newline forces a line break,
    so "lead-\\nership" prints a hyphenated word across two lines. An empty string makes a page
    with no text, like a scan. With user_password the file is RC4-encrypted (pypdf needs no
    extra package for RC4); user_password="" makes a file that opens without a password.
    """
    writer = PdfWriter(clone_from=PdfReader(BytesIO(_text_pages(pages))))
    for label in labels:
        writer.set_page_label(
            label.first, label.last, style=label.style, start=label.start, prefix=label.prefix
        )
    _add_outline(writer, outline, parent=None)
    if title is not None:
        writer.add_metadata({"/Title": title})
    if user_password is not None:
        writer.encrypt(
            user_password=user_password,
            owner_password=owner_password or "owner-secret",
            algorithm="RC4-128",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer.write(out)
    return path


def make_encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    """Write a two-page PDF that needs user_password to open."""
    return make_pdf(
        path, ["A protected page.", "Another protected page."], user_password=user_password
    )


def make_docx(
    path: Path,
    body: Sequence[str | tuple[str, str] | Sequence[Sequence[str]]],
    *,
    title: str | None = None,
    merge_first_row: bool = False,
) -> Path:
    """Write a .docx from body items in order.

    Args:
        body: a str is a Normal paragraph; a (style, text) pair is a paragraph in that style,
            e.g. ("Title", ...), ("Heading 1", ...), ("List Bullet", ...); a list of rows
            (each a list of cell texts) is a table.
        title: the core-properties title (File > Info > Title in Word).
        merge_first_row: in every table, merge the first row's cells into one, as Word does
            for a heading row that spans the table.
    """
    document = docx.Document()
    document.core_properties.title = title or ""
    for item in body:
        if isinstance(item, str):
            document.add_paragraph(item)
        elif isinstance(item, tuple):
            style, text = item
            document.add_paragraph(text, style=style)
        else:
            rows = [list(row) for row in item]
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            if merge_first_row:
                merged = table.cell(0, 0).merge(table.cell(0, len(table.columns) - 1))
                merged.text = rows[0][0]
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_zip(path: Path, members: Mapping[str, str | bytes]) -> Path:
    """Write a ZIP archive holding members (name -> content)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def make_png(path: Path) -> Path:
    """Write a valid 1x1 white PNG image."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte, then one white pixel
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def _text_pages(pages: Sequence[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        for paragraph in text.split("\n\n"):
            if paragraph:
                pdf.multi_cell(0, 6, paragraph)
                pdf.ln(6)
    return bytes(pdf.output())


def _add_outline(writer: PdfWriter, items: Sequence[OutlineItem], parent: object) -> None:
    for item in items:
        entry = writer.add_outline_item(title=item.title, page_number=item.page, parent=parent)
        _add_outline(writer, item.children, parent=entry)


def docx_bomb(path: Path, megabytes: int, parts: int = 0) -> Path:
    """A real DOCX whose body XML unzips to `megabytes` of one repeated letter, plus `parts`
    small extra zip entries."""
    make_docx(path, ["A board paper."])
    with zipfile.ZipFile(path) as original:
        members = {name: original.read(name) for name in original.namelist()}
    head, _, tail = members["word/document.xml"].partition(b"<w:body>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in members.items():
            if name != "word/document.xml":
                bomb.writestr(name, data)
        for n in range(parts):
            bomb.writestr(f"customXml/extra{n}.xml", b"<item/>")
        with bomb.open("word/document.xml", "w") as body:
            body.write(head + b"<w:body><w:p><w:r><w:t>")
            for _ in range(megabytes):
                body.write(b"a" * (1 << 20))
            body.write(b"</w:t></w:r></w:p>" + tail.partition(b"</w:body>")[2])
    return path
