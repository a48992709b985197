"""The `leadbot` command as a person or a script sees it, and the settings it reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support.fakes import FakeEmbedder, threshold_policy, write_policy

from bot import answer as answer_module
from bot import suggest as suggest_module
from bot.answerability import CALIBRATION, Policy
from bot.cli import SAMPLE_QUESTION, main
from bot.config import ConfigError, Settings
from index.embed import BUNDLED_MODEL

# The fake embedder's word overlap puts the sample's on-topic questions at 0.47 or more and
# "what is on the canteen menu" at 0.38 (tests/test_answer.py checks the same threshold).
MIN_SCORE = 0.45
FIVE_THEMES = (
    "The framework has five themes: building confidence, widening perspectives, "
    "talent management, practical levers and organisational culture."
)
SAMPLE_PATHS = [
    "case-studies/midwife-chief-nurse.md",
    "case-studies/physio-director.md",
    "case-studies/psychologist-therapies.md",
    "framework/framework.md",
]
BUILD_KEYS = {"version", "added", "changed", "removed", "unchanged", "skipped", "chunks", "took_s"}
ASK_KEYS = {"question", "answered", "answer", "citations", "took_ms"}
CITATION_KEYS = {"n", "document", "title", "section", "page", "url", "quote", "score"}
SUGGESTION_KEYS = {"document", "title", "profession", "role", "why", "score"}


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    """One shared fake stands in for the real model wherever the core would load it."""
    shared = FakeEmbedder()
    monkeypatch.setattr("bot.core.SentenceTransformerEmbedder", lambda *_, **__: shared)
    return shared


@pytest.fixture
def env(tmp_path: Path, content_dir: Path) -> dict[str, str]:
    return {
        "LEADBOT_CONTENT_DIR": str(content_dir),
        "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
        "LEADBOT_ANSWERABILITY": write_policy(
            tmp_path / "policy.json", threshold_policy(MIN_SCORE)
        ),
    }


@pytest.fixture
def built(env: dict[str, str]) -> dict[str, str]:
    """The environment of a content folder whose index has been built."""
    assert leadbot(env, "index", "build", "--json").exit_code == 0
    return env


def leadbot(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=input)


def json_lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_one_line_error(result: Result, *expected: str) -> None:
    """A clean failure: non-zero exit, one line naming the problem, no traceback."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in lines[0]


# --- index build / status ---------------------------------------------------------------------


def test_index_build_json_reports_every_added_file(env: dict[str, str]) -> None:
    [report] = json_lines(leadbot(env, "index", "build", "--json"))

    assert set(report) >= BUILD_KEYS
    assert report["version"] == 1
    assert sorted(report["added"]) == SAMPLE_PATHS
    assert (report["changed"], report["removed"], report["unchanged"]) == ([], [], 0)
    assert report["skipped"] == []
    assert isinstance(report["chunks"], int) and report["chunks"] >= len(SAMPLE_PATHS)
    assert isinstance(report["took_s"], float | int)


def test_index_build_text_lists_added_and_skipped_files_with_reasons(
    env: dict[str, str], content_dir: Path
) -> None:
    (content_dir / "related").mkdir()
    (content_dir / "related/broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")

    result = leadbot(env, "index", "build")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Published index version 000001")
    for path in SAMPLE_PATHS:
        assert f"  added: {path}" in lines
    [skipped] = [line for line in lines if line.startswith("  skipped: related/broken.pdf")]
    assert " — could not be read as PDF: " in skipped


def test_second_build_reports_nothing_changed(built: dict[str, str]) -> None:
    [report] = json_lines(leadbot(built, "index", "build", "--json"))
    text = leadbot(built, "index", "build")

    assert (report["version"], report["added"], report["changed"], report["removed"]) == (
        1,
        [],
        [],
        [],
    )
    assert report["unchanged"] == len(SAMPLE_PATHS)
    assert text.stdout.startswith("Index is up to date (version 000001): nothing changed.")


def test_build_reports_changed_and_removed_files(built: dict[str, str], content_dir: Path) -> None:
    framework = content_dir / "framework/framework.md"
    framework.write_text(framework.read_text() + "\nBoards should publish a clinical strategy.\n")
    (content_dir / "case-studies/psychologist-therapies.md").unlink()

    [report] = json_lines(leadbot(built, "index", "build", "--json"))

    assert report["version"] == 2
    assert report["added"] == []
    assert report["changed"] == ["framework/framework.md"]
    assert report["removed"] == ["case-studies/psychologist-therapies.md"]
    assert report["unchanged"] == 2


