"""The award's life, read from the audit chain: evaluated → awarded → (superseded).

The chain's entries say where a lot stands: *open* until a ``tender evaluate``
entry, *evaluated* after it, *awarded* after a ``tender award``. Once awarded,
``evaluate`` and ``award`` refuse to change the decision unless told to supersede
it with a reason; the superseding entry then carries::

    "supersedes": {"number": 1, "award_line": 7, "reason": "…",
                   "previous_winner": "Acme Care Ltd", "new_winner": "Dunmore Care",
                   "folder": "out/superseded/1",
                   "changed": [{"path": "moderation.csv", "old": "<sha256>", "new": "<sha256>"}],
                   "moved": [{"from": "out/contract.yaml", "to": "out/superseded/1/contract.yaml"}]}

and the earlier outputs are moved (never deleted) to ``out/superseded/N/``. A
superseding ``evaluate`` leaves the lot *evaluated* (award it again after review);
a superseding ``award`` reissues the award of the same evaluation; a superseding
``withdraw`` (a bid withdrawn after the award) moves the evaluation aside too, and
the lot is evaluated again without the bid.

This module reads the chain into that state (`lifecycle`), says what changed
since an entry (`changes`), plans a supersession (`superseded_outputs`), and
gives the chain as a timeline (`history`) and a seal (`seal`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obcrules.tender.audit import Chain, Entry, sha256_of
from obcrules.tender.workspace import OUT_DIR, SUPERSEDED_DIR

EVALUATE = "tender evaluate"
AWARD = "tender award"
REPORT = "tender report"
WITHDRAW = "tender withdraw"
"""Records a withdrawn bid (`obcrules.tender.withdrawals`); after the award only as a
supersession, which leaves the lot to be evaluated again."""
DECISION = (EVALUATE, AWARD, REPORT)
"""The commands whose outputs show the decision; a superseding evaluate moves them all."""


@dataclass(frozen=True)
class Change:
    """A file whose bytes differ from what an entry recorded (``None``: absent)."""

    path: str
    old: str | None
    new: str | None

    def what(self, since: str) -> str:
        """``changed since the award (sha256 … → …)``."""
        if self.old is None:
            return f"added since {since} (sha256 {self.new})"
        if self.new is None:
            return f"removed since {since} (it had sha256 {self.old})"
        return f"changed since {since} (sha256 {self.old} → {self.new})"

    def describe(self, since: str) -> str:
        """``moderation.csv: changed since the award (sha256 … → …)``."""
        return f"{self.path}: {self.what(since)}"

    def to_dict(self) -> dict[str, str | None]:
        """As stored in a supersession."""
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Supersession:
    """An award superseded, by the entry that did it."""

    entry: Entry
    number: int
    award_line: int
    reason: str
    previous_winner: str | None
    new_winner: str | None
    folder: str
    changed: tuple[Change, ...]

    @property
    def winner_now(self) -> str:
        """The winner the supersession left, in words."""
        if self.entry.command == WITHDRAW:
            return "to be decided by a new evaluation (a bid was withdrawn)"
        return self.new_winner or "none"

    def describe(self) -> str:
        """One line for ``verify`` and ``history``."""
        return (f"supersession {self.number} at audit line {self.entry.number} "
                f"({self.entry.time}, `{self.entry.command}`): the award of line "
                f"{self.award_line} to {self.previous_winner or 'no one'} was superseded; "
                f"winner now {self.winner_now}; reason: \"{self.reason}\"; "
                f"earlier outputs in {self.folder}/")


@dataclass(frozen=True)
class Lifecycle:
    """Where a lot stands, from its chain."""

    evaluation: Entry | None
    """The last ``tender evaluate`` entry."""
    award: Entry | None
    """The award in force (None before one, or after it was superseded by an evaluation)."""
    supersessions: tuple[Supersession, ...]

    @property
    def state(self) -> str:
        """``open``, ``evaluated`` or ``awarded``."""
        if self.award is not None:
            return "awarded"
        return "evaluated" if self.evaluation is not None else "open"

    def describe(self) -> str:
        """The state in words."""
        if self.award is not None:
            return (f"awarded to {self.award.data.get('winner') or '?'} (audit line "
                    f"{self.award.number}, {self.award.time})")
        if self.evaluation is None:
            return "open: not evaluated yet"
        last = self.supersessions[-1] if self.supersessions else None
        after = ""
        if last is not None and last.entry.number > self.evaluation.number \
                and last.entry.command == WITHDRAW:
            after = (f"; a bid was withdrawn at line {last.entry.number}, superseding the "
                     f"award of line {last.award_line}: not evaluated again yet")
        elif last is not None and last.entry.number >= self.evaluation.number:
            after = (f"; the award of line {last.award_line} was superseded at line "
                     f"{last.entry.number}, not awarded again yet")
        return (f"evaluated (audit line {self.evaluation.number}): "
                f"{self.evaluation.data.get('winner') or 'no bid'} ranked first{after}")


def lifecycle(chain: Chain) -> Lifecycle:
    """The state the chain's entries lead to."""
    evaluation = award = None
    supersessions = []
    for entry in chain.entries:
        if not entry.valid or entry.command not in (EVALUATE, AWARD, WITHDRAW):
            continue
        record = entry.data.get("supersedes")
        if isinstance(record, Mapping):
            supersessions.append(_supersession(entry, record))
        if entry.command == EVALUATE:
            evaluation = entry
            if isinstance(record, Mapping):
                award = None
        elif entry.command == WITHDRAW:
            if isinstance(record, Mapping):
                award = None
        else:
            award = entry
    return Lifecycle(evaluation, award, tuple(supersessions))


