"""Two PDFs: one laid out like the national framework, and a case-study compendium."""

from __future__ import annotations

import random
from pathlib import Path

from evals.documents.filler import sentences
from evals.documents.layout import Running, Source, Writer

FRAMEWORK = "clinical-leadership-framework-layout.pdf"
FRAMEWORK_HEADER = "{n} | Clinical leadership – a framework for action"
COMPENDIUM = "northfield-case-studies-2026.pdf"
COMPENDIUM_HEADER = "Leading from every profession: Northfield case studies"

_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Introduction",
        (
            "NHS Improvement published this guide on 30 January 2019 for the senior leaders and "
            "boards of NHS provider organisations.",
            "Its starting point is that leadership teams with a mix of professions, including "
            "senior clinicians at board level, are better placed to meet the complex challenges "
            "the NHS faces.",
            "It links to the Long Term Plan's aim of supporting people with the ability and "
            "ambition to reach the most senior levels of the service.",
            "The guide was built from conversations with clinicians about what helped and what "
            "held them back as they moved into senior posts.",
        ),
    ),
    (
        "2. Eight clinical groups",
        (
            "The guide looks at how current structures and expectations can hold back eight "
            "clinical groups from strategic leadership.",
            "The eight are allied health professionals, doctors, midwives, nurses, pharmacists, "
            "psychologists, healthcare scientists and social workers.",
            "Social workers are counted as clinical because the Long Term Plan calls for closer "
            "working between health and social care, and the list is not meant to be complete.",
        ),
    ),
    (
        "3. The five themes",
        (
            "The framework is organised around five themes: building confidence, widening "
            "perspectives, talent management, practical levers and organisational culture.",
            "Under building confidence, the guide traces low confidence to two roots: a gap, "
            "real or perceived, in competence for the role, and anxiety or fear of the unknown.",
            "Leaders are asked how they prepare clinicians who are taking on new roles, and are "
            "offered practical suggestions for supporting them.",
            "Under talent management, trusts are expected to run systems that find and support "
            "future leaders across both clinical and non-clinical staff groups.",
        ),
    ),
    (
        "4. Key questions for senior leaders",
        (
            "The guide poses key questions that senior leaders can use to test their current "
            "practice and to find what stops clinicians from progressing.",
            "Possible blockers include few opportunities and job requirements that are drawn "
            "too narrowly.",
        ),
    ),
    (
        "5. Legal and policy considerations",
        (
            "Boards are asked to consider appointing a senior strategic lead for the allied "
            "health professions, repeating a recommendation first made in June 2018.",
            "Unlike doctors and nurses, allied health professionals have no prescribed seat on "
            "a trust board, so their route to the board usually runs through operational "
            "management.",
        ),
    ),
    (
        "6. Case examples",
        (
            "The framework contains 11 case examples in total.",
            "Three of the case examples describe allied health professionals in strategic "
            "senior roles, and each of the three has a matching full case study in the "
            "companion compendium.",
            "The framework was endorsed by the Allied Health Professions Federation.",
        ),
    ),
)


def generate_framework(folder: Path) -> Source:
    """A guide laid out like the framework PDF: header folios, contents page, numbered sections."""
    headings: dict[str, str | None] = {}
    for _ in range(2):
        source = Source(FRAMEWORK)
        w = Writer(source)
        w.run(Running(numbering="none"))
        w.space(60.0)
        w.para("Clinical leadership – a framework for action", size=22.0, style="B")
        w.para(
            "A guide for senior leaders on developing professional diversity at board level",
            size=13.0,
        )
        w.para("Published by NHS Improvement, January 2019 (layout study)", size=10.0)
        w.run(Running(header=FRAMEWORK_HEADER, numbering="arabic", start=1))
        w.heading("Contents")
        w.contents([(title, headings.get(title)) for title, _ in _SECTIONS])
        for i, (title, paragraphs) in enumerate(_SECTIONS):
            if i % 2 == 0:
                w.run(Running(header=FRAMEWORK_HEADER, start=None))
            w.heading(title)
            for text in paragraphs:
                w.para(text, size=10.5, gap=4.0)
            w.space(10.0)
        headings = w.headings
    w.save(folder / FRAMEWORK)
    return source


# (heading, [(subheading, paragraph)]) for each case study; they follow on, starting mid-page.
_STUDIES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Case study 1: dietitian to head of community nutrition",
        (
            (
                "My journey",
                "I qualified as a dietitian in 2004 and spent eight years in acute "
                "paediatrics before moving to the community team as a band 7 specialist.",
            ),
            (
                "The turning point",
                "Acting up for nine months while my manager was on secondment "
                "showed me that I could run a service of 30 staff and still keep a clinical "
                "caseload of one day a week.",
            ),
            (
                "Barriers and how I worked through them",
                "The hardest barrier was a job "
                "description that asked for a nursing qualification, which the panel agreed to "
                "remove after I challenged it.",
            ),
        ),
    ),
    (
        "Case study 2: speech and language therapist to deputy director of operations",
        (
            (
                "My journey",
                "I worked as a speech and language therapist with adults after "
                "stroke for twelve years, then took a general management post in the planned care "
                "directorate.",
            ),
            (
                "The turning point",
                "Leading the winter discharge hub in 2023 reduced delayed "
                "discharges by 18% and brought me to the attention of the executive team.",
            ),
            (
                "Support from the organisation",
                "The Trust paid for an executive coach and gave me "
                "a place on the regional aspiring directors programme.",
            ),
        ),
    ),
    (
        "Case study 3: pharmacist to chief pharmacist and board attendee",
        (
            (
                "My journey",
                "I joined the Trust as a band 6 rotational pharmacist and later led "
                "the medicines optimisation team for care homes.",
            ),
            (
                "The turning point",
                "Attending the Trust Board as a non-voting member for a year "
                "taught me how board papers are written and how decisions are really made.",
            ),
            (
                "Barriers and how I worked through them",
                "Loneliness in a senior post was real, so "
                "I built a network of chief pharmacists across the region that now meets monthly.",
            ),
        ),
    ),
    (
        "Case study 4: healthcare scientist to clinical director for diagnostics",
        (
            (
                "My journey",
                "I started as a trainee audiology technician without a degree and "
                "studied part time for a master's degree in audiological science.",
            ),
            (
                "The turning point",
                "Setting up the first community hearing clinic in a GP surgery "
                "showed managers what healthcare scientists could lead.",
            ),
            (
                "Support from the organisation",
                "My line manager protected two days a month for my "
                "study, and the Trust funded half of the course fees.",
            ),
        ),
    ),
)


def generate_compendium(folder: Path) -> Source:
    """A compendium whose case studies start wherever the previous one ended."""
    source = Source(COMPENDIUM)
    rng = random.Random(3)
    w = Writer(source)
    w.run(Running(COMPENDIUM_HEADER, "{n}", numbering="arabic", start=1))
    w.heading("Leading from every profession", 18.0)
    w.para(
        "These four stories were written with clinicians from across the Trust who moved into "
        "senior roles. Each tells their journey, the turning point and what helped.",
        size=10.5,
    )
    for title, parts in _STUDIES:
        w.space(6.0)
        w.heading(title, 13.0)
        for subheading, text in parts:
            w.heading(subheading, 11.0)
            w.para(text, size=10.5)
            w.para(sentences(rng, 4), size=10.5)
    w.save(folder / COMPENDIUM)
    return source
