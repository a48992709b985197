"""Follow-ups in a thread: read against the previous turn, and answered about its subject."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.fakes import FakeEmbedder, threshold_policy

import bot.answer
from bot.answer import NO_MORE, answer
from bot.followups import Previous, read
from bot.plaintext import answer_text
from index.build import build
from index.store import IndexVersion, open_version

POLICY = threshold_policy(0.45)  # the fake embedder's scale; see test_answer.py
PHYSIO = Previous(
    question="Tell me about the physio who became a group deputy chief exec",
    understood="Tell me about the physio who became a group deputy chief exec",
    documents=("case-studies/physio-deputy-ceo.md",),
    titles=("Case study: physiotherapist to group deputy chief executive",),
    quotes=("The physiotherapist was a chief executive for about six years.",),
    answered=True,
)
BOARDS = Previous(
    question="What does the framework ask of boards?",
    understood="What does the framework ask of boards?",
    documents=("framework/framework.md",),
    titles=("Clinical leadership – a framework for action (NHS Improvement, January 2019)",),
    quotes=("Trust boards should consider appointing a senior strategic AHP lead.",),
    answered=True,
)
AHPS = Previous(
    "What stops AHPs getting to the board?", "What stops AHPs getting to the board?",
    ("framework/framework.md",), ("Clinical leadership – a framework for action",), (), True,
)  # fmt: skip


@pytest.mark.parametrize(
    ("previous", "follow_up", "taken_as"),
    [
        (PHYSIO, "what advice does he give?",
         "What advice does the physiotherapist who became group deputy chief executive give?"),
        (PHYSIO, "and his first job?",
         "The physiotherapist who became group deputy chief executive's first job?"),
        (PHYSIO, "what helped him most",
         "What helped the physiotherapist who became group deputy chief executive most"),
        (BOARDS, "and of individuals?", "What does the framework ask of individuals?"),
        (BOARDS, "and who wrote it?", "Who wrote the framework?"),
        (AHPS, "and who published it?", "Who published Clinical leadership – a framework for action?"),
        (AHPS, "what about nurses?", "What stops nurses getting to the board?"),
        (AHPS, "and pharmacists", "What stops pharmacists getting to the board?"),
        (AHPS, "and in wales?", "What stops AHPs getting to the board, in wales?"),
        (AHPS, "why?", "Why: What stops AHPs getting to the board?"),
        (Previous("im a physio, what stops AHPs getting on the board?",
                  "im a physio, what stops AHPs getting on the board?", ("f.md",), ("F",), (), True),
         "what about nurses?", "Im a physio, what stops nurses getting on the board?"),
        (AHPS, "why does that matter?", "Why: What stops AHPs getting to the board?"),
    ],
)  # fmt: skip
def test_a_follow_up_is_read_with_the_threads_subject(
    previous: Previous, follow_up: str, taken_as: str
) -> None:
    reading = read(follow_up, previous)

    assert reading.taken_as == taken_as
    assert reading.question == taken_as
    assert reading.prefer == previous.documents
    assert not reading.more


def test_her_is_possessive_only_before_a_noun() -> None:
    midwife = Previous("q", "q", ("m.md",), ("Case study: midwife to chief nurse",), (), True)

    assert (
        read("what helped her?", midwife).taken_as
        == "What helped the midwife who became chief nurse?"
    )
    assert read("and her first post?", midwife).taken_as == (
        "The midwife who became chief nurse's first post?"
    )


def test_he_or_she_is_the_case_study_the_thread_cited_else_the_profession_it_named() -> None:
    psychologist = Previous(
        "how did the psychologist become director of therapies", "…",
        ("framework.md", "psych.md"),
        ("Clinical leadership – a framework for action",
         "Case study: consultant clinical psychologist to director of therapies and executive "
         "lead for patient experience"),
        (), True,
    )  # fmt: skip
    refused = Previous("the clinical scientist case study", "the clinical scientist case study",
                       (), (), (), False)  # fmt: skip

    assert read("whats his turning point?", psychologist).taken_as == (
        "Whats the consultant clinical psychologist who became director of therapies' turning point?"
    )
    assert read("what was his first job?", refused).taken_as == (
        "What was the clinical scientist's first job?"
    )


@pytest.mark.parametrize(
    "more", ["tell me more", "Tell me more!", "go on", "more please", "anything else?"]
)
def test_tell_me_more_asks_for_the_next_passage_from_the_same_source(more: str) -> None:
    reading = read(more, PHYSIO)

    assert reading.more
    assert reading.prefer == PHYSIO.documents[:1]
    assert reading.shown == PHYSIO.quotes
    assert reading.taken_as == f"More on: {PHYSIO.understood}?"


@pytest.mark.parametrize(
    "standalone",
    [
        "What is the NHS Long Term Plan's view on talent management?",
        "What are the five themes?",
        "Is it worth applying for a band 8a post?",  # a dummy "it", not the document
        "enablement",
        "whens the framewrk publshed n who wrote it",  # "it" is the question's own subject
    ],
)
def test_a_question_that_stands_on_its_own_is_not_bent_towards_the_thread(standalone: str) -> None:
    reading = read(standalone, BOARDS)

    assert reading.taken_as is None
    assert reading.question == standalone
    assert reading.prefer == () and not reading.more


def test_without_a_previous_turn_nothing_is_carried() -> None:
    assert read("what advice does he give?", None).taken_as is None


# --- answers ------------------------------------------------------------------------------------


@pytest.fixture
def version(content_dir: Path, tmp_path: Path, embedder: FakeEmbedder) -> IndexVersion:
    build(content_dir, tmp_path / "index", embedder, max_bytes=1 << 20)
    return open_version(tmp_path / "index")[0]


def test_a_follow_up_is_answered_from_the_threads_case_study(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    first = answer("What was the midwife's turning point?", version, embedder, policy=POLICY)
    assert first.citations[0].document == "case-studies/midwife-chief-nurse.md"

    alone = answer("and her journey?", version, embedder, policy=POLICY)
    followed = answer(
        "and her journey?", version, embedder, policy=POLICY, previous=Previous.of(first)
    )

    assert alone.taken_as is None
    assert followed.taken_as == "The midwife who became chief nurse's journey?"
    assert followed.answered
    assert followed.citations[0].document == "case-studies/midwife-chief-nurse.md"
    assert "worked clinically for ten years" in followed.text
    assert answer_text(followed).startswith(
        "Taking this as: The midwife who became chief nurse's journey?\n\n"
    )


def test_tell_me_more_says_something_new_then_that_there_is_no_more(
    version: IndexVersion, embedder: FakeEmbedder
) -> None:
    first = answer("What was the midwife's turning point?", version, embedder, policy=POLICY)
    more = answer("tell me more", version, embedder, policy=POLICY, previous=Previous.of(first))

    assert more.answered and more.citations
    assert {c.document for c in more.citations} == {"case-studies/midwife-chief-nurse.md"}
    assert not set(c.quote for c in more.citations) & set(c.quote for c in first.citations)

    remembered = Previous.of(more, Previous.of(first))
    again = answer("tell me more", version, embedder, policy=POLICY, previous=remembered)
    assert again.verdict == "no-more"
    assert again.text == NO_MORE.format(title="Case study: midwife to chief nurse")


def test_the_words_typed_choose_the_sentence_not_the_subject_carried_from_the_thread(
    tmp_path: Path, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    (content / "case-studies").mkdir(parents=True)
    (content / "case-studies" / "physio-deputy-ceo.md").write_text(
        "---\ntitle: 'Case study: physiotherapist to group deputy chief executive'\n---\n\n"
        "## Story\n\nThe physiotherapist became group deputy chief executive of a trust group.\n\n"
        "## Advice\n\nThe advice he would give is good talent management.\n"
    )
    build(content, tmp_path / "index", embedder, max_bytes=1 << 20)
    version = open_version(tmp_path / "index")[0]
    previous = Previous(
        "Tell me about the physio who became a group deputy chief exec",
        "Tell me about the physio who became a group deputy chief exec",
        ("case-studies/physio-deputy-ceo.md",),
        ("Case study: physiotherapist to group deputy chief executive",),
        (),
        True,
    )

    def first_quote() -> str:
        found = answer("what advice does he give?", version, embedder, policy=threshold_policy(0.2), previous=previous)  # fmt: skip
        return found.citations[0].quote

    answered = first_quote()
    monkeypatch.setattr(bot.answer, "CARRIED_WEIGHT", 1.0)  # the subject's words count in full

    assert answered.startswith("The advice he would give")
    assert first_quote().startswith("The physiotherapist became group deputy chief")
