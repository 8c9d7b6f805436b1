"""``obc test RULESET...``: run the ruleset unit tests in ``NAME.tests.yaml`` beside each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(path_type=Path))
def test(rulesets: tuple[Path, ...]) -> None:
    """Run the tests of each RULESET (NAME.tests.yaml beside NAME.obc): a few records per
    table and the values, statuses and payments they must give. Exit 1 if any fails."""
    passed = failed = 0
    seconds = 0.0
    try:
        for run in api.test_rulesets(rulesets):
            passed += run.passed
            failed += run.failed
            if run.error is not None:
                click.echo(f"{run.ruleset}: has errors; run `obc check {run.ruleset}` "
                           f"({run.error})", err=True)
                continue
            seconds += run.seconds
            click.echo(f"{run.tests_file}")
            for case in run.cases:
                click.echo(f"  {'PASSED' if case.passed else 'FAILED'}  {case.name}")
                for failure in case.failures:
                    click.echo(f"      {failure}")
    except api.UsageError as exc:
        fail("test", exc, code=ExitCode.USAGE)
    except api.MonitoringError as exc:
        fail("test", exc)
    summary = f"{passed} passed" + (f", {failed} failed" if failed else "")
    click.echo(f"{'=' * 10} {summary} in {seconds:.2f}s {'=' * 10}")
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
