"""Mental health lint checks (codes MH###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    calls,
    field_refs,
    measured_items,
    population_conditions,
)

_HEADER = """\
ruleset talking_therapies "Talking therapies for anxiety and depression":
    service mental_health
    period quarter

"""

RECOVERY_BAD = (
    _HEADER
    + """\
population finished "People who finished a course of treatment":
    from people where phq9_end is not missing and gad7_end is not missing

outcome recovery "People recover from anxiety and depression":
    measure share of finished where recovered(phq9_start, gad7_start, phq9_end, gad7_end)
    target at least 50%
    evidence self_reported
    verify provider_return every quarter
"""
)

RECOVERY_BETTER = (
    _HEADER
    + """\
population finished "People at caseness at referral who finished treatment":
    from people where caseness(phq9_start, gad7_start) and phq9_end is not missing

outcome recovery "People recover from anxiety and depression":
    measure share of finished where recovered(phq9_start, gad7_start, phq9_end, gad7_end)
    target at least 50%
    evidence self_reported
    verify provider_return every quarter
"""
)


def _recovery_without_caseness(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share measured with ``recovered(...)`` over people not restricted to caseness."""
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        conditions = population_conditions(ctx.ruleset, measure.source.name)
        if calls(conditions, "caseness") or field_refs(conditions, "phq9_start", "gad7_start"):
            continue
        for call in calls(measure.where, "recovered")[:1]:
            yield ctx.diagnostic(
                RECOVERY_WITHOUT_CASENESS,
                call,
                f"{item.kind} {item.name!r} measures recovery over {measure.source.name!r}, "
                "which includes people who were not at caseness at referral: they can never "
                "recover, so the share is understated",
                f"restrict {measure.source.name!r} with `where caseness(phq9_start, gad7_start)`",
            )


RECOVERY_WITHOUT_CASENESS = CheckDecl(
    code="MH001",
    name="recovery-without-caseness",
    severity="warning",
    summary="A recovery rate must be measured over people at caseness at referral "
    "(PHQ-9 >= 10 or GAD-7 >= 8); anyone else counts as not recovered.",
    bad=RECOVERY_BAD,
    better=RECOVERY_BETTER,
    run=_recovery_without_caseness,
)

CHECKS: tuple[CheckDecl, ...] = (RECOVERY_WITHOUT_CASENESS,)
