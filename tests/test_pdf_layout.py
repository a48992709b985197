"""The PDF loader on realistic layouts: what a reader would be quoted, under which section and page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdfgen import (
    ACROSS_PAGE,
    BOX_HEADING,
    BOX_TEXT,
    CAPTION,
    FRAMEWORK_BARRIER,
    FRAMEWORK_BOARD,
    FRAMEWORK_TITLE,
    LEFT_COLUMN,
    NOTE,
    NOTED,
    POLICY_TITLE,
    RIGHT_COLUMN,
    STRATEGY_TITLE,
    TRUST,
    framework_pdf,
    policy_pdf,
    scan_pdf,
    strategy_pdf,
)

from index.documents import Block, Document
from index.loaders import load_document
from index.loaders.pdf import ocr

LIMIT = 10_000_000


@pytest.fixture(scope="module")
def strategy(tmp_path_factory: pytest.TempPathFactory) -> Document:
    root = tmp_path_factory.mktemp("strategy")
    strategy_pdf(root / "strategy.pdf")
    return load_document(root, "strategy.pdf", LIMIT)


def find(doc: Document, start: str) -> Block:
    [block] = [block for block in doc.blocks if block.text.startswith(start)]
    return block


def test_title_is_the_documents_own_first_big_heading(strategy: Document) -> None:
    assert strategy.title == STRATEGY_TITLE


def test_no_running_header_footer_folio_or_contents_text(strategy: Document) -> None:
    for block in strategy.blocks:
        assert STRATEGY_TITLE not in block.text
        assert f"{TRUST} |" not in block.text and f"| {TRUST}" not in block.text
        assert "...." not in block.text and "Contents" not in block.text
        assert block.text not in ("ii", "iii")


def test_printed_pages_come_from_the_folios(strategy: Document) -> None:
    foreword = find(strategy, "Welcome to our first clinical leadership strategy.")
    assert (foreword.page, foreword.page_number) == ("ii", 2)
    assert (
        find(strategy, "Clinical leadership is").page,
        find(strategy, "Clinical lead").page_number,
    ) == ("1", 4)
    assert (
        find(strategy, LEFT_COLUMN[0][:30]).page,
        find(strategy, LEFT_COLUMN[0][:30]).page_number,
    ) == ("2", 5)
    assert find(strategy, "Allied health professions").page == "3"


def test_numbered_headings_give_section_paths(strategy: Document) -> None:
    assert find(strategy, "Welcome to").section == ("Foreword",)
    assert find(strategy, "Clinical leadership is").section == ("1. Introduction",)
    assert find(strategy, "Services led by clinicians").section == (
        "1. Introduction",
        "1.1 Why clinical leadership matters",
    )
    assert find(strategy, BOX_TEXT[:30]).section == ("2. Our ambitions", "2.1 Growing leaders")
    assert find(strategy, "The people committee").section == ("4. Delivering the strategy",)


def test_hyphenated_word_is_joined(strategy: Document) -> None:
    assert find(strategy, "Clinical leadership is everyone's business").role == "text"


def test_sentence_across_a_page_break_is_one_block(strategy: Document) -> None:
    block = find(strategy, ACROSS_PAGE[:40])
    assert block.text == ACROSS_PAGE
    assert (block.page, block.page_number) == ("1", 4)  # cited where it starts


def test_columns_are_read_left_then_right_and_a_sentence_across_them_joined(
    strategy: Document,
) -> None:
    texts = [block.text for block in strategy.blocks]
    first = texts.index(LEFT_COLUMN[0])
    assert texts[first + 1] == f"{LEFT_COLUMN[1]} {RIGHT_COLUMN[0]}"
    assert texts[first + 2] == RIGHT_COLUMN[1]


def test_footnote_is_its_own_block_and_its_marker_is_stripped(strategy: Document) -> None:
    assert find(strategy, NOTED).text == NOTED + "."
    note = find(strategy, "1 NHS England")
    assert (note.text, note.role, note.page) == (f"1 {NOTE}", "footnote", "1")


def test_table_rows_carry_their_header_cells(strategy: Document) -> None:
    rows = [block for block in strategy.blocks if block.role == "table-row"]
    assert [row.text for row in rows] == [
        "Allied health professions — Band 8a: 41; Band 8b: 12; Band 8c: 5",
        "Nursing and midwifery — Band 8a: 96; Band 8b: 30; Band 8c: 11",
        "Healthcare science — Band 8a: 18; Band 8b: 7; Band 8c: 2",
    ]
    assert {row.section for row in rows} == {("3. Our workforce",)}


def test_box_and_caption_are_asides_apart_from_headings(strategy: Document) -> None:
    assert find(strategy, BOX_HEADING).text == BOX_HEADING
    assert find(strategy, BOX_HEADING).role == "aside"
    assert find(strategy, BOX_TEXT[:30]).text == BOX_TEXT
    assert find(strategy, BOX_TEXT[:30]).role == "aside"
    assert (find(strategy, "Figure 1").text, find(strategy, "Figure 1").role) == (CAPTION, "aside")


def test_a_pdf_laid_out_like_the_framework_is_cited_by_section_and_printed_page(
    tmp_path: Path,
) -> None:
    framework_pdf(tmp_path / "framework.pdf")

    doc = load_document(tmp_path, "framework.pdf", LIMIT)

    assert doc.title == FRAMEWORK_TITLE
    assert all(FRAMEWORK_TITLE not in block.text for block in doc.blocks)
    barrier = find(doc, FRAMEWORK_BARRIER)
    assert (barrier.section, barrier.page, barrier.page_number) == (
        ("2. Barriers and enablers", "2.1 Barriers"),
        "1",
        3,
    )
    board = find(doc, FRAMEWORK_BOARD)
    assert (board.section, board.page, board.page_number) == (("3. What boards can do",), "3", 5)


def test_page_n_of_m_footers_and_running_headers_are_removed(tmp_path: Path) -> None:
    policy_pdf(tmp_path / "policy.pdf", sections=3)

    doc = load_document(tmp_path, "policy.pdf", LIMIT)

    assert doc.title == POLICY_TITLE
    assert all("Page " not in b.text and "v3.2" not in b.text for b in doc.blocks)
    assert [b.page for b in doc.blocks] == [str(b.page_number) for b in doc.blocks]
    assert find(doc, "Section 3 explains").section == ("3. Section 3 of the policy",)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_scanned_page_is_read_by_ocr(tmp_path: Path) -> None:
    scan_pdf(tmp_path / "letter.pdf")

    doc = load_document(tmp_path, "letter.pdf", LIMIT)

    assert {block.role for block in doc.blocks} == {"scanned"}
    assert any("twelve clinical leadership fellowships" in b.text for b in doc.blocks)
    assert doc.warnings == (
        "page 1 is a scanned image read by OCR (tesseract); OCR can misread words, "
        "so check quotes from it",
    )


def test_scanned_page_without_tesseract_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan_pdf(tmp_path / "letter.pdf", pages=2)

    doc = load_document(tmp_path, "letter.pdf", LIMIT)

    assert [block.role for block in doc.blocks] == ["unreadable-scan"]
    assert "pages 1, 2 are a scanned image" in doc.warnings[0]


def test_unnumbered_cover_pages_have_no_printed_page_rather_than_page_1(tmp_path: Path) -> None:
    # The evaluation corpus's policy: two unnumbered cover pages, then "Page N of M" footers.
    from evals.documents.policy import POLICY, generate_policy

    generate_policy(tmp_path)
    doc = load_document(tmp_path, POLICY, LIMIT)

    covers = [b for b in doc.blocks if b.page_number in (1, 2)]
    body = [b for b in doc.blocks if b.page_number == 3]
    assert covers and all(b.page is None for b in covers)
    assert body and {b.page for b in body} == {"1"}
