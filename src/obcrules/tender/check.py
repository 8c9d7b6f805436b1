"""``obc tender check``: every problem of a workspace's inputs, as early as it can be found.

`check_workspace` reads what the workspace holds so far (``obc.toml``, the
ruleset, every bid, each score sheet returned, ``moderation.csv``) and lists
every problem with its file, field, cell or row and what to do, without writing
anything. A score sheet not returned yet is a note, not a problem; so is a bid
excluded by a gate (that is the evaluation's finding, not a fault of the file).
`bid_problems` is the listing of invalid bids that ``scoresheets``,
``moderate`` and ``evaluate`` print too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from obcrules.plugins.manager import Registry
from obcrules.tender.bids import InvalidBid
from obcrules.tender.config import CONFIG_NAME
from obcrules.tender.evaluation import gate_bids
from obcrules.tender.moderation import load_moderation
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.scoresheets import load_scores
from obcrules.tender.workspace import (
    MODERATION_FILE,
    SCORES_DIR,
    Workspace,
    open_workspace,
)

SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass
class WorkspaceCheck:
    """What `check_workspace` read and found. ``ok`` when there is no problem."""

    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    """What was read, in words (``obc.toml``, ``4 bids``, ``scores/alice.csv``)."""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input has a problem."""
        return not self.problems


def bid_problems(invalid: Iterable[InvalidBid]) -> list[Problem]:
    """Every problem of every invalid bid, in file order."""
    return [problem for bid in invalid for problem in bid.problems]


def check_workspace(root: Path, registry: Registry | None = None) -> WorkspaceCheck:
    """Check every input of the workspace in ``root`` (see the module)."""
    result = WorkspaceCheck()
    try:
        ws = open_workspace(root, registry)
    except TenderError as exc:
        result.problems += exc.problems or [Problem(CONFIG_NAME, "", exc.summary)]
        result.notes.append("the bids and score sheets are checked once obc.toml and the "
                            "ruleset are usable")
        return result
    result.checked += [CONFIG_NAME, ws.config.ruleset]
    try:
        found = gate_bids(ws)
    except TenderError as exc:  # out/withdrawals.json not as `tender withdraw` wrote it
        result.problems += exc.problems
        return result
    result.problems += bid_problems(found.bids.invalid)
    result.checked.append(f"{len(found.bids.files)} bid(s)")
    for bidder, failures in sorted(found.gate_reasons.items()):
        result.notes += [f"excluded by the gates: {bidder}: {reason}" for reason in failures]
    result.notes += [f"withdrawn, so not evaluated: {w.bidder} ({w.withdrawal.file})"
                     for w in found.withdrawn]
    known = found.known_bidders
    _check_sheets(ws, known, [b.bidder for b in found.gated], result)
    try:
        _, moderation = load_moderation(ws, known)
    except TenderError as exc:
        result.problems += exc.problems
        result.checked.append(MODERATION_FILE)
    else:
        if moderation is not None:
            result.checked.append(MODERATION_FILE)
    return result


def _check_sheets(ws: Workspace, known: set[str], scored: list[str],
                  result: WorkspaceCheck) -> None:
    try:
        load_scores(ws, known, scored, missing_ok=True)
    except TenderError as exc:
        result.problems += exc.problems
    folder = ws.root / SCORES_DIR
    present = sorted(p for p in folder.iterdir() if p.is_file()
                     and not p.name.startswith((".", "~$"))) if folder.is_dir() else []
    evaluators = ws.config.evaluators
    for path in present:
        if path.suffix.lower() not in SHEET_SUFFIXES:
            result.problems.append(Problem(ws.relative(path), "", "is not a score sheet",
                                           "return sheets as EVALUATOR.csv or .xlsx"))
        elif path.stem not in evaluators:
            result.problems.append(Problem(
                ws.relative(path), "", "is not the score sheet of an evaluator: "
                f"{CONFIG_NAME} lists {', '.join(evaluators) or 'none'}",
                "name it EVALUATOR.csv or .xlsx, or add the evaluator to obc.toml"))
        else:
            result.checked.append(ws.relative(path))
    returned = {p.stem for p in present if p.suffix.lower() in SHEET_SUFFIXES}
    awaited = ("not returned yet" if scored else
               "not returned (none is needed while no bid passes the gates)")
    result.notes += [f"{SCORES_DIR}/{e}: {awaited}" for e in evaluators if e not in returned]
