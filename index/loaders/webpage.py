"""Web pages (.html/.htm): headings, paragraphs, list items and table rows of the main content."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from index.documents import Block
from index.loaders.blocks import HeadingPath, Parsed, collapse
from index.loaders.metadata import is_junk_title

# Page furniture, not content.
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Phrasing elements whose text runs on inside the surrounding paragraph.
_INLINE_TAGS = """a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span
    strong sub sup time u var wbr"""
_INLINE = frozenset(_INLINE_TAGS.split())


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a web page; <title>, else the first <h1>, is its title."""
    soup = BeautifulSoup(data.decode("utf-8-sig"), "html.parser")
    page_title = collapse(soup.title.get_text()) if soup.title else ""
    page_title = "" if is_junk_title(page_title) else page_title
    for tag in soup.find_all(list(_DROPPED)):
        tag.decompose()
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    reader = _Reader()
    reader.walk(_content_root(soup))
    return Parsed(tuple(reader.blocks), title=page_title or reader.headings.title)


def _content_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    for candidate in (soup.find("main"), articles[0] if len(articles) == 1 else None, soup.body):
        if isinstance(candidate, Tag):
            return candidate
    return soup


class _Reader:
    """Walks the content tree in order, so nested elements give their text only once."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.headings = HeadingPath(title_level=1)

    def walk(self, element: Tag, merge_paragraphs: bool = False) -> None:
        """Add a block for each block-level element below element.

        Args:
            merge_paragraphs: inside a list item, its paragraphs join into one block.
        """
        loose: list[str] = []  # inline text between blocks, e.g. <div>Some <b>text</b></div>
        for child in element.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctypes, CDATA
                    loose.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _INLINE:
                loose.append(child.get_text())
                continue
            if merge_paragraphs and name == "p":
                loose.append(f" {child.get_text()} ")
                continue
            self._add(collapse("".join(loose)))
            loose.clear()
            if name in _HEADINGS:
                self.headings.enter(_HEADINGS[name], collapse(child.get_text()))
            elif name == "pre":
                self._add(child.get_text().strip("\n"))
            elif name == "tr":
                cells = [
                    collapse(cell.get_text())
                    for cell in child.find_all(["td", "th"], recursive=False)
                ]
                self._add(" | ".join(cell for cell in cells if cell))
            elif name in ("p", "caption", "figcaption"):
                self._add(collapse(child.get_text()))
            else:
                self.walk(child, merge_paragraphs=name in ("li", "dt", "dd"))
        self._add(collapse("".join(loose)))

    def _add(self, text: str) -> None:
        if text.strip():
            self.blocks.append(Block(text, self.headings.path))
