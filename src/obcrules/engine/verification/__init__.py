"""Verification executed (``docs/verification.md``): claims drawn into an audit sample,
the returned findings and the commissioner's confirming data striking the claims they do
not bear out, and a failed sample clawing back from the rest.

`claims` lists and strikes claims inside a run; `sampling` draws the sample; `sheets`
writes it and reads it back; `drawn_terms` refuses findings on lines the payment terms
no longer pay as drawn; `clawback` turns the findings into money and words.
`add_verification` puts the results into a run's document.
"""

from __future__ import annotations

from typing import Any

from obcrules.engine.verification.claims import Settlement
from obcrules.engine.verification.clawback import (
    apply_clawbacks,
    mismatch_entries,
    verification_entries,
)
from obcrules.engine.verification.sheets import Returned
from obcrules.model import Ruleset

__all__ = ["Settlement", "add_verification"]


def add_verification(document: dict[str, Any], ruleset: Ruleset, settlement: Settlement,
                     samples: list[Returned] | None) -> None:
    """Add ``confirmations`` (under ``confirm with``) and ``verification`` (with returned
    samples) to a run's document, and each provider's clawback to its payment totals."""
    payment = ruleset.payment
    if payment is not None and payment.confirm is not None:
        document["confirmations"] = mismatch_entries(settlement.mismatches,
                                                     payment.confirm.table.name)
    if samples is None:
        return
    currency = ruleset.header.currency if ruleset.header and ruleset.header.currency else ""
    entries = verification_entries(document, samples, payment, currency)
    document["verification"] = entries
    apply_clawbacks(document["payment_totals"], entries)
