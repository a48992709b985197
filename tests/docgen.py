"""Moved to tests/support/docgen.py; this re-export keeps older imports working."""

from support.docgen import (  # noqa: F401
    LabelRange,
    OutlineItem,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_png,
    make_zip,
)
