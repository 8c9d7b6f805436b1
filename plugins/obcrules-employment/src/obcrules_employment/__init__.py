"""obcrules service plugin for employment support.

Adds the referral date, benefit, time out of work and secondary mental health care to
``people``; the ``employment_spells`` table; the derived table ``employment_outcomes``
(job start, weeks in work, in work at the period end); the function
``job_outcome_due``; the check EMP001; and a sample-data generator. Rulesets use it
with ``service employment``.
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
from obcrules_employment.checks import CHECKS
from obcrules_employment.derived import EMPLOYMENT_OUTCOMES
from obcrules_employment.functions import FUNCTIONS
from obcrules_employment.vocabulary import EMPLOYMENT_SPELLS, people_fields

__version__ = "0.1.0"


@hookimpl
def register_tables() -> list[TableDecl]:
    """The ``employment_spells`` table."""
    return [EMPLOYMENT_SPELLS]


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The employment fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """job_outcome_due."""
    return list(FUNCTIONS)


@hookimpl
def register_derived_tables() -> list[DerivedTableDecl]:
    """employment_outcomes, from employment_spells and people."""
    return [EMPLOYMENT_OUTCOMES]


@hookimpl
def register_checks() -> list[CheckDecl]:
    """EMP001 new-job-starts-in-denominator."""
    return list(CHECKS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic returns of employment programmes."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_employment.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
