"""``obc tender verify``: is the workspace what its audit chain says obc made of it?

`verify` only reads. It re-hashes the chain and every file the chain recorded,
and finds (each a `Finding`, which makes it fail):

- ``log``: ``out/audit.jsonl`` missing or empty although ``out/`` holds outputs;
- ``chain``: a line edited, removed or inserted (the chain breaks after it), or a
  line that is not an entry;
- ``changed`` / ``deleted``: a file whose bytes differ from the last entry that
  recorded it, or that is gone: an input changed since the evaluation read it, an
  output edited after obc wrote it;
- ``unrecorded``: an output in ``out/`` that no entry recorded (obc did not write
  it, or the log lost the entry that did: a cut log shows here), or, once a lot is
  evaluated, an input no evaluation read (a late bid);
- ``stale``: an output made from an earlier version of a file a later command
  rewrote (a contract or a report older than the evaluation they show; an
  evaluation older than a ``moderation.csv`` the panel's pages rewrote, or than a
  bid's withdrawal);
- ``inconsistent``: ``contract.yaml`` or ``ocds.json`` naming another winner than
  ``evaluation.json``;
- ``interrupted``: a command killed before it was recorded (see
  `obcrules.tender.transaction`), explained rather than called tampering;
- ``seal``: with ``sealed``, a seal that is the hash of no line of the log.

Supersessions are listed with their reasons: they are explained changes. What
the chain cannot show is a consistent rewrite of the whole workspace, log
included: the seal (``obc tender seal``), kept elsewhere, is what catches that.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from obcrules.tender.audit import AUDIT_FILE, GENESIS, Chain, Entry, read_chain, sha256_of
from obcrules.tender.config import CONFIG_NAME
from obcrules.tender.lifecycle import (
    AWARD,
    EVALUATE,
    Lifecycle,
    Record,
    last_records,
    lifecycle,
    writers,
)
from obcrules.tender.transaction import Interrupted, interrupted, reading
from obcrules.tender.workspace import (
    BIDS_DIR,
    COMMIT_DIR,
    CONTRACT_FILE,
    EVALUATION_FILE,
    LOCK_FILE,
    MODERATION_FILE,
    OCDS_FILE,
    OUT_DIR,
    SCORES_DIR,
    WITHDRAWALS_FILE,
)


@dataclass(frozen=True)
class Finding:
    """One thing `verify` cannot vouch for: its kind (see the module) and what to do."""

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Verification:
    """What `verify` found. ``ok`` when there is no finding."""

    entries: int = 0
    head: str = GENESIS
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    supersessions: list[str] = field(default_factory=list)
    """Each supersession, with its reason (explained, so not findings)."""
    checked: int = 0
    state: str = ""
    sealed_line: int | None = None
    """The line the seal matched (with ``sealed``)."""

    @property
    def problems(self) -> list[str]:
        """The findings' messages."""
        return [f.message for f in self.findings]

    @property
    def ok(self) -> bool:
        """True when the workspace is as its chain says."""
        return not self.findings

    def add(self, kind: str, message: str) -> None:
        """Record a finding."""
        self.findings.append(Finding(kind, message))


def verify(root: Path, sealed: str | None = None) -> Verification:
    """Check the chain and every file against it (and the chain against ``sealed``)."""
    with reading(root, "tender verify"):
        return _verify(root, sealed)


def _verify(root: Path, sealed: str | None) -> Verification:
    result = Verification()
    chain = read_chain(root)
    result.entries, result.head = len(chain.entries), chain.head
    if sealed is not None:
        _check_seal(chain, sealed, result)
    if not chain.entries:
        outputs = [p for p in tracked_files(root) if p.startswith(f"{OUT_DIR}/")]
        what = "is empty" if chain.exists else "is missing"
        pending = interrupted(root)
        if pending is not None and not pending.recorded:
            # The first command was killed before its audit line: its outputs are its own.
            result.add("interrupted", pending.describe())
            outputs = [p for p in outputs if p not in pending.outputs]
            if not outputs:
                return result
        if outputs:
            shown = ", ".join(outputs[:3]) + (", …" if len(outputs) > 3 else "")
            result.add("log", f"{AUDIT_FILE} {what}, but out/ holds {len(outputs)} file(s) "
                       f"that obc wrote ({shown}): the log was deleted or emptied, so none of "
                       "them can be vouched for; restore the log from a copy")
        else:
            result.add("log", f"{AUDIT_FILE} {what}: no command has been recorded (a "
                       "workspace starts with `obc tender init`)")
        return result
    for entry in chain.entries:
        if not entry.valid:
            result.add("chain", f"{AUDIT_FILE} line {entry.number} is not an audit entry")
        elif not entry.chained:
            result.add("chain", f"{AUDIT_FILE} line {entry.number}: the chain is broken (the "
                       "line before it was edited, removed or inserted)")
    life = lifecycle(chain)
    result.state = life.describe()
    result.supersessions = [s.describe() for s in life.supersessions]
    pending = interrupted(root)
    if pending is not None and not pending.recorded:
        result.add("interrupted", pending.describe())
    elif pending is not None:
        result.notes.append(pending.describe())
    latest = last_records(chain)
    for path, record in sorted(latest.items()):
        result.checked += 1
        _check_file(root, path, record, life, pending, result)
    _check_derived(root, chain, life, result)
    _check_consistency(root, result)
    _check_unrecorded(root, latest, life, pending, result)
    return result


