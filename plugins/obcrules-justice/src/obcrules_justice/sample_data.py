"""Synthetic probation returns: four providers over eight quarters.

Each quarter's return lists the offenders the provider supervises whose index date
fell about 18 months earlier (their proven reoffending is now known) and some more
recent ones (not yet known). Wessex Rehabilitation cuts reoffending most; Midland and
Pennine sit near the target (Pennine made no return for 2026-Q2); Estuary is much
weaker. Offenders released from custody reoffend more often. Some offences fall
outside the follow-up year or are proven after the six-month wait, and some end in a
penalty notice or a community resolution: none of those count.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from obcrules.plugins.arrow_schema import table_from_columns
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.sampling import (
    PeopleFrame,
    ProviderProfile,
    Sampler,
    days_after,
    days_before,
    only_where,
    people_frame,
    people_with,
)
from obcrules_justice.vocabulary import OFFENCE_GROUPS, PEOPLE_FIELDS, REOFFENCES

PROVIDERS = (
    ProviderProfile("Wessex Rehabilitation", "WXR", 1.0, 0.85),
    ProviderProfile("Midland Community Justice", "MCJ", 1.2, 0.5),
    ProviderProfile("Pennine Probation Partnership", "PPP", 0.8, 0.45, silent=("2026-Q2",)),
    ProviderProfile("Estuary Resettlement", "ERS", 0.7, 0.1),
)

INDEX_MIX = (("released_from_custody", 0.4), ("court_order", 0.5), ("caution", 0.1))
DISPOSAL_MIX = (
    ("court_conviction", 0.74),
    ("caution", 0.12),
    ("youth_caution", 0.01),
    ("penalty_notice", 0.07),
    ("community_resolution", 0.06),
)
GROUP_MIX = tuple((g, w) for g, w in zip(
    OFFENCE_GROUPS, (0.2, 0.02, 0.02, 0.25, 0.06, 0.1, 0.03, 0.06, 0.04, 0.03, 0.12, 0.07),
    strict=True))
MAX_OFFENCES = 8


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` offenders and their offences since the index date; the same for a seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(18, 70))
    n = frame.size
    known = s.chance(n, 0.85)
    index_date = pc.if_else(known, days_before(frame.period_end, s.integers(n, 552, 642)),
                            days_before(frame.period_end, s.integers(n, 30, 500)))
    disposal = s.choice(n, INDEX_MIX)
    released = pc.equal(disposal, pa.scalar("released_from_custody"))
    settled = s.chance(n, pc.add(pc.multiply(frame.skill, 0.35), 0.5))
    people = {
        **frame.columns,
        "index_date": index_date,
        "index_disposal": disposal,
        "settled_accommodation_on_release": s.blank(only_where(released, settled), 0.05),
        "previous_offences": s.blank(s.around(n, 12, 10, 0, 200), 0.03),
    }
    return {
        "people": table_from_columns(people_with(PEOPLE_FIELDS), people),
        "reoffences": _reoffences(s, frame, index_date, disposal),
    }


def _reoffences(s: Sampler, frame: PeopleFrame, index_date: Any, disposal: Any) -> Any:
    """Up to eight offences for each offender who reoffends, most in the follow-up year."""
    n = frame.size
    weakness = pc.subtract(1.0, frame.skill)
    custody = pc.equal(disposal, pa.scalar("released_from_custody"))
    chance = pc.multiply(pc.add(pc.multiply(weakness, 0.3), 0.18),
                         pc.if_else(custody, 1.25, 0.9))
    reoffends = s.chance(n, chance)
    count = s.around(n, pc.add(pc.multiply(weakness, 1.5), 3.0), 1.5, 1, MAX_OFFENCES)
    ids = {k: frame.columns[k] for k in ("person_id", "provider", "period")}
    parts = []
    for j in range(MAX_OFFENCES):
        committed = days_after(index_date, s.integers(n, 0, 420))
        proven = days_after(committed, s.around(n, 100, 70, 1, 420))
        columns = {
            **ids,
            "offence_date": committed,
            "proven_date": pc.if_else(pc.less_equal(proven, frame.period_end), proven,
                                      pa.nulls(n, pa.date32())),
            "disposal": s.choice(n, DISPOSAL_MIX),
            "offence_group": s.choice(n, GROUP_MIX),
        }
        keep = pc.and_(pc.and_(reoffends, pc.greater(count, j)),
                       pc.less_equal(committed, frame.period_end))
        parts.append(table_from_columns(REOFFENCES, columns).filter(keep))
    return pa.concat_tables(parts).sort_by(
        [("provider", "ascending"), ("period", "ascending"), ("person_id", "ascending"),
         ("offence_date", "ascending")]
    )


SAMPLE_DATA = SampleDataDecl(
    service="justice",
    tables=("people", "reoffences"),
    description="Four probation providers, 2025-Q1 to 2026-Q4, one much weaker.",
    generate=generate,
)
