"""obcrules service plugin for mental health (talking therapies).

Adds PHQ-9, GAD-7, WEMWBS, waiting-time and employment fields to ``people``;
the functions ``caseness``, ``recovered``, ``reliable_improvement`` and
``days_waiting``; the check MH001; a pathway funnel for the monitoring report;
and a sample-data generator. Rulesets use it
with ``service mental_health``.
"""

from __future__ import annotations

from obcrules import hookimpl
from obcrules.plugins.declarations import (
    CheckDecl,
    FieldsDecl,
    FunctionDecl,
    ReportSectionDecl,
    SampleDataDecl,
)
from obcrules_mental_health.checks import CHECKS
from obcrules_mental_health.functions import FUNCTIONS
from obcrules_mental_health.report_sections import SECTIONS
from obcrules_mental_health.vocabulary import people_fields

__version__ = "0.1.0"


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The mental health fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """caseness, recovered, reliable_improvement, days_waiting."""
    return list(FUNCTIONS)


@hookimpl
def register_checks() -> list[CheckDecl]:
    """MH001 recovery-without-caseness."""
    return list(CHECKS)


@hookimpl
def register_report_sections() -> list[ReportSectionDecl]:
    """The talking-therapies pathway funnel in the monitoring report."""
    return list(SECTIONS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic talking-therapies returns."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_mental_health.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
