"""👍/👎 on an answer; a 👎 opens a short "what was wrong?" form whose words reach the gap report."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import wording
from bot.conversation import Conversation
from bot.replies import Notice
from bot.slack.actions import tell
from bot.slack.blocks import FEEDBACK, read_vote
from bot.slack.mrkdwn import Block, escape, plain_object, section

logger = logging.getLogger(__name__)
FORM = "feedback_reason"  # the modal's callback_id
REASON = "reason"  # block_id and action_id of its one input
MAX_REASON = 500  # what bot.state keeps of a reason
# Slack's feedback_buttons, and the classic buttons on answers posted before them.
VOTES = re.compile(rf"^({FEEDBACK}|feedback_up|feedback_down)$")


def register(app: App, conversation: Conversation) -> None:
    @app.action(VOTES)
    def on_vote(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, channel = body["user"]["id"], body["channel"]["id"]
        if action["action_id"] == FEEDBACK:
            vote, answer_id = read_vote(action["value"])
        else:
            vote, answer_id = (1 if action["action_id"] == "feedback_up" else -1), action["value"]
        # The vote counts at once, so closing the form without a word still records the 👎.
        replies = conversation.feedback(user, answer_id, vote)
        if vote < 0 and Notice(wording.THANKS) in replies:  # a known answer: ask what was wrong
            try:
                client.views_open(trigger_id=body["trigger_id"], view=form(answer_id, channel))
                return
            except SlackApiError as error:  # the trigger expired, say: thank them anyway
                logger.warning("could not open the feedback form: %s", error)
        tell(client, replies, user, channel)

    @app.view(FORM)
    def on_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        ack()  # closes the form
        meta = json.loads(view.get("private_metadata") or "{}")
        field = view["state"]["values"].get(REASON, {}).get(REASON, {})
        replies = conversation.feedback(
            body["user"]["id"], meta.get("answer_id", ""), -1, reason=field.get("value")
        )
        if meta.get("channel"):
            tell(client, replies, body["user"]["id"], meta["channel"])


def form(answer_id: str, channel: str) -> dict[str, Any]:
    """The "What was wrong?" modal: one optional text box, the answer and channel carried along."""
    reason: Block = {
        "type": "input",
        "block_id": REASON,
        "optional": True,
        "label": plain_object(wording.SLACK_REASON_LABEL, 2000),
        "element": {
            "type": "plain_text_input",
            "action_id": REASON,
            "multiline": True,
            "max_length": MAX_REASON,
            "placeholder": plain_object(wording.SLACK_REASON_PLACEHOLDER, 150),
        },
    }
    return {
        "type": "modal",
        "callback_id": FORM,
        "title": plain_object(wording.SLACK_WHAT_WAS_WRONG, 24),
        "submit": plain_object(wording.SLACK_SEND, 24),
        "close": plain_object(wording.SLACK_SKIP, 24),
        "private_metadata": json.dumps({"answer_id": answer_id, "channel": channel}),
        "blocks": [section(escape(wording.SLACK_DOWN_VOTE_COUNTED)), reason],
    }
