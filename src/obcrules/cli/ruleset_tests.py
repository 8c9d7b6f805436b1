"""``obc test RULESET...``: run the ruleset unit tests in ``NAME.tests.yaml`` beside each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.api import RulesetError, load_ruleset
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(path_type=Path))
def test(rulesets: tuple[Path, ...]) -> None:
    """Run the tests of each RULESET (NAME.tests.yaml beside NAME.obc): a few records per
    table and the values, statuses and payments they must give. Exit 1 if any fails."""
    from obcrules.engine.errors import MonitoringError
    from obcrules.engine.ruleset_tests import run_file, tests_file

    passed = failed = 0
    seconds = 0.0
    for ruleset in rulesets:
        path = tests_file(ruleset)
        if not ruleset.is_file() or not path.is_file():
            missing = ruleset if not ruleset.is_file() else path
            click.echo(f"obc test: no such file: {missing}", err=True)
            sys.exit(ExitCode.USAGE)
        try:
            outcomes, took = run_file(load_ruleset(ruleset), path)
        except RulesetError as exc:
            click.echo(f"{ruleset}: has errors; run `obc check {ruleset}` ({exc})", err=True)
            failed += 1
            continue
        except MonitoringError as exc:
            click.echo(f"obc test: {exc}", err=True)
            sys.exit(ExitCode.FAILED)
        seconds += took
        click.echo(f"{path}")
        for outcome in outcomes:
            click.echo(f"  {'PASSED' if outcome.passed else 'FAILED'}  {outcome.name}")
            for failure in outcome.failures:
                click.echo(f"      {failure}")
            passed += outcome.passed
            failed += not outcome.passed
    summary = f"{passed} passed" + (f", {failed} failed" if failed else "")
    click.echo(f"{'=' * 10} {summary} in {seconds:.2f}s {'=' * 10}")
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