def _supersession(entry: Entry, record: Mapping[str, Any]) -> Supersession:
    changed = tuple(Change(str(c.get("path")), c.get("old"), c.get("new"))
                    for c in record.get("changed", []) if isinstance(c, Mapping))
    return Supersession(entry=entry, number=int(record.get("number", 0)),
                        award_line=int(record.get("award_line", 0)),
                        reason=str(record.get("reason", "")),
                        previous_winner=record.get("previous_winner"),
                        new_winner=record.get("new_winner"),
                        folder=str(record.get("folder", SUPERSEDED_DIR)), changed=changed)


def current_hashes(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each workspace-relative path that is a file now."""
    return {p: sha256_of(root / p) for p in paths if (root / p).is_file()}


def changes(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[Change]:
    """Inputs (paths outside ``out/``) added, removed or changed, sorted by path."""
    found = []
    for path in sorted(set(recorded) | set(current)):
        if path.startswith(f"{OUT_DIR}/") or recorded.get(path) == current.get(path):
            continue
        found.append(Change(path, recorded.get(path), current.get(path)))
    return found


@dataclass(frozen=True)
class Record:
    """The last thing the chain says about one file."""

    sha256: str
    entry: Entry
    output: bool
    """The entry wrote the file (else it read it)."""


def last_records(chain: Chain, *, outputs_only: bool = False) -> dict[str, Record]:
    """Each path → the last record of it: an input read or an output written (only
    outputs with ``outputs_only``); paths a supersession moved away, or a later command
    removed, are dropped."""
    latest: dict[str, Record] = {}
    for entry in chain.entries:
        if not entry.valid:
            continue
        if not outputs_only:
            latest |= {p: Record(d, entry, output=False) for p, d in entry.inputs.items()}
        for path in (*moved_away(entry), *entry.removed):
            latest.pop(path, None)
        latest |= {p: Record(d, entry, output=True) for p, d in entry.outputs.items()}
    return latest


def writers(chain: Chain) -> dict[str, Entry]:
    """Each path → the last entry that wrote it (paths a supersession moved away dropped)."""
    return {path: r.entry for path, r in last_records(chain, outputs_only=True).items()}


def moved_away(entry: Entry) -> list[str]:
    """The paths a superseding entry moved to ``out/superseded/N/``."""
    return [m["from"] for m in _moves(entry)]


def _moves(entry: Entry) -> list[dict[str, str]]:
    record = entry.data.get("supersedes")
    if not isinstance(record, Mapping):
        return []
    return [{"from": m["from"], "to": m["to"]} for m in record.get("moved", [])
            if isinstance(m, Mapping) and isinstance(m.get("from"), str)
            and isinstance(m.get("to"), str)]


def superseded_outputs(root: Path, chain: Chain, life: Lifecycle, commands: Iterable[str]
                       ) -> tuple[int, list[tuple[str, str]]]:
    """The next supersession's number and the moves of the current outputs of ``commands``
    to ``out/superseded/N/`` (their paths under ``out/`` kept)."""
    number = len(life.supersessions) + 1
    while (root / SUPERSEDED_DIR / str(number)).exists():
        number += 1
    wanted = set(commands)
    moves = []
    for path, entry in sorted(writers(chain).items()):
        if (entry.command in wanted and path.startswith(f"{OUT_DIR}/")
                and not path.startswith(f"{SUPERSEDED_DIR}/") and (root / path).is_file()):
            moves.append((path, f"{SUPERSEDED_DIR}/{number}/{path[len(OUT_DIR) + 1:]}"))
    return number, moves


def supersedes_record(number: int, award: Entry, reason: str, new_winner: str | None,
                      changed: Iterable[Change], moves: Iterable[tuple[str, str]]
                      ) -> dict[str, Any]:
    """The ``supersedes`` object of the superseding entry."""
    return {"number": number, "award_line": award.number, "reason": reason,
            "previous_winner": award.data.get("winner"), "new_winner": new_winner,
            "folder": f"{SUPERSEDED_DIR}/{number}",
            "changed": [c.to_dict() for c in changed],
            "moved": [{"from": a, "to": b} for a, b in moves]}


# ---------------------------------------------------------------- history and seal


@dataclass(frozen=True)
class Event:
    """One entry of the timeline: its line, time, command and what it did, in words."""

    number: int
    time: str
    command: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """The chain as a timeline (``obc tender history``)."""

    events: tuple[Event, ...]
    state: str
    head: str
    broken: tuple[int, ...]
    """Lines where the chain is broken or that are not entries (see ``obc tender verify``)."""


def history(chain: Chain) -> History:
    """Every entry of the chain in words, the state it leads to and its head."""
    events = []
    for entry in chain.entries:
        if not entry.valid:
            events.append(Event(entry.number, "", "?", ("not an audit entry",)))
            continue
        events.append(Event(entry.number, entry.time, entry.command, tuple(_what(entry))))
    broken = tuple(e.number for e in chain.entries if not (e.valid and e.chained))
    return History(tuple(events), lifecycle(chain).describe(), chain.head, broken)


def _what(entry: Entry) -> list[str]:
    winner = entry.data.get("winner")
    written = ", ".join(p for p in entry.outputs if not p.startswith(f"{SUPERSEDED_DIR}/"))
    lines = []
    by = entry.data.get("by")
    if isinstance(by, Mapping):
        lines.append(f"by {by.get('name', '?')} ({by.get('role', '?')})")
    if entry.command == EVALUATE:
        lines.append(f"{winner} ranked first" if winner else "no bid ranked")
    elif entry.command == AWARD:
        lines.append(f"awarded to {winner}")
    withdrawal = entry.data.get("withdrawal")
    if entry.command == WITHDRAW and isinstance(withdrawal, Mapping):
        lines.append(f"withdrew the bid of {withdrawal.get('bidder')} "
                     f"({withdrawal.get('file')}): \"{withdrawal.get('reason')}\"")
    record = entry.data.get("supersedes")
    if isinstance(record, Mapping):
        s = _supersession(entry, record)
        lines.append(f"SUPERSEDES the award of line {s.award_line} (supersession {s.number})")
        lines.append(f"reason: \"{s.reason}\"")
        lines.append(f"winner: {s.previous_winner or 'no one'} → {s.winner_now}")
        lines += [c.describe("the award") for c in s.changed]
        lines.append(f"earlier outputs moved to {s.folder}/")
    if written:
        lines += textwrap.wrap(f"wrote {written}", 72, subsequent_indent="  ",
                               break_on_hyphens=False)
    return lines


@dataclass(frozen=True)
class Seal:
    """The chain's head, to be published or e-mailed (``obc tender seal``)."""

    head: str
    entries: int
    last: Entry | None
    state: str

    @property
    def text(self) -> str:
        """The seal as a short text to publish or e-mail."""
        last = (f"{self.last.command} at {self.last.time} (audit line {self.last.number})"
                if self.last is not None else "none")
        return "\n".join([
            "obc tender seal",
            f"audit entries: {self.entries}; the last: {last}",
            f"state: {self.state}",
            f"chain head (SHA-256 of the last line of out/audit.jsonl): {self.head}",
            "",
            "Keep this where the workspace's holders cannot change it. Anyone with a copy",
            "of the workspace can check that its record was not rewritten since:",
            f"    obc tender verify WORKSPACE --sealed {self.head}",
            ""])


def seal(chain: Chain) -> Seal:
    """The seal of the chain as it is."""
    return Seal(chain.head, len(chain.entries), chain.entries[-1] if chain.entries else None,
                lifecycle(chain).describe())
