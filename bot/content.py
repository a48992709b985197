"""Content-file work for admins: reindex, list, remove and upload documents in the content folder."""

from __future__ import annotations

import difflib
import math
import os
import re
import shutil
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from bot.core import Core
from bot.storage import building_elsewhere
from index.build import BuildReport
from index.errors import BuildInProgress, IndexCorrupt, IndexNotBuilt, LeadbotError, SkippedFile
from index.loaders import SUPPORTED_SUFFIXES, discover, pool
from index.loaders.files import sidecars
from index.loaders.sniffing import mismatch
from index.publish import build_running
from index.store import DocumentRecord

# discover() skips hidden folders, so removed files drop out of the index but stay restorable.
REMOVED = ".removed"
MAX_NAME_CHARS = 200
MAX_NAME_BYTES = 200  # in UTF-8; leaves room for the .removed/ time stamp within 255
_MB = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRejected(LeadbotError):
    """An uploaded file failed validation; nothing was written into the content folder.

    The message is the reason, phrased to follow the file's name: "it is empty".
    """

    def __init__(self, reason: str, name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.name = name  # the file name as it would have been saved, if it had one


class Sources(NamedTuple):
    """What the served index holds, and what its build could not read; unpacks as a pair."""

    documents: list[DocumentRecord]
    skipped: list[dict[str, str]]  # {"document": path, "reason": ...}


class Content:
    """The content folder and its index; bot.admin checks who may call these."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.content_dir = core.settings.content_dir
        self._writing = threading.Lock()  # one upload or removal edits the folder at a time

    def refuse_if_building(self) -> None:
        """Raise BuildInProgress now, before anyone is told a reindex has started."""
        settings = self.core.settings
        if build_running(settings.index_dir) or building_elsewhere(settings.database_url):
            raise BuildInProgress("a reindex is already running")

    def reindex(self) -> BuildReport:
        """Bring the index up to date; raises BuildInProgress if a build is already running.

        Questions keep being answered from the current version while this runs.
        """
        return self.core.build(wait=False)

    def sources(self) -> Sources:
        version = self.core.reader.current()
        return Sources(version.documents(), version.skipped)

    def remove(self, document: str) -> tuple[str, BuildReport]:
        """Move a document (and its sidecar) into .removed/, then reindex.

        Args:
            document: its path relative to the content folder, a unique file name or its title.
        """
        with self._writing:
            rel = self._find(document)
            source = self.content_dir / rel
            moving = [source, *sidecars(source)]
            prefix = self._bin_prefix(moving)
            for path in moving:
                os.rename(path, self.content_dir / REMOVED / f"{prefix}-{path.name}")
        report = self.core.build(wait=True)
        parent = PurePosixPath(rel).parent
        home = "the content folder" if str(parent) == "." else f"{parent}/"
        message = (
            f"Removed {rel}. It is kept as {REMOVED}/{prefix}-{source.name}; "
            f"move it back to {home} and reindex to restore it."
        )
        return message, report

    def check_name(self, name: str) -> str:
        """The name an upload would be saved under, or UploadRejected before it is downloaded."""
        base = _base_name(name)
        suffix = PurePosixPath(base).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            kind = f"is a {suffix} file" if suffix else "has no file extension"
            raise _rejected(
                base, f"{kind}; LeadBot reads only {' '.join(SUPPORTED_SUFFIXES)} files"
            )
        return base

    def accept_upload(
        self, name: str, data: bytes, folder: str | None = None
    ) -> tuple[str, BuildReport]:
        """Validate an uploaded file, save it into the content folder, then reindex.

        Args:
            name: the file's name as sent; any path in it is dropped.
            folder: a content subfolder to save into, e.g. "case-studies"; without one an
                existing file of the same name is replaced, else the file goes to the root.

        Raises UploadRejected (the content folder unchanged) if the file cannot be indexed.
        """
        base = self.check_name(name)
        max_bytes = self.core.settings.max_file_bytes
        suffix = PurePosixPath(base).suffix.lower()
        if not data:
            raise _rejected(base, "is empty")
        if len(data) > max_bytes:
            raise _rejected(
                base,
                f"is {_megabytes(len(data))}, over the {_megabytes(max_bytes)} upload limit "
                "(LEADBOT_MAX_FILE_MB); split it into smaller files",
            )
        if problem := mismatch(suffix, data):
            raise _rejected(base, problem)
        if not self.content_dir.is_dir():
            raise LeadbotError(f"content folder {self.content_dir} does not exist")
        with self._writing:
            rel = self._upload_path(base, folder)
            title = self._parse(rel, data, max_bytes)
            target = self.content_dir / rel
            replaced = target.exists()
            kept = None
            if replaced and target.read_bytes() != data:
                # Nothing is lost: the version it replaces goes where `remove` puts files.
                kept = f"{REMOVED}/{self._bin_prefix([target])}-{target.name}"
                shutil.copy2(target, self.content_dir / kept)
            _write_atomically(target, data)
        report = self.core.build(wait=True)
        message = f"{'Replaced' if replaced else 'Added'} {rel} (“{title}”)."
        if kept:
            message += f" The version it replaced is kept as {kept}."
        elif replaced:
            message += " It is identical to the file it replaced."
        for skipped in report.skipped:
            if skipped["document"] == rel:
                message += f" But the index skipped it: it {skipped['reason']}."
        return message, report

    def _bin_prefix(self, paths: list[Path]) -> str:
        """A time stamp under which these files can all be kept in .removed/ without clashing."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        bin_dir = self.content_dir / REMOVED
        bin_dir.mkdir(exist_ok=True)
        prefix, n = stamp, 1
        while any((bin_dir / f"{prefix}-{p.name}").exists() for p in paths):
            n += 1
            prefix = f"{stamp}-{n}"
        return prefix

    def _find(self, document: str) -> str:
        """The content path a remove request names, or a LeadbotError saying why not."""
        query = document.strip().strip("`\"'").replace("\\", "/")
        if not query:
            raise LeadbotError("Say which document to remove: its path, file name or title.")
        if problem := _unsafe(query):
            raise LeadbotError(f"Cannot remove {document!r}: {problem}.")
        files = discover(self.content_dir)
        # The index may still list a file that has since gone from the folder.
        titles = {p: t for p, t in self._titles().items() if p in files}
        wanted = query.casefold()
        wanted_title = " ".join(query.split()).casefold()
        for matches in (
            [f for f in files if f == query],
            [f for f in files if f.casefold() == wanted],
            [f for f in files if PurePosixPath(f).name.casefold() == wanted],
            sorted(
                {p for p, t in titles.items() if " ".join(t.split()).casefold() == wanted_title}
            ),
        ):
            if len(matches) > 1:
                raise LeadbotError(
                    f"{document!r} matches several documents: {', '.join(matches)}. "
                    "Give the path of the one to remove."
                )
            if matches:
                return self._inside(matches[0])
        names = {PurePosixPath(f).name: f for f in files}
        candidates = {f: f for f in files} | names | {t: p for p, t in titles.items()}
        close = [f for f in files if wanted in f.casefold()]
        close += [p for p, t in titles.items() if wanted in t.casefold()]
        close += [candidates[c] for c in difflib.get_close_matches(query, candidates, n=5)]
        hint = (
            f" Close matches: {', '.join(dict.fromkeys(close))}."
            if close
            else " List the documents with the sources command."
        )
        raise LeadbotError(f"No document {document!r} in the content folder.{hint}")

    def _inside(self, rel: str) -> str:
        """rel itself, if it is a file that really lies inside the content folder."""
        path = self.content_dir / rel
        if not path.resolve().is_relative_to(self.content_dir.resolve()):
            raise LeadbotError(
                f"Cannot remove {rel}: it links to a file outside the content folder."
            )
        return rel

    def _titles(self) -> dict[str, str]:
        try:
            return {d.path: d.title for d in self.core.reader.current().documents()}
        except (IndexNotBuilt, IndexCorrupt):
            return {}

    def _upload_path(self, base: str, folder: str | None) -> str:
        """Where an upload goes, relative to the content folder."""
        root = self.content_dir.resolve()
        if folder is not None and folder.strip() not in ("", ".", "/"):
            wanted = folder.strip().replace("\\", "/")
            if problem := _unsafe(wanted):
                raise _rejected(base, f"cannot go into folder {folder!r}: {problem}")
            rel = (PurePosixPath(wanted) / base).as_posix()
        else:
            existing = [f for f in discover(self.content_dir) if PurePosixPath(f).name == base]
            if len(existing) > 1:
                raise _rejected(
                    base,
                    f"has the name of several files ({', '.join(existing)}); "
                    "send it again naming the folder it belongs in",
                )
            rel = existing[0] if existing else base
        target = self.content_dir / rel
        if not target.parent.resolve().is_relative_to(root) or target.is_symlink():
            raise _rejected(base, "would be saved through a link out of the content folder")
        parents = PurePosixPath(rel).parents
        if target.is_dir() or any((self.content_dir / p).is_file() for p in parents):
            raise _rejected(base, f"cannot be saved as {rel}: a folder or file is in the way")
        return rel

    def _parse(self, rel: str, data: bytes, max_bytes: int) -> str:
        """Load the file from a scratch folder exactly as a build would; return its title."""
        with tempfile.TemporaryDirectory(prefix="leadbot-upload-") as scratch:
            staged = Path(scratch) / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
            # A file it replaces may have a sidecar; it will apply to the upload too.
            for sidecar in sidecars(self.content_dir / rel):
                shutil.copyfile(sidecar, staged.with_name(sidecar.name))
            try:
                # In a parse worker, under the same time and memory budget as a build: a
                # hostile upload costs its worker, never the serving process.
                limits = self.core.settings.file_limits
                [read] = pool.shared().load_all(Path(scratch), [rel], max_bytes, limits).values()
                if isinstance(read, SkippedFile):
                    raise read
                return read.title
            except SkippedFile as error:
                raise _rejected(PurePosixPath(rel).name, error.reason) from None
            except Exception as error:
                # A loader crash here must not reach the content folder, where it would break
                # every later build.
                raise _rejected(
                    PurePosixPath(rel).name,
                    f"could not be read ({type(error).__name__}: {error}); "
                    "save it again from the program that made it",
                ) from error


def _rejected(name: str | None, reason: str) -> UploadRejected:
    return UploadRejected(f"it {reason}", name)


def _base_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    shown = _CONTROL.sub("?", base)
    if not base or base in (".", ".."):
        raise _rejected(None, "has no file name")
    if base.startswith("."):
        raise _rejected(shown, "has a hidden file name (starting with '.'); rename it")
    # File systems count a name's bytes: 150 x "é" is 150 characters but 300 bytes.
    too_long = len(base) > MAX_NAME_CHARS or len(base.encode()) > MAX_NAME_BYTES
    if _CONTROL.search(base) or too_long:
        raise _rejected(shown, "has a file name that is too long or unprintable; rename it")
    if base.casefold() == "readme.md":
        raise _rejected(shown, "is named README.md, which is the admins' guide and never indexed")
    return base


def _unsafe(rel: str) -> str | None:
    """Why a user-given content path is not acceptable, or None."""
    path = PurePosixPath(rel)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", rel):
        return "only paths inside the content folder are allowed"
    if ".." in path.parts:
        return "'..' would leave the content folder"
    if any(part.startswith(".") for part in path.parts):
        return "hidden files and folders are not content"
    if path.name.casefold() == "readme.md":
        return "README.md is the admins' guide, not content"
    return None


def _write_atomically(target: Path, data: bytes) -> None:
    """Readers see the old file or the whole new one, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(prefix=".upload-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(staging, 0o644)  # mkstemp makes it private; the server may run as another user
        os.replace(staging, target)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def _megabytes(size: int) -> str:
    # Rounded up, so a file just over the limit never reads "25.0 MB, over the 25 MB limit".
    mb = math.ceil(size * 10 / _MB) / 10
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
