"""The Slack app through its real request path: signed HTTP -> aiohttp -> Bolt -> fake Web API."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.content import write_content
from support.docgen import make_pdf
from support.fakeslack import BOT_TOKEN
from support.slackkit import (
    ADMIN,
    SECRET,
    Slack,
    answer_id_of,
    event_body,
    payload,
    share_file,
    signed_post,
    start_slack,
    texts,
)

from bot import wording


@pytest.fixture
def slack(tmp_path: Path, content_dir: Path) -> Iterator[Slack]:
    running = start_slack(tmp_path, content_dir)
    yield running
    running.web.stop()
    running.fake.stop()


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


# --- asking -----------------------------------------------------------------------------------


def test_a_mention_is_answered_in_its_thread_with_quoted_cited_sources(slack: Slack) -> None:
    status, _, _ = slack.event(payload("app_mention"))

    assert status == 200
    [posted] = slack.fake.wait_for("chat.postMessage")
    params = posted.params
    assert params["channel"] == "C_LEADERS"
    assert params["thread_ts"] == "1764000000.000100"  # in the thread of the question
    shown = texts(params["blocks"])
    assert "Trust boards should consider appointing a senior strategic AHP lead. [1]" in shown
    assert "https://example.nhs.uk/framework" in shown  # the source line links to the document
    assert "Clinical leadership – a framework for action" in shown
    [votes] = [b for b in params["blocks"] if b["type"] == "context_actions"]
    assert [e["type"] for e in votes["elements"]] == ["feedback_buttons"]
    assert "link_names" not in params


def test_a_follow_up_in_the_bots_thread_is_answered_without_a_mention(slack: Slack) -> None:
    slack.event(payload("app_mention"))
    slack.fake.wait_for("chat.postMessage")

    follow_up = payload(
        "message_channel",
        thread_ts="1764000000.000100",
        text="What was the midwife's turning point?",
    )
    slack.event(follow_up)

    second = slack.fake.wait_for("chat.postMessage", count=2)[1].params
    assert second["thread_ts"] == "1764000000.000100"
    assert "turning point" in texts(second["blocks"]).lower()


def test_a_follow_up_in_a_thread_is_read_with_the_threads_subject(slack: Slack) -> None:
    thread = "1764000000.000100"
    slack.event(payload("app_mention", text="<@UBOT> What was the midwife's turning point?"))
    slack.fake.wait_for("chat.postMessage")
    slack.event(payload("message_channel", thread_ts=thread, text="and her journey?"))
    second = slack.fake.wait_for("chat.postMessage", count=2)[1].params
    # A question that stands on its own, in the same thread, is not bent towards it.
    slack.event(payload("message_channel", thread_ts=thread, text="What are the five themes?"))
    third = slack.fake.wait_for("chat.postMessage", count=3)[2].params

    assert second["thread_ts"] == thread
    shown = texts(second["blocks"])
    assert shown.startswith("Taking this as: The midwife who became chief nurse's journey?")
    assert "worked clinically for ten years" in shown
    assert "Case study: midwife to chief nurse" in shown
    assert "Taking this as" not in texts(third["blocks"])
    assert "five themes" in texts(third["blocks"])


def test_a_thread_does_not_remember_another_threads_subject(slack: Slack) -> None:
    slack.event(payload("app_mention", text="<@UBOT> What was the midwife's turning point?"))
    slack.fake.wait_for("chat.postMessage")
    slack.event(payload("message_im", text="and her journey?"))  # a DM: another conversation

    second = slack.fake.wait_for("chat.postMessage", count=2)[1].params
    assert "Taking this as" not in texts(second["blocks"])


def test_channel_messages_without_a_mention_are_ignored(slack: Slack) -> None:
    slack.event(payload("message_channel"))  # not in a thread
    slack.event(
        payload("message_channel", thread_ts="1763000000.000001")
    )  # a thread LeadBot is not in
    slack.event(
        payload("app_home_opened")
    )  # something LeadBot does answer, to know both were handled

    slack.fake.wait_for("views.publish")
    time.sleep(0.3)
    assert slack.fake.of("chat.postMessage") == []
    assert slack.fake.of("assistant.threads.setStatus") == []  # no "is looking…" either


def test_a_direct_message_is_answered(slack: Slack) -> None:
    slack.event(payload("message_im"))

    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == "D_NURSE"
    assert "building confidence" in texts(posted.params["blocks"])


def test_an_uncovered_question_says_so_and_offers_no_sources(slack: Slack) -> None:
    slack.event(payload("message_im", text="What is on the canteen menu today?"))

    [posted] = slack.fake.wait_for("chat.postMessage")
    shown = texts(posted.params["blocks"])
    assert "couldn't find this" in shown
    assert "[1]" not in shown and "example.nhs.uk" not in shown


def test_a_document_that_tries_to_ping_everyone_is_rendered_harmless(tmp_path: Path) -> None:
    # A text file keeps its markup as written (the Markdown parser would drop it as inline HTML).
    content = write_content(
        tmp_path / "content",
        {
            "local/notice.txt": "The reverse mentoring rota is published monthly <!channel> & <@U123> see it.\n",
            "local/notice.meta.yml": "title: Notice <!here>\nurl: https://example.nhs.uk/notice\n",
        },
    )
    running = start_slack(tmp_path, content)
    try:
        running.event(payload("message_im", text="When is the reverse mentoring rota published?"))
        [posted] = running.fake.wait_for("chat.postMessage")
    finally:
        running.web.stop()
        running.fake.stop()
    shown = texts(posted.params["blocks"]) + posted.params["text"]
    assert "&lt;!channel&gt;" in shown and "&lt;@U123&gt;" in shown and "&amp;" in shown
    assert "<!channel>" not in shown and "<!here>" not in shown and "<@U123>" not in shown


# --- case-study suggestions ---------------------------------------------------------------------


def test_a_dm_describing_yourself_gets_case_study_suggestions(slack: Slack) -> None:
    slack.event(
        payload(
            "message_im", text="I'm a band 7 physiotherapist interested in a director of AHPs role"
        )
    )

    [posted] = slack.fake.wait_for("chat.postMessage")
    shown = texts(posted.params["blocks"])
    assert "physiotherapist to director of AHPs" in shown
    assert "Why:" in shown
    buttons = [
        b["accessory"]
        for b in posted.params["blocks"]
        if b.get("accessory", {}).get("type") == "button"
    ]
    assert buttons and buttons[0]["value"] == "case-studies/physio-director.md"


def test_a_case_study_request_in_a_channel_is_answered_by_dm(slack: Slack) -> None:
    slack.event(
        payload(
            "app_mention", text="<@UBOT> which case studies fit a midwife aiming for chief nurse?"
        )
    )

    # The suggestions first, then the pointer to them: never a pointer to a DM that failed.
    first, second = slack.fake.wait_for("chat.postMessage", count=2)
    [opened] = slack.fake.of("conversations.open")
    assert opened.params["users"] == "U_NURSE"
    assert first.params["channel"] == "DU_NURSE"
    assert "midwife to chief nurse" in texts(first.params["blocks"])
    assert second.params["channel"] == "C_LEADERS"
    assert "direct message" in texts(second.params["blocks"])


def test_tell_me_more_shows_the_case_studys_story(slack: Slack) -> None:
    slack.click("tell_me_more_0", "case-studies/midwife-chief-nurse.md", channel="D_NURSE")

    [posted] = slack.fake.wait_for("chat.postMessage")
    shown = texts(posted.params["blocks"])
    assert "Journey" in shown and "Turning point" in shown
    assert "supportive mentor and coach" in shown


# --- /leadbot ---------------------------------------------------------------------------------


def test_slash_ask_answers_privately_with_a_share_button_that_posts_it(slack: Slack) -> None:
    status, _, _ = slack.command("ask What are the five themes?")
    assert status == 200

    [reply] = slack.fake.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    share = [
        e
        for b in reply.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "share_answer"
    ]
    assert share, "an ephemeral answer offers 'Share in channel'"

    slack.click("share_answer", share[0]["value"])
    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == "C_LEADERS"
    assert "building confidence" in texts(posted.params["blocks"])
    # The stored answer, as its asker saw it (without the Share button): not asked or logged
    # a second time, and still with 👍/👎.
    shown = [b for b in reply.params["blocks"] if b["type"] != "actions"]
    assert posted.params["blocks"][1:] == shown
    assert posted.params["blocks"][-1]["type"] == "context_actions"
    assert "Shared by <@U_NURSE>" in texts(posted.params["blocks"][:1])
    assert slack.services.state.gap_report().questions == 1


def test_sharing_an_expired_answer_tells_only_the_clicker(slack: Slack) -> None:
    slack.click("share_answer", "0123456789ab")

    [told] = slack.fake.wait_for("chat.postEphemeral")
    assert "expired" in told.params["text"] and told.params["user"] == "U_NURSE"
    assert slack.fake.of("chat.postMessage") == []


def vote(slack: Slack, value: str) -> None:
    """Click one of Slack's feedback_buttons, as Slack sends the click."""
    slack.click("answer_feedback", value, type="feedback_buttons")


