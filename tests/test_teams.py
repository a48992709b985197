"""The Teams app through its real request path: Activity JSON -> aiohttp -> Agents SDK -> LeadBot.

Every activity is posted with "deliveryMode": "expectReplies" and the test reads LeadBot's
replies from the response body, as the SDK returns them.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.content import write_content
from support.teamskit import (
    ADMIN,
    NURSE,
    Teams,
    card_actions,
    payload,
    post,
    shown,
    start_teams,
)

from bot.config import ConfigError, Settings
from bot.plaintext import clip
from bot.services import Services
from bot.teams.app import TeamsBot

PERSONAL = "a:1personalChatWithAlexNurse0123456789"


@pytest.fixture
def teams(tmp_path: Path, content_dir: Path) -> Iterator[Teams]:
    running = start_teams(tmp_path, content_dir)
    yield running
    running.stop()


FEEDBACK_LOOP = {"feedbackLoop": {"type": "default"}}


def citation_entity(activity: dict[str, Any]) -> dict[str, Any]:
    [entity] = [e for e in activity.get("entities", []) if e.get("@type") == "Message"]
    return entity


def last_answer_id(teams: Teams) -> str:
    """The id of the answer logged last (what the old card buttons carried)."""
    with sqlite3.connect(teams.services.settings.db_path) as db:
        [(answer_id,)] = db.execute("SELECT id FROM questions ORDER BY rowid DESC LIMIT 1")
    return str(answer_id)


# --- asking -----------------------------------------------------------------------------------


def test_a_channel_mention_is_answered_in_its_thread_with_citations(teams: Teams) -> None:
    activity = payload("channel_mention")
    status, body = teams.send(activity)

    assert status == 200
    [reply] = [a for a in body["activities"] if a["type"] == "message"]  # type: ignore[index]
    assert reply["replyToId"] == activity["id"]  # threaded under the question
    assert reply["conversation"]["id"] == activity["conversation"]["id"]
    assert (
        reply["text"] == "Trust boards should consider appointing a senior strategic AHP lead. [1]"
    )
    entity = citation_entity(reply)
    assert entity["type"] == "https://schema.org/Message"
    assert entity["@context"] == "https://schema.org" and entity["@id"] == ""
    # Every sentence is quoted from the cited document, so no "AI generated" label.
    assert "additionalType" not in entity
    [claim] = entity["citation"]
    assert claim["@type"] == "Claim" and claim["position"] == 1
    appearance = claim["appearance"]
    assert appearance["@type"] == "DigitalDocument"
    assert appearance["name"] == "Clinical leadership – a framework for action · Asks of boards"
    assert (
        appearance["abstract"]
        == "Trust boards should consider appointing a senior strategic AHP lead."
    )
    assert appearance["url"] == "https://example.nhs.uk/framework"
    # Only the citation entity: nothing that could mention anyone.
    assert [e["type"] for e in reply["entities"]] == ["https://schema.org/Message"]
    assert reply["channelData"] == FEEDBACK_LOOP  # Teams' own 👍/👎 under the answer


def test_the_mention_is_removed_before_answering(teams: Teams) -> None:
    teams.ask(
        "channel_mention",
        text="<at>LeadBot</at> What should trust boards consider <at>Sam Admin</at> appointing?",
    )
    assert teams.services.state.question_of(last_answer_id(teams)) == (
        "What should trust boards consider appointing?"
    )


def test_the_sources_card_lists_title_section_page_and_leaves_feedback_to_teams(
    teams: Teams,
) -> None:
    [reply] = teams.ask("personal_message")

    [card] = reply["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["version"] == "1.5"
    assert "Clinical leadership – a framework for action · The five themes" in shown(reply)
    # One feedback UI: Teams' own 👍/👎, not buttons on the card as well.
    assert card_actions(reply) == [] and "👍" not in shown(reply)
    assert reply["channelData"] == FEEDBACK_LOOP


def test_a_personal_chat_message_is_answered_without_a_mention(teams: Teams) -> None:
    [reply] = teams.ask("personal_message")

    assert reply["conversation"]["id"] == PERSONAL
    assert "building confidence" in reply["text"] and "[1]" in reply["text"]


def test_a_follow_up_in_a_personal_chat_is_read_with_the_chats_subject(teams: Teams) -> None:
    teams.ask("personal_message", text="What was the midwife's turning point?")
    [reply] = teams.ask("personal_message", text="and her journey?")
    [standalone] = teams.ask("personal_message", text="What are the five themes?")

    assert reply["text"].startswith(
        "_Taking this as: The midwife who became chief nurse's journey?_\n\n"
    )
    assert "worked clinically for ten years" in reply["text"]
    [claim] = citation_entity(reply)["citation"]
    assert claim["appearance"]["name"].startswith("Case study: midwife to chief nurse")
    assert "Taking this as" not in standalone["text"]


def test_a_group_chat_mention_is_answered(teams: Teams) -> None:
    [reply] = teams.ask("group_mention")

    assert "five themes" in reply["text"] and citation_entity(reply)["citation"]


def test_an_uncovered_question_says_so_with_the_closest_topics_and_no_citations(
    teams: Teams,
) -> None:
    [reply] = teams.ask("personal_message", text="What is on the canteen menu today?")

    assert "couldn't find this" in reply["text"]
    assert "Closest topics I do cover:" in reply["text"]
    assert "[1]" not in reply["text"]
    assert not reply.get("entities") and not reply.get("attachments")
    assert "channelData" not in reply  # a refusal is not rated: it is counted as unanswered


def test_a_refusal_suggests_asking_about_the_closest_topics(teams: Teams) -> None:
    [refusal] = teams.ask("personal_message", text="What is on the canteen menu today?")

    actions = refusal["suggestedActions"]["actions"]
    assert 0 < len(actions) <= 3  # Teams shows only the first three
    listed = [line.removeprefix("• ") for line in refusal["text"].split("\n\n")[2:]]
    # One button per topic listed, in order (a long topic cut to fit a button).
    assert [a["title"] for a in actions] == [clip(topic, 80) for topic in listed]
    assert all(a["type"] == "imBack" for a in actions)
    title, section = listed[0].split(" — ")
    # "ask": a question even when the title names case studies, as these do.
    assert actions[0]["value"] == f"ask What does “{title}” say about {section.lower()}?"
    assert all(
        re.fullmatch(r"ask What does “.+” (say about .+|cover)\?", a["value"]) for a in actions
    )

    # imBack: Teams posts the value as the person's own message, which is answered from there.
    [answer] = teams.ask("personal_message", text=actions[0]["value"])
    [claim, *_] = citation_entity(answer)["citation"]
    assert claim["appearance"]["name"] == f"{title} · {section}"
    assert "suggestedActions" not in answer and answer["channelData"] == FEEDBACK_LOOP


def test_a_mention_with_no_question_gets_help(teams: Teams) -> None:
    [reply] = teams.ask("channel_mention", text="<at>LeadBot</at>")

    assert "Mention me with a question" in reply["text"]


def test_content_cannot_mention_anyone_or_smuggle_links(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "local/notice.txt": (
                "The reverse mentoring rota is published monthly <at>Everyone</at> & see "
                "[the rota](https://evil.example.com) [7] <b>now</b>.\n"
            ),
            "local/notice.meta.yml": "title: Notice <at>General</at>\nurl: https://example.nhs.uk/notice\n",
        },
    )
    running = start_teams(tmp_path, content)
    try:
        [reply] = running.ask(
            "personal_message", text="When is the reverse mentoring rota published?"
        )
    finally:
        running.stop()

    text = reply["text"]
    assert "<at>" not in text and "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no markdown link: its "]" is escaped
    assert "&lt;at&gt;Everyone&lt;/at&gt;" in text and "&amp;" in text
    assert "\\[7\\]" in text  # a bracketed number from the content is not a citation marker
    assert re.findall(r"(?<!\\)\[(\d+)\]", text) == ["1"]
    assert [c["position"] for c in citation_entity(reply)["citation"]] == [1]
    assert [e["type"] for e in reply["entities"]] == ["https://schema.org/Message"]
    card = json.dumps(reply["attachments"])
    assert "<at>General" not in card  # the title is neutralised in the card too


def test_citation_entities_are_escaped_like_the_text(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "local/notice.txt": (
                "The reverse mentoring rota is published monthly <at>Everyone</at> & see "
                "[the rota](javascript:alert(1)) *now*.\n"
            ),
            "local/notice.meta.yml": (
                "title: Notice <at>General</at> [go](javascript:alert(1))\n"
                "url: https://example.nhs.uk/notice\n"
            ),
        },
    )
    running = start_teams(tmp_path, content)
    try:
        [reply] = running.ask(
            "personal_message", text="When is the reverse mentoring rota published?"
        )
    finally:
        running.stop()

    [claim] = citation_entity(reply)["citation"]
    appearance = claim["appearance"]
    for field in (appearance["name"], appearance["abstract"], *appearance.get("keywords", [])):
        assert "<at>" not in field and "<" not in field  # no mention tag, no HTML
        assert not re.search(r"(?<!\\)\]\(", field)  # no markdown link: its "]" is escaped
    assert "&lt;at&gt;Everyone&lt;/at&gt;" in appearance["abstract"]
    assert "&amp;" in appearance["abstract"] and "\\*now\\*" in appearance["abstract"]
    assert "\\[the rota\\](javascript:alert(1))" in appearance["abstract"]
    assert "&lt;at&gt;General&lt;/at&gt; \\[go\\](javascript" in appearance["name"]


def test_a_bracketed_number_in_quoted_content_is_not_a_citation_marker(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "local/rota.md": (
                "---\ntitle: Rota\nurl: https://example.nhs.uk/rota\n---\n\n"
                "## Publishing\n\n"
                "The reverse mentoring rota [1] is published monthly [2] by the board office.\n"
            ),
        },
    )
    running = start_teams(tmp_path, content)
    try:
        [reply] = running.ask(
            "personal_message", text="When is the reverse mentoring rota published?"
        )
    finally:
        running.stop()

    text = reply["text"]
    assert "rota \\[1\\] is published monthly \\[2\\] by" in text
    assert re.findall(r"(?<!\\)\[(\d+)\]", text) == ["1"]  # only the core's marker is live
    assert text.endswith("board office. [1]")
    [claim] = citation_entity(reply)["citation"]
    assert "rota \\[1\\] is" in claim["appearance"]["abstract"]


def test_citations_respect_teams_limits(tmp_path: Path) -> None:
    long_title = " ".join(["Reverse mentoring for junior clinicians and board members"] * 3)
    long_sentence = " ".join(["Reverse mentoring pairs junior clinicians with board members"] * 5)
    content = write_content(
        tmp_path / "content",
        {
            "local/long.md": f"---\ntitle: {long_title}\nurl: https://example.nhs.uk/long\n---\n\n"
            f"## Reverse mentoring for junior clinicians and board members in every trust\n\n"
            f"{long_sentence}.\n",
        },
    )
    running = start_teams(tmp_path, content)
    try:
        [reply] = running.ask(
            "personal_message",
            text="How does reverse mentoring pair junior clinicians with board members?",
        )
    finally:
        running.stop()

    markers = sorted({int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", reply["text"])})
    claims = citation_entity(reply)["citation"]
    assert [c["position"] for c in claims] == markers and 0 < len(claims) <= 20
    for claim in claims:
        appearance = claim["appearance"]
        assert len(appearance["name"]) <= 80 and appearance["name"].endswith("…")
        assert len(appearance["abstract"]) <= 160 and appearance["abstract"].endswith("…")
        assert all(len(k) <= 28 for k in appearance.get("keywords", []))


# --- case studies -------------------------------------------------------------------------------


def test_a_profile_in_personal_chat_gets_case_study_suggestions(teams: Teams) -> None:
    [reply] = teams.ask(
        "personal_message",
        text="I'm a band 7 physiotherapist interested in a director of AHPs role",
    )

    text = shown(reply)
    assert "physiotherapist to director of AHPs" in text
    assert "Why:" in text and "operational roles" in text  # the why line and the summary
    assert "(https://example.nhs.uk/physio)" in text  # the title links to the case study
    more = [a for a in card_actions(reply) if a["data"].get("action") == "tell_me_more"]
    assert more[0]["type"] == "Action.Submit" and more[0]["title"] == "Tell me more"
    assert more[0]["data"]["document"] == "case-studies/physio-director.md"


def test_suggest_command_in_personal_chat(teams: Teams) -> None:
    [reply] = teams.ask("personal_message", text="suggest")

    assert "Case studies that fit you" in shown(reply)


def test_the_manifest_command_words_are_understood(teams: Teams) -> None:
    [answer] = teams.ask("personal_message", text="ask What are the five themes?")
    [suggestions] = teams.ask("personal_message", text="suggest I am a midwife")
    [help_reply] = teams.ask("personal_message", text="help")

    assert "building confidence" in answer["text"]
    assert "midwife to chief nurse" in shown(suggestions)
    assert "Mention me with a question" in help_reply["text"]


def test_each_prompt_starter_is_answered_where_it_is_offered(
    tmp_path: Path, content_dir: Path
) -> None:
    from bot.teams.package import TEMPLATE_DIR

    manifest = json.loads((TEMPLATE_DIR / "manifest.json").read_text(encoding="utf-8"))
    teams = start_teams(tmp_path, content_dir, LEADBOT_RATE_LIMIT="100")  # one asker, many asks
    try:
        for command_list in manifest["bots"][0]["commandLists"]:
            for starter in [c for c in command_list["commands"] if c.get("type") == "prompt"]:
                if "personal" in command_list["scopes"]:
                    [reply] = teams.ask("personal_message", text=starter["prompt"])
                else:  # Teams puts the prompt after the @mention
                    text = f"<at>LeadBot</at> {starter['prompt']}"
                    [reply] = teams.ask("channel_mention", text=text)
                if "case studies" in starter["prompt"]:
                    assert "physiotherapist to director of AHPs" in shown(reply)
                else:
                    assert citation_entity(reply)["citation"], starter
                    assert reply["channelData"] == FEEDBACK_LOOP
    finally:
        teams.stop()


def test_tell_me_more_shows_the_story(teams: Teams) -> None:
    [reply] = teams.ask("card_submit")

    text = shown(reply)
    assert "Journey" in text and "Turning point" in text
    assert "supportive mentor and coach" in text
    assert any(a["type"] == "Action.OpenUrl" for a in card_actions(reply))


def test_a_channel_case_study_request_without_a_personal_chat_says_how_to_start_one(
    teams: Teams,
) -> None:
    [reply] = teams.ask(
        "channel_mention",
        text="<at>LeadBot</at> which case studies fit a midwife aiming for chief nurse?",
    )

    assert "Open a chat with LeadBot and say hi, then ask again" in reply["text"]
    assert teams.fake.activities() == []


def test_a_channel_case_study_request_is_answered_in_the_personal_chat(teams: Teams) -> None:
    # Saying hi in a personal chat lets LeadBot write there later; here that chat's service is
    # the loopback connector.
    teams.ask("personal_message", text="hi", serviceUrl=f"{teams.fake.base}/teams/")

    [pointer] = teams.ask(
        "channel_mention",
        text="<at>LeadBot</at> which case studies fit a midwife aiming for chief nurse?",
    )

    assert "sent you case-study suggestions in our personal chat" in pointer["text"]
    [sent] = teams.fake.wait_for_activities()
    assert sent.path == f"/teams/v3/conversations/{PERSONAL}/activities"
    assert "Authorization" not in sent.headers  # anonymous development mode sends no token
    assert sent.body is not None and sent.body["conversation"]["id"] == PERSONAL
    # The chat's id is enough: nothing about the person is kept to write there (see test_privacy).
    assert NURSE not in json.dumps(sent.body) and "Alex Nurse" not in json.dumps(sent.body)
    assert "midwife to chief nurse" in shown(sent.body)


# --- feedback -----------------------------------------------------------------------------------


def test_an_answer_carries_teams_feedback_loop_and_a_dislike_lands_in_the_gap_report(
    teams: Teams,
) -> None:
    sent = teams.ask_through_connector("personal_message")
    assert sent.body is not None and sent.body["channelData"] == FEEDBACK_LOOP
    assert "additionalType" not in citation_entity(sent.body)

    status, body = teams.vote(sent, "dislike", "  It quoted the wrong   document. ")

    # Teams tells the person itself; the response must be an empty 200, and nothing is posted.
    assert (status, body) == (200, {})
    assert len(teams.fake.activities()) == 1
    [downvoted] = teams.services.state.gap_report().downvoted
    assert "five themes" in downvoted.question
    assert (downvoted.down, downvoted.up) == (1, 0)
    assert downvoted.reasons == ("It quoted the wrong document.",)


def test_a_like_counts_up_and_keeps_no_reason(teams: Teams) -> None:
    sent = teams.ask_through_connector("personal_message")
    teams.vote(sent, "dislike", "Too vague")
    colleague = {"id": "29:1colleague", "aadObjectId": "6f1c2a77-0000-4000-8000-00000000a002"}

    assert teams.vote(sent, "like", "Clear and quoted", **{"from": colleague}) == (200, {})

    [downvoted] = teams.services.state.gap_report().downvoted
    assert (downvoted.down, downvoted.up) == (1, 1)
    assert downvoted.reasons == ("Too vague",)  # what someone liked is not what was wrong


def test_a_second_vote_replaces_the_first(teams: Teams) -> None:
    sent = teams.ask_through_connector("personal_message")
    teams.vote(sent, "like")
    teams.vote(sent, "dislike", "On reflection, out of date")

    [downvoted] = teams.services.state.gap_report().downvoted
    assert (downvoted.down, downvoted.up) == (1, 0)


def test_feedback_in_a_channel_thread_finds_the_answer(teams: Teams) -> None:
    sent = teams.ask_through_connector("channel_mention")
    assert sent.body is not None and sent.body["channelData"] == FEEDBACK_LOOP
    # The reply went into the question's thread.
    assert sent.path.endswith(f"/activities/{sent.body['replyToId']}")

    teams.vote(sent, "dislike", "Not what boards asked")

    [downvoted] = teams.services.state.gap_report().downvoted
    assert "trust boards" in downvoted.question and downvoted.reasons == ("Not what boards asked",)


def test_the_feedback_text_may_be_plain_and_a_reply_id_may_be_unknown(teams: Teams) -> None:
    sent = teams.ask_through_connector("personal_message")
    plain = payload(
        "feedback_submit",
        expect_replies=False,
        replyToId=sent.id,
        value={"actionName": "feedback", "actionValue": {"reaction": "dislike", "feedback": "x"}},
    )
    unknown = payload("feedback_submit", expect_replies=False, replyToId="1764000000999")
    garbled = payload("feedback_submit", expect_replies=False, value={"actionName": "feedback"})

    assert [post(teams.url, a)[:2] for a in (plain, unknown, garbled)] == [(200, {})] * 3
    [downvoted] = teams.services.state.gap_report().downvoted
    assert downvoted.reasons == ("x",) and downvoted.down == 1


def test_the_feedback_invoke_answers_with_expect_replies_too(teams: Teams) -> None:
    sent = teams.ask_through_connector("personal_message")
    invoke = payload("feedback_submit", replyToId=sent.id)

    status, body = teams.send(invoke)

    assert status == 200
    activities = (body or {})["activities"]
    assert [a["type"] for a in activities] == ["invokeResponse"]
    assert activities[0]["value"] == {"status": 200, "body": {}}
    assert teams.services.state.gap_report().downvoted[0].reasons == (
        "It quoted the wrong document.",
    )


# Answers sent before the feedback loop carry 👍/👎 card buttons; those still count.


def test_old_card_feedback_is_recorded_and_thanked_privately(teams: Teams) -> None:
    teams.ask("channel_mention")
    invoke = payload("card_execute")
    invoke["value"]["action"]["data"] = {
        "action": "feedback",
        "answer_id": last_answer_id(teams),
        "vote": -1,
    }

    status, body = teams.send(invoke)

    assert status == 200
    [response] = [a for a in body["activities"] if a["type"] == "invokeResponse"]  # type: ignore[index]
    assert response["value"]["status"] == 200
    assert response["value"]["body"]["type"] == "application/vnd.microsoft.activity.message"
    assert response["value"]["body"]["value"].startswith("Thanks")
    assert not [a for a in body["activities"] if a["type"] == "message"]  # type: ignore[index]
    [downvoted] = teams.services.state.gap_report().downvoted
    assert downvoted.down == 1 and "trust boards" in downvoted.question


def test_old_card_feedback_by_action_submit_is_recorded_too(teams: Teams) -> None:
    teams.ask("personal_message")

    [thanks] = teams.ask(
        "card_submit", value={"action": "feedback", "answer_id": last_answer_id(teams), "vote": -1}
    )

    assert thanks["text"].startswith("Thanks")
    assert [d.down for d in teams.services.state.gap_report().downvoted] == [1]


# --- welcome ------------------------------------------------------------------------------------


def test_adding_the_bot_shows_a_welcome_card_with_example_questions(teams: Teams) -> None:
    from bot.wording import EXAMPLE_QUESTIONS

    [welcome] = teams.ask("bot_added")

    text = shown(welcome)
    assert "LeadBot" in text and "framework for action" in text
    assert EXAMPLE_QUESTIONS[0] in text


def test_someone_else_joining_gets_no_welcome(teams: Teams) -> None:
    assert teams.ask("bot_added", membersAdded=[{"id": "29:someoneElse"}]) == []


def test_installing_in_personal_scope_remembers_the_chat_and_shows_admins_commands(
    teams: Teams,
) -> None:
    personal = {"conversationType": "personal", "id": "a:1personalChatWithSamAdmin"}
    [admin_welcome] = teams.ask("bot_added", conversation=personal)
    nurse = {"id": "29:1nurseTeamsUserId", "aadObjectId": NURSE}
    [nurse_welcome] = teams.ask("bot_added", conversation=personal, **{"from": nurse})

    assert teams.services.state.reference("teams", ADMIN) is not None
    assert "reindex" in shown(admin_welcome) and "reindex" not in shown(nurse_welcome)


# --- reliability and security -------------------------------------------------------------------


def test_a_redelivered_activity_is_answered_once(teams: Teams) -> None:
    activity = payload("channel_mention")

    first = teams.ask("channel_mention", id=activity["id"])
    again = teams.ask("channel_mention", id=activity["id"])

    assert len(first) == 1 and again == []


def test_the_same_activity_id_in_another_conversation_is_answered_too(teams: Teams) -> None:
    # Activity ids are unique only within a conversation: two people's can coincide.
    first = payload("personal_message")
    other = {
        "from": {"id": "29:2otherUser", "name": "Sam Other", "aadObjectId": ADMIN},
        "conversation": {**first["conversation"], "id": "a:1personalChatWithSamOther987654321"},
    }

    mine = teams.ask("personal_message", id=first["id"])
    theirs = teams.ask("personal_message", id=first["id"], **other)
    again = teams.ask("personal_message", id=first["id"], **other)

    assert len(mine) == 1 and len(theirs) == 1 and "[1]" in theirs[0]["text"]
    assert again == []  # a redelivery in the same conversation is still dropped


def test_a_failure_while_answering_replies_with_an_apology_and_a_logged_reference(
    teams: Teams, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(question: str, k: int = 3) -> Any:
        raise RuntimeError("the index went away")

    monkeypatch.setattr(teams.services.core, "answer", broken)
    with caplog.at_level(logging.ERROR):
        activity = payload("channel_mention")
        [reply] = teams.ask("channel_mention", id=activity["id"])

    assert reply["replyToId"] == activity["id"]
    assert reply["text"].startswith("Sorry")
    reference = reply["text"].split("reference")[-1].strip(" .")
    assert reference and reference in caplog.text
    assert "the index went away" not in reply["text"]


def test_a_slow_answer_does_not_hold_up_others(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = teams.services.core.answer

    def slow_for_one(question: str, k: int = 3, previous: Any = None) -> Any:
        if "slow" in question:
            time.sleep(1.5)
        return answer(question, k, previous)

    monkeypatch.setattr(teams.services.core, "answer", slow_for_one)
    slow = threading.Thread(
        target=teams.ask, args=("personal_message",), kwargs={"text": "a slow question"}
    )
    slow.start()
    time.sleep(0.2)
    started = time.perf_counter()
    [reply] = teams.ask("group_mention")
    took = time.perf_counter() - started
    slow.join()

    assert "five themes" in reply["text"]
    assert took < 1.0


def test_a_request_from_an_unknown_service_is_refused(teams: Teams) -> None:
    status, body = teams.send(payload("channel_mention", serviceUrl="https://evil.example.com/"))

    assert status == 401
    assert not (body or {}).get("activities")


def test_a_busy_user_is_asked_to_slow_down(tmp_path: Path, content_dir: Path) -> None:
    running = start_teams(tmp_path, content_dir, LEADBOT_RATE_LIMIT="2")
    try:
        replies = [running.ask("personal_message")[0]["text"] for _ in range(3)]
    finally:
        running.stop()
    assert sum("wait a moment" in r for r in replies) == 1


def test_the_health_check_is_served_beside_teams(teams: Teams) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{teams.web.url}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"ok": True, "index_version": 1}


# --- token checks -------------------------------------------------------------------------------

CREDENTIALS = {
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-4000-8000-0000000b0700",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "11111111-2222-4333-8444-555555555555",
    "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-real-secret",
}


def test_with_credentials_a_request_without_a_valid_token_is_rejected(
    tmp_path: Path, content_dir: Path
) -> None:
    running = start_teams(
        tmp_path,
        content_dir,
        LEADBOT_TEAMS_ANONYMOUS="",
        LEADBOT_TEAMS_SERVICE_HOSTS="",
        **CREDENTIALS,
    )
    try:
        activity = payload("channel_mention")
        missing, _, _ = post(running.url, activity)
        garbage, _, _ = post(running.url, activity, {"Authorization": "Bearer not.a.jwt"})
        unsigned, _, _ = post(running.url, activity, {"Authorization": "Basic dXNlcjpwYXNz"})
    finally:
        running.stop()
    assert (missing, garbage, unsigned) == (401, 401, 401)


def test_anonymous_mode_is_refused_next_to_credentials(tmp_path: Path) -> None:
    settings = Settings.from_env({"LEADBOT_TEAMS_ANONYMOUS": "true", **CREDENTIALS})
    with pytest.raises(ConfigError, match="development only"):
        TeamsBot(Services.from_settings(settings))
