"""``obc finance`` as a function: what a contract can cost, from the ruleset (and the
awarded contract and the monitoring data, when given)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.checking import RulesetSource, loaded_ruleset, require_files
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset

if TYPE_CHECKING:
    from obcrules.finance import ContractTerms
    from obcrules.results.finance import FinanceContract, FinanceDocument, FinanceRuleset


def finance(
    ruleset: RulesetSource,
    *,
    contract: str | Path | None = None,
    data: str | Path | None = None,
    engine: str = "duckdb",
    config: str | Path | None = None,
    registry: Registry | None = None,
) -> FinanceDocument:
    """The finance document of a ruleset (``obc finance``): the rate card's maximum
    liability against the money, the scenario cash flows and, for a ruleset with an
    ``investment:`` block, the investors' view.

    ``contract``: an awarded ``contract.yaml`` whose value, share at risk and prices
    replace the ruleset's. ``data``: monitoring data (as `monitor` reads it), for the
    best and worst observed scenarios. Raises `UsageError`, `RulesetError`,
    `MonitoringError` as `monitor` does.
    """
    from obcrules.finance.document import compose

    if contract is not None:
        require_files([contract], "no such contract file")
    checked = loaded_ruleset(ruleset, registry)
    assert checked.ruleset is not None
    model = checked.ruleset
    terms_of_contract, contract_ref = (_contract(Path(contract), checked)
                                       if contract is not None else (None, None))
    observed = (_observed(checked, data, contract, engine, config, registry)
                if data is not None else None)
    header = model.header
    reference: FinanceRuleset = {
        "name": header.name if header else None,
        "version": header.version if header else None,
        "file": Path(checked.file).name,
        "sha256": checked.sha256}
    return compose(model, reference, terms_of_contract, contract_ref, observed)


def _contract(path: Path, checked: CheckedRuleset) -> tuple[ContractTerms, FinanceContract]:
    from obcrules.engine.contract import read_contract
    from obcrules.engine.loading import sha256_of
    from obcrules.finance import ContractTerms

    assert checked.ruleset is not None
    read = read_contract(path, checked.ruleset)
    terms = ContractTerms(provider=read.provider, lot=read.lot,
                          contract_value=read.contract_value, at_risk=read.at_risk,
                          fixed_fee=read.fixed_fee if read.priced else None,
                          rates=dict(read.rates), group_rates=dict(read.group_rates),
                          expected=dict(read.expected))
    return terms, {"path": path.name, "sha256": sha256_of(path), "provider": read.provider,
                   "lot": read.lot}


def _observed(checked: CheckedRuleset, data: str | Path, contract: str | Path | None,
              engine: str, config: str | Path | None,
              registry: Registry | None) -> Mapping[str, Sequence[Decimal]]:
    """Every value each share outcome has reached, for any provider in any period."""
    from obcrules.api.monitoring import monitor
    from obcrules.finance.document import observed_values

    run = monitor(checked, data, contract=contract, engine=engine, config=config,
                  registry=registry)
    return observed_values(run.result.document["results"])
