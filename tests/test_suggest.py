"""Case-study suggestions: the right case studies first, each with a truthful line on why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_CONTENT, FakeEmbedder, write_content

from bot.professions import group_name
from bot.suggest import HELP, Suggestions, suggest
from index.build import build
from index.store import IndexVersion, open_version

PHYSIO = "case-studies/physio-director.md"
MIDWIFE = "case-studies/midwife-chief-nurse.md"
PSYCHOLOGIST = "case-studies/psychologist-therapies.md"
RADIOGRAPHER = "I'm a band 7 radiographer aiming for a board-level AHP role"

# "Also a physiotherapist who became director of AHPs — speaks to your aim: board."
WHY = re.compile(
    r"(?:Also an? (?P<same>.+?)|A fellow (?P<group>.+?) \(an? (?P<fellow>.+?)\)|An? (?P<other>.+?))"
    r" who became (?P<role>.+?)(?: — speaks to your aim: (?P<aims>.+))?\."
)


@pytest.fixture
def embedder() -> FakeEmbedder:
    """The fake with 1,024 hash slots instead of 64.

    With 64 slots unrelated words collide ("midwife" with "for", "nurse" with "a"), and that
    noise in the meaning score outweighs the profession and group bonuses these tests are about.
    """
    return FakeEmbedder(dimension=1024)


@pytest.fixture
def version(content_dir: Path, tmp_path: Path, embedder: FakeEmbedder) -> IndexVersion:
    build(content_dir, tmp_path / "index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "index")[0]


def front_matter(content_dir: Path, document: str) -> dict[str, Any]:
    return yaml.safe_load((content_dir / document).read_text(encoding="utf-8").split("---")[1])


def documents(result: Suggestions) -> list[str]:
    return [s.document for s in result.suggestions]


def test_radiographer_is_offered_other_ahps_with_the_ahp_director_first(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest(RADIOGRAPHER, version, embedder, k=3)

    assert result.note == (
        "None of the case studies is about a radiographer; these are the nearest, "
        "from other allied health professionals."
    )
    first = result.suggestions[0]
    assert first.document == PHYSIO
    assert first.why.startswith("A fellow allied health professional (a physiotherapist)")
    assert "director of AHPs" in first.why


def test_a_physiotherapist_gets_the_physiotherapist_first(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a band 6 physio", version, embedder, k=3)

    assert result.note is None
    assert documents(result)[0] == PHYSIO
    assert result.suggestions[0].why.startswith("Also a physiotherapist who became")


def test_a_midwife_aiming_for_chief_nurse_gets_the_midwife_first(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a midwife aiming for chief nurse", version, embedder, k=3)

    assert result.recognised is not None
    assert (result.recognised.profession, result.recognised.aims) == ("midwife", ("chief nurse",))
    assert documents(result)[0] == MIDWIFE
    assert result.suggestions[0].why == (
        "Also a midwife who became chief nurse — speaks to your aim: chief nurse."
    )


def test_a_pharmacist_is_told_no_case_study_shares_the_profession_or_group(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a pharmacist", version, embedder, k=3)

    assert result.note == (
        "None of the case studies is about a pharmacist or another pharmacy professional; "
        "these are the closest by career aim and story."
    )
    assert 2 <= len(result.suggestions) <= 3
    assert not any(s.why.startswith(("Also", "A fellow")) for s in result.suggestions)


def test_a_bare_ahp_is_not_told_no_case_study_is_about_an_ahp(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm an AHP", version, embedder, k=3)

    assert result.note is None
    assert documents(result)[0] == PHYSIO
    assert result.suggestions[0].why.startswith("A fellow allied health professional")


def test_a_profile_without_a_profession_is_asked_for_one(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I want to sit on the board one day", version, embedder, k=3)

    assert result.note == "Tell me your profession too and I can match case studies more closely."
    assert result.suggestions


@pytest.mark.parametrize("profile", ["", "   \n\t "])
def test_an_empty_profile_gets_help_and_no_suggestions(
    profile: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    embedded_before = len(embedder.encoded)

    result = suggest(profile, version, embedder, k=3)

    assert (result.note, result.suggestions) == (HELP, ())
    assert len(embedder.encoded) == embedded_before


PROFILES = [
    RADIOGRAPHER,
    "I'm a band 6 physio",
    "I'm a midwife aiming for chief nurse",
    "I'm a pharmacist",
    "clinical psychologist wanting an executive director role on the board",
    "I'm a nurse",
]


@pytest.mark.parametrize("profile", PROFILES)
def test_two_or_three_suggestions_best_first(
    profile: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest(profile, version, embedder, k=3)

    assert 2 <= len(result.suggestions) <= 3
    assert len(set(documents(result))) == len(result.suggestions)
    scores = [s.score for s in result.suggestions]
    assert scores == sorted(scores, reverse=True)


def test_k_caps_the_number_of_suggestions(version: IndexVersion, embedder: FakeEmbedder) -> None:
    assert len(suggest(RADIOGRAPHER, version, embedder, k=1).suggestions) == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_every_why_line_is_built_from_that_case_studys_front_matter(
    profile: str, version: IndexVersion, embedder: FakeEmbedder, content_dir: Path
) -> None:
    for suggestion in suggest(profile, version, embedder, k=3).suggestions:
        facts = front_matter(content_dir, suggestion.document)
        why = WHY.fullmatch(suggestion.why)

        assert why, suggestion.why
        assert (why["same"] or why["fellow"] or why["other"]) == facts["profession"]
        if why["group"]:
            assert why["group"] == group_name(str(facts["profession_group"]))
        assert why["role"] == facts["role"]
        aims = re.split(r", | and ", why["aims"]) if why["aims"] else []
        assert set(aims) <= set(facts["aims"])
        assert (suggestion.title, suggestion.profession, suggestion.role) == (
            facts["title"],
            facts["profession"],
            facts["role"],
        )


def test_why_lines_use_an_before_a_vowel(tmp_path: Path, embedder: FakeEmbedder) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "case-studies/ot.md": """---
title: "Case study: occupational therapist to director of AHPs"
kind: case-study
profession: occupational therapist
profession_group: AHP
role: director of AHPs
aims: [director of AHPs]
---

