"""obcrules service plugin for mental health (talking therapies).

Adds PHQ-9, GAD-7, anxiety disorder specific measures, WEMWBS, treatment sessions,
discharge, waiting-time and employment fields to ``people``; the derived table
``treatment_outcomes`` (NHS Talking Therapies' outcomes per referral); the functions
``caseness``, ``recovered``, ``reliable_improvement``, ``reliable_recovery``,
``finished_treatment`` and ``days_waiting``; the checks MH001 and MH002; a pathway
funnel for the monitoring report; and a sample-data generator. Rulesets use it with
``service mental_health``.
"""

from __future__ import annotations

from obcrules import hookimpl
from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldsDecl,
    FunctionDecl,
    ReportSectionDecl,
    SampleDataDecl,
)
from obcrules_mental_health.checks import CHECKS
from obcrules_mental_health.functions import FUNCTIONS
from obcrules_mental_health.outcomes import TREATMENT_OUTCOMES
from obcrules_mental_health.vocabulary import people_fields

__version__ = "0.1.0"


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The mental health fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """caseness, recovered, reliable_improvement, reliable_recovery, finished_treatment,
    days_waiting."""
    return list(FUNCTIONS)


@hookimpl
def register_derived_tables() -> list[DerivedTableDecl]:
    """treatment_outcomes, from people."""
    return [TREATMENT_OUTCOMES]


@hookimpl
def register_checks() -> list[CheckDecl]:
    """MH001 recovery-without-caseness, MH002 rate-not-over-finished-treatment."""
    return list(CHECKS)


@hookimpl
def register_report_sections() -> list[ReportSectionDecl]:
    """The talking-therapies pathway funnel in the monitoring report."""
    # Imported when asked for: a report needs the results' types, checking a ruleset does not.
    from obcrules_mental_health.report_sections import SECTIONS

    return list(SECTIONS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic talking-therapies returns."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_mental_health.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
