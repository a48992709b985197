"""The trust's clinical leadership strategy: a ~15-page PDF with most of the layout features."""

from __future__ import annotations

import random
from pathlib import Path

from evals.documents.filler import sentences
from evals.documents.layout import Running, Source, Writer

NAME = "northfield-clinical-leadership-strategy.pdf"
TRUST = "Northfield Community Health NHS Trust"
HEADER = "Clinical Leadership Strategy 2026–2029"
FOOTER = "{n} | " + TRUST
CONTENTS = (
    "Foreword",
    "1. Introduction",
    "2. Where we are now",
    "3. Our ambition",
    "4. Our priorities",
    "5. Developing our people",
    "6. Measuring progress",
    "7. Next steps",
)


def _body(w: Writer, rng: random.Random) -> None:
    w.run(Running(HEADER, FOOTER, columns=1, numbering="arabic", start=1, footnotes=True))
    w.heading("1. Introduction")
    w.para(
        "This document sets out how the Trust will grow clinical leaders from every profession "
        "over the next three years, so that the people who plan our services reflect the people "
        "who deliver them."
    )
    w.para(
        "It was shaped by 14 listening events¹ held between September and December 2025, which "
        "were attended by 412 members of staff from nursing, the allied health professions, "
        "pharmacy, psychology and healthcare science."
    )
    w.footnote(
        "¹ Listening events were run by the organisational development team; the notes of each "
        "event are kept on the staff intranet."
    )
    w.para(sentences(rng, 9))
    w.para(sentences(rng, 8))
    w.para(
        "The strategy supports the Trust's five-year plan and the regional integrated care "
        "board's workforce priorities, and it replaces the leadership development plan agreed "
        "in 2022."
    )
    w.para(sentences(rng, 10))

    w.run(Running(HEADER, FOOTER, columns=2, start=None, footnotes=True))
    w.heading("2. Where we are now")
    w.para(
        "The Trust employs 3,950 people across 38 community sites, from district nursing and "
        "school nursing to musculoskeletal physiotherapy, podiatry and community dentistry."
    )
    w.para(sentences(rng, 7))
    w.para(
        "Senior clinical leadership is still concentrated in nursing: of the 132 clinical staff "
        "at band 8a or above, 64 are nurses and 41 come from the allied health professions."
    )
    w.para(sentences(rng, 6))
    w.table(
        ("Profession", "Band 8a+", "Board"),
        (
            ("Nursing", "64", "3"),
            ("Allied health professions", "41", "1"),
            ("Pharmacy", "9", "1"),
            ("Psychology", "12", "0"),
            ("Healthcare science", "6", "0"),
        ),
    )
    w.para(
        "Only one of the eleven voting members of the Trust Board comes from a profession other "
        "than medicine or nursing².",
    )
    w.footnote("² Source: Electronic Staff Record, snapshot taken on 31 March 2026.")
    w.para(sentences(rng, 9))
    w.para(sentences(rng, 9))
    w.para(
        "In the 2025 staff survey, 52% of clinical staff agreed that they had opportunities to "
        "develop their leadership skills, compared with 61% of non-clinical staff."
    )
    w.para(sentences(rng, 12))
    w.para(sentences(rng, 12))
    w.heading("3. Our ambition")
    w.para(
        "By March 2029 we want at least 30% of senior clinical leadership posts to be held by "
        "staff from professions other than nursing and medicine."
    )
    w.para(
        "We will appoint a Chief Allied Health Professional to the executive team by April 2027, "
        "reporting directly to the Chief Executive and attending the Trust Board."
    )
    w.para(sentences(rng, 10))
    w.para(sentences(rng, 10))
    w.para(sentences(rng, 11))

    w.heading("4. Our priorities")
    w.para(sentences(rng, 4))
    w.heading("4.1 Building confidence", 12.0)
    w.para(
        "Every newly appointed band 7 clinician will be offered a leadership coach for their "
        "first 12 months in post, matched from the Trust's pool of trained coaches."
    )
    w.para(sentences(rng, 8))
    w.box(
        "Example: the podiatry team at Eastgate Clinic",
        "A band 6 podiatrist led a redesign of the diabetic foot pathway, which cut the wait for "
        "a first appointment from nine weeks to three weeks. She presented the results to the "
        "executive team herself.",
    )
    w.para(sentences(rng, 9))
    w.heading("4.2 Opening routes to the board", 12.0)
    w.para(
        "Each year up to 20 clinicians will shadow an executive director for five days, and two "
        "of them will join the Trust Board as non-voting observers for six months."
    )
    w.para(sentences(rng, 11))
    w.para(sentences(rng, 11))
    w.heading("4.3 Protected time for leadership", 12.0)
    w.para(
        "Clinical leads at band 8a and above will have one day a month of protected time for "
        "leadership development, written into their job plans."
    )
    w.para(sentences(rng, 12))
    w.para(sentences(rng, 12))
    w.heading("5. Developing our people")
    w.para(sentences(rng, 5))
    w.para(
        "The Northfield Aspiring Leaders Programme will run twice a year with 24 places in each "
        "cohort³, and at least half of the places will go to professions other than nursing."
    )
    w.footnote("³ The programme is accredited at level 5 by an external awarding body.")
    w.para(sentences(rng, 10))
    w.para(
        "Applications open each January and July, and line managers must support each "
        "application in writing before it is considered by the selection panel."
    )
    w.para(sentences(rng, 12))
    w.para(sentences(rng, 12))
    w.para(
        "Mentoring will be open to every clinician at band 6 and above, and the Trust will train "
        "40 new mentors by the end of 2026 so that no one waits more than eight weeks to be "
        "matched with a mentor from outside their own line management."
    )
    w.para(sentences(rng, 12))

    w.run(Running(HEADER, FOOTER, columns=1, start=None, footnotes=True))
    w.heading("6. Measuring progress")
    w.para(sentences(rng, 4))
    w.table(
        ("Measure", "2026", "2029 target"),
        (
            ("Senior posts outside nursing and medicine", "19%", "30%"),
            ("Staff survey: leadership opportunities", "52%", "65%"),
            ("Clinicians who have shadowed an executive", "0", "60"),
            ("Leadership coaches trained", "15", "45"),
        ),
    )
    w.para(
        "Progress will be reported to the People and Culture Committee every six months, and "
        "the committee will publish a summary for staff after each report."
    )
    w.para(sentences(rng, 12))
    w.heading("7. Next steps")
    w.para(
        "The strategy will be reviewed in full in autumn 2028, and a new strategy will be "
        "drafted with staff before the current one ends."
    )
    w.para(sentences(rng, 9))


