"""The common ``people`` table that every service extends, and the commissioner's tables.

It lives with the plugin host rather than in the core plugin (`obcrules.builtin`)
because the host's sample-data kit, the engine and service plugins name its
fields; the core plugin registers it through ``register_tables`` like any table.

The commissioner's tables (`referrals`, `comparison_rates`) are not providers'
returns: they have no reporting period (or no provider), are read only when a
ruleset's payment terms name them (``cohort referrals``, ``above comparison NAME``)
and are never measured. The checker and the engine both know them from here.
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


REFERRALS = "referrals"
"""The commissioner's referrals: ``cohort referrals`` pays only for the people in it."""
COMPARISON_RATES = "comparison_rates"
"""The commissioner's comparison groups' rates: ``above comparison NAME`` reads them."""


def referrals_table() -> TableDecl:
    """Who the commissioner referred to which provider, and when (one row per referral)."""
    person_id, provider, _ = COMMON_PEOPLE_FIELDS[:3]
    return TableDecl(
        name=REFERRALS,
        title="Referrals",
        description="The commissioner's referrals: each person referred to a provider and "
        "the date. With `cohort referrals`, only these people are paid for.",
        subject="people",
        key=None,
        fields=(
            person_id.model_copy(update={"description": "As the provider's returns write it."}),
            provider,
            FieldDecl(name="referred_on", type="date", required=True, title="Date referred"),
        ),
    )


def comparison_rates_table() -> TableDecl:
    """The rate a comparison group reached in each period (one row per group and period)."""
    _, _, period = COMMON_PEOPLE_FIELDS[:3]
    return TableDecl(
        name=COMPARISON_RATES,
        title="Comparison group rates",
        description="For `above comparison NAME`: the share of a commissioner-supplied "
        "comparison cohort that met the line's outcome in each period.",
        subject="events",
        key=None,
        fields=(
            FieldDecl(name="comparison", type="text", required=True, title="Comparison group",
                      description="The NAME in `above comparison NAME`."),
            period,
            FieldDecl(name="rate", type="decimal", required=True, minimum=Decimal(0),
                      maximum=Decimal(1), title="Rate",
                      description="A fraction from 0 to 1 (0.72 for 72%)."),
        ),
    )


COMMISSIONER_TABLES = (REFERRALS, COMPARISON_RATES)
"""The tables the commissioner supplies beside the providers' returns."""
