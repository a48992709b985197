"""Plausible connecting prose for the long generated documents, from a seeded generator."""

from __future__ import annotations

import random

_WHO = (
    "The clinical leadership steering group",
    "Each care group",
    "The workforce planning team",
    "Our professional leads",
    "The education and development team",
    "Service managers",
    "The people directorate",
    "Locality leadership teams",
    "The quality and safety team",
    "Heads of profession",
)
_DOES = (
    "will review",
    "will publish",
    "will agree",
    "will report on",
    "will test",
    "will map",
    "will look again at",
    "will keep a record of",
)
_WHAT = (
    "how leadership development places are shared between professions",
    "how protected time for development is used in practice",
    "the range of applicants for senior clinical posts",
    "the feedback staff give after each development programme",
    "the job descriptions of posts at band 8a and above",
    "the support offered to staff returning from a career break",
    "which teams have no named professional lead",
    "the time it takes to fill vacant leadership posts",
)
_WHEN = (
    "each quarter",
    "as part of the annual workforce plan",
    "with staff-side colleagues",
    "alongside the yearly staff survey results",
    "at each locality meeting",
    "before the next business planning round",
)
_WHY = (
    "Staff told us that what matters most is seeing people like them in senior roles.",
    "We know that good intentions are not enough without time and money behind them.",
    "Community services depend on small teams, so a single vacancy can be felt widely.",
    "Our patients are best served when decisions are made close to the care they receive.",
    "Managers asked for clear guidance rather than another set of targets.",
    "Some professions have only a handful of staff, which makes career steps hard to see.",
    "Progress has been uneven, and the reasons differ from one locality to the next.",
)


def sentences(rng: random.Random, n: int) -> str:
    """n sentences of connecting prose, mixing plans and reasons."""
    out = []
    for i in range(n):
        if i % 3 == 2:
            out.append(rng.choice(_WHY))
        else:
            out.append(
                f"{rng.choice(_WHO)} {rng.choice(_DOES)} {rng.choice(_WHAT)} {rng.choice(_WHEN)}."
            )
    return " ".join(out)


_POLICY_SUBJECT = (
    "The line manager",
    "The supervisor",
    "The member of staff",
    "The appraiser",
    "The professional lead",
    "The service manager",
)
_POLICY_DUTY = (
    "should record the discussion on the agreed template",
    "is responsible for agreeing a suitable time and place",
    "should raise any concern about capacity with the service manager",
    "must keep the discussion confidential except where safety is at risk",
    "should make sure that objectives are specific and achievable",
    "is expected to prepare for the meeting in advance",
    "should check that mandatory training is up to date",
    "must make reasonable adjustments where a disability is disclosed",
)
_POLICY_TAIL = (
    "in line with the Trust's values.",
    "as described in the appendices.",
    "and keep a copy in the personal file.",
    "so that the process is fair and consistent.",
    "taking account of the needs of the service.",
    "unless local arrangements have been agreed in writing.",
)


def clauses(rng: random.Random, n: int) -> str:
    """n sentences of procedural policy wording."""
    return " ".join(
        f"{rng.choice(_POLICY_SUBJECT)} {rng.choice(_POLICY_DUTY)} {rng.choice(_POLICY_TAIL)}"
        for _ in range(n)
    )
