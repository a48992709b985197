"""Chunking: every passage keeps its citation, stays in its section and fits the model."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from support.content import write_content
from support.docgen import LabelRange, OutlineItem, make_docx, make_pdf
from support.fakes import FakeEmbedder

from index.chunking import MAX_WORDS, Chunk, split
from index.documents import Block, Document
from index.loaders import discover, load_document
from index.sentences import count_words, split_sentences

LIMIT = 5 * 1024 * 1024
COUNT = FakeEmbedder().count_tokens


def _doc(blocks: list[Block], path: str = "notes/guide.md", title: str = "Guide") -> Document:
    return Document(path, title, "guidance", "https://example.nhs.uk/guide", tuple(blocks), "md")


def _sentence(topic: str, n: int, words: int = 15) -> str:
    """A distinct sentence of `words` words that starts with a capital, so it splits cleanly."""
    filler = " ".join(f"{topic}{n}w{i}" for i in range(words - 2))
    return f"Sentence {filler} end."


def _paragraph(topic: str, first: int, count: int, words: int = 15) -> str:
    return " ".join(_sentence(topic, n, words) for n in range(first, first + count))


def test_every_chunk_carries_title_section_url_kind_and_document(content_dir: Path) -> None:
    for path in discover(content_dir):
        doc = load_document(content_dir, path, LIMIT)
        chunks = split(doc, COUNT, 256)

        assert chunks, path
        for chunk in chunks:
            assert chunk.document == path
            assert chunk.title == doc.title
            assert chunk.url == doc.url and str(chunk.url).startswith("https://example.nhs.uk/")
            assert chunk.kind == doc.kind
            assert chunk.section and chunk.section in {block.section for block in doc.blocks}
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))

    framework = split(load_document(content_dir, "framework/framework.md", LIMIT), COUNT, 256)
    boards = next(c for c in framework if "senior strategic AHP lead" in c.text)
    assert boards.section == ("Asks of boards",)
    assert boards.section_label == "Asks of boards"
    assert boards.embedding_text() == (
        "Clinical leadership – a framework for action > Asks of boards\n" + boards.text
    )
    assert boards.page_label is None  # Markdown has no printed pages


def test_passages_never_cross_a_section_boundary() -> None:
    sections = [("Barriers",), ("Barriers", "Culture"), ("Enablers",)]
    topics = ["barrier", "culture", "enabler"]
    # Short sections (45 words each) that would all fit in one 200-word passage together.
    blocks = [
        Block(_paragraph(topic, 0, 3), section)
        for section, topic in zip(sections, topics, strict=True)
    ]
    # The same section name coming back later is still a separate stretch of text.
    blocks.append(Block(_paragraph("late", 0, 2), ("Barriers",)))

    chunks = split(_doc(blocks), COUNT, 256)

    assert [c.text for c in chunks] == [b.text for b in blocks]
    for chunk in chunks:
        prefixes = {re.sub(r"\d+w\d+$", "", w) for w in re.findall(r"[a-z]+\d+w\d+", chunk.text)}
        assert len(prefixes) == 1, chunk.text
        topic = prefixes.pop()
        expected = ("Barriers",) if topic == "late" else sections[topics.index(topic)]
        assert chunk.section == expected


def test_long_section_splits_into_short_passages_with_one_sentence_of_overlap() -> None:
    paragraphs = [_paragraph("theme", n * 10, 10) for n in range(4)]  # 4 x 150 words
    doc = _doc([Block(text, ("The five themes",)) for text in paragraphs])
    sentences = [s for text in paragraphs for s in split_sentences(text)]

    chunks = split(doc, COUNT, 256)

    assert len(chunks) >= 4
    for chunk in chunks:
        assert count_words(chunk.text) <= MAX_WORDS
    rebuilt = split_sentences(chunks[0].text)
    for before, after in pairwise(chunks):
        previous, following = split_sentences(before.text), split_sentences(after.text)
        assert following[0] == previous[-1]  # exactly one sentence repeated...
        assert following[1] not in previous  # ...and no more
        rebuilt += following[1:]
    assert rebuilt == sentences  # nothing lost, nothing reordered


def test_short_passage_does_not_grow_past_the_word_limit_before_a_long_sentence() -> None:
    # 100 words, then one 110-word sentence: one passage of 210 words would be over the limit.
    text = _paragraph("short", 0, 5, words=20) + " " + _sentence("long", 0, words=110)
    chunks = split(_doc([Block(text, ("Evidence",))]), COUNT, 256)

    assert len(chunks) == 2
    assert [count_words(c.text) for c in chunks] == [100, 110]
    assert " ".join(c.text for c in chunks) == text


def test_no_passage_exceeds_the_models_token_limit() -> None:
    def count(text: str) -> int:  # a tokenizer where every word costs three tokens
        return 3 * len(text.split()) + 2

    max_tokens = 120
    blocks = [
        Block(_paragraph("pay", 0, 6), ("Practical levers", "Pay and banding")),
        Block(_sentence("run", 0, words=90), ("Practical levers", "Pay and banding")),
    ]
    doc = _doc(blocks, title="A long title for the guide to practical levers")

    chunks = split(doc, count, max_tokens)

    assert max(count(c.embedding_text()) for c in chunks) <= max_tokens
    # The token limit is what binds here: by words alone this would be one 180-word passage.
    assert len(chunks) >= 5
    words = " ".join(block.text for block in blocks).split()
    assert set(" ".join(c.text for c in chunks).split()) == set(words)


ROMAN_THEN_ARABIC = [LabelRange(0, 1, "/r"), LabelRange(2, 4, "/D")]


def test_pdf_page_labels_land_on_the_right_passages(tmp_path: Path) -> None:
    make_pdf(
        tmp_path / "framework.pdf",
        [
            "Foreword by the chief nursing officer.",
            "Contents and how to use this framework.",
            "Clinical leadership matters to boards.",
            "Clinicians doubt their own readiness to lead.",
            "Building confidence comes first.",
        ],
        labels=ROMAN_THEN_ARABIC,
        outline=[
            OutlineItem("Foreword", 0),
            OutlineItem("Introduction", 2),
            OutlineItem("Themes", 4),
        ],
        title="Clinical leadership: a framework for action",
    )
    doc = load_document(tmp_path, "framework.pdf", LIMIT)

    chunks = split(doc, COUNT, 256)

    found = {c.section: (c.page_start, c.page_end, c.page_number, c.page_label) for c in chunks}
    assert found == {
        ("Foreword",): ("i", "ii", 1, "i–ii"),
        ("Introduction",): ("1", "2", 3, "1–2"),  # one passage over two printed pages
        ("Themes",): ("3", "3", 5, "3"),
    }
    intro = next(c for c in chunks if c.section == ("Introduction",))
    # Each page's paragraph stays on its own line, and each line knows its page.
    assert intro.lines() == [
        "Clinical leadership matters to boards.",
        "Clinicians doubt their own readiness to lead.",
    ]
    assert [intro.page_of_line(i) for i in range(2)] == [("1", 3), ("2", 4)]
    assert {c.title for c in chunks} == {"Clinical leadership: a framework for action"}


def test_long_pdf_section_passages_start_on_the_page_of_their_first_sentence(
    tmp_path: Path,
) -> None:
    pages = [_paragraph(f"p{page}x", 0, 8) for page in range(4)]  # 120 words a page
    make_pdf(tmp_path / "review.pdf", pages, labels=[LabelRange(0, 3, "/D", start=10)])

    chunks = split(load_document(tmp_path, "review.pdf", LIMIT), COUNT, 256)

    assert len(chunks) > 1
    for chunk in chunks:
        first_page = int(re.search(r"p(\d)x", chunk.text)[1])  # type: ignore[index]
        last_page = int(re.findall(r"p(\d)x", chunk.text)[-1])
        assert chunk.page_start == str(10 + first_page)
        assert chunk.page_end == str(10 + last_page)
        assert chunk.page_number == first_page + 1


def test_docx_headings_become_section_paths(tmp_path: Path) -> None:
    make_docx(
        tmp_path / "board-guide.docx",
        [
            ("Title", "Guide for trust boards"),
            ("Heading 1", "Why clinical leadership"),
            "Boards need clinicians in senior roles.",
            ("Heading 2", "Evidence"),
            "Trusts with clinical leaders perform better.",
            ("Heading 1", "What boards can do"),
            "Appoint a senior strategic AHP lead.",
        ],
    )

    chunks = split(load_document(tmp_path, "board-guide.docx", LIMIT), COUNT, 256)

    assert [(c.section, c.text) for c in chunks] == [
        (("Why clinical leadership",), "Boards need clinicians in senior roles."),
        (("Why clinical leadership", "Evidence"), "Trusts with clinical leaders perform better."),
        (("What boards can do",), "Appoint a senior strategic AHP lead."),
    ]
    assert chunks[1].section_label == "Why clinical leadership > Evidence"
    assert {c.title for c in chunks} == {"Guide for trust boards"}
    assert {c.page_label for c in chunks} == {None}


def test_chunk_ids_are_stable_and_change_only_with_their_passage(tmp_path: Path) -> None:
    write_content(tmp_path)
    path = "framework/framework.md"
    first = split(load_document(tmp_path, path, LIMIT), COUNT, 256)
    again = split(load_document(tmp_path, path, LIMIT), COUNT, 256)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)

    source = tmp_path / path
    source.write_text(source.read_text().replace("five themes:", "five themes, namely:"))
    edited = split(load_document(tmp_path, path, LIMIT), COUNT, 256)

    changed = [(a.id, b.id) for a, b in zip(first, edited, strict=True) if a.text != b.text]
    assert len(changed) == 1 and changed[0][0] != changed[0][1]
    assert [a.id for a, b in zip(first, edited, strict=True) if a.text == b.text] == [
        b.id for a, b in zip(first, edited, strict=True) if a.text == b.text
    ]

    moved = split(_doc(list(load_document(tmp_path, path, LIMIT).blocks), "elsewhere.md"), COUNT)
    assert not {c.id for c in moved} & {c.id for c in edited}  # same text, other file


def test_page_label_of_a_single_page_and_a_span() -> None:
    def chunk(start: str | None, end: str | None) -> Chunk:
        return Chunk("x", "a.pdf", "A", (), start, end, 1, None, "local", "Text.", 0)

    assert chunk("12", "12").page_label == "12"
    assert chunk("12", "13").page_label == "12–13"
    assert chunk(None, None).page_label is None
