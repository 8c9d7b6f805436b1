"""The adult social care vocabulary: fields added to ``people`` and the ``sessions`` table."""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, FieldsDecl, TableDecl

SETTINGS = ("own_home", "care_home", "nursing_home", "extra_care", "hospital")
PLACES_OF_DEATH = ("home", "care_home", "hospice", "hospital")
SESSION_KINDS = (
    "continence_clinic",
    "falls_prevention",
    "reablement_visit",
    "wellbeing_group",
    "care_review",
)


def _count(name: str, title: str, high: int, unit: str, description: str) -> FieldDecl:
    return FieldDecl(
        name=name,
        type="integer",
        unit=unit,
        minimum=Decimal(0),
        maximum=Decimal(high),
        title=title,
        description=description,
    )


def _flag(name: str, title: str, description: str) -> FieldDecl:
    return FieldDecl(name=name, type="boolean", title=title, description=description)


WEMWBS_FIELDS: tuple[FieldDecl, ...] = (
    FieldDecl(
        name="wemwbs_start",
        type="integer",
        unit="points",
        minimum=Decimal(14),
        maximum=Decimal(70),
        title="WEMWBS score at the start",
        description="Warwick-Edinburgh Mental Wellbeing Scale total (14 items scored 1-5) "
        "when support began. Self-reported.",
    ),
    FieldDecl(
        name="wemwbs_end",
        type="integer",
        unit="points",
        minimum=Decimal(14),
        maximum=Decimal(70),
        title="WEMWBS score at the end",
        description="Warwick-Edinburgh Mental Wellbeing Scale total at the latest review or "
        "when support ended. Self-reported.",
    ),
)
"""Shared with mental_health: the two declarations must stay identical."""

PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    FieldDecl(
        name="setting",
        type="category",
        values=SETTINGS,
        title="Care setting",
        description="Where the person lives and receives care at the end of the period.",
    ),
    _flag(
        "continence_problem",
        "Has a continence problem",
        "Assessed as having a bladder or bowel continence problem.",
    ),
    _flag(
        "continence_treated",
        "Continence problem treated",
        "A continence problem has a care plan and treatment in place (false if no problem).",
    ),
    _count("falls_12m", "Falls in the last 12 months", 365, "falls", "Falls recorded."),
    _count(
        "delayed_discharge_days",
        "Days of delayed discharge",
        365,
        "days",
        "Days the person stayed in hospital after being medically fit to leave.",
    ),
    *WEMWBS_FIELDS,
    _flag(
        "lives_at_home_91d",
        "At home 91 days after discharge",
        "Still at home 91 days after discharge from hospital into reablement "
        "(missing for people not discharged into reablement).",
    ),
    FieldDecl(
        name="end_of_life_preferred_place",
        type="category",
        values=PLACES_OF_DEATH,
        title="Preferred place of death",
        description="Where the person said they wished to die (people on an end-of-life plan).",
        personal=True,
    ),
    _flag(
        "died_in_preferred_place",
        "Died in the preferred place",
        "The person died where they had said they wished to (missing if they have not died).",
    ),
)

_PERSON_ID, _PROVIDER, _PERIOD = COMMON_PEOPLE_FIELDS[:3]

SESSIONS = TableDecl(
    name="sessions",
    title="Sessions delivered",
    description="One row per session of a service delivered (a clinic, a visit, a group). "
    "Counting sessions measures an output, not an outcome.",
    subject="services",
    key=None,
    fields=(
        _PERSON_ID.model_copy(update={"required": False}),
        _PROVIDER,
        _PERIOD,
        FieldDecl(
            name="session_kind",
            type="category",
            values=SESSION_KINDS,
            required=True,
            title="Kind of session",
        ),
        FieldDecl(
            name="session_date",
            type="date",
            required=True,
            title="Date of the session",
        ),
    ),
)
"""Sessions are services, not people; a session may serve nobody in particular
(a group), so ``person_id`` is optional here."""


def people_fields() -> FieldsDecl:
    """The fields adult social care adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
