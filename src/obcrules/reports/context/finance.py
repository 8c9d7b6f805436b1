"""The finance section of the framework and monitoring reports: what the contract can
cost (the rate card's maximum liability against the money), the scenario cash flows with
their chart, and the investors' view — read from the finance document
(`obcrules.results.finance`), as `obc finance` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from obcrules.finance.document import compose, observed_values
from obcrules.finance.terms import ContractTerms
from obcrules.model import Ruleset
from obcrules.money import display_money
from obcrules.reports.context.common import Fact
from obcrules.reports.finance_chart import Series, cash_flow_chart
from obcrules.results.finance import FinanceDocument, FinanceRuleset
from obcrules.results.monitoring import MonitoringDocument


@dataclass(frozen=True)
class LiabilityRow:
    """One rate-card line's maximum, with its working."""

    line: str
    outcome: str
    price: str
    cap: str
    most: str
    working: str


@dataclass(frozen=True)
class ScenarioTable:
    """One scenario's cash flows: per period, each line's payment, the total, the running
    total."""

    anchor: str
    title: str
    lines: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], str, str], ...]
    total: str
    not_modelled: tuple[str, ...]


@dataclass(frozen=True)
class InvestorRow:
    """The investors' result under one scenario."""

    scenario: str
    received: str
    net: str
    multiple: str
    irr: str


@dataclass(frozen=True)
class InvestorFlows:
    """The investors' cash flows under one scenario, period by period."""

    title: str
    rows: tuple[tuple[str, str, str, str, str], ...]


@dataclass(frozen=True)
class FinanceView:
    """Everything the finance section shows."""

    facts: tuple[Fact, ...]
    liability: tuple[LiabilityRow, ...]
    totals: tuple[Fact, ...]
    problems: tuple[tuple[str, str, str], ...]
    scenarios: tuple[ScenarioTable, ...]
    summary: tuple[tuple[str, str], ...]
    chart: Markup | None
    investors: tuple[InvestorRow, ...]
    investor_flows: InvestorFlows | None
    investment: tuple[Fact, ...]
    observed: bool


def framework_finance(ruleset: Ruleset, sha256: str, file: str) -> FinanceView | None:
    """The finance section of a framework report (None without a rate card)."""
    return finance_view(compose(ruleset, _reference(ruleset, sha256, file)))


def monitoring_finance(ruleset: Ruleset, document: MonitoringDocument) -> FinanceView | None:
    """The finance section of a monitoring report: the ruleset's figures (under the
    contract's value and share at risk when the run had one), with the best and worst
    rates observed in the run."""
    contract = None
    totals = document["payment_totals"]
    first = totals[0] if totals else None
    if (document["contract"] is not None and first is not None
            and first["contract_value"] is not None and first["at_risk_amount"] is not None):
        value = Decimal(first["contract_value"])
        risk = Decimal(first["at_risk_amount"])
        contract = ContractTerms(provider=document["contract"]["provider"],
                                 lot=document["contract"]["lot"], contract_value=value,
                                 at_risk=risk / value if value else None)
    ref = document["ruleset"]
    reference: FinanceRuleset = {"name": ref["name"], "version": ref["version"],
                                 "file": ref["file"], "sha256": ref["sha256"]}
    return finance_view(compose(ruleset, reference, contract, None,
                                observed_values(document["results"])))


def _reference(ruleset: Ruleset, sha256: str, file: str) -> FinanceRuleset:
    header = ruleset.header
    return {"name": header.name if header else None,
            "version": header.version if header else None, "file": file, "sha256": sha256}