def test_build_options_override_the_environment(tmp_path: Path, content_dir: Path) -> None:
    result = leadbot(
        {"LEADBOT_ANSWERABILITY": write_policy(tmp_path / "p.json", threshold_policy(MIN_SCORE))},
        "index",
        "build",
        "--content",
        str(content_dir),
        "--index-dir",
        str(tmp_path / "elsewhere"),
        "--json",
    )

    assert sorted(json_lines(result)[0]["added"]) == SAMPLE_PATHS
    assert (tmp_path / "elsewhere/CURRENT").is_file()


def test_build_with_a_missing_content_folder_is_one_clear_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = leadbot({**env, "LEADBOT_CONTENT_DIR": str(tmp_path / "nowhere")}, "index", "build")

    assert_one_line_error(result, "nowhere", "does not exist")


def test_index_status(built: dict[str, str]) -> None:
    [status] = json_lines(leadbot(built, "index", "status", "--json"))
    text = leadbot(built, "index", "status")

    assert status["version"] == 1
    assert status["model"] == FakeEmbedder.model_id
    assert status["documents"] == len(SAMPLE_PATHS)
    assert status["skipped"] == [] and status["warnings"] == []
    assert text.stdout.startswith(f"Index version 000001, built {status['built_at']}")
    assert f"{len(SAMPLE_PATHS)} documents, {status['chunks']} chunks." in text.stdout


def test_index_status_without_an_index_says_how_to_build_one(env: dict[str, str]) -> None:
    assert_one_line_error(leadbot(env, "index", "status"), "leadbot index build")


# --- ask --------------------------------------------------------------------------------------


def test_ask_json_prints_one_object_with_citations(built: dict[str, str]) -> None:
    [reply] = json_lines(leadbot(built, "ask", "--json", "What are the five themes?"))

    assert set(reply) == ASK_KEYS | {"topics"}  # topics: extra, for unanswered questions
    assert reply["question"] == "What are the five themes?"
    assert reply["answered"] is True
    assert reply["answer"] == f"{FIVE_THEMES} [1]"
    assert isinstance(reply["took_ms"], float | int)
    [citation] = reply["citations"]
    assert set(citation) == CITATION_KEYS
    assert citation == {
        "n": 1,
        "document": "framework/framework.md",
        "title": "Clinical leadership – a framework for action",
        "section": "The five themes",
        "page": None,
        "url": "https://example.nhs.uk/framework",
        "quote": FIVE_THEMES,
        "score": citation["score"],
    }
    assert 0 < citation["score"] <= 1


def test_ask_off_topic_json_is_refused_with_topics(built: dict[str, str]) -> None:
    [reply] = json_lines(leadbot(built, "ask", "--json", "what is on the canteen menu"))

    assert (reply["answered"], reply["answer"], reply["citations"]) == (
        False,
        answer_module.NOT_COVERED,
        [],
    )
    assert reply["topics"]


def test_ask_reads_one_question_per_stdin_line(built: dict[str, str]) -> None:
    questions = [
        "What are the five themes?",
        "what is on the canteen menu",
        "What should trust boards consider appointing?",
    ]
    stdin = f"{questions[0]}\n\n{questions[1]}\n{questions[2]}\n"

    replies = json_lines(leadbot(built, "ask", "--json", "-", input=stdin))

    assert [r["question"] for r in replies] == questions
    assert [r["answered"] for r in replies] == [True, False, True]


def test_ask_text_shows_the_answer_and_its_sources(built: dict[str, str]) -> None:
    result = leadbot(built, "ask", "What are the five themes?")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"{FIVE_THEMES} [1]",
        "",
        "Sources:",
        "[1] Clinical leadership – a framework for action · The five themes",
        "    https://example.nhs.uk/framework",
    ]
    assert result.stdout.count(FIVE_THEMES) == 1  # the quote is the answer, said once
    # Other documents close to the question are linked, not quoted.
    related = lines[lines.index("Related:") + 1 :]
    assert related and all(line.startswith(("  • ", "    https://")) for line in related)


def test_ask_text_off_topic_lists_closest_topics(built: dict[str, str]) -> None:
    result = leadbot(built, "ask", "what is on the canteen menu")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == answer_module.NOT_COVERED
    assert any(line.startswith("  • ") and " — " in line for line in lines)


@pytest.mark.parametrize("question", ["", "   "])
def test_ask_empty_question_prints_help(built: dict[str, str], question: str) -> None:
    result = leadbot(built, "ask", question)

    assert result.exit_code == 0
    assert result.stdout.strip() == answer_module.HELP


