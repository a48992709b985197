"""Answer quality: the evals/ question sets are sound, scoring is right, and the bot clears its floors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

import bot.answer
from bot.answer import Answer, Citation
from bot.config import Settings
from evals.baseline import Baseline, windows
from evals.followups import KINDS as THREAD_KINDS
from evals.followups import (
    Result,
    Thread,
    load_threads,
    thread_problems,
)
from evals.followups import (
    summarise as summarise_threads,
)
from evals.overlap import overlap
from evals.overlap import summarise as summarise_overlap
from evals.questions import (
    CONTENT,
    KINDS,
    Question,
    contains,
    has_facts,
    load_set,
    normalise,
    problems,
)
from evals.report import Report
from evals.run import evaluate
from evals.scoring import metrics, score, score_answer, summarise
from index.build import build
from index.embed import SentenceTransformerEmbedder
from index.store import IndexVersion, open_version

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = "framework/clinical-leadership-framework-for-action.md"


def _question(kind: str = "direct", facts=(("30 January 2019",), ("NHS Improvement",)), page=None):
    expected = () if kind.startswith("offtopic") or kind == "clinical" else (FRAMEWORK,)
    facts = () if not expected else tuple(tuple(g) for g in facts)
    return Question("x1", "When was it published?", kind, expected, facts, False, page, "dev")


def _citation(quote: str, document: str = FRAMEWORK, page: str | None = None) -> Citation:
    return Citation(
        n=1, document=document, title="Clinical leadership", section="What the framework is",
        page=page, page_number=None, url=None, quote=quote, score=0.6,
    )  # fmt: skip


def _answer(text: str, *citations: Citation, answered: bool = True) -> Answer:
    return Answer("When was it published?", text, tuple(citations), answered)


# The question sets (fast: no model).


def test_the_sets_are_big_varied_and_apart() -> None:
    questions = load_set("all")
    dev, test = load_set("dev"), load_set("test")
    assert len(questions) >= 150
    assert 0.3 <= len(dev) / len(questions) <= 0.5
    assert sum(q.own_words for q in questions) / len(questions) >= 0.4
    assert sum(q.kind == "offtopic_near" for q in questions) >= 25
    assert sum(q.kind == "offtopic_far" for q in questions) >= 10
    for kind in KINDS:
        assert any(q.kind == kind for q in dev) and any(q.kind == kind for q in test), kind
    assert not {normalise(q.question) for q in dev} & {normalise(q.question) for q in test}
    assert len({q.id for q in questions}) == len(questions)


def test_every_expected_document_exists_and_holds_the_facts() -> None:
    assert problems(load_set("all")) == []
    covered = {d for q in load_set("all") for d in q.expected}
    assert {p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.md")} - {
        "README.md"
    } <= covered


def test_own_words_questions_borrow_clearly_fewer_words() -> None:
    figures = {o.group: o.mean for o in summarise_overlap(load_set("all"))}
    assert figures["own_words"] <= figures["not own_words"] - 0.25


def test_overlap_of_a_lifted_question_is_complete() -> None:
    lifted = Question(
        "x", "Who endorsed the framework?", "direct", (FRAMEWORK,), (("AHPF",),), False
    )
    assert overlap(lifted) == 1.0
    assert overlap(_question("offtopic_near")) is None


def test_the_followup_threads_hold_their_facts_and_keep_dev_and_test_apart() -> None:
    threads = load_threads("all")
    assert thread_problems(threads) == []
    dev, test = load_threads("dev"), load_threads("test")
    assert len(dev) >= 20 and len(test) >= 30
    for kind in THREAD_KINDS:
        assert any(t.kind == kind for t in dev) and any(t.kind == kind for t in test), kind
    assert not {tuple(map(normalise, t.turns)) for t in dev} & {
        tuple(map(normalise, t.turns)) for t in test
    }


def test_a_thread_problem_names_the_thread() -> None:
    bad = Thread("f1", ("one turn only",), "pronoun", (FRAMEWORK,), (("no such fact xyz",),), True)
    found = " ".join(thread_problems([bad, replace(bad, id="f2", kind="more", facts=())]))
    assert "f1: 1 turns" in found and "no such fact xyz" in found and "f2: needs" not in found


def test_thread_rows_score_facts_only_where_a_thread_has_them() -> None:
    more = Thread("f1", ("what is it?", "go on"), "more", (FRAMEWORK,), (), True)
    alone = Thread("f2", ("who wrote it?", "when was it published?"), "standalone", (FRAMEWORK,),
                   (("30 January 2019",),), False)  # fmt: skip
    cited = _answer("NHS Improvement published it on 30 January 2019 [1].", _citation("q"))
    refused = _answer("I couldn't find this.", answered=False)
    results = [
        Result(t, replace(score_answer(t.last, cited), kind=t.kind),
               replace(score_answer(t.last, refused), kind=t.kind), None)
        for t in (more, alone)
    ]  # fmt: skip
    rows = {r.group: r for r in summarise_threads(results)}
    assert rows["more"].fact is None and rows["more"].doc == 1.0
    assert rows["standalone"].fact == 1.0 and rows["standalone"].alone_refused == 1.0
    assert rows["follow-ups"].n == 1 and rows["overall"].n == 2 and rows["overall"].read == 0.0


# Fact matching and scoring on hand-made answers.


def test_facts_match_whatever_the_punctuation() -> None:
    assert contains("Work–life balance and “board politics”", "work-life balance")
    assert contains("a 1.3 million workforce", "1.3 million")
    assert contains("the physiotherapists", "physiotherapist")
    assert not contains("in 2011 and 110 times", "11")
    assert not contains("chief AHP (11.6%)", "11")
    assert contains("11 case examples [1]", "11")
    assert not contains("posts above band 8b/8c", "band 8 and above")


def test_a_fact_missing_from_the_text_is_a_miss() -> None:
    q = _question()
    half = score_answer(q, _answer("It came out in January 2019 from NHS Improvement. [1]"))
    whole = score_answer(q, _answer("NHS Improvement published it on 30 January 2019 [1]."))
    assert not half.fact_in_answer and whole.fact_in_answer


def test_any_alternative_satisfies_a_group() -> None:
    facts = (("Allied Health Professions Federation", "AHPF"), ("endorsed",))
    assert has_facts("The AHPF endorsed the framework.", facts)
    assert not has_facts("The AHPF welcomed the framework.", facts)


def test_a_refused_answer_never_scores_its_facts() -> None:
    q = _question()
    refused = score_answer(q, _answer("NHS Improvement, 30 January 2019", answered=False))
    assert not refused.fact_in_answer
    assert metrics("direct", [refused]).in_scope_refused == 1.0


def test_refused_off_topic_questions_count_as_refused() -> None:
    near = _question("offtopic_near")
    refused = score_answer(near, _answer("I couldn't find this.", answered=False))
    answered = score_answer(near, _answer("Something [1]", _citation("Something")))
    assert metrics("offtopic_near", [refused]).offtopic_refused == 1.0
    assert metrics("offtopic_near", [refused, answered]).offtopic_refused == 0.5
    assert metrics("offtopic_near", [refused]).fact_in_answer is None


def test_the_top_three_quotes_decide_the_quote_metric() -> None:
    q = _question()
    cited = _answer("x [1]", _citation("NHS Improvement published it on 30 January 2019."))
    assert score_answer(q, cited).fact_in_quotes  # no ranked quotes: the citations stand in
    fourth = ["a", "b", "c", "NHS Improvement, 30 January 2019"]
    assert not score_answer(q, cited, fourth).fact_in_quotes
    split = ["NHS Improvement wrote it.", "It came out on 30 January 2019."]
    assert score_answer(q, _answer("x", answered=False), split).fact_in_quotes


def test_documents_and_pages_are_checked_against_the_expected_ones() -> None:
    elsewhere = _answer("x [1]", _citation("q", document="related/other.md", page="4"))
    here = _answer("x [1]", _citation("q", page="4"))
    assert not score_answer(_question(), elsewhere).right_document
    assert score_answer(_question(), here).right_document
    assert score_answer(_question(), here).page_right is None  # no page asked for
    assert score_answer(_question(page="4"), here).page_right is True
    assert score_answer(_question(page="5"), here).page_right is False


def test_a_set_report_has_a_row_per_kind_then_overall() -> None:
    questions = [_question(), _question("offtopic_far")]
    outcomes = score(questions, lambda text: _answer("nothing", answered=False))
    report = summarise("dev", outcomes)
    assert [r.group for r in report.rows] == ["direct", "offtopic_far", "overall"]
    assert report.refused("offtopic_far") == 1.0 and report.row("overall").in_scope_refused == 1.0
    assert json.loads(json.dumps(report.to_json()))["rows"][0]["group"] == "direct"


def test_windows_overlap_and_reach_the_end() -> None:
    words = " ".join(f"w{i}" for i in range(400))
    found = windows(words, "doc.md")
    assert [len(w.text.split()) for w in found] == [150] * len(found)
    assert found[1].text.split()[0] == "w75" and found[-1].text.split()[-1] == "w399"
    assert [w.text for w in windows("three short words", "d.md")] == ["three short words"]


def test_the_baseline_ranks_windows_and_never_refuses(embedder) -> None:
    baseline = Baseline(embedder)
    outcomes = baseline.score([*load_set("dev")[:5], _question("offtopic_far")])
    assert all(o.answered for o in outcomes)
    assert all(len(o.documents) == 3 for o in outcomes)
    assert metrics("x", outcomes).offtopic_refused == 0.0


# The real model over the real content (slow).


@pytest.fixture(scope="module")
def real() -> tuple[IndexVersion, SentenceTransformerEmbedder]:
    embedder = SentenceTransformerEmbedder()
    folder = Path(tempfile.mkdtemp())
    built = build(CONTENT, folder, embedder, max_bytes=25 << 20)
    assert built.skipped == [] and built.chunks > 50
    version, _ = open_version(folder)
    return version, embedder


@pytest.fixture(scope="module")
def measured(real: tuple[IndexVersion, SentenceTransformerEmbedder]) -> Report:
    version, embedder = real
    # Settings from an empty environment: the shipped defaults, never a developer's .env.
    return evaluate(("test",), version, embedder, Settings.from_env({}))


@pytest.mark.slow
def test_the_test_set_clears_its_floors(measured: Report) -> None:
    # Floors a little below what the answer core measured on the test set on 2026-12-02 (in
    # brackets): fact in answer (0.73; the window baseline's top window 0.65), in the top-3
    # quotes (0.83; baseline 0.81), in-scope refused (0.06), near off-topic refused (0.84), far
    # (1.00), clinical (1.00), typo (0.80) and paraphrase (0.65) fact in answer. The targets,
    # not yet reached: fact in answer >= 0.90, top-3 >= 0.95, in-scope refused <= 0.05, near
    # off-topic refused >= 0.90, far 1.0, typo and paraphrase >= 0.85.
    ours = measured.sets[0].ours
    overall = ours.row("overall")
    print("\n" + json.dumps(ours.to_json()))
    assert (overall.fact_in_answer or 0) >= 0.68
    assert (overall.fact_in_quotes or 0) >= 0.78
    assert (overall.in_scope_refused or 0) <= 0.08
    assert (ours.refused("offtopic_near") or 0) >= 0.78
    assert ours.refused("offtopic_far") == 1.0
    assert (ours.refused("clinical") or 0) >= 0.80
    for kind in ("typo", "paraphrase"):
        assert (ours.row(kind).fact_in_answer or 0) >= 0.60, kind


@pytest.mark.slow
def test_hybrid_search_is_ahead_of_either_retriever_alone(measured: Report) -> None:
    mrr = {r.mode: r.mrr for r in measured.retrieval}
    print(f"\ntest-set MRR {mrr}")
    assert mrr["hybrid"] >= mrr["dense"] and mrr["hybrid"] >= mrr["lexical"]


@pytest.mark.slow
def test_the_command_line_answers_offline_from_a_fresh_folder(tmp_path: Path) -> None:
    """What the README's main command does: build from content/, then answer with citations."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADBOT_", "SLACK_"))}
    env |= {"LEADBOT_CONTENT_DIR": str(CONTENT), "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "HF_HUB_OFFLINE": "1"}  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "bot", "index", "build", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(built.stdout)["chunks"] > 50
    questions = (
        "What are the five themes of the framework?\nWhat is the paracetamol dose for a child?\n"
    )
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        env=env, input=questions, capture_output=True, text=True, check=True,
    )  # fmt: skip
    themes, dose = (json.loads(line) for line in asked.stdout.splitlines())
    assert themes["answered"] and "[1]" in themes["answer"]
    assert themes["citations"][0]["document"] == FRAMEWORK
    assert "talent management" in themes["answer"].lower()
    assert not dose["answered"] and dose["citations"] == []


