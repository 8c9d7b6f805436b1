"""The ``obc tender`` commands as functions over a workspace folder.

Each opens the workspace (`UsageError` if the folder does not exist,
`TenderError` if it is not a usable workspace), runs one step of
`obcrules.tender.workflow`, which holds the workspace lock, puts its outputs in
place together and records them in the audit trail, and returns what it wrote
as an `Outcome` (with the step's findings where it has any). Errors in the
inputs raise `TenderError`, each problem named by file and place. `tender_check`,
`tender_verify`, `tender_history` and `tender_seal` only read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.errors import UsageError
from obcrules.api.reports import checked_variant, report_evaluation
from obcrules.plugins.manager import Registry

if TYPE_CHECKING:
    from obcrules.reports.documents import ReportFiles
    from obcrules.tender.check import WorkspaceCheck
    from obcrules.tender.evaluation import Evaluation
    from obcrules.tender.lifecycle import History, Seal
    from obcrules.tender.moderation import ModeratedItem
    from obcrules.tender.people import Person
    from obcrules.tender.verification import Verification
    from obcrules.tender.withdrawals import Withdrawal
    from obcrules.tender.workflow import Outcome
    from obcrules.tender.workspace import Workspace

SEALED = re.compile(r"(?:sha256:)?([0-9a-fA-F]{64})")
MAX_REASON = 2000
"""The longest reason for a withdrawal (characters): it is published in every report."""


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


def _reason(supersede: bool, reason: str | None) -> str | None:
    """The reason to supersede an award with, checked: both or neither, and not blank."""
    if reason is not None and not supersede:
        raise UsageError("a reason is recorded only when superseding an award: add --supersede",
                         argument="supersede")
    if supersede and (reason is None or not reason.strip()):
        raise UsageError("say why the award is superseded; the reason is recorded in the "
                         "audit trail", argument="reason")
    return " ".join(reason.split()) if supersede and reason is not None else None


def tender_evaluate(directory: str | Path, registry: Registry | None = None, *,
                    supersede: bool = False, reason: str | None = None,
                    by: Person | None = None) -> tuple[Evaluation, Outcome]:
    """Evaluate the bids: gates, scores, moderation, ranking; write ``out/evaluation.json``
    (``obc tender evaluate``).

    Once the lot is awarded, a changed evaluation is refused (`TenderError` naming the
    award and each input changed since, with its old and new SHA-256) unless
    ``supersede`` with a ``reason``: the award's outputs then move to
    ``out/superseded/N/`` and the supersession is recorded. Raises `UsageError` for
    ``supersede`` without a reason (or a reason without it), or `TenderError` (see the
    module), e.g. when an item still needs an agreed score. ``by``: the signed-in person
    who asked (``obc serve``), recorded in the audit entry."""
    from obcrules.tender.workflow import run_evaluation

    why = _reason(supersede, reason)
    return run_evaluation(_workspace(directory, registry), supersede=why,
                          by=by.by() if by else None)


def tender_award(directory: str | Path, date: dt.date | None = None,
                 registry: Registry | None = None, *, supersede: bool = False,
                 reason: str | None = None, by: Person | None = None
                 ) -> tuple[Evaluation, Outcome]:
    """Write ``out/contract.yaml`` and ``out/ocds.json`` for the winning bid (``obc tender
    award``); ``date`` is the award date (default: today, UTC).

    Raises `TenderError` when the inputs no longer give the published
    ``out/evaluation.json``, and, once the lot is awarded, when the award would be
    rewritten (e.g. with another date) unless ``supersede`` with a ``reason``. Raises
    `UsageError` as `tender_evaluate` does; ``by`` as for `tender_evaluate`."""
    from obcrules.tender.workflow import run_award

    why = _reason(supersede, reason)
    return run_award(_workspace(directory, registry), date, supersede=why,
                     by=by.by() if by else None)


def tender_withdraw(directory: str | Path, bidder: str, reason: str,
                    registry: Registry | None = None, *, supersede: bool = False,
                    by: Person | None = None) -> tuple[Withdrawal, Outcome]:
    """Record that ``bidder`` withdrew its bid, and why (``obc tender withdraw``):
    ``out/withdrawals.json`` and the audit trail keep who, when and why; the bid file
    stays in ``bids/`` and from now on is listed as withdrawn, not evaluated.
    ``bidder`` is the bidder as its bid names it (any case) or the bid's file.

    Once the lot is awarded, a withdrawal is refused (`TenderError` naming the award
    and what to run) unless ``supersede``: the award's outputs and its evaluation then
    move to ``out/superseded/N/``, the withdrawal's reason recorded as the
    supersession's, and the lot is evaluated and awarded again. Raises `UsageError`
    for a blank reason, `TenderError` for a bidder with no bid, or one already
    withdrawn. ``by`` as for `tender_evaluate`. The reason is one line of plain text, at
    most `MAX_REASON` characters."""
    from obcrules.redaction import printable
    from obcrules.tender.workflow import run_withdrawal

    said = " ".join(reason.split())
    if not said:
        raise UsageError("say why the bid is withdrawn; the reason is recorded in the audit "
                         "trail and published with the evaluation", argument="reason")
    if printable(said) != said or len(said) > MAX_REASON:
        raise UsageError(f"give the reason as plain text of at most {MAX_REASON:,} characters "
                         "(no control characters): it is published with the evaluation",
                         argument="reason")
    return run_withdrawal(_workspace(directory, registry), bidder, said,
                          supersede=supersede, by=by.by() if by else None)


def tender_verify(directory: str | Path, *, sealed: str | None = None) -> Verification:
    """Check a workspace against its audit trail (``obc tender verify``): the hash chain,
    every recorded file, outputs older than the evaluation they show, an interrupted
    command; with ``sealed`` (the head ``obc tender seal`` printed), that the chain still
    holds that line. Returns what it found (``ok`` when nothing is unexplained). Raises
    `UsageError` if the folder does not exist or ``sealed`` is not a SHA-256."""
    from obcrules.tender.verification import verify

    root = _folder(directory)
    if sealed is not None:
        match = SEALED.fullmatch(sealed.strip())
        if match is None:
            raise UsageError("give the 64 hexadecimal digits `obc tender seal` printed",
                             argument="sealed")
        sealed = match.group(1).lower()
    return verify(root, sealed)


def tender_history(directory: str | Path) -> History:
    """The audit trail as a timeline (``obc tender history``): every command with what it
    did, each supersession with its reason, the state of the award and the chain's head.
    Raises `UsageError` if the folder does not exist."""
    from obcrules.tender.audit import read_chain
    from obcrules.tender.lifecycle import history

    return history(read_chain(_folder(directory)))


def tender_seal(directory: str | Path) -> Seal:
    """The chain's head in a form to publish or e-mail (``obc tender seal``); a copy of the
    workspace is later checked against it with ``tender_verify(sealed=...)``. Raises
    `TenderError` when nothing is recorded yet or the workspace does not verify (a seal
    would vouch for what cannot be vouched for), `UsageError` if the folder does not
    exist."""
    from obcrules.tender.audit import AUDIT_FILE, read_chain
    from obcrules.tender.lifecycle import seal
    from obcrules.tender.problems import TenderError
    from obcrules.tender.verification import verify

    root = _folder(directory)
    if not read_chain(root).entries:
        raise TenderError(f"nothing to seal: {AUDIT_FILE} has no entries")
    found = verify(root)
    if not found.ok:
        raise TenderError(f"the workspace does not verify ({len(found.findings)} finding(s)), "
                          "so its chain is not sealed: run `obc tender verify` and settle "
                          "them first")
    return seal(read_chain(root))


def tender_check(directory: str | Path, registry: Registry | None = None) -> WorkspaceCheck:
    """Check every input of a workspace so far (``obc tender check``): obc.toml, the
    ruleset, every bid, each returned score sheet and moderation.csv. Returns every
    problem with its file and place (``ok`` when there is none); writes nothing. Raises
    `UsageError` if the folder does not exist."""
    from obcrules.tender.check import check_workspace

    return check_workspace(_folder(directory), registry)


@dataclass(frozen=True)
class TenderReport:
    """The files `tender_report` wrote."""

    evaluation: ReportFiles
    """``out/evaluation.html`` (and ``.pdf``)."""
    feedback: list[ReportFiles]
    """One assessment summary per bidder, in the evaluation's order."""
    feedback_dir: Path
    """``out/feedback``."""
    removed: list[Path]
    """Files the earlier report wrote that this one did not write again (a PDF, the
    summary of a bidder no longer evaluated), deleted with it."""