def _check_file(root: Path, path: str, record: Record, life: Lifecycle,
                pending: Interrupted | None, result: Verification) -> None:
    current = root / path
    digest = sha256_of(current) if current.is_file() else None
    if digest == record.sha256:
        return
    if pending is not None and not pending.recorded and (
            digest == pending.outputs.get(path) or any(a == path for a, _ in pending.moved)):
        return  # explained by the interrupted command
    entry = record.entry
    line = f"`{entry.command}` (audit line {entry.number})"
    output = path.startswith(f"{OUT_DIR}/")
    if digest is None:
        result.add("deleted", f"{path} was deleted after {line} recorded it; restore it"
                   + (f" or run `obc {entry.command}` again" if output else ""))
    elif output:
        result.add("changed", f"{path} was changed after {line} wrote it (sha256 "
                   f"{record.sha256} → {digest}): obc did not write these bytes; restore the "
                   f"file, or run `obc {entry.command}` again")
    else:
        since = (f"the evaluation of audit line {life.evaluation.number}"
                 if entry.command in (EVALUATE, AWARD) and life.evaluation is not None
                 else f"{line}")
        result.add("changed", f"{path} changed since {since} read it (sha256 {record.sha256} "
                   f"→ {digest}); {_redo(entry, life)}")


def _redo(entry: Entry, life: Lifecycle) -> str:
    if life.award is not None:
        return (f"the award of audit line {life.award.number} was made on the recorded "
                "version: restore it, or supersede the award with `obc tender evaluate "
                "--supersede --reason \"why\"`")
    if life.evaluation is not None:
        return "restore it, or run `obc tender evaluate` again"
    if entry.command == "tender init":
        return "restore it, or record the new version with the next step (`obc tender template`)"
    return f"restore it, or run `obc {entry.command}` again"


def _check_derived(root: Path, chain: Chain, life: Lifecycle, result: Verification) -> None:
    """Outputs made from a file that a later command rewrote: a report of an old
    evaluation, or an evaluation (and its award) of a ``moderation.csv`` or score sheet
    that the panel's pages wrote since (other outputs of such inputs are work files)."""
    written = writers(chain)
    current: dict[int, list[str]] = {}
    for path, entry in written.items():
        if (root / path).is_file():
            current.setdefault(entry.number, []).append(path)
    by_number = {e.number: e for e in chain.entries}
    for number, paths in sorted(current.items()):
        entry = by_number[number]
        for source, digest in _sources(entry, written):
            later = written.get(source)
            if later is None or later.number <= number or later.outputs.get(source) == digest:
                continue
            shown = ", ".join(sorted(paths)[:4]) + (f" and {len(paths) - 4} more"
                                                    if len(paths) > 4 else "")
            made = (f"from an earlier {source}, which `{later.command}` rewrote"
                    if digest is not None else
                    f"without {source}, which `{later.command}` wrote")
            redo = f"run `obc {entry.command}` again"
            if life.award is not None and _evaluation_input(source):
                redo = (f"the award of audit line {life.award.number} stands on the earlier "
                        f"version: supersede it with `obc tender evaluate --supersede --reason "
                        f"\"why\"`, or restore {source}")
            result.add("stale", f"{shown} {'was' if len(paths) == 1 else 'were'} made by "
                       f"`{entry.command}` (audit line {number}) {made} at line "
                       f"{later.number}: {redo}")
            break


