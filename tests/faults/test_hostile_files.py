"""Hostile or unlucky content files: each is skipped by name with its reason, or made harmless,
and the rest of the build goes on (issue 10)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from support.building import LIMIT, build_here, indexed, skip_reasons
from support.content import SAMPLE_CONTENT, write_content
from support.docgen import docx_bomb, make_docx
from support.fakes import FakeEmbedder, threshold_policy

from bot.answer import answer
from bot.config import Settings
from bot.content import Content, UploadRejected
from bot.core import Core
from index import loaders
from index.build import build
from index.loaders.blocks import INVISIBLE
from index.loaders.limits import Limits
from index.store import open_version

BOMB = "a Word document does not unzip like that: save it again from Word, or leave it out"
UNZIPS_300 = re.compile(rf"would unzip to 30\d MB, over the 256 MB limit; {re.escape(BOMB)}")


def _content(tmp_path: Path, content_dir: Path) -> Content:
    """What admin commands call to upload, with the settings a deployment reads."""
    settings = Settings.from_env(
        {
            "LEADBOT_CONTENT_DIR": str(content_dir),
            "LEADBOT_INDEX_DIR": str(tmp_path / "index"),
            "LEADBOT_DB": str(tmp_path / "var" / "leadbot.sqlite3"),
            "LEADBOT_ADMINS": "UADMIN01",
        }
    )
    return Content(Core(settings, embedder=FakeEmbedder()))


# --- Item 1: a DOCX zip bomb is refused from its zip directory, before it is unzipped ---------


@pytest.fixture(scope="module")
def bomb_300(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The issue's bomb: about 300 KB zipped, 300 MB unzipped."""
    return docx_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx", 300).read_bytes()


def test_a_docx_bomb_is_skipped_before_it_is_unzipped(content_dir: Path, bomb_300: bytes) -> None:
    (content_dir / "bomb.docx").write_bytes(bomb_300)
    assert len(bomb_300) < 400 * 1024
    make_docx(content_dir / "paper.docx", ["The board meets monthly."])
    report = build_here(content_dir)
    [(name, reason)] = skip_reasons(report).items()
    assert name == "bomb.docx" and UNZIPS_300.fullmatch(reason)
    assert indexed() == sorted([*SAMPLE_CONTENT, "paper.docx"])


def test_a_part_that_unzips_to_far_more_than_its_size_is_skipped(content_dir: Path) -> None:
    docx_bomb(content_dir / "small-bomb.docx", 3)  # under the total limit
    report = build_here(content_dir)
    [reason] = skip_reasons(report).values()
    assert reason.startswith("has a part that would unzip to 3 MB, 9")  # 3 MB from 3 KB
    assert reason.endswith(f"times its zipped size (the limit is 100 times); {BOMB}")
    assert indexed() == sorted(SAMPLE_CONTENT)


def test_a_docx_of_too_many_parts_is_skipped(content_dir: Path) -> None:
    docx_bomb(content_dir / "parts.docx", 0, parts=40)
    make_docx(content_dir / "paper.docx", ["The board meets monthly."])
    report = build_here(content_dir, Limits(zip_entries=30))
    [reason] = skip_reasons(report).values()
    assert reason.startswith("holds 5") and reason.endswith(f"over the 30-part limit; {BOMB}")
    assert indexed() == sorted([*SAMPLE_CONTENT, "paper.docx"])


