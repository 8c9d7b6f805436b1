"""Mental health lint checks (codes MH###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Call, Compare, FieldRef, Node, NumberLit
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
    from people where finished_treatment(treatment_sessions, discharge_date)

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
    from people where finished_treatment(treatment_sessions, discharge_date) and caseness(phq9_start, gad7_start)

outcome recovery "People recover from anxiety and depression":
    measure share of finished where recovered(phq9_start, gad7_start, phq9_end, gad7_end)
    target at least 50%
    evidence self_reported
    verify provider_return every quarter
"""  # noqa: E501 (a ruleset line cannot be wrapped)
)


CASENESS_THRESHOLDS = {"phq9_start": 10, "gad7_start": 8}
"""Scores at referral at or above which a person is at caseness."""

RECOVERY = ("recovered", "reliable_recovery")
"""Functions of the scores, and fields of ``treatment_outcomes``, that need caseness."""

RATES = (*RECOVERY, "reliable_improvement")
"""Functions and fields measured over referrals that finished a course of treatment."""

FINISHED = "finished_treatment"


def _restricts_to_caseness(conditions: list[object]) -> bool:
    """True when a condition calls ``caseness`` on the scores at referral, or compares a
    score at referral with its caseness threshold (``phq9_start >= 10``)."""
    if field_refs(conditions, "at_caseness"):
        return True
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
        for call in _uses(measure.where, RECOVERY)[:1]:
            yield ctx.diagnostic(
                RECOVERY_WITHOUT_CASENESS,
                call,
                f"{item.kind} {item.name!r} measures recovery over {measure.source.name!r}, "
                "which includes people who were not at caseness at referral: they can never "
                "recover, so the share is understated",
                f"restrict {measure.source.name!r} with `where caseness(phq9_start, gad7_start)`"
                " (or `where at_caseness` over treatment_outcomes)",
            )


def _uses(node: object, names: tuple[str, ...]) -> list[Node]:
    """The calls of ``names`` and the uses of fields so named, in source order."""
    found: list[Node] = [*calls(node, *names), *field_refs(node, *names)]
    return sorted(found, key=lambda n: (n.span.line, n.span.column) if n.span else (0, 0))


def _not_over_finished_treatment(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A rate of recovery or improvement over people not restricted to a finished course."""
    known: dict[str, bool] = {}  # population -> whether its chain keeps finished courses only
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        if some_population_condition(
            ctx.ruleset, measure.source.name,
            lambda c: bool(calls(c, FINISHED) or field_refs(c, FINISHED)), known,
        ):
            continue
        for use in _uses(measure.where, RATES)[:1]:
            yield ctx.diagnostic(
                NOT_OVER_FINISHED_TREATMENT,
                use,
                f"{item.kind} {item.name!r} measures a rate over {measure.source.name!r}, "
                "which is not restricted to referrals that finished a course of treatment "
                "(ended, with two or more treatment sessions): people still in treatment or "
                "seen once count too",
                f"restrict {measure.source.name!r} with `where finished_treatment` (over "
                "treatment_outcomes) or `where finished_treatment(treatment_sessions, "
                "discharge_date)`",
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

FINISHED_BAD = (
    _HEADER
    + """\
population finished "People with scores at the start and the end":
    from treatment_outcomes where at_caseness and recovered is not missing

outcome recovery "People recover from anxiety and depression":
    measure share of finished where recovered
    target at least 50%
    evidence self_reported
    verify provider_return every quarter
"""
)

FINISHED_BETTER = (
    _HEADER
    + """\
population finished "Referrals at caseness that finished a course of treatment":
    from treatment_outcomes where finished_treatment and at_caseness

outcome recovery "People recover from anxiety and depression":
    measure share of finished where recovered
    target at least 50%
    evidence self_reported
    verify provider_return every quarter
"""
)

NOT_OVER_FINISHED_TREATMENT = CheckDecl(
    code="MH002",
    name="rate-not-over-finished-treatment",
    severity="warning",
    summary="Recovery, reliable improvement and reliable recovery are rates over referrals "
    "that finished a course of treatment (ended, two or more treatment sessions): restrict "
    "the population with `finished_treatment`.",
    bad=FINISHED_BAD,
    better=FINISHED_BETTER,
    run=_not_over_finished_treatment,
)

CHECKS: tuple[CheckDecl, ...] = (RECOVERY_WITHOUT_CASENESS, NOT_OVER_FINISHED_TREATMENT)
