"""The Microsoft Teams adapter (Microsoft 365 Agents SDK): `from bot.teams.app import TeamsBot`."""
