"""The children's services vocabulary: fields added to ``people`` and ``placement_episodes``.

Placement episodes follow the SSDA903 return (the DfE's children looked after
collection): one row per episode of care, a new episode beginning whenever the
placement or the legal status changes. Categories use readable names; the
SSDA903 codes they stand for are in each field's description.
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, FieldsDecl, TableDecl

PLACEMENT_TYPES: dict[str, str] = {
    "foster_relative": "U1-U3",
    "foster_other": "U4-U6",
    "placed_for_adoption": "A3-A6",
    "placed_with_parents": "P1",
    "independent_living": "P2",
    "secure_unit": "K1",
    "childrens_home": "K2",
    "residential_school": "S1",
    "residential_other": "R1, R2, R3, R5, H5",
    "temporary": "T0-T4",
    "other": "Z1",
}
"""Placement type → the SSDA903 PLACE codes it groups. ``temporary`` (T0-T4: a hospital
stay, a holiday, a short stay while the usual carer is away) is not a placement in the
DfE's stability measures: the child returns to their usual placement afterwards."""

TEMPORARY = "temporary"
PLACED_FOR_ADOPTION = "placed_for_adoption"

REASONS_FOR_CHANGE: dict[str, str] = {
    "started_care": "S",
    "legal_status_change": "L",
    "placement_change": "P",
    "placement_change_same_carer": "T",
    "legal_and_placement_change": "B",
    "legal_and_placement_change_same_carer": "U",
}
"""Reason for a new episode → its SSDA903 RNE code. Only ``legal_status_change``
keeps the child in the same placement."""

SAME_PLACEMENT = "legal_status_change"
STARTED_CARE = "started_care"

LEGAL_STATUSES: dict[str, str] = {
    "interim_care_order": "C1",
    "full_care_order": "C2",
    "voluntary_accommodation": "V2",
    "short_breaks": "V3, V4",
    "placement_order": "E1",
    "freeing_order": "D1",
    "police_protection_or_emergency_order": "L1, L2, L3",
    "youth_justice": "J1, J2, J3",
}
"""Legal status → the SSDA903 LS codes it groups. ``short_breaks`` (V3/V4: an agreed
series of short-term placements, respite) is left out of the DfE's measures."""

SHORT_BREAKS = "short_breaks"

SDQ_INFORMANTS = ("carer", "provider_staff", "teacher", "young_person", "other")
"""Who completed the SDQ. SSDA903 asks for the carer's questionnaire; ``provider_staff``
is anyone employed by the provider being paid (a children's home key worker is both)."""


def _codes(mapping: dict[str, str]) -> str:
    return "; ".join(f"{name} = {code}" for name, code in mapping.items())


def _flag(name: str, title: str, description: str, *, personal: bool = False) -> FieldDecl:
    return FieldDecl(
        name=name, type="boolean", title=title, description=description, personal=personal
    )


def _sdq(name: str, title: str, when: str) -> FieldDecl:
    return FieldDecl(
        name=name,
        type="integer",
        unit="points",
        minimum=Decimal(0),
        maximum=Decimal(40),
        title=title,
        description=f"Strengths and Difficulties Questionnaire total difficulties score {when} "
        "(0-40; higher is more difficulty). SSDA903 collects it for children aged 4 to 16 "
        "looked after continuously for 12 months or more: 0-13 normal, 14-16 borderline, "
        "17 and over a cause for concern.",
    )


PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    _flag("in_care", "In care", "Looked after by the local authority at the period end."),
    FieldDecl(
        name="in_care_since",
        type="date",
        title="In care since",
        description="The day the current period of care began (SSDA903: the start of the "
        "episode with reason S, started to be looked after); missing for children not in "
        "care. Continuously looked after for 12 months means this day is 12 months or more "
        "before the period end.",
    ),
    FieldDecl(
        name="placements_12m",
        type="integer",
        unit="placements",
        minimum=Decimal(0),
        maximum=Decimal(50),
        title="Placements in the last 12 months",
        description="Placements the child had in the 12 months to the period end, as returned.",
    ),
    _flag(
        "offended_12m",
        "Offended in the last 12 months",
        "Convicted, or given a youth caution or youth conditional caution, for an offence "
        "in the 12 months to the period end (children aged 10 and over; youth cautions "
        "replaced reprimands and final warnings in April 2013).",
        personal=True,
    ),
    FieldDecl(
        name="school_attendance",
        type="decimal",
        unit="percent",
        minimum=Decimal(0),
        maximum=Decimal(100),
        title="School attendance",
        description="Sessions attended as a percentage of possible sessions (0-100).",
    ),
    _sdq("sdq_start", "SDQ score at the start", "when support began"),
    _sdq("sdq_end", "SDQ score at the end", "at the latest assessment"),
    FieldDecl(
        name="sdq_completed_by",
        type="category",
        values=SDQ_INFORMANTS,
        title="SDQ completed by",
        description="Who completed the SDQ questionnaires: carer (the child's main carer, "
        "not employed by the provider being paid: the questionnaire SSDA903 asks for), "
        "provider_staff (anyone employed by the provider being paid, a children's home "
        "key worker included), teacher, young_person (the self-report version), other.",
    ),
    _flag(
        "not_in_education_employment_training",
        "Not in education, employment or training",
        "NEET at the period end (young people aged 16 and over; missing under 16).",
    ),
)

_PERSON_ID, _PROVIDER, _PERIOD = COMMON_PEOPLE_FIELDS[:3]

PLACEMENT_EPISODES = TableDecl(
    name="placement_episodes",
    title="Placement episodes",
    description="SSDA903-style episodes of care: one row per episode, each return listing "
    "the child's episodes up to the period end (at least the last 30 months).",
    subject="events",
    key=None,
    fields=(
        _PERSON_ID,
        _PROVIDER,
        _PERIOD,
        FieldDecl(
            name="episode_start",
            type="date",
            required=True,
            title="Episode start",
            description="Date the episode began (SSDA903 DECOM).",
        ),
        FieldDecl(
            name="episode_end",
            type="date",
            title="Episode end",
            description="Date the episode ended (SSDA903 DEC), the next episode's start if "
            "there is one; missing while it continues.",
        ),
        FieldDecl(
            name="placement_type",
            type="category",
            values=tuple(PLACEMENT_TYPES),
            title="Placement type",
            description="SSDA903 PLACE codes: " + _codes(PLACEMENT_TYPES) + ".",
        ),
        FieldDecl(
            name="reason_for_change",
            type="category",
            values=tuple(REASONS_FOR_CHANGE),
            title="Reason for new episode",
            description="SSDA903 RNE codes: " + _codes(REASONS_FOR_CHANGE) + ".",
        ),
        FieldDecl(
            name="legal_status",
            type="category",
            values=tuple(LEGAL_STATUSES),
            title="Legal status",
            description="SSDA903 LS codes: " + _codes(LEGAL_STATUSES) + ".",
        ),
    ),
)


def people_fields() -> FieldsDecl:
    """The fields children's services add to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
