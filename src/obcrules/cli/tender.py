"""``obc tender …``: the tender evaluation workflow over a workspace folder.

A thin layer over the ``tender_*`` functions of `obcrules.api`: each command
calls one, prints what it wrote and exits 0, 1 for a problem in the inputs (each
named by file and field, cell or row) or 2 for misuse.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode

F = TypeVar("F", bound=Callable[..., Any])

DIR = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))

OPTIONS = {"abnormally_low": "--abnormally-low", "ruleset": "--ruleset"}
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
            click.echo(f"obc tender: {exc.summary}", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(ExitCode.FAILED)

    return wrapper  # type: ignore[return-value]


def _done(outcome: api.Outcome) -> None:
    for path in outcome.written:
        click.echo(f"wrote {path}")
    for message in outcome.messages:
        click.echo(message)


class TenderGroup(click.Group):
    """The tender commands, plus ``report`` from `obcrules.cli.tender_report` when installed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        if self._report() is not None:
            names.add("report")
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
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
        return command if isinstance(command, click.Command) else None


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
        click.echo("no item needs moderation")
    for item in pending:
        scores = ", ".join(f"{e} {s}" for e, s in item.scores.items())
        click.echo(f"needs an agreed score: {item.bidder} × {item.criterion} ({scores}; "
                   f"spread {item.spread.normalize():f}, limit {item.threshold.normalize():f})")
    _done(outcome)


@tender.command()
@DIR
@_reports_errors
def evaluate(directory: Path) -> None:
    """Evaluate the bids and write out/evaluation.json."""
    evaluation, outcome = api.tender_evaluate(directory)
    for standing in evaluation.ranked:
        click.echo(f"{standing.rank}. {standing.bidder}: {standing.total}")
    for bid in evaluation.assessment.bids.invalid:
        click.echo(f"not evaluated: {bid.file}")
        for problem in bid.problems:
            click.echo(f"  {problem}")
    for bidder, reasons in sorted(evaluation.assessment.gate_reasons.items()):
        for reason in reasons:
            click.echo(f"excluded: {bidder}: {reason}")
    for standing in evaluation.standings:
        for reason in standing.reasons:
            click.echo(f"excluded: {standing.bidder}: {reason}")
    for bidder, flags in sorted(evaluation.flags.items()):
        for flag in flags:
            click.echo(f"flag: {bidder}: {flag}")
    _done(outcome)


@tender.command()
@DIR
@click.option("--date", "award_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The award date for the OCDS release (default: today, UTC).")
@_reports_errors
def award(directory: Path, award_date: dt.datetime | None) -> None:
    """Write out/contract.yaml and out/ocds.json for the winning bid."""
    evaluation, outcome = api.tender_award(directory, award_date.date() if award_date else None)
    winner = evaluation.winner
    if winner is not None:
        click.echo(f"awarded to {winner.bidder} ({winner.total})")
    _done(outcome)


@tender.command()
@DIR
@_reports_errors
def verify(directory: Path) -> None:
    """Check the audit trail: exit 1 if any input or output changed outside obc."""
    found = api.tender_verify(directory)
    for note in found.notes:
        click.echo(f"note: {note}")
    for problem in found.problems:
        click.echo(f"changed: {problem}")
    click.echo(f"{'ok' if found.ok else 'failed'}: {found.entries} audit entries, "
               f"{found.checked} files checked; head {found.head}")
    sys.exit(ExitCode.OK if found.ok else ExitCode.FAILED)
