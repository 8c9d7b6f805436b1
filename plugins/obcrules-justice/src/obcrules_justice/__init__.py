"""obcrules service plugin for justice: proven reoffending as the Ministry of Justice
publishes it.

Adds the index date, index disposal and previous offences to ``people``; the
``reoffences`` table; the derived table ``proven_reoffending`` (per offender whose
outcome is known: proven reoffences, reoffended); the function ``reoffending_known``;
the check JUS001; and a sample-data generator. Rulesets use it with ``service
justice``.
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
from obcrules_justice.checks import CHECKS
from obcrules_justice.derived import PROVEN_REOFFENDING
from obcrules_justice.functions import FUNCTIONS
from obcrules_justice.vocabulary import REOFFENCES, people_fields

__version__ = "0.1.0"


@hookimpl
def register_tables() -> list[TableDecl]:
    """The ``reoffences`` table."""
    return [REOFFENCES]


@hookimpl
def register_fields() -> list[FieldsDecl]:
    """The justice fields of ``people``."""
    return [people_fields()]


@hookimpl
def register_functions() -> list[FunctionDecl]:
    """reoffending_known."""
    return list(FUNCTIONS)


@hookimpl
def register_derived_tables() -> list[DerivedTableDecl]:
    """proven_reoffending, from people and reoffences."""
    return [PROVEN_REOFFENDING]


@hookimpl
def register_checks() -> list[CheckDecl]:
    """JUS001 reoffending-paid-per-offender."""
    return list(CHECKS)


@hookimpl
def register_sample_data() -> list[SampleDataDecl]:
    """Synthetic probation returns."""
    # Imported when asked for: generating data needs pyarrow, checking a ruleset does not.
    from obcrules_justice.sample_data import SAMPLE_DATA

    return [SAMPLE_DATA]