def test_ask_without_an_index_says_how_to_build_one(env: dict[str, str]) -> None:
    assert_one_line_error(leadbot(env, "ask", "What are the five themes?"), "leadbot index build")


def test_ask_k_caps_the_citations(built: dict[str, str], tmp_path: Path) -> None:
    question = "physiotherapist midwife psychologist director chief nurse themes boards groups turning point journey"
    anything = {
        **built,
        "LEADBOT_ANSWERABILITY": write_policy(tmp_path / "any.json", threshold_policy(0.0)),
    }

    [default] = json_lines(leadbot(anything, "ask", "--json", question))
    [capped] = json_lines(leadbot(anything, "ask", "--json", "-k", "1", question))

    assert len(default["citations"]) >= 2
    assert len(capped["citations"]) == 1


# --- suggest ----------------------------------------------------------------------------------


def test_suggest_json(built: dict[str, str]) -> None:
    profile = "I'm a band 6 physio wanting to be director of AHPs"

    [reply] = json_lines(leadbot(built, "suggest", "--json", profile))

    assert {"profile", "suggestions", "took_ms"} <= set(reply)
    assert reply["profile"] == profile
    suggestions = reply["suggestions"]
    assert 2 <= len(suggestions) <= 3
    for suggestion in suggestions:
        assert set(suggestion) >= SUGGESTION_KEYS
    first = suggestions[0]
    assert first["document"] == "case-studies/physio-director.md"
    assert (first["profession"], first["role"]) == (
        "physiotherapist",
        "director of allied health professionals",
    )
    assert first["why"].startswith("Also a physiotherapist")


def test_suggest_text_numbers_the_case_studies_with_why(built: dict[str, str]) -> None:
    result = leadbot(built, "suggest", "I'm a pharmacist")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("None of the case studies is about a pharmacist")
    assert lines[1].startswith("1. Case study: ")
    assert lines[2].startswith("   Why: ")


def test_suggest_empty_profile_prints_help(built: dict[str, str]) -> None:
    result = leadbot(built, "suggest", "")

    assert result.exit_code == 0
    assert result.stdout.startswith(suggest_module.HELP)
    assert suggest_module.PROFESSION_QUESTION in result.stdout


def test_suggest_json_asks_back_for_a_vague_profile(built: dict[str, str]) -> None:
    [reply] = json_lines(leadbot(built, "suggest", "--json", "I don't know what I want"))

    assert reply["clarify"]["question"] == suggest_module.PROFESSION_QUESTION
    assert len(reply["clarify"]["choices"]) >= 5


# --- chat / run -------------------------------------------------------------------------------


# The conversation itself (answers, wrapping, help, follow-ups, history): tests/test_chat.py.


def test_chat_without_an_index_says_how_to_build_one(env: dict[str, str]) -> None:
    result = leadbot(env, "chat", input="What are the five themes?\nquit\n")

    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "leadbot index build" in result.output.strip().splitlines()[-1]


def test_run_builds_the_index_and_answers_the_sample_question(env: dict[str, str]) -> None:
    result = leadbot(env, "run")

    assert result.exit_code == 0, result.output
    assert "Published index version 000001" in result.stdout
    assert f"Sample question: {SAMPLE_QUESTION}" in result.stdout
    assert FIVE_THEMES in result.stdout
    assert "Sources:" in result.stdout


# --- bad settings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["index", "status"], id="index status"),
        pytest.param(["chat"], id="chat"),
        pytest.param(["index", "build"], id="index build"),
        pytest.param(["ask", "What are the five themes?"], id="ask"),
        pytest.param(["suggest", "I'm a physio"], id="suggest"),
        pytest.param(["run"], id="run"),
    ],
)
def test_a_bad_calibration_file_is_one_clean_line(
    built: dict[str, str], args: list[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    result = leadbot(
        {**built, "LEADBOT_ANSWERABILITY": str(tmp_path / "bad.json")}, *args, input="quit\n"
    )

    assert_one_line_error(result, "LEADBOT_ANSWERABILITY", "make evaluate")


# --- settings ---------------------------------------------------------------------------------


def test_settings_defaults() -> None:
    settings = Settings.from_env({})

    assert settings.content_dir == Path("content")
    assert settings.index_dir == Path("var/index")
    assert settings.db_path == Path("var/leadbot.sqlite3")
    assert settings.embedding_model == BUNDLED_MODEL
    assert settings.answerability == Policy.load(CALIBRATION)
    assert settings.max_file_bytes == 25 * 1024 * 1024
    assert settings.admins == frozenset()
    assert settings.slack_bot_token is None
    assert settings.port == 3000


def test_settings_parse_numbers_paths_and_admins() -> None:
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": "/srv/content",
            "LEADBOT_INDEX_DIR": "/srv/index",
            "LEADBOT_MAX_FILE_MB": "2.5",
            "LEADBOT_ADMINS": " U012ABC, ,U034DEF,3f2a-aad-object-id ",
            "PORT": "8080",
        }
    )

    assert (settings.content_dir, settings.index_dir) == (Path("/srv/content"), Path("/srv/index"))
    assert settings.max_file_bytes == int(2.5 * 1024 * 1024)
    assert settings.admins == {"U012ABC", "U034DEF", "3f2a-aad-object-id"}
    assert settings.port == 8080


