"""The mental health vocabulary: the fields this service adds to ``people``."""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.declarations import FieldDecl, FieldsDecl

PHQ9_MAX = 27
GAD7_MAX = 21
ADSM_MAX = 80
ADSMS: dict[str, str] = {
    "spin": "Social Phobia Inventory (social anxiety disorder), 0-68",
    "pdss": "Panic Disorder Severity Scale (panic disorder), 0-28",
    "hai": "Health Anxiety Inventory, short week (health anxiety), 0-54",
    "pcl5": "PTSD Checklist for DSM-5 (post-traumatic stress disorder), 0-80",
}
"""The anxiety disorder specific measures accepted in place of GAD-7, with what they measure."""


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
    FieldDecl(
        name="treatment_sessions",
        type="integer",
        unit="sessions",
        minimum=Decimal(0),
        maximum=Decimal(100),
        title="Treatment sessions",
        description="Treatment appointments attended in this referral (assessment "
        "appointments are not treatment). Two or more, once the referral has ended, is a "
        "finished course of treatment.",
    ),
    FieldDecl(
        name="discharge_date",
        type="date",
        title="Discharge date",
        description="The day the referral ended (the person was discharged); missing while "
        "it is open.",
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
    FieldDecl(
        name="adsm",
        type="category",
        values=tuple(ADSMS),
        title="Anxiety disorder specific measure",
        description="The anxiety disorder specific measure recorded for the person's "
        "provisional diagnosis, used in place of GAD-7 when its first and last scores are "
        "both recorded: "
        + "; ".join(f"{name} = {what}" for name, what in ADSMS.items())
        + ". Missing when none is recorded.",
    ),
    _score(
        "adsm_start",
        "Anxiety disorder specific measure at the first appointment",
        0,
        ADSM_MAX,
        "The score on the measure named by `adsm` at the first appointment.",
    ),
    _score(
        "adsm_end",
        "Anxiety disorder specific measure at the last appointment",
        0,
        ADSM_MAX,
        "The score on the measure named by `adsm` at the last appointment attended.",
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
