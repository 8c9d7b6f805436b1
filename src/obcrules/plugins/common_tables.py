"""The common ``people`` table that every service extends.

It lives with the plugin host rather than in the core plugin (`obcrules.builtin`)
because the host's sample-data kit, the engine and service plugins name its
fields; the core plugin registers it through ``register_tables`` like any table.
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.declarations import FieldDecl, TableDecl

COMMON_PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    FieldDecl(
        name="person_id",
        type="text",
        required=True,
        personal=True,
        title="Person identifier",
        description="Unique within provider and period; pseudonymised by the provider.",
    ),
    FieldDecl(name="provider", type="text", required=True, title="Provider"),
    FieldDecl(
        name="period",
        type="text",
        required=True,
        title="Reporting period",
        description="2026-Q1, 2026-03 or 2026, as the ruleset's `period` says.",
    ),
    FieldDecl(
        name="age",
        type="integer",
        minimum=Decimal(0),
        maximum=Decimal(120),
        title="Age in years",
    ),
    FieldDecl(
        name="sex",
        type="category",
        values=("female", "male", "other", "not_known"),
        title="Sex",
    ),
    FieldDecl(
        name="ethnicity",
        type="category",
        values=("white", "mixed", "asian", "black", "other", "not_known"),
        title="Ethnic group",
    ),
    FieldDecl(
        name="disability",
        type="category",
        values=("yes", "no", "not_known"),
        title="Disability",
    ),
)
"""Fields every people table carries (the plugin contract, "The common tables")."""

EQUALITY_FIELDS = ("sex", "ethnicity", "disability")
"""Fields by which outcomes are broken down, with small numbers suppressed."""


def people_table() -> TableDecl:
    """The core ``people`` table: one row per person, provider and period."""
    return TableDecl(
        name="people",
        title="People served",
        description="One row per person served, per provider and reporting period.",
        subject="people",
        key="person_id",
        fields=COMMON_PEOPLE_FIELDS,
    )