def tender_report(workspace: str | Path = ".", *, templates: Path | None = None,
                  pdf: bool = True, registry: Registry | None = None,
                  pdf_variant: str = "pdf/ua-1", by: Person | None = None) -> TenderReport:
    """Write the evaluation report and one assessment summary per bidder from
    ``out/evaluation.json`` (``obc tender report``), and record them in the audit
    trail so that `tender_verify` knows them. ``pdf_variant``: see
    `obcrules.api.pdf_variants.PDF_VARIANTS`.

    Raises `UsageError` when there is no ``out/evaluation.json`` (run
    `tender_evaluate` first) and `ReportError` when a template cannot be rendered.
    ``by`` as for `tender_evaluate`.
    """
    from dataclasses import replace

    from obcrules.tender.lifecycle import REPORT
    from obcrules.tender.transaction import running
    from obcrules.tender.workspace import EVALUATION_FILE, OUT_DIR

    checked_variant(pdf_variant)
    root = Path(workspace)
    result = root / EVALUATION_FILE
    if not result.is_file():
        raise UsageError(f"{result} does not exist; run `obc tender evaluate` first")
    # The reports are outputs of the workspace like any other: staged, put in place
    # together and recorded in the audit trail, so that `obc tender verify` knows
    # them and the evaluation they show.
    with running(root, REPORT, by=by.by() if by else None) as run:
        staged = report_evaluation(result, run.folder(OUT_DIR), templates=templates, pdf=pdf,
                                   registry=registry, pdf_variant=pdf_variant)
        removed = run.retire_unwritten(REPORT)
        run.commit([result])
    written = [replace(files, html=run.final(files.html),
                       pdf=run.final(files.pdf) if files.pdf is not None else None)
               for files in staged]
    return TenderReport(written[0], written[1:], root / OUT_DIR / "feedback", removed)
