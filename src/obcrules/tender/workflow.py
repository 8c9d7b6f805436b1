"""The commands of the tender workflow, as Python functions.

Each function that writes runs inside `obcrules.tender.transaction.running`: it
holds the workspace lock, stages its outputs under ``out/.commit/``, and puts
them in place together with its audit entry (or not at all). ``evaluate`` and
``award`` follow the award's lifecycle (`obcrules.tender.lifecycle`): once a lot
is awarded they refuse to change the decision, naming the award and every input
changed since, unless told to supersede it with a reason; so does ``withdraw``
(`run_withdrawal`), which records a bidder's withdrawal. The ``obc tender``
commands are thin wrappers. Errors in inputs raise `TenderError` naming the file
and place; invalid bids do not stop a command and are listed in
`Outcome.problems`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from obcrules.io.cells import csv_bytes
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import check_file
from obcrules.tender.audit import Chain, Entry, read_chain, sha256_of, utc_stamp
from obcrules.tender.award import contract_data, render_contract, winning_bid
from obcrules.tender.bid_form import bid_form_xlsx, bid_form_yaml
from obcrules.tender.bids import load_bids
from obcrules.tender.check import bid_problems
from obcrules.tender.config import (
    CONFIG_NAME,
    DEFAULT_ABNORMALLY_LOW,
    TenderConfig,
    parse_config,
    render_config,
)
from obcrules.tender.evaluation import Evaluation, assess, evaluate
from obcrules.tender.lifecycle import (
    AWARD,
    DECISION,
    EVALUATE,
    WITHDRAW,
    Change,
    Lifecycle,
    changes,
    current_hashes,
    lifecycle,
    superseded_outputs,
    supersedes_record,
    writers,
)
from obcrules.tender.moderation import ModeratedItem, panel_warnings
from obcrules.tender.ocds import release_package
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.result import evaluation_data, render
from obcrules.tender.scoresheets import evaluator_criteria, write_scoresheets
from obcrules.tender.transaction import Run, running
from obcrules.tender.withdrawals import (
    Withdrawal,
    find_bid,
    load_withdrawals,
    render_withdrawals,
)
from obcrules.tender.workspace import (
    BIDS_DIR,
    CONTRACT_FILE,
    EVALUATION_FILE,
    OCDS_FILE,
    OUT_DIR,
    SCORES_DIR,
    WITHDRAWALS_FILE,
    Workspace,
    workspace_for,
)

MODERATION_TODO = f"{OUT_DIR}/moderation-todo.csv"

__all__ = ["CONTRACT_FILE", "EVALUATION_FILE", "MODERATION_TODO", "OCDS_FILE", "Outcome",
           "init_workspace", "moderation_todo", "run_award", "run_evaluation",
           "run_withdrawal", "write_bid_forms", "write_sheets"]


@dataclass
class Outcome:
    """What a command did: files written (workspace-relative), lines to tell the user, and
    the problems of the bids it could not evaluate."""

    written: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    removed: dict[str, str] = field(default_factory=dict)
    """Earlier outputs deleted (workspace-relative) → why."""


def init_workspace(root: Path, ruleset: Path, lot: str, evaluators: Sequence[str],
                   abnormally_low_price: Decimal = DEFAULT_ABNORMALLY_LOW,
                   registry: Registry | None = None) -> Outcome:
    """Create a workspace: folders, ``obc.toml`` and (if it is outside) a copy of the ruleset."""
    if (root / CONFIG_NAME).exists():
        raise TenderError(f"{root} is already a tender workspace (it has {CONFIG_NAME})")
    if not ruleset.is_file():
        raise TenderError(f"there is no ruleset file {ruleset}")
    if root.exists() and not root.is_dir():
        raise TenderError(f"{root} is not a folder; give the folder to create the workspace in")
    root.mkdir(parents=True, exist_ok=True)
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
    with running(root, "tender init") as run:
        if (root / CONFIG_NAME).exists():
            raise TenderError(f"{root} is already a tender workspace (it has {CONFIG_NAME})")
        if copy:
            run.write(relative, ruleset.read_bytes())
        for folder in (BIDS_DIR, SCORES_DIR):
            (root / folder).mkdir(exist_ok=True)
        run.write(CONFIG_NAME, render_config(config).encode("utf-8"))
        return _done(run, [target], [f"workspace ready in {root}: put bids in {BIDS_DIR}/, "
                                     "then run `obc tender template` to give bidders the bid "
                                     "return", *panel_warnings(config.evaluators,
                                                               config.settle)])


def write_bid_forms(ws: Workspace) -> Outcome:
    """``out/bid-template.yaml`` and ``out/bid-template.xlsx``."""
    with running(ws.root, "tender template") as run:
        run.write(f"{OUT_DIR}/bid-template.yaml", bid_form_yaml(ws))
        run.write(f"{OUT_DIR}/bid-template.xlsx", bid_form_xlsx(ws))
        return _done(run, [ws.root / CONFIG_NAME, ws.ruleset_path])


def write_sheets(ws: Workspace) -> Outcome:
    """Blank score sheets for each evaluator, for the bids that passed the gates."""
    with running(ws.root, "tender scoresheets") as run:
        found = assess(ws, with_scores=False)
        paths = write_scoresheets(ws, [b.bidder for b in found.gated], run.folder(OUT_DIR))
        removed = run.retire_unwritten("tender scoresheets")  # an evaluator no longer listed
        outcome = _done(run, found.inputs)
    outcome.removed = {path.relative_to(ws.root).as_posix(): "the earlier sheets wrote it "
                       "and these did not (its evaluator is no longer on the panel)"
                       for path in removed}
    if not paths:
        outcome.messages.append("no criterion of this lot is scored by evaluators")
    for bidder, reasons in sorted(found.gate_reasons.items()):
        if reasons:
            outcome.messages.append(f"excluded by the gates, so not on the sheets: {bidder}")
    outcome.messages += [f"withdrawn, so not on the sheets: {w.bidder}" for w in found.withdrawn]
    outcome.problems = bid_problems(found.bids.invalid)
    return outcome


def moderation_todo(ws: Workspace) -> tuple[list[ModeratedItem], Outcome]:
    """The items still needing an agreed score, also written to ``out/moderation-todo.csv``."""
    with running(ws.root, "tender moderate") as run:
        found = assess(ws)
        pending = found.pending
        evaluators = list(ws.config.evaluators)
        rows: list[list[object]] = [["bidder", "criterion", "score", "justification",
                                     *evaluators]]
        rows += [[item.bidder, item.criterion, "", "",
                  *(f"{item.scores.get(e, '')}" for e in evaluators)] for item in pending]
        run.write(MODERATION_TODO, csv_bytes(rows))
        outcome = _done(run, found.inputs)
    outcome.problems = bid_problems(found.bids.invalid)
    return pending, outcome


def run_evaluation(ws: Workspace, *, supersede: str | None = None,
                   by: Mapping[str, str] | None = None) -> tuple[Evaluation, Outcome]:
    """Evaluate and write ``out/evaluation.json``.

    Once the lot is awarded, refuses (naming the award and each input changed since)
    unless ``supersede`` gives the reason to supersede the award: its outputs then
    move to ``out/superseded/N/`` and the supersession is recorded. With nothing
    changed since the award, writes nothing and says so. ``by``: who ran it (see
    `obcrules.tender.transaction.Run.by`).
    """
    with running(ws.root, EVALUATE, by=by) as run:
        evaluation = evaluate(ws)
        data = render(evaluation_data(ws, evaluation))
        chain = read_chain(ws.root)
        life = lifecycle(chain)
        winner = evaluation.winner.bidder if evaluation.winner else None
        extra: dict[str, object] = {"winner": winner}
        notes = []
        recorded = _compare(ws.root, life.evaluation, {EVALUATION_FILE: data})
        if life.award is not None and recorded != DIFFERENT:
            if supersede is not None:
                raise _nothing_to_supersede(ws, life)
            if recorded == UNCHANGED:
                outcome = _done(run, None, [f"{EVALUATION_FILE} is unchanged: the award of "
                                            f"audit line {life.award.number} stands"])
                outcome.problems = bid_problems(evaluation.assessment.bids.invalid)
                return evaluation, outcome
            notes.append(f"restored {EVALUATION_FILE} as the award of audit line "
                         f"{life.award.number} recorded it")
        elif life.award is not None:
            changed = changes(life.award.inputs, current_hashes(
                ws.root, [ws.relative(p) for p in evaluation.assessment.inputs]))
            if supersede is None:
                raise _refusal(ws, life.award, changed, "a new evaluation",
                               superseded_outputs(ws.root, chain, life, DECISION)[0])
            extra["supersedes"], told = _supersede(run, chain, life, life.award, supersede,
                                                   winner, changed, DECISION)
            notes += [told, "review the new evaluation, then award it with `obc tender award`"]
        elif supersede is not None:
            raise _nothing_to_supersede(ws, life)
        run.write(EVALUATION_FILE, data)
        outcome = _done(run, evaluation.assessment.inputs, notes, extra)
    outcome.problems = bid_problems(evaluation.assessment.bids.invalid)
    return evaluation, outcome


def run_award(ws: Workspace, date: dt.date | None = None, *, supersede: str | None = None,
              by: Mapping[str, str] | None = None) -> tuple[Evaluation, Outcome]:
    """Write ``out/contract.yaml`` and ``out/ocds.json`` for the published evaluation's winner.

    Refuses when the inputs no longer give ``out/evaluation.json``. Once the lot is
    awarded, refuses to rewrite the award (a new date, say) unless ``supersede``
    gives the reason; with nothing changed, writes nothing and says so. ``by`` as for
    `run_evaluation`.
    """
    with running(ws.root, AWARD, by=by) as run:
        evaluation = evaluate(ws)
        published = ws.root / EVALUATION_FILE
        again = render(evaluation_data(ws, evaluation))
        chain = read_chain(ws.root)
        life = lifecycle(chain)
        if not published.is_file():
            raise TenderError("there is no out/evaluation.json: run `obc tender evaluate` first")
        if published.read_bytes() != again:
            if (life.evaluation is not None and life.evaluation.outputs.get(EVALUATION_FILE)
                    == hashlib.sha256(again).hexdigest()):
                raise TenderError(
                    f"{EVALUATION_FILE} was edited after `tender evaluate` wrote it (audit line "
                    f"{life.evaluation.number})",
                    [Problem(EVALUATION_FILE, "", "differs from what the evaluation recorded",
                             "run `obc tender evaluate` to restore it, then award")])
            if life.award is not None:
                changed = changes(life.award.inputs, current_hashes(
                    ws.root, [ws.relative(p) for p in evaluation.assessment.inputs]))
                raise _refusal(ws, life.award, changed, "a new award",
                               superseded_outputs(ws.root, chain, life, DECISION)[0])
            raise TenderError(
                "the inputs no longer give out/evaluation.json (an input changed since the "
                "evaluation, or the evaluation file was edited)",
                [Problem(EVALUATION_FILE, "", "differs from a fresh evaluation",
                         "run `obc tender evaluate` again and review it before the award")])
        bid = winning_bid(evaluation)
        outputs = {CONTRACT_FILE: render_contract(contract_data(ws, evaluation)),
                   OCDS_FILE: render(release_package(
                       ws, evaluation, date or dt.datetime.now(dt.UTC).date()))}
        extra: dict[str, object] = {"winner": bid.bidder}
        notes = []
        recorded = _compare(ws.root, life.award, outputs)
        if life.award is not None and recorded != DIFFERENT:
            if supersede is not None:
                raise _nothing_to_supersede(ws, life)
            if recorded == UNCHANGED:
                return evaluation, _done(run, None, [
                    f"lot `{ws.tender.name}` is already awarded to {bid.bidder} (audit line "
                    f"{life.award.number}); nothing changed"])
            notes.append(f"restored {', '.join(outputs)} as the award of audit line "
                         f"{life.award.number} recorded them")
        elif life.award is not None:
            if supersede is None:
                raise _reissue_refusal(ws, chain, life, life.award, outputs)
            extra["supersedes"], told = _supersede(run, chain, life, life.award, supersede,
                                                   bid.bidder, [], (AWARD,))
            notes.append(told)
        elif supersede is not None:
            raise _nothing_to_supersede(ws, life)
        for path, data in outputs.items():
            run.write(path, data)
        outcome = _done(run, [*evaluation.assessment.inputs, published], notes, extra)
    return evaluation, outcome


def run_withdrawal(ws: Workspace, bidder: str, reason: str, *, supersede: bool = False,
                   by: Mapping[str, str] | None = None, now: dt.datetime | None = None
                   ) -> tuple[Withdrawal, Outcome]:
    """Record that ``bidder`` (its name, or its bid's file) withdrew its bid, and why:
    ``out/withdrawals.json`` and the audit entry (``withdrawal``) say who, when and why.
    The bid stays in ``bids/``; from now on it is listed as withdrawn, not evaluated.

    Once the lot is awarded, refuses unless ``supersede``: the withdrawal then
    supersedes the award (its outputs and the evaluation move to
    ``out/superseded/N/``, the reason recorded) and the lot is to be evaluated again.
    ``by`` as for `run_evaluation`; ``now`` the time recorded (default: the clock).
    """
    with running(ws.root, WITHDRAW, by=by) as run:
        withdrawals, record = load_withdrawals(ws.root)
        bid = find_bid(load_bids(ws), bidder)
        earlier = next((w for w in withdrawals if w.file == bid.file), None)
        if earlier is not None:
            raise TenderError(f"the bid of {earlier.bidder} ({earlier.file}) was already "
                              f"withdrawn on {earlier.time}: \"{earlier.reason}\"")
        moment = now or dt.datetime.now(dt.UTC)  # the withdrawal's time and its entry's
        path = ws.root / bid.file
        withdrawal = Withdrawal(bidder=bid.bidder, file=bid.file,
                                sha256=sha256_of(path) if path.is_file() else None,
                                reason=reason, time=utc_stamp(moment), by=run.by)
        data = render_withdrawals([*withdrawals, withdrawal])
        chain = read_chain(ws.root)
        life = lifecycle(chain)
        extra: dict[str, object] = {"withdrawal": withdrawal.to_dict()}
        notes = [f"withdrew the bid of {bid.bidder} ({bid.file}): it stays in {BIDS_DIR}/ and "
                 "is listed as withdrawn, not evaluated; rows for it in score sheets and "
                 "moderation.csv are ignored"]
        if life.award is not None:
            if not supersede:
                raise _withdrawal_refusal(ws, chain, life, life.award, bid.bidder)
            change = Change(WITHDRAWALS_FILE, sha256_of(record) if record else None,
                            hashlib.sha256(data).hexdigest())
            extra["supersedes"], told = _supersede(run, chain, life, life.award, reason, None,
                                                   [change], DECISION)
            notes += [told, "evaluate the bids without it with `obc tender evaluate`, review "
                      "the evaluation, then award it with `obc tender award`"]
        elif supersede:
            raise _nothing_to_supersede(ws, life)
        elif life.evaluation is not None:
            notes.append(f"the evaluation of audit line {life.evaluation.number} included it: "
                         "run `obc tender evaluate` again")
        if any(e.command == "tender scoresheets" for e in writers(chain).values()):
            notes.append("run `obc tender scoresheets` again for blank sheets without it")
        run.write(WITHDRAWALS_FILE, data)
        written = run.outputs()
        run.commit([ws.root / CONFIG_NAME, path], extra, moment)
    return withdrawal, Outcome(written, [*run.recovered, *notes])


def _withdrawal_refusal(ws: Workspace, chain: Chain, life: Lifecycle, award: Entry,
                        bidder: str) -> TenderError:
    number = superseded_outputs(ws.root, chain, life, DECISION)[0]
    return TenderError(
        f"lot `{ws.tender.name}` was awarded to {award.data.get('winner') or '?'} by `tender "
        f"award` at audit line {award.number} ({award.time}); the award was made with the "
        f"bid of {bidder} in the evaluation. To record the withdrawal and supersede the "
        f"award, run `obc tender withdraw {ws.root} \"{bidder}\" --reason \"why\" "
        f"--supersede` (the award's outputs and its evaluation move to "
        f"out/superseded/{number}/), then evaluate and award again")


def _done(run: Run, inputs: Sequence[Path] | None, messages: Sequence[str] = (),
          extra: Mapping[str, object] | None = None) -> Outcome:
    """Commit the run (unless ``inputs`` is None: nothing to write) and say what it did."""
    written = run.outputs()
    if inputs is not None:
        run.commit(inputs, extra)
    return Outcome(written, [*run.recovered, *messages])


UNCHANGED, RESTORES, DIFFERENT = "unchanged", "restores", "different"


def _compare(root: Path, entry: Entry | None, outputs: Mapping[str, bytes]) -> str:
    """Are the new ``outputs`` what ``entry`` recorded? ``unchanged`` if they are and the
    files in place are too; ``restores`` if they are but a file in place differs."""
    if entry is None or any(entry.outputs.get(path) != hashlib.sha256(data).hexdigest()
                            for path, data in outputs.items()):
        return DIFFERENT
    in_place = all((root / path).is_file() and sha256_of(root / path) == entry.outputs[path]
                   for path in outputs)
    return UNCHANGED if in_place else RESTORES


def _supersede(run: Run, chain: Chain, life: Lifecycle, award: Entry, reason: str,
               winner: str | None, changed: Sequence[Change], commands: Sequence[str]
               ) -> tuple[dict[str, object], str]:
    """Plan the moves of a supersession; its ``supersedes`` record, and what to tell."""
    number, moves = superseded_outputs(run.root, chain, life, commands)
    for source, target in moves:
        run.move(source, target)
    told = (f"superseded the award of audit line {award.number} to "
            f"{award.data.get('winner') or 'no one'} (supersession {number}, reason: "
            f"\"{reason}\"): its outputs moved to {OUT_DIR}/superseded/{number}/")
    return supersedes_record(number, award, reason, winner, changed, moves), told


def _refusal(ws: Workspace, award: Entry, changed: Sequence[Change], what: str,
             number: int) -> TenderError:
    problems = [Problem(c.path, "", c.what("the award")) for c in changed]
    if not problems:
        problems = [Problem(EVALUATION_FILE, "", "a fresh evaluation differs from it although "
                            "no input changed since the award",
                            "obcrules or a plugin was upgraded, or the file was edited")]
    how = (f"run `obc tender evaluate {ws.root} --supersede --reason \"why\"` (the award's "
           f"outputs move to out/superseded/{number}/), review it, then award it")
    return TenderError(
        f"lot `{ws.tender.name}` was awarded to {award.data.get('winner') or '?'} by "
        f"`tender award` at audit line {award.number} ({award.time}); {what} would change "
        f"that decision. To supersede the award, {how}", problems)


def _reissue_refusal(ws: Workspace, chain: Chain, life: Lifecycle, award: Entry,
                     outputs: Mapping[str, bytes]) -> TenderError:
    problems = []
    for path, data in outputs.items():
        new = hashlib.sha256(data).hexdigest()
        old = award.outputs.get(path)
        if old != new:
            problems.append(Problem(path, "", f"would change (sha256 {old} → {new})"))
    number = superseded_outputs(ws.root, chain, life, (AWARD,))[0]
    return TenderError(
        f"lot `{ws.tender.name}` is already awarded to {award.data.get('winner') or '?'} by "
        f"`tender award` at audit line {award.number} ({award.time}); awarding again would "
        "rewrite it (a new --date changes out/ocds.json). To reissue the award, run `obc "
        f"tender award {ws.root} --supersede --reason \"why\"` (the current award's outputs "
        f"move to out/superseded/{number}/)", problems)


def _nothing_to_supersede(ws: Workspace, life: Lifecycle) -> TenderError:
    if life.award is None:
        return TenderError(f"there is no award to supersede: lot `{ws.tender.name}` is "
                           f"{life.describe()}; run the command without --supersede")
    return TenderError(f"nothing changed since the award of audit line {life.award.number}, "
                       "so there is nothing to supersede; run the command without --supersede")
