"""Several output files put in place together, or not at all.

A command stages every output in a hidden folder (``new/`` inside it), then
`StagedFiles.apply` writes a manifest, makes any planned moves, and renames each
staged file into place, keeping the file it replaces in ``old/`` (a file the change
removes, `StagedFiles.retire`, is moved into ``retired/``). The caller then
does what makes the change count (the tender appends its audit entry) and calls
`StagedFiles.finish`, which removes the folder. Each step is a rename, so a run
killed at any point leaves either no manifest (nothing was moved: the folder is
only discarded) or a manifest from which `roll_back` puts every previous file
back and every moved file where it was. Whether an interrupted run had already
counted is the caller's to say (see `pending`).

Paths are relative to a base folder (``/`` separators) and never leave it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from obcrules.io.atomic import write_bytes_atomic, write_stream_atomic

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """What an applied (and perhaps interrupted) commit meant to do."""

    outputs: tuple[str, ...]
    """The staged files, each renamed to the same path under the base folder."""
    moves: tuple[tuple[str, str], ...]
    """Files moved elsewhere (from, to) before the outputs were put in place."""
    extra: dict[str, Any]
    """What the caller stored with it."""


class StagedFiles:
    """Outputs staged in ``folder`` for paths under ``base``; see the module."""

    def __init__(self, base: Path, folder: Path) -> None:
        self.base = base
        self.folder = folder
        self.moves: list[tuple[str, str]] = []
        self.retired: list[str] = []
        """The files `retire` plans to delete (their moves are among `moves`)."""

    def path(self, relative: str) -> Path:
        """Where the output ``relative`` is staged (its folder created)."""
        staged = self.folder / "new" / _checked(relative)
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def write(self, relative: str, data: bytes) -> None:
        """Stage ``data`` as the output ``relative``."""
        write_bytes_atomic(self.path(relative), data)

    def write_stream(self, relative: str, write: Callable[[BinaryIO], object]) -> None:
        """Stage the output ``relative`` as ``write`` writes it to the stream it is given."""
        write_stream_atomic(self.path(relative), write)

    def move(self, source: str, target: str) -> None:
        """Plan to move the existing file ``source`` to ``target`` (which must not exist)."""
        self.moves.append((_checked(source), _checked(target)))

    def retire(self, relative: str) -> None:
        """Plan to remove the existing file ``relative`` when the outputs are put in place:
        it is moved into this folder (``retired/``), so that `roll_back` puts it back and
        `finish` deletes it."""
        retired = self.folder / "retired" / _checked(relative)
        self.move(relative, retired.relative_to(self.base).as_posix())
        self.retired.append(_checked(relative))

    def staged(self) -> list[str]:
        """The outputs staged so far, sorted."""
        new = self.folder / "new"
        if not new.is_dir():
            return []
        return sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()
                      and not p.name.startswith("."))

    def apply(self, extra: dict[str, Any]) -> Manifest:
        """Write the manifest, make the moves, rename the outputs into place."""
        manifest = Manifest(tuple(self.staged()), tuple(self.moves), extra)
        write_bytes_atomic(self.folder / MANIFEST, json.dumps({
            "outputs": list(manifest.outputs), "moves": [list(m) for m in manifest.moves],
            "extra": extra}, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        for source, target in manifest.moves:
            move_file(self.base / source, self.base / target)
        for relative in manifest.outputs:
            place = self.base / relative
            if place.is_file():
                move_file(place, self.folder / "old" / relative)
            move_file(self.folder / "new" / relative, place)
        return manifest

    def finish(self) -> None:
        """Remove the folder (after the change counted, or to discard what was staged); one
        that is a symbolic link is removed, never followed."""
        if self.folder.is_symlink():
            self.folder.unlink()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def together(base: Path, folder: Path, extra: dict[str, Any] | None = None
             ) -> Iterator[StagedFiles]:
    """Outputs staged in ``folder`` and put in place under ``base`` all at once when the
    block ends without an error (``extra`` kept in the manifest meanwhile), discarded
    when it raises. A commit this folder holds from a run killed while renaming is
    rolled back first (never through a ``folder`` that is a symbolic link: that is no
    run's, and is only removed); one interrupted now is rolled back before the
    interruption goes on."""
    staged = StagedFiles(base, folder)
    leftover = pending(folder) if folder.is_dir() and not folder.is_symlink() else None
    if leftover is not None:
        roll_back(base, folder, leftover)
    staged.finish()
    try:
        yield staged
    except BaseException:
        staged.finish()
        raise
    try:
        staged.apply(extra or {})
    except BaseException:
        manifest = pending(folder)
        if manifest is not None:
            roll_back(base, folder, manifest)
        raise
    staged.finish()


def move_file(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, creating ``target``'s folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)


def pending(folder: Path) -> Manifest | None:
    """The manifest of a commit applied in ``folder`` and not finished, if any."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Manifest(tuple(_checked(p) for p in data["outputs"]),
                        tuple((_checked(a), _checked(b)) for a, b in data["moves"]),
                        dict(data["extra"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{folder / MANIFEST} is unreadable ({exc})") from None


def roll_back(base: Path, folder: Path, manifest: Manifest) -> list[str]:
    """Undo an interrupted commit; return the outputs whose previous file is back in place.

    Safe to repeat: a step already undone is skipped.
    """
    restored = []
    for relative in reversed(manifest.outputs):
        place = base / relative
        new = folder / "new" / relative
        old = folder / "old" / relative
        if not new.exists() and place.is_file():
            move_file(place, new)  # it had been put in place
        if old.is_file():
            move_file(old, place)
            restored.append(relative)
    for source, target in reversed(manifest.moves):
        if (base / target).is_file() and not (base / source).exists():
            move_file(base / target, base / source)
            _prune(base, (base / target).parent)
    shutil.rmtree(folder, ignore_errors=True)
    return restored


def _prune(base: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents below ``base`` while they are empty."""
    while folder != base and base in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _checked(relative: str) -> str:
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise ValueError(f"`{relative}` is not a path inside the folder")
    return Path(relative).as_posix()
