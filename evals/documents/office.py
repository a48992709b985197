"""A Trust Board paper as Word writes it: header and footer, tables, a text box, a numbered list."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from evals.documents.layout import CREATED, Source

NAME = "board-paper-leadership-progress.docx"
STALE_TITLE = "Trust Board report template (2024)"
HEADER = "Trust Board (Part 1) – 14 May 2026 – Agenda item 9"
FOOTER = "Board paper BP/26/041 – OFFICIAL"
TITLE = "Clinical leadership strategy: six-month progress report"
TEXT_BOX = (
    "Decision required: the Board is asked to approve £85,000 of recurrent funding to backfill "
    "protected leadership time from April 2027."
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"


def _text_box(paragraph: Paragraph, text: str) -> None:
    """A VML text box anchored in paragraph, as older Word templates still produce."""
    run = parse_xml(
        f'<w:r xmlns:w="{_W}" xmlns:v="{_V}"><w:pict>'
        '<v:shape id="DecisionBox" type="#_x0000_t202" style="width:430pt;height:60pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(run)


def _heading(document: Document, text: str) -> None:
    """A short bold Normal paragraph: how many board papers mark their headings."""
    document.add_paragraph().add_run(text).bold = True


def _table(document: Document, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True


_PARAGRAPHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Purpose of the report",
        (
            "This report updates the Board on the first six months of the clinical leadership "
            "strategy, from October 2025 to March 2026.",
        ),
    ),
    (
        "Progress to date",
        (
            "The first cohort of the Aspiring Leaders Programme started in January 2026 with 42 of "
            "its 48 places filled.",
            "Eleven clinicians have completed executive shadowing so far, including two "
            "podiatrists and a clinical psychologist.",
        ),
    ),
)


def _save(document: Document, path: Path) -> None:
    """Save with fixed zip entry times, so the file is byte-identical on every run."""
    raw = BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(zipfile.ZipInfo(item.filename, CREATED.timetuple()[:6]), old.read(item))


def generate(folder: Path) -> Source:
    """Write the board paper into folder; return what it holds."""
    document = docx.Document()
    document.core_properties.title = STALE_TITLE
    document.core_properties.created = document.core_properties.modified = CREATED
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    source = Source(NAME, furniture=[HEADER, FOOTER, STALE_TITLE])
    document.add_paragraph(TITLE, style="Title")
    source.body.append(TITLE)
    for heading, paragraphs in _PARAGRAPHS:
        _heading(document, heading)
        source.body.append(heading)
        for text in paragraphs:
            document.add_paragraph(text)
            source.body.append(text)
    _text_box(document.add_paragraph(), TEXT_BOX)
    source.body.append(TEXT_BOX)
    places = [
        ("Profession", "Places offered", "Places taken"),
        ("Nursing", "20", "18"),
        ("Allied health professions", "16", "15"),
        ("Pharmacy", "4", "4"),
        ("Psychology", "4", "2"),
        ("Healthcare science", "4", "3"),
    ]
    risks = [
        ("Risk", "Rating", "Owner"),
        ("Backfill for protected time is not funded", "High (16)", "Chief Nurse"),
        ("Low uptake among healthcare scientists", "Medium (9)", "Head of Healthcare Science"),
        ("Coaches leave the pool faster than they are trained", "Low (4)", "Head of OD"),
    ]
    for heading, rows in (("Places by profession", places), ("Risks", risks)):
        _heading(document, heading)
        source.body.append(heading)
        _table(document, rows)
        source.body += [" ".join(row) for row in rows]
    _heading(document, "Recommendations")
    source.body.append("Recommendations")
    for text in (
        "Note the progress made in the first six months.",
        "Approve the extension of executive shadowing from 20 to 30 places a year.",
        "Ask the People and Culture Committee to review uptake by healthcare scientists in "
        "September 2026.",
    ):
        document.add_paragraph(text, style="List Number")
        source.body.append(text)
    _save(document, folder / NAME)
    return source
