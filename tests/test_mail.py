"""E-mail text and .eml files: Subject as title; no headers, quote markers, signatures or
disclaimers; quoted messages kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from mailgen import BULLETIN_TEXT, FACTS, FURNITURE, REPLY_TEXT, SUBJECT, make_eml

from index.documents import Document
from index.loaders import load_document

LIMIT = 25 * 1024 * 1024


def load_text(root: Path, text: str, name: str = "bulletin.txt") -> Document:
    (root / name).write_text(text, encoding="utf-8")
    return load_document(root, name, LIMIT)


def assert_clean(doc: Document) -> None:
    text = "\n".join(block.text for block in doc.blocks)
    for furniture in FURNITURE:
        assert furniture not in text, furniture


def test_forwarded_bulletin_as_text(tmp_path: Path) -> None:
    doc = load_text(tmp_path, BULLETIN_TEXT)

    assert doc.title == SUBJECT  # "RE: FW:" gone
    assert [block.text for block in doc.blocks] == [
        FACTS[2],
        "AHP LEADERSHIP BULLETIN",
        FACTS[0],  # one sentence again across the quoted line break: "16 April 2026"
        FACTS[3],
        FACTS[1],
    ]
    assert_clean(doc)


def test_reply_header_over_two_lines_is_dropped_and_the_quote_kept(tmp_path: Path) -> None:
    doc = load_text(tmp_path, REPLY_TEXT, "reply.txt")

    assert [block.text for block in doc.blocks] == [
        "Thanks, that answers it.",
        "Band 7 staff are eligible if their manager supports the application.",
    ]
    assert doc.title == "Reply"


def test_bannered_first_line_of_a_text_is_its_title(tmp_path: Path) -> None:
    doc = load_text(
        tmp_path,
        "=====================\nAHP NEWS - MAY 2026\n=====================\n\n"
        "The chief AHP visited every therapy team in May.\n\n-----------\n\n"
        "Next issue in June.\n",
        "news.txt",
    )

    assert doc.title == "AHP NEWS - MAY 2026"
    assert [block.text for block in doc.blocks] == [
        "The chief AHP visited every therapy team in May.",
        "Next issue in June.",
    ]


def test_a_date_line_in_ordinary_text_is_kept(tmp_path: Path) -> None:
    doc = load_text(tmp_path, "Leadership day\n\nDate: 30 June 2026\n\nBooking is open.\n", "d.txt")

    assert [block.text for block in doc.blocks] == [
        "Leadership day",
        "Date: 30 June 2026",
        "Booking is open.",
    ]
    assert doc.title == "D"


@pytest.mark.parametrize("html", [False, True], ids=["text-part", "html-only"])
def test_eml_reads_its_subject_and_body_by_the_same_rules(tmp_path: Path, html: bool) -> None:
    make_eml(tmp_path / "bulletin.eml", html=html)

    doc = load_document(tmp_path, "bulletin.eml", LIMIT)

    assert (doc.title, doc.format) == (SUBJECT, "eml")
    texts = [block.text for block in doc.blocks]
    for fact in FACTS:
        assert fact in texts
    assert_clean(doc)
    assert "not read" not in " ".join(texts)  # the attachment