The occupational therapist led a community rehabilitation service before the director post.
""",
            "case-studies/osteopath.md": """---
title: "Case study: osteopath to clinical lead"
kind: case-study
profession: osteopath
profession_group: AHP
role: clinical lead
---

The osteopath set up a musculoskeletal service and became its clinical lead.
""",
        },
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    fellows = suggest("I'm a podiatrist", version, embedder, k=3)
    missing = suggest("I'm an art therapist", version, embedder, k=3)

    whys = {s.document: s.why for s in fellows.suggestions}
    assert whys["case-studies/ot.md"].startswith(
        "A fellow allied health professional (an occupational therapist)"
    )
    assert whys["case-studies/osteopath.md"].startswith(
        "A fellow allied health professional (an osteopath)"
    )
    assert missing.note is not None
    assert missing.note.startswith("None of the case studies is about an art therapist;")


def test_content_without_case_studies_says_so(tmp_path: Path, embedder: FakeEmbedder) -> None:
    content = write_content(
        tmp_path / "content",
        {"framework/framework.md": SAMPLE_CONTENT["framework/framework.md"]},
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)

    result = suggest(RADIOGRAPHER, open_version(tmp_path / "index")[0], embedder, k=3)

    assert (result.note, result.suggestions) == (
        "There are no case studies in the content yet.",
        (),
    )


def test_an_audiologist_counts_as_the_same_profession_as_an_audiology_scientist(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    scientist = SAMPLE_CONTENT[PHYSIO].replace(
        "profession: physiotherapist", "profession: clinical scientist (audiology)"
    )
    scientist = scientist.replace("profession_group: AHP", "profession_group: healthcare science")
    content = write_content(tmp_path / "content", {**SAMPLE_CONTENT, PHYSIO: scientist})
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = suggest("I'm an audiologist", version, embedder)

    assert result.note is None
    assert result.suggestions[0].document == PHYSIO
    assert result.suggestions[0].why.startswith("Also a clinical scientist (audiology)")
