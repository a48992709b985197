"""Generators for realistic Word documents: headers and footers, text boxes, numbering, tables.

Each helper works on a python-docx Document, so a test (or evals/documents/) can build the
document it needs in the order it needs; make_board_paper() puts them together as a trust board
paper with the features LeadBot's Word loader must handle.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    f'xmlns:w="{_W}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
# numFmt and lvlText per level of the "decimal, then a), then i." outline list Word offers.
OUTLINE_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))


def set_header_footer(document: WordDocument, header: str, footer: str) -> None:
    """Give the first section a running header and footer, as a trust template does."""
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer


def add_text_box(document: WordDocument, lines: Sequence[str], *, vml: bool = False) -> None:
    """Add a paragraph anchoring a floating text box that holds one paragraph per line.

    Word writes a DrawingML shape with a VML fallback inside mc:AlternateContent; vml=True
    writes the VML shape alone, as older Word versions and some converters do.
    """
    content = "".join(
        f"<w:p><w:r><w:t xml:space='preserve'>{line}</w:t></w:r></w:p>" for line in lines
    )
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    vml_shape = f"<w:pict><v:shape style='width:200pt;height:80pt'><v:textbox>{box}</v:textbox></v:shape></w:pict>"
    drawing = (
        "<w:drawing><wp:anchor behindDoc='0' distT='0' distB='0' distL='0' distR='0' "
        "simplePos='0' locked='0' layoutInCell='1' allowOverlap='1' relativeHeight='1'>"
        "<wp:simplePos x='0' y='0'/><wp:positionH relativeFrom='column'><wp:posOffset>0"
        "</wp:posOffset></wp:positionH><wp:positionV relativeFrom='paragraph'><wp:posOffset>0"
        "</wp:posOffset></wp:positionV><wp:extent cx='2540000' cy='1016000'/><wp:wrapSquare "
        "wrapText='bothSides'/><wp:docPr id='1' name='Text Box 1'/><a:graphic><a:graphicData "
        "uri='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'><wps:wsp>"
        f"<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing>"
    )
    if vml:
        run = f"<w:r {_NAMESPACES}>{vml_shape}</w:r>"
    else:
        run = (
            f"<w:r {_NAMESPACES}><mc:AlternateContent><mc:Choice Requires='wps'>{drawing}"
            f"</mc:Choice><mc:Fallback>{vml_shape}</mc:Fallback></mc:AlternateContent></w:r>"
        )
    document.add_paragraph()._p.append(parse_xml(run))


def add_outline_numbering(document: WordDocument) -> int:
    """Define a multi-level list (1. / a) / i.) in numbering.xml and return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 90 + len(numbering.findall(f"{{{_W}}}abstractNum"))
    num_id = abstract_id + 100
    levels = "".join(
        f"<w:lvl w:ilvl='{level}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/></w:lvl>"
        for level, (fmt, text) in enumerate(OUTLINE_LEVELS)
    )
    abstract = parse_xml(
        f"<w:abstractNum {_NAMESPACES} w:abstractNumId='{abstract_id}'>{levels}</w:abstractNum>"
    )
    # abstractNum elements must come before every num element.
    first_num = numbering.find(f"{{{_W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f"<w:num {_NAMESPACES} w:numId='{num_id}'><w:abstractNumId w:val='{abstract_id}'/></w:num>"
        )
    )
    return num_id


def add_numbered(document: WordDocument, text: str, num_id: int, level: int = 0) -> Paragraph:
    """Add a paragraph numbered by list num_id at level (0 = "1.", 1 = "a)", 2 = "i.")."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().insert(
        0,
        parse_xml(
            f"<w:numPr {_NAMESPACES}><w:ilvl w:val='{level}'/><w:numId w:val='{num_id}'/></w:numPr>"
        ),
    )
    return paragraph


def add_bold_paragraph(document: WordDocument, text: str) -> Paragraph:
    """Add a Normal paragraph set in bold, as people type a heading without a Heading style."""
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def add_table(
    document: WordDocument, rows: Sequence[Sequence[str]], *, bold_header: bool = True
) -> None:
    """Add a table; the first row is bold and marked to repeat as the header row."""
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.paragraphs[0].add_run(text).bold = bold_header and r == 0
    if bold_header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:tblHeader {_NAMESPACES}/>"))


BOARD_PAPER_TITLE = "Clinical leadership update: allied health professions"
BOARD_PAPER_HEADER = "Northfield Community Health NHS Trust | Trust Board | Part 1"
BOARD_PAPER_FOOTER = "Page 1 of 3 | OFFICIAL"


def make_board_paper(path: Path, *, core_title: str = "Trust Board report template (2024)") -> Path:
    """Write a trust board paper: stale template title, header and footer, a text box,
    typed and automatic numbering, a bold pseudo-heading and a staffing table."""
    document = docx.Document()
    document.core_properties.title = core_title
    set_header_footer(document, BOARD_PAPER_HEADER, BOARD_PAPER_FOOTER)
    document.add_paragraph(BOARD_PAPER_TITLE, style="Title")
    document.add_paragraph("1. Purpose of the paper", style="Heading 1")
    document.add_paragraph(
        "This paper updates the board on clinical leadership for allied health professions."
    )
    add_text_box(
        document, ["At a glance", "The trust appointed its first chief AHP in April 2026."]
    )
    document.add_paragraph("2. Workforce", style="Heading 1")
    document.add_paragraph(
        "Senior posts held by each staff group at 31 March 2026 are shown below."
    )
    add_table(
        document,
        [
            ["Staff group", "Band 8a", "Band 8b"],
            ["Allied health professions", "41", "12"],
            ["Nursing and midwifery", "96", "30"],
        ],
    )
    add_bold_paragraph(document, "Recommendations to the board")
    outline = add_outline_numbering(document)
    add_numbered(document, "Approve the leadership development plan.", outline)
    add_numbered(document, "Fund two band 8a AHP lead posts.", outline)
    add_numbered(document, "one in community services", outline, level=1)
    add_numbered(document, "one in acute therapies", outline, level=1)
    add_numbered(document, "Report progress in October 2026.", outline)
    document.add_paragraph("3. Next steps", style="Heading 1")
    document.add_paragraph("1. The director of AHPs will present the plan in June 2026.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
