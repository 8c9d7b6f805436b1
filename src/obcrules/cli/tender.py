"""``obc tender …``: the tender evaluation workflow over a workspace folder.

A thin layer over the ``tender_*`` functions of `obcrules.api`: each command
calls one, prints what it wrote and exits 0, 1 for a problem in the inputs (each
named by file and field, cell or row) or 2 for misuse.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode

F = TypeVar("F", bound=Callable[..., Any])

DIR = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))

OPTIONS = {"abnormally_low": "--abnormally-low", "ruleset": "--ruleset", "reason": "--reason",
           "supersede": "--supersede", "sealed": "--sealed"}
"""The option of each api argument a `UsageError` can name."""


def _reports_errors(command: F) -> F:
    """Print a `TenderError` (never a traceback) and exit 1; a `UsageError` exits 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except api.UsageError as exc:
            if exc.argument in OPTIONS:
                raise click.BadParameter(str(exc), param_hint=OPTIONS[exc.argument]) from None
            fail("tender", exc, code=ExitCode.USAGE)
        except api.TenderError as exc:
            out = console()
            out.warn(f"obc tender: {exc.summary}")
            for problem in exc.problems:
                out.warn(f"  {problem}")
            out.put("problems", [str(p) for p in exc.problems])
            out.finish(ExitCode.FAILED)

    return wrapper  # type: ignore[return-value]


def _done(outcome: api.Outcome) -> None:
    _not_evaluated(outcome)
    for path in outcome.written:
        console().wrote(path)
    for path, why in outcome.removed.items():
        console().gone(path, why)
    for message in outcome.messages:
        console().say(message)


def _not_evaluated(outcome: api.Outcome) -> None:
    """Each invalid bid, then each of its problems, as ``obc tender check`` lists them."""
    shown = None
    for problem in outcome.problems:
        if problem.file != shown:
            console().say(f"not evaluated: {problem.file}")
            shown = problem.file
        console().say(f"  {problem}")


SUPERSEDE = click.option("--supersede", is_flag=True,
                         help="Supersede the award (its outputs move to out/superseded/N/).")
REASON = click.option("--reason", default=None,
                      help="Why the award is superseded (recorded in the audit trail).")


