"""What the returned samples and the confirming table do to the money, in words.

For each sample (a period and a method) and each provider in it:

* the claims found *not confirmed* or *not found* were struck before the run paid
  anything (`obcrules.engine.verification.claims`): they are listed as unpaid, each at
  its rate;
* the failure rate is the failed claims over the claims returned with a finding
  (claims never returned are *outstanding*: listed, still paid, and not in the rate);
* when the payment block says ``claw back when more than T fail`` and the rate is above
  T, the same rate is taken back from the rest of what the provider was paid in the
  period on the sampled outcomes:

      base     = paid in the period on the sampled outcomes' lines (after the strikes)
                 − the rates of the sampled claims found confirmed   (at least 0)
      clawback = base × failed ÷ returned, rounded half-up to the penny

A clawback never takes back more than the rate card paid the provider over the contract
(its rate card within the amount at risk, and no more than its outcome payments): the
lines' amounts it is worked out from are before those limits, and without the bound it
would take back money never paid, out of the fixed part. A provider's samples draw on
that in period order. The provider's total due is reduced by the clawback
(``payment_totals[].clawback``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from obcrules.engine import periods
from obcrules.engine.verification.claims import Claim
from obcrules.engine.verification.sheets import (
    CONFIRMED,
    FAILED,
    NOT_CONFIRMED,
    NOT_FOUND,
    Case,
    Returned,
)
from obcrules.model import Payment, PeriodUnit
from obcrules.money import display_money, money_text, to_penny


def within(claimed: str, sampled: str, unit: PeriodUnit) -> bool:
    """True when the period ``claimed`` (in the ruleset's unit) falls inside ``sampled``."""
    if periods.ordinal(claimed, unit) is None or periods.unit_of(sampled) is None:
        return False
    first, last = periods.bounds(sampled)
    start, end = periods.bounds(claimed)
    return first <= start and end <= last


def verification_entries(document: dict[str, Any], samples: list[Returned],
                         payment: Payment | None, currency: str) -> list[dict[str, Any]]:
    """One entry per sample and provider: the counts, the claims unpaid and outstanding,
    the failure rate and, above the threshold, the clawback with its working."""
    unit: PeriodUnit = document["period_unit"]
    threshold = Decimal(payment.claw_back.value) if payment and payment.claw_back else None
    strata = sorted(((provider, sample) for sample in samples
                     for provider in {c.claim.provider for c in sample.cases}),
                    key=lambda s: (s[0], s[1].period, s[1].method))
    room = {str(t["provider"]): min(Decimal(t["rate_card_after_at_risk"]),
                                    Decimal(t["outcome_payments"]))
            for t in document["payment_totals"]}
    entries = []
    for provider, sample in strata:
        cases = [c for c in sample.cases if c.claim.provider == provider]
        paid = room.get(provider, Decimal(0))
        entry = _entry(document, sample, provider, cases, threshold, unit, currency, paid)
        room[provider] = paid - Decimal(entry["clawback"])
        entries.append(entry)
    return entries


def _entry(document: dict[str, Any], sample: Returned, provider: str, cases: list[Case],
           threshold: Decimal | None, unit: PeriodUnit, currency: str,
           room: Decimal) -> dict[str, Any]:
    """One sample's entry for one provider; ``room`` is what the rate card paid it that
    no earlier sample has clawed back (the most this one can claw back)."""
    returned = [c for c in cases if c.finding is not None]
    failed = [c for c in returned if c.finding in FAILED]
    confirmed = [c for c in returned if c.finding == CONFIRMED]
    lines = {c.claim.line for c in cases}
    paid = sum((Decimal(b["amount"]) for p in document["payments"]
                if p["provider"] == provider and p["rate_line"] in lines
                for b in p["by_period"] if within(b["period"], sample.period, unit)),
               Decimal(0))
    confirmed_value = sum((c.rate for c in confirmed), Decimal(0))
    base = max(Decimal(0), paid - confirmed_value)
    rate = Fraction(len(failed), len(returned)) if returned else None
    above = (threshold is not None and rate is not None
             and rate > Fraction(threshold))
    wanted = to_penny(base * len(failed) / len(returned)) if above else Decimal(0)
    clawback = max(Decimal(0), min(wanted, room))

    def money(amount: Decimal) -> str:
        return display_money(amount, currency)

    failing = (f"{len(failed)} of {len(returned)} sampled claims returned failed "
               f"({_percent(rate)}),") if rate is not None else ""
    if rate is None:
        working = (f"No claim of the {len(cases)} drawn has been returned with a finding, so "
                   "nothing is clawed back yet.")
    elif not above:
        limit = (f"not above the {_percent(Fraction(threshold))} threshold"
                 if threshold is not None else "and the ruleset sets no clawback")
        working = (f"{failing} {limit}: the failed claims are not paid and "
                   "nothing more is clawed back.")
    elif clawback < wanted:
        assert threshold is not None
        working = (f"{failing} above the {_percent(Fraction(threshold))} threshold. "
                   f"{provider}'s claims on these outcomes in {sample.period} came to "
                   f"{money(paid)} on the rate card; less {money(confirmed_value)} for the "
                   f"{len(confirmed)} sampled claims confirmed leaves {money(base)}; "
                   f"{len(failed)}/{len(returned)} of it is {money(wanted)}. But within the "
                   f"amount at risk and its outcome payments, the rate card paid {provider} "
                   f"{money(room)} over the contract that is not already clawed back, "
                   f"so {money(clawback)} is clawed back: never more than was paid.")
    else:
        assert threshold is not None
        working = (f"{failing} above the {_percent(Fraction(threshold))} threshold. "
                   f"{provider} was paid {money(paid)} on these outcomes in {sample.period}; "
                   f"less {money(confirmed_value)} for the {len(confirmed)} sampled claims "
                   f"confirmed leaves {money(base)}; {len(failed)}/{len(returned)} of it, "
                   f"{money(clawback)}, is clawed back.")
    return {
        "provider": provider, "period": sample.period, "method": sample.method,
        "folder": sample.folder, "sheets": sample.sheets.get(provider, []),
        "drawn": len(cases), "returned": len(returned), "confirmed": len(confirmed),
        "not_confirmed": sum(1 for c in returned if c.finding == NOT_CONFIRMED),
        "not_found": sum(1 for c in returned if c.finding == NOT_FOUND),
        "failure_rate": _fraction(rate) if rate is not None else None,
        "threshold": f"{threshold.normalize():f}" if threshold is not None else None,
        "unpaid": [dict(_claim(c.claim), finding=str(c.finding), note=c.note,
                        amount=money_text(c.rate), sheet=str(c.file), cell=c.where)
                   for c in failed],
        "outstanding": [_claim(c.claim) for c in cases if c.finding is None],
        "paid_in_period": money_text(paid),
        "confirmed_value": money_text(confirmed_value),
        "base": money_text(base),
        "clawback": money_text(clawback),
        "working": working,
    }


def mismatch_entries(mismatches: list[Claim], table: str) -> list[dict[str, Any]]:
    """The claims the confirming table does not hold, person by person (not paid)."""
    return [dict(_claim(c), table=table,
                 problem=f"no row of {table} confirms {c.outcome} for {c.person}: not paid")
            for c in sorted(mismatches)]


def apply_clawbacks(totals: list[dict[str, Any]], entries: list[dict[str, Any]]) -> None:
    """Add each provider's clawback to its payment totals and take it off the total due."""
    for total in totals:
        back = sum((Decimal(e["clawback"]) for e in entries
                    if e["provider"] == total["provider"]), Decimal(0))
        total["clawback"] = money_text(back)
        total["total"] = money_text(Decimal(total["total"]) - back)


def _claim(claim: Claim) -> dict[str, Any]:
    return {"provider": claim.provider, "person_id": claim.person, "outcome": claim.outcome,
            "rate_line": claim.line, "period": claim.period, "price_group": claim.group}


def _fraction(rate: Fraction) -> str:
    """``3/20`` → ``"0.15"``; a rate that does not end is given to 6 places."""
    value = Decimal(rate.numerator) / Decimal(rate.denominator)
    return f"{value.quantize(Decimal('0.000001')).normalize():f}"


def _percent(rate: Fraction) -> str:
    value = Decimal(rate.numerator) * 100 / Decimal(rate.denominator)
    return f"{value.quantize(Decimal('0.01'))}%"
