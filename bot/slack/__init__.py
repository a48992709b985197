"""The Slack adapter: Bolt listeners that translate Slack events into calls to the core."""

from bot.slack.app import create_app

__all__ = ["create_app"]
