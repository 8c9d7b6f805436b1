"""Withdrawn bids: ``out/withdrawals.json``, written only by ``obc tender withdraw``.

A bidder may withdraw its bid. The bid file stays in ``bids/`` (it was received,
and the record must show what was withdrawn), but the bid is no longer evaluated:
it passes no gate, is on no score sheet, and the evaluation lists it with status
``withdrawn`` and its reason; evaluators' rows for it in a returned sheet, and
agreed scores for it in ``moderation.csv``, are ignored rather than errors.

Each withdrawal is one object of the file::

    {"schema": "obcrules.withdrawals/1",
     "withdrawals": [{"bidder": "Acme Care Ltd", "file": "bids/acme.yaml",
                      "sha256": "<of the bid file when it was withdrawn>",
                      "reason": "…", "time": "2026-03-02T10:15:00Z",
                      "by": {"person", "name", "role"} or null}]}

and the ``tender withdraw`` entry that wrote it in ``out/audit.jsonl`` carries the
same facts as ``withdrawal``. The file is read only if it is what the last such
entry recorded: a withdrawal typed in by hand, or one deleted, stops the
evaluation (`load_withdrawals`), so a bid leaves the evaluation only through the
command, with who, when and why on the record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obcrules.redaction import printable
from obcrules.tender.audit import AUDIT_FILE, read_chain, sha256_of
from obcrules.tender.bidder_names import identity
from obcrules.tender.bids import Bid, BidSet, InvalidBid
from obcrules.tender.lifecycle import WITHDRAW, writers
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.workspace import WITHDRAWALS_FILE

SCHEMA = "obcrules.withdrawals/1"


@dataclass(frozen=True)
class Withdrawal:
    """One withdrawn bid: whose, which file (and its SHA-256 then), why, when, by whom."""

    bidder: str
    file: str
    sha256: str | None
    reason: str
    time: str
    by: Mapping[str, str] | None = None

    @property
    def statement(self) -> str:
        """``withdrawn by the bidder on 2026-03-02: …``: the reason the evaluation gives."""
        return f"withdrawn by the bidder on {self.time[:10]}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """As stored in ``out/withdrawals.json`` and the audit entry."""
        return {"bidder": self.bidder, "file": self.file, "sha256": self.sha256,
                "reason": self.reason, "time": self.time,
                "by": dict(self.by) if self.by else None}


@dataclass(frozen=True)
class WithdrawnBid:
    """A withdrawn bid as the evaluation lists it: the withdrawal, and the bid as read
    now (None when its file no longer reads as a valid bid, or is gone)."""

    withdrawal: Withdrawal
    bid: Bid | None

    @property
    def bidder(self) -> str:
        """The bidder, as the withdrawal named it."""
        return self.withdrawal.bidder


def load_withdrawals(root: Path) -> tuple[list[Withdrawal], Path | None]:
    """The withdrawals on record, and the file when there is one.

    `TenderError` when ``out/withdrawals.json`` is not what the last ``tender
    withdraw`` entry of the audit trail wrote: edited, written by hand, or deleted.
    """
    path = root / WITHDRAWALS_FILE
    writer = writers(read_chain(root)).get(WITHDRAWALS_FILE)
    recorded = writer.outputs.get(WITHDRAWALS_FILE) if writer is not None else None
    if not path.is_file():
        if recorded is not None:
            raise TenderError(f"{WITHDRAWALS_FILE} is missing", [Problem(
                WITHDRAWALS_FILE, "", f"`{WITHDRAW}` wrote it at {AUDIT_FILE} line "
                f"{writer.number if writer else '?'}, and it is gone",
                "restore it from a copy: a withdrawal is undone by no command")])
        return [], None
    if recorded != sha256_of(path):
        where = (f"differs from what `{WITHDRAW}` wrote at {AUDIT_FILE} line {writer.number}"
                 if writer is not None else f"no `{WITHDRAW}` in {AUDIT_FILE} wrote it")
        raise TenderError(f"{WITHDRAWALS_FILE} was not written by `obc tender withdraw`",
                          [Problem(WITHDRAWALS_FILE, "", where,
                                   "restore it, or delete it and record each withdrawal "
                                   "with `obc tender withdraw`")])
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Withdrawal(bidder=w["bidder"], file=w["file"], sha256=w.get("sha256"),
                       reason=w["reason"], time=w["time"], by=w.get("by"))
            for w in data["withdrawals"]], path


def render_withdrawals(withdrawals: Iterable[Withdrawal]) -> bytes:
    """The bytes of ``out/withdrawals.json``: in the order recorded, keys sorted."""
    data = {"schema": SCHEMA, "withdrawals": [w.to_dict() for w in withdrawals]}
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def set_aside(bids: BidSet, withdrawals: Iterable[Withdrawal]) -> tuple[BidSet, list[WithdrawnBid]]:
    """The bids without the withdrawn ones, and the withdrawn ones by bidder. A withdrawn
    bid's file stays among the files read (the evaluation records what was withdrawn)."""
    by_file = {w.file: w for w in withdrawals}
    valid = {b.file: b for b in bids.valid}
    kept = BidSet(valid=[b for b in bids.valid if b.file not in by_file],
                  invalid=[b for b in bids.invalid if b.file not in by_file],
                  files=bids.files)
    withdrawn = [WithdrawnBid(w, valid.get(w.file)) for w in by_file.values()]
    return kept, sorted(withdrawn, key=lambda w: (w.bidder, w.withdrawal.file))


def find_bid(bids: BidSet, wanted: str) -> Bid | InvalidBid:
    """The bid of the bidder ``wanted`` (compared as bids compare bidders, `identity`:
    whatever the case and spacing) or in the file ``wanted`` (``bids/acme.yaml`` or
    ``acme.yaml``); `TenderError` naming the bids there are when there is none, or more
    than one."""
    every: list[Bid | InvalidBid] = [*bids.valid, *bids.invalid]
    key = identity(wanted)
    found = [b for b in every if identity(b.bidder) == key
             or b.file == wanted or Path(b.file).name == wanted]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{b.bidder} ({b.file})" for b in sorted(every, key=lambda b: b.file))
    wanted = printable(wanted)
    if not found:
        raise TenderError(f"no bid in bids/ is from `{wanted}` or in a file of that name",
                          [Problem("bids/", "", f"the bids are: {listed or 'none'}",
                                   "give the bidder as its bid names it, or the bid's file")])
    raise TenderError(f"more than one bid matches `{wanted}`",
                      [Problem(b.file, "", f"from {b.bidder}", "give the bid's file instead")
                       for b in found])
