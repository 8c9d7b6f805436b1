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
ENDED_REASONS = (
    "planned_move",
    "eviction_arrears",
    "eviction_behaviour",
    "abandoned",
    "custody",
    "hospital",
    "died",
    "other",
)

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


PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    _accommodation(
        "accommodation_at_referral",
        "Accommodation at referral",
        "Where the person was living when referred.",
    ),
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
            values=ENDED_REASONS,
            title="Why the tenancy ended",
            description="Missing while the tenancy still runs.",
        ),
    ),
)


def people_fields() -> FieldsDecl:
    """The fields housing adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
