"""The commissioner's tables beside the providers' returns: which a ruleset reads, and the
comparison groups' rates.

``referrals`` (for ``cohort referrals``, see `obcrules.engine.cohort`) and
``comparison_rates`` (for ``above comparison NAME``) are declared in
`obcrules.plugins.common_tables`; the table of ``confirm with TABLE`` (administrative
data confirming claims) in `obcrules.engine.verification.claims`. They are read only
when the payment terms name them,
validated like any table (their invalid records listed), never measured, and never
count as a provider's return; a file of one the ruleset does not read is neither read
nor listed as ignored.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine.expressions import column
from obcrules.engine.findings import Findings
from obcrules.engine.validation import OK, ROW
from obcrules.engine.verification.claims import confirmation_table
from obcrules.model import Ruleset
from obcrules.plugins.common_tables import (
    COMPARISON_RATES,
    REFERRALS,
    comparison_rates_table,
    referrals_table,
)
from obcrules.plugins.declarations import TableDecl


def commissioner_tables(ruleset: Ruleset) -> dict[str, TableDecl]:
    """The commissioner's tables the ruleset's payment terms read."""
    payment = ruleset.payment
    tables: dict[str, TableDecl] = {}
    if payment is None:
        return tables
    if payment.cohort is not None:
        tables[REFERRALS] = referrals_table()
    if any(line.deadweight is not None and line.deadweight.comparison is not None
           for line in payment.rate_lines):
        tables[COMPARISON_RATES] = comparison_rates_table()
    if payment.confirm is not None:
        tables[payment.confirm.table.name] = confirmation_table(payment.confirm)
    return tables


def record_counts_query(typed_view: str, decl: TableDecl) -> exp.Select:
    """Records and invalid records of a commissioner's table, by provider and period where
    it has them (as the data-quality summary counts a return's)."""
    keys: list[exp.Expr] = [
        exp.alias_(column(n) if decl.field(n) is not None else exp.null(), n)
        for n in ("provider", "period")]
    return (exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "_rows", quoted=True),
                       exp.alias_(exp.CountIf(this=exp.Not(this=column(OK))), "_invalid",
                                  quoted=True))
            .from_(typed_view).group_by(exp.Literal.number(1), exp.Literal.number(2)))


def comparison_query(typed_view: str) -> exp.Select:
    """The valid rates of the comparison groups, with their rows."""
    return (exp.select(column("comparison"), column("period"), column("rate"), column(ROW))
            .from_(typed_view).where(column(OK)))


def comparison_rates(rows: list[dict[str, Any]], file: str,
                     findings: Findings) -> dict[tuple[str, str], Decimal]:
    """Each comparison group's rate by period. A group given two rates for one period has
    none there: both rows are listed, and nobody is paid above it in that period."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[(str(row["comparison"]), str(row["period"]))].append(row)
    rates: dict[tuple[str, str], Decimal] = {}
    for (name, period), given in sorted(found.items()):
        if len(given) == 1:
            rates[(name, period)] = Decimal(repr(float(given[0]["rate"])))
            continue
        numbers = sorted(int(r[ROW]) for r in given if r[ROW] is not None)
        where = ", ".join(str(n) for n in numbers)
        for number in numbers:
            findings.problems.append({
                "table": COMPARISON_RATES, "file": file, "row": number, "provider": None,
                "period": period, "field": "rate",
                "problem": f"the comparison group {name!r} has {len(given)} rates for {period} "
                           f"(rows {where}); neither is used, so nobody is paid above it in "
                           "that period until one is removed"})
    return rates
