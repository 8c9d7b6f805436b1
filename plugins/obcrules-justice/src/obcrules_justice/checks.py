"""Justice lint checks (codes JUS###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import field_refs

_HEADER = """\
ruleset reducing_reoffending "Reducing reoffending":
    service justice
    period quarter
    currency £

outcome fewer_reoffend "Fewer offenders commit a proven reoffence":
    measure share of proven_reoffending where reoffended
    target less than 33%
    baseline 35% at 2025-Q4
    evidence objective
    verify admin_data every quarter

"""

PER_OFFENDER_BAD = (
    _HEADER
    + """\
payment:
    contract value £2_000_000
    at risk 10%
    fewer_reoffend pays £500 per offender where not reoffended
"""
)

PER_OFFENDER_BETTER = (
    _HEADER
    + """\
payment:
    contract value £2_000_000
    at risk 10%
    bonus 5% when fewer_reoffend beats target by 1 point
    bonus 5% when fewer_reoffend beats target by 3 points
"""
)

REOFFENDING = ("reoffended", "reoffences")


def _paid_per_offender(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A rate-card line that pays per offender on their reoffending."""
    payment = ctx.ruleset.payment
    if payment is None:
        return
    for line in payment.rate_lines:
        for use in field_refs(line.where, *REOFFENDING)[:1]:
            yield ctx.diagnostic(
                PAID_PER_OFFENDER,
                use,
                f"the rate-card line for {line.outcome.name!r} pays for each offender by "
                "whether they reoffended: about two offenders in three would not have "
                "reoffended anyway, so most of the money pays for what would have happened "
                "without the service",
                "pay on the cohort's binary rate and frequency beating a baseline, as "
                "Transforming Rehabilitation did: `bonus N% when OUTCOME beats target by X`",
            )


PAID_PER_OFFENDER = CheckDecl(
    code="JUS001",
    name="reoffending-paid-per-offender",
    severity="warning",
    summary="Paying per offender who does not reoffend pays for the many who would not "
    "have reoffended anyway: pay on the cohort's rates against a baseline instead.",
    bad=PER_OFFENDER_BAD,
    better=PER_OFFENDER_BETTER,
    run=_paid_per_offender,
)

CHECKS: tuple[CheckDecl, ...] = (PAID_PER_OFFENDER,)
