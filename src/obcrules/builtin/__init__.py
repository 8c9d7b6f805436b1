"""The core's own plugin, registered through the ``obcrules`` entry point like any other.

It declares the common ``people`` table (the fields every service shares, kept
in `obcrules.plugins.common_tables` so that the host and the engine can name
them), the core verification methods, the core lint checks, the tender's gates
and automatic scoring methods (`gates`, `scoring`) and the readers of monitoring
data. Service plugins add their fields to ``people`` with ``register_fields``.

The core's declarations are in every vocabulary, and the engine, the checker and
the tender find them there exactly as they find a plugin's. This package sits
at the top of the layers: it may import the tender and the engine; nothing
below it imports it.
"""

from __future__ import annotations

from obcrules.builtin.verification import CORE_VERIFICATION_METHODS
from obcrules.plugins.common_tables import people_table
from obcrules.plugins.declarations import (
    CheckDecl,
    GateDecl,
    ReaderDecl,
    ScoringMethodDecl,
    TableDecl,
    VerificationMethodDecl,
)
from obcrules.plugins.hookspecs import hookimpl


@hookimpl
def register_tables() -> list[TableDecl]:
    """The common people table."""
    return [people_table()]


@hookimpl
def register_verification_methods() -> list[VerificationMethodDecl]:
    """The six core verification methods of the language."""
    return list(CORE_VERIFICATION_METHODS)


@hookimpl
def register_checks() -> list[CheckDecl]:
    """The core lint checks (warnings the language spec lists)."""
    from obcrules.builtin.affordability import AFFORDABILITY_CHECKS
    from obcrules.builtin.checks import CORE_CHECKS

    return [*CORE_CHECKS, *AFFORDABILITY_CHECKS]


@hookimpl
def register_scoring_methods() -> list[ScoringMethodDecl]:
    """The automatic tender scoring methods ``lowest_price`` and ``from_targets``."""
    from obcrules.builtin.scoring import CORE_SCORING_METHODS

    return list(CORE_SCORING_METHODS)


@hookimpl
def register_gates() -> list[GateDecl]:
    """The core tender gates (``every_outcome_offered`` and the others of the language)."""
    from obcrules.builtin.gates import CORE_GATES

    return list(CORE_GATES)


@hookimpl
def register_readers() -> list[ReaderDecl]:
    """Readers for CSV, Parquet and XLSX monitoring data."""
    from obcrules.engine.readers import CORE_READERS

    return list(CORE_READERS)
