"""`leadbot teams package` and the manifest checks behind it: ids, limits, icons, the zip."""

from __future__ import annotations

import copy
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.teams import package as teams_package
from bot.teams.package import CLIENT_ID_VARIABLE, TEMPLATE_DIR, PackageError, fill, validate

APP = "8d0c5a4e-1f2b-4c3d-9e8f-0a1b2c3d4e5f"
BOT = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
FILES = {"manifest.json", "color.png", "outline.png"}


def leadbot(*args: str) -> Result:
    return CliRunner().invoke(main, ["teams", "package", *args])


def contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def template() -> dict[str, Any]:
    return dict(json.loads((TEMPLATE_DIR / "manifest.json").read_text(encoding="utf-8")))


@pytest.fixture
def manifest() -> dict[str, Any]:
    return fill(template(), APP, BOT, "1.0.0")


@pytest.fixture
def icons() -> dict[str, bytes]:
    return {name: (TEMPLATE_DIR / name).read_bytes() for name in ("color.png", "outline.png")}


def rgb_png(size: int) -> bytes:
    """An opaque RGB PNG (colour type 2), so no transparency."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def assert_one_line_error(result: Result, *expected: str) -> None:
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    for text in expected:
        assert text in lines[0]


def test_package_has_ids_filled_in_and_three_files_at_the_root(tmp_path: Path) -> None:
    out = tmp_path / "leadbot-teams.zip"
    result = leadbot("--app-id", APP.upper(), "--out", str(out))
    assert result.exit_code == 0, result.output
    files = contents(out)
    assert set(files) == FILES  # no folders: Admin Center and Developer Portal want the root
    manifest = json.loads(files["manifest.json"])
    assert manifest["id"] == APP and manifest["bots"][0]["botId"] == APP  # bot id defaults
    assert manifest["version"] == "1.0.0"
    assert manifest["manifestVersion"] == "1.30"
    assert "{{" not in files["manifest.json"].decode()
    assert validate(manifest, files) == []
    assert teams_package.png_info(files["color.png"]) == (192, 192, True)
    assert teams_package.png_info(files["outline.png"]) == (32, 32, True)
    assert f"Wrote {out}" in result.stdout


def test_bot_id_version_and_default_output_name() -> None:
    result = leadbot("--app-id", APP, "--bot-id", BOT, "--version", "2.3.4")
    assert result.exit_code == 0, result.output
    manifest = teams_package.read_manifest(Path("leadbot-teams.zip"))
    assert (manifest["id"], manifest["bots"][0]["botId"], manifest["version"]) == (
        APP,
        BOT,
        "2.3.4",
    )


def test_the_app_id_defaults_to_the_agents_sdk_client_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CLIENT_ID_VARIABLE, BOT)
    result = leadbot("--out", str(tmp_path / "p.zip"))
    assert result.exit_code == 0, result.output
    manifest = teams_package.read_manifest(tmp_path / "p.zip")
    assert manifest["id"] == manifest["bots"][0]["botId"] == BOT


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--app-id", "not-a-guid"], ["--app-id", "'not-a-guid'", "not a GUID"]),
        (["--app-id", APP, "--bot-id", APP[:-1]], ["--bot-id", "not a GUID"]),
        (["--app-id", "00000000-0000-0000-0000-000000000000"], ["--app-id"]),
        ([], ["--app-id", CLIENT_ID_VARIABLE]),
        (["--app-id", APP, "--version", "1.0"], ["--version", "MAJOR.MINOR.PATCH"]),
    ],
    ids=["bad app id", "bad bot id", "nil guid", "no app id", "bad version"],
)
def test_bad_input_is_one_line_and_writes_nothing(args: list[str], expected: list[str]) -> None:
    assert_one_line_error(leadbot(*args), *expected)
    assert not Path("leadbot-teams.zip").exists()


def test_the_example_developer_details_are_pointed_out() -> None:
    result = leadbot("--app-id", APP)
    assert result.exit_code == 0
    assert "still has example values in developer.name" in result.stderr


def test_the_filled_template_is_valid_and_has_no_placeholders_left(
    manifest: dict[str, Any], icons: dict[str, bytes]
) -> None:
    assert validate(manifest, icons) == []
    assert "{{" not in json.dumps(manifest)
    unfilled = validate(template())
    assert any("unfilled placeholder {{APP_ID}} in id" in p for p in unfilled)
    assert any("{{BOT_ID}} in bots[0].botId" in p for p in unfilled)


def test_the_same_inputs_give_the_same_zip(tmp_path: Path) -> None:
    first = teams_package.package(APP, BOT, "1.0.0", tmp_path / "a.zip")
    second = teams_package.package(APP, BOT, "1.0.0", tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()


def test_commands_cover_what_the_adapter_handles(manifest: dict[str, Any]) -> None:
    bot = manifest["bots"][0]
    assert bot["scopes"] == ["personal", "team", "groupChat"] and bot["supportsFiles"] is True
    basic = {
        tuple(c["scopes"]): [x["title"] for x in c["commands"] if x.get("type") != "prompt"]
        for c in bot["commandLists"]
    }
    # Admin commands stay out of everyone's menu: the welcome card and help show them to admins.
    assert basic == {("personal",): ["help"], ("team", "groupChat"): ["help"]}


def prompt_starters(manifest: dict[str, Any]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    bot = manifest["bots"][0]
    return {
        tuple(c["scopes"]): [x for x in c["commands"] if x.get("type") == "prompt"]
        for c in bot["commandLists"]
    }


def test_prompt_starters_are_full_example_questions_within_the_limits(
    manifest: dict[str, Any],
) -> None:
    from bot.wording import EXAMPLE_QUESTIONS

    starters = prompt_starters(manifest)
    for scopes, commands in starters.items():
        assert len(manifest_list(manifest, scopes)["commands"]) <= 10
        for starter in commands:
            prompt = starter["prompt"]
            assert prompt.endswith("?") and len(prompt.split()) >= 7, prompt  # a whole question
            assert prompt[0].isupper() and "  " not in prompt
            assert 0 < len(starter["title"]) <= 32 and starter["title"] != prompt
            assert starter["description"] == prompt and len(prompt) <= 128
        # The welcome card's example questions are the starters, in the same order.
        assert [c["prompt"] for c in commands][: len(EXAMPLE_QUESTIONS)] == list(EXAMPLE_QUESTIONS)
    # Case studies are suggested in a personal chat only: career plans are personal.
    personal = [c["prompt"] for c in starters[("personal",)]]
    assert [p for p in personal if "case studies" in p] == [
        "Which case studies fit a band 7 physiotherapist aiming to be a director of AHPs?"
    ]
    assert not any("case studies" in c["prompt"] for c in starters[("team", "groupChat")])


def manifest_list(manifest: dict[str, Any], scopes: tuple[str, ...]) -> dict[str, Any]:
    [found] = [c for c in manifest["bots"][0]["commandLists"] if tuple(c["scopes"]) == scopes]
    return dict(found)


def broken(manifest: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy with the dotted path set to value, or deleted when value is ...."""
    copied = copy.deepcopy(manifest)
    *parents, last = path.split(".")
    node: Any = copied
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is ...:
        del node[last]
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return copied


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("accentColor", ..., "missing required field accentColor"),
        ("icons", ..., "missing required field icons"),
        ("developer.privacyUrl", ..., "missing required field developer.privacyUrl"),
        ("description.full", ..., "missing required field description.full"),
        ("bots.0.botId", ..., "missing required field bots[].botId"),
        (
            "name.short",
            "LeadBot, the NHS leadership bot",
            "name.short is 31 characters; at most 30",
        ),
        ("description.short", "x" * 81, "description.short is 81 characters; at most 80"),
        ("description.full", "x" * 4001, "description.full is 4001 characters"),
        ("accentColor", "#05EB8", "accentColor '#05EB8' is not #RRGGBB"),
        ("accentColor", "blue", "is not #RRGGBB"),
        ("id", "leadbot", "id 'leadbot' is not a GUID"),
        ("bots.0.botId", "1234", "botId '1234' is not a GUID"),
        ("version", "v1", "version 'v1' is not MAJOR.MINOR.PATCH"),
        ("manifestVersion", "devPreview", "manifestVersion must be '1.30'"),
        ("bots.0.scopes", ["personal", "channel"], "unknown ['channel']"),
        ("developer.websiteUrl", "http://trust.nhs.uk", "developer.websiteUrl must be an https://"),
        ("validDomains", ["https://trust.nhs.uk"], "validDomains"),
    ],
)
def test_validation_catches(
    manifest: dict[str, Any], icons: dict[str, bytes], path: str, value: Any, expected: str
) -> None:
    problems = validate(broken(manifest, path, value), icons)
    assert any(expected in p for p in problems), problems


