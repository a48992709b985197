"""Reading a person's description of themselves: profession, group, career aims and band."""

from __future__ import annotations

import pytest

from bot.professions import AHP, correct_spelling, group_name, read_profile

AHP_PROFESSIONS = [
    ("I'm an art therapist", "art therapist"),
    ("I work as an art psychotherapist", "art therapist"),
    ("I'm a drama therapist", "drama therapist"),
    ("I'm a dramatherapist", "drama therapist"),
    ("I'm a music therapist", "music therapist"),
    ("I'm a dietitian", "dietitian"),
    ("I'm a dietician in a community team", "dietitian"),
    ("I'm an occupational therapist", "occupational therapist"),
    ("band 6 OT in stroke rehab", "occupational therapist"),
    ("I'm an operating department practitioner", "operating department practitioner"),
    ("I'm an ODP in theatres", "operating department practitioner"),
    ("I'm an orthoptist", "orthoptist"),
    ("I'm an osteopath", "osteopath"),
    ("I'm a paramedic", "paramedic"),
    ("I'm a physiotherapist", "physiotherapist"),
    ("I'm a physio", "physiotherapist"),
    ("I'm a podiatrist", "podiatrist"),
    ("I'm a prosthetist", "prosthetist or orthotist"),
    ("I'm an orthotist", "prosthetist or orthotist"),
    ("I'm a radiographer", "radiographer"),
    ("I'm a speech and language therapist", "speech and language therapist"),
    ("I'm an SLT", "speech and language therapist"),
    ("I'm a SALT working with children", "speech and language therapist"),
]

OTHER_PROFESSIONS = [
    ("I'm a nurse", "nurse", "nursing"),
    ("I'm a ward manager", "nurse", "nursing"),
    ("I'm a midwife", "midwife", "midwifery"),
    ("I'm a doctor", "doctor", "medicine"),
    ("I'm a consultant surgeon", "doctor", "medicine"),
    ("I'm a GP", "GP", "medicine"),
    ("I'm a general practitioner", "GP", "medicine"),
    ("I'm a pharmacist", "pharmacist", "pharmacy"),
    ("I'm a clinical psychologist", "psychologist", "psychology"),
    ("I'm a healthcare scientist", "healthcare scientist", "healthcare science"),
    ("I'm a clinical scientist", "healthcare scientist", "healthcare science"),
    ("I'm an audiologist", "healthcare scientist", "healthcare science"),
    ("I'm a social worker", "social worker", "social work"),
]


@pytest.mark.parametrize(("text", "profession"), AHP_PROFESSIONS)
def test_every_ahp_profession_is_recognised_as_an_ahp(text: str, profession: str) -> None:
    profile = read_profile(text)

    assert (profile.profession, profile.group) == (profession, AHP)


def test_all_fourteen_ahp_professions_are_covered() -> None:
    assert len({profession for _, profession in AHP_PROFESSIONS}) == 14


@pytest.mark.parametrize(("text", "profession", "group"), OTHER_PROFESSIONS)
def test_other_clinical_professions_are_recognised(text: str, profession: str, group: str) -> None:
    profile = read_profile(text)

    assert (profile.profession, profile.group) == (profession, group)


@pytest.mark.parametrize(
    "text",
    [
        "I have not got a clear plan yet",
        "I'm hoping to get a promotion, but not sure how",
        "I forgot to say: I like leading teams",
        "lots of salt in the canteen food",
    ],
)
def test_acronyms_are_not_read_inside_ordinary_words(text: str) -> None:
    profile = read_profile(text)

    assert (profile.profession, profile.group) == (None, None)


def test_only_the_group_is_known_when_someone_says_ahp() -> None:
    profile = read_profile("I'm an AHP")

    assert (profile.profession, profile.group) == ("allied health professional", AHP)


def test_a_named_profession_wins_over_the_bare_group() -> None:
    profile = read_profile("band 7 AHP (radiographer) in a district general hospital")

    assert (profile.profession, profile.group) == ("radiographer", AHP)


@pytest.mark.parametrize(
    ("text", "aim"),
    [
        ("I want a seat on the board", "board"),
        ("I'd like to be a chief executive one day", "chief executive"),
        ("aiming to be CEO", "chief executive"),
        ("I want to become director of AHPs", "director of AHPs"),
        ("hoping to be head of allied health", "director of AHPs"),
        ("I'd like to become chief nurse", "chief nurse"),
        ("aiming for director of nursing", "chief nurse"),
        ("I want to move into operational management", "operational management"),
        ("interested in a general manager post", "operational management"),
        ("I'd like to be a clinical director", "clinical director"),
    ],
)
def test_career_aims_are_recognised(text: str, aim: str) -> None:
    assert aim in read_profile(text).aims


def test_no_aim_is_read_from_a_profile_that_names_none() -> None:
    assert read_profile("I'm a band 6 dietitian").aims == ()


def test_a_midwife_aiming_for_chief_nurse_is_a_midwife_not_a_nurse() -> None:
    profile = read_profile("I'm a midwife aiming for chief nurse")

    assert (profile.profession, profile.group, profile.aims) == (
        "midwife",
        "midwifery",
        ("chief nurse",),
    )


