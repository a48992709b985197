"""A small content folder for tests: a framework summary and three case studies."""

from __future__ import annotations

from pathlib import Path

SAMPLE_CONTENT = {
    "framework/framework.md": """---
title: "Clinical leadership – a framework for action"
kind: framework
url: https://example.nhs.uk/framework
publisher: NHS Improvement
published: 2019-01
---

## The five themes

The framework has five themes: building confidence, widening perspectives, talent management, practical levers and organisational culture.

## Eight clinical groups

The framework names eight clinical groups: allied health professionals, doctors, midwives, nurses, pharmacists, psychologists, healthcare scientists and social workers.

## Asks of boards

Trust boards should consider appointing a senior strategic AHP lead.
""",
    "case-studies/physio-director.md": """---
title: "Case study: physiotherapist to director of AHPs"
kind: case-study
url: https://example.nhs.uk/physio
profession: physiotherapist
profession_group: AHP
role: director of allied health professionals
level: sub-board
aims: [director of AHPs, professional lead]
themes: [glass ceiling]
summary: "A physiotherapist who moved through operational roles to a sub-board director of AHPs post."
---

## Journey

The physiotherapist was head of therapy and met a glass ceiling in the professional pathway.

## Turning point

Senior operational and transformation roles won the physiotherapist the director post.
""",
    "case-studies/midwife-chief-nurse.md": """---
title: "Case study: midwife to chief nurse"
kind: case-study
url: https://example.nhs.uk/midwife
profession: midwife
profession_group: midwifery
role: chief nurse
level: board
aims: [chief nurse, board, executive director]
themes: [mentoring]
summary: "A midwife who became chief nurse after outside leadership training and a mentor."
---

## Journey

The midwife worked clinically for ten years, then became head of midwifery and later chief nurse.

## Turning point

Leadership training outside the organisation and a supportive mentor and coach were the midwife's turning point.
""",
    "case-studies/psychologist-therapies.md": """---
title: "Case study: clinical psychologist to director of therapies"
kind: case-study
url: https://example.nhs.uk/psychologist
profession: clinical psychologist
profession_group: psychology
role: director of therapies
level: executive-team
aims: [executive director, board]
themes: [reporting line]
summary: "A clinical psychologist who reports to the chief executive as director of therapies."
---

## Journey

The clinical psychologist moved sideways to a new trust and then became director of therapies, reporting to the chief executive.
""",
}


def write_content(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write a small content folder (the sample by default) and return it."""
    for rel, text in (SAMPLE_CONTENT if files is None else files).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
