"""The employment vocabulary: fields added to ``people`` and the ``employment_spells`` table.

A person is referred to (joins) an employment programme on ``referral_date``; each
spell of work since then is a row of ``employment_spells``. Only paid work in the
open labour market (a job as an employee, or self-employment) counts towards job
starts and job outcomes: the Work Programme's job outcomes and Individual Placement
and Support's competitive employment both leave out supported or sheltered work and
unpaid work, which the table records so that they can be seen.
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, FieldsDecl, TableDecl

EMPLOYMENT_TYPES: dict[str, str] = {
    "employee": "a paid job in the open labour market (competitive employment)",
    "self_employed": "paid self-employment",
    "supported": "supported, sheltered or permitted work (not counted)",
    "voluntary": "unpaid or voluntary work (not counted)",
}
"""Kind of work → what it is. The first two are paid work that counts."""

PAID_WORK = ("employee", "self_employed")

BENEFITS = ("universal_credit", "jobseekers_allowance", "employment_and_support_allowance",
            "none")

REFERRAL_DATE = FieldDecl(
    name="referral_date",
    type="date",
    title="Referral date",
    description="The date the service received the referral (or self-referral).",
)
"""Shared with the mental health and housing services: the declarations must agree."""

def _wemwbs(name: str, title: str, description: str) -> FieldDecl:
    return FieldDecl(name=name, type="integer", unit="points", minimum=Decimal(14),
                     maximum=Decimal(70), title=title, description=description)


WEMWBS_FIELDS: tuple[FieldDecl, ...] = (
    _wemwbs("wemwbs_start", "WEMWBS score at the start",
            "Warwick-Edinburgh Mental Wellbeing Scale total (14 items scored 1-5) "
            "when support began. Self-reported."),
    _wemwbs("wemwbs_end", "WEMWBS score at the end",
            "Warwick-Edinburgh Mental Wellbeing Scale total at the latest review or "
            "when support ended. Self-reported."),
)
"""Shared with adult_social_care and mental_health: the declarations must stay identical."""

PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    REFERRAL_DATE,
    FieldDecl(
        name="benefit_at_referral",
        type="category",
        values=BENEFITS,
        title="Benefit at referral",
        description="The out-of-work benefit the person claimed when referred; the Work "
        "Programme set its job-outcome periods and prices by benefit group.",
    ),
    FieldDecl(
        name="months_out_of_work",
        type="integer",
        unit="months",
        minimum=Decimal(0),
        maximum=Decimal(600),
        title="Months out of work at referral",
        description="Complete months since the person's last paid work, at referral.",
    ),
    FieldDecl(
        name="secondary_mental_health_care",
        type="boolean",
        title="In secondary mental health care",
        description="Under a secondary (community) mental health team at referral: the "
        "people Individual Placement and Support serves in the NHS.",
    ),
    *WEMWBS_FIELDS,
)

_PERSON_ID, _PROVIDER, _PERIOD = COMMON_PEOPLE_FIELDS[:3]

EMPLOYMENT_SPELLS = TableDecl(
    name="employment_spells",
    title="Employment spells",
    description="One row per spell of work a person had since referral; a person may have "
    "several. Each return lists the person's spells up to the period end.",
    subject="events",
    key=None,
    fields=(
        _PERSON_ID,
        _PROVIDER,
        _PERIOD,
        FieldDecl(
            name="job_start",
            type="date",
            required=True,
            title="Job start",
            description="The first day of work in the job.",
        ),
        FieldDecl(
            name="job_end",
            type="date",
            title="Job end",
            description="The last day of work in the job; missing while it continues.",
        ),
        FieldDecl(
            name="employment_type",
            type="category",
            values=tuple(EMPLOYMENT_TYPES),
            title="Kind of work",
            description="; ".join(f"{k} = {v}" for k, v in EMPLOYMENT_TYPES.items()) + ".",
        ),
        FieldDecl(
            name="hours_per_week",
            type="integer",
            unit="hours",
            minimum=Decimal(0),
            maximum=Decimal(80),
            title="Hours a week",
            description="Usual paid hours a week.",
        ),
    ),
)


def people_fields() -> FieldsDecl:
    """The fields employment adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
