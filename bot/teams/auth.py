"""Who may talk to LeadBot in Teams, and where it may talk back: settings checks, service URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from microsoft_agents.hosting.core import OutboundHostValidator
from yarl import URL

from bot.config import ConfigError, Settings

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
SETTINGS = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


def check_teams(settings: Settings) -> None:
    """ConfigError naming the problem if the Teams settings are unsafe or incomplete."""
    sdk = dict(settings.teams_sdk_env)
    if settings.teams_anonymous and settings.teams_client_id:
        raise ConfigError(
            "LEADBOT_TEAMS_ANONYMOUS=true is for local development only and cannot be used with "
            f"Teams credentials ({SETTINGS}CLIENTID): remove one of them"
        )
    if (sdk.get(f"{SETTINGS}ANONYMOUS_ALLOWED") or "false").strip().lower() not in ("0", "false"):
        raise ConfigError(
            f"{SETTINGS}ANONYMOUS_ALLOWED would accept Teams requests without a token; remove it "
            "(LEADBOT_TEAMS_ANONYMOUS=true does this for local development only)"
        )
    loopback = [h for h in settings.teams_service_hosts if h in LOOPBACK]
    if loopback and not settings.teams_anonymous:
        raise ConfigError(
            f"LEADBOT_TEAMS_SERVICE_HOSTS lists {', '.join(loopback)}, which only a local test "
            "tool uses: allowed with LEADBOT_TEAMS_ANONYMOUS=true only"
        )
    if sdk and not settings.teams_client_id and not settings.teams_anonymous:
        raise ConfigError(
            f"{SETTINGS}CLIENTID is missing (the Azure Bot's app id; see .env.example)"
        )
    if settings.teams_client_id:
        needed = ["TENANTID"]
        # Certificates, managed and federated identities have no secret.
        if (sdk.get(f"{SETTINGS}AUTHTYPE") or "ClientSecret").lower() == "clientsecret":
            needed.append("CLIENTSECRET")
        for name in needed:
            if not sdk.get(f"{SETTINGS}{name}"):
                raise ConfigError(
                    f"{SETTINGS}{name} is missing (from the Azure Bot's app registration; "
                    "see .env.example)"
                )


class ServiceUrlValidator(OutboundHostValidator):
    """The SDK's outbound host validator, always on: Microsoft's Bot Connector hosts only.

    LEADBOT_TEAMS_SERVICE_HOSTS adds hosts (e.g. a sovereign cloud's); in anonymous development
    mode it may also name a loopback host, for a local test tool or a test's fake connector.
    """

    def __init__(self, settings: Settings) -> None:
        hosts = list(settings.teams_service_hosts)
        super().__init__([h for h in hosts if h not in LOOPBACK], enabled=True)
        self._loopback = {h for h in hosts if h in LOOPBACK} if settings.teams_anonymous else set()

    def is_allowed(self, url: str | URL) -> bool:
        if self._loopback:
            try:
                parts = urlsplit(str(url))
                host = (parts.hostname or "").lower()
            except ValueError:
                return False
            if host in self._loopback and parts.scheme in ("http", "https"):
                return not (parts.username or parts.password)
        return super().is_allowed(url)