def test_a_docx_declaring_less_than_it_holds_unzips_only_what_it_declares(
    content_dir: Path, bomb_300: bytes
) -> None:
    # The central directory says the body is 1 KB; the stream behind it is 300 MB.
    data = bytearray(bomb_300)
    name = b"word/document.xml"
    at = data.rfind(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.rfind(b"PK\x01\x02", 0, at)
    struct.pack_into("<I", data, at + 24, 1024)  # the entry's uncompressed size
    (content_dir / "liar.docx").write_bytes(bytes(data))
    report = build_here(content_dir)
    assert skip_reasons(report)["liar.docx"].startswith(
        "could not be read as DOCX: Bad CRC-32 for file 'word/document.xml'"
    )
    assert indexed() == sorted(SAMPLE_CONTENT)


def test_an_uploaded_docx_bomb_is_refused_and_not_saved(
    tmp_path: Path, content_dir: Path, bomb_300: bytes
) -> None:
    content = _content(tmp_path, content_dir)
    with pytest.raises(UploadRejected) as refused:
        content.accept_upload("bomb.docx", bomb_300)
    assert UNZIPS_300.fullmatch(refused.value.reason.removeprefix("it "))
    assert not (content_dir / "bomb.docx").exists()


# --- Item 2: YAML anchors and aliases in front matter or a sidecar are refused ---------------


def billion_laughs(body: str = "Laughing is good for us all.") -> str:
    """Markdown whose front matter nests aliases nine deep: 9**9 "lol"s once expanded."""
    lines = ["---", "title: Laughs", "kind: local"]
    lines.append("a: &a [" + ", ".join(['"lol"'] * 9) + "]")
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join([*lines, "---", "", body]) + "\n"


def _aliased(line: int, where: str = "its front matter") -> str:
    return (
        f"uses a YAML anchor or alias (& or *) in {where} at line {line}; "
        "LeadBot does not expand them: write each value out"
    )


def test_billion_laughs_front_matter_is_refused_and_the_rest_indexed(content_dir: Path) -> None:
    laughs = billion_laughs()
    assert len(laughs.encode()) == 478  # the size of the upload
    (content_dir / "laughs.md").write_text(laughs)
    (content_dir / "minutes.txt").write_text("The board meets monthly.")
    (content_dir / "minutes.meta.yml").write_text("title: Board minutes\nkind: local\n")
    # A guard only: expanded, these fields would take minutes and gigabytes.
    report = build_here(content_dir, Limits(seconds=60))
    assert skip_reasons(report) == {"laughs.md": _aliased(4)}
    assert indexed() == sorted([*SAMPLE_CONTENT, "minutes.txt"])
    version, _ = open_version(Path("index"))
    minutes = version.document("minutes.txt")
    assert minutes is not None and minutes.title == "Board minutes"
    assert version.manifest["counts"]["chunks"] == report.chunks


def test_a_sidecar_with_an_alias_is_refused(content_dir: Path) -> None:
    (content_dir / "minutes.txt").write_text("The board meets monthly.")
    (content_dir / "minutes.meta.yml").write_text("title: &t Board minutes\nsummary: *t\n")
    report = build_here(content_dir)
    assert skip_reasons(report) == {"minutes.txt": _aliased(1, "its sidecar minutes.meta.yml")}


def test_ampersands_and_asterisks_in_values_are_not_aliases(content_dir: Path) -> None:
    (content_dir / "plan.md").write_text(
        '---\ntitle: R&D plan\nsummary: "&more *than* words"\ntags: [R&D, "*"]\n---\n\n'
        "The R&D plan *starts* in April.\n"
    )
    report = build_here(content_dir)
    assert report.skipped == []
    version, _ = open_version(Path("index"))
    plan = version.document("plan.md")
    assert plan is not None and plan.title == "R&D plan"


def test_an_uploaded_billion_laughs_is_refused_and_not_saved(
    tmp_path: Path, content_dir: Path
) -> None:
    content = _content(tmp_path, content_dir)
    with pytest.raises(UploadRejected) as refused:
        content.accept_upload("laughs.md", billion_laughs().encode())
    assert refused.value.reason == f"it {_aliased(4)}"
    assert not (content_dir / "laughs.md").exists()


# --- Item 5: links out of the content folder are not followed --------------------------------

NOT_FOLLOWED = "outside the content folder, which LeadBot does not follow"


def _texts() -> str:
    version, _ = open_version(Path("index"))
    return " ".join(
        chunk.text for d in version.documents() for _, chunk in version.document_chunks(d.path)
    )


def test_links_out_of_the_content_folder_are_skipped_by_name(
    tmp_path: Path, content_dir: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    (elsewhere / "secret.txt").write_text("The server's secret is swordfish.")
    (elsewhere / "folder" / "more.txt").write_text("The other secret is marlin.")
    (elsewhere / "fields.yml").write_text("title: Swordfish\n")
    (content_dir / "secret.txt").symlink_to(elsewhere / "secret.txt")
    (content_dir / "folder").symlink_to(elsewhere / "folder")
    (content_dir / "gone.txt").symlink_to(elsewhere / "no-such-file.txt")
    (content_dir / "minutes.txt").write_text("The board meets monthly.")
    (content_dir / "minutes.meta.yml").symlink_to(elsewhere / "fields.yml")
    report = build_here(content_dir)
    assert skip_reasons(report) == {
        "secret.txt": f"is a link to a file {NOT_FOLLOWED}; copy the file into the content "
        "folder instead",
        "folder": f"is a link to a folder {NOT_FOLLOWED}; copy the folder into the content "
        "folder instead",
        "gone.txt": f"is a link to a file {NOT_FOLLOWED}; copy the file into the content "
        "folder instead",
        "minutes.txt": f"has a sidecar minutes.meta.yml that is a link to a file {NOT_FOLLOWED}; "
        "copy it into the content folder instead",
    }
    assert indexed() == sorted(SAMPLE_CONTENT)
    assert "swordfish" not in _texts().lower() and "marlin" not in _texts()


def test_links_inside_the_content_folder_are_read(content_dir: Path) -> None:
    (content_dir / "notes").mkdir()
    (content_dir / "notes" / "minutes.txt").write_text("The board meets monthly.")
    (content_dir / "latest-minutes.txt").symlink_to(Path("notes") / "minutes.txt")
    (content_dir / "notes" / "minutes.meta.yml").write_text("title: Board minutes\n")
    (content_dir / "latest-minutes.meta.yml").symlink_to(content_dir / "notes" / "minutes.meta.yml")
    (content_dir / "shortcut").symlink_to(content_dir / "notes")  # its files are found in notes/
    report = build_here(content_dir)
    assert report.skipped == []
    assert indexed() == sorted([*SAMPLE_CONTENT, "latest-minutes.txt", "notes/minutes.txt"])
    version, _ = open_version(Path("index"))
    latest = version.document("latest-minutes.txt")
    assert latest is not None and latest.title == "Board minutes"


# --- Item 15: bidi and zero-width controls never reach a quote -------------------------------

RLO, PDF_, ZWSP = "\u202e", "\u202c", "\u200b"  # right-to-left override, pop, zero-width space

HIDDEN = {
    "board.md": f"---\ntitle: Board{ZWSP} papers\nkind: local\n---\n\n# Board papers\n\n"
    f"## Who {RLO}leads{PDF_}\n\n"
    f"The trust{ZWSP} board appoints a {RLO}lacigetarts{PDF_} allied health lead for every "
    f"site{ZWSP}.\n",
    "rota.txt": f"Ward rota\n\nThe{ZWSP} matron signs the weekly {RLO}ator{PDF_} on Fridays.\n",
}


@pytest.mark.parametrize(
    "question",
    ["Who does the trust board appoint for every site?", "Who signs the weekly rota on Fridays?"],
)
def test_quotes_from_a_file_with_bidi_and_zero_width_controls_carry_none(
    tmp_path: Path, question: str
) -> None:
    content = write_content(tmp_path / "content", HIDDEN)
    embedder = FakeEmbedder()
    report = build(content, Path("index"), embedder, max_bytes=LIMIT)
    assert report.skipped == []
    version, _ = open_version(Path("index"))
    result = answer(question, version, embedder, policy=threshold_policy(0.3))
    assert result.answered and result.citations
    shown = [result.text] + [
        " ".join([c.quote, c.title, c.section or "", c.document]) for c in result.citations
    ]
    assert all(not set(INVISIBLE) & set(text) for text in shown), shown
    assert any("lacigetarts allied health lead" in c.quote or "ator on" in c.quote
               for c in result.citations)  # fmt: skip


def test_an_index_read_by_older_loaders_is_rebuilt_in_full(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files unchanged since a build by older loaders would otherwise keep their old text.
    build_here(content_dir)
    monkeypatch.setattr(loaders, "LOADERS_VERSION", "test-next")
    report = build_here(content_dir)
    assert report.published and report.full_rebuild and report.unchanged == 0


# --- Item 17: a rebuild that changes only the skipped files publishes nothing ----------------


def test_a_rebuild_that_only_skips_another_file_publishes_no_version(
    tmp_path: Path, content_dir: Path
) -> None:
    content = _content(tmp_path, content_dir)
    first = content.core.build()
    (content_dir / "empty.md").write_text("")
    report = content.core.build()
    assert not report.published and report.version == first.version
    assert [s["document"] for s in report.skipped] == ["empty.md"]
    # The sources list and status still name it, from the version kept.
    assert [s["document"] for s in content.sources().skipped] == ["empty.md"]
    assert [s["document"] for s in content.core.status().skipped] == ["empty.md"]

    (content_dir / "empty.md").unlink()
    report = content.core.build()
    assert not report.published and report.version == first.version
    assert report.skipped == [] and content.sources().skipped == []
    assert sorted(p.name for p in (tmp_path / "index" / "versions").iterdir()) == [first.version]


def test_a_version_published_after_a_skip_lists_the_skip(tmp_path: Path, content_dir: Path) -> None:
    content = _content(tmp_path, content_dir)
    content.core.build()
    (content_dir / "empty.md").write_text("")
    content.core.build()
    (content_dir / "notes.txt").write_text("Band six radiographers meet monthly.")
    report = content.core.build()
    assert report.published and report.added == ["notes.txt"]
    assert [s["document"] for s in content.sources().skipped] == ["empty.md"]
    version, _ = open_version(tmp_path / "index")
    assert [s["document"] for s in version.manifest["skipped"]] == ["empty.md"]
