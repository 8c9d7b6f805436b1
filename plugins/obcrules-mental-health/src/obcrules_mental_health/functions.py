"""Mental health functions: caseness, recovery, reliable improvement and recovery, a
finished course of treatment, waiting time.

Source: NHS England, *NHS Talking Therapies for anxiety and depression manual*
(version 7, 2024) and NHS Digital's *Psychological Therapies* statistics
(formerly IAPT): caseness is PHQ-9 >= 10 or the anxiety measure at or above its
cut-off (GAD-7 >= 8); recovery is moving from caseness at the start to not at
the end; reliable improvement is a fall of at least the measure's reliable
change (PHQ-9 6, GAD-7 4) on either measure with neither rising by that much;
reliable recovery is both; a referral *finished a course of treatment* when it
ended having had two or more treatment sessions. These functions take GAD-7;
the derived table ``treatment_outcomes`` uses an anxiety disorder specific
measure in its place where one is recorded (`ANXIETY_MEASURES`). Each function
returns missing when any argument is missing, in Python (None) and in SQL
(NULL), unless its doc says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from obcrules.plugins.declarations import FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import exp, literal, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext

PHQ9_CASENESS = 10
GAD7_CASENESS = 8
PHQ9_RELIABLE_CHANGE = 6
GAD7_RELIABLE_CHANGE = 4
FINISHED_COURSE_SESSIONS = 2


class AnxietyMeasure(NamedTuple):
    """An anxiety measure's caseness cut-off (at or above) and reliable change (at least)."""

    caseness: int
    reliable_change: int


ANXIETY_MEASURES: dict[str, AnxietyMeasure] = {
    "gad7": AnxietyMeasure(GAD7_CASENESS, GAD7_RELIABLE_CHANGE),
    "spin": AnxietyMeasure(19, 10),
    "pdss": AnxietyMeasure(8, 5),
    "hai": AnxietyMeasure(18, 4),
    "pcl5": AnxietyMeasure(32, 10),
}
"""GAD-7 and the anxiety disorder specific measures accepted in its place, with the
caseness cut-offs and reliable-change sizes of the NHS Talking Therapies manual
(version 7, 2024): Social Phobia Inventory (social anxiety), Panic Disorder Severity
Scale (panic disorder), Health Anxiety Inventory short week (health anxiety), PTSD
Checklist for DSM-5 (post-traumatic stress disorder)."""

Score = int | None

# --------------------------------------------------------------------------
# Python references
# --------------------------------------------------------------------------


def caseness(phq9: Score, gad7: Score, ctx: FunctionContext | None = None) -> bool | None:
    """PHQ-9 of 10 or more, or GAD-7 of 8 or more; None if either score is missing."""
    if phq9 is None or gad7 is None:
        return None
    return phq9 >= PHQ9_CASENESS or gad7 >= GAD7_CASENESS


def recovered(
    phq9_start: Score,
    gad7_start: Score,
    phq9_end: Score,
    gad7_end: Score,
    ctx: FunctionContext | None = None,
) -> bool | None:
    """At caseness at the start and not at the end; None if any score is missing."""
    start = caseness(phq9_start, gad7_start)
    end = caseness(phq9_end, gad7_end)
    if start is None or end is None:
        return None
    return start and not end


def reliable_improvement(
    phq9_start: Score,
    gad7_start: Score,
    phq9_end: Score,
    gad7_end: Score,
    ctx: FunctionContext | None = None,
) -> bool | None:
    """PHQ-9 falls by 6+ or GAD-7 by 4+, and neither rises by that much; None if missing."""
    if phq9_start is None or gad7_start is None or phq9_end is None or gad7_end is None:
        return None
    improved = (
        phq9_start - phq9_end >= PHQ9_RELIABLE_CHANGE
        or gad7_start - gad7_end >= GAD7_RELIABLE_CHANGE
    )
    deteriorated = (
        phq9_end - phq9_start >= PHQ9_RELIABLE_CHANGE
        or gad7_end - gad7_start >= GAD7_RELIABLE_CHANGE
    )
    return improved and not deteriorated


