"""The finance document (`obcrules.results.finance`) built from the figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from obcrules.finance.investors import break_even, investor_view
from obcrules.finance.liability import CODES, Liability, liability
from obcrules.finance.liability import LineLiability as Owed
from obcrules.finance.scenarios import Scenario, observed_scenarios, scenarios
from obcrules.finance.terms import ContractTerms, Terms, read_terms
from obcrules.model import Investment, Ruleset
from obcrules.money import money_text
from obcrules.results.finance import (
    SCHEMA,
    FinanceContract,
    FinanceDocument,
    FinanceRuleset,
    InvestmentPart,
    InvestorScenario,
    LineLiability,
    ScenarioPart,
)

RATE = Decimal("0.0001")


def compose(ruleset: Ruleset, reference: FinanceRuleset,
            contract: ContractTerms | None = None,
            contract_reference: FinanceContract | None = None,
            observed: Mapping[str, Sequence[Decimal]] | None = None) -> FinanceDocument:
    """The finance document of ``ruleset``: its figures, under an awarded ``contract``
    when given, with the best and worst observed scenarios when ``observed`` (by outcome,
    every value a provider has reached in a period) is given."""
    terms = read_terms(ruleset, contract)
    found = list(scenarios(terms))
    if observed is not None:
        found.extend(observed_scenarios(terms, observed))
    return finance_document(terms, liability(terms), found, ruleset.investment, reference,
                            contract_reference)


def observed_values(results: Iterable[Mapping[str, Any]]) -> dict[str, list[Decimal]]:
    """From monitoring results (``monitoring.json``'s ``results``), every value each share
    outcome has reached, for any provider in any period."""
    observed: dict[str, list[Decimal]] = {}
    for row in results:
        if row.get("measure") == "share" and row.get("value") is not None:
            observed.setdefault(str(row["name"]), []).append(Decimal(str(row["value"])))
    return observed


def finance_document(terms: Terms, owed: Liability, found: Sequence[Scenario],
                     investment: Investment | None, ruleset: FinanceRuleset,
                     contract: FinanceContract | None) -> FinanceDocument:
    """The whole finance document: the money, the liability, the scenarios and the bond."""
    return {
        "schema": SCHEMA,
        "ruleset": ruleset,
        "contract": contract,
        "currency": terms.currency,
        "period_unit": terms.unit,
        "term": list(terms.periods),
        "money": {
            "contract_value": _money(terms.contract_value),
            "at_risk_share": _plain(terms.at_risk_share),
            "at_risk": _money(terms.at_risk),
            "fixed_fee": _money(terms.fixed_fee),
            "cap_total": _money(terms.cap_total),
            "lots": [{"name": lot.name, "budget": money_text(lot.budget),
                      "at_risk": _money(lot.budget * terms.at_risk_share
                                        if terms.at_risk_share is not None else None)}
                     for lot in terms.lots],
        },
        "liability": {
            "lines": [_line(line) for line in owed.lines],
            "rate_card": _money(owed.rate_card),
            "per_provider": _money(owed.per_provider),
            "providers": terms.providers,
            "whole": _money(owed.whole),
            "bid_cost": _money(owed.bid_cost),
        },
        "problems": [{"code": CODES[p.kind], "message": p.message, "help": p.suggestion}
                     for p in owed.problems],
        "scenarios": [_scenario(s) for s in found],
        "investment": _investment(terms, investment, found),
    }


def _line(owed: Owed) -> LineLiability:
    line = owed.line
    return {
        "line": line.number,
        "outcome": line.node.outcome.name,
        "per": line.node.per,
        "price": money_text(line.price),
        "top_price": money_text(line.top_price),
        "cap": _money(line.cap),
        "deadweight": _plain(line.deadweight),
        "population": line.population.name if line.population is not None else None,
        "expected_per_period": line.size,
        "people": owed.people,
        "uncapped": _money(owed.uncapped),
        "most": _money(owed.most),
        "working": owed.working,
        "bid_people": owed.bid_people,
        "bid_cost": _money(owed.bid_cost),
    }


def _scenario(scenario: Scenario) -> ScenarioPart:
    return {
        "key": scenario.key,
        "title": scenario.title,
        "total": money_text(scenario.total),
        "periods": [{"period": f.period, "lines": [money_text(a) for a in f.lines],
                     "total": money_text(f.total), "cumulative": money_text(f.cumulative)}
                    for f in scenario.flows],
        "rates": [{"outcome": name, "by_period": [_rate(v) for v in values]}
                  for name, values in scenario.rates],
        "not_modelled": list(scenario.not_modelled),
    }


def _investment(terms: Terms, investment: Investment | None,
                found: Sequence[Scenario]) -> InvestmentPart | None:
    if investment is None or investment.capital is None or not terms.periods:
        return None
    views: list[InvestorScenario] = []
    for scenario in found:
        view = investor_view(terms, investment, scenario)
        views.append({
            "scenario": scenario.key,
            "periods": [{"period": f.period, "drawdown": money_text(f.drawdown),
                         "receipt": money_text(f.receipt), "net": money_text(f.net),
                         "cumulative": money_text(f.cumulative)} for f in view.flows],
            "received": money_text(view.received),
            "net": money_text(view.net),
            "multiple": f"{view.multiple:.2f}",
            "irr": _rate(view.irr),
        })
    share = investment.share.value if investment.share is not None else Decimal(1)
    return {
        "capital": money_text(investment.capital.amount),
        "share": _plain(share) or "1",
        "break_even_rate": _rate(break_even(terms, investment)),
        "scenarios": views,
    }


def _money(amount: Decimal | None) -> str | None:
    return money_text(amount) if amount is not None else None


def _rate(value: Decimal | None) -> str | None:
    return f"{value.quantize(RATE):f}" if value is not None else None


def _plain(value: Decimal | None) -> str | None:
    return f"{value.normalize():f}" if value is not None else None
