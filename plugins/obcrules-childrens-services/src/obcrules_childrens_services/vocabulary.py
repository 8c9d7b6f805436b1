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
    "other": "Z1, T0-T4",
}
"""Placement type → the SSDA903 PLACE codes it groups."""

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
        "(0-40; higher is more difficulty).",
    )


PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    _flag("in_care", "In care", "Looked after by the local authority at the period end."),
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
        "Convicted or given a youth caution or final warning in the last 12 months.",
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
    ),
)


def people_fields() -> FieldsDecl:
    """The fields children's services add to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
