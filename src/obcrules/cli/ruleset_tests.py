"""``obc test RULESET...``: run the ruleset unit tests in ``NAME.tests.yaml`` beside each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--junit-xml", "junit", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Also write the results as JUnit XML, for CI dashboards.")
def test(rulesets: tuple[Path, ...], junit: Path | None) -> None:
    """Run the tests of each RULESET (NAME.tests.yaml beside NAME.obc; a folder: every
    ruleset below it that has tests): a few records per table and the values, statuses
    and payments they must give (docs/testing.md). Exit 1 if any fails."""
    out = console()
    passed = failed = 0
    seconds = 0.0
    runs: list[api.RulesetTests] = []
    try:
        for run in api.test_rulesets(rulesets):
            runs.append(run)
            passed += run.passed
            failed += run.failed
            if run.error is not None:
                out.warn(f"{run.ruleset}: has errors; run `obc check {run.ruleset}` "
                         f"({run.error})")
                continue
            seconds += run.seconds
            out.say(f"{run.tests_file}")
            for case in run.cases:
                verdict = "PASSED" if case.passed else "FAILED"
                if case.passed:
                    out.say(f"  {out.style(verdict)}  {case.name}")
                else:
                    out.show(f"  {out.style(verdict)}  {case.name}")
                for failure in case.failures:
                    out.show(f"      {failure}")
        if junit is not None:
            out.wrote(api.write_junit(runs, junit))
    except api.UsageError as exc:
        fail("test", *exc.messages, code=ExitCode.USAGE)
    except api.MonitoringError as exc:
        fail("test", exc)
    except api.WriteError as exc:
        fail("test", exc)
    out.put("passed", passed)
    out.put("failed", failed)
    out.put("rulesets", [_entry(run) for run in runs])
    summary = f"{passed} passed" + (f", {failed} failed" if failed else "")
    out.say(f"{'=' * 10} {summary} in {seconds:.2f}s {'=' * 10}")
    out.finish(ExitCode.FAILED if failed else ExitCode.OK)


def _entry(run: api.RulesetTests) -> dict[str, Any]:
    return {"ruleset": str(run.ruleset), "tests_file": str(run.tests_file),
            "error": str(run.error) if run.error is not None else None,
            "cases": [{"name": c.name, "passed": c.passed, "failures": c.failures,
                       "seconds": round(c.seconds, 3)} for c in run.cases]}
