"""`leadbot serve`: start whichever chat platforms the settings configure, in one process."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import ConfigError, Settings
from index.errors import IndexCorrupt, IndexNotBuilt

logger = logging.getLogger(__name__)
HOW = "see .env.example and the README's Slack section"
TEAMS_CLIENT_ID = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"


@dataclass(frozen=True)
class Plan:
    slack_http: bool  # Events API on /slack/events (SLACK_SIGNING_SECRET)
    slack_socket: bool  # Socket Mode (SLACK_APP_TOKEN): no public URL needed
    teams: bool = False  # Teams on /api/messages (the Agents SDK's connection settings)


def plan(settings: Settings) -> Plan:
    """What to start, or ConfigError naming the missing or malformed variable."""
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
    from bot.web import create_web_app, run

    what = plan(settings)
    services = Services.from_settings(settings)
    try:
        services.core.status()
    except (IndexNotBuilt, IndexCorrupt):
        logger.info("no usable index yet: building it from %s", settings.content_dir)
        services.core.build(wait=True)
    services.core.answer("warm up the model")  # the first real question should not pay for loading
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
    run(create_web_app(services.core, slack if what.slack_http else None, teams), settings.port)