def test_a_thumbs_up_is_recorded_and_thanked(slack: Slack) -> None:
    slack.event(payload("message_im"))
    answer_id = answer_id_of(slack.fake.wait_for("chat.postMessage")[0])

    vote(slack, f"up:{answer_id}")

    [thanks] = slack.fake.wait_for("chat.postEphemeral")
    assert "Thanks" in thanks.params["text"]
    assert slack.fake.of("views.open") == []
    assert slack.services.state.gap_report().downvoted == []


def test_a_thumbs_down_asks_what_was_wrong_and_the_answer_reaches_the_gap_report(
    slack: Slack,
) -> None:
    slack.event(payload("message_im"))
    answer_id = answer_id_of(slack.fake.wait_for("chat.postMessage")[0])

    vote(slack, f"down:{answer_id}")

    [opened] = slack.fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "1.2.3"  # the click's own trigger
    form = opened.params["view"]
    assert form["type"] == "modal" and form["title"]["text"] == "What was wrong?"
    [box] = [b for b in form["blocks"] if b["type"] == "input"]
    assert box["optional"] is True and box["element"]["type"] == "plain_text_input"
    assert box["element"]["max_length"] == 500
    # The 👎 counts already, so closing the form without a word still records it.
    assert [d.down for d in slack.services.state.gap_report().downvoted] == [1]

    assert slack.submit(form, "It quoted the framework, but I asked about my band") == 200

    [thanks] = slack.fake.wait_for("chat.postEphemeral")
    assert "Thanks" in thanks.params["text"] and thanks.params["channel"] == "C_LEADERS"
    [down] = slack.services.state.gap_report().downvoted
    assert (down.down, down.reasons) == (1, ("It quoted the framework, but I asked about my band",))

    slack.command("report", user=ADMIN)
    [report] = slack.fake.wait_for("response_url")
    assert "↳ “It quoted the framework, but I asked about my band”" in texts(
        report.params["blocks"]
    )


