"""Finding content files below a folder and reading one within the size limit."""

from __future__ import annotations

import math
import os
from pathlib import Path

from index.errors import SkippedFile

SIDECAR_SUFFIXES = (".meta.yml", ".meta.yaml")
_MB = 1024 * 1024


def discover(root: Path) -> list[str]:
    """Every candidate content file below root, as sorted posix paths relative to root.

    Hidden files and folders, README.md files (the admins' guide) and metadata sidecars are left
    out; files of unsupported types are kept so that load_document can report them, and so are
    links to folders outside root, which are not followed. Links to folders inside root are not
    followed either: their files are found where they are.
    """
    if not root.is_dir():
        # An empty list here would publish an empty index over a good one.
        raise FileNotFoundError(f"content folder {root} does not exist or is not a folder")
    found: list[str] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in subfolders:
            rel_path = (Path(folder) / name).relative_to(root).as_posix()
            if (Path(folder) / name).is_symlink() and outside(root, rel_path):
                found.append(rel_path)
        for name in names:
            lower = name.lower()
            if name.startswith(".") or lower == "readme.md" or lower.endswith(SIDECAR_SUFFIXES):
                continue
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)


def outside(root: Path, rel_path: str) -> bool:
    """Whether rel_path, once every link on the way is followed, lies outside root."""
    return not (root / rel_path).resolve().is_relative_to(root.resolve())


def check_inside(root: Path, rel_path: str) -> None:
    """Raise SkippedFile if rel_path is a link out of the content folder: it is never followed,
    or any file the server can read could be quoted to users."""
    if outside(root, rel_path):
        what = "folder" if (root / rel_path).is_dir() else "file"
        raise SkippedFile(
            rel_path,
            f"is a link to a {what} outside the content folder, which LeadBot does not follow; "
            f"copy the {what} into the content folder instead",
        )


def read_within_limit(root: Path, rel_path: str, max_bytes: int) -> bytes:
    """The file's bytes, or SkippedFile if it is missing, unreadable, empty, too big or a link
    out of root."""
    check_inside(root, rel_path)
    path = root / rel_path
    try:
        size = path.stat().st_size
        if size == 0:
            raise SkippedFile(rel_path, "is empty; add content to it or remove it")
        if size > max_bytes:
            raise SkippedFile(
                rel_path,
                f"is {_megabytes(size, round_up=True)}, over the {_megabytes(max_bytes)} limit "
                "(LEADBOT_MAX_FILE_MB); split it into smaller files or raise the limit",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SkippedFile(rel_path, "no longer exists; it was removed during the build") from exc
    except OSError as exc:
        raise SkippedFile(
            rel_path, f"could not be read ({exc.strerror or exc}); check its permissions"
        ) from exc


def _megabytes(size: int, round_up: bool = False) -> str:
    # Rounding a file size up means a file just over the limit never reads "25.0 MB, over 25 MB".
    mb = math.ceil(size * 10 / _MB) / 10 if round_up else size / _MB
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"


def sidecars(path: Path) -> list[Path]:
    """The `<stem>.meta.yml` / `<stem>.meta.yaml` files that exist beside path."""
    return [
        path.with_name(path.stem + suffix)
        for suffix in SIDECAR_SUFFIXES
        if path.with_name(path.stem + suffix).is_file()
    ]
