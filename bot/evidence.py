"""What in a case study shows a career aim or a barrier: rules over its front matter and text.

Every phrase here is said of a case study only when its evidence is there (`Rule.needs`), so a
why line says what the story shows and never what the person merely asked for. The rules key on
front-matter fields (role, level, aims, themes, summary) first, because those stay put when the
prose is reworded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Case:
    """The facts of one case study that a why line may use."""

    document: str
    profession: str
    group: str
    role: str
    level: str
    aims: tuple[str, ...]
    themes: tuple[str, ...]
    summary: str
    text: str

    @classmethod
    def from_metadata(cls, document: str, title: str, meta: dict[str, Any], text: str) -> Case:
        return cls(
            document,
            str(meta.get("profession") or "clinician"),
            str(meta.get("profession_group") or ""),
            str(meta.get("role") or title),
            str(meta.get("level") or ""),
            tuple(str(a) for a in meta.get("aims") or ()),
            tuple(str(t) for t in meta.get("themes") or ()),
            str(meta.get("summary") or ""),
            text,
        )

    def field(self, name: str) -> str:
        value = getattr(self, name)
        return "\n".join(value) if isinstance(value, tuple) else str(value)


@dataclass(frozen=True)
class Rule:
    """A phrase that is true of a case study whenever every pattern in `needs` matches its field.

    A field name starting with "!" must not match. The phrase may use the groups captured by
    the patterns, in order ({0}, {1}…), and {role}.
    """

    phrase: str
    needs: tuple[tuple[str, str], ...]

    def says(self, case: Case) -> str | None:
        groups: list[str] = []
        for name, pattern in self.needs:
            found = re.search(pattern, case.field(name.lstrip("!")), re.I | re.M)
            if name.startswith("!"):
                if found:
                    return None
            elif not found:
                return None
            else:
                groups += [g for g in found.groups() if g]
        return self.phrase.format(*groups, role=case.role)


def rule(phrase: str, *needs: tuple[str, str]) -> Rule:
    return Rule(phrase, needs)


_BOARD = (
    rule(
        "took the {0} route to the board, as you'd like to",
        ("themes", r"^(\w+) route to the board$"),
    ),
    rule("reached the board as {role}, as you'd like to", ("level", r"^board$")),
    rule(
        "joined the executive team and attends the board, as you'd like to",
        ("themes", r"executive team"),
        ("themes", r"board attendance"),
    ),
)
# What the story shows of each aim: the first rule that holds is said.
AIM_RULES: dict[str, tuple[Rule, ...]] = {
    "chief executive": (
        rule(
            "rose to chief executive, as you'd like to",
            ("aims", r"^chief executive$"),
            ("summary", r"\bchief executive\b"),
        ),
    ),
    "chief nurse": (
        rule("reached chief nurse, as you'd like to", ("role", r"\bchief nurse\b")),
        rule("served as {0} on the way", ("summary", r"\b(acting deputy director of nursing)\b")),
    ),
    "director of AHPs": (
        rule(
            "the kind of director post you're aiming for",
            ("aims", r"^director of AHPs$"),
            ("role", r"^director of"),
        ),
    ),
    "reporting to the chief executive": (
        rule(
            "reports to the chief executive, as you'd like",
            ("themes", r"reporting to the chief executive"),
        ),
    ),
    "executive director": _BOARD,
    "board": _BOARD,
    "operational management": (
        rule("took the {0}, as you'd like to", ("themes", r"^(operational route\b.*)$")),
        rule("moved through {0}, as you'd like to", ("themes", r"^(operational and \w+ roles)$")),
        rule(
            "built {0} in an operational manager post, as you'd like to",
            ("themes", r"^(operational credibility)$"),
            ("summary", r"operational manager post"),
        ),
    ),
    "clinical director": (
        rule("became clinical director, as you'd like to", ("role", r"\bclinical director\b")),
        rule("was {0} on the way", ("summary", r"\b(clinical director for [\w'’ ]+?)(?:,| and\b)")),
    ),
    "healthcare science lead": (
        rule(
            "leads healthcare science, as you'd like to", ("role", r"\blead healthcare scientist\b")
        ),
    ),
    "professional lead": (
        rule("holds a professional lead post, as you'd like to", ("aims", r"^professional lead$")),
    ),
    "system leadership": (
        rule(
            "took a system role as senior responsible officer for {0} in an STP, as you'd like to",
            (
                "text",
                r"senior responsible officer\b[^.]*?\bfor (\w+)\b[^.]*?\b(?:sustainability and transformation partnership|STP)\b",
            ),
        ),
        rule(
            "leads across {0}, beyond a single trust",
            ("themes", r"^leading across (an alliance of trusts)$"),
        ),
    ),
    "national role": (
        rule("also took a {0}, as you'd like to", ("themes", r"^(national [\w-]+ role)$")),
        rule(
            "points to national roles for peer support",
            ("text", r"national roles[^.]*peer support"),
        ),
    ),
    "clinical academic": (
        rule(
            "no clinical academic post, but {0}",
            ("summary", r"\b(took voluntary redundancy to study for a master's)"),
        ),
    ),
    "part-time": (
        rule(
            "named work–life balance as a barrier (part-time working isn't mentioned)",
            ("text", r"work.life balance"),
            ("!text", r"part[- ]time"),
        ),
    ),
}
# What the story plainly lacks of an aim, said when the person asked for it.
AIM_GAPS: dict[str, tuple[Rule, ...]] = {
    "board": (
        rule(
            "Attends the board without a vote",
            ("text", r"\bnot a voting\b|\bnon-voting\b|\bwithout a vote\b"),
        ),
        rule("The post sits below the board", ("level", r"^sub-board$")),
        rule("Not a board-level post", ("level", r"^(service|team)$")),
    ),
    "chief executive": (rule("Not a chief executive post", ("!role", r"chief executive")),),
    "chief nurse": (rule("Not a nursing post", ("!role", r"\bnurs")),),
    "director of AHPs": (rule("Not an AHP director post", ("!role", r"^director of")),),
    "reporting to the chief executive": (
        rule(
            "Reports through the {0}, not the chief executive",
            ("themes", r"reporting through the ([\w ]+)$"),
        ),
        rule(
            "Reports to the {0}, not the chief executive",
            ("themes", r"board representation through the ([\w ]+)$"),
        ),
    ),
    "clinical academic": (
        rule(
            "No clinical academic or research role in this story",
            ("!text", r"\bacademic\b|\bresearch"),
        ),
    ),
    "part-time": (rule("The story doesn't mention part-time working", ("!text", r"part[- ]time")),),
}
AIM_GAPS["executive director"] = AIM_GAPS["board"]

BARRIER_LABELS = {
    "confidence": "confidence",
    "board vote": "the board vote",
    "standing": "being taken seriously",
    "glass ceiling": "the glass ceiling",
    "sideways move": "a sideways or lower-band move",
    "work-life balance": "work–life balance",
    "clinical identity": "keeping your clinical side",
    "support": "support",
    "isolation": "isolation",
    "qualifications": "qualifications",
}
BARRIER_RULES: dict[str, tuple[Rule, ...]] = {
    "confidence": (rule("worked through {0}", ("themes", r"^(self-belief\b.*)$")),),
    "board vote": (
        rule(
            "attends the board without a vote",
            ("text", r"\bnot a voting\b|\bnon-voting\b|\bwithout a vote\b"),
        ),
        rule(
            "works without a board seat, with {0}",
            ("text", r"not carry its own board seat|no board seat|without a (direct )?board seat"),
            ("summary", r"\b(a chief nurse who champions AHPs at board)"),
        ),
        rule(
            "AHPs are represented at board through the {0}",
            ("themes", r"^board representation through the ([\w ]+)$"),
        ),
        rule(
            "went the {0} way, as AHPs have no prescribed board post",
            ("themes", r"^(operational) route to the board$"),
        ),
    ),
    "standing": (
        rule("raised the AHP profile in a medically led setting", ("text", r"medically led")),
        rule(
            "found a \u201cdirector\u201d title lifted the post's standing",
            ("themes", r"^director title$"),
        ),
    ),
    "glass ceiling": (
        rule(
            "hit a {0} and got round it through operational roles",
            ("themes", r"^(professional glass ceiling)$"),
            ("themes", r"operational"),
        ),
        rule(
            "got round having no professional route to the board",
            ("themes", r"^operational route to the board$"),
        ),
    ),
    "sideways move": (
        rule(
            "made lateral moves, sometimes at a lower or protected grade",
            ("themes", r"lateral moves"),
            ("text", r"lower or protected grade"),
        ),
        rule("made a sideways move at the same level first", ("themes", r"^sideways move$")),
    ),
    "work-life balance": (
        rule("named work–life balance as a barrier", ("text", r"work.life balance")),
    ),
    "clinical identity": (
        rule("worked to keep {0}", ("themes", r"^(clinical credibility)$")),
        rule("still counts a clinical background as central", ("themes", r"^clinical identity$")),
    ),
    "support": (
        rule("credits {0}", ("themes", r"^(mentoring and coaching)$")),
        rule("had {0}", ("themes", r"^(executive sponsorship)$")),
        rule("argues trusts need good talent management", ("themes", r"^talent management$")),
    ),
    "isolation": (
        rule(
            "advises building networks, as senior leadership can be isolating",
            ("themes", r"^networks$"),
            ("text", r"isolating"),
        ),
    ),
    "qualifications": (
        rule(
            "started as a trainee technician after A-levels",
            ("themes", r"trainee technician"),
            ("summary", r"after A-levels"),
        ),
    ),
}
# The more specific aim speaks first when a story shows several.
AIM_ORDER = tuple(AIM_RULES)


def first_said(rules: tuple[Rule, ...], case: Case) -> str | None:
    """The phrase of the first rule that holds for this case study."""
    return next((said for r in rules if (said := r.says(case))), None)


def aim_shown(aim: str, case: Case) -> str | None:
    """What the story shows of this aim; a case study whose front matter lists the aim but no
    rule describes still says so."""
    listed = rule(f"its story speaks to {aim}", ("aims", rf"^{re.escape(aim)}$"))
    return first_said((*AIM_RULES.get(aim, ()), listed), case)