def _sources(entry: Entry, written: Mapping[str, Entry]) -> list[tuple[str, str | None]]:
    """The files ``entry``'s outputs depend on, with the hash it read (None: absent then).

    Outputs depend on the outputs they were made from; the decision (``evaluate``,
    ``award``) on the evaluation's inputs too, including one that a later command
    wrote where there was none, such as the first agreed score in ``moderation.csv``.
    """
    sources: dict[str, str | None] = {
        path: digest for path, digest in entry.inputs.items()
        if path.startswith(f"{OUT_DIR}/") or entry.command in (EVALUATE, AWARD)}
    if entry.command in (EVALUATE, AWARD):
        sources |= {path: None for path in written
                    if path not in entry.inputs and _evaluation_input(path)}
    return sorted(sources.items())


def _evaluation_input(path: str) -> bool:
    """Is ``path`` a file the evaluation reads: obc.toml, a bid, a sheet, moderation.csv,
    the withdrawals?"""
    return (path in (CONFIG_NAME, MODERATION_FILE, WITHDRAWALS_FILE)
            or path.startswith((f"{BIDS_DIR}/", f"{SCORES_DIR}/")))


def _check_consistency(root: Path, result: Verification) -> None:
    """The contract and the OCDS award name the evaluation's winner."""
    evaluation = _load(root / EVALUATION_FILE, json.loads)
    if not isinstance(evaluation, Mapping):
        return
    winner = evaluation.get("winner")
    contract = _load(root / CONTRACT_FILE, yaml.safe_load)
    if isinstance(contract, Mapping) and contract.get("provider") != winner:
        result.add("inconsistent", f"{CONTRACT_FILE} is awarded to {contract.get('provider')}, "
                   f"but {EVALUATION_FILE} ranks {winner or 'no bid'} first: run `obc tender "
                   "award`")
    ocds = _load(root / OCDS_FILE, json.loads)
    try:
        supplier = ocds["releases"][0]["awards"][0]["suppliers"][0]["name"]
    except (KeyError, IndexError, TypeError):
        return
    if supplier != winner:
        result.add("inconsistent", f"{OCDS_FILE} awards the lot to {supplier}, but "
                   f"{EVALUATION_FILE} ranks {winner or 'no bid'} first: run `obc tender award`")


def _load(path: Path, parse: Any) -> Any:
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None


def _check_unrecorded(root: Path, latest: Mapping[str, Record], life: Lifecycle,
                      pending: Interrupted | None, result: Verification) -> None:
    explained = set(pending.in_place) if pending is not None else set()
    explained |= {b for _, b in pending.moved} if pending is not None else set()
    for rel in tracked_files(root):
        if rel in latest or rel in explained:
            continue
        if rel.startswith(f"{OUT_DIR}/"):
            result.add("unrecorded", f"{rel} is recorded by no command: obc did not write it, "
                       "or the log lost the entry that did (compare the log with a copy or a "
                       "seal)")
        elif life.evaluation is not None:
            result.add("unrecorded", f"{rel} is recorded by no command: it was added outside "
                       "obc (or after the evaluation: run `obc tender evaluate`)")
        else:
            result.notes.append(f"{rel} is not yet recorded (no evaluation has read it)")


def _check_seal(chain: Chain, sealed: str, result: Verification) -> None:
    entry = chain.find(sealed)
    if entry is None:
        result.add("seal", f"the sealed head {sealed} is the hash of no line of {AUDIT_FILE}: "
                   "the log was rewritten, or cut before the sealed line, after the seal")
        return
    result.sealed_line = entry.number
    later = [f"line {e.number} {e.command}" for e in chain.entries if e.number > entry.number]
    since = (f"{len(later)} entr{'y' if len(later) == 1 else 'ies'} recorded since: "
             + ", ".join(later)) if later else "nothing recorded since"
    result.notes.append(f"the seal matches audit line {entry.number} ({entry.command}, "
                        f"{entry.time}); {since}")


def tracked_files(root: Path) -> list[str]:
    """The files verify accounts for: obc.toml, moderation.csv, bids/, scores/ and out/
    (except the log, the lock and a commit in progress), workspace-relative and sorted."""
    found = [root / CONFIG_NAME, root / MODERATION_FILE]
    for folder in (BIDS_DIR, SCORES_DIR, OUT_DIR):
        base = root / folder
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.is_file()]
    skip = {AUDIT_FILE, LOCK_FILE}
    rels = (p.relative_to(root).as_posix() for p in found if p.is_file()
            and not p.name.startswith((".", "~$")))
    return sorted(r for r in rels if r not in skip and not r.startswith(f"{COMMIT_DIR}/"))
