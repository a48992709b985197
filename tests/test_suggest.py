"""Case-study suggestions: the right case studies first, each with a truthful line on why."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.content import SAMPLE_CONTENT, write_content
from support.fakes import FakeEmbedder

from bot.evidence import Case, rule
from bot.professions import read_profile
from bot.suggest import (
    AIM_QUESTION,
    HELP,
    NO_CASE_STUDIES,
    PROFESSION_QUESTION,
    Suggestions,
    suggest,
)
from index.build import build
from index.store import IndexVersion, open_version

ROOT = Path(__file__).resolve().parents[1]
PHYSIO = "case-studies/physio-director.md"
MIDWIFE = "case-studies/midwife-chief-nurse.md"
PSYCHOLOGIST = "case-studies/psychologist-therapies.md"
SCIENTIST = "case-studies/audiology-scientist.md"
RADIOGRAPHER = "I'm a band 7 radiographer aiming for a board-level AHP role"

# More case studies, with the front matter and text the why rules read.
EXTRA_CONTENT = {
    SCIENTIST: """---
title: "Case study: clinical scientist to lead healthcare scientist"
kind: case-study
profession: clinical scientist (audiology)
profession_group: healthcare science
role: clinical director and lead healthcare scientist
level: service
aims: [clinical director, healthcare science lead]
themes: [trainee technician entry, national professional-body role]
summary: "An audiologist who started as a trainee technician after A-levels and became lead healthcare scientist."
---

## Journey

The clinical scientist started in audiology as a trainee technician and became clinical director.
""",
    "case-studies/bare.md": """---
title: "Case study: osteopath to clinical lead"
kind: case-study
profession: osteopath
profession_group: AHP
role: clinical lead
---

## Journey

