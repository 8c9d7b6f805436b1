"""Every hook a plugin can implement, grouped by the phase that calls it.

Implementations use ``from obcrules import hookimpl``. Every ``register_*`` hook
is called once per plugin, the first time its declarations are needed; the core collects
the results of *all* plugins (no first-result-wins) and attributes each
declaration to the plugin that returned it. A plugin that raises, returns
something that is not a list of the declared model, or declares a name another
plugin already declared, is reported by name and version; the others still load.
"""

from __future__ import annotations

import pluggy

from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldsDecl,
    FunctionDecl,
    GateDecl,
    ReaderDecl,
    ReportSectionDecl,
    SampleDataDecl,
    ScoringMethodDecl,
    TableDecl,
    VerificationMethodDecl,
)

PROJECT = "obcrules"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

# --------------------------------------------------------------------------
# Vocabulary: called when the first ruleset is checked
# --------------------------------------------------------------------------


@hookspec
def register_tables() -> list[TableDecl]:
    """Declare the tables of monitoring data the plugin's service provides.

    Called once, when its declarations are first needed. Takes no arguments. Returns a list
    of `TableDecl`; all plugins' results are collected (no first result wins). A
    table name another plugin already declared is a conflict: the later plugin's
    table is refused and reported.
    """
    raise NotImplementedError


@hookspec
def register_fields() -> list[FieldsDecl]:
    """Add fields to tables that another plugin (or the core) declared.

    Called once, when its declarations are first needed.
    Returns a list of `FieldsDecl`; all results are collected. The core declares
    the common ``people`` table, and each service adds its fields to it this way.
    Fields are visible to a ruleset that names the adding plugin's service. A
    field that another plugin added with a different type is a conflict.
    """
    raise NotImplementedError


@hookspec
def register_functions() -> list[FunctionDecl]:
    """Declare functions that rulesets may call in conditions and expressions.

    Called once, when its declarations are first needed. Returns a list of `FunctionDecl`,
    each with a SQL compiler and a plain-Python reference implementation; all
    results are collected. A function name another plugin declared is a conflict.
    """
    raise NotImplementedError


@hookspec
def register_verification_methods() -> list[VerificationMethodDecl]:
    """Declare verification methods usable in ``verify METHOD``.

    Called once, when its declarations are first needed. Returns a list of
    `VerificationMethodDecl`; all results are collected. The core registers
    ``provider_return``, ``case_file_audit``, ``survey``,
    ``service_user_confirmation``, ``admin_data`` and ``independent_evaluation``.
    """
    raise NotImplementedError


# --------------------------------------------------------------------------
# Checking: called by ``obc check``
# --------------------------------------------------------------------------


@hookspec
def register_checks() -> list[CheckDecl]:
    """Declare lint checks that ``obc check`` runs on rulesets that use the plugin.

    Called once, when its declarations are first needed. Returns a list of `CheckDecl`; all
    results are collected. The core's checks run on every ruleset; a service
    plugin's checks run on rulesets that name its service. Codes are unique.
    """
    raise NotImplementedError


# --------------------------------------------------------------------------
# Tender: called by ``obc tender``
# --------------------------------------------------------------------------


@hookspec
def register_scoring_methods() -> list[ScoringMethodDecl]:
    """Declare tender scoring methods usable as ``scored by NAME``.

    Called once, when its declarations are first needed. Returns a list of
    `ScoringMethodDecl`; all results are collected.
    """
    raise NotImplementedError


@hookspec
def register_gates() -> list[GateDecl]:
    """Declare tender gates usable as ``require NAME``.

    Called once, when its declarations are first needed. Returns a list of `GateDecl`; all
    results are collected.
    """
    raise NotImplementedError


# --------------------------------------------------------------------------
# Monitoring: called by ``obc monitor``
# --------------------------------------------------------------------------


@hookspec
def register_derived_tables() -> list[DerivedTableDecl]:
    """Declare tables that the engine computes from other tables.

    Called once, when its declarations are first needed. Returns a list of
    `DerivedTableDecl`; all results are collected. A derived table is visible to
    rulesets like a declared one; the engine builds it from its inputs.
    """
    raise NotImplementedError


@hookspec
def register_readers() -> list[ReaderDecl]:
    """Declare readers for data file formats (returning Arrow tables).

    Called once, when its declarations are first needed. Returns a list of `ReaderDecl`;
    all results are collected; for a file suffix, the first plugin registered
    that reads it wins (the core reads ``.csv``, ``.parquet`` and ``.xlsx``).
    """
    raise NotImplementedError


# --------------------------------------------------------------------------
# Reports and sample data
# --------------------------------------------------------------------------


@hookspec
def register_report_sections() -> list[ReportSectionDecl]:
    """Declare sections that the plugin adds to reports.

    Called once, when its declarations are first needed. Returns a list of
    `ReportSectionDecl`; all results are collected, and a report renders the
    sections of the services its ruleset names, after the core's.
    """
    raise NotImplementedError


@hookspec
def register_sample_data() -> list[SampleDataDecl]:
    """Declare a generator of realistic synthetic data for the plugin's tables.

    Called once, when its declarations are first needed. Returns a list of
    `SampleDataDecl`; all results are collected. ``obc sample-data SERVICE``
    runs the generator of that service.
    """
    raise NotImplementedError
