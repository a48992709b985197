"""`leadbot serve`: start whichever chat platforms the settings configure, in one process."""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings
from index.errors import IndexCorrupt, IndexNotBuilt

if TYPE_CHECKING:
    from aiohttp import web

    from bot.retention import Retention
    from bot.services import Services

logger = logging.getLogger(__name__)
HOW = "see .env.example and the README's Slack section"
TEAMS_CLIENT_ID = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
EVERY_INTERFACE = "0.0.0.0"  # what container platforms expect, with PORT
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Plan:
    slack_http: bool  # Events API on /slack/events (SLACK_SIGNING_SECRET)
    slack_socket: bool  # Socket Mode (SLACK_APP_TOKEN): no public URL needed
    teams: bool = False  # Teams on /api/messages (the Agents SDK's connection settings)
    host: str = EVERY_INTERFACE  # the address the web process listens on


def plan(settings: Settings) -> Plan:
    """What to start and where to listen, or ConfigError naming the missing or malformed variable."""
    return replace(_platforms(settings), host=listen_on(settings))


def listen_on(settings: Settings) -> str:
    """HOST, or every interface; anonymous Teams development mode listens on loopback only, since
    anyone who can reach it could claim any identity (an admin's included)."""
    host = settings.host
    if not settings.teams_anonymous:
        return host or EVERY_INTERFACE
    if host is None:
        return LOOPBACK
    if not _is_loopback(host):
        raise ConfigError(
            f"HOST={host} is not a loopback address: LEADBOT_TEAMS_ANONYMOUS (no token checks) "
            f"listens only on loopback; set HOST={LOOPBACK} or leave it unset"
        )
    return host


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that might resolve anywhere


def _platforms(settings: Settings) -> Plan:
    bot, app, secret = (
        settings.slack_bot_token,
        settings.slack_app_token,
        settings.slack_signing_secret,
    )
    teams = settings.teams_configured
    if teams or settings.teams_sdk_env:
        from bot.teams.auth import check_teams

        check_teams(settings)
    if not (bot or app or secret):
        if teams:
            return Plan(slack_http=False, slack_socket=False, teams=True)
        raise ConfigError(
            "nothing to serve: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET "
            f"for Slack, or {TEAMS_CLIENT_ID} (with TENANTID and CLIENTSECRET) for Teams ({HOW})"
        )
    if not bot:
        raise ConfigError(
            f"SLACK_BOT_TOKEN is missing (the xoxb- token from OAuth & Permissions; {HOW})"
        )
    if not bot.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN should start with xoxb- (the bot token, not a user or app token)"
        )
    if app and not app.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN should start with xapp- (an app-level token with connections:write)"
        )
    if not (app or secret):
        raise ConfigError(
            "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is"
        )
    return Plan(slack_http=bool(secret), slack_socket=bool(app), teams=teams)


def serve(settings: Settings) -> None:
    """Build the index if there is none, load the model, then serve until stopped.

    Slack over HTTP and Teams share one aiohttp web process (the Procfile's `web`); Socket Mode
    Slack runs beside it. /healthz is always served.
    """
    from bot.services import Services
    from bot.web import run

    what = plan(settings)
    # Reindexes run in a child process: the server keeps one model and its own memory.
    services = Services.from_settings(settings, build_in_child=True)
    try:
        services.core.status()
    except (IndexNotBuilt, IndexCorrupt):
        logger.info("no usable index yet: building it from %s", settings.content_dir)
        services.core.build(wait=True)
    services.core.answer("warm up the model")  # the first real question should not pay for loading
    application = web_app(services, what)
    logger.info("listening on %s port %d", what.host, settings.port)
    run(application, settings.port, what.host)


def web_app(services: Services, what: Plan, retention: Retention | None = None) -> web.Application:
    """The web process: the planned platforms, /healthz, and retention applied daily while it runs
    (Socket Mode Slack, if planned, connects here too)."""
    from bot.retention import Retention
    from bot.web import create_web_app

    settings = services.settings
    slack = teams = None
    if what.slack_http or what.slack_socket:
        from bot.slack import create_app

        slack = create_app(services)
    if slack is not None and what.slack_socket:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        SocketModeHandler(slack, settings.slack_app_token).connect()
        logger.info("Slack Socket Mode connected")
    if what.teams:
        from bot.teams.app import TeamsBot

        teams = TeamsBot(services)
        if settings.teams_anonymous:
            logger.warning(
                "Teams runs WITHOUT token checks (LEADBOT_TEAMS_ANONYMOUS): development only"
            )
    application = create_web_app(services.core, slack if what.slack_http else None, teams)
    application.cleanup_ctx.append((retention or Retention(services.state)).during)
    return application
