"""The verification sections of ``monitoring.json``: returned audit samples
(``verification``) and the claims the commissioner's confirming table does not hold
(``confirmations``). See docs/verification.md for how each figure is reached."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class ClaimRef(TypedDict):
    """One person claimed for on one rate-card line."""

    provider: str
    person_id: str
    outcome: str
    rate_line: int
    period: str
    """The period the person first met the line's condition."""
    price_group: str | None


@with_config(_STRICT)
class UnpaidClaim(ClaimRef):
    """A sampled claim found not confirmed or not found: not paid."""

    finding: Literal["not confirmed", "not found"]
    note: str
    amount: str
    """The claim's rate, not paid."""
    sheet: str
    """The returned sheet, relative to the verification folder."""
    cell: str
    """Where the finding is: an XLSX cell (``Sample!J4``) or a CSV row."""


@with_config(_STRICT)
class SampleResult(TypedDict):
    """One provider's part of one returned sample (a period and a method)."""

    provider: str
    period: str
    """The period sampled (``--period``)."""
    method: str
    folder: str
    """The sample's folder, relative to the verification folder."""
    sheets: list[str]
    """The returned sheets the findings came from."""
    drawn: int
    returned: int
    """Claims returned with a finding."""
    confirmed: int
    not_confirmed: int
    not_found: int
    failure_rate: str | None
    """(not confirmed + not found) ÷ returned, as a decimal (six places at most)."""
    threshold: str | None
    """``claw back when more than …``, as a decimal; None when the ruleset sets none."""
    unpaid: list[UnpaidClaim]
    outstanding: list[ClaimRef]
    """Claims drawn but not returned with a finding: still paid, not in the rate."""
    paid_in_period: str
    """Paid to the provider in the period on the sampled lines, after the strikes."""
    confirmed_value: str
    """The rates of the sampled claims found confirmed."""
    base: str
    """paid_in_period − confirmed_value, at least 0: what the rate is applied to."""
    clawback: str
    """base × failure rate, to the penny, when the rate is above the threshold; else 0."""
    working: str
    """How the clawback was reached, in words."""


@with_config(_STRICT)
class ConfirmationMismatch(ClaimRef):
    """A claim on an outcome verified by admin_data that the confirming table does not
    hold: not paid."""

    table: str
    problem: str
