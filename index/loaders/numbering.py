"""Word's automatic list numbers ("1.", "a)", "iv."), worked out from numbering.xml."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

_LEVELS = 9


@dataclass(frozen=True)
class _Level:
    fmt: str  # numFmt: decimal, lowerLetter, upperRoman, bullet, none...
    text: str  # lvlText, e.g. "%1." or "%1.%2"
    start: int


class Numbering:
    """Counts a document's numbered paragraphs in reading order and gives each its label."""

    def __init__(self, word: WordDocument) -> None:
        self._lists: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document with no numbering part
            return
        abstracts = {
            node.get(qn("w:abstractNumId")): _levels(node)
            for node in root.iter(qn("w:abstractNum"))
        }
        for num in root.iter(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            levels = dict(
                abstracts.get(abstract.get(qn("w:val")) if abstract is not None else None, {})
            )
            for override in num.iter(qn("w:lvlOverride")):
                level = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if level in levels and start is not None:
                    old = levels[level]
                    levels[level] = _Level(old.fmt, old.text, int(start.get(qn("w:val"), "1")))
            self._lists[num.get(qn("w:numId"), "")] = levels

    def label(self, paragraph: Paragraph) -> str | None:
        """The number Word shows before paragraph, e.g. "2." or "b)"; None if it has none."""
        num_id, level = _num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._lists:
            return None
        levels = self._lists[num_id]
        if level not in levels:
            return None
        counters = self._counters.setdefault(
            num_id, [levels[n].start - 1 if n in levels else 0 for n in range(_LEVELS)]
        )
        counters[level] += 1
        for deeper in range(level + 1, _LEVELS):
            counters[deeper] = levels[deeper].start - 1 if deeper in levels else 0
        if levels[level].fmt in ("bullet", "none"):
            return None
        text = levels[level].text
        for n in range(level + 1):
            shown = levels.get(n, levels[level])
            text = text.replace(f"%{n + 1}", _format(max(counters[n], shown.start), shown.fmt))
        return text.strip() or None


def _levels(abstract: BaseOxmlElement) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in abstract.iter(qn("w:lvl")):
        fmt, text, start = (
            lvl.find(qn("w:numFmt")),
            lvl.find(qn("w:lvlText")),
            lvl.find(qn("w:start")),
        )
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
            fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "",
            int(start.get(qn("w:val"), "1")) if start is not None else 1,
        )
    return levels


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """The paragraph's list and level: its own w:numPr first, then its style's (and bases')."""
    num_id: str | None = None
    level: int | None = None
    style: ParagraphStyle | None = paragraph.style
    sources = [paragraph._p.pPr]
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for p_pr in sources:
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:
            continue
        id_node, level_node = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        if num_id is None and id_node is not None:
            num_id = id_node.get(qn("w:val"))
        if level is None and level_node is not None:
            level = int(level_node.get(qn("w:val"), "0"))
    return num_id, min(level or 0, _LEVELS - 1)


def _format(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def _roman(number: int) -> str:
    numerals = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )  # fmt: skip
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out
