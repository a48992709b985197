"""A ~40-page policy numbered only by "Page N of M" footers, and a scanned letter."""

from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evals.documents.filler import clauses
from evals.documents.layout import FONTS, Running, Source, Writer

POLICY = "supervision-and-appraisal-policy.pdf"
POLICY_HEADER = "Clinical Supervision and Appraisal Policy (version 4.0)"
POLICY_FOOTER = "Page {n} of {m}"
LETTER = "letter-from-the-chair.pdf"

# Section titles, each with the facts its subsections state (one per subsection, in order).
_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Introduction",
        (
            "This policy applies to all registered and unregistered clinical staff employed or "
            "seconded by the Trust, including bank staff who work more than 150 hours a year.",
        ),
    ),
    ("Purpose", ()),
    (
        "Definitions",
        (
            "Restorative supervision is a facilitated conversation that focuses on the emotional "
            "impact of clinical work rather than on caseload or performance.",
        ),
    ),
    (
        "Roles and responsibilities",
        (
            "The policy owner is the Deputy Director of Nursing and Professional Practice, who "
            "reports on compliance to the Quality Committee.",
        ),
    ),
    (
        "Clinical supervision",
        (
            "Registered practitioners must have clinical supervision at least every six weeks, and "
            "each session should last no less than 60 minutes.",
            "Group supervision may replace no more than half of a practitioner's sessions in any "
            "twelve-month period.",
        ),
    ),
    (
        "Preceptorship",
        (
            "Newly registered practitioners complete a preceptorship period of 12 months, with a "
            "named preceptor who is not their line manager.",
        ),
    ),
    (
        "Appraisal",
        (
            "Every member of staff must have an annual appraisal within their anniversary month, "
            "and the appraisal form must be signed by both parties within 10 working days.",
            "New starters have an initial objectives meeting within four weeks of their start "
            "date.",
        ),
    ),
    (
        "Training for appraisers",
        (
            "Appraisers must complete the Trust's half-day appraiser training before they hold "
            "their first appraisal, and refresh it every three years.",
        ),
    ),
    (
        "Disagreements",
        (
            "A member of staff who disagrees with their appraisal outcome may ask for a review by "
            "their manager's manager within 10 working days of the meeting.",
        ),
    ),
    (
        "Records",
        (
            "Supervision records are kept for eight years after the member of staff leaves the "
            "Trust.",
        ),
    ),
    (
        "Monitoring compliance",
        (
            "Appraisal compliance is reported monthly, and the Trust's target is that 90% of staff "
            "have had an appraisal in the last twelve months.",
        ),
    ),
    ("Equality impact", ()),
    (
        "Review",
        (
            "This policy will be reviewed by 31 October 2028, or sooner if national guidance "
            "changes.",
        ),
    ),
)


def _policy(w: Writer, rng: random.Random) -> None:
    w.run(Running(numbering="none"))
    w.space(70.0)
    w.para("Clinical Supervision and Appraisal Policy", size=22.0, style="B")
    w.para("Northfield Community Health NHS Trust · Version 4.0", size=12.0)
    w.run(Running(numbering="none"))
    w.heading("Document control")
    w.table(
        ("Item", "Detail"),
        (
            ("Version", "4.0"),
            ("Approved by", "Quality Committee"),
            ("Date approved", "12 February 2026"),
        ),
    )
    w.run(Running(POLICY_HEADER, POLICY_FOOTER, numbering="arabic", start=1))
    for number, (title, facts) in enumerate(_POLICY, 1):
        w.heading(f"{number}. {title}")
        for sub in range(1, 4):
            w.heading(f"{number}.{sub} {_subheading(title, sub)}", 11.0)
            w.para(clauses(rng, 7), size=11.0, gap=3.0)
            if sub <= len(facts):
                w.para(facts[sub - 1], size=11.0, gap=3.0)
            w.para(clauses(rng, 8), size=11.0, gap=3.0)
            w.para(clauses(rng, 6), size=11.0, gap=3.0)
            w.para(clauses(rng, 5), size=11.0, gap=3.0)


def _subheading(title: str, sub: int) -> str:
    return ("Requirements", "Arrangements", "Exceptions")[sub - 1] + " — " + title.lower()


def generate_policy(folder: Path) -> Source:
    """Write the policy twice: the second pass knows M for "Page N of M"."""
    total = None
    for _ in range(2):
        source = Source(POLICY)
        w = Writer(source, total)
        _policy(w, random.Random(40))
        total = w.number
    w.save(folder / POLICY)
    return source


_LETTER = (
    "Northfield Community Health NHS Trust",
    "Trust Headquarters, Northfield",
    "",
    "14 April 2026",
    "",
    "Dear colleague,",
    "",
    "Thank you to everyone who took part in this year's leadership listening events.",
    "The Board has agreed to fund 12 extra places on the Aspiring Leaders",
    "Programme from September 2026, paid for from the charitable funds.",
    "",
    "Places will be offered first to staff in podiatry, dietetics and",
    "healthcare science, where we have fewest senior posts.",
    "",
    "Yours sincerely,",
    "",
    "Chair of the Trust Board",
)


def generate_letter(folder: Path) -> Source:
    """A one-page letter rendered as an image, with no text layer: a scan."""
    image = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS / "DejaVuSerif.ttf"), 30)
    y = 160
    for line in _LETTER:
        draw.text((140, y), line, fill=30, font=font)
        y += 48
    png = BytesIO()
    image.save(png, format="PNG")
    source = Source(LETTER, body=[line for line in _LETTER if line])
    w = Writer(source)
    w.pdf.add_page()
    w.pdf.image(png, x=0, y=0, w=210, h=297)
    w.save(folder / LETTER)
    return source
