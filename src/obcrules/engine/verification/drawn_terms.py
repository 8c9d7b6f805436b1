"""A returned sample against the payment terms it is read under.

A sheet names each claim by its rate-card line's number, and the findings strike the
claim on that line. When the ruleset or the contract has changed since the sample was
drawn (a line added before it, lines reordered, a price changed), the same number names
another line, or the same line pays another price: the findings would strike the wrong
claims and the clawback would be worked out at prices that no longer hold. A run with
such a sample stops and says which lines differ; nothing is paid on stale findings.
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.engine.errors import MonitoringError
from obcrules.engine.payments import Terms
from obcrules.engine.verification.sheets import Case, Returned
from obcrules.model import Payment
from obcrules.money import price_text, to_penny


def check_drawn_terms(samples: list[Returned], payment: Payment | None, terms: Terms | None,
                      currency: str = "") -> None:
    """`MonitoringError` listing each rate-card line (and price group) of a returned sample
    that is not, under ``payment`` and ``terms``, the outcome and price it was drawn at
    (prices written after ``currency``)."""
    problems: list[str] = []
    for sample in samples:
        seen: set[tuple[int, str | None]] = set()
        for case in sample.cases:
            key = (case.claim.line, case.claim.group)
            if key in seen:
                continue
            seen.add(key)
            now = _now(case, payment, terms, currency)
            if now is not None:
                problems.append(f"{sample.folder}: {_then(case, currency)} when drawn, {now} "
                                "now")
    if problems:
        raise MonitoringError(
            f"{len(problems)} rate-card line(s) of the returned verification samples differ "
            "from the payment terms (the ruleset or the contract changed since the sample "
            "was drawn), so the findings would strike the wrong claims:\n"
            + "\n".join(f"  {p}" for p in problems)
            + "\nmonitor with the ruleset and contract the sample was drawn under, or draw a "
            "new sample into another folder")


def _then(case: Case, currency: str) -> str:
    claim = case.claim
    group = f" (price group {claim.group})" if claim.group else ""
    return (f"rate-card line {claim.line}{group} paid on {claim.outcome} at "
            f"{currency}{price_text(case.rate)}")


def _now(case: Case, payment: Payment | None, terms: Terms | None, currency: str
         ) -> str | None:
    """What the line pays now, when that is not what the claim was drawn at; else None
    (a sheet written before prices kept their fractions of a penny holds the price to
    the penny)."""
    claim = case.claim
    lines = payment.rate_lines if payment is not None else []
    if terms is None or not 1 <= claim.line <= len(lines):
        return f"there is no rate-card line {claim.line}"
    outcome = lines[claim.line - 1].outcome.name
    rate: Decimal | None = (terms.rates.get(claim.line) if claim.group is None
                            else terms.group_rates.get((claim.line, claim.group)))
    if rate is None:
        return f"line {claim.line} pays on {outcome} and has no price group {claim.group}"
    if outcome != claim.outcome or case.rate not in (rate, to_penny(rate)):
        return f"it pays on {outcome} at {currency}{price_text(rate)}"
    return None
