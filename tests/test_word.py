"""Word documents as trusts write them: text boxes, headers, tables, numbering, bold headings."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from officegen import (
    BOARD_PAPER_FOOTER,
    BOARD_PAPER_HEADER,
    BOARD_PAPER_TITLE,
    add_bold_paragraph,
    add_numbered,
    add_outline_numbering,
    add_table,
    add_text_box,
    make_board_paper,
)

from index.documents import Document
from index.loaders import load_document

LIMIT = 25 * 1024 * 1024


def load(root: Path, name: str) -> Document:
    return load_document(root, name, LIMIT)


def lines(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def save(document: docx.document.Document, path: Path) -> str:
    document.save(str(path))
    return path.name


def test_board_paper_reads_as_a_person_sees_it(tmp_path: Path) -> None:
    make_board_paper(tmp_path / "board.docx")

    doc = load(tmp_path, "board.docx")

    assert doc.title == BOARD_PAPER_TITLE  # not "Trust Board report template (2024)"
    workforce = ("2. Workforce",)
    recommendations = ("2. Workforce", "Recommendations to the board")
    assert [(b.text, b.section, b.role) for b in doc.blocks] == [
        (
            "This paper updates the board on clinical leadership for allied health professions.",
            ("1. Purpose of the paper",),
            "text",
        ),
        (
            "The trust appointed its first chief AHP in April 2026.",
            ("1. Purpose of the paper", "At a glance"),
            "aside",
        ),
        (
            "Senior posts held by each staff group at 31 March 2026 are shown below.",
            workforce,
            "text",
        ),
        ("Allied health professions — Band 8a: 41; Band 8b: 12", workforce, "table-row"),
        ("Nursing and midwifery — Band 8a: 96; Band 8b: 30", workforce, "table-row"),
        ("1. Approve the leadership development plan.", recommendations, "text"),
        ("2. Fund two band 8a AHP lead posts.", recommendations, "text"),
        ("a) one in community services", recommendations, "text"),
        ("b) one in acute therapies", recommendations, "text"),
        ("3. Report progress in October 2026.", recommendations, "text"),
        ("1. The director of AHPs will present the plan in June 2026.", ("3. Next steps",), "text"),
    ]


def test_headers_and_footers_are_never_read(tmp_path: Path) -> None:
    make_board_paper(tmp_path / "board.docx")

    text = " ".join(lines(load(tmp_path, "board.docx")))

    for furniture in (BOARD_PAPER_HEADER, BOARD_PAPER_FOOTER, "Page 1 of 3", "OFFICIAL"):
        assert furniture not in text


@pytest.mark.parametrize("vml", [False, True])
def test_text_box_is_read_once_as_an_aside(tmp_path: Path, vml: bool) -> None:
    document = docx.Document()
    document.add_paragraph("Before the box.")
    add_text_box(document, ["Fewer than one in five boards has an AHP director."], vml=vml)
    document.add_paragraph("After the box.")

    doc = load(tmp_path, save(document, tmp_path / "box.docx"))

    assert [(b.text, b.role) for b in doc.blocks] == [
        ("Before the box.", "text"),
        ("Fewer than one in five boards has an AHP director.", "aside"),
        ("After the box.", "text"),
    ]


def test_numbering_restarts_below_a_parent_and_roman_levels(tmp_path: Path) -> None:
    document = docx.Document()
    outline = add_outline_numbering(document)
    add_numbered(document, "First aim", outline)
    add_numbered(document, "detail", outline, level=1)
    add_numbered(document, "finer point", outline, level=2)
    add_numbered(document, "another finer point", outline, level=2)
    add_numbered(document, "Second aim", outline)
    add_numbered(document, "its own detail", outline, level=1)
    document.add_paragraph("Approve the plan", style="List Number")
    document.add_paragraph("Fund the posts", style="List Number")

    doc = load(tmp_path, save(document, tmp_path / "aims.docx"))

    assert lines(doc) == [
        "1. First aim",
        "a) detail",
        "i. finer point",
        "ii. another finer point",
        "2. Second aim",
        "a) its own detail",
        "1. Approve the plan",
        "2. Fund the posts",
    ]


def test_typed_numbers_stay_and_bullets_get_no_number(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("1. Typed by hand.")
    document.add_paragraph("A bulleted point", style="List Bullet")

    assert lines(load(tmp_path, save(document, tmp_path / "typed.docx"))) == [
        "1. Typed by hand.",
        "A bulleted point",
    ]


def test_short_bold_paragraph_is_a_heading_but_a_bold_sentence_is_not(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Workforce", style="Heading 1")
    add_bold_paragraph(document, "Vacancies by band")
    document.add_paragraph("Band 8a posts are hardest to fill.")
    add_bold_paragraph(document, "The board must approve the plan.")
    mixed = document.add_paragraph()
    mixed.add_run("Note").bold = True
    mixed.add_run(" in part bold")

    doc = load(tmp_path, save(document, tmp_path / "bold.docx"))

    assert [(b.text, b.section) for b in doc.blocks] == [
        ("Band 8a posts are hardest to fill.", ("Vacancies by band",)),
        ("The board must approve the plan.", ("Vacancies by band",)),
        ("Note in part bold", ("Vacancies by band",)),
    ]
    # "Workforce" is the only top-level heading and opens the document, so it is the title.
    assert doc.title == "Workforce"


def test_table_without_a_marked_header_row_still_names_its_columns(tmp_path: Path) -> None:
    document = docx.Document()
    add_table(
        document,
        [["Profession", "Posts", "Vacancies"], ["Physiotherapy", "20", "3"], ["Podiatry", "8", ""]],
        bold_header=False,
    )

    doc = load(tmp_path, save(document, tmp_path / "table.docx"))

    assert [(b.text, b.role) for b in doc.blocks] == [
        ("Physiotherapy — Posts: 20; Vacancies: 3", "table-row"),
        ("Podiatry — Posts: 8", "table-row"),
    ]


@pytest.mark.parametrize(
    "core_title",
    ["Microsoft Word - board paper v2.docx", "Document1", "Trust Board report template (2024)"],
)
def test_first_heading_beats_a_stale_core_title(tmp_path: Path, core_title: str) -> None:
    document = docx.Document()
    document.core_properties.title = core_title
    document.add_paragraph("Clinical leadership update", style="Heading 1")
    document.add_paragraph("Text.")
    document.add_paragraph("Next steps", style="Heading 1")
    document.add_paragraph("More text.")

    doc = load(tmp_path, save(document, tmp_path / "paper.docx"))

    assert doc.title == "Clinical leadership update"


def test_a_real_core_title_is_kept_when_headings_are_sections(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "AHP workforce review"
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("Text.")
    document.add_paragraph("Findings", style="Heading 1")
    document.add_paragraph("More text.")

    doc = load(tmp_path, save(document, tmp_path / "review.docx"))

    assert doc.title == "AHP workforce review"
    assert [b.section for b in doc.blocks] == [("Introduction",), ("Findings",)]
