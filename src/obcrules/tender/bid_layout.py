"""The shape of a bid return, shared by the bid form writer and the bid reader.

YAML and JSON bids are mappings with the fields in `FIELDS`. The XLSX bid return
has one sheet, `SHEET`: label/value rows for the bid's own fields (labels in
column A, values in column B) and, below a header row starting with
``Outcome``, one row per outcome with the `COLUMNS`.
"""

from __future__ import annotations

SHEET = "Bid"

FIELDS = ("bidder", "lot", "price", "provider_id", "outcomes", "track_record")
"""Top-level fields of a bid (``provider_id`` and ``track_record`` are optional)."""

OUTCOME_FIELDS = ("target", "people", "verify")

LABELS: dict[str, str] = {
    "bidder": "Bidder",
    "lot": "Lot",
    "price": "Price",
    "provider_id": "Provider id (optional)",
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

FIRST_LABEL_ROW = 3
HEADER_ROW = 9