def test_a_thumbs_down_form_sent_empty_keeps_the_vote_without_words(slack: Slack) -> None:
    slack.event(payload("message_im"))
    answer_id = answer_id_of(slack.fake.wait_for("chat.postMessage")[0])
    vote(slack, f"down:{answer_id}")

    assert slack.submit(slack.fake.wait_for("views.open")[0].params["view"], None) == 200

    slack.fake.wait_for("chat.postEphemeral")
    [down] = slack.services.state.gap_report().downvoted
    assert (down.down, down.reasons) == (1, ())


def test_a_vote_on_an_expired_answer_opens_no_form(slack: Slack) -> None:
    vote(slack, "down:0123456789ab")

    [told] = slack.fake.wait_for("chat.postEphemeral")
    assert "too old to rate" in told.params["text"]
    assert slack.fake.of("views.open") == []


def test_the_classic_buttons_on_answers_posted_before_still_count(slack: Slack) -> None:
    slack.event(payload("message_im"))
    answer_id = answer_id_of(slack.fake.wait_for("chat.postMessage")[0])

    slack.click("feedback_down", answer_id)

    slack.fake.wait_for("views.open")
    assert [d.down for d in slack.services.state.gap_report().downvoted] == [1]


def test_a_non_admin_cannot_reindex_and_the_attempt_is_logged(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.command("reindex", user="U_NURSE")

    [reply] = slack.fake.wait_for("response_url")
    assert "Only LeadBot admins" in reply.params["text"]
    assert slack.services.core.status().version == "000001"  # nothing rebuilt


def test_an_admin_reindex_reports_what_changed(slack: Slack) -> None:
    (slack.content / "local").mkdir()
    (slack.content / "local" / "mentoring.md").write_text(
        "---\ntitle: Reverse mentoring\n---\n\n## Scheme\n\nJunior clinicians mentor board members.\n"
    )

    slack.command("reindex", user=ADMIN)

    replies = slack.fake.wait_for("response_url", count=2)
    shown = texts(replies[-1].params.get("blocks", [])) + replies[-1].params.get("text", "")
    assert "local/mentoring.md" in shown
    assert slack.services.core.status().version == "000002"


def test_an_admin_sees_sources_and_the_gap_report(slack: Slack) -> None:
    slack.event(payload("message_im", text="What is on the canteen menu today?"))
    slack.fake.wait_for("chat.postMessage")

    slack.command("sources", user=ADMIN)
    slack.command("report", user=ADMIN)

    # Two commands are answered on two listener threads: in either order.
    shown = [texts(r.params["blocks"]) for r in slack.fake.wait_for("response_url", count=2)]
    [sources] = [t for t in shown if "case-studies/midwife-chief-nurse.md" in t]
    [report] = [t for t in shown if t is not sources]
    assert "canteen menu" in report


def test_an_admin_removes_a_document(slack: Slack) -> None:
    slack.command("remove case-studies/midwife-chief-nurse.md", user=ADMIN)

    replies = slack.fake.wait_for("response_url")
    assert "midwife-chief-nurse.md" in texts(replies[-1].params.get("blocks", [])) + replies[
        -1
    ].params.get("text", "")
    documents = [d.path for d in slack.services.core.version().documents()]
    assert "case-studies/midwife-chief-nurse.md" not in documents
    assert not (slack.content / "case-studies" / "midwife-chief-nurse.md").exists()


# --- uploads ----------------------------------------------------------------------------------


def test_an_admin_uploads_a_pdf_and_it_is_indexed(slack: Slack, tmp_path: Path) -> None:
    pdf = tmp_path / "board-report.pdf"
    make_pdf(
        pdf,
        [
            "Board report",
            "The reverse mentoring scheme pairs junior clinicians with executive directors.",
        ],
    )

    share_file(slack, "board-report.pdf", pdf.read_bytes())

    [reply] = slack.fake.wait_for("chat.postMessage")
    assert "board-report.pdf" in texts(reply.params["blocks"])
    [download] = slack.fake.of("download")
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert (slack.content / "board-report.pdf").read_bytes() == pdf.read_bytes()
    assert "board-report.pdf" in [d.path for d in slack.services.core.version().documents()]


def test_a_corrupt_upload_is_rejected_and_nothing_is_written(slack: Slack) -> None:
    before = tree_digest(slack.content)

    share_file(slack, "broken.pdf", b"%PDF-1.7\nthis is not really a PDF")

    [reply] = slack.fake.wait_for("chat.postMessage")
    assert "I didn't add broken.pdf" in texts(reply.params["blocks"])
    assert tree_digest(slack.content) == before


def test_a_non_admin_upload_is_refused_without_downloading(slack: Slack) -> None:
    before = tree_digest(slack.content)

    share_file(slack, "notes.md", b"# Notes\n\nSome text.\n", user="U_NURSE")

    [reply] = slack.fake.wait_for("chat.postMessage")
    assert "Only LeadBot admins" in texts(reply.params["blocks"])
    assert slack.fake.of("download") == []
    assert tree_digest(slack.content) == before


# --- reliability and security -------------------------------------------------------------------


def test_a_forged_or_stale_signature_is_rejected(slack: Slack) -> None:
    body, kind = event_body(payload("app_mention"))
    url = f"{slack.web.url}/slack/events"

    forged, _, _ = signed_post(url, body, content_type=kind, secret="not-the-secret")
    stale, _, _ = signed_post(url, body, content_type=kind, timestamp=int(time.time()) - 600)

    assert (forged, stale) == (401, 401)
    time.sleep(0.3)
    assert slack.fake.of("chat.postMessage") == []


def test_a_retried_event_is_answered_once(slack: Slack) -> None:
    event = payload("app_mention", event_id="Ev_RETRIED")

    first, _, _ = slack.event(event)
    retry, _, _ = slack.event(
        event, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )

    assert (first, retry) == (200, 200)
    slack.fake.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(slack.fake.of("chat.postMessage")) == 1


def test_a_failure_while_answering_posts_an_apology_with_a_logged_reference(
    slack: Slack, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(question: str, k: int = 3) -> Any:
        raise RuntimeError("the index went away")

    monkeypatch.setattr(slack.services.core, "answer", broken)
    with caplog.at_level(logging.ERROR):
        slack.event(payload("app_mention"))
        [posted] = slack.fake.wait_for("chat.postMessage")

    shown = texts(posted.params["blocks"])
    assert posted.params["thread_ts"] == "1764000000.000100"
    assert "Sorry" in shown
    reference = shown.split("reference")[-1].strip(" .`*\n")
    assert reference and reference in caplog.text


def test_web_api_rate_limits_are_retried(slack: Slack) -> None:
    slack.fake.rate_limit_once.add("chat.postMessage")

    slack.event(payload("message_im"))

    slack.fake.wait_for("chat.postMessage", timeout=15)
    assert len(slack.fake.of("chat.postMessage:429")) == 1


def test_a_busy_user_is_asked_to_slow_down(tmp_path: Path, content_dir: Path) -> None:
    running = start_slack(tmp_path, content_dir, LEADBOT_RATE_LIMIT="2")
    try:
        for n in range(3):
            running.event(payload("message_im", text=f"What are the five themes? ({n})"))
        posts = running.fake.wait_for("chat.postMessage", count=3)
    finally:
        running.web.stop()
        running.fake.stop()
    assert sum("wait a moment" in texts(p.params["blocks"]) for p in posts) == 1


def test_tokens_and_secrets_never_reach_the_logs(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        slack.event(payload("app_mention"))
        slack.fake.wait_for("chat.postMessage")
        slack.command("reindex", user=ADMIN)
        slack.fake.wait_for("response_url", count=2)
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text


def test_the_home_tab_shows_admins_the_index_and_others_how_to_use_it(slack: Slack) -> None:
    slack.event(payload("app_home_opened"))
    slack.event(payload("app_home_opened", user=ADMIN))

    nurse, admin = sorted(
        slack.fake.wait_for("views.publish", count=2),
        key=lambda c: c.params["user_id"] != "U_NURSE",
    )
    assert "/leadbot suggest" in texts(nurse.params["view"]["blocks"])
    assert "000001" not in texts(nurse.params["view"]["blocks"])
    assert "/leadbot reindex" in texts(admin.params["view"]["blocks"])


def test_the_health_check_reports_the_index_version(slack: Slack) -> None:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{slack.web.url}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"ok": True, "index_version": 1}


@pytest.mark.parametrize(
    ("target", "said"),
    [
        # Elsewhere: a host the bot token must never reach (nothing listens there).
        ("http://127.0.0.2:9/collect", "redirected to a host that is not allowed"),
        # The same (allowed) host as the file link, another port: another server.
        ("http://127.0.0.1:9/collect", "redirected to another port"),
    ],
    ids=["another host", "another port"],
)
def test_a_file_link_redirecting_off_slack_is_not_followed_with_the_token(
    slack: Slack, target: str, said: str
) -> None:
    before = tree_digest(slack.content)
    slack.fake.redirects["notes.md"] = target

    share_file(slack, "notes.md", b"# Notes\n\nSome text.\n")

    [reply] = slack.fake.wait_for("chat.postMessage")
    shown = texts(reply.params["blocks"])
    assert "I didn't add notes.md" in shown and said in shown
    assert tree_digest(slack.content) == before


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (".env", "has a hidden file name"),
        ("README.md", "is named README.md"),
        ("slides.pptx", "is a .pptx file"),
        ("é" * 150 + ".md", "has a file name that is too long"),  # 303 bytes, 153 characters
    ],
)
def test_an_upload_with_a_bad_name_is_refused_before_it_is_downloaded(
    slack: Slack, name: str, said: str
) -> None:
    before = tree_digest(slack.content)

    share_file(slack, name, b"# Notes\n\nSome text.\n")

    [reply] = slack.fake.wait_for("chat.postMessage")
    assert said in texts(reply.params["blocks"])
    assert slack.fake.of("download") == []
    assert tree_digest(slack.content) == before


