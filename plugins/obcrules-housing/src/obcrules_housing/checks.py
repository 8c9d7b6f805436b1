"""Housing lint checks (codes HOU###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Between, Compare, IsMissing, Not
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    calls,
    field_refs,
    measured_items,
    some_population_condition,
    walk,
)

_HEADER = """\
ruleset young_people_housing "Sofa-surfing young people into settled homes":
    service housing
    period quarter

"""

SUSTAINMENT_BAD = (
    _HEADER
    + """\
population housed "Young people who moved into their own tenancy":
    from people where accommodation_now = "own_tenancy"

outcome sustained_6m "Tenancies last at least six months":
    measure share of housed where sustained(tenancy_start, tenancy_end, 6 months)
    target at least 80%
    evidence objective
    verify admin_data every quarter
"""
)

SUSTAINMENT_BETTER = (
    _HEADER
    + """\
population due "Tenancies whose six-month outcome is known":
    from people where sustained(tenancy_start, tenancy_end, 6 months) or tenancy_failed(tenancy_start, tenancy_end, 6 months)

outcome sustained_6m "Tenancies last at least six months":
    measure share of due where sustained(tenancy_start, tenancy_end, 6 months)
    target at least 80%
    evidence objective
    verify admin_data every quarter
"""  # noqa: E501 (a ruleset line cannot be wrapped)
)

TENANCY_CONDITIONS = ("sustained", "tenancy_failed")


def _start_bounded_by_period_end(conditions: list[object]) -> bool:
    """True when a comparison relates the tenancy's start to the period's end
    (``tenancy_start + 6 months <= period_end``, ``days from tenancy_start to
    period_end >= 182``): only then are too-new tenancies left out."""
    return any(
        isinstance(node, Compare | Between)
        and field_refs(node, "tenancy_start")
        and field_refs(node, "period_end")
        for node in walk(conditions)
    )


def _leaves_new_out(condition: object) -> bool:
    """A condition that keeps only tenancies old enough to have an outcome."""
    return bool(calls(condition, *TENANCY_CONDITIONS)) or _start_bounded_by_period_end(
        [condition])


def _new_tenancies_in_denominator(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share of sustained tenancies over people whose tenancy may be too new to count."""
    known: dict[str, bool] = {}  # population -> whether its chain leaves new tenancies out
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        if some_population_condition(ctx.ruleset, measure.source.name, _leaves_new_out, known):
            continue
        for call in calls(measure.where, "sustained")[:1]:
            yield ctx.diagnostic(
                NEW_TENANCIES_IN_DENOMINATOR,
                call,
                f"{item.kind} {item.name!r} counts tenancies that began too recently to have "
                f"lasted the duration as not sustained: {measure.source.name!r} is not "
                "restricted by when the tenancy started",
                "measure over people whose outcome is known: `where sustained(…) or "
                "tenancy_failed(…)` with the same duration",
            )


NEW_TENANCIES_IN_DENOMINATOR = CheckDecl(
    code="HOU001",
    name="new-tenancies-in-denominator",
    severity="warning",
    summary="A share of tenancies sustained for a duration must leave out tenancies that "
    "began less than that duration before the period end: they have not failed yet.",
    bad=SUSTAINMENT_BAD,
    better=SUSTAINMENT_BETTER,
    run=_new_tenancies_in_denominator,
)

MILESTONE_FIELDS = ("sustained_3m", "sustained_6m", "sustained_12m", "sustained_18m")

DUE_BAD = (
    _HEADER
    + """\
population housed "Young people who moved into accommodation after referral":
    from accommodation_sustainment where accommodated_on is not missing

outcome sustained_6m "Young people stay accommodated for six months":
    measure share of housed where sustained_6m
    target at least 80%
    evidence objective
    verify admin_data every quarter
"""
)

DUE_BETTER = (
    _HEADER
    + """\
population due_6m "Young people whose six-month outcome is due (deaths left out)":
    from accommodation_sustainment where sustained_6m is not missing

outcome sustained_6m "Young people stay accommodated for six months":
    measure share of due_6m where sustained_6m
    target at least 80%
    evidence objective
    verify admin_data every quarter
"""
)


def _not_missing(conditions: list[object], name: str) -> bool:
    """``name is not missing``, also written ``not (name is missing)``."""
    for node in walk(conditions):
        if isinstance(node, IsMissing) and node.negated and field_refs(node.operand, name):
            return True
        if (isinstance(node, Not) and isinstance(node.operand, IsMissing)
                and not node.operand.negated and field_refs(node.operand, name)):
            return True
    return False


def _outcome_not_due(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share of an accommodation milestone over people it is not due for, or who died."""
    known: dict[str, dict[str, bool]] = {}  # field -> population -> chain says not missing
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        for use in field_refs(measure.where, *MILESTONE_FIELDS)[:1]:
            if some_population_condition(
                ctx.ruleset, measure.source.name,
                lambda c, name=use.name: _not_missing([c], name), known.setdefault(use.name, {}),
            ):
                continue
            yield ctx.diagnostic(
                ACCOMMODATION_OUTCOME_NOT_DUE,
                use,
                f"{item.kind} {item.name!r} counts people for whom {use.name} is missing — "
                "accommodated too recently for it to be known, or who died before reaching "
                f"it — as not sustained: {measure.source.name!r} is not restricted to them",
                f"measure over a population `where {use.name} is not missing`",
            )


ACCOMMODATION_OUTCOME_NOT_DUE = CheckDecl(
    code="HOU002",
    name="accommodation-outcome-not-due",
    severity="warning",
    summary="A share of accommodation sustained for N months must be measured over people "
    "for whom it is known (`sustained_Nm is not missing`): not those accommodated too "
    "recently, nor those who died before reaching it.",
    bad=DUE_BAD,
    better=DUE_BETTER,
    run=_outcome_not_due,
)

CHECKS: tuple[CheckDecl, ...] = (NEW_TENANCIES_IN_DENOMINATOR, ACCOMMODATION_OUTCOME_NOT_DUE)
