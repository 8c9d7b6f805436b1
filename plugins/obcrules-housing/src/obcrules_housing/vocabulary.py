"""The housing vocabulary: fields added to ``people`` and the ``tenancies`` table."""

from __future__ import annotations

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, FieldsDecl, TableDecl

ACCOMMODATION = (
    "rough_sleeping",
    "sofa_surfing",
    "temporary",
    "supported",
    "own_tenancy",
    "family",
)
TENURES = ("social_rent", "private_rent", "supported_tenancy", "shared_ownership", "other")
ENDED_REASONS: dict[str, str] = {
    "planned_move": "a planned move to other settled accommodation (the accommodation "
    "continues)",
    "eviction_arrears": "eviction for rent arrears",
    "eviction_behaviour": "eviction for behaviour",
    "abandoned": "the tenant abandoned the home",
    "custody": "the tenant went into custody",
    "hospital": "the tenant went into hospital long term",
    "died": "the tenant died (left out of the outcomes not yet reached)",
    "other": "any other ending",
}
"""Why a tenancy ended. A planned move keeps the person accommodated, a death takes them
out of the outcomes they had not reached, and every other ending — eviction,
abandonment, custody, hospital, other, or none recorded — ends the accommodation."""

PLANNED_MOVE = "planned_move"
DIED = "died"

REFERRAL_DATE = FieldDecl(
    name="referral_date",
    type="date",
    title="Referral date",
    description="The date the service received the referral (or self-referral).",
)
"""Shared with the mental health and employment services: the declarations must agree."""

TENANCY_START = FieldDecl(
    name="tenancy_start",
    type="date",
    title="Tenancy start",
    description="The date the tenancy began (the keys were handed over).",
)
TENANCY_END = FieldDecl(
    name="tenancy_end",
    type="date",
    title="Tenancy end",
    description="The date the tenancy ended; missing while it still runs.",
)


def _accommodation(name: str, title: str, description: str) -> FieldDecl:
    return FieldDecl(
        name=name, type="category", values=ACCOMMODATION, title=title, description=description
    )


ACCOMMODATION_AT_REFERRAL = _accommodation(
    "accommodation_at_referral",
    "Accommodation at referral",
    "Where the person was living when referred.",
)

PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    REFERRAL_DATE,
    ACCOMMODATION_AT_REFERRAL,
    _accommodation(
        "accommodation_now",
        "Accommodation now",
        "Where the person is living at the end of the period (or when support ended).",
    ),
    TENANCY_START,
    TENANCY_END,
    FieldDecl(
        name="in_education_training_employment",
        type="boolean",
        title="In education, training or employment",
        description="In education, training or paid work at the end of the period.",
    ),
)

_PERSON_ID, _PROVIDER, _PERIOD = COMMON_PEOPLE_FIELDS[:3]

TENANCIES = TableDecl(
    name="tenancies",
    title="Tenancies",
    description="One row per tenancy a person supported held; a person may have several.",
    subject="events",
    key=None,
    fields=(
        _PERSON_ID,
        _PROVIDER,
        _PERIOD,
        TENANCY_START.model_copy(update={"required": True}),
        TENANCY_END,
        FieldDecl(name="tenure", type="category", values=TENURES, title="Tenure"),
        FieldDecl(
            name="ended_reason",
            type="category",
            values=tuple(ENDED_REASONS),
            title="Why the tenancy ended",
            description="; ".join(f"{k} = {v}" for k, v in ENDED_REASONS.items())
            + ". Missing while the tenancy still runs.",
        ),
    ),
)


def people_fields() -> FieldsDecl:
    """The fields housing adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