def test_blank_settings_fall_back_to_defaults() -> None:
    settings = Settings.from_env({"LEADBOT_ANSWERABILITY": "  ", "LEADBOT_CONTENT_DIR": ""})

    assert (settings.answerability, settings.content_dir) == (
        Policy.load(CALIBRATION),
        Path("content"),
    )


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("LEADBOT_ANSWERABILITY", "/nonexistent/calibration.json"),
        ("LEADBOT_MAX_FILE_MB", "ten"),
        ("LEADBOT_MAX_FILE_MB", "-1"),
        ("LEADBOT_MAX_FILE_MB", "inf"),
        ("PORT", "http"),
    ],
)
def test_malformed_numbers_raise_config_error_naming_the_variable(name: str, raw: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({name: raw})

    assert name in str(error.value)
    assert repr(raw) in str(error.value)


def test_run_serves_the_bot_when_teams_is_configured(
    built: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.serve

    served: list[bool] = []
    monkeypatch.setattr(
        bot.serve, "serve", lambda settings: served.append(settings.teams_configured)
    )

    result = leadbot({**built, "LEADBOT_TEAMS_ANONYMOUS": "true"}, "run")

    assert result.exit_code == 0, result.output
    assert served == [True]  # served, instead of a terminal chat or the sample question
    assert "Sample question" not in result.output


# --- one-line errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["ask", "--index-dir", "README.md", "What are the five themes?"], "--index-dir README.md"),
        (["index", "status", "--index-dir", "README.md"], "--index-dir README.md"),
        (["index", "build", "--index-dir", "README.md"], "--index-dir README.md"),
        (["index", "build", "--content", "README.md"], "--content README.md"),
    ],
)
def test_a_file_named_as_a_folder_is_one_clean_line(
    env: dict[str, str], tmp_path: Path, args: list[str], named: str
) -> None:
    (tmp_path / "README.md").write_text("# not an index\n")  # the test runs in tmp_path

    assert_one_line_error(leadbot(env, *args), named, "is a file; it must name a folder")


def test_a_file_as_the_index_setting_is_one_clean_line(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "index").write_text("")

    result = leadbot(env, "ask", "What are the five themes?")

    assert_one_line_error(result, "LEADBOT_INDEX_DIR", "is a file")


def test_an_unknown_embedding_model_fails_at_once_naming_the_setting(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The real command, with a model hub on loopback that must never be asked."""
    import os
    import subprocess
    import sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    asked: list[str] = []

    class Hub(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_error(404)

        do_HEAD = do_GET

        def log_message(self, *args: Any) -> None:
            pass

    hub = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    Thread(target=hub.serve_forever, daemon=True).start()
    outside = {k: v for k, v in os.environ.items() if not k.startswith(("LEADBOT_", "HF_"))}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "index", "build"],
            env=outside
            | env
            | {
                "LEADBOT_EMBEDDING_MODEL": "no-such-model",
                "HF_ENDPOINT": f"http://127.0.0.1:{hub.server_address[1]}",
                "HF_HOME": str(tmp_path / "hf"),  # an empty cache
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        hub.shutdown()

    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: LEADBOT_EMBEDDING_MODEL='no-such-model'")
    assert "all-MiniLM-L6-v2" in line  # the fix: the bundled model
    assert asked == []  # nothing was downloaded, nor tried


def test_a_folder_that_is_not_a_model_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    from index.embed import SentenceTransformerEmbedder
    from index.errors import ModelNotFound

    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")

    with pytest.raises(ModelNotFound, match="LEADBOT_EMBEDDING_MODEL: cannot load") as raised:
        SentenceTransformerEmbedder(str(tmp_path / "model")).load()
    assert "\n" not in str(raised.value)


def test_the_bundled_model_still_loads_offline() -> None:
    from index.embed import resolve_model

    source, model_id, offline = resolve_model(BUNDLED_MODEL)
    assert Path(source, "config.json").is_file() and offline
    assert model_id == f"sentence-transformers/{BUNDLED_MODEL}"
