"""Children's services functions: the SDQ bands and eligibility, and the 12-month cohort.

Source for all but `sdq_improved`: the DfE's SSDA903 children looked after return
(the OC2 cohort: children looked after continuously for at least 12 months at 31
March) and its statistics, *Outcomes for children looked after by local
authorities in England* — the Strengths and Difficulties Questionnaire is
returned for children aged 4 to 16 in that cohort, from the carer's
questionnaire, and its total difficulties score is read in three bands: 0-13
normal, 14-16 borderline, 17 and over a cause for concern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obcrules.plugins.dates import add_duration
from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import date_plus, exp, literal, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext

SDQ_BANDS = (("normal", 0, 13), ("borderline", 14, 16), ("cause_for_concern", 17, 40))
"""The DfE's bands of the SDQ total difficulties score: (name, lowest, highest)."""

SDQ_AGES = (4, 16)
"""SSDA903 returns an SDQ for children aged 4 to 16 at the period end, both included."""

COHORT = Duration(12, "month")
"""The OC2 cohort: looked after continuously for at least 12 months at the period end."""

# --------------------------------------------------------------------------
# Python references
# --------------------------------------------------------------------------


def sdq_improved(
    sdq_start: int | None, sdq_end: int | None, n: int, ctx: FunctionContext | None = None
) -> bool | None:
    """True when the SDQ total difficulties score fell by ``n`` or more; None if missing.

    No published source sets a size of fall that is a real change for one child:
    prefer the DfE's bands (`sdq_band`).
    """
    if sdq_start is None or sdq_end is None:
        return None
    return sdq_start - sdq_end >= n


def sdq_band(score: int | None, ctx: FunctionContext | None = None) -> str | None:
    """The DfE band of an SDQ total difficulties score (SSDA903 / Outcomes for children
    looked after): ``normal`` 0-13, ``borderline`` 14-16, ``cause_for_concern`` 17-40."""
    if score is None:
        return None
    return next((name for name, _, high in SDQ_BANDS if score <= high), None)


def looked_after_12_months(
    in_care_since: dt.date | None, ctx: FunctionContext
) -> bool | None:
    """Looked after continuously for at least 12 months at the period end: the SSDA903 OC2
    cohort, over which the DfE reports offending, SDQ and health outcomes.

    ``in_care_since + 12 months <= period_end``; missing when the date is.
    """
    if in_care_since is None:
        return None
    return add_duration(in_care_since, COHORT) <= ctx.period_end


def sdq_eligible(
    age: int | None, in_care_since: dt.date | None, ctx: FunctionContext
) -> bool | None:
    """SSDA903 asks for an SDQ for this child: aged 4 to 16 at the period end (both
    included) and looked after continuously for at least 12 months; missing when either
    argument is."""
    cohort = looked_after_12_months(in_care_since, ctx)
    if age is None or cohort is None:
        return None
    return SDQ_AGES[0] <= age <= SDQ_AGES[1] and cohort


# --------------------------------------------------------------------------
# SQL compilers
# --------------------------------------------------------------------------


def sdq_improved_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `sdq_improved`: ``sdq_start - sdq_end >= N`` (N a literal)."""
    start, end, n = args
    fall = exp.Sub(this=operand(start), expression=operand(end))
    return missing_if_any_missing([start, end], exp.GTE(this=fall, expression=literal(int(n))))


def sdq_band_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `sdq_band`: a CASE over the band limits (NULL stays NULL)."""
    (score,) = args
    ifs = [exp.If(this=exp.LTE(this=operand(score), expression=literal(high)),
                  true=literal(name)) for name, _, high in SDQ_BANDS]
    return missing_if_any_missing([score], exp.Case(ifs=ifs))


def _in_cohort(in_care_since: exp.Expression, ctx: SqlContext) -> exp.Expression:
    return exp.LTE(this=date_plus(in_care_since, COHORT), expression=operand(ctx.period_end))


def looked_after_12_months_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `looked_after_12_months`."""
    (since,) = args
    return missing_if_any_missing([since], _in_cohort(since, ctx))


def sdq_eligible_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `sdq_eligible`."""
    age, since = args
    ages = exp.Between(this=operand(age), low=literal(SDQ_AGES[0]), high=literal(SDQ_AGES[1]))
    value = exp.And(this=ages, expression=_in_cohort(since, ctx))
    return missing_if_any_missing([age, since], value)


# --------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------

FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="sdq_band",
        title="SDQ band",
        doc="The DfE band of an SDQ total difficulties score (SSDA903; Outcomes for "
        "children looked after by local authorities): \"normal\" 0-13, \"borderline\" "
        "14-16, \"cause_for_concern\" 17-40: `sdq_band(sdq_end) != \"cause_for_concern\"`. "
        "Missing when the score is.",
        params=(ParamDecl(name="score", type="integer"),),
        returns="text",
        python=sdq_band,
        compile_sql=sdq_band_sql,
    ),
    FunctionDecl(
        name="sdq_eligible",
        title="SDQ returned for the child",
        doc="True when SSDA903 asks for the child's SDQ: aged 4 to 16 at the period end "
        "(both included) and looked after continuously for at least 12 months "
        "(`sdq_eligible(age, in_care_since)`). The return wants the carer's questionnaire "
        "(`sdq_completed_by`). Missing when either argument is.",
        params=(ParamDecl(name="age", type="integer"),
                ParamDecl(name="in_care_since", type="date")),
        returns="boolean",
        python=sdq_eligible,
        compile_sql=sdq_eligible_sql,
    ),
    FunctionDecl(
        name="looked_after_12_months",
        title="Looked after for 12 months",
        doc="True when the child has been looked after continuously for at least 12 months "
        "at the period end (`in_care_since + 12 months <= period_end`): the SSDA903 OC2 "
        "cohort, over which the DfE reports offending, SDQ and health outcomes. Missing "
        "when the date is.",
        params=(ParamDecl(name="in_care_since", type="date"),),
        returns="boolean",
        python=looked_after_12_months,
        compile_sql=looked_after_12_months_sql,
    ),
    FunctionDecl(
        name="sdq_improved",
        title="SDQ improved",
        doc="True when the Strengths and Difficulties Questionnaire total fell by at least N "
        "points (a plain integer): `sdq_improved(sdq_start, sdq_end, 3)`. No published "
        "source makes a fall of N points a real change for one child: prefer the DfE "
        "bands (`sdq_band`). Missing when either score is.",
        params=(
            ParamDecl(name="sdq_start", type="integer"),
            ParamDecl(name="sdq_end", type="integer"),
            ParamDecl(name="n", type="integer", literal=True),
        ),
        returns="boolean",
        python=sdq_improved,
        compile_sql=sdq_improved_sql,
    ),
)
