"""The Teams app package: fill in teams/manifest.json, check it against the v1.30 schema, zip it."""

from __future__ import annotations

import json
import os
import re
import struct
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from index.errors import LeadbotError

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "teams"
CLIENT_ID_VARIABLE = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"
MANIFEST_VERSION = "1.30"  # the newest generally available app manifest schema (August 2026)
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"

# The "required" lists of the v1.30 schema: the root's, then those of the objects LeadBot uses.
REQUIRED = (
    "manifestVersion",
    "version",
    "id",
    "developer",
    "name",
    "description",
    "icons",
    "accentColor",
)
REQUIRED_IN = {
    "developer": ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"),
    "name": ("short",),
    "description": ("short", "full"),
    "icons": ("outline", "color"),
}
BOT_REQUIRED = ("botId", "scopes")
COMMAND_LIST_REQUIRED = ("scopes", "commands")
MAX_LENGTH = {  # the schema's maxLength for each
    "name.short": 30,
    "name.full": 100,
    "description.short": 80,
    "description.full": 4000,
    "developer.name": 32,
}
SCOPES = frozenset({"personal", "team", "groupChat", "copilot"})
# Stricter than v1.30 (title 128, description 4000, 12 commands) so the command menu stays
# readable; 10 per menu is also what Teams' "Create a commands menu" page gives.
COMMAND_TITLE_MAX = 32
COMMAND_DESCRIPTION_MAX = 128
COMMANDS_MAX = 10
# A command is a prompt starter when its type is "prompt": Teams shows its title and description
# and puts its prompt (at most 4,000 characters in v1.30) in the compose box.
COMMAND_KEYS = ("title", "description", "type", "prompt")
COMMAND_TYPES = ("basic", "prompt")
PROMPT_MAX = 4000
ICON_SIZES = {"color": 192, "outline": 32}

GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
NIL_GUID = "00000000-0000-0000-0000-000000000000"
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Z_]+)\s*\}\}")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same inputs give the same zip


class PackageError(LeadbotError):
    """The Teams package cannot be built; the message says what to fix."""


def resolve_ids(
    app_id: str | None, bot_id: str | None, env: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The app and bot ids: as given, else the bot's client id from the environment."""
    env = os.environ if env is None else env
    app_id = app_id or env.get(CLIENT_ID_VARIABLE) or None
    if not app_id:
        raise PackageError(
            f"no app id: pass --app-id, or set {CLIENT_ID_VARIABLE} to the bot's client id"
        )
    app = check_guid(app_id, "--app-id")
    return app, check_guid(bot_id, "--bot-id") if bot_id else app


def check_guid(value: str, option: str) -> str:
    """The GUID in lower case, or a one-line error naming the option."""
    value = value.strip()
    if not GUID.match(value) or value == NIL_GUID:
        raise PackageError(
            f"{option} {value!r} is not a GUID like 8d0c5a4e-1f2b-4c3d-9e8f-0a1b2c3d4e5f: "
            "copy the Microsoft App ID from the Azure Bot's Configuration page"
        )
    return value.lower()


def fill(template: Mapping[str, Any], app_id: str, bot_id: str, version: str) -> dict[str, Any]:
    """The template with {{APP_ID}}, {{BOT_ID}} and {{VERSION}} filled in (others are kept)."""
    values = {"APP_ID": app_id, "BOT_ID": bot_id, "VERSION": version}

    def sub(node: Any) -> Any:
        if isinstance(node, str):
            return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), node)
        if isinstance(node, dict):
            return {key: sub(value) for key, value in node.items()}
        if isinstance(node, list):
            return [sub(item) for item in node]
        return node

    return dict(sub(dict(template)))


