"""Web pages (.html/.htm): the main content's headings, paragraphs, accordions and table rows.

Main content is found by trafilatura; its structure is read by our own walker. Measured on
five generated intranet pages (cookie banner, navigation, breadcrumbs, sidebar, related links,
feedback form and footer, some inside <main> or the <article> itself; an accordion; a table):
trafilatura 2.3.1 kept 77/77 content lines and let 0 of 20 furniture phrases through on every
page; readability-lxml 0.9 kept 77/77 but leaked furniture on 4 of the 5 pages (breadcrumbs,
"Share this page", review dates). trafilatura, though, turns each <summary> into an <h3>, which
splits a question from its answer's section, and drops <details> altogether. So trafilatura's
output decides which text is content, and the walker below reads the original page: headings
become sections, an accordion's summary is the section of its answer, tables become rows that
carry their header cells. A page trafilatura finds nothing in (very short pages) is read whole,
less its <nav>, <header>, <footer>, <aside> and <form>.
"""

from __future__ import annotations

import re
from copy import deepcopy

import trafilatura
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from index.documents import Block
from index.loaders.blocks import HeadingPath, Parsed, collapse
from index.loaders.metadata import is_junk_title
from index.loaders.tables import row_blocks

_UNREAD = ("script", "style", "noscript", "template", "svg", "button", "select", "textarea")
_FURNITURE = ("nav", "header", "footer", "aside", "form")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Phrasing elements whose text runs on inside the surrounding paragraph.
_INLINE_TAGS = """a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span
    strong sub sup time u var wbr label"""
_INLINE = frozenset(_INLINE_TAGS.split())
# "Leadership for AHPs | Staff zone | Northfield": the page's own name comes first.
_SITE_SUFFIX = re.compile(r"\s+[|–—:·»-]\s+.*$")
_NOT_WORD = re.compile(r"\W+")
_SHORT_WORDS = 4  # a block this short must be a whole element of the main content


def load(data: bytes, rel_path: str) -> Parsed:
    """Read a web page; <title> (less the site's name), else the first <h1>, is its title."""
    html = data.decode("utf-8-sig")
    soup = BeautifulSoup(html, "html.parser")
    page_title = _page_title(soup)
    for tag in soup.find_all(list(_UNREAD)):
        tag.decompose()
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    content = _MainContent.find(html)
    if content is None:
        for tag in soup.find_all(list(_FURNITURE)):
            tag.decompose()
    reader = _Reader(content)
    reader.walk(_content_root(soup) if content is None else soup.body or soup)
    return Parsed(tuple(reader.blocks), title=page_title or reader.headings.title)


def _page_title(soup: BeautifulSoup) -> str:
    title = collapse(soup.title.get_text()) if soup.title else ""
    title = _SITE_SUFFIX.sub("", title) or title
    return "" if is_junk_title(title) else title


def _content_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    for candidate in (soup.find("main"), articles[0] if len(articles) == 1 else None, soup.body):
        if isinstance(candidate, Tag):
            return candidate
    return soup


class _MainContent:
    """The text trafilatura keeps as the page's main content, to test blocks against."""

    def __init__(self, elements: set[str], whole: str) -> None:
        self._elements = elements
        self._whole = whole

    @classmethod
    def find(cls, html: str) -> _MainContent | None:
        extracted = trafilatura.extract(
            html,
            output_format="html",
            include_tables=True,
            include_links=False,
            # Precision mode never falls back to dumping the whole page's text, as the default
            # does for short pages; a short page then comes back empty and is read whole.
            favor_precision=True,
        )
        if not extracted:
            return None
        soup = BeautifulSoup(extracted, "html.parser")
        elements = {
            _key(tag.get_text()) for tag in soup.find_all(True) if tag.name not in ("html", "body")
        }
        return cls(elements - {""}, _key(soup.get_text()))

    def holds(self, text: str) -> bool:
        key = _key(text)
        if not key:
            return False
        if key in self._elements:
            return True
        return len(text.split()) >= _SHORT_WORDS and key in self._whole


def _key(text: str) -> str:
    # Spacing around inline tags differs between the two parses; letters and digits do not.
    return _NOT_WORD.sub("", text).lower()


class _Reader:
    """Walks the page in order, so nested elements give their text only once."""

    def __init__(self, content: _MainContent | None) -> None:
        self.blocks: list[Block] = []
        self.headings = HeadingPath(title_level=1)
        self._content = content
        self._extra: tuple[str, ...] = ()  # an open accordion's summary, below the headings

    def walk(self, element: Tag, merge_paragraphs: bool = False) -> None:
        """Add a block for each block-level element below element.

        Args:
            merge_paragraphs: inside a list item, its paragraphs join into one block.
        """
        loose: list[str] = []  # inline text between blocks, e.g. <div>Some <b>text</b></div>
        before, saved = len(self.blocks), None
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
                text = collapse(child.get_text())
                if saved is None and not self._kept(text):
                    saved = deepcopy(self.headings)
                self.headings.enter(_HEADINGS[name], text)
            elif name == "pre":
                self._add(child.get_text().strip("\n"))
            elif name == "table":
                self._table(child)
            elif name == "details":
                self._details(child)
            elif name in ("p", "caption", "figcaption", "summary"):
                self._add(collapse(child.get_text()))
            else:
                self.walk(child, merge_paragraphs=name in ("li", "dt", "dd"))
        self._add(collapse("".join(loose)))
        if saved is not None and len(self.blocks) == before:
            # trafilatura drops headings in some layouts, so every heading opens a section;
            # but one it did not keep, in a box whose text was all furniture ("Latest news"
            # in a sidebar), must not become the section of the content after the box.
            self.headings = saved

    def _details(self, details: Tag) -> None:
        """An accordion: its summary is the section of the answer that follows it."""
        summary = details.find("summary")
        label = collapse(summary.get_text()) if isinstance(summary, Tag) else ""
        if isinstance(summary, Tag):
            summary.extract()
        before, outer = len(self.blocks), self._extra
        if label:  # scoped to the accordion, so it never outlives its answer
            self._extra = (*outer, label)
        self.walk(details)
        self._extra = outer
        if len(self.blocks) == before and label:
            self._add(label)

    def _table(self, table: Tag) -> None:
        rows: list[list[str]] = []
        header_rows = 0
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table:
                continue  # a nested table's rows are read with its own cell's text
            cells = row.find_all(["td", "th"], recursive=False)
            rows.append([collapse(cell.get_text(" ")) for cell in cells])
            marked = row.find_parent("thead") is not None or all(c.name == "th" for c in cells)
            if header_rows == len(rows) - 1 and cells and marked:
                header_rows += 1
        caption = table.find("caption")
        if isinstance(caption, Tag):
            self._add(collapse(caption.get_text()))
        kept = [row for row in rows if self._kept(" ".join(row))]
        header_rows = min(header_rows, sum(1 for row in rows[:header_rows] if row in kept))
        section = self.headings.path + self._extra
        self.blocks.extend(row_blocks(kept, section, header_rows or None))

    def _kept(self, text: str) -> bool:
        return self._content is None or self._content.holds(text)

    def _add(self, text: str) -> None:
        if text.strip() and self._kept(text):
            self.blocks.append(Block(text, self.headings.path + self._extra))
