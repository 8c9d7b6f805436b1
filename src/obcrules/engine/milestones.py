"""Evidence for processes: the ``milestones`` table.

A ``process`` (``due 2026-06-30``) is met when its evidence is recorded. Providers
record it in an optional ``milestones`` file (CSV, Parquet or XLSX) beside the
other tables: one row per piece of evidence, with ``provider``, ``period`` (the
return it came in), ``process`` (the process's name in the ruleset) and
``evidence_date`` (when it was achieved). The engine declares this table itself:
it is part of monitoring, not of any service's vocabulary.
"""

from __future__ import annotations

import datetime as dt

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.declarations import FieldDecl, TableDecl

NAME = "milestones"
MILESTONES_TABLE_NAME = NAME


def milestones_table(processes: tuple[str, ...]) -> TableDecl:
    """The milestones table, its ``process`` a category of the ruleset's processes."""
    _, provider, period = COMMON_PEOPLE_FIELDS[:3]
    process = (FieldDecl(name="process", type="category", values=processes, required=True,
                         title="Process", description="The name of the process in the ruleset.")
               if processes else
               FieldDecl(name="process", type="text", required=True, title="Process"))
    return TableDecl(
        name=NAME,
        title="Process milestones",
        description="Evidence that a process of the ruleset was completed.",
        subject="events",
        key=None,
        fields=(
            provider,
            period,
            process,
            FieldDecl(name="evidence_date", type="date", required=True,
                      title="Date achieved"),
            FieldDecl(name="evidence", type="text", title="What the evidence is"),
        ),
    )


def process_status(due: dt.date | None, evidence: dt.date | None,
                   period_end: dt.date) -> str:
    """``met`` when evidence dated by the period's end exists; ``not yet due`` before the
    due date; otherwise ``missed`` (or ``no data`` for a process without a due date)."""
    if evidence is not None and evidence <= period_end:
        return "met"
    if due is None:
        return "no data"
    return "not yet due" if due > period_end else "missed"