def reliable_recovery(
    phq9_start: Score,
    gad7_start: Score,
    phq9_end: Score,
    gad7_end: Score,
    ctx: FunctionContext | None = None,
) -> bool | None:
    """Recovered and reliably improved (NHS Talking Therapies' reliable recovery); None if
    any score is missing."""
    moved = recovered(phq9_start, gad7_start, phq9_end, gad7_end)
    improved = reliable_improvement(phq9_start, gad7_start, phq9_end, gad7_end)
    if moved is None or improved is None:
        return None
    return moved and improved


def finished_treatment(
    treatment_sessions: int | None, discharge_date: dt.date | None, ctx: FunctionContext
) -> bool | None:
    """The referral finished a course of treatment in the period: it ended (discharged) on a
    day of the period, having had two or more treatment sessions (NHS Talking Therapies).

    False while the referral is open (no discharge date) or when it ended outside the
    period; missing when it ended in the period but the sessions are missing.
    """
    if discharge_date is None or not ctx.period_start <= discharge_date <= ctx.period_end:
        return False
    if treatment_sessions is None:
        return None
    return treatment_sessions >= FINISHED_COURSE_SESSIONS


def days_waiting(
    referral_date: dt.date | None,
    first_appointment_date: dt.date | None,
    ctx: FunctionContext | None = None,
) -> int | None:
    """Days from referral to the first appointment; None if either date is missing."""
    if referral_date is None or first_appointment_date is None:
        return None
    return (first_appointment_date - referral_date).days


# --------------------------------------------------------------------------
# SQL compilers
# --------------------------------------------------------------------------


def _at_least(value: exp.Expression, threshold: int) -> exp.Expression:
    return exp.GTE(this=operand(value), expression=literal(threshold))


def _fall_of(start: exp.Expression, end: exp.Expression, size: int) -> exp.Expression:
    return _at_least(exp.Sub(this=operand(start), expression=operand(end)), size)


def _caseness_condition(phq9: exp.Expression, gad7: exp.Expression) -> exp.Expression:
    return exp.Paren(
        this=exp.Or(this=_at_least(phq9, PHQ9_CASENESS), expression=_at_least(gad7, GAD7_CASENESS))
    )


def caseness_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `caseness`."""
    phq9, gad7 = args
    return missing_if_any_missing(args, _caseness_condition(phq9, gad7))


def recovered_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `recovered`."""
    phq9_start, gad7_start, phq9_end, gad7_end = args
    value = exp.And(
        this=_caseness_condition(phq9_start, gad7_start),
        expression=exp.Not(this=_caseness_condition(phq9_end, gad7_end)),
    )
    return missing_if_any_missing(args, value)


def reliable_improvement_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `reliable_improvement`."""
    phq9_start, gad7_start, phq9_end, gad7_end = args
    improved = exp.Or(
        this=_fall_of(phq9_start, phq9_end, PHQ9_RELIABLE_CHANGE),
        expression=_fall_of(gad7_start, gad7_end, GAD7_RELIABLE_CHANGE),
    )
    deteriorated = exp.Or(
        this=_fall_of(phq9_end, phq9_start, PHQ9_RELIABLE_CHANGE),
        expression=_fall_of(gad7_end, gad7_start, GAD7_RELIABLE_CHANGE),
    )
    value = exp.And(
        this=exp.Paren(this=improved), expression=exp.Not(this=exp.Paren(this=deteriorated))
    )
    return missing_if_any_missing(args, value)


def reliable_recovery_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `reliable_recovery`: the conditions of `recovered` and `reliable_improvement`."""
    value = exp.And(
        this=exp.Paren(this=recovered_sql(args, ctx)),
        expression=exp.Paren(this=reliable_improvement_sql(args, ctx)),
    )
    return missing_if_any_missing(args, value)


