"""Mental health lint checks (codes MH###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Call, Compare, FieldRef, NumberLit
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    calls,
    field_refs,
    measured_items,
    some_population_condition,
    walk,
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


CASENESS_THRESHOLDS = {"phq9_start": 10, "gad7_start": 8}
"""Scores at referral at or above which a person is at caseness."""


def _restricts_to_caseness(conditions: list[object]) -> bool:
    """True when a condition calls ``caseness`` on the scores at referral, or compares a
    score at referral with its caseness threshold (``phq9_start >= 10``)."""
    for node in walk(conditions):
        if isinstance(node, Call) and node.name == "caseness" and field_refs(
            node, *CASENESS_THRESHOLDS
        ):
            return True
        if (
            isinstance(node, Compare)
            and node.op in (">=", ">")
            and isinstance(node.left, FieldRef)
            and node.left.name in CASENESS_THRESHOLDS
            and isinstance(node.right, NumberLit)
            and node.right.value >= CASENESS_THRESHOLDS[node.left.name] - (node.op == ">")
        ):
            return True
    return False


def _recovery_without_caseness(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share measured with ``recovered(...)`` over people not restricted to caseness."""
    known: dict[str, bool] = {}  # population -> whether its chain keeps only caseness
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        if some_population_condition(ctx.ruleset, measure.source.name,
                                     lambda c: _restricts_to_caseness([c]), known):
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
