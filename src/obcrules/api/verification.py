"""``obc verify sample`` as a function: a ruleset, monitoring data and a period in; an
audit sample drawn reproducibly and written as one sheet per provider out
(``docs/verification.md``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.checking import RulesetSource, loaded_ruleset, require_files
from obcrules.api.errors import UsageError, WriteError
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset

if TYPE_CHECKING:
    from obcrules.engine.verification.sampling import Stratum
    from obcrules.model import PeriodUnit, Ruleset


@dataclass(frozen=True)
class SampleRun:
    """What `verify_sample` drew and wrote: per method, its strata; the files written."""

    checked: CheckedRuleset
    period: str
    strata: dict[str, list[Stratum]]
    written: list[Path]
    kept: list[Path]
    """The files of the same draw made before, left as they were (their findings too)."""


def sampled_outcomes(ruleset: Ruleset) -> dict[str, dict[str, tuple[Decimal, PeriodUnit]]]:
    """Method → outcome → (share, every): the sampled ``verify`` lines of the outcomes the
    rate card pays on (``every`` defaults to the ruleset's period)."""
    unit: PeriodUnit = ruleset.header.period if ruleset.header and ruleset.header.period \
        else "quarter"
    paid = {line.outcome.name for line in ruleset.payment.rate_lines} \
        if ruleset.payment is not None else set()
    found: dict[str, dict[str, tuple[Decimal, PeriodUnit]]] = {}
    for item in ruleset.items:
        if item.name not in paid:
            continue
        for verification in item.verifications:
            if verification.sample is not None:
                found.setdefault(verification.method.name, {})[item.name] = (
                    Decimal(verification.sample.value), verification.every or unit)
    return found


def verify_sample(ruleset: RulesetSource, data: str | Path, *, period: str, out: str | Path,
                  contract: str | Path | None = None, method: str | None = None,
                  minimum: int | None = None, registry: Registry | None = None) -> SampleRun:
    """Draw the audit sample of ``period`` for each sampled method (or ``method`` alone)
    from the claims in ``data``, and write ``OUT/PERIOD/METHOD/sample.json`` with a CSV
    and an XLSX sheet per provider.

    Raises `UsageError` (a missing file, a method the ruleset does not sample, a period
    not in the method's ``every`` unit, a minimum below 1), `RulesetError`,
    `MonitoringError` for data the engine cannot use, and `WriteError`.
    """
    from obcrules.engine import monitor as run_monitor
    from obcrules.engine import periods
    from obcrules.engine.contract import read_contract
    from obcrules.engine.payments import outside_term, terms_of
    from obcrules.engine.verification.claims import Settlement
    from obcrules.engine.verification.clawback import within
    from obcrules.engine.verification.sampling import MINIMUM, draw
    from obcrules.engine.verification.sheets import Sample, write_sample

    if contract is not None:
        require_files([contract], "no such contract file")
    wanted = MINIMUM if minimum is None else minimum
    if wanted < 1:
        raise UsageError("the minimum per provider is at least 1", argument="minimum")
    checked = loaded_ruleset(ruleset, registry)
    model = checked.require()
    methods = sampled_outcomes(model)
    if method is not None and method not in methods:
        listing = ", ".join(sorted(methods)) or "none"
        raise UsageError(f"the ruleset samples no claims by {method!r} (sampled methods: "
                         f"{listing}); add e.g. `verify {method} sample 10% every quarter` "
                         "to an outcome the rate card pays on", argument="method")
    if not methods:
        raise UsageError("the ruleset samples no claims: add e.g. `verify case_file_audit "
                         "sample 10% every quarter` to an outcome the rate card pays on",
                         argument="ruleset")
    given = periods.unit_of(period)
    chosen = {m: {o: share for o, (share, every) in outcomes.items() if every == given}
              for m, outcomes in methods.items() if method in (None, m)}
    chosen = {m: outcomes for m, outcomes in chosen.items() if outcomes}
    if not chosen:
        units = sorted({f"{m} every {every}" for m, outcomes in methods.items()
                        if method in (None, m) for _, every in outcomes.values()})
        raise UsageError(f"{period!r} is not a period any sample is drawn for ("
                         + "; ".join(units) + "): give e.g. "
                         + ", ".join(periods.EXAMPLES[u.rsplit(' ', 1)[1]] for u in units),
                         argument="period")
    settlement = Settlement(listing=True)
    result = run_monitor(checked, data, contract=contract, settlement=settlement)
    unit = result.document["period_unit"]
    term = model.payment.term if model.payment is not None else None
    claims = [c for c in settlement.claims
              if within(c.period, period, unit) and outside_term(c.period, term) is None]
    if contract is not None:
        seed = hashlib.sha256(Path(contract).read_bytes()).hexdigest()
        seeded_by = Path(contract).name
    else:
        seed, seeded_by = checked.sha256, Path(checked.file).name
    assert model.payment is not None  # sampled outcomes are paid on
    terms = terms_of(model.payment, read_contract(Path(contract), model)
                     if contract is not None else None)
    rates: dict[tuple[int, str | None], Decimal] = {(i, None): r for i, r in terms.rates.items()}
    rates.update({(i, g): r for (i, g), r in terms.group_rates.items()})
    name = model.header.name if model.header else Path(checked.file).stem
    strata = {}
    written: list[Path] = []
    kept: list[Path] = []
    for each, shares in sorted(chosen.items()):
        strata[each] = draw(claims, shares, seed=seed, period=period, method=each,
                            minimum=wanted)
        try:
            new, same = write_sample(Path(out), Sample(name, seed, seeded_by, period, each,
                                                       wanted, strata[each], rates))
        except OSError as exc:
            raise WriteError(Path(out), exc) from exc
        written += new
        kept += same
    return SampleRun(checked, period, strata, written, kept)
