"""What a file's bytes really are, whatever its name says."""

from __future__ import annotations

import zipfile
from io import BytesIO

_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
_DESCRIPTIONS = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "zip": "a ZIP archive",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "text": "plain text",
}
# Office and OpenDocument files are ZIP archives too; these members tell them apart.
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("mimetype", "an OpenDocument file"),
)


def sniff(data: bytes) -> str | None:
    """Name the format of the bytes: pdf, docx, zip, png, jpeg, gif, text; None if other binary."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data.startswith(_ZIP_SIGNATURES):
        return "docx" if "word/document.xml" in (_zip_members(data) or ()) else "zip"
    if b"\x00" not in data and _is_utf8(data):
        return "text"
    return None


def mismatch(suffix: str, data: bytes) -> str | None:
    """Why data cannot be what a supported suffix promises, as a SkippedFile reason; else None."""
    expected = {".pdf": "pdf", ".docx": "docx"}.get(suffix, "text")
    found = sniff(data)
    if found == expected:
        return None
    looks = describe(data)
    if found in ("pdf", "docx"):
        return f"is named {suffix} but is {looks}; rename it to .{found}"
    if expected == "pdf":
        return (
            f"is named {suffix} but is not a PDF (it looks like {looks}); "
            "export it again as PDF, or rename it to match what it is"
        )
    if expected == "docx" and found == "zip" and _zip_members(data) is None:
        return (
            "could not be read as DOCX: the ZIP container is damaged or cut short; "
            "save it again from Word and re-upload it"
        )
    if expected == "docx":
        return (
            f"is named .docx but is not a Word document (it looks like {looks}); "
            "save it from Word as .docx, or rename it to match what it is"
        )
    return (
        f"is named {suffix} but is not UTF-8 text (it looks like {looks}); "
        "save it as UTF-8 text, or rename it to match what it is"
    )


def describe(data: bytes) -> str:
    """A short phrase for what the bytes look like, e.g. "a PNG image" or "binary data"."""
    found = sniff(data)
    if found == "zip":
        members = _zip_members(data) or set()
        return next((kind for member, kind in _ZIP_KINDS if member in members), "a ZIP archive")
    if found is not None:
        return _DESCRIPTIONS[found]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    if _looks_like_legacy_text(data[:8192]):
        return "text in an older encoding such as Windows-1252"
    return "binary data"


def _zip_members(data: bytes) -> set[str] | None:
    """The archive's member names, or None if it cannot be opened."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_legacy_text(sample: bytes) -> bool:
    # Text in any single-byte encoding has no NULs and almost no control characters.
    if not sample or b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\f")
    return controls <= len(sample) // 100
