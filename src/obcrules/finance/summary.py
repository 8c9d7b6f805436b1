"""The finance document as people read it in a terminal (``obc finance``)."""

from __future__ import annotations

from decimal import Decimal

from obcrules.money import display_money
from obcrules.results.finance import FinanceDocument


def finance_summary(document: FinanceDocument) -> str:
    """The liability, its problems, each scenario's total and the investors' view, in words."""
    currency = document["currency"]

    def money(text: str | None) -> str:
        return "no limit" if text is None else display_money(Decimal(text), currency,
                                                            pennies=False)

    owed = document["liability"]
    cash = document["money"]
    name = document["ruleset"]["name"] or document["ruleset"]["file"]
    lines = [f"{name}: what the contract can cost"]
    if document["contract"] is not None:
        lines.append(f"  under the contract with {document['contract']['provider']}")
    if document["term"]:
        lines.append(f"  term: {document['term'][0]} to {document['term'][-1]} "
                     f"({len(document['term'])} {document['period_unit']}s)")
    lines.append(f"  contract value {money(cash['contract_value'])}, "
                 f"at risk {money(cash['at_risk'])}, cap total "
                 f"{money(cash['cap_total']) if cash['cap_total'] else 'none'}")
    lines.append("Maximum liability")
    for line in owed["lines"]:
        lines.append(f"  line {line['line']} ({line['outcome']}): {money(line['most'])}"
                     f" — {line['working']}")
    lines.append(f"  rate card: {money(owed['rate_card'])}; per provider (within cap "
                 f"total): {money(owed['per_provider'])}; whole contract "
                 f"({owed['providers']} provider(s)): {money(owed['whole'])}")
    if owed["bid_cost"] is not None:
        expected = ", ".join(f"line {line['line']}: {line['bid_people']} people, "
                             f"{money(line['bid_cost'])}" for line in owed["lines"]
                             if line["bid_people"] is not None)
        lines.append(f"  at the numbers the bid expects: {money(owed['bid_cost'])} ({expected})")
    for problem in document["problems"]:
        lines.append(f"  warning[{problem['code']}]: {problem['message']}")
        lines.append(f"    help: {problem['help']}")
    if document["scenarios"]:
        lines.append("Scenarios (outcome payments over the term, per provider)")
        for scenario in document["scenarios"]:
            lines.append(f"  {scenario['title']}: {money(scenario['total'])}")
            lines.extend(f"    not modelled: {why}" for why in scenario["not_modelled"])
    else:
        lines.append("Scenarios: none (the payment block states no `term`)")
    investment = document["investment"]
    if investment is not None:
        lines.append(f"Investors: capital {money(investment['capital'])}, "
                     f"{_percent(investment['share'])} of outcome payments")
        for view in investment["scenarios"]:
            irr = _percent(view["irr"]) if view["irr"] is not None else "none"
            lines.append(f"  {view['scenario']}: receive {money(view['received'])}, "
                         f"multiple {view['multiple']}×, IRR {irr} a year")
        even = investment["break_even_rate"]
        lines.append("  break-even outcome rate: "
                     + (_percent(even) if even is not None else "not reached even at 100%"))
    return "\n".join(lines)


def _percent(fraction: str) -> str:
    return f"{(Decimal(fraction) * 100).quantize(Decimal('0.01'))}%"
