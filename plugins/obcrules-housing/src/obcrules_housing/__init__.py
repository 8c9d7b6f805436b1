"""obcrules service plugin for housing and homelessness.

Adds the referral date, accommodation, tenancy and education/employment fields to
``people``; the ``tenancies`` table; the derived tables ``accommodation_sustainment``
(accommodation sustained across planned moves, from referral, deaths left out) and
``tenancy_sustainment`` (the longest single tenancy); the functions ``sustained`` and
``tenancy_failed``; the checks HOU001 and HOU002; and a sample-data generator.
Rulesets use it with ``service housing``.
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
from obcrules_housing.accommodation import ACCOMMODATION_SUSTAINMENT
from obcrules_housing.checks import CHECKS
from obcrules_housing.derived import TENANCY_SUSTAINMENT
from obcrules_housing.functions import FUNCTIONS
from obcrules_housing.vocabulary import TENANCIES, people_fields

__version__ = "0.1.0"


@hookimpl
def register_tables() -> list[TableDecl]:
    """The ``tenancies`` table."""
    return [TENANCIES]


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The housing fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """sustained, tenancy_failed."""
    return list(FUNCTIONS)


@hookimpl
def register_derived_tables() -> list[DerivedTableDecl]:
    """accommodation_sustainment, from tenancies and people; tenancy_sustainment, from
    tenancies."""
    return [ACCOMMODATION_SUSTAINMENT, TENANCY_SUSTAINMENT]


@hookimpl
def register_checks() -> list[CheckDecl]:
    """HOU001 new-tenancies-in-denominator, HOU002 accommodation-outcome-not-due."""
    return list(CHECKS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic returns of services for homeless young people."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_housing.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