def test_command_limits(manifest: dict[str, Any]) -> None:
    commands = manifest["bots"][0]["commandLists"][0]["commands"]
    too_many = broken(manifest, "bots.0.commandLists.0.commands", commands * 2)
    assert any("12 commands; at most 10" in p for p in validate(too_many))
    long_title = broken(manifest, "bots.0.commandLists.0.commands.0.title", "a" * 33)
    assert any("must be 1-32 characters" in p for p in validate(long_title))
    long_text = broken(manifest, "bots.0.commandLists.0.commands.0.description", "a" * 129)
    assert any("description of 1-128 characters" in p for p in validate(long_text))
    wrong_scope = broken(manifest, "bots.0.scopes", ["personal"])
    assert any("must be among the bot's scopes" in p for p in validate(wrong_scope))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("prompt", ..., "prompt starter 'The five themes' needs a prompt of 1-4000 characters"),
        ("prompt", " ", "needs a prompt of 1-4000"),
        ("prompt", "a" * 4001, "needs a prompt of 1-4000"),
        ("type", "slash", "has type 'slash'; use 'basic' or 'prompt'"),
        ("value", "x", "has ['value']; a command has only"),
    ],
)
def test_prompt_starter_checks(
    manifest: dict[str, Any], field: str, value: Any, expected: str
) -> None:
    problems = validate(broken(manifest, f"bots.0.commandLists.0.commands.0.{field}", value))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "color.png",
            (TEMPLATE_DIR / "outline.png").read_bytes(),
            "is 32x32 pixels; Teams needs 192x192",
        ),
        (
            "outline.png",
            (TEMPLATE_DIR / "color.png").read_bytes(),
            "is 192x192 pixels; Teams needs 32x32",
        ),
        ("outline.png", rgb_png(32), "needs a transparent background"),
        ("color.png", b"GIF89a not a png", "color.png is not a PNG"),
        ("color.png", None, "color.png is not in the package"),
    ],
    ids=["small colour icon", "large outline icon", "opaque outline", "not a png", "missing"],
)
def test_icon_checks(
    manifest: dict[str, Any], icons: dict[str, bytes], name: str, data: bytes | None, expected: str
) -> None:
    files = (
        {**icons, name: data} if data is not None else {k: v for k, v in icons.items() if k != name}
    )
    problems = validate(manifest, files)
    assert any(expected in p for p in problems), problems


