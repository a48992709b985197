"""Markdown as admins write it: no front matter, and `---` rules under paragraphs."""

from __future__ import annotations

from pathlib import Path

from index.documents import Document
from index.loaders import load_document

LIMIT = 25 * 1024 * 1024


def load_md(root: Path, text: str, name: str = "notes.md") -> Document:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_document(root, name, LIMIT)


def test_file_without_front_matter_is_indexed_with_a_warning(tmp_path: Path) -> None:
    doc = load_md(
        tmp_path,
        "# AHP leadership forum\n\nThe forum meets every quarter.\n\n## Members\n\nAll AHP leads.\n",
        "forum.md",
    )

    assert doc.title == "AHP leadership forum"
    assert [(b.text, b.section) for b in doc.blocks] == [
        ("The forum meets every quarter.", ()),
        ("All AHP leads.", ("Members",)),
    ]
    assert doc.warnings == (
        "has no front matter; LeadBot guessed its title 'AHP leadership forum'; "
        "add title, kind and url fields",
    )


def test_without_front_matter_or_heading_the_file_name_is_the_guess(tmp_path: Path) -> None:
    doc = load_md(tmp_path, "Only a paragraph.\n", "board-notes_2026.md")

    assert doc.title == "Board notes 2026"
    assert doc.warnings == (
        "has no front matter; LeadBot guessed its title 'Board notes 2026'; "
        "add title, kind and url fields",
    )


def test_without_front_matter_a_section_heading_is_not_the_title(tmp_path: Path) -> None:
    doc = load_md(tmp_path, "## Quarterly update\n\nNumbers rose.\n", "ahp-forum.md")

    assert doc.title == "Ahp forum"
    assert doc.blocks[0].section == ("Quarterly update",)
    assert "guessed its title 'Ahp forum'" in doc.warnings[0]


def test_file_with_front_matter_has_no_warning(tmp_path: Path) -> None:
    doc = load_md(tmp_path, "---\ntitle: Forum\nkind: local\n---\nText.\n")

    assert (doc.title, doc.warnings) == ("Forum", ())


def test_sentence_above_a_rule_is_a_paragraph_not_a_heading(tmp_path: Path) -> None:
    doc = load_md(
        tmp_path,
        "---\ntitle: Forum\n---\n"
        "## Meetings\n\n"
        "The forum meets every quarter in the board room.\n---\n\n"
        "Minutes are shared with all AHP leads within two weeks of each meeting\n---\n\n"
        "Terms of reference\n---\n\n"
        "Reviewed every year.\n",
    )

    assert [(b.text, b.section) for b in doc.blocks] == [
        ("The forum meets every quarter in the board room.", ("Meetings",)),
        (
            "Minutes are shared with all AHP leads within two weeks of each meeting",
            ("Meetings",),
        ),
        # A short unpunctuated line above `---` is still a Setext heading.
        ("Reviewed every year.", ("Terms of reference",)),
    ]


def test_rule_inside_a_code_fence_is_left_alone(tmp_path: Path) -> None:
    doc = load_md(tmp_path, "---\ntitle: T\n---\n```\nA line.\n---\n```\n")

    assert [b.text for b in doc.blocks] == ["A line.\n---"]
