"""The mental health vocabulary: the fields this service adds to ``people``."""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.declarations import FieldDecl, FieldsDecl

PHQ9_MAX = 27
GAD7_MAX = 21


def _score(name: str, title: str, low: int, high: int, description: str) -> FieldDecl:
    return FieldDecl(
        name=name,
        type="integer",
        unit="points",
        minimum=Decimal(low),
        maximum=Decimal(high),
        title=title,
        description=description,
    )


WEMWBS_FIELDS: tuple[FieldDecl, ...] = (
    _score(
        "wemwbs_start",
        "WEMWBS score at the start",
        14,
        70,
        "Warwick-Edinburgh Mental Wellbeing Scale total (14 items scored 1-5) "
        "when support began. Self-reported.",
    ),
    _score(
        "wemwbs_end",
        "WEMWBS score at the end",
        14,
        70,
        "Warwick-Edinburgh Mental Wellbeing Scale total at the latest review or "
        "when support ended. Self-reported.",
    ),
)
"""Shared with adult_social_care: the two declarations must stay identical."""

PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    FieldDecl(
        name="referral_date",
        type="date",
        title="Referral date",
        description="The date the service received the referral (or self-referral).",
    ),
    FieldDecl(
        name="first_appointment_date",
        type="date",
        title="First appointment date",
        description="The date of the first treatment appointment; missing if not yet seen.",
    ),
    _score(
        "phq9_start",
        "PHQ-9 at the first appointment",
        0,
        PHQ9_MAX,
        "Patient Health Questionnaire depression score at the first appointment. "
        "10 or more is caseness.",
    ),
    _score(
        "phq9_end",
        "PHQ-9 at the last appointment",
        0,
        PHQ9_MAX,
        "PHQ-9 at the last appointment attended; missing if treatment has not ended.",
    ),
    _score(
        "gad7_start",
        "GAD-7 at the first appointment",
        0,
        GAD7_MAX,
        "Generalised Anxiety Disorder score at the first appointment. 8 or more is caseness.",
    ),
    _score(
        "gad7_end",
        "GAD-7 at the last appointment",
        0,
        GAD7_MAX,
        "GAD-7 at the last appointment attended; missing if treatment has not ended.",
    ),
    *WEMWBS_FIELDS,
    FieldDecl(
        name="in_employment_start",
        type="boolean",
        title="In employment at the start",
        description="In paid work (employed or self-employed) at the first appointment.",
    ),
    FieldDecl(
        name="in_employment_end",
        type="boolean",
        title="In employment at the end",
        description="In paid work (employed or self-employed) at the last appointment.",
    ),
)


def people_fields() -> FieldsDecl:
    """The fields mental health adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
