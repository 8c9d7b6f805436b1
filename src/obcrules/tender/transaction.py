"""One run of a command that writes a workspace: lock, recover, stage, commit, record.

`running` holds the workspace lock (``out/.lock``: one writer at a time; a second
command waits up to `LOCK_WAIT` seconds, then says which command, pid and host
holds it, and since when). It first undoes a run that was interrupted (see
below), then gives the command a `Run` in which to stage its outputs. `Run.commit`
puts them all in place together and appends the audit entry:

1. every output is written to ``out/.commit/new/`` (nothing in place changes);
2. a manifest is written (``out/.commit/manifest.json``) with the audit line to
   append; then the planned moves (a supersession's) are made and each output is
   renamed into place, the file it replaces kept in ``out/.commit/old/``;
3. the audit line is appended: from here the run counts;
4. ``out/.commit/`` is removed.

A run that fails with an error undoes itself at once. A run killed (or
interrupted with Ctrl-C) before step 3 leaves the manifest: the next command that
writes puts every previous output back (`recover`), and until then
``obc tender verify`` explains what happened (`interrupted`) instead of calling
the half-written outputs tampering. A run killed after step 3 only leaves the
folder to remove.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obcrules.io.commit import Manifest, StagedFiles, pending, roll_back
from obcrules.io.lock import LockBusy, holder_info, locked
from obcrules.tender import audit
from obcrules.tender.lifecycle import writers
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.workspace import COMMIT_DIR, LOCK_FILE, OUT_DIR

LOCK_WAIT = 30.0
"""Seconds a command waits for another one to finish writing the workspace."""


class Run:
    """A command's outputs while it runs: stage them, plan moves, then `commit`."""

    def __init__(self, root: Path, command: str, recovered: list[str],
                 by: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.command = command
        self.recovered = recovered
        """What was done about an interrupted run before this one started."""
        self.by = dict(by) if by else None
        """Who ran it (``person``, ``name``, ``role``) when a signed-in person did, through
        ``obc serve``; recorded as the entry's ``by``. None from the command line."""
        self.staged = StagedFiles(root, root / COMMIT_DIR)
        self.order: list[str] = []
        self.applied = False
        self.committed = False

    def path(self, relative: str) -> Path:
        """Where to write the output ``relative`` (workspace-relative) while staging."""
        return self.staged.path(relative)

    def folder(self, relative: str) -> Path:
        """Where to write the outputs of the folder ``relative`` while staging (created)."""
        staged = self.staged.folder / "new" / relative
        staged.mkdir(parents=True, exist_ok=True)
        return staged

    def final(self, staged: Path) -> Path:
        """The path in the workspace of a file written under `path` or `folder`."""
        return self.root / staged.relative_to(self.staged.folder / "new")

    def write(self, relative: str, data: bytes) -> Path:
        """Stage ``data`` as the output ``relative``; return the path it will have."""
        self.staged.write(relative, data)
        self.order.append(relative)
        return self.root / relative

    def outputs(self) -> list[str]:
        """The outputs staged: those given to `write` in order, then the others by path."""
        staged = self.staged.staged()
        return [p for p in self.order if p in staged] + [p for p in staged
                                                         if p not in self.order]

    def move(self, source: str, target: str) -> None:
        """Move the existing file ``source`` to ``target`` when the run commits."""
        self.staged.move(source, target)

    def retire_unwritten(self, command: str) -> list[Path]:
        """Plan to delete the outputs that the last run of ``command`` wrote and this run
        has not staged again (a PDF not asked for this time, the summary of a bidder no
        longer in the evaluation): left in place, they would show an earlier result beside
        this one. Recorded in the audit entry (``removed``); the paths, as they were."""
        staged = set(self.outputs())
        stale = sorted(path for path, entry in writers(audit.read_chain(self.root)).items()
                       if entry.command == command and path not in staged
                       and (self.root / path).is_file())
        for path in stale:
            self.staged.retire(path)
        return [self.root / path for path in stale]

    def commit(self, inputs: Iterable[Path], extra: Mapping[str, Any] | None = None,
               now: dt.datetime | None = None) -> dict[str, Any]:
        """Put the staged outputs in place and record the run; return the audit entry."""
        outputs = {rel: self.staged.folder / "new" / rel for rel in self.staged.staged()}
        outputs |= {target: self.root / source for source, target in self.staged.moves
                    if source not in self.staged.retired}
        if self.by is not None:
            extra = {**(extra or {}), "by": self.by}
        if self.staged.retired:
            extra = {**(extra or {}), "removed": sorted(self.staged.retired)}
        line = audit.entry_line(audit.read_chain(self.root), self.command,
                                audit.file_records(self.root, inputs), audit.records(outputs),
                                extra, now)
        self.applied = True
        self.staged.apply({"audit_line": line.decode("utf-8")})
        audit.append_line(self.root, line)
        self.committed = True
        self.staged.finish()
        return dict(json.loads(line))


@contextmanager
def running(root: Path, command: str, *, wait: float | None = None,
            by: Mapping[str, str] | None = None) -> Iterator[Run]:
    """Hold the workspace lock, undo an interrupted run, and give ``command`` a `Run`
    (recorded as done ``by`` a person, when given)."""
    _own_out(root)
    try:
        (root / OUT_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _stopped(root, command, exc) from None
    with _lock(root, command, wait, shared=False):
        run = Run(root, command, recover(root), by)
        try:
            yield run
        except Exception as exc:
            if run.applied and not run.committed:
                roll_back_run(root)  # an error, not a kill: put the previous outputs back now
            if isinstance(exc, OSError):
                raise _stopped(root, command, exc) from None
            raise
        finally:
            if not run.applied:
                run.staged.finish()


def _stopped(root: Path, command: str, exc: OSError) -> TenderError:
    """The error of a command stopped by the file system (a full disk, a permission)."""
    where = ""
    if exc.filename:
        try:
            where = f" ({Path(exc.filename).resolve().relative_to(root.resolve()).as_posix()})"
        except ValueError:
            where = f" ({exc.filename})"
    return TenderError(f"`{command}` stopped: {exc.strerror or exc}{where}",
                       [Problem(OUT_DIR, "", "nothing was recorded; the previous outputs are "
                                "as they were", "free space or fix the folder's permissions, "
                                "then run it again")])


def _own_out(root: Path) -> None:
    """`TenderError` when ``out/``, or anything in it, is a link out of the workspace: obc
    would write (or a reader trust) files that are not the workspace's."""
    out = root / OUT_DIR
    found = [out] if out.is_symlink() else []
    if out.is_dir() and not found:
        for folder, names, files in os.walk(out):
            found += [Path(folder) / n for n in [*names, *files]
                      if (Path(folder) / n).is_symlink()]
    inside = root.resolve()
    outside = [p for p in found if not p.resolve().is_relative_to(inside) or p == out]
    if outside:
        shown = ", ".join(f"{p.relative_to(root).as_posix()} → {p.readlink()}"
                          for p in outside[:3])
        raise TenderError(f"{OUT_DIR}/ must be the workspace's own folder, but {shown} "
                          "is a link", [Problem(OUT_DIR, "", "obc writes its outputs and the "
                                                "audit trail only inside the workspace",
                                                f"remove the link and let obc create {OUT_DIR}/"
                                                " (copy the outputs you need elsewhere)")])


@contextmanager
def reading(root: Path, command: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the workspace lock shared, so that no command writes while ``command`` reads."""
    _own_out(root)
    with _lock(root, command, wait, shared=True):
        yield


@contextmanager
def _lock(root: Path, command: str, wait: float | None, *, shared: bool) -> Iterator[None]:
    try:
        with locked(root / LOCK_FILE, holder_info(command=command),
                    wait=LOCK_WAIT if wait is None else wait, shared=shared):
            yield
    except LockBusy as exc:
        raise busy(exc) from None
    except OSError as exc:
        if exc.filename is None or Path(exc.filename) != root / LOCK_FILE:
            raise
        raise _stopped(root, command, exc) from None


def busy(exc: LockBusy) -> TenderError:
    """The error of a command that waited too long for the workspace lock."""
    holder = exc.holder
    who = (f"`{holder.get('command', 'an obc command')}` (pid {holder.get('pid', '?')} on "
           f"{holder.get('host', '?')}) has held {LOCK_FILE} since {holder.get('since', '?')}"
           if holder else f"another obc command holds {LOCK_FILE}")
    return TenderError(f"the workspace is busy: {who}",
                       [Problem(LOCK_FILE, "", "one command writes a workspace at a time",
                                "run this command again when that one has finished; the "
                                "lock is released when its holder ends, even if it is "
                                "killed")])


@dataclass(frozen=True)
class Interrupted:
    """A run that was interrupted before it was recorded (its manifest is still there)."""

    command: str
    time: str
    outputs: dict[str, str]
    """Each output it meant to write → its SHA-256."""
    in_place: tuple[str, ...]
    """The outputs it had already renamed into place."""
    moved: tuple[tuple[str, str], ...]
    """The moves (from, to) it had already made."""
    recorded: bool
    """Its audit line was appended (only the clean-up was interrupted)."""

    def describe(self) -> str:
        """One line for ``obc tender verify``."""
        if self.recorded:
            return (f"`{self.command}` of {self.time} was recorded but did not remove "
                    f"{COMMIT_DIR}/; the next command that writes removes it")
        placed = (f"{len(self.in_place)} of {len(self.outputs)} of its outputs were put in "
                  f"place ({', '.join(self.in_place)}); the files they replaced are kept in "
                  f"{COMMIT_DIR}/old/" if self.in_place else "none of its outputs were put "
                  "in place")
        return (f"`{self.command}` of {self.time} was interrupted before it was recorded: "
                f"{placed}; run `obc {self.command}` again: it first puts the previous "
                "outputs back")


def interrupted(root: Path) -> Interrupted | None:
    """The interrupted run whose manifest is in ``out/.commit/``, described without changes."""
    folder = root / COMMIT_DIR
    manifest = _manifest(folder)
    if manifest is None:
        return None
    line = str(manifest.extra.get("audit_line", ""))
    entry = audit.parse_line(line.encode("utf-8"))
    outputs = {r["path"]: r["sha256"] for r in entry.get("outputs", [])}
    in_place = tuple(rel for rel in manifest.outputs
                     if not (folder / "new" / rel).exists() and (root / rel).is_file())
    moved = tuple((a, b) for a, b in manifest.moves if (root / b).is_file())
    return Interrupted(command=str(entry.get("command", "a command")),
                       time=str(entry.get("time", "?")), outputs=outputs, in_place=in_place,
                       moved=moved, recorded=audit.last_line(root) == line.encode("utf-8"))


def recover(root: Path) -> list[str]:
    """Undo (or finish cleaning up after) an interrupted run; say what was done."""
    folder = root / COMMIT_DIR
    if not folder.exists():
        return []
    found = interrupted(root)
    if found is None:
        StagedFiles(root, folder).finish()  # staged only: nothing had been moved
        return []
    if found.recorded:
        StagedFiles(root, folder).finish()
        return []
    restored = roll_back_run(root)
    back = f" ({', '.join(restored)} restored)" if restored else ""
    return [f"undid the interrupted `{found.command}` of {found.time}, which was never "
            f"recorded: the previous outputs are back in place{back}"]


def roll_back_run(root: Path) -> list[str]:
    """Put back what the run in ``out/.commit/`` replaced or moved."""
    folder = root / COMMIT_DIR
    manifest = _manifest(folder)
    if manifest is None:
        StagedFiles(root, folder).finish()
        return []
    return roll_back(root, folder, manifest)


def _manifest(folder: Path) -> Manifest | None:
    try:
        return pending(folder)
    except ValueError as exc:
        raise TenderError(f"{exc}: an interrupted command left it; compare "
                          f"{COMMIT_DIR}/old/ with out/ by hand, then remove {COMMIT_DIR}/",
                          [Problem(f"{COMMIT_DIR}/manifest.json", "", "unreadable",
                                   "restore the previous outputs from old/ by hand")]) from None