def test_a_physio_aiming_for_chief_nurse_stays_a_physio() -> None:
    profile = read_profile("physio wanting to become chief nurse")

    assert (profile.profession, profile.aims) == ("physiotherapist", ("chief nurse",))


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("I'm a band 7 radiographer", "7"),
        ("band 8a physiotherapist", "8a"),
        ("Band 8C nurse", "8C"),
        ("band6 OT", "6"),
        ("I'm a radiographer", None),
        ("I play in a band", None),
    ],
)
def test_band_is_parsed(text: str, band: str | None) -> None:
    assert read_profile(text).band == band


def test_the_whole_description_is_read_at_once() -> None:
    profile = read_profile("I'm a band 7 radiographer aiming for a board-level AHP role")

    assert profile.profession == "radiographer"
    assert profile.group == AHP
    assert profile.band == "7"
    assert "director of AHPs" in profile.aims


def test_group_names_read_as_people() -> None:
    assert group_name(AHP) == "allied health professional"
    assert group_name("midwifery") == "midwife"
    assert group_name("healthcare science") == "healthcare scientist"


def test_an_interest_in_management_is_the_operational_aim() -> None:
    profile = read_profile("band 6 OT interested in management")
    assert profile.profession == "occupational therapist"
    assert "operational management" in profile.aims


@pytest.mark.parametrize(
    ("text", "profession"),
    [
        ("radiogrpher band 6", "radiographer"),
        ("Im a dietitan", "dietitian"),
        ("physiotherpist wanting to lead", "physiotherapist"),
        ("midwfe", "midwife"),
        ("pharmasist", "pharmacist"),
        ("psycologist", "psychologist"),
        ("occupatonal therapist", "occupational therapist"),
        ("paramdic", "paramedic"),
    ],
)
def test_a_misspelt_profession_is_recognised(text: str, profession: str) -> None:
    assert read_profile(text).profession == profession


@pytest.mark.parametrize(
    "text",
    [
        "I'm an operating department practitioner",
        "interested in therapies and science",
        "consulting room manager",
        "working directly with managers",
    ],
)
def test_ordinary_words_are_not_corrected_into_professions_or_aims(text: str) -> None:
    assert correct_spelling(text) == text


@pytest.mark.parametrize(
    ("text", "specialism"),
    [
        ("I'm a biomedical scientist in pathology", "pathology"),
        ("healthcare scientist in blood sciences", "pathology"),
        ("I'm an audiologist", "audiology"),
        ("clinical scientist (audiology)", "audiology"),
        ("medical physicist", "medical physics"),
        ("I'm a healthcare scientist", None),
    ],
)
def test_a_healthcare_scientist_s_specialism_is_read(text: str, specialism: str | None) -> None:
    profile = read_profile(text)

    assert (profile.group, profile.specialism) == ("healthcare science", specialism)


def test_only_healthcare_scientists_have_a_specialism() -> None:
    assert read_profile("radiographer with a hearing impairment").specialism is None


@pytest.mark.parametrize(
    ("text", "aim"),
    [
        ("GP interested in ICS leadership", "system leadership"),
        ("wanting a role in the integrated care board", "system leadership"),
        ("clinical academic physio", "clinical academic"),
        ("want to keep my research going", "clinical academic"),
        ("is senior leadership realistic part time?", "part-time"),
        ("pharmacist wanting an exec director role", "executive director"),
        ("psychologist, want exec team role", "executive director"),
        ("consultant anaesthetist, want to be medical director", "executive director"),
        ("aiming for a director of therapies post", "director of AHPs"),
        ("want to be chief AHP", "director of AHPs"),
        ("audiologist who wants national work with the professional body", "national role"),
        ("want to lead healthcare science in my trust", "healthcare science lead"),
        ("thinking about head of midwifery", "professional lead"),
    ],
)
def test_more_career_aims_are_recognised(text: str, aim: str) -> None:
    assert aim in read_profile(text).aims


def test_a_board_level_ahp_role_is_both_the_ahp_director_aim_and_the_board() -> None:
    aims = read_profile("aiming for a board-level AHP role").aims

    assert "director of AHPs" in aims and "board" in aims


def test_reporting_to_the_ceo_is_not_wanting_to_be_the_ceo() -> None:
    aims = read_profile("a director of therapies post reporting to the CEO").aims

    assert "reporting to the chief executive" in aims and "chief executive" not in aims


@pytest.mark.parametrize(
    ("text", "barrier"),
    [
        ("lacking confidence to apply", "confidence"),
        ("I have imposter syndrome", "confidence"),
        ("worried I'd never get a vote", "board vote"),
        ("seen as 'just a therapist' by the medics", "standing"),
        ("stuck at band 8b", "glass ceiling"),
        ("happy to take a lower band", "sideways move"),
        ("part-time with two kids", "work-life balance"),
        ("I'd miss patient contact", "clinical identity"),
        ("no mentor to help me", "support"),
        ("it feels lonely", "isolation"),
        ("I don't have a degree", "qualifications"),
    ],
)
def test_barriers_are_recognised(text: str, barrier: str) -> None:
    assert barrier in read_profile(text).barriers


def test_a_profile_naming_no_barrier_has_none() -> None:
    assert read_profile("band 7 radiographer aiming for the board").barriers == ()