def test_a_download_shorter_than_slack_said_is_refused(slack: Slack) -> None:
    before = tree_digest(slack.content)
    data = b"# Notes\n\nSome text.\n"
    slack.fake.files["notes.md"] = data
    event = payload("file_share_im", user="U_ADMIN", channel="D_U_ADMIN")
    event["event"]["files"][0] |= {
        "name": "notes.md",
        "size": len(data) + 100,  # what Slack declared; the body is cut short
        "url_private_download": f"{slack.fake.base}/files/notes.md",
    }
    slack.event(event)

    [reply] = slack.fake.wait_for("chat.postMessage")
    shown = texts(reply.params["blocks"])
    assert f"was {len(data)} bytes, not the {len(data) + 100} it should be" in shown
    assert tree_digest(slack.content) == before


# --- Slack's assistant features ---------------------------------------------------------------


def methods(slack: Slack, *names: str) -> list[str]:
    """The calls of these Web API methods, in the order LeadBot made them."""
    return [c.method for c in slack.fake.calls if c.method in names]


def test_a_status_shows_while_answering_and_is_cleared_after(slack: Slack) -> None:
    slack.event(payload("app_mention"))

    shown, cleared = slack.fake.wait_for("assistant.threads.setStatus", count=2)
    thread = {"channel_id": "C_LEADERS", "thread_ts": "1764000000.000100"}
    assert shown.params == {**thread, "status": "is looking through the leadership documents…"}
    assert cleared.params == {**thread, "status": ""}
    assert methods(slack, "assistant.threads.setStatus", "chat.postMessage") == [
        "assistant.threads.setStatus",
        "chat.postMessage",
        "assistant.threads.setStatus",
    ]


