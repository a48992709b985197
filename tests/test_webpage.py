"""Saved intranet pages: main content with its sections, accordions and tables; no furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from webgen import ACCORDION, CONTENT, FURNITURE, PAGES, SIDEBAR, TITLE

from index.documents import Document
from index.loaders import load_document

LIMIT = 25 * 1024 * 1024


def load_page(root: Path, html: str) -> Document:
    (root / "page.html").write_text(html, encoding="utf-8")
    return load_document(root, "page.html", LIMIT)


@pytest.mark.parametrize("page", PAGES)
def test_intranet_page_gives_its_content_with_sections(tmp_path: Path, page: str) -> None:
    doc = load_page(tmp_path, PAGES[page]())

    programme, faq = ("Aspiring leaders programme",), "Frequently asked questions"
    posts = ("Senior posts by staff group",)
    assert doc.title == "Leadership for AHPs"
    assert [(b.text, b.section, b.role) for b in doc.blocks] == [
        (CONTENT[0], (), "text"),
        (CONTENT[1], (), "text"),
        (CONTENT[2], programme, "text"),
        (CONTENT[3], programme, "text"),
        (CONTENT[4], programme, "text"),
        # Each accordion answer sits under its own question.
        (ACCORDION[0][1], (faq, ACCORDION[0][0]), "text"),
        (ACCORDION[1][1], (faq, ACCORDION[1][0]), "text"),
        ("Allied health professions — Band 8a: 41; Band 8b: 12", posts, "table-row"),
        ("Nursing — Band 8a: 96; Band 8b: 30", posts, "table-row"),
    ]


@pytest.mark.parametrize("page", PAGES)
def test_no_furniture_reaches_a_block(tmp_path: Path, page: str) -> None:
    doc = load_page(tmp_path, PAGES[page]())

    text = " ".join(block.text for block in doc.blocks)
    sections = {part for block in doc.blocks for part in block.section}
    for phrase in FURNITURE:
        assert phrase not in text
        assert phrase not in sections


def test_short_page_is_read_whole_less_its_landmarks(tmp_path: Path) -> None:
    doc = load_page(
        tmp_path,
        "<html><head><title>Room bookings</title></head><body><nav>Home</nav>"
        "<details><summary>Where?</summary>Room 4, main building.</details>"
        "<footer>Privacy</footer></body></html>",
    )

    assert [(b.text, b.section) for b in doc.blocks] == [("Room 4, main building.", ("Where?",))]


def test_accordion_with_only_a_summary_keeps_it_as_text(tmp_path: Path) -> None:
    doc = load_page(
        tmp_path,
        f"<html><body><h1>{TITLE}</h1><p>The chief AHP sits on the board.</p>"
        "<details><summary>Board membership is reviewed every year.</summary></details></body></html>",
    )

    assert [b.text for b in doc.blocks] == [
        "The chief AHP sits on the board.",
        "Board membership is reviewed every year.",
    ]


def test_page_title_drops_the_site_name(tmp_path: Path) -> None:
    doc = load_page(
        tmp_path,
        "<html><head><title>Appraisals | HR | Northfield Intranet</title></head>"
        "<body><p>Every member of staff has an appraisal each year.</p></body></html>",
    )

    assert doc.title == "Appraisals"


def test_a_sidebar_heading_before_the_content_does_not_become_its_section(
    tmp_path: Path,
) -> None:
    doc = load_page(
        tmp_path,
        f"<html><body><div class='wrap'>{SIDEBAR}<div class='content'>"
        + "".join(f"<p>{sentence}</p>" for sentence in CONTENT)
        + "</div></div></body></html>",
    )

    assert [(b.text, b.section) for b in doc.blocks] == [(sentence, ()) for sentence in CONTENT]
