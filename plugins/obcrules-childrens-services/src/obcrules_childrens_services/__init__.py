"""obcrules service plugin for children's services.

Adds care, placement, offending, school attendance, SDQ and NEET fields to
``people``; the ``placement_episodes`` table (SSDA903-style); the derived table
``placement_stability`` (the DfE's two stability measures); the functions
``sdq_band``, ``sdq_eligible``, ``looked_after_12_months`` and ``sdq_improved``;
the checks CS001 and CS002; and a sample-data generator. Rulesets use it with
``service childrens_services``.
"""

from __future__ import annotations

from obcrules import hookimpl
from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldsDecl,
    FunctionDecl,
    SampleDataDecl,
    TableDecl,
)
from obcrules_childrens_services.checks import CHECKS
from obcrules_childrens_services.derived import PLACEMENT_STABILITY
from obcrules_childrens_services.functions import FUNCTIONS
from obcrules_childrens_services.vocabulary import PLACEMENT_EPISODES, people_fields

__version__ = "0.1.0"


@hookimpl
def register_tables() -> list[TableDecl]:
    """The ``placement_episodes`` table."""
    return [PLACEMENT_EPISODES]


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The children's services fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """sdq_band, sdq_eligible, looked_after_12_months, sdq_improved."""
    return list(FUNCTIONS)


@hookimpl
def register_derived_tables() -> list[DerivedTableDecl]:
    """placement_stability, from placement_episodes and people."""
    return [PLACEMENT_STABILITY]


@hookimpl
def register_checks() -> list[CheckDecl]:
    """CS001 stability-over-ineligible-children, CS002 sdq-paid-on-provider-staff-questionnaire."""
    return list(CHECKS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic children's services returns."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_childrens_services.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
