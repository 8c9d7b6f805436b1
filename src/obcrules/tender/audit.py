"""The audit trail: ``out/audit.jsonl``, one hash-chained entry per command.

Each command that writes appends one JSON line::

    {"command": "evaluate", "inputs": [{"path": "bids/acme.yaml", "sha256": "…"}, …],
     "outputs": [{"path": "out/evaluation.json", "sha256": "…"}],
     "previous": "<SHA-256 of the previous line>", "time": "2026-03-02T10:15:00Z"}

``previous`` of the first entry is 64 zeros. `verify` re-hashes the chain and
every file: an edited or deleted line breaks the chain; a file whose bytes differ
from the last entry that recorded it, or a file in ``bids/``, ``scores/`` or
``out/`` that no entry recorded once an evaluation has run, was changed outside
``obc`` (before the first evaluation such files are only noted). The log cannot
vouch for its own last line: `verify` prints the head hash so it can be kept
elsewhere (e.g. in the evaluation report or an e-mail) and compared later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from obcrules.io.atomic import write_bytes_atomic
from obcrules.tender.config import CONFIG_NAME
from obcrules.tender.workspace import BIDS_DIR, MODERATION_FILE, OUT_DIR, SCORES_DIR

AUDIT_FILE = f"{OUT_DIR}/audit.jsonl"
GENESIS = "0" * 64


def file_records(root: Path, paths: Iterable[Path]) -> list[dict[str, str]]:
    """``[{"path", "sha256"}]`` of existing files, workspace-relative, sorted by path."""
    records = {}
    for path in paths:
        if path.is_file():
            rel = path.resolve().relative_to(root.resolve()).as_posix()
            records[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return [{"path": p, "sha256": h} for p, h in sorted(records.items())]


def append(root: Path, command: str, inputs: Iterable[Path], outputs: Iterable[Path],
           now: dt.datetime | None = None) -> dict[str, object]:
    """Append the entry of one command run to the log (rewritten atomically); return it."""
    log = root / AUDIT_FILE
    existing = log.read_bytes() if log.is_file() else b""
    lines = [line for line in existing.split(b"\n") if line]
    previous = hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    entry: dict[str, object] = {
        "time": moment.isoformat().replace("+00:00", "Z"),
        "command": command,
        "inputs": file_records(root, inputs),
        "outputs": file_records(root, outputs),
        "previous": previous,
    }
    line = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    prefix = existing if existing.endswith(b"\n") or not existing else existing + b"\n"
    write_bytes_atomic(log, prefix + line.encode("utf-8") + b"\n")
    return entry


@dataclass
class Verification:
    """What `verify` found: problems (empty when the workspace is as recorded)."""

    entries: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing changed outside ``obc``."""
        return not self.problems


def verify(root: Path) -> Verification:
    """Check the hash chain and every recorded file against the workspace."""
    result = Verification()
    log = root / AUDIT_FILE
    if not log.is_file():
        result.problems.append(f"{AUDIT_FILE} is missing: no command has been recorded")
        return result
    latest: dict[str, tuple[str, int, str]] = {}
    commands: set[str] = set()
    previous = GENESIS
    for number, line in enumerate(log.read_bytes().split(b"\n"), start=1):
        if not line:
            continue
        result.entries += 1
        try:
            entry = json.loads(line)
            recorded_previous = entry["previous"]
            command = entry["command"]
            records = [*entry["inputs"], *entry["outputs"]]
        except (ValueError, KeyError, TypeError):
            result.problems.append(f"{AUDIT_FILE} line {number} is not an audit entry")
            previous = hashlib.sha256(line).hexdigest()
            continue
        if recorded_previous != previous:
            result.problems.append(f"{AUDIT_FILE} line {number}: the chain is broken (the line "
                                   "before it was edited, removed or inserted)")
        commands.add(str(command))
        for record in records:
            latest[record["path"]] = (record["sha256"], number, command)
        previous = hashlib.sha256(line).hexdigest()
    result.head = previous
    for path, (digest, number, command) in sorted(latest.items()):
        result.checked += 1
        current = root / path
        if not current.is_file():
            result.problems.append(f"{path} was deleted after `{command}` (audit line {number})")
        elif hashlib.sha256(current.read_bytes()).hexdigest() != digest:
            result.problems.append(f"{path} was changed after `{command}` recorded it "
                                   f"(audit line {number})")
    for found in _tracked_files(root):
        rel = found.relative_to(root).as_posix()
        if rel in latest:
            continue
        if "tender evaluate" in commands:
            result.problems.append(f"{rel} is recorded by no command: it was added outside "
                                   "obc (or after the evaluation: run `obc tender evaluate`)")
        else:
            result.notes.append(f"{rel} is not yet recorded (no evaluation has read it)")
    return result


def _tracked_files(root: Path) -> list[Path]:
    found = [root / CONFIG_NAME, root / MODERATION_FILE]
    for folder in (BIDS_DIR, SCORES_DIR, OUT_DIR):
        base = root / folder
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.is_file()]
    skip = {root / AUDIT_FILE}
    return sorted(p for p in found if p.is_file() and p not in skip
                  and not p.name.startswith((".", "~$")))