def finished_treatment_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `finished_treatment`."""
    sessions, discharged = args
    outside = exp.Or(
        this=exp.Or(
            this=exp.Is(this=operand(discharged), expression=exp.null()),
            expression=exp.LT(this=operand(discharged), expression=operand(ctx.period_start)),
        ),
        expression=exp.GT(this=operand(discharged), expression=operand(ctx.period_end)),
    )
    return exp.Case(
        ifs=[
            exp.If(this=exp.Paren(this=outside), true=exp.false()),
            exp.If(this=exp.Is(this=operand(sessions), expression=exp.null()), true=exp.null()),
        ],
        default=_at_least(sessions, FINISHED_COURSE_SESSIONS),
    )


def days_waiting_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `days_waiting` (a date difference in days is NULL if either date is)."""
    referral, first = args
    return exp.DateDiff(this=operand(first), expression=operand(referral), unit=exp.Var(this="DAY"))


# --------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------

_SCORES = (
    ParamDecl(name="phq9_start", type="integer"),
    ParamDecl(name="gad7_start", type="integer"),
    ParamDecl(name="phq9_end", type="integer"),
    ParamDecl(name="gad7_end", type="integer"),
)

FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="caseness",
        title="At caseness",
        doc="True when PHQ-9 is 10 or more or GAD-7 is 8 or more (NHS Talking Therapies "
        "caseness). Missing when either score is. `caseness(phq9_start, gad7_start)`.",
        params=(ParamDecl(name="phq9", type="integer"), ParamDecl(name="gad7", type="integer")),
        returns="boolean",
        python=caseness,
        compile_sql=caseness_sql,
    ),
    FunctionDecl(
        name="recovered",
        title="Recovered",
        doc="True when the person was at caseness at the start and is not at the end. "
        "Measure it over people at caseness at the start (check MH001). Missing when any "
        "score is.",
        params=_SCORES,
        returns="boolean",
        python=recovered,
        compile_sql=recovered_sql,
    ),
    FunctionDecl(
        name="reliable_improvement",
        title="Reliable improvement",
        doc="True when PHQ-9 falls by 6 or more or GAD-7 by 4 or more, and neither rises by "
        "6 (PHQ-9) or 4 (GAD-7) or more. Missing when any score is.",
        params=_SCORES,
        returns="boolean",
        python=reliable_improvement,
        compile_sql=reliable_improvement_sql,
    ),
    FunctionDecl(
        name="reliable_recovery",
        title="Reliable recovery",
        doc="True when the person recovered (at caseness at the start, not at the end) and "
        "shows reliable improvement: NHS Talking Therapies' reliable recovery, which "
        "national planning sets beside recovery. Measure it over people at caseness at "
        "referral who finished a course of treatment. Missing when any score is.",
        params=_SCORES,
        returns="boolean",
        python=reliable_recovery,
        compile_sql=reliable_recovery_sql,
    ),
    FunctionDecl(
        name="finished_treatment",
        title="Finished a course of treatment",
        doc="True when the referral ended (was discharged) on a day of the period having had "
        "two or more treatment sessions: NHS Talking Therapies' \"finished a course of "
        "treatment\", the denominator of recovery, reliable improvement and the waiting-"
        "time standards. `finished_treatment(treatment_sessions, discharge_date)`. False "
        "while the referral is open or when it ended in another period; missing when it "
        "ended in the period and the sessions are missing.",
        params=(
            ParamDecl(name="treatment_sessions", type="integer"),
            ParamDecl(name="discharge_date", type="date"),
        ),
        returns="boolean",
        python=finished_treatment,
        compile_sql=finished_treatment_sql,
    ),
    FunctionDecl(
        name="days_waiting",
        title="Days waiting",
        doc="Whole days from the referral to the first appointment. Missing when either "
        "date is (someone not yet seen has no wait recorded: test `first_appointment_date "
        "is missing` to count them).",
        params=(
            ParamDecl(name="referral_date", type="date"),
            ParamDecl(name="first_appointment_date", type="date"),
        ),
        returns="integer",
        python=days_waiting,
        compile_sql=days_waiting_sql,
    ),
)