def test_an_invalid_template_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    for name in ("color.png", "outline.png"):
        (tmp_path / name).write_bytes((TEMPLATE_DIR / name).read_bytes())
    bad = template()
    del bad["accentColor"]
    bad["name"]["short"] = "L" * 31
    (tmp_path / "manifest.json").write_text(json.dumps(bad))
    with pytest.raises(PackageError) as error:
        teams_package.package(APP, BOT, out=tmp_path / "out.zip", template_dir=tmp_path)
    assert "missing required field accentColor; name.short is 31 characters" in str(error.value)
    assert not (tmp_path / "out.zip").exists()


def rgba_pixels(image: Any) -> list[tuple[int, ...]]:
    raw = image.convert("RGBA").tobytes()
    return [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]


def test_icons_are_white_on_transparent_and_white_on_nhs_blue() -> None:
    image = pytest.importorskip("PIL.Image")
    outline = rgba_pixels(image.open(TEMPLATE_DIR / "outline.png"))
    assert all(p[:3] == (255, 255, 255) for p in outline if p[3])  # white wherever it shows
    assert sum(1 for p in outline if p[3] == 0) > len(outline) // 2  # on transparent
    colour = rgba_pixels(image.open(TEMPLATE_DIR / "color.png"))
    assert colour[0] == (0x00, 0x5E, 0xB8, 255)  # NHS blue, the accent colour
    assert (255, 255, 255, 255) in colour and all(p[3] == 255 for p in colour)
