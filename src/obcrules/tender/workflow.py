"""The commands of the tender workflow, as Python functions.

Each function reads the workspace, writes its outputs atomically under ``out/``
and appends one entry to the audit trail; the ``obc tender`` commands are thin
wrappers. Errors in inputs raise `TenderError` naming the file and place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from obcrules.io.atomic import write_bytes_atomic
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import check_file
from obcrules.tender import audit
from obcrules.tender.award import contract_data, render_contract, winning_bid
from obcrules.tender.bid_form import bid_form_xlsx, bid_form_yaml
from obcrules.tender.config import (
    CONFIG_NAME,
    DEFAULT_ABNORMALLY_LOW,
    TenderConfig,
    parse_config,
    render_config,
)
from obcrules.tender.evaluation import Evaluation, assess, evaluate
from obcrules.tender.moderation import ModeratedItem
from obcrules.tender.ocds import release_package
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.result import evaluation_data, render
from obcrules.tender.scoresheets import evaluator_criteria, write_scoresheets
from obcrules.tender.workspace import (
    BIDS_DIR,
    OUT_DIR,
    SCORES_DIR,
    Workspace,
    workspace_for,
)

EVALUATION_FILE = f"{OUT_DIR}/evaluation.json"
CONTRACT_FILE = f"{OUT_DIR}/contract.yaml"
OCDS_FILE = f"{OUT_DIR}/ocds.json"
MODERATION_TODO = f"{OUT_DIR}/moderation-todo.csv"


@dataclass
class Outcome:
    """What a command did: files written (workspace-relative) and lines to tell the user."""

    written: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def init_workspace(root: Path, ruleset: Path, lot: str, evaluators: Sequence[str],
                   abnormally_low_price: Decimal = DEFAULT_ABNORMALLY_LOW,
                   registry: Registry | None = None) -> Outcome:
    """Create a workspace: folders, ``obc.toml`` and (if it is outside) a copy of the ruleset."""
    root.mkdir(parents=True, exist_ok=True)
    if (root / CONFIG_NAME).exists():
        raise TenderError(f"{root} is already a tender workspace (it has {CONFIG_NAME})")
    if not ruleset.is_file():
        raise TenderError(f"there is no ruleset file {ruleset}")
    try:
        relative = ruleset.resolve().relative_to(root.resolve()).as_posix()
        copy = False
    except ValueError:
        relative, copy = ruleset.name, True
    target = root / relative
    if copy and target.exists() and target.read_bytes() != ruleset.read_bytes():
        raise TenderError(f"{target} exists and differs from {ruleset}; remove it or init "
                          "another folder")
    config = TenderConfig(ruleset=relative, lot=lot, evaluators=tuple(evaluators),
                          abnormally_low_price=abnormally_low_price)
    parse_config(render_config(config))  # refuses unusable evaluator ids before writing
    checked = check_file(ruleset, registry)
    ws = workspace_for(root, config, checked)
    if evaluator_criteria(ws.tender) and not evaluators:
        raise TenderError(f"lot `{lot}` has criteria scored by evaluators: name them with "
                          "--evaluator (one per evaluator)")
    written = []
    if copy:
        write_bytes_atomic(target, ruleset.read_bytes())
        written.append(target)
    for folder in (BIDS_DIR, SCORES_DIR, OUT_DIR):
        (root / folder).mkdir(exist_ok=True)
    write_bytes_atomic(root / CONFIG_NAME, render_config(config).encode("utf-8"))
    written.append(root / CONFIG_NAME)
    audit.append(root, "tender init", [target], written)
    return Outcome([ws.relative(p) for p in written],
                   [f"workspace ready in {root}: put bids in {BIDS_DIR}/, then run "
                    "`obc tender template` to give bidders the bid return"])


def write_bid_forms(ws: Workspace) -> Outcome:
    """``out/bid-template.yaml`` and ``out/bid-template.xlsx``."""
    paths = [ws.out / "bid-template.yaml", ws.out / "bid-template.xlsx"]
    write_bytes_atomic(paths[0], bid_form_yaml(ws))
    write_bytes_atomic(paths[1], bid_form_xlsx(ws))
    return _record(ws, "tender template", [ws.root / CONFIG_NAME, ws.ruleset_path], paths)


def write_sheets(ws: Workspace) -> Outcome:
    """Blank score sheets for each evaluator, for the bids that passed the gates."""
    found = assess(ws, with_scores=False)
    paths = write_scoresheets(ws, [b.bidder for b in found.gated])
    outcome = _record(ws, "tender scoresheets", found.inputs, paths)
    if not paths:
        outcome.messages.append("no criterion of this lot is scored by evaluators")
    for bid in found.bids.invalid:
        outcome.messages.append(f"not evaluated: {bid.file} ({len(bid.problems)} problem(s))")
    for bidder, reasons in sorted(found.gate_reasons.items()):
        if reasons:
            outcome.messages.append(f"excluded by the gates, so not on the sheets: {bidder}")
    return outcome


def moderation_todo(ws: Workspace) -> tuple[list[ModeratedItem], Outcome]:
    """The items still needing an agreed score, also written to ``out/moderation-todo.csv``."""
    found = assess(ws)
    pending = found.pending
    evaluators = list(ws.config.evaluators)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["bidder", "criterion", "score", "justification", *evaluators])
    for item in pending:
        writer.writerow([item.bidder, item.criterion, "", "",
                         *(f"{item.scores.get(e, '')}" for e in evaluators)])
    path = ws.root / MODERATION_TODO
    write_bytes_atomic(path, buffer.getvalue().encode("utf-8"))
    return pending, _record(ws, "tender moderate", found.inputs, [path])


def run_evaluation(ws: Workspace) -> tuple[Evaluation, Outcome]:
    """Evaluate and write ``out/evaluation.json``."""
    evaluation = evaluate(ws)
    path = ws.root / EVALUATION_FILE
    write_bytes_atomic(path, render(evaluation_data(ws, evaluation)))
    return evaluation, _record(ws, "tender evaluate", evaluation.assessment.inputs, [path])


def run_award(ws: Workspace, date: dt.date | None = None) -> tuple[Evaluation, Outcome]:
    """Write ``out/contract.yaml`` and ``out/ocds.json`` for the published evaluation's winner."""
    evaluation = evaluate(ws)
    published = ws.root / EVALUATION_FILE
    again = render(evaluation_data(ws, evaluation))
    if not published.is_file():
        raise TenderError("there is no out/evaluation.json: run `obc tender evaluate` first")
    if published.read_bytes() != again:
        raise TenderError(
            "the inputs no longer give out/evaluation.json (an input changed since the "
            "evaluation, or the evaluation file was edited)",
            [Problem(EVALUATION_FILE, "", "differs from a fresh evaluation",
                     "run `obc tender evaluate` again and review it before the award")])
    winning_bid(evaluation)
    contract = ws.root / CONTRACT_FILE
    ocds = ws.root / OCDS_FILE
    write_bytes_atomic(contract, render_contract(contract_data(ws, evaluation)))
    package = release_package(ws, evaluation, date or dt.datetime.now(dt.UTC).date())
    write_bytes_atomic(ocds, render(package))
    outcome = _record(ws, "tender award", [*evaluation.assessment.inputs, published],
                      [contract, ocds])
    return evaluation, outcome


def _record(ws: Workspace, command: str, inputs: Sequence[Path], outputs: Sequence[Path]
            ) -> Outcome:
    audit.append(ws.root, command, inputs, outputs)
    return Outcome([ws.relative(p) for p in outputs])