class TenderGroup(click.Group):
    """The tender commands, plus ``report`` from `obcrules.cli.tender_report` when installed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The tender commands, with ``report`` when the reports are installed."""
        names = set(super().list_commands(ctx))
        if self._report() is not None:
            names.add("report")
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The tender command ``cmd_name`` (``report`` from its own module)."""
        if cmd_name == "report" and cmd_name not in self.commands:
            return self._report()
        return super().get_command(ctx, cmd_name)

    @staticmethod
    def _report() -> click.Command | None:
        try:
            module = importlib.import_module("obcrules.cli.tender_report")
        except ModuleNotFoundError as exc:
            if exc.name == "obcrules.cli.tender_report":
                return None
            raise
        command = getattr(module, "report", None)
        if not isinstance(command, click.Command):
            return None
        from obcrules.cli.console import conventional

        return conventional(command)


@click.group(cls=TenderGroup)
def tender() -> None:
    """Evaluate a tender lot: bids, gates, scores, moderation, ranking and award."""


@tender.command()
@DIR
@click.option("--ruleset", "ruleset", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The ruleset (.obc).")
@click.option("--lot", required=True, help="The tender lot of the ruleset to evaluate.")
@click.option("--evaluator", "evaluators", multiple=True,
              help="An evaluator id (repeat for each; it names the score sheet).")
@click.option("--abnormally-low", default="30%", show_default=True,
              help="Flag a price this far below the mean of the other compliant bids.")
@_reports_errors
def init(directory: Path, ruleset: Path, lot: str, evaluators: tuple[str, ...],
         abnormally_low: str) -> None:
    """Create a tender workspace in DIRECTORY for LOT of a ruleset."""
    _done(api.tender_init(directory, ruleset, lot, evaluators, abnormally_low))


@tender.command()
@DIR
@_reports_errors
def template(directory: Path) -> None:
    """Write the bid return template (YAML and XLSX) to out/."""
    _done(api.tender_template(directory))


@tender.command()
@DIR
@_reports_errors
def scoresheets(directory: Path) -> None:
    """Write one blank score sheet (CSV and XLSX) per evaluator to out/scoresheets/."""
    _done(api.tender_scoresheets(directory))


@tender.command()
@DIR
@_reports_errors
def moderate(directory: Path) -> None:
    """List the items that still need an agreed score in moderation.csv."""
    pending, outcome = api.tender_moderate(directory)
    if not pending:
        console().say("no item needs moderation")
    for item in pending:
        scores = ", ".join(f"{e} {s}" for e, s in item.scores.items())
        console().say(f"needs an agreed score: {item.bidder} × {item.criterion} ({scores}; "
                   f"spread {item.spread.normalize():f}, limit {item.threshold.normalize():f})")
    _done(outcome)


@tender.command()
@DIR
@SUPERSEDE
@REASON
@_reports_errors
def evaluate(directory: Path, supersede: bool, reason: str | None) -> None:
    """Evaluate the bids and write out/evaluation.json.

    Once the lot is awarded, a changed evaluation is refused unless --supersede
    --reason "why"."""
    evaluation, outcome = api.tender_evaluate(directory, supersede=supersede, reason=reason)
    for standing in evaluation.ranked:
        console().say(f"{standing.rank}. {standing.bidder}: {standing.total}")
    for tie in evaluation.ties:  # as the evaluation recorded it, never worked out again
        console().say(f"tie: {tie.first} and {tie.second} on {tie.total}: decided by "
                      f"{api.tie_rule(tie.decided_by, {})}, so {tie.first} ranks above "
                      f"{tie.second}")
    for bidder, reasons in sorted(evaluation.assessment.gate_reasons.items()):
        for reason in reasons:
            console().say(f"excluded: {bidder}: {reason}")
    for standing in evaluation.standings:
        for reason in standing.reasons:
            console().say(f"excluded: {standing.bidder}: {reason}")
    for bidder, flags in sorted(evaluation.flags.items()):
        for flag in flags:
            console().say(f"flag: {bidder}: {flag}")
    _done(outcome)


@tender.command()
@DIR
@click.option("--date", "award_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The award date for the OCDS release (default: today, UTC).")
@SUPERSEDE
@REASON
@_reports_errors
def award(directory: Path, award_date: dt.datetime | None, supersede: bool,
          reason: str | None) -> None:
    """Write out/contract.yaml and out/ocds.json for the winning bid.

    Once the lot is awarded, rewriting the award is refused unless --supersede
    --reason "why"."""
    evaluation, outcome = api.tender_award(directory, award_date.date() if award_date else None,
                                           supersede=supersede, reason=reason)
    winner = evaluation.winner
    if winner is not None and outcome.written:
        console().say(f"awarded to {winner.bidder} ({winner.total})")
    _done(outcome)


@tender.command()
@DIR
@click.argument("bidder")
@click.option("--reason", required=True,
              help="Why the bid is withdrawn (recorded in the audit trail and published).")
@click.option("--supersede", is_flag=True,
              help="After the award: supersede it (its outputs and the evaluation move to "
                   "out/superseded/N/).")
@_reports_errors
def withdraw(directory: Path, bidder: str, reason: str, supersede: bool) -> None:
    """Record that BIDDER (its name, or its bid's file) withdrew its bid.

    The bid stays in bids/ and is listed as withdrawn, not evaluated. Once the lot
    is awarded, refused unless --supersede."""
    withdrawal, outcome = api.tender_withdraw(directory, bidder, reason, supersede=supersede)
    console().put("withdrawal", withdrawal.to_dict())
    _done(outcome)


@tender.command()
@DIR
@_reports_errors
def check(directory: Path) -> None:
    """List every problem of the workspace's inputs so far: exit 1 if there is any."""
    found = api.tender_check(directory)
    for problem in found.problems:
        console().show(str(problem))
    for note in found.notes:
        console().say(f"note: {note}")
    checked = ", ".join(found.checked) or "nothing"
    if found.ok:
        console().say(f"ok: checked {checked}")
    else:
        files = len({p.file for p in found.problems})
        console().say(f"failed: {len(found.problems)} problem(s) in {files} file(s); checked "
                   f"{checked}")
    console().finish(ExitCode.OK if found.ok else ExitCode.FAILED)


@tender.command()
@DIR
@click.option("--sealed", default=None, metavar="HASH",
              help="Also check that the chain still holds the head `obc tender seal` printed.")
@_reports_errors
def verify(directory: Path, sealed: str | None) -> None:
    """Check the workspace against its audit trail: exit 1 on any unexplained change."""
    found = api.tender_verify(directory, sealed=sealed)
    for supersession in found.supersessions:
        console().say(f"superseded: {supersession}")
    for note in found.notes:
        console().say(f"note: {note}")
    for finding in found.findings:
        console().show(f"{finding.kind}: {finding.message}")
    if found.state:
        console().say(f"state: {found.state}")
    console().say(f"{'ok' if found.ok else 'failed'}: {found.entries} audit entries, "
               f"{found.checked} files checked; head {found.head}")
    console().finish(ExitCode.OK if found.ok else ExitCode.FAILED)


@tender.command()
@DIR
@_reports_errors
def history(directory: Path) -> None:
    """Print the audit trail as a timeline: every command, every supersession and why."""
    found = api.tender_history(directory)
    if not found.events:
        console().say(f"no audit entries in {directory / 'out' / 'audit.jsonl'}")
        console().finish(ExitCode.FAILED)
    for event in found.events:
        console().say(f"{event.number:>3}  {event.time:<20}  {event.command}")
        for line in event.lines:
            console().say(f"{'':>27}{line}")
    console().say(f"state: {found.state}")
    console().say(f"head: {found.head} ({len(found.events)} entries)")
    if found.broken:
        console().say("the chain is broken at line(s) " + ", ".join(map(str, found.broken))
                   + ": run `obc tender verify`")
        console().finish(ExitCode.FAILED)


@tender.command()
@DIR
@_reports_errors
def seal(directory: Path) -> None:
    """Print the audit chain's head to publish or e-mail (save it with `> seal.txt`)."""
    console().show(api.tender_seal(directory).text.rstrip("\n"))


@tender.command()
@DIR
@click.option("--role", required=True, type=click.Choice(
    ["evaluator", "chair", "observer", "monitoring", "policy"]),
    help="What the person may do in `obc serve` (see docs/web.md).")
@click.option("--name", required=True, help="The person's name, as the audit trail shows it.")
@click.option("--evaluator", default=None,
              help="An evaluator's sheet id in obc.toml (default: the name, if it is one).")
@click.option("--url", default="http://127.0.0.1:8000", show_default=True,
              help="Where `obc serve` is reached, to print the sign-in link.")
@_reports_errors
def invite(directory: Path, role: str, name: str, evaluator: str | None, url: str) -> None:
    """Add a person to the panel and print their one-time sign-in link.

    Inviting the same name and role again gives a new link (the old one stops working)."""
    invitation = api.tender_invite(directory, role, name, evaluator=evaluator)
    person = invitation.person
    sheet = f", sheet {person.evaluator}" if person.evaluator else ""
    console().say(f"invited {person.name} as {person.role} (id {person.id}{sheet})")
    console().say(f"one-time sign-in link: {url.rstrip('/')}/signin/{invitation.token}")
    console().say("send it to them privately; it works once, and only its hash is kept")


@tender.command()
@DIR
@click.argument("who")
@_reports_errors
def revoke(directory: Path, who: str) -> None:
    """End the access of the person WHO (their id or name): their link and sessions stop."""
    person = api.tender_revoke(directory, who)
    console().say(f"revoked {person.name} ({person.role}, id {person.id})")


@tender.command()
@DIR
@_reports_errors
def people(directory: Path) -> None:
    """List the people invited to the panel, with their roles and state."""
    found = api.tender_people(directory)
    if not found:
        console().say("no one is invited yet: `obc tender invite`")
    for person in found:
        sheet = f" [{person.evaluator}]" if person.evaluator else ""
        declared = ""
        if person.declaration is not None:
            declared = ("; declared a conflict" if person.declaration.conflict
                        else "; declared no conflict")
        console().say(f"{person.id}  {person.role:<10} {person.name}{sheet}: {person.state}"
                      f"{declared}")
