"""The audit trail: ``out/audit.jsonl``, one hash-chained entry per command that writes.

Each such command appends one JSON line::

    {"command": "tender evaluate", "inputs": [{"path": "bids/acme.yaml", "sha256": "…"}, …],
     "outputs": [{"path": "out/evaluation.json", "sha256": "…"}],
     "previous": "<SHA-256 of the previous line>", "time": "2026-03-02T10:15:00Z",
     "winner": "Acme Care Ltd"}

``previous`` of the first entry is 64 zeros, so editing, removing or inserting a
line breaks the chain after it. ``evaluate`` and ``award`` add ``winner``; a
command that supersedes an award adds ``supersedes`` (see
`obcrules.tender.lifecycle`); a command that deleted outputs of an earlier one
(``tender report`` without a PDF, or with a bidder fewer) lists their paths in
``removed``. The hash of the last line, the *head*, vouches
for the whole log; the log cannot vouch for its own head, which is why
``obc tender seal`` prints it to be kept elsewhere.

Entries are appended by `obcrules.tender.transaction` under the workspace lock,
once the command's outputs are in place; `obcrules.tender.verification` checks
the chain and the files against it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obcrules.io.atomic import write_bytes_atomic
from obcrules.tender.workspace import OUT_DIR

AUDIT_FILE = f"{OUT_DIR}/audit.jsonl"
GENESIS = "0" * 64

Records = list[dict[str, str]]
"""``[{"path", "sha256"}]``, sorted by path."""


@dataclass(frozen=True)
class Entry:
    """One line of the log: its number, its hash, and what it records."""

    number: int
    hash: str
    data: Mapping[str, Any]
    """The parsed entry; empty when the line is not an audit entry."""
    chained: bool
    """Its ``previous`` is the hash of the line before it."""

    @property
    def valid(self) -> bool:
        """The line is an audit entry."""
        return bool(self.data)

    @property
    def command(self) -> str:
        """``tender evaluate``, …"""
        return str(self.data.get("command", ""))

    @property
    def time(self) -> str:
        """When it ran (UTC, ISO 8601)."""
        return str(self.data.get("time", ""))

    @property
    def inputs(self) -> dict[str, str]:
        """Path → SHA-256 of the files it read."""
        return {r["path"]: r["sha256"] for r in self.data.get("inputs", [])}

    @property
    def outputs(self) -> dict[str, str]:
        """Path → SHA-256 of the files it wrote (or moved into place)."""
        return {r["path"]: r["sha256"] for r in self.data.get("outputs", [])}

    @property
    def removed(self) -> list[str]:
        """The paths of earlier outputs it deleted."""
        listed = self.data.get("removed", [])
        return [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []


@dataclass(frozen=True)
class Chain:
    """The log as read: whether it exists, and its entries in order."""

    exists: bool
    entries: tuple[Entry, ...]

    @property
    def head(self) -> str:
        """The hash of the last line (64 zeros for an empty log)."""
        return self.entries[-1].hash if self.entries else GENESIS

    def find(self, digest: str) -> Entry | None:
        """The entry whose line hashes to ``digest``."""
        return next((e for e in self.entries if e.hash == digest), None)


def read_chain(root: Path) -> Chain:
    """Every line of ``out/audit.jsonl``, parsed and checked against the line before."""
    log = root / AUDIT_FILE
    if not log.is_file():
        return Chain(False, ())
    entries = []
    previous = GENESIS
    for number, line in enumerate(log.read_bytes().split(b"\n"), start=1):
        if not line:
            continue
        digest = hashlib.sha256(line).hexdigest()
        data = parse_line(line)
        entries.append(Entry(number, digest, data, data.get("previous") == previous))
        previous = digest
    return Chain(True, tuple(entries))


def parse_line(line: bytes) -> dict[str, Any]:
    """The entry a line records, or ``{}`` when it is not an audit entry."""
    try:
        data = json.loads(line)
        valid = (isinstance(data, dict) and isinstance(data.get("command"), str)
                 and isinstance(data.get("previous"), str)
                 and all(isinstance(r["path"], str) and isinstance(r["sha256"], str)
                         for key in ("inputs", "outputs") for r in data[key]))
    except (ValueError, KeyError, TypeError):
        return {}
    return data if valid else {}


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_records(root: Path, paths: Iterable[Path]) -> Records:
    """``[{"path", "sha256"}]`` of existing files, workspace-relative, sorted by path."""
    return records({path.resolve().relative_to(root.resolve()).as_posix(): path
                    for path in paths if path.is_file()})


def records(files: Mapping[str, Path]) -> Records:
    """``[{"path", "sha256"}]`` of the file at each workspace-relative path, sorted."""
    return [{"path": rel, "sha256": sha256_of(files[rel])} for rel in sorted(files)]


def utc_stamp(now: dt.datetime | None = None) -> str:
    """``now`` (default: the clock) as the audit trail records a time, in UTC to the
    second: ``2026-03-02T10:15:00Z``."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def entry_line(chain: Chain, command: str, inputs: Records, outputs: Records,
               extra: Mapping[str, Any] | None = None, now: dt.datetime | None = None) -> bytes:
    """The line that records ``command`` after the last line of ``chain`` (no newline)."""
    entry: dict[str, Any] = {
        **(extra or {}),
        "time": utc_stamp(now),
        "command": command,
        "inputs": inputs,
        "outputs": outputs,
        "previous": chain.head,
    }
    return json.dumps(entry, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def append_line(root: Path, line: bytes) -> None:
    """Append one line to the log (the whole log rewritten atomically)."""
    log = root / AUDIT_FILE
    existing = log.read_bytes() if log.is_file() else b""
    prefix = existing if existing.endswith(b"\n") or not existing else existing + b"\n"
    write_bytes_atomic(log, prefix + line + b"\n")


def last_line(root: Path) -> bytes | None:
    """The log's last line (None when it is missing or empty)."""
    log = root / AUDIT_FILE
    if not log.is_file():
        return None
    lines = [line for line in log.read_bytes().split(b"\n") if line]
    return lines[-1] if lines else None


def append(root: Path, command: str, inputs: Iterable[Path], outputs: Iterable[Path],
           now: dt.datetime | None = None) -> dict[str, Any]:
    """Record a command whose outputs are already in place; return the entry.

    The caller holds the workspace lock; commands that write use
    `obcrules.tender.transaction`, which stages the outputs and records them.
    """
    line = entry_line(read_chain(root), command, file_records(root, inputs),
                      file_records(root, outputs), now=now)
    append_line(root, line)
    return dict(json.loads(line))


def __getattr__(name: str) -> Any:
    # `verify` and `Verification` moved to `obcrules.tender.verification`; they stay
    # importable from here for code written before the move.
    if name in ("verify", "Verification"):
        from obcrules.tender import verification

        return getattr(verification, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
