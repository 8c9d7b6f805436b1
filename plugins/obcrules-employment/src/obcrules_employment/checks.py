"""Employment lint checks (codes EMP###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Between, Compare
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    calls,
    field_refs,
    measured_items,
    some_population_condition,
    walk,
)

_HEADER = """\
ruleset back_to_work "Back to work":
    service employment
    period quarter

"""

DENOMINATOR_BAD = (
    _HEADER
    + """\
population started "People who started work":
    from employment_outcomes where job_start is not missing

outcome job_outcome "People stay in work for 26 weeks":
    measure share of started where weeks_in_work >= 26
    target at least 60%
    evidence objective
    verify admin_data every quarter
"""
)

DENOMINATOR_BETTER = (
    _HEADER
    + """\
population due_26w "People whose job started at least 26 weeks before the period end":
    from employment_outcomes where job_outcome_due(job_start, 26 weeks)

outcome job_outcome "People stay in work for 26 weeks":
    measure share of due_26w where weeks_in_work >= 26
    target at least 60%
    evidence objective
    verify admin_data every quarter
"""
)

WEEKS = "weeks_in_work"
TIMED = ("job_start", "referral_date")


def _restricted_by_time(conditions: list[object]) -> bool:
    """``job_outcome_due(…)``, or a comparison of the job start or the referral date with the
    period end (``referral_date + 12 months <= period_end``)."""
    if calls(conditions, "job_outcome_due"):
        return True
    return any(
        isinstance(node, Compare | Between) and field_refs(node, *TIMED)
        and field_refs(node, "period_end")
        for node in walk(conditions)
    )


def _new_job_starts_in_denominator(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share of people in work for some weeks over people who may have started too lately."""
    known: dict[str, bool] = {}  # population -> whether its chain is restricted by time
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        uses = [ref for node in walk(measure.where) if isinstance(node, Compare | Between)
                for ref in field_refs(node, WEEKS)]
        if not uses or some_population_condition(
            ctx.ruleset, measure.source.name, lambda c: _restricted_by_time([c]), known
        ):
            continue
        yield ctx.diagnostic(
            NEW_JOB_STARTS_IN_DENOMINATOR,
            uses[0],
            f"{item.kind} {item.name!r} counts people whose job started too recently to have "
            f"lasted the weeks as not in work: {measure.source.name!r} is not restricted by "
            "when the job started",
            "measure over people for whom the outcome is due: "
            "`where job_outcome_due(job_start, 26 weeks)` with the same weeks",
        )


NEW_JOB_STARTS_IN_DENOMINATOR = CheckDecl(
    code="EMP001",
    name="new-job-starts-in-denominator",
    severity="warning",
    summary="A share of people in work for N weeks must leave out people whose job started "
    "less than N weeks before the period end: they have not had the chance yet.",
    bad=DENOMINATOR_BAD,
    better=DENOMINATOR_BETTER,
    run=_new_job_starts_in_denominator,
)

CHECKS: tuple[CheckDecl, ...] = (NEW_JOB_STARTS_IN_DENOMINATOR,)
