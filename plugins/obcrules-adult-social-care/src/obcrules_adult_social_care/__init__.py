"""obcrules service plugin for adult social care.

Adds care setting, continence, falls, delayed discharge, WEMWBS, reablement and
end-of-life fields to ``people``; the ``sessions`` table; the function
``meaningful_change``; the check ASC001; and a sample-data generator. Rulesets
use it with ``service adult_social_care``.
"""

from __future__ import annotations

from obcrules import hookimpl
from obcrules.plugins.declarations import (
    CheckDecl,
    FieldsDecl,
    FunctionDecl,
    SampleDataDecl,
    TableDecl,
)
from obcrules_adult_social_care.checks import CHECKS
from obcrules_adult_social_care.functions import FUNCTIONS
from obcrules_adult_social_care.vocabulary import SESSIONS, people_fields

__version__ = "0.1.0"


@hookimpl
def register_tables() -> list[TableDecl]:
    """The ``sessions`` table (services delivered)."""
    return [SESSIONS]


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The adult social care fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """meaningful_change."""
    return list(FUNCTIONS)


@hookimpl
def register_checks() -> list[CheckDecl]:
    """ASC001 wellbeing-evidence-objective."""
    return list(CHECKS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic adult social care returns."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_adult_social_care.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