def validate(manifest: Mapping[str, Any], files: Mapping[str, bytes] | None = None) -> list[str]:
    """Problems with the manifest, and with the icons if `files` (name -> bytes) is given."""
    problems = [f"missing required field {key}" for key in REQUIRED if not manifest.get(key)]
    for parent, keys in REQUIRED_IN.items():
        section = manifest.get(parent)
        if section is not None and not isinstance(section, dict):
            problems.append(f"{parent} must be an object")
        elif section:
            problems += [f"missing required field {parent}.{k}" for k in keys if not section.get(k)]
    problems += [
        f"unfilled placeholder {text} in {path}" for path, text in strings(manifest) if "{{" in text
    ]
    if manifest.get("manifestVersion") not in (None, MANIFEST_VERSION):
        problems.append(f"manifestVersion must be {MANIFEST_VERSION!r}")
    if "$schema" in manifest and manifest["$schema"] != SCHEMA_URL:
        problems.append(f"$schema must be {SCHEMA_URL}")
    if manifest.get("id") and not GUID.match(str(manifest["id"])):
        problems.append(f"id {manifest['id']!r} is not a GUID")
    if manifest.get("version") and not SEMVER.match(str(manifest["version"])):
        problems.append(f"version {manifest['version']!r} is not MAJOR.MINOR.PATCH, e.g. 1.0.0")
    for path, limit in MAX_LENGTH.items():
        text = lookup(manifest, path)
        if isinstance(text, str) and len(text) > limit:
            problems.append(f"{path} is {len(text)} characters; at most {limit}")
    colour = manifest.get("accentColor")
    if colour and not HEX_COLOR.match(str(colour)):
        problems.append(f"accentColor {colour!r} is not #RRGGBB")
    for key in REQUIRED_IN["developer"][1:]:
        url = lookup(manifest, f"developer.{key}")
        if isinstance(url, str) and url and not url.startswith("https://"):
            problems.append(f"developer.{key} must be an https:// address")
    problems += bot_problems(manifest.get("bots", []))
    domains = manifest.get("validDomains", [])
    if len(domains) > 100 or any("://" in str(d) for d in domains):
        problems.append("validDomains: at most 100 host names, without https://")
    if files is not None:
        problems += icon_problems(manifest.get("icons") or {}, files)
    return problems


def bot_problems(bots: Any) -> list[str]:
    if not isinstance(bots, list) or len(bots) > 1:
        return ["bots must be a list of at most one bot"]
    problems: list[str] = []
    for bot in bots:
        if not isinstance(bot, dict):
            return ["bots[] must be an object"]
        problems += [f"missing required field bots[].{k}" for k in BOT_REQUIRED if not bot.get(k)]
        if bot.get("botId") and not GUID.match(str(bot["botId"])):
            problems.append(f"bots[].botId {bot['botId']!r} is not a GUID")
        scopes = set(bot.get("scopes") or [])
        if scopes - SCOPES:
            problems.append(
                f"bots[].scopes: unknown {sorted(scopes - SCOPES)}; use {sorted(SCOPES)}"
            )
        lists = bot.get("commandLists", [])
        if len(lists) > 3:
            problems.append("bots[].commandLists: at most 3 lists")
        for n, command_list in enumerate(lists):
            where = f"bots[].commandLists[{n}]"
            if not isinstance(command_list, dict) or not all(
                isinstance(c, dict) for c in command_list.get("commands", [])
            ):
                problems.append(f"{where} and its commands must be objects")
                continue
            problems += [
                f"missing required field {where}.{k}"
                for k in COMMAND_LIST_REQUIRED
                if not command_list.get(k)
            ]
            if set(command_list.get("scopes", [])) - scopes:
                problems.append(f"{where}.scopes must be among the bot's scopes")
            commands = command_list.get("commands", [])
            if len(commands) > COMMANDS_MAX:
                problems.append(f"{where}: {len(commands)} commands; at most {COMMANDS_MAX}")
            for command in commands:
                title, description = command.get("title", ""), command.get("description", "")
                if not title or len(title) > COMMAND_TITLE_MAX:
                    problems.append(
                        f"{where}: title {title!r} must be 1-{COMMAND_TITLE_MAX} characters"
                    )
                if not description or len(description) > COMMAND_DESCRIPTION_MAX:
                    problems.append(
                        f"{where}: {title!r} needs a description of 1-{COMMAND_DESCRIPTION_MAX} characters"
                    )
                problems += command_problems(where, title, command)
    return problems


