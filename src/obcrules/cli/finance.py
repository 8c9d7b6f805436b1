"""``obc finance RULESET``: what the contract can cost (maximum liability, scenario cash
flows, the investors' view)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail, fail_on_ruleset
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.option("--contract", type=click.Path(path_type=Path), default=None,
              help="contract.yaml from `obc tender award`: its value, share at risk and "
                   "prices replace the ruleset's.")
@click.option("--data", default=None,
              help="Monitoring data (as `obc monitor` reads it): adds the best and worst "
                   "observed scenarios.")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default="duckdb",
              show_default=True, help="Where the monitoring data is read (with --data).")
@click.option("--config", type=click.Path(path_type=Path), default=Path("obc.toml"),
              show_default=True, help="obc.toml mapping tables to the warehouse.")
@click.option("--format", "output_format", type=click.Choice(["human", "json"]),
              default="human", show_default=True,
              help="For people, or the JSON document (obcrules.finance/1).")
def finance(ruleset: Path, contract: Path | None, data: str | None, engine: str, config: Path,
            output_format: str) -> None:
    """What RULESET's contract can cost: the rate card's maximum liability against the
    money, payments period by period under each scenario, and the investors' view."""
    try:
        document = api.finance(ruleset, contract=contract, data=data, engine=engine,
                               config=config)
    except api.UsageError as exc:
        fail("finance", exc, code=ExitCode.USAGE)
    except api.RulesetError as exc:
        fail_on_ruleset("finance", ruleset, exc)
    except api.MonitoringError as exc:
        fail("finance", exc)
    if output_format == "json":
        click.echo(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(api.finance_summary(document))