def test_a_status_shows_under_a_direct_message_and_a_follow_up(slack: Slack) -> None:
    # Each status is cleared after its reply is posted: the next message waits for the clearing,
    # or the next "is looking…" can land between a reply and its clearing.
    slack.event(payload("message_im"))  # a top-level DM: the status goes under the message
    slack.fake.wait_for("assistant.threads.setStatus", count=2)
    slack.event(payload("app_mention"))
    slack.fake.wait_for("assistant.threads.setStatus", count=4)
    slack.event(payload("message_channel", thread_ts="1764000000.000100", text="and why?"))
    slack.fake.wait_for("chat.postMessage", count=3)

    calls = slack.fake.wait_for("assistant.threads.setStatus", count=6)
    where = [(c.params["channel_id"], c.params["thread_ts"]) for c in calls[::2]]
    assert where == [
        ("D_NURSE", "1764000000.000400"),
        ("C_LEADERS", "1764000000.000100"),
        ("C_LEADERS", "1764000000.000100"),
    ]
    assert [c.params["status"] for c in calls[1::2]] == ["", "", ""]


def test_a_refused_status_neither_blocks_nor_breaks_the_answer(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail.add("assistant.threads.setStatus")  # ok: false, as outside an agent thread

    with caplog.at_level(logging.WARNING):
        slack.event(payload("app_mention"))
        [posted] = slack.fake.wait_for("chat.postMessage")

    assert "senior strategic AHP lead" in texts(posted.params["blocks"])
    assert len(slack.fake.of("assistant.threads.setStatus")) == 1  # nothing set, nothing to clear
    assert "could not set the Slack status" in caplog.text


def test_the_messages_tab_suggests_the_example_questions(slack: Slack) -> None:
    slack.event(payload("app_home_opened", tab="messages"))

    [suggested] = slack.fake.wait_for("assistant.threads.setSuggestedPrompts")
    params = suggested.params
    # The agent view: prompts for the DM itself; a thread_ts there makes Slack drop them.
    assert params["channel_id"] == "D_NURSE" and "thread_ts" not in params
    assert params["title"] == "Try asking"
    assert [p["message"] for p in params["prompts"]] == list(wording.EXAMPLE_QUESTIONS)
    assert 0 < len(params["prompts"]) <= 4
    assert all(0 < len(p["title"]) <= 30 < len(p["message"]) for p in params["prompts"])
    assert slack.fake.of("views.publish") == []  # the Home tab is not published for it


def test_a_new_assistant_thread_gets_the_example_questions(slack: Slack) -> None:
    slack.event(payload("assistant_thread_started"))

    [suggested] = slack.fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert suggested.params["channel_id"] == "D_NURSE"
    assert suggested.params["thread_ts"] == "1764000000.001000"
    assert [p["message"] for p in suggested.params["prompts"]] == list(wording.EXAMPLE_QUESTIONS)


def test_asking_about_a_message_answers_in_its_thread(slack: Slack) -> None:
    assert slack.shortcut() == 200

    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == "C_LEADERS"
    assert posted.params["thread_ts"] == "1764000000.000900"  # the message's own thread
    assert "senior strategic AHP lead" in texts(posted.params["blocks"])
    shown = slack.fake.wait_for("assistant.threads.setStatus", count=2)
    assert [c.params["status"] for c in shown] == [wording.SLACK_STATUS, ""]
    assert slack.services.state.gap_report().questions == 1
    # The thread is one LeadBot was asked in now: a follow-up there needs no mention.
    slack.event(payload("message_channel", thread_ts="1764000000.000900", text="and why?"))
    assert slack.fake.wait_for("chat.postMessage", count=2)[1].params["thread_ts"] == (
        "1764000000.000900"
    )


def test_asking_about_a_reply_answers_in_the_thread_it_is_in(slack: Slack) -> None:
    slack.shortcut(ts="1764000000.000950", thread_ts="1764000000.000900")

    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted.params["thread_ts"] == "1764000000.000900"


def test_asking_about_a_message_where_leadbot_cannot_post_tells_only_the_asker(
    slack: Slack,
) -> None:
    slack.fake.errors["chat.postMessage"] = "not_in_channel"

    slack.shortcut()

    [reply] = slack.fake.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "senior strategic AHP lead" in texts(reply.params["blocks"])
