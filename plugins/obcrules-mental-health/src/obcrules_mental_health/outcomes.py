"""The derived table ``treatment_outcomes``: each referral's outcomes as NHS Talking
Therapies publishes them, with an anxiety disorder specific measure in place of GAD-7
where one is recorded.

Source: NHS England, *NHS Talking Therapies for anxiety and depression manual*
(version 7, 2024), and NHS Digital's *Psychological Therapies* statistics. For each
person in ``people`` (one row per referral), with ``ps``/``pe`` the first and last
day of the row's period (from its ``period`` text):

- ``finished_treatment``: the referral ended (discharged) in the period having had two
  or more treatment sessions (`finished_treatment`): the denominator of every rate
  below and of the waiting-time standards.
- ``anxiety_measure``: the measure paired with PHQ-9: the anxiety disorder specific
  measure named by ``adsm`` when its first and last scores are both recorded,
  otherwise GAD-7. Its caseness cut-off and reliable change are `ANXIETY_MEASURES`.
- ``at_caseness``: at referral (the first scores) PHQ-9 >= 10 or the anxiety measure
  at or above its cut-off.
- ``recovered``: at caseness at the first scores and not at the last (both measures
  below their cut-offs).
- ``reliable_improvement``: PHQ-9 fell by 6 or more or the anxiety measure by its
  reliable change or more, and neither rose by as much.
- ``reliable_recovery``: recovered and reliable improvement.
- ``days_to_treatment``: days from referral to the first treatment appointment.

Rates are measured over ``finished_treatment`` (recovery and reliable recovery over
``finished_treatment and at_caseness``): checks MH001 and MH002. Each outcome is
missing when a score it needs is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import (
    DerivedTableDecl,
    FieldDecl,
    FunctionContext,
    TableDecl,
)
from obcrules.plugins.sql import column, exp, literal, missing_if_any_missing
from obcrules.plugins.sql_context import SqlContext
from obcrules_mental_health.functions import (
    ANXIETY_MEASURES,
    PHQ9_CASENESS,
    PHQ9_RELIABLE_CHANGE,
    finished_treatment,
    finished_treatment_sql,
)
from obcrules_mental_health.vocabulary import ADSMS

GAD7 = "gad7"
CARRIED = tuple(f.name for f in COMMON_PEOPLE_FIELDS)

# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

Row = dict[str, Any]


def _scores(row: Row) -> tuple[str, int | None, int | None]:
    """The anxiety measure paired with PHQ-9 and its first and last scores."""
    if row.get("adsm") in ADSMS and row.get("adsm_start") is not None \
            and row.get("adsm_end") is not None:
        return row["adsm"], row["adsm_start"], row["adsm_end"]
    return GAD7, row.get("gad7_start"), row.get("gad7_end")


def outcomes(row: Row, ctx: FunctionContext) -> Row:
    """The outcome fields of one referral."""
    name, a_start, a_end = _scores(row)
    cut, change = ANXIETY_MEASURES[name]
    p_start, p_end = row.get("phq9_start"), row.get("phq9_end")
    starting = None if p_start is None or a_start is None else (
        p_start >= PHQ9_CASENESS or a_start >= cut)
    result: Row = {"finished_treatment": finished_treatment(
        row.get("treatment_sessions"), row.get("discharge_date"), ctx),
        "anxiety_measure": name, "at_caseness": starting}
    if starting is None or p_end is None or a_end is None:
        result.update(recovered=None, reliable_improvement=None, reliable_recovery=None)
    else:
        assert p_start is not None and a_start is not None
        recovered = starting and not (p_end >= PHQ9_CASENESS or a_end >= cut)
        improved = (p_start - p_end >= PHQ9_RELIABLE_CHANGE or a_start - a_end >= change) \
            and not (p_end - p_start >= PHQ9_RELIABLE_CHANGE or a_end - a_start >= change)
        result.update(recovered=recovered, reliable_improvement=improved,
                      reliable_recovery=recovered and improved)
    referral: dt.date | None = row.get("referral_date")
    first: dt.date | None = row.get("first_appointment_date")
    result["days_to_treatment"] = None if referral is None or first is None \
        else (first - referral).days
    return result


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    out = []
    for row in inputs.get("people", []):
        fctx = FunctionContext(*period_bounds(row["period"]))
        out.append({**{k: row.get(k) for k in CARRIED}, **outcomes(row, fctx)})
    return out


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _by_measure(values: dict[str, int | str]) -> exp.Expression:
    """``CASE WHEN <an ADSM is used> THEN <its value> ELSE <GAD-7's> END``."""
    paired = exp.and_(
        exp.In(this=column("adsm"), expressions=[literal(n) for n in ADSMS]),
        exp.Not(this=exp.Is(this=column("adsm_start"), expression=exp.null())),
        exp.Not(this=exp.Is(this=column("adsm_end"), expression=exp.null())),
    )
    by_name = exp.Case(ifs=[exp.If(this=exp.EQ(this=column("adsm"), expression=literal(n)),
                                   true=literal(values[n])) for n in ADSMS])
    return exp.Case(ifs=[exp.If(this=exp.Paren(this=paired), true=by_name)],
                    default=literal(values[GAD7]))


