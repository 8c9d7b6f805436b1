"""``obc verify sample RULESET --data DIR --period P --out DIR``: draw an audit sample of
the claims, one sheet per provider (docs/verification.md)."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail, fail_on_ruleset
from obcrules.diagnostics import ExitCode


@click.group()
def verify() -> None:
    """Verify the claims paid on: draw audit samples (read them back with
    `obc monitor --verification`)."""


@verify.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path),
              help="Folder with one file per table, as for `obc monitor`.")
@click.option("--period", required=True,
              help="The period sampled, in the unit of the `verify … every` line: 2026-Q1, "
                   "2026-03 or 2026.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to write OUT/PERIOD/METHOD/sample.json and the sheets into.")
@click.option("--contract", type=click.Path(path_type=Path), default=None,
              help="contract.yaml from `obc tender award`: its provider and prices; its "
                   "SHA-256 seeds the draw.")
@click.option("--method", default=None,
              help="Draw only this method's sample (default: every sampled method).")
@click.option("--minimum", type=int, default=None,
              help="The fewest claims drawn per provider and outcome (default 5).")
def sample(ruleset: Path, data: Path, period: str, out: Path, contract: Path | None,
           method: str | None, minimum: int | None) -> None:
    """Draw the audit sample of PERIOD from the claims in DATA, stratified by provider and
    outcome, reproducibly; write a CSV and an XLSX sheet per provider."""
    try:
        run = api.verify_sample(ruleset, data, period=period, out=out, contract=contract,
                                method=method, minimum=minimum)
    except api.UsageError as exc:
        fail("verify sample", exc, code=ExitCode.USAGE)
    except api.RulesetError as exc:
        fail_on_ruleset("verify sample", ruleset, exc)
    except api.MonitoringError as exc:
        fail("verify sample", exc)
    except api.WriteError as exc:
        fail("verify sample", f"cannot write to {exc.path} ({exc.error.strerror})")
    for name, strata in run.strata.items():
        for stratum in strata:
            click.echo(f"{name} {run.period}: {stratum.provider} {stratum.outcome}: "
                       f"{stratum.size} of {stratum.claims} claims drawn")
        if not strata:
            click.echo(f"{name} {run.period}: no claims to sample")
    for path in run.written:
        click.echo(f"wrote {path}")
    for path in run.kept:
        click.echo(f"kept {path}: drawn before, the same draw")