def finance_view(document: FinanceDocument) -> FinanceView | None:
    """The section's view model; None when the ruleset has no rate card to cost."""
    owed = document["liability"]
    if not owed["lines"]:
        return None
    currency = document["currency"]

    def money(text: str | None, none: str = "no limit") -> str:
        return none if text is None else display_money(Decimal(text), currency,
                                                       pennies=False)

    cash = document["money"]
    facts = [Fact("Contract value", money(cash["contract_value"], "not stated")),
             Fact("Amount at risk", money(cash["at_risk"], "not stated")),
             Fact("Cap on all outcome payments", money(cash["cap_total"], "none")),
             Fact("Term", f"{document['term'][0]} to {document['term'][-1]}"
                  if document["term"] else "not stated")]
    facts += [Fact(f"Lot {lot['name']}: budget", f"{money(lot['budget'])}"
                   + (f", of which {money(lot['at_risk'])} at risk" if lot["at_risk"] else ""))
              for lot in cash["lots"]]
    rows = tuple(LiabilityRow(str(line["line"]), line["outcome"], money(line["price"]),
                              money(line["cap"], "–"), money(line["most"]), line["working"])
                 for line in owed["lines"])
    totals: tuple[Fact, ...] = (
        Fact("The rate card (the lines added up)", money(owed["rate_card"])),
        Fact("Per provider (within the cap on all outcome payments)",
             money(owed["per_provider"])),
        Fact(f"The whole contract ({owed['providers']} "
             f"provider{'s' if owed['providers'] != 1 else ''})", money(owed["whole"])))
    if owed["bid_cost"] is not None:
        totals += (Fact("At the numbers the winning bid expects", money(owed["bid_cost"])),)
    tables = tuple(
        ScenarioTable(f"finance-{s['key']}", s["title"],
                      tuple(f"Line {line['line']}" for line in owed["lines"]),
                      tuple((p["period"], tuple(money(a) for a in p["lines"]),
                             money(p["total"]), money(p["cumulative"])) for p in s["periods"]),
                      money(s["total"]), tuple(s["not_modelled"]))
        for s in document["scenarios"])
    chart = None
    if document["scenarios"]:
        series = [Series(s["title"], tuple(float(p["cumulative"]) for p in s["periods"]),
                         tuple(money(p["cumulative"]) for p in s["periods"]))
                  for s in document["scenarios"]]
        limit = ((float(cash["at_risk"]), f"at risk {money(cash['at_risk'])}")
                 if cash["at_risk"] is not None else None)
        chart = cash_flow_chart("Outcome payments to date, per provider, by scenario",
                                document["term"], series, limit)
    investment = document["investment"]
    investors: tuple[InvestorRow, ...] = ()
    flows = None
    invested: tuple[Fact, ...] = ()
    if investment is not None:
        titles = {s["key"]: s["title"] for s in document["scenarios"]}
        investors = tuple(
            InvestorRow(titles[v["scenario"]], money(v["received"]), money(v["net"]),
                        f"{v['multiple']}×", _percent(v["irr"]) if v["irr"] else "none")
            for v in investment["scenarios"])
        first = investment["scenarios"][0] if investment["scenarios"] else None
        if first is not None:
            flows = InvestorFlows(titles[first["scenario"]], tuple(
                (p["period"], money(p["drawdown"]), money(p["receipt"]), money(p["net"]),
                 money(p["cumulative"])) for p in first["periods"]))
        even = investment["break_even_rate"]
        invested = (Fact("Capital committed", money(investment["capital"])),
                    Fact("Investors' share of outcome payments", _percent(investment["share"])),
                    Fact("Break-even outcome rate",
                         _percent(even) if even is not None else "not reached even at 100%"))
    return FinanceView(
        facts=tuple(facts), liability=rows, totals=totals,
        problems=tuple((p["code"], p["message"], p["help"]) for p in document["problems"]),
        scenarios=tables,
        summary=tuple((s["title"], money(s["total"])) for s in document["scenarios"]),
        chart=chart, investors=investors, investor_flows=flows, investment=invested,
        observed=any(s["key"] in ("best", "worst") for s in document["scenarios"]),
    )


def _percent(fraction: str) -> str:
    return f"{(Decimal(fraction) * 100).quantize(Decimal('0.01'))}%"