The osteopath set up a musculoskeletal service and became its clinical lead.
""",
}
# A why line: who the case study is (one of three forms), then what it shows and what differs.
WHO = re.compile(
    r"(?:Also an? (?P<same>[^—:.]+?)|Also an? (?P<group>[^—:.]+?) — an? (?P<fellow>.+?)"
    r"|An? (?P<other>.+?)) who became (?P<role>[^:.]+)"
)
SHORT_GROUPS = {
    "AHP": "AHP",
    "midwifery": "midwife",
    "psychology": "psychologist",
    "healthcare science": "healthcare scientist",
}


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


@pytest.fixture
def wider(tmp_path: Path, embedder: FakeEmbedder) -> IndexVersion:
    """The sample content plus an audiology scientist and a case study with bare front matter."""
    content = write_content(tmp_path / "wider", {**SAMPLE_CONTENT, **EXTRA_CONTENT})
    build(content, tmp_path / "wider-index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "wider-index")[0]


def front_matter(document: str) -> dict[str, Any]:
    text = {**SAMPLE_CONTENT, **EXTRA_CONTENT}[document]
    return dict(yaml.safe_load(text.split("---")[1]))


def documents(result: Suggestions) -> list[str]:
    return [s.document for s in result.suggestions]


def whys(result: Suggestions) -> dict[str, str]:
    return {s.document: s.why for s in result.suggestions}


# -- who the case study is -------------------------------------------------------------------


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
    assert first.why.startswith(
        "Also an AHP — a physiotherapist who became director of allied health professionals: "
        "the kind of director post you're aiming for."
    )
    # The aim was a board-level role, and this post is not on the board: said plainly.
    assert first.why.endswith("The post sits below the board.")
    assert result.ask is None


def test_a_physiotherapist_gets_the_physiotherapist_first(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a band 6 physio", version, embedder, k=3)

    assert result.note is None
    assert documents(result)[0] == PHYSIO
    assert result.suggestions[0].why == (
        "Also a physiotherapist who became director of allied health professionals."
    )


def test_a_midwife_aiming_for_chief_nurse_is_told_the_story_reached_it(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a midwife aiming for chief nurse", version, embedder, k=3)

    assert result.recognised is not None
    assert (result.recognised.profession, result.recognised.aims) == ("midwife", ("chief nurse",))
    assert documents(result)[0] == MIDWIFE
    assert result.suggestions[0].why == (
        "Also a midwife who became chief nurse: reached chief nurse, as you'd like to."
    )


def test_the_board_route_is_said_as_the_case_study_took_it(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("nurse who wants a seat on the board", version, embedder, k=3)

    assert whys(result)[MIDWIFE] == (
        "A midwife who became chief nurse: reached the board as chief nurse, as you'd like to. "
        "A different profession: midwife, not nurse."
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
    for s in result.suggestions:
        assert not s.why.startswith("Also")
        assert s.why.endswith(f"A different profession: {s.profession}, not pharmacist.")


def test_a_bare_ahp_is_told_who_else_is_an_ahp(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm an AHP", version, embedder, k=3)

    assert result.note is None
    assert documents(result)[0] == PHYSIO
    assert result.suggestions[0].why.startswith("Also an AHP — a physiotherapist who became")


def test_a_pathology_scientist_shares_the_group_with_an_audiology_scientist_and_is_told_so(
    wider: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest(
        "I'm a biomedical scientist in pathology aiming to become lead healthcare scientist",
        wider,
        embedder,
    )

    assert result.suggestions[0].document == SCIENTIST
    assert result.suggestions[0].why == (
        "Also a healthcare scientist — a clinical scientist (audiology) who became clinical "
        "director and lead healthcare scientist: leads healthcare science, as you'd like to. "
        "A different specialism: audiology, not pathology."
    )


def test_an_audiologist_is_the_same_profession_as_an_audiology_scientist(
    wider: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm an audiologist", wider, embedder)

    assert result.note is None
    assert result.suggestions[0].document == SCIENTIST
    assert result.suggestions[0].why.startswith(
        "Also a clinical scientist (audiology) who became clinical director"
    )
    assert "specialism" not in result.suggestions[0].why


PROFILES = [
    RADIOGRAPHER,
    "I'm a band 6 physio",
    "I'm a midwife aiming for chief nurse",
    "I'm a pharmacist",
    "clinical psychologist wanting an executive director role on the board",
    "I'm a nurse",
    "biomedical scientist in pathology, lacking confidence, aiming for an ICS role",
    "paramedic wanting to work part-time in a director post",
    "I want to sit on the board one day",
]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_why_line_says_the_case_studys_own_profession_and_role(
    profile: str, wider: IndexVersion, embedder: FakeEmbedder
) -> None:
    for suggestion in suggest(profile, wider, embedder, k=3).suggestions:
        facts = front_matter(suggestion.document)
        who = WHO.match(suggestion.why)

        assert who, suggestion.why
        assert (who["same"] or who["fellow"] or who["other"]) == facts["profession"]
        assert who["role"] == facts["role"]
        if who["group"]:
            assert who["group"] == SHORT_GROUPS[facts["profession_group"]]
        assert (suggestion.title, suggestion.profession, suggestion.role) == (
            facts["title"],
            facts["profession"],
            facts["role"],
        )


@pytest.mark.parametrize(
    ("profile", "own_words"),
    [
        ("physio aiming for a director post", "a director post"),
        ("OT wanting an ICS role", "an ICS role"),
        ("AHP lead who wants influence on strategy at board", "influence on strategy"),
        ("radiographer hoping to go part-time as a director of AHPs", "part-time as"),
        ("midwife, want to be on the board", "want to be"),
    ],
)
def test_a_why_line_never_just_repeats_the_persons_aim(
    profile: str, own_words: str, wider: IndexVersion, embedder: FakeEmbedder
) -> None:
    for suggestion in suggest(profile, wider, embedder, k=3).suggestions:
        assert own_words not in suggestion.why
        assert "your aim" not in suggestion.why
        assert suggestion.profession in suggestion.why and suggestion.role in suggestion.why


def test_a_case_study_with_bare_front_matter_is_only_said_to_be_who_it_is(
    wider: IndexVersion, embedder: FakeEmbedder
) -> None:
    profile = "osteopath lacking confidence, aiming for the board or operational management"

    result = suggest(profile, wider, embedder, k=5)

    assert whys(result)["case-studies/bare.md"] == "Also an osteopath who became clinical lead."


# -- aims and barriers the story shows --------------------------------------------------------


def test_a_barrier_is_mentioned_only_where_the_case_study_worked_through_it(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    confident = SAMPLE_CONTENT[MIDWIFE].replace(
        "themes: [mentoring]",
        "themes: [mentoring and coaching, self-belief and professional identity]",
    )
    content = write_content(tmp_path / "content", {**SAMPLE_CONTENT, MIDWIFE: confident})
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = suggest("midwife lacking confidence, aiming for chief nurse", version, embedder)

    said = whys(result)
    assert said[MIDWIFE] == (
        "Also a midwife who became chief nurse: reached chief nurse, as you'd like to. "
        "On confidence: worked through self-belief and professional identity."
    )
    assert all("confidence" not in why for doc, why in said.items() if doc != MIDWIFE)


def test_attending_the_board_without_a_vote_is_said_plainly(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    psychologist = (
        SAMPLE_CONTENT[PSYCHOLOGIST].replace(
            "themes: [reporting line]", "themes: [executive team membership, board attendance]"
        )
        + "\nThe director of therapies attends the board but is not a voting member.\n"
    )
    content = write_content(tmp_path / "content", {**SAMPLE_CONTENT, PSYCHOLOGIST: psychologist})
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    result = suggest("psychologist aiming for a board role", version, embedder)

    assert whys(result)[PSYCHOLOGIST] == (
        "Also a clinical psychologist who became director of therapies: joined the executive "
        "team and attends the board, as you'd like to. Attends the board without a vote."
    )


def test_a_rule_speaks_only_when_its_evidence_is_there() -> None:
    case = Case("c.md", "physiotherapist", "AHP", "chief executive", "board", (), (), "", "")
    route = rule("took the {0} route, as you'd like to", ("themes", r"^(\w+) route to the board$"))
    unsaid = rule("never mentions part-time", ("!text", r"part[- ]time"))

    assert route.says(case) is None
    assert route.says(
        case.__class__(**{**case.__dict__, "themes": ("operational route to the board",)})
    ) == ("took the operational route, as you'd like to")
    assert unsaid.says(case) == "never mentions part-time"
    assert unsaid.says(case.__class__(**{**case.__dict__, "text": "works part-time"})) is None


# -- asking back ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile", ["I don't know what I want", "want to be a leader some day", "not sure", "hi"]
)
def test_a_vague_profile_is_asked_its_profession_instead_of_guessed_at(
    profile: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    embedded_before = len(embedder.encoded)

    result = suggest(profile, version, embedder, k=3)

    assert result.suggestions == ()
    assert result.ask is not None
    assert result.ask.question == PROFESSION_QUESTION
    assert result.ask.choices == (
        "nurse",
        "midwife",
        "AHP (physio, OT, radiographer…)",
        "pharmacist",
        "psychologist",
        "healthcare scientist",
        "doctor",
        "social worker",
    )
    assert len(embedder.encoded) == embedded_before  # nothing to match, so nothing embedded


@pytest.mark.parametrize("profile", ["", "   \n\t "])
def test_an_empty_profile_gets_help_and_the_profession_question(
    profile: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest(profile, version, embedder, k=3)

    assert (result.note, result.suggestions) == (HELP, ())
    assert result.ask is not None and result.ask.question == PROFESSION_QUESTION
    assert result.ask.replies[0] == "I'm a nurse"


def test_a_profession_without_an_aim_gets_suggestions_and_the_aim_question(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I'm a nurse", version, embedder, k=3)

    assert documents(result)[0] == MIDWIFE  # "chief nurse" names the profession
    assert result.ask is not None
    assert (result.ask.question, result.ask.choices) == (
        AIM_QUESTION,
        (
            "a board/executive director post",
            "a chief nurse / director of nursing role",
            "operational management",
            "system (ICS) leadership",
        ),
    )
    assert result.ask.replies[0] == "I'm a nurse, aiming for a board/executive director post"


def test_an_aim_without_a_profession_gets_suggestions_and_the_profession_question(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("I want to sit on the board one day", version, embedder, k=3)

    assert result.note is None
    assert result.suggestions
    assert result.ask is not None and result.ask.question == PROFESSION_QUESTION
    assert result.ask.replies[0] == "I'm a nurse. I want to sit on the board one day"


def test_a_vague_profile_s_words_are_not_repeated_in_the_answers(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    vague, worried = (suggest(p, version, embedder).ask for p in ("not sure", "lacking confidence"))

    assert vague is not None and vague.replies[0] == "I'm a nurse"
    assert worried is not None and worried.replies[0] == "I'm a nurse. lacking confidence"


@pytest.mark.parametrize("profile", ["I don't know what I want", "I'm a physio", "nurse", ""])
def test_every_answer_to_a_question_back_is_understood(
    profile: str, version: IndexVersion, embedder: FakeEmbedder
) -> None:
    first = suggest(profile, version, embedder).ask
    assert first is not None

    for choice, reply in zip(first.choices, first.replies, strict=True):
        then = suggest(f"suggest {reply}", version, embedder)
        assert then.suggestions, reply
        assert then.ask is None or then.ask.question != first.question, (choice, reply)
        if first.question == AIM_QUESTION:
            assert then.ask is None and read_profile(reply).aims, reply


def test_the_suggest_command_word_is_not_part_of_the_profile(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("suggest I'm a physio", version, embedder)

    assert result.profile == "I'm a physio"
    assert result.ask is not None
    assert result.ask.replies[0].startswith("I'm a physio, aiming for")


# -- ranking and limits -----------------------------------------------------------------------


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


def test_a_misspelt_profession_is_still_recognised(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    result = suggest("radiogrpher band 6 want board role", version, embedder)

    assert result.note is not None and "about a radiographer" in result.note
    assert result.suggestions[0].why.startswith("Also an AHP")


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
            "case-studies/osteopath.md": EXTRA_CONTENT["case-studies/bare.md"],
        },
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]

    fellows = suggest("I'm a podiatrist", version, embedder, k=3)
    missing = suggest("I'm an art therapist", version, embedder, k=3)

    said = whys(fellows)
    assert said["case-studies/ot.md"].startswith("Also an AHP — an occupational therapist")
    assert said["case-studies/osteopath.md"].startswith("Also an AHP — an osteopath")
    assert missing.note is not None
    assert missing.note.startswith("None of the case studies is about an art therapist;")


def test_content_without_case_studies_says_so(tmp_path: Path, embedder: FakeEmbedder) -> None:
    content = write_content(
        tmp_path / "content",
        {"framework/framework.md": SAMPLE_CONTENT["framework/framework.md"]},
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)

    result = suggest(RADIOGRAPHER, open_version(tmp_path / "index")[0], embedder, k=3)

    assert (result.note, result.suggestions) == (NO_CASE_STUDIES, ())


# -- quality with the real model --------------------------------------------------------------


def _profiles_eval() -> Any:
    """evals/profiles.py, loaded by path (evals/ is not an installed package in every setup)."""
    spec = importlib.util.spec_from_file_location("profiles_eval", ROOT / "evals" / "profiles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_suggestions_fit_and_name_the_aim_on_the_test_profiles() -> None:
    profiles = _profiles_eval()
    version, embedder = profiles.real_index()
    test_set = profiles.load_profiles(profiles.TEST)
    assert len(test_set) >= 18 and len(profiles.load_profiles(profiles.DEV)) >= 12

    scores = profiles.evaluate(test_set, lambda text: suggest(text, version, embedder))

    misses = [
        (o.profile.id, o.first, o.why) for o in scores.outcomes if o.profile.fits and not o.fits
    ]
    assert scores.fit >= profiles.FIT_FLOOR, misses
    unnamed = [(o.profile.id, o.why) for o in scores.outcomes if o.profile.aim and not o.names_aim]
    assert scores.aim >= profiles.AIM_FLOOR, unnamed
    assert scores.clarify >= 0.9
