"""`/leadbot ask|suggest|help` for everyone; `reindex|sources|remove|report` for admins."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.admin import REINDEXING, NotAllowed
from bot.services import Services
from bot.slack import blocks, mrkdwn, views
from bot.slack.replies import ephemeral_answer
from bot.wording import BUILD_RUNNING, SLOW_DOWN
from index.errors import BuildInProgress, LeadbotError

logger = logging.getLogger(__name__)
ADMIN_ACTIONS = {
    "reindex": "reindex content",
    "sources": "list sources",
    "remove": "remove content",
    "report": "see the gap report",
}


def register(app: App, services: Services) -> None:
    @app.command("/leadbot")
    def on_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()  # within Slack's 3 seconds; the work happens after, replies go to response_url
        user = command["user_id"]
        text = " ".join(command.get("text", "").split())
        first, _, rest = text.partition(" ")
        word = first.lower()
        try:
            if word in ADMIN_ACTIONS:
                services.admin.check("slack", user, ADMIN_ACTIONS[word])
                admin_command(services, word, rest, respond)
            elif word in ("", "help"):
                respond(text=views.help_text(), response_type="ephemeral")
            elif not services.limit.allow(user):
                respond(text=SLOW_DOWN, response_type="ephemeral")
            elif word == "suggest":
                respond(
                    blocks=blocks.suggestion_blocks(services.core.suggest(rest)),
                    text="Case studies",
                    response_type="ephemeral",
                )
            else:  # "/leadbot ask <question>", or just "/leadbot <question>"
                question = rest if word == "ask" else text
                respond(**ephemeral_answer(services, user, question))
        except NotAllowed as refusal:
            respond(text=str(refusal), response_type="ephemeral")
        except BuildInProgress:
            respond(
                text=BUILD_RUNNING,
                response_type="ephemeral",
            )
        except LeadbotError as error:
            respond(text=mrkdwn.escape(str(error)), response_type="ephemeral")
        except Exception:
            reference = secrets.token_hex(4)
            logger.exception("/leadbot %s failed; reference %s", word, reference)
            respond(text=blocks.apology_text(reference), response_type="ephemeral")


def admin_command(services: Services, word: str, rest: str, respond: Callable[..., Any]) -> None:
    admin = services.admin
    if word == "reindex":
        admin.refuse_if_building()
        respond(text=REINDEXING, response_type="ephemeral")
        report = admin.reindex()
        respond(
            blocks=views.build_blocks(report, "Reindex finished."),
            text="Reindex finished.",
            response_type="ephemeral",
        )
    elif word == "sources":
        documents, skipped = admin.sources()
        respond(
            blocks=views.sources_blocks(documents, skipped),
            text="Sources",
            response_type="ephemeral",
        )
    elif word == "remove":
        if not rest:
            respond(
                text="Say which document: `/leadbot remove case-studies/example.md` (see `/leadbot sources`).",
                response_type="ephemeral",
            )
            return
        message, report = admin.remove(rest)
        respond(
            blocks=views.build_blocks(report, message),
            text=message,
            response_type="ephemeral",
        )
    elif word == "report":
        days = int(rest) if rest.isdigit() else 30
        respond(
            blocks=views.report_blocks(services.store.gap_report(days=days)),
            text="Gap report",
            response_type="ephemeral",
        )
