"""The justice vocabulary: fields added to ``people`` (offenders) and the ``reoffences`` table.

It follows the Ministry of Justice's proven reoffending statistics: each offender in
a cohort has an *index date* — release from custody, or the day of a non-custodial
sentence at court or of a caution — from which a one-year follow-up runs; each
offence they commit is a row of ``reoffences`` with the day it was committed and
the day it was proven (a conviction at court or a caution).
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, FieldsDecl, TableDecl

INDEX_DISPOSALS: dict[str, str] = {
    "released_from_custody": "released from custody: the index date is the day of release",
    "court_order": "a non-custodial sentence at court (a community order, a suspended "
    "sentence order): the index date is the day of sentence",
    "caution": "a caution (or youth caution): the index date is the day it was given",
}

DISPOSALS: dict[str, str] = {
    "court_conviction": "convicted at court (proven)",
    "caution": "an adult simple or conditional caution (proven)",
    "youth_caution": "a youth caution or youth conditional caution (proven)",
    "penalty_notice": "a penalty notice for disorder (not a proven reoffence)",
    "community_resolution": "a community resolution (not a proven reoffence)",
}
"""How an offence was dealt with. Only convictions and cautions prove a reoffence."""

PROVEN = ("court_conviction", "caution", "youth_caution")

OFFENCE_GROUPS = (
    "violence_against_the_person",
    "sexual_offences",
    "robbery",
    "theft",
    "criminal_damage_and_arson",
    "drug_offences",
    "possession_of_weapons",
    "public_order",
    "miscellaneous_crimes_against_society",
    "fraud",
    "summary_non_motoring",
    "summary_motoring",
)
"""The Ministry of Justice's offence groups."""

INDEX_DATE = FieldDecl(
    name="index_date",
    type="date",
    title="Index date",
    description="The start of the one-year follow-up: the day of release from custody, or "
    "of a non-custodial sentence at court, or of a caution.",
)
INDEX_DISPOSAL = FieldDecl(
    name="index_disposal",
    type="category",
    values=tuple(INDEX_DISPOSALS),
    title="Index disposal",
    description="; ".join(f"{k} = {v}" for k, v in INDEX_DISPOSALS.items()) + ".",
)

PEOPLE_FIELDS: tuple[FieldDecl, ...] = (
    INDEX_DATE,
    INDEX_DISPOSAL,
    FieldDecl(
        name="settled_accommodation_on_release",
        type="boolean",
        title="Settled accommodation on release",
        description="Released from custody to settled accommodation for the first night, as "
        "the provider records it (HMPPS reports the share of prison leavers); missing for "
        "offenders not released from custody.",
    ),
    FieldDecl(
        name="previous_offences",
        type="integer",
        unit="offences",
        minimum=Decimal(0),
        maximum=Decimal(500),
        title="Previous offences",
        description="Proven offences before the index offence.",
        personal=True,
    ),
)

_PERSON_ID, _PROVIDER, _PERIOD = COMMON_PEOPLE_FIELDS[:3]

REOFFENCES = TableDecl(
    name="reoffences",
    title="Offences after the index date",
    description="One row per offence an offender committed after their index date, from "
    "the Police National Computer; an offender may have several.",
    subject="events",
    key=None,
    fields=(
        _PERSON_ID,
        _PROVIDER,
        _PERIOD,
        FieldDecl(
            name="offence_date",
            type="date",
            required=True,
            title="Offence date",
            description="The day the offence was committed.",
        ),
        FieldDecl(
            name="proven_date",
            type="date",
            title="Proven date",
            description="The day of the conviction at court or of the caution; missing while "
            "the case is pending.",
        ),
        FieldDecl(
            name="disposal",
            type="category",
            values=tuple(DISPOSALS),
            title="Disposal",
            description="; ".join(f"{k} = {v}" for k, v in DISPOSALS.items()) + ".",
        ),
        FieldDecl(
            name="offence_group",
            type="category",
            values=OFFENCE_GROUPS,
            title="Offence group",
            description="The Ministry of Justice's offence group.",
        ),
    ),
)


def people_fields() -> FieldsDecl:
    """The fields justice adds to the core ``people`` table."""
    return FieldsDecl(table="people", fields=PEOPLE_FIELDS)
