"""Loading content files of every format into Documents, and skipping bad ones with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import blank_scan_pdf
from support.docgen import (
    LabelRange,
    OutlineItem,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_png,
    make_zip,
)

from index.documents import KINDS, Block
from index.errors import SkippedFile
from index.loaders import SUPPORTED_SUFFIXES, discover, load_document, sniff

LIMIT = 25 * 1024 * 1024


def write(root: Path, rel_path: str, content: str | bytes) -> Path:
    path = root / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def skip_reason(root: Path, rel_path: str, max_bytes: int = LIMIT) -> str:
    with pytest.raises(SkippedFile) as caught:
        load_document(root, rel_path, max_bytes)
    assert caught.value.path == rel_path
    return caught.value.reason


def texts(blocks: tuple[Block, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(block.text, block.section) for block in blocks]


# --- Markdown ---------------------------------------------------------------------------------

CASE_STUDY_MD = """\
---
title: "Case study: physiotherapist to group deputy chief executive"
kind: case-study
url: https://example.nhs.uk/case-studies/physio
published: 2019-01-30
profession: physiotherapist
themes: [operational route to the board, talent management]
---

# Physiotherapist to group deputy chief executive

A **physiotherapist** who moved into [operational management](https://example.nhs.uk/ops).

## Career path

Early posts were clinical.

- Band 7 team lead
  - ran the *musculoskeletal* service
- Head of therapies

  with a second paragraph

### Turning point

> Talent management made the difference.

| Year | Role |
|------|------|
| 2010 | Director of operations |

```
code stays as it is
```

## Advice

1. Seek an operational role.
"""


def test_markdown_front_matter_sections_and_blocks(tmp_path: Path) -> None:
    write(tmp_path, "case-studies/physio.md", CASE_STUDY_MD)

    doc = load_document(tmp_path, "case-studies/physio.md", LIMIT)

    assert doc.title == "Case study: physiotherapist to group deputy chief executive"
    assert (doc.kind, doc.url, doc.format) == (
        "case-study",
        "https://example.nhs.uk/case-studies/physio",
        "md",
    )
    assert doc.metadata["published"] == "2019-01-30"  # a YAML date, as an ISO string
    assert doc.metadata["themes"] == ["operational route to the board", "talent management"]
    career, turning = ("Career path",), ("Career path", "Turning point")
    assert texts(doc.blocks) == [
        ("A physiotherapist who moved into operational management.", ()),
        ("Early posts were clinical.", career),
        ("Band 7 team lead", career),
        ("ran the musculoskeletal service", career),
        ("Head of therapies with a second paragraph", career),
        ("Talent management made the difference.", turning),
        ("Year | Role", turning),
        ("2010 | Director of operations", turning),
        ("code stays as it is", turning),
        ("Seek an operational role.", ("Advice",)),
    ]
    assert all(block.page is None and block.page_number is None for block in doc.blocks)


def test_markdown_heading_is_title_and_later_level_one_headings_are_sections(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "guide.md",
        "# Board guide\n\nOpening words.\n\n# Part A\n\nFirst part.\n\n### Detail\n\nDeep.\n\n"
        "# Part B\n\nSecond part.\n",
    )

    doc = load_document(tmp_path, "guide.md", LIMIT)

    assert (doc.title, doc.kind, doc.url, dict(doc.metadata)) == ("Board guide", "local", None, {})
    assert texts(doc.blocks) == [
        ("Opening words.", ()),
        ("First part.", ("Part A",)),
        ("Deep.", ("Part A", "Detail")),
        ("Second part.", ("Part B",)),
    ]


def test_markdown_front_matter_title_beats_heading_and_bom_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "\ufeff---\ntitle: From front matter\n---\n# From heading\n\nText.\n")

    doc = load_document(tmp_path, "a.md", LIMIT)

    assert doc.title == "From front matter"
    assert texts(doc.blocks) == [("Text.", ())]


def test_markdown_without_title_uses_humanised_file_name(tmp_path: Path) -> None:
    write(tmp_path, "NHS-long_term-plan.markdown", "Some text.\n")

    doc = load_document(tmp_path, "NHS-long_term-plan.markdown", LIMIT)

    assert doc.title == "NHS long term plan"
    assert doc.format == "md"


def test_case_studies_folder_at_any_depth_gives_case_study_kind(tmp_path: Path) -> None:
    write(tmp_path, "ahp/case-studies/ot.md", "Text.\n")
    write(tmp_path, "case-studies/override.md", "---\nkind: guidance\n---\nText.\n")

    assert load_document(tmp_path, "ahp/case-studies/ot.md", LIMIT).kind == "case-study"
    assert load_document(tmp_path, "case-studies/override.md", LIMIT).kind == "guidance"


# --- PDF --------------------------------------------------------------------------------------

FRAMEWORK_PAGES = [
    "Foreword\n\nClinicians from every profession can lead.",
    "Contents",
    "Clinical lead-\nership matters to boards.\nThe NHS Long-\nTerm Plan agrees.",
    "Clinicians doubt their own readiness.",
    "Building confidence comes first.",
]
FRAMEWORK_OUTLINE = [
    OutlineItem("Introduction", 2, [OutlineItem("Why it matters", 3)]),
    OutlineItem("Themes", 4),
]
ROMAN_THEN_ARABIC = [LabelRange(0, 1, "/r"), LabelRange(2, 4, "/D")]


def test_pdf_page_labels_and_outline_sections(tmp_path: Path) -> None:
    make_pdf(
        tmp_path / "framework.pdf",
        FRAMEWORK_PAGES,
        labels=ROMAN_THEN_ARABIC,
        outline=FRAMEWORK_OUTLINE,
        title="Clinical leadership: a framework for action",
    )

    doc = load_document(tmp_path, "framework.pdf", LIMIT)

    assert (doc.title, doc.kind, doc.url, doc.format) == (
        "Clinical leadership: a framework for action",
        "local",
        None,
        "pdf",
    )
    by_page = {block.page: block for block in doc.blocks}
    assert list(by_page) == ["i", "ii", "1", "2", "3"]
    assert by_page["i"].section == ()
    assert by_page["ii"] == Block("Contents", (), "ii", 2)
    assert by_page["1"] == Block(
        "Clinical leadership matters to boards. The NHS Long-Term Plan agrees.",
        ("Introduction",),
        "1",
        3,
    )
    assert by_page["2"] == Block(
        "Clinicians doubt their own readiness.", ("Introduction", "Why it matters"), "2", 4
    )
    assert by_page["3"] == Block("Building confidence comes first.", ("Themes",), "3", 5)


def test_pdf_without_outline_or_labels(tmp_path: Path) -> None:
    make_pdf(tmp_path / "notes-from-the-board.pdf", ["First page.", "Second page."])

    doc = load_document(tmp_path, "notes-from-the-board.pdf", LIMIT)

    assert doc.title == "Notes from the board"
    assert doc.blocks == (Block("First page.", (), "1", 1), Block("Second page.", (), "2", 2))


@pytest.mark.parametrize("junk", ["untitled", "Microsoft Word - draft 3.docx", "Document1", " "])
def test_pdf_junk_title_falls_back_to_file_name(tmp_path: Path, junk: str) -> None:
    make_pdf(tmp_path / "ahp-leadership.pdf", ["Text."], title=junk)

    assert load_document(tmp_path, "ahp-leadership.pdf", LIMIT).title == "Ahp leadership"


def test_pdf_sidecar_overrides_title_kind_and_url(tmp_path: Path) -> None:
    make_pdf(tmp_path / "case-studies/report.pdf", ["Text."], title="Embedded title")
    write(
        tmp_path,
        "case-studies/report.meta.yml",
        "title: Leadership of AHPs in trusts\nkind: guidance\nurl: https://example.nhs.uk/r\n"
        "published: 2018-06-01\n",
    )

    doc = load_document(tmp_path, "case-studies/report.pdf", LIMIT)

    assert (doc.title, doc.kind, doc.url) == (
        "Leadership of AHPs in trusts",
        "guidance",
        "https://example.nhs.uk/r",
    )
    assert doc.metadata["published"] == "2018-06-01"


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    make_encrypted_pdf(tmp_path / "restricted.pdf", user_password="")

    doc = load_document(tmp_path, "restricted.pdf", LIMIT)

    assert doc.blocks[0] == Block("A protected page.", (), "1", 1)


def test_password_protected_pdf_is_skipped(tmp_path: Path) -> None:
    make_encrypted_pdf(tmp_path / "secret.pdf")

    reason = skip_reason(tmp_path, "secret.pdf")

    assert reason == "is password-protected; save an unprotected copy and upload that"


def test_image_only_pdf_is_kept_as_an_unreadable_scan_with_a_warning(tmp_path: Path) -> None:
    blank_scan_pdf(tmp_path / "letter-from-the-chair.pdf", pages=2)  # nothing OCR can read

    doc = load_document(tmp_path, "letter-from-the-chair.pdf", LIMIT)

    assert doc.blocks == (Block("Letter from the chair", (), "1", 1, role="unreadable-scan"),)
    assert any("pages 1, 2 are a scanned image" in warning for warning in doc.warnings)


def test_pdf_with_no_text_layer_at_all_is_kept_as_an_unreadable_scan(tmp_path: Path) -> None:
    make_pdf(tmp_path / "scan.pdf", ["", ""])

    doc = load_document(tmp_path, "scan.pdf", LIMIT)

    assert [block.role for block in doc.blocks] == ["unreadable-scan"]
    assert any("pages 1, 2 are a scanned image" in warning for warning in doc.warnings)


def test_blank_page_in_a_text_pdf_is_not_reported_as_a_scan(tmp_path: Path) -> None:
    make_pdf(tmp_path / "report.pdf", ["Text.", ""])

    assert load_document(tmp_path, "report.pdf", LIMIT).warnings == ()


@pytest.mark.parametrize("cut", ["garbage", "truncated"])
def test_corrupt_pdf_is_skipped(tmp_path: Path, cut: str) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", ["Text."]).read_bytes()
    data = b"%PDF-1.7\nnot really a pdf" if cut == "garbage" else whole[: len(whole) // 2]
    write(tmp_path, "broken.pdf", data)

    assert skip_reason(tmp_path, "broken.pdf").startswith("could not be read as PDF: ")


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_title_headings_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    make_docx(
        tmp_path / "case-studies/ot-director.docx",
        [
            ("Title", "Occupational therapist to director of AHPs"),
            "An occupational therapist who became a director.",
            ("Heading 1", "Early career"),
            "Started in community services.",
            [["Career history"], ["Year", "Role"], ["2005", "Band 7 OT"]],
            ("Heading 2", "Moving into management"),
            ("List Bullet", "Took an operational post"),
            ("Heading 1", "Advice"),
            "Find a sponsor.",
        ],
        title="Core properties title",
        merge_first_row=True,
    )

    doc = load_document(tmp_path, "case-studies/ot-director.docx", LIMIT)

    assert (doc.title, doc.kind, doc.format) == (
        "Occupational therapist to director of AHPs",
        "case-study",
        "docx",
    )
    early = ("Early career",)
    assert texts(doc.blocks) == [
        ("An occupational therapist who became a director.", ()),
        ("Started in community services.", early),
        ("Career history", early),  # one merged cell spanning the row, given once
        ("2005 — Role: Band 7 OT", early),  # a row carries its column names
        ("Took an operational post", ("Early career", "Moving into management")),
        ("Find a sponsor.", ("Advice",)),
    ]


def test_docx_title_from_core_properties_without_title_paragraph(tmp_path: Path) -> None:
    make_docx(tmp_path / "brief.docx", ["Body text."], title="Board briefing")

    assert load_document(tmp_path, "brief.docx", LIMIT).title == "Board briefing"


def test_docx_with_missing_parts_is_skipped(tmp_path: Path) -> None:
    make_zip(tmp_path / "broken.docx", {"word/document.xml": "<w:document/>"})

    assert skip_reason(tmp_path, "broken.docx").startswith("could not be read as DOCX: ")


def test_truncated_docx_is_skipped(tmp_path: Path) -> None:
    whole = make_docx(tmp_path / "whole.docx", ["Text."]).read_bytes()
    write(tmp_path, "cut.docx", whole[: len(whole) // 2])

    assert skip_reason(tmp_path, "cut.docx").startswith("could not be read as DOCX: ")


# --- HTML -------------------------------------------------------------------------------------

WEB_PAGE = """\
<!DOCTYPE html>
<html><head><title>Investing in chief AHPs</title><style>p { color: red }</style></head>
<body>
<header><h1>NHS site banner</h1></header>
<nav><ul><li>Home</li></ul></nav>
<main>
  <h1>Investing in chief allied health professionals</h1>
  <p>Boards should   appoint a <a href="/x">chief AHP</a>.<!-- draft --></p>
  <h2>Why</h2>
  <ul>
    <li><p>Better care</p><p>for patients</p>
      <ul><li>fewer <em>delays</em></li></ul>
    </li>
    <li>Professional diversity</li>
  </ul>
  <h3>Evidence</h3>
  <table><tr><th>Group</th><th>Count</th></tr><tr><td>AHPs</td><td>14</td></tr></table>
  <blockquote><p>Leadership is everyone's job.</p></blockquote>
  <div>Loose text <strong>in a div</strong><br>over two lines</div>
  <script>var hidden = "never";</script>
  <aside>Related links</aside>
</main>
<footer>Copyright</footer>
</body></html>
"""


def test_html_main_content_sections_and_blocks(tmp_path: Path) -> None:
    write(tmp_path, "chief-ahps.html", WEB_PAGE)

    doc = load_document(tmp_path, "chief-ahps.html", LIMIT)

    assert (doc.title, doc.kind, doc.format) == ("Investing in chief AHPs", "local", "html")
    why, evidence = ("Why",), ("Why", "Evidence")
    assert texts(doc.blocks) == [
        ("Boards should appoint a chief AHP.", ()),
        ("Better care for patients", why),
        ("fewer delays", why),
        ("Professional diversity", why),
        ("AHPs — Count: 14", evidence),  # a row carries its header cells
        ("Leadership is everyone's job.", evidence),
        ("Loose text in a div over two lines", evidence),
    ]


def test_html_without_h2_uses_later_h1s_as_sections(tmp_path: Path) -> None:
    write(
        tmp_path,
        "page.htm",
        "<body><h1>Page title</h1><p>Intro.</p><h1>First</h1><p>One.</p>"
        "<h1>Second</h1><p>Two.</p></body>",
    )

    doc = load_document(tmp_path, "page.htm", LIMIT)

    assert doc.title == "Page title"
    assert texts(doc.blocks) == [("Intro.", ()), ("One.", ("First",)), ("Two.", ("Second",))]


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "empty.html", "<html><body><nav>Menu</nav><script>x()</script></body></html>")

    assert skip_reason(tmp_path, "empty.html").startswith("has no text to index")


# --- Plain text -------------------------------------------------------------------------------


def test_text_paragraphs_and_sidecar_title(tmp_path: Path) -> None:
    write(tmp_path, "board-notes.txt", "First paragraph\nwraps here.\r\n\r\nSecond one.\n\n\n")
    write(tmp_path, "plain.txt", "Only text.")
    write(tmp_path, "plain.meta.yaml", "title: Plain notes\nurl: https://example.nhs.uk/p\n")

    notes = load_document(tmp_path, "board-notes.txt", LIMIT)
    plain = load_document(tmp_path, "plain.txt", LIMIT)

    assert (notes.title, notes.format, notes.url) == ("Board notes", "txt", None)
    assert notes.blocks == (Block("First paragraph wraps here."), Block("Second one."))
    assert (plain.title, plain.url) == ("Plain notes", "https://example.nhs.uk/p")


# --- Bad input --------------------------------------------------------------------------------


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "empty.md", b"")

    assert skip_reason(tmp_path, "empty.md").startswith("is empty")


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    write(tmp_path, "blank.txt", "\n  \n")

    assert skip_reason(tmp_path, "blank.txt").startswith("has no text to index")


def test_file_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as sparse:
        sparse.truncate(int(31.2 * 1024 * 1024))

    reason = skip_reason(tmp_path, "huge.pdf", max_bytes=LIMIT)

    assert reason.startswith("is 31.2 MB, over the 25 MB limit (LEADBOT_MAX_FILE_MB)")


@pytest.mark.parametrize("name", ["minutes.doc", "slides.pptx", "NOTES"])
def test_unsupported_file_type_names_the_supported_ones(tmp_path: Path, name: str) -> None:
    write(tmp_path, name, "some content")

    reason = skip_reason(tmp_path, name)

    assert ".md .markdown .pdf .docx .html .htm .txt" in reason


@pytest.mark.parametrize(
    ("name", "content", "looks_like"),
    [
        ("photo.pdf", "png", "a PNG image"),
        ("scan.md", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        ("logo.docx", b"GIF89a\x01\x00\x01\x00\x00\x00", "a GIF image"),
        ("report.txt", b"%PDF-1.7\n%...", "a PDF"),
        ("archive.pdf", "zip", "a ZIP archive"),
        ("page.html", b"\x00\x01\x02\x03binary\x00", "binary data"),
        ("notes.md", b"Notes with a NUL\x00 byte", "binary data"),
        ("wide.txt", "Hello".encode("utf-16"), "UTF-16 text"),
        ("legacy.txt", "Caf\xe9 menu".encode("cp1252"), "text in an older encoding"),
        ("prose.pdf", b"Just some words.", "plain text"),
    ],
)
def test_content_that_does_not_match_the_extension_is_skipped(
    tmp_path: Path, name: str, content: str | bytes, looks_like: str
) -> None:
    if content == "png":
        make_png(tmp_path / name)
    elif content == "zip":
        make_zip(tmp_path / name, {"data.csv": "a,b\n"})
    else:
        write(tmp_path, name, content)

    reason = skip_reason(tmp_path, name)

    assert looks_like in reason


def test_zip_that_is_not_a_word_document_is_skipped(tmp_path: Path) -> None:
    make_zip(tmp_path / "sheet.docx", {"xl/workbook.xml": "<workbook/>"})

    reason = skip_reason(tmp_path, "sheet.docx")

    assert reason.startswith("is named .docx but is not a Word document")
    assert "an Excel workbook" in reason


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("title: [unclosed\n", "has invalid YAML in its front matter: "),
        ("title: a: b\n", "mapping values are not allowed here at line 2, column 9"),
        ("- just\n- a list\n", "is a list, not 'key: value' fields"),
        ("published: 2019-02-30\n", "has an impossible date in its front matter"),
    ],
)
def test_invalid_front_matter_names_the_yaml_problem(
    tmp_path: Path, front_matter: str, expected: str
) -> None:
    write(tmp_path, "bad.md", f"---\n{front_matter}---\n\nText.\n")

    assert expected in skip_reason(tmp_path, "bad.md")


def test_unclosed_front_matter_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "open.md", "---\ntitle: Never closed\n\nText.\n")

    assert "never closes it" in skip_reason(tmp_path, "open.md")


def test_invalid_sidecar_names_the_sidecar_and_the_problem(tmp_path: Path) -> None:
    make_pdf(tmp_path / "report.pdf", ["Text."])
    write(tmp_path, "report.meta.yml", "title: 'unterminated\n")

    reason = skip_reason(tmp_path, "report.pdf")

    assert reason.startswith("has invalid YAML in its sidecar report.meta.yml: ")


def test_two_sidecars_are_ambiguous(tmp_path: Path) -> None:
    make_docx(tmp_path / "brief.docx", ["Text."])
    write(tmp_path, "brief.meta.yml", "title: One\n")
    write(tmp_path, "brief.meta.yaml", "title: Two\n")

    assert "two sidecars" in skip_reason(tmp_path, "brief.docx")


def test_unknown_kind_lists_the_allowed_kinds(tmp_path: Path) -> None:
    write(tmp_path, "x.md", "---\nkind: casestudy\n---\nText.\n")

    reason = skip_reason(tmp_path, "x.md")

    assert "'casestudy'" in reason
    assert ", ".join(KINDS) in reason


def test_front_matter_without_body_has_no_text(tmp_path: Path) -> None:
    write(tmp_path, "stub.md", "---\ntitle: Stub\n---\n\n# Stub\n")

    assert skip_reason(tmp_path, "stub.md").startswith("has no text to index")


# --- Discovery and sniffing -------------------------------------------------------------------


def test_discover_skips_hidden_files_readmes_and_sidecars(tmp_path: Path) -> None:
    for rel_path in [
        "framework/framework.md",
        "case-studies/physio.md",
        "case-studies/README.MD",
        "README.md",
        "reports/ahp.pdf",
        "reports/ahp.meta.yml",
        "reports/old.meta.yaml",
        "reports/minutes.doc",
        ".git/config",
        "drafts/.hidden.md",
        ".cache/deep/file.md",
    ]:
        write(tmp_path, rel_path, "x")

    assert discover(tmp_path) == [
        "case-studies/physio.md",
        "framework/framework.md",
        "reports/ahp.pdf",
        "reports/minutes.doc",
    ]


def test_discover_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nowhere")


def test_sniff_recognises_formats(tmp_path: Path) -> None:
    docx_bytes = make_docx(tmp_path / "a.docx", ["Text."]).read_bytes()
    zip_bytes = make_zip(tmp_path / "a.zip", {"x.txt": "x"}).read_bytes()

    assert sniff(b"%PDF-1.4\n") == "pdf"
    assert sniff(docx_bytes) == "docx"
    assert sniff(zip_bytes) == "zip"
    assert sniff(make_png(tmp_path / "a.png").read_bytes()) == "png"
    assert sniff(b"\xff\xd8\xff\xdb") == "jpeg"
    assert sniff(b"GIF87a") == "gif"
    assert sniff("\ufeff# Heading é".encode()) == "text"
    assert sniff(b"\x00\x01\x02") is None
    assert SUPPORTED_SUFFIXES == (
        ".md",
        ".markdown",
        ".pdf",
        ".docx",
        ".html",
        ".htm",
        ".txt",
        ".eml",
    )