@pytest.mark.slow
def test_suggestions_for_a_radiographer_aiming_for_the_board(
    real: tuple[IndexVersion, SentenceTransformerEmbedder],
) -> None:
    from bot.suggest import suggest

    version, embedder = real
    result = suggest(
        "I'm a band 7 radiographer aiming for a board-level AHP role", version, embedder
    )
    assert result.note and "radiographer" in result.note
    assert 2 <= len(result.suggestions) <= 3
    top = result.suggestions[0]
    assert top.document.startswith("case-studies/physiotherapist") or "occupational" in top.document
    assert all(s.why for s in result.suggestions)


@pytest.mark.slow
def test_the_readme_examples_get_the_answers_a_person_wants(
    real: tuple[IndexVersion, SentenceTransformerEmbedder],
) -> None:
    """The sample `make run` shows every new user, and the questions the README promises."""
    version, embedder = real
    policy = Settings.from_env({}).answerability

    themes = bot.answer.answer(
        "What are the five themes of the clinical leadership framework?", version, embedder,
        policy=policy,
    )  # fmt: skip
    assert themes.answered
    for theme in ("building confidence", "widening perspectives", "talent management",
                  "practical levers", "organisational culture"):  # fmt: skip
        assert theme in themes.text

    sor = bot.answer.answer(
        "How can we encourage radiographers to take strategic leadership roles?", version,
        embedder, policy=policy,
    )  # fmt: skip
    assert sor.answered and "http" not in sor.text and "online at" not in sor.text

    absent = bot.answer.answer(
        "What are the nine dimensions of the Healthcare Leadership Model?", version, embedder,
        policy=policy,
    )  # fmt: skip
    assert not absent.answered and "Healthcare Leadership Model" in absent.text