def generate(folder: Path) -> Source:
    """Write the strategy PDF into folder; return what it holds."""
    headings: dict[str, str | None] = {}
    for _ in range(2):  # the second pass prints the contents with the pages the first found
        source = Source(NAME)
        w = Writer(source)
        rng = random.Random(8)
        w.run(Running(numbering="none"))
        w.space(70.0)
        w.para("Clinical Leadership Strategy", size=26.0, style="B", gap=4.0)
        w.para("2026 to 2029", size=20.0, gap=12.0)
        w.para(TRUST, size=14.0)
        w.para("Approved by the Trust Board in March 2026", size=11.0)
        w.run(Running(HEADER, FOOTER, numbering="roman", start=2))
        w.heading("Contents")
        w.contents([(title, headings.get(title)) for title in CONTENTS])
        w.run(Running(HEADER, FOOTER, numbering="roman", start=None))
        w.heading("Foreword")
        w.para(
            "When we asked staff what would help them lead, the answer was rarely another course. "
            "They asked for time, for a sponsor who would speak up for them, and for proof that "
            "a physiotherapist or a pharmacist could reach the board here."
        )
        w.para(sentences(rng, 8))
        w.para("Chair and Chief Executive, on behalf of the Trust Board", style="I")
        _body(w, rng)
        headings = w.headings
    w.save(folder / NAME)
    return source