def _paired(ctx: SqlContext) -> exp.Select:
    """Each person with the anxiety measure paired with PHQ-9, its scores and thresholds."""
    names: dict[str, int | str] = {n: n for n in ANXIETY_MEASURES}
    cuts: dict[str, int | str] = {n: m.caseness for n, m in ANXIETY_MEASURES.items()}
    changes: dict[str, int | str] = {n: m.reliable_change for n, m in ANXIETY_MEASURES.items()}

    def score(adsm: str, gad7: str) -> exp.Expression:
        use = exp.EQ(this=_by_measure(names), expression=literal(GAD7))
        return exp.Case(ifs=[exp.If(this=use, true=column(gad7))], default=column(adsm))

    days = exp.DateDiff(this=column("first_appointment_date"), expression=column("referral_date"),
                        unit=exp.Var(this="DAY"))
    return exp.select(
        *[column(k) for k in CARRIED], column("phq9_start"), column("phq9_end"),
        exp.alias_(_by_measure(names), "anxiety_measure"),
        exp.alias_(score("adsm_start", "gad7_start"), "a_start"),
        exp.alias_(score("adsm_end", "gad7_end"), "a_end"),
        exp.alias_(_by_measure(cuts), "a_cut"),
        exp.alias_(_by_measure(changes), "a_change"),
        exp.alias_(finished_treatment_sql([column("treatment_sessions"), column("discharge_date")],
                                          ctx), "finished_treatment"),
        exp.alias_(days, "days_to_treatment"),
    )


def _at_or_above(value: str, threshold: exp.Expression) -> exp.Expression:
    return exp.GTE(this=column(value), expression=threshold)


def _caseness(phq9: str, anxiety: str) -> exp.Expression:
    return exp.Paren(this=exp.Or(this=_at_or_above(phq9, literal(PHQ9_CASENESS)),
                                 expression=_at_or_above(anxiety, column("a_cut"))))


def _change(start: str, end: str, size: exp.Expression) -> exp.Expression:
    return exp.GTE(this=exp.Paren(this=exp.Sub(this=column(start), expression=column(end))),
                   expression=size)


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM (people with the paired anxiety measure)``: one row per referral."""
    starts = [column("phq9_start"), column("a_start")]
    scores = [*starts, column("phq9_end"), column("a_end")]
    recovered = exp.And(this=_caseness("phq9_start", "a_start"),
                        expression=exp.Not(this=_caseness("phq9_end", "a_end")))
    phq9_change, a_change = literal(PHQ9_RELIABLE_CHANGE), column("a_change")
    improved = exp.And(
        this=exp.Paren(this=exp.Or(this=_change("phq9_start", "phq9_end", phq9_change),
                                   expression=_change("a_start", "a_end", a_change))),
        expression=exp.Not(this=exp.Paren(this=exp.Or(
            this=_change("phq9_end", "phq9_start", phq9_change.copy()),
            expression=_change("a_end", "a_start", a_change.copy())))),
    )
    return exp.select(
        *[column(k) for k in CARRIED], column("finished_treatment"), column("anxiety_measure"),
        exp.alias_(missing_if_any_missing(starts, _caseness("phq9_start", "a_start")),
                   "at_caseness"),
        exp.alias_(missing_if_any_missing(scores, recovered), "recovered"),
        exp.alias_(missing_if_any_missing(scores, improved), "reliable_improvement"),
        exp.alias_(missing_if_any_missing(scores, exp.And(
            this=exp.Paren(this=recovered.copy()), expression=exp.Paren(this=improved.copy()))),
            "reliable_recovery"),
        column("days_to_treatment"),
    ).from_(_paired(ctx).from_(inputs["people"].copy()).subquery("r"))


def _flag(name: str, title: str, description: str) -> FieldDecl:
    return FieldDecl(name=name, type="boolean", title=title, description=description)


TREATMENT_OUTCOMES = DerivedTableDecl(
    table=TableDecl(
        name="treatment_outcomes",
        title="Talking therapies outcomes",
        description="Per referral: a finished course of treatment, caseness, recovery, "
        "reliable improvement and reliable recovery as NHS Talking Therapies publishes "
        "them, with an anxiety disorder specific measure in place of GAD-7 where recorded.",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS,
            _flag("finished_treatment", "Finished a course of treatment",
                  "The referral ended in the period having had two or more treatment "
                  "sessions."),
            FieldDecl(name="anxiety_measure", type="category", values=tuple(ANXIETY_MEASURES),
                      title="Anxiety measure",
                      description="The measure paired with PHQ-9: the anxiety disorder "
                      "specific measure where its first and last scores are recorded, "
                      "otherwise GAD-7."),
            _flag("at_caseness", "At caseness at referral",
                  "PHQ-9 of 10 or more, or the anxiety measure at or above its cut-off, "
                  "at the first appointment."),
            _flag("recovered", "Recovered",
                  "At caseness at the first appointment and not at the last."),
            _flag("reliable_improvement", "Reliable improvement",
                  "PHQ-9 or the anxiety measure fell by its reliable change, and neither "
                  "rose by as much."),
            _flag("reliable_recovery", "Reliable recovery",
                  "Recovered and reliable improvement."),
            FieldDecl(name="days_to_treatment", type="integer", unit="days",
                      title="Days to treatment",
                      description="Days from referral to the first treatment appointment."),
        ),
    ),
    inputs=("people",),
    build_sql=build_sql,
    python=python,
)