def command_problems(where: str, title: str, command: dict[str, Any]) -> list[str]:
    """What v1.30 refuses in one command beyond its title and description: other keys, another
    type, or a prompt starter without its prompt."""
    problems = []
    if unknown := sorted(set(command) - set(COMMAND_KEYS)):
        problems.append(
            f"{where}: {title!r} has {unknown}; a command has only {list(COMMAND_KEYS)}"
        )
    kind = command.get("type", "basic")
    if kind not in COMMAND_TYPES:
        problems.append(f"{where}: {title!r} has type {kind!r}; use 'basic' or 'prompt'")
    prompt = command.get("prompt")
    if kind == "prompt" and not (isinstance(prompt, str) and 0 < len(prompt.strip()) <= PROMPT_MAX):
        problems.append(
            f"{where}: prompt starter {title!r} needs a prompt of 1-{PROMPT_MAX} characters"
        )
    return problems


def icon_problems(icons: Mapping[str, Any], files: Mapping[str, bytes]) -> list[str]:
    problems = []
    for kind, size in ICON_SIZES.items():
        name = icons.get(kind)
        if not name:
            continue  # reported as a missing required field
        data = files.get(name)
        info = png_info(data) if data is not None else None
        if data is None:
            problems.append(f"icons.{kind}: {name} is not in the package")
        elif info is None:
            problems.append(f"icons.{kind}: {name} is not a PNG")
        elif info[:2] != (size, size):
            problems.append(
                f"icons.{kind}: {name} is {info[0]}x{info[1]} pixels; Teams needs {size}x{size}"
            )
        elif kind == "outline" and not info[2]:
            problems.append(
                f"icons.outline: {name} needs a transparent background (no alpha channel)"
            )
    return problems


def png_info(data: bytes) -> tuple[int, int, bool] | None:
    """Width, height and whether it has transparency, from the PNG's header; None if not a PNG."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 26:
        return None
    width, height, _depth, colour_type = struct.unpack(">IIBB", data[16:26])
    # Grey+alpha or RGBA, or a palette/colour with a tRNS chunk (which must come before IDAT).
    header = data[: data.find(b"IDAT")]
    return width, height, colour_type in (4, 6) or b"tRNS" in header


def package(
    app_id: str,
    bot_id: str,
    version: str = "1.0.0",
    out: Path = Path("leadbot-teams.zip"),
    template_dir: Path = TEMPLATE_DIR,
) -> Path:
    """Write the zip Teams accepts: manifest.json, color.png and outline.png at its root."""
    if not SEMVER.match(version):
        raise PackageError(f"--version {version!r} is not MAJOR.MINOR.PATCH, e.g. 1.0.0")
    path = template_dir / "manifest.json"
    try:
        template = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(
            f"no Teams manifest template at {path}: run from a LeadBot checkout"
        ) from None
    except json.JSONDecodeError as error:
        raise PackageError(f"{path} is not valid JSON: {error}") from None
    manifest = fill(
        template, check_guid(app_id, "--app-id"), check_guid(bot_id, "--bot-id"), version
    )
    names = [n for n in (manifest.get("icons") or {}).values() if isinstance(n, str)]
    files = {
        n: (template_dir / n).read_bytes()
        for n in names
        if "/" not in n and (template_dir / n).is_file()
    }
    problems = validate(manifest, files)
    if problems:
        raise PackageError(f"{path} is not a valid Teams manifest: {'; '.join(problems)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        for name, data in [("manifest.json", text.encode()), *files.items()]:
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    partial.replace(out)
    return out


def read_manifest(zip_path: Path) -> dict[str, Any]:
    """The manifest inside a package."""
    with zipfile.ZipFile(zip_path) as archive:
        return dict(json.loads(archive.read("manifest.json")))


def reminders(manifest: Mapping[str, Any]) -> list[str]:
    """Things that are valid but should be changed before everyone in the trust sees the app."""
    example = [path for path, text in strings(manifest) if "example.nhs.uk" in text]
    if lookup(manifest, "developer.name") == "Your NHS trust":
        example.insert(0, "developer.name")
    if not example:
        return []
    return [
        f"teams/manifest.json still has example values in {', '.join(example)}: put your trust's in"
    ]


def lookup(manifest: Mapping[str, Any], dotted: str) -> Any:
    node: Any = manifest
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the manifest with its dotted path."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from strings(item, f"{path}[{n}]")
