"""The Teams app: Agents SDK application, CloudAdapter, token checks and the /api/messages route."""

from __future__ import annotations

import json
import logging
import secrets
import warnings
from typing import Any

from aiohttp import web
from microsoft_agents.activity import load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import (
    CloudAdapter,
    jwt_authorization_decorator,
    start_agent_process,
)
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    MemoryStorage,
    TurnContext,
    TurnState,
)

from bot.config import ConfigError
from bot.services import Services
from bot.teams import actions, messages
from bot.teams.auth import ServiceUrlValidator, check_teams
from bot.teams.outreach import Outreach
from bot.teams.replies import message
from bot.wording import apology

logger = logging.getLogger(__name__)
# The SDK keeps its settings and the caller's identity under str keys; aiohttp prefers typed keys.
warnings.filterwarnings("ignore", category=web.NotAppKeyWarning, module=r"microsoft_agents\.")
ROUTE = "/api/messages"
# The SDK's JWT middleware reads the token settings from this application key.
AUTH_CONFIGURATION_KEY = "agent_configuration"


class TeamsBot:
    """Everything Teams needs, built from the settings; attach() adds its route to the web app."""

    def __init__(self, services: Services) -> None:
        settings = services.settings
        check_teams(settings)
        if settings.teams_anonymous:
            # Development only (check_teams refuses it next to credentials): no token is needed
            # in, and none is sent out.
            config = AgentAuthConfiguration(anonymous_allowed=True)
            connections = MsalConnectionManager({"SERVICE_CONNECTION": config})
        else:
            sdk = load_configuration_from_env(dict(settings.teams_sdk_env))
            connections = MsalConnectionManager(**sdk)
        self.auth_configuration = connections.get_default_connection_configuration()
        if self.auth_configuration.ANONYMOUS_ALLOWED and not settings.teams_anonymous:
            raise ConfigError("Teams token checks are off but LEADBOT_TEAMS_ANONYMOUS is not set")
        self.validator = ServiceUrlValidator(settings)
        self.adapter = CloudAdapter(connection_manager=connections, host_validator=self.validator)
        # LeadBot keeps its state in its own SQLite store; the SDK's turn state stays empty, so
        # this storage never grows.
        self.app = AgentApplication[TurnState](
            storage=MemoryStorage(), connection_manager=connections, agent_name="LeadBot"
        )
        conversation = services.conversation
        self.outreach = Outreach(
            conversation, self.adapter, self.validator, self.auth_configuration.CLIENT_ID
        )
        messages.register(self.app, conversation, self.outreach, settings)
        actions.register(self.app, conversation)
        self.app.error(self._on_error)
        # The adapter's default reports the exception's text to the user; ours does not.
        self.adapter.on_turn_error = self._on_error

    async def _on_error(self, context: TurnContext, error: Exception) -> None:
        """A failure outside any handler (e.g. bad activity data): apologise, never silence."""
        reference = secrets.token_hex(4)
        logger.error("Teams turn failed; reference %s", reference, exc_info=error)
        try:
            await context.send_activity(message(apology(reference)))
        except Exception:
            logger.exception("could not send the apology for reference %s", reference)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """POST /api/messages: the SDK validates the token, runs the turn and writes the reply."""
        if problem := await _not_an_activity(request):
            logger.info("Teams request refused: %s", problem)
            return web.Response(status=400, text=f"not an activity: {problem}")
        response = await start_agent_process(request, self.app, self.adapter)
        return response if response is not None else web.Response(status=202)

    def attach(self, application: web.Application) -> None:
        """Serve Teams on `application` at /api/messages, behind the SDK's JWT check."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # aiohttp prefers AppKey; the SDK reads a str key
            application[AUTH_CONFIGURATION_KEY] = self.auth_configuration
        handler: Any = jwt_authorization_decorator(self.handle)
        application.router.add_post(ROUTE, handler)


async def _not_an_activity(request: web.Request) -> str | None:
    """Why a body is not an Activity the SDK can run (`[]`, a string, no type), or None."""
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return "the body is not JSON"
    if not isinstance(body, dict):
        return f"the body is a JSON {type(body).__name__}, not an object"
    # The SDK's own validation logs an ERROR with the body, so only its first need is checked
    # here: every activity names its type.
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "it has no type"
    return None
