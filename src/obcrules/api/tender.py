"""The ``obc tender`` commands as functions over a workspace folder.

Each opens the workspace (`UsageError` if the folder does not exist,
`TenderError` if it is not a usable workspace), runs one step of
`obcrules.tender.workflow`, which records it in the audit trail, and returns
what it wrote as an `Outcome` (with the step's findings where it has any).
Errors in the inputs raise `TenderError`, each problem named by file and place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.errors import UsageError
from obcrules.api.reports import report_evaluation
from obcrules.plugins.manager import Registry

if TYPE_CHECKING:
    from obcrules.reports.documents import ReportFiles
    from obcrules.tender.audit import Verification
    from obcrules.tender.evaluation import Evaluation
    from obcrules.tender.moderation import ModeratedItem
    from obcrules.tender.workflow import Outcome
    from obcrules.tender.workspace import Workspace


def _folder(directory: str | Path) -> Path:
    root = Path(directory)
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    return root


def _workspace(directory: str | Path, registry: Registry | None) -> Workspace:
    from obcrules.tender.workspace import open_workspace

    return open_workspace(_folder(directory), registry)


def tender_init(directory: str | Path, ruleset: str | Path, lot: str,
                evaluators: Sequence[str] = (), abnormally_low: str | Decimal = "30%",
                registry: Registry | None = None) -> Outcome:
    """Create a tender workspace in ``directory`` for ``lot`` of a ruleset (``obc tender
    init``), copying the ruleset in if it is elsewhere.

    ``abnormally_low``: flag a price this far below the mean of the other compliant
    bids (``"30%"`` or ``Decimal("0.3")``). Raises `UsageError` (with ``argument``)
    for a threshold that is not a percentage between 0% and 100% or a ruleset file
    that does not exist, and `TenderError` for a folder that is already a
    workspace, a ruleset with errors, an unknown lot or missing evaluators.
    """
    from obcrules.tender.config import parse_fraction
    from obcrules.tender.workflow import init_workspace

    threshold = parse_fraction(abnormally_low)
    if threshold is None or not 0 < threshold < 1:
        raise UsageError("give a percentage such as 30%", argument="abnormally_low")
    path = Path(ruleset)
    if not path.is_file():
        raise UsageError(f"no such file: {path}", argument="ruleset")
    return init_workspace(Path(directory), path, lot, evaluators, threshold, registry)


def tender_template(directory: str | Path, registry: Registry | None = None) -> Outcome:
    """Write the bid return template, ``out/bid-template.yaml`` and ``.xlsx`` (``obc tender
    template``). Raises `UsageError` or `TenderError` (see the module)."""
    from obcrules.tender.workflow import write_bid_forms

    return write_bid_forms(_workspace(directory, registry))


def tender_scoresheets(directory: str | Path, registry: Registry | None = None) -> Outcome:
    """Write one blank score sheet (CSV and XLSX) per evaluator for the bids that passed
    the gates, in ``out/scoresheets/`` (``obc tender scoresheets``). Raises `UsageError`
    or `TenderError` (see the module)."""
    from obcrules.tender.workflow import write_sheets

    return write_sheets(_workspace(directory, registry))


def tender_moderate(directory: str | Path, registry: Registry | None = None
                    ) -> tuple[list[ModeratedItem], Outcome]:
    """The items that still need an agreed score in ``moderation.csv``, also written to
    ``out/moderation-todo.csv`` (``obc tender moderate``). Raises `UsageError` or
    `TenderError` (see the module)."""
    from obcrules.tender.workflow import moderation_todo

    return moderation_todo(_workspace(directory, registry))


def tender_evaluate(directory: str | Path, registry: Registry | None = None
                    ) -> tuple[Evaluation, Outcome]:
    """Evaluate the bids: gates, scores, moderation, ranking; write ``out/evaluation.json``
    (``obc tender evaluate``). Raises `UsageError` or `TenderError` (see the module),
    e.g. when an item still needs an agreed score."""
    from obcrules.tender.workflow import run_evaluation

    return run_evaluation(_workspace(directory, registry))


def tender_award(directory: str | Path, date: dt.date | None = None,
                 registry: Registry | None = None) -> tuple[Evaluation, Outcome]:
    """Write ``out/contract.yaml`` and ``out/ocds.json`` for the winning bid (``obc tender
    award``); ``date`` is the award date (default: today, UTC). Raises `UsageError` or
    `TenderError` (see the module), e.g. when the inputs no longer give the published
    ``out/evaluation.json``."""
    from obcrules.tender.workflow import run_award

    return run_award(_workspace(directory, registry), date)


def tender_verify(directory: str | Path) -> Verification:
    """Check the audit trail of a workspace (``obc tender verify``): the hash chain and
    every recorded file. Returns what it found (``ok`` when nothing changed outside
    obc); raises `UsageError` if the folder does not exist."""
    from obcrules.tender.audit import verify

    return verify(_folder(directory))


@dataclass(frozen=True)
class TenderReport:
    """The files `tender_report` wrote."""

    evaluation: ReportFiles
    """``out/evaluation.html`` (and ``.pdf``)."""
    feedback: list[ReportFiles]
    """One assessment summary per bidder, in the evaluation's order."""
    feedback_dir: Path
    """``out/feedback``."""


def tender_report(workspace: str | Path = ".", *, templates: Path | None = None,
                  pdf: bool = True, registry: Registry | None = None) -> TenderReport:
    """Write the evaluation report and one assessment summary per bidder from
    ``out/evaluation.json`` (``obc tender report``), and record them in the audit
    trail so that `tender_verify` knows them.

    Raises `UsageError` when there is no ``out/evaluation.json`` (run
    `tender_evaluate` first) and `ReportError` when a template cannot be rendered.
    """
    from obcrules.tender import audit
    from obcrules.tender.workflow import EVALUATION_FILE
    from obcrules.tender.workspace import OUT_DIR

    root = Path(workspace)
    result = root / EVALUATION_FILE
    if not result.is_file():
        raise UsageError(f"{result} does not exist; run `obc tender evaluate` first")
    written = report_evaluation(result, root / OUT_DIR, templates=templates, pdf=pdf,
                                registry=registry)
    # The reports are outputs of the workspace like any other: record them in the
    # audit trail so that `obc tender verify` knows them and detects a later edit.
    outputs = [p for files in written for p in (files.html, files.pdf) if p is not None]
    audit.append(root, "tender report", [result], outputs)
    return TenderReport(written[0], written[1:], root / OUT_DIR / "feedback")
