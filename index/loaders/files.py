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
    out; files of unsupported types are kept so that load_document can report them.
    """
    if not root.is_dir():
        # An empty list here would publish an empty index over a good one.
        raise FileNotFoundError(f"content folder {root} does not exist or is not a folder")
    found: list[str] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            lower = name.lower()
            if name.startswith(".") or lower == "readme.md" or lower.endswith(SIDECAR_SUFFIXES):
                continue
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)


def read_within_limit(path: Path, rel_path: str, max_bytes: int) -> bytes:
    """The file's bytes, or SkippedFile if it is missing, unreadable, empty or too big."""
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
