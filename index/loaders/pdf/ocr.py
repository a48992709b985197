"""Text from page images with the tesseract command (Debian's tesseract-ocr), when installed."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

import pypdfium2 as pdfium

from index.loaders.blocks import split_on_blank_lines
from index.loaders.pdf.layout import join

_DPI = 200  # enough for body text; tesseract's time grows with the pixels
_TIMEOUT = 60  # seconds a page


def available() -> bool:
    """Whether tesseract is on PATH."""
    return shutil.which("tesseract") is not None


def read(document: pdfium.PdfDocument, index: int) -> list[str]:
    """The paragraphs tesseract reads on one page; [] when it reads nothing or fails."""
    image = document[index].render(scale=_DPI / 72, grayscale=True).to_pil()
    png = BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "--psm", "3"],
            input=png.getvalue(),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    text = done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""
    paragraphs: list[str] = []
    for chunk in split_on_blank_lines(text.replace("\f", "\n")):
        joined = ""
        for line in chunk.splitlines():
            joined = join(joined, " ".join(line.split()))
        if not any(ch.isalnum() for ch in joined):
            continue
        # Tesseract breaks paragraphs at wide line gaps; a sentence that runs on is rejoined.
        if paragraphs and joined[0].islower() and not paragraphs[-1].endswith((".", "!", "?")):
            paragraphs[-1] = join(paragraphs[-1], joined)
        else:
            paragraphs.append(joined)
    return paragraphs
