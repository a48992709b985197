"""Document fields from YAML front matter or sidecars, and the title, kind and url rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from index.documents import KINDS, Block, Document
from index.errors import SkippedFile
from index.loaders.blocks import Parsed, collapse, visible
from index.loaders.files import outside, sidecars

FENCE = "---"  # opens and closes front matter
# Titles that authoring tools write by default, file names ("Strategy_v3_FINAL", "x.indd") and
# the template a paper was started from; the document's own heading or file name is more useful.
_JUNK_TITLE = re.compile(
    r"""untitled\W*\d* | untitled\s+document | no\s+title | none | null | title | document\s*\d*
      | slide\s*\d* | powerpoint\s+presentation | microsoft\s+(word|powerpoint|excel)\b.*
      | .*\.(docx?|dotx?|pdf|pptx?|xlsx?|rtf|odt|indd|idml|ai|psd|pub|txt|html?)
      | [\w.()-]*_[\w.()-]* | copy\s+of\s+.* | .*\btemplate\b.*""",
    re.IGNORECASE | re.VERBOSE,
)


class _Aliased(yaml.YAMLError):
    """YAML that names a node (&anchor) or repeats one (*alias)."""


class _PlainLoader(yaml.SafeLoader):
    """safe_load without anchors and aliases: nested aliases ("billion laughs") turn a few
    hundred bytes into gigabytes once the fields are copied, and fields never need them."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Aliased(event.start_mark.line)
        return super().compose_node(parent, index)


def split_front_matter(text: str, rel_path: str) -> tuple[dict[str, Any], str]:
    """The fields between a leading `---` line and the next `---` line, and the body after."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        return {}, text
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            fields = parse_fields("".join(lines[1:number]), rel_path, "its front matter", 1)
            return fields, "".join(lines[number + 1 :])
    raise SkippedFile(
        rel_path, "opens front matter with '---' on line 1 but never closes it; add a '---' line"
    )


def read_sidecar(root: Path, rel_path: str) -> dict[str, Any]:
    """The fields in `<stem>.meta.yml` (or .meta.yaml) next to the file; {} if there is none."""
    found = sidecars(root / rel_path)
    if len(found) > 1:
        names = " and ".join(sidecar.name for sidecar in found)
        raise SkippedFile(rel_path, f"has two sidecars, {names}; keep one")
    if not found:
        return {}
    sidecar = found[0]
    if outside(root, sidecar.relative_to(root).as_posix()):
        raise SkippedFile(
            rel_path,
            f"has a sidecar {sidecar.name} that is a link to a file outside the content folder, "
            "which LeadBot does not follow; copy it into the content folder instead",
        )
    try:
        text = sidecar.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkippedFile(
            rel_path, f"has a sidecar {sidecar.name} that is not UTF-8 text; save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise SkippedFile(
            rel_path, f"has a sidecar {sidecar.name} that could not be read ({exc.strerror})"
        ) from exc
    return parse_fields(text, rel_path, f"its sidecar {sidecar.name}", 0)


def parse_fields(text: str, rel_path: str, where: str, first_line: int) -> dict[str, Any]:
    """YAML `key: value` fields as a plain dict, dates as ISO strings.

    Args:
        where: how the reason names the YAML's home, e.g. "its front matter".
        first_line: the file line the YAML starts after, so error lines match the file.
    """
    try:
        value = yaml.load(text, _PlainLoader)  # a SafeLoader that refuses aliases
    except _Aliased as exc:
        raise SkippedFile(
            rel_path,
            f"uses a YAML anchor or alias (& or *) in {where} at line "
            f"{exc.args[0] + 1 + first_line}; LeadBot does not expand them: write each value out",
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f" at line {mark.line + 1 + first_line}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "unreadable YAML"
        raise SkippedFile(
            rel_path, f"has invalid YAML in {where}: {problem}{at}; fix the YAML"
        ) from exc
    except yaml.YAMLError as exc:
        raise SkippedFile(rel_path, f"has invalid YAML in {where}: {exc}; fix the YAML") from exc
    except ValueError as exc:
        # PyYAML turns 2019-02-30 into a date and the date constructor raises.
        raise SkippedFile(
            rel_path, f"has an impossible date in {where} ({exc}); fix it or put it in quotes"
        ) from exc
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SkippedFile(
            rel_path,
            f"has YAML in {where} that is a {type(value).__name__}, not 'key: value' fields; "
            "write one field per line",
        )
    return {str(key): _plain(item) for key, item in value.items()}


def assemble(rel_path: str, fmt: str, parsed: Parsed, fields: Mapping[str, Any]) -> Document:
    """Apply the metadata rules to a parsed file and make its Document."""
    # Every loader's text passes here: none of it keeps a bidi or zero-width control.
    blocks = tuple(
        replace(
            block,
            text=text,
            section=tuple(visible(heading) for heading in block.section),
            page=visible(block.page) if block.page else block.page,
        )
        for block in parsed.blocks
        if (text := visible(block.text)).strip() or not block.text.strip()  # drop only the emptied
    )
    if not blocks and not parsed.unreadable_pages:
        raise SkippedFile(rel_path, "has no text to index; add some text or remove the file")
    own_title = parsed.title if parsed.title and not is_junk_title(parsed.title) else None
    title = _text(fields.get("title")) or _text(own_title) or humanise(PurePosixPath(rel_path).stem)
    warnings = list(parsed.warnings)
    if parsed.unreadable_pages:
        warnings.append(_unreadable(parsed.unreadable_pages))
    if not blocks:
        # An image-only file is kept under its title, so that a question about it can be told
        # it is a scan rather than answered from some other document.
        first = parsed.unreadable_pages[0]
        blocks = (Block(title, (), str(first), first, role="unreadable-scan"),)
    return Document(
        path=rel_path,
        title=title,
        kind=_kind(rel_path, fields.get("kind")),
        url=_text(fields.get("url")),
        blocks=blocks,
        format=fmt,
        metadata=dict(fields),
        warnings=tuple(warnings),
    )


def _unreadable(pages: tuple[int, ...]) -> str:
    listed = ", ".join(map(str, pages[:10])) + (" …" if len(pages) > 10 else "")
    which = f"page {listed} is" if len(pages) == 1 else f"pages {listed} are"
    return (
        f"{which} a scanned image with no text, so LeadBot cannot read it; install tesseract-ocr "
        "on the server (apt-get install tesseract-ocr) to read scans, or upload a text version"
    )


def is_junk_title(title: str) -> bool:
    """Whether a title is an authoring tool's default rather than a real title."""
    return _JUNK_TITLE.fullmatch(collapse(title)) is not None


def humanise(stem: str) -> str:
    """A file name stem as a title: "nhs-long_term-plan" -> "Nhs long term plan"."""
    words = collapse(re.sub(r"[-_]+", " ", stem))
    return words[:1].upper() + words[1:] if words else stem


def _kind(rel_path: str, value: Any) -> str:
    if value is None:
        folders = [part.lower() for part in PurePosixPath(rel_path).parent.parts]
        return "case-study" if "case-studies" in folders else "local"
    kind = str(value).strip().lower()
    if kind not in KINDS:
        raise SkippedFile(
            rel_path,
            f"has kind {value!r}, which is not one of: {', '.join(KINDS)}; fix the kind field",
        )
    return kind


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return collapse(str(value)) or None


def _plain(value: Any) -> Any:
    # Dates become ISO strings so metadata can go into JSON and SQLite unchanged.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value
