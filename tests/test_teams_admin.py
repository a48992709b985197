"""Teams admin commands and uploads in a personal chat, through the real request path."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.docgen import make_pdf
from support.teamskit import ADMIN, NURSE, Teams, payload, start_teams

ADMIN_FROM = {"id": "29:1adminTeamsUserId", "name": "Sam Admin", "aadObjectId": ADMIN}
ADMIN_CHAT = {
    "conversationType": "personal",
    "tenantId": "11111111-2222-4333-8444-555555555555",
    "id": "a:1personalChatWithSamAdmin0123456789",
}


@pytest.fixture
def teams(tmp_path: Path, content_dir: Path) -> Iterator[Teams]:
    running = start_teams(tmp_path, content_dir)
    yield running
    running.stop()


def as_admin(teams: Teams, text: str) -> list[dict[str, Any]]:
    return teams.ask("personal_message", text=text, **{"from": ADMIN_FROM}, conversation=ADMIN_CHAT)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


# --- commands -----------------------------------------------------------------------------------


def test_an_admin_reindex_reports_what_changed(teams: Teams) -> None:
    (teams.content / "local").mkdir()
    (teams.content / "local" / "mentoring.md").write_text(
        "---\ntitle: Reverse mentoring\n---\n\n## Scheme\n\nJunior clinicians mentor board members.\n"
    )

    replies = as_admin(teams, "reindex")

    assert replies[0]["text"].startswith("Reindexing")
    assert "Reindex finished" in replies[-1]["text"] and "local/mentoring.md" in replies[-1]["text"]
    assert teams.services.core.status().version == "000002"
    [attempt] = teams.services.state.admin_log()
    assert (attempt.platform, attempt.action, attempt.allowed) == ("teams", "reindex content", True)


def test_a_non_admin_is_refused_and_the_attempt_is_logged(teams: Teams) -> None:
    [reply] = teams.ask("personal_message", text="reindex")

    assert "Only LeadBot admins can reindex content" in reply["text"]
    assert teams.services.core.status().version == "000001"
    [attempt] = teams.services.state.admin_log()
    assert attempt.allowed is False and attempt.user == teams.services.state.hash_user(NURSE)


def test_admin_commands_are_for_the_personal_chat(teams: Teams) -> None:
    [reply] = teams.ask("channel_mention", text="<at>LeadBot</at> reindex", **{"from": ADMIN_FROM})

    assert "personal chat" in reply["text"]
    assert teams.services.core.status().version == "000001"


def test_an_admin_sees_sources_and_the_gap_report(teams: Teams) -> None:
    teams.ask("personal_message", text="What is on the canteen menu today?")

    [sources] = as_admin(teams, "sources")
    [report] = as_admin(teams, "report")

    assert "case-studies/midwife-chief-nurse.md" in sources["text"]
    assert "Index version 000001" in sources["text"]
    assert "canteen menu" in report["text"] and "asked 1×" in report["text"]


def test_the_gap_report_shows_what_down_voters_said(teams: Teams) -> None:
    sent = teams.ask_through_connector("personal_message")
    teams.vote(sent, "dislike", "It quoted the wrong *document* <at>all</at>")
    teams.vote(sent, "like", "Clear", **{"from": ADMIN_FROM})

    [report] = as_admin(teams, "report")

    paragraphs = report["text"].split("\n\n")
    at = paragraphs.index("Most down-voted answers:")
    assert "five themes" in paragraphs[at + 1] and "👎 1 · 👍 1" in paragraphs[at + 1]
    # The reason, escaped, on its own line under the answer (no indent: that would be code).
    assert paragraphs[at + 2] == "↳ “It quoted the wrong \\*document\\* &lt;at&gt;all&lt;/at&gt;”"
    assert "Clear" not in report["text"]  # what someone liked is not a gap


def test_the_gap_report_carries_no_bidi_or_zero_width_controls(teams: Teams) -> None:
    hidden = (
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff"
    )
    teams.ask("personal_message", text=f"What is on the canteen \u202emenu{hidden} today?")
    teams.ask("personal_message", text="What is on the canteen menu today?")
    sent = teams.ask_through_connector("personal_message")
    teams.vote(sent, "dislike", f"It quoted \u202ethe wrong\u200b{hidden} document")

    [report] = as_admin(teams, "report")

    text = report["text"]
    assert not set(hidden) & set(text)
    assert "canteen menu today?" in text and "asked 2×" in text  # one question, twice
    assert "↳ “It quoted the wrong document”" in text


def test_an_admin_removes_a_document(teams: Teams) -> None:
    [reply] = as_admin(teams, "remove case-studies/midwife-chief-nurse.md")

    assert "Removed case-studies/midwife-chief-nurse.md" in reply["text"]
    documents = [d.path for d in teams.services.core.version().documents()]
    assert "case-studies/midwife-chief-nurse.md" not in documents


def test_a_question_starting_with_an_admin_word_is_still_a_question(teams: Teams) -> None:
    [reply] = teams.ask("personal_message", text="remove barriers for AHPs on boards?")

    assert "Only LeadBot admins" not in reply["text"]
    assert teams.services.state.admin_log() == []


def test_while_a_reindex_runs_a_second_is_told_so(teams: Teams) -> None:
    from index.publish import build_lock

    with build_lock(teams.services.settings.index_dir, wait=False):
        [reply] = as_admin(teams, "reindex")
        [answer] = teams.ask("personal_message")

    assert "already running" in reply["text"]
    assert "building confidence" in answer["text"]


# --- uploads ------------------------------------------------------------------------------------


def send_file(
    teams: Teams, name: str, data: bytes | None, who: dict[str, str] = ADMIN_FROM, url: str = ""
) -> list[dict[str, Any]]:
    if data is not None:
        teams.fake.files[name] = data
    upload = payload("file_upload", **{"from": who})
    upload["attachments"][0]["name"] = name
    upload["attachments"][0]["content"]["downloadUrl"] = url or f"{teams.fake.base}/files/{name}"
    status, body = teams.send(upload)
    assert status == 200
    return [a for a in (body or {})["activities"] if a["type"] == "message"]


def test_an_admin_uploads_a_pdf_and_it_is_indexed(teams: Teams, tmp_path: Path) -> None:
    pdf = tmp_path / "board-report.pdf"
    make_pdf(
        pdf,
        [
            "Board report",
            "The reverse mentoring scheme pairs junior clinicians with executive directors.",
        ],
    )

    [reply] = send_file(teams, "board-report.pdf", pdf.read_bytes())

    assert "Added board-report.pdf" in reply["text"]
    assert len(teams.fake.downloads()) == 1
    assert (teams.content / "board-report.pdf").read_bytes() == pdf.read_bytes()
    assert "board-report.pdf" in [d.path for d in teams.services.core.version().documents()]
    [answer] = teams.ask(
        "personal_message",
        text="Which executive directors does the reverse mentoring scheme pair junior clinicians with?",
    )
    assert "executive directors" in answer["text"]


def test_a_corrupt_upload_is_rejected_and_nothing_is_written(teams: Teams) -> None:
    before = tree_digest(teams.content)

    [reply] = send_file(teams, "broken.pdf", b"%PDF-1.7\nthis is not really a PDF")

    assert "I didn't add broken.pdf" in reply["text"]
    assert tree_digest(teams.content) == before
    assert teams.services.core.status().version == "000001"


def test_a_non_admin_upload_is_refused_without_downloading(teams: Teams) -> None:
    before = tree_digest(teams.content)
    nurse = {"id": "29:1nurseTeamsUserId", "name": "Alex Nurse", "aadObjectId": NURSE}

    [reply] = send_file(teams, "notes.md", b"# Notes\n\nSome text.\n", who=nurse)

    assert "Only LeadBot admins" in reply["text"]
    assert teams.fake.downloads() == []
    assert tree_digest(teams.content) == before


def test_an_upload_over_the_size_limit_is_rejected(tmp_path: Path, content_dir: Path) -> None:
    running = start_teams(tmp_path, content_dir, LEADBOT_MAX_FILE_MB="0.001")
    try:
        [reply] = send_file(running, "big.md", b"# Big\n\n" + b"word " * 1000)
    finally:
        running.stop()
    assert "over the" in reply["text"] and "limit" in reply["text"]
    assert not (content_dir / "big.md").exists()


def test_only_sharepoint_links_are_fetched_by_default(tmp_path: Path, content_dir: Path) -> None:
    running = start_teams(tmp_path, content_dir, LEADBOT_TEAMS_DOWNLOAD_HOSTS="")
    try:
        [reply] = send_file(running, "notes.md", b"# Notes\n\nSome text.\n")
        [plain] = send_file(
            running, "notes.md", None, url="http://contoso.sharepoint.com/files/notes.md"
        )
    finally:
        running.stop()
    assert "does not point at SharePoint or OneDrive over https" in reply["text"]
    assert "does not point at SharePoint" in plain["text"]
    assert running.fake.downloads() == []


def test_allowed_hosts() -> None:
    from bot.config import TEAMS_DOWNLOAD_HOSTS
    from bot.teams.files import allowed

    assert allowed("https://contoso-my.sharepoint.com/x/download.aspx?a=1", TEAMS_DOWNLOAD_HOSTS)
    assert not allowed("https://sharepoint.com.evil.example/x", TEAMS_DOWNLOAD_HOSTS)
    assert not allowed("https://user:pw@contoso.sharepoint.com/x", TEAMS_DOWNLOAD_HOSTS)
    assert not allowed("http://127.0.0.1:9/x", TEAMS_DOWNLOAD_HOSTS)
    assert allowed("http://127.0.0.1:9/x", ("127.0.0.1",))  # a listed loopback test server
    assert not allowed("http://example.org/x", ("example.org",))  # http only for loopback
