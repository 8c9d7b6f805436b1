"""The shape of a bid return, shared by the bid form writer and the bid reader.

YAML and JSON bids are mappings with the fields in `FIELDS`. The XLSX bid return
has one sheet, `SHEET`: label/value rows for the bid's own fields (labels in
column A, values in column B) and, below a header row starting with
``Outcome``, one row per outcome with the `COLUMNS`.
"""

from __future__ import annotations

SHEET = "Bid"

FIELDS = ("bidder", "lot", "price", "fixed_fee", "provider_id", "outcomes", "rate_card",
          "track_record", "organisation")
"""Top-level fields of a bid (``provider_id``, ``track_record`` and ``organisation`` are
optional). A lot priced from the rate card asks ``fixed_fee`` (optional) and
``rate_card`` instead of ``price``."""


def fields_of(priced: bool) -> tuple[str, ...]:
    """The top-level fields a bid for a lot gives: ``fixed_fee`` and ``rate_card`` in place of
    ``price`` when the lot is priced from the rate card."""
    drop = ("price",) if priced else ("fixed_fee", "rate_card")
    return tuple(f for f in FIELDS if f not in drop)


OUTCOME_FIELDS = ("target", "people", "verify")

RATE_FIELDS = ("price", "people")
"""Fields of each line of a priced rate card (``rate_card: {1: {price, people}}``)."""

LABELS: dict[str, str] = {
    "bidder": "Bidder",
    "lot": "Lot",
    "price": "Price",
    "provider_id": "Provider id (optional)",
    "fixed_fee": "Fixed fee (optional)",
}
"""Column-A labels of the bid's own fields in the XLSX return."""

COLUMNS: dict[str, str] = {
    "outcome": "Outcome",
    "title": "Title",
    "measure": "Measure",
    "required_target": "Required target",
    "required_verification": "Verification in the ruleset",
    "target": "Offered target",
    "people": "People expected",
    "verify": "Verification methods offered",
}
"""Columns of the outcome table, in order; the bidder fills the last three."""

RATE_COLUMNS: dict[str, str] = {
    "line": "Rate-card line",
    "outcome": "Outcome",
    "pays": "Pays at most",
    "where": "For each",
    "price": "Your price (or discount)",
    "people": "People expected",
}
"""Columns of the rate-card table of a priced lot's XLSX return, below the outcome table;
the bidder fills the last two."""

FIRST_LABEL_ROW = 3
HEADER_ROW = 9
