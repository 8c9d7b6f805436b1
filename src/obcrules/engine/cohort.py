"""The referred cohort (``cohort referrals``): who may be paid for, who may not, and reach.

The commissioner's ``referrals`` table lists each person referred to a provider and
when. Under ``cohort referrals``:

- a person is paid for only by a provider they were referred to, and only on that
  provider's returns for the period in which they were referred or later (an outcome is
  dated by its return's period): each record of a table a rate-card line reads gets
  ``_obc_referred`` in the table's *referred view*;
- a person referred to two providers is paid for only through the earlier referral; two
  on the same day make it ambiguous, and neither is paid until the commissioner corrects
  them; the other referrals are listed in ``data_quality`` (`double_referrals`);
- people in a provider's return with no referral to it are listed ("not in the referred
  cohort") and counted per provider (`not_referred_query`);
- reach, per provider and period: people referred by the period's end, those of them
  seen in any return of the provider by then (engaged), and the rest (never seen).

Relations (temporary tables): ``obc_referred`` holds each (person, provider) pair with its
earliest referral, ``obc_cohort`` the one pair per person that is paid for. Their columns
have names of their own, so that joining them to a table's records leaves every column
of the records unambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine import periods as period_texts
from obcrules.engine.backend import Backend
from obcrules.engine.compile import conjunction
from obcrules.engine.expressions import RowContext, column
from obcrules.engine.findings import Findings
from obcrules.engine.loading import DataFile
from obcrules.engine.planner import typed_view
from obcrules.engine.validation import OK, ROW
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.common_tables import COMMISSIONER_TABLES, REFERRALS
from obcrules.plugins.sql import as_date, literal

REFERRED_PAIRS = "obc_referred"
COHORT = "obc_cohort"
_PERSON, _PROVIDER, _ON = "_obc_ref_person", "_obc_ref_provider", "_obc_ref_on"
_C_PERSON, _C_PROVIDER, _C_ON = "_obc_cohort_person", "_obc_cohort_provider", "_obc_cohort_on"
NOT_REFERRED = "not in the referred cohort"


def referred_view(table: str) -> str:
    """The view of a table's typed records with ``_obc_referred``."""
    return f"obc_referred_{table}"


def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def referred_pairs_query(referrals_view: str) -> exp.Select:
    """Each (person, provider) referred, with the earliest valid referral."""
    return (exp.select(exp.alias_(column("person_id"), _PERSON, quoted=True),
                       exp.alias_(column("provider"), _PROVIDER, quoted=True),
                       exp.alias_(exp.Min(this=column("referred_on")), _ON, quoted=True))
            .from_(referrals_view).where(column(OK))
            .group_by(column("person_id"), column("provider")))


def cohort_query() -> exp.Select:
    """The pair paid for, per person: the one earliest referral (none when two providers
    share the earliest date)."""
    first = (exp.select(exp.alias_(column(_PERSON), "f_person", quoted=True),
                        exp.alias_(exp.Min(this=column(_ON)), "f_on", quoted=True))
             .from_(REFERRED_PAIRS).group_by(column(_PERSON)))
    joined = exp.and_(exp.EQ(this=_col(_PERSON, "p"), expression=_col("f_person", "f")),
                      exp.EQ(this=_col(_ON, "p"), expression=_col("f_on", "f")))
    return (exp.select(exp.alias_(_col(_PERSON, "p"), _C_PERSON, quoted=True),
                       exp.alias_(exp.Min(this=_col(_PROVIDER, "p")), _C_PROVIDER, quoted=True),
                       exp.alias_(_col(_ON, "p"), _C_ON, quoted=True))
            .from_(exp.alias_(exp.to_table(REFERRED_PAIRS), "p", table=True))
            .join(exp.alias_(exp.Subquery(this=first), "f", table=True), on=joined)
            .group_by(_col(_PERSON, "p"), _col(_ON, "p"))
            .having(exp.EQ(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1))))


def referred_view_query(typed_view: str, key: str, context: RowContext) -> exp.Select:
    """A table's typed records, each with ``_obc_referred``: its person's paid referral is
    to its provider, dated on or before the end of its period."""
    on = exp.and_(exp.EQ(this=_col(_C_PROVIDER, "c"), expression=_col("provider", "t")),
                  exp.EQ(this=_col(_C_PERSON, "c"), expression=_col(key, "t")))
    referred = exp.func("COALESCE", exp.Paren(this=exp.LTE(
        this=_col(_C_ON, "c"), expression=context.period_end_sql(_col("period", "t")))),
        exp.false())
    return (exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("t")),
                       exp.alias_(referred, "_obc_referred", quoted=True))
            .from_(exp.alias_(exp.to_table(typed_view), "t", table=True))
            .join(exp.alias_(exp.to_table(COHORT), "c", table=True), on=on, join_type="LEFT"))


def _not_referred(typed_view: str, key: str) -> exp.Select:
    on = exp.and_(exp.EQ(this=_col(_PROVIDER, "r"), expression=_col("provider", "t")),
                  exp.EQ(this=_col(_PERSON, "r"), expression=_col(key, "t")))
    where = conjunction([_col(OK, "t"),
                         exp.Not(this=exp.Is(this=_col(key, "t"), expression=exp.null())),
                         exp.Is(this=_col(_PERSON, "r"), expression=exp.null())])
    return (exp.select(exp.alias_(_col("provider", "t"), "provider"),
                       exp.alias_(_col(key, "t"), "person"),
                       exp.alias_(exp.Min(this=_col("period", "t")), "period"),
                       exp.alias_(exp.Min(this=_col(ROW, "t")), "first_row"))
            .from_(exp.alias_(exp.to_table(typed_view), "t", table=True))
            .join(exp.alias_(exp.to_table(REFERRED_PAIRS), "r", table=True), on=on,
                  join_type="LEFT")
            .where(where).group_by(_col("provider", "t"), _col(key, "t")))


def not_referred_query(typed_view: str, key: str, limit: int) -> exp.Select:
    """People in a table's valid records with no referral to their provider: each once,
    with their first period and row, in row order (at most ``limit`` + 1)."""
    people = _not_referred(typed_view, key)
    return (exp.select("*").from_(exp.alias_(exp.Subquery(this=people), "n", table=True))
            .order_by(exp.column("first_row")).limit(limit + 1))


def not_referred_counts(typed_view: str, key: str) -> exp.Select:
    """How many people in a table's valid records have no referral to their provider, per
    provider."""
    people = _not_referred(typed_view, key)
    return (exp.select(column("provider"), exp.alias_(exp.Count(this=exp.Star()), "n"))
            .from_(exp.alias_(exp.Subquery(this=people), "n", table=True))
            .group_by(column("provider")))


def double_referrals_query(referrals_view: str) -> exp.Select:
    """The valid referrals of people referred to more than one provider, with their rows."""
    several = (exp.select(column(_PERSON)).from_(REFERRED_PAIRS).group_by(column(_PERSON))
               .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1))))
    return (exp.select(column("person_id"), column("provider"), column("referred_on"),
                       exp.alias_(column(ROW), "row"))
            .from_(referrals_view)
            .where(exp.and_(column(OK), exp.In(this=column("person_id"),
                                               query=exp.Subquery(this=several)))))


def seen_query(typed_views: list[tuple[str, str]]) -> exp.Select:
    """Per provider and person, the first period they appear in any of ``typed_views``
    ((view, key) of each table of people the providers return)."""
    parts = [exp.select(exp.alias_(column("provider"), "s_provider", quoted=True),
                        exp.alias_(column(key), "s_person", quoted=True), column("period"))
             .from_(view).where(conjunction([column(OK), exp.Not(this=exp.Is(
                 this=column(key), expression=exp.null()))]))
             for view, key in typed_views]
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    return (exp.select(column("s_provider"), column("s_person"),
                       exp.alias_(exp.Min(this=column("period")), "s_first", quoted=True))
            .from_(exp.alias_(exp.Subquery(this=union), "u", table=True))
            .group_by(column("s_provider"), column("s_person")))


def reach_query(span: list[str], typed_views: list[tuple[str, str]]) -> exp.Select:
    """Per provider referred to: for each period of ``span`` (column ``r0``, ``e0``, …),
    the people referred by its end, and those of them seen in a return by then; and
    ``referred``, all the people referred to it."""
    columns: list[exp.Expr] = [exp.alias_(_col(_PROVIDER, "r"), "provider"),
                               exp.alias_(exp.Count(this=exp.Star()), "referred", quoted=True)]
    for i, period in enumerate(span):
        _, end = period_texts.bounds(period)
        by_then = exp.LTE(this=_col(_ON, "r"), expression=as_date(literal(end.isoformat())))
        seen = exp.LTE(this=_col("s_first", "s"), expression=literal(period))
        columns.append(exp.alias_(exp.CountIf(this=by_then), f"r{i}", quoted=True))
        columns.append(exp.alias_(exp.CountIf(this=exp.and_(by_then.copy(), seen)), f"e{i}",
                                  quoted=True))
    on = exp.and_(exp.EQ(this=_col("s_provider", "s"), expression=_col(_PROVIDER, "r")),
                  exp.EQ(this=_col("s_person", "s"), expression=_col(_PERSON, "r")))
    return (exp.select(*columns)
            .from_(exp.alias_(exp.to_table(REFERRED_PAIRS), "r", table=True))
            .join(exp.alias_(exp.Subquery(this=seen_query(typed_views)), "s", table=True),
                  on=on, join_type="LEFT")
            .group_by(_col(_PROVIDER, "r")))


@dataclass
class CohortFindings:
    """What the cohort's queries found, for the document."""

    referred: dict[str, int] = field(default_factory=dict)
    not_referred: dict[str, int] = field(default_factory=dict)
    double_referred: dict[str, int] = field(default_factory=dict)
    reach: list[dict[str, Any]] = field(default_factory=list)


def double_referral_problems(rows: list[dict[str, Any]], file: str, providers: set[str] | None,
                             found: CohortFindings) -> list[dict[str, Any]]:
    """The referrals not paid for, of people referred to several providers: the later ones,
    or all when two providers share the earliest date. ``providers`` (None: all) are
    those monitored; each is counted in ``found.double_referred``."""
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_person[str(row["person_id"])].append(row)
    problems = []
    for person, referrals in sorted(by_person.items()):
        earliest: dict[str, Any] = {}
        for r in referrals:
            provider = str(r["provider"])
            if provider not in earliest or r["referred_on"] < earliest[provider]:
                earliest[provider] = r["referred_on"]
        first = min(earliest.values())
        firsts = sorted(p for p, on in earliest.items() if on == first)
        if providers is not None and not providers & set(earliest):
            continue
        for provider in sorted(set(earliest) - ({firsts[0]} if len(firsts) == 1 else set())):
            if providers is None or provider in providers:
                found.double_referred[provider] = found.double_referred.get(provider, 0) + 1
        for r in sorted(referrals, key=lambda r: int(r["row"] or 0)):
            provider = str(r["provider"])
            if (len(firsts) == 1 and provider == firsts[0]) or (
                    providers is not None and provider not in providers):
                continue
            if len(firsts) == 1:
                why = (f"person_id {person!r} was referred to {firsts[0]} earlier, on "
                       f"{first.isoformat()}: only that referral is paid for, so {provider} "
                       "is never paid for them")
            else:
                why = (f"person_id {person!r} was referred to {' and '.join(firsts)} on the "
                       f"same day, {first.isoformat()}: no referral of theirs is paid for "
                       "until the commissioner corrects the referrals")
            problems.append({"table": REFERRALS, "file": file, "row": int(r["row"] or 0),
                             "provider": provider, "period": None, "field": "person_id",
                             "problem": why})
    return problems


def not_referred_problem(row: dict[str, Any], table: str, file: str) -> dict[str, Any]:
    """A person in a provider's return with no referral to it, listed on their first row."""
    return {"table": table, "file": file, "row": int(row["first_row"]),
            "provider": row["provider"], "period": row["period"], "field": "person_id",
            "problem": f"person_id {str(row['person']).strip()!r} is {NOT_REFERRED}: no "
                       f"referral to {row['provider']} in {REFERRALS}, so never paid for"}


def reach_entries(rows: list[dict[str, Any]], span: list[str], providers: set[str] | None,
                  found: CohortFindings) -> list[dict[str, Any]]:
    """Reach per provider and period from `reach_query`'s rows (and each provider's
    referrals in ``found.referred``)."""
    entries = []
    for row in sorted(rows, key=lambda r: str(r["provider"])):
        provider = str(row["provider"])
        if providers is not None and provider not in providers:
            continue
        found.referred[provider] = int(row["referred"] or 0)
        for i, period in enumerate(span):
            referred, engaged = int(row[f"r{i}"] or 0), int(row[f"e{i}"] or 0)
            entries.append({"provider": provider, "period": period, "referred": referred,
                            "engaged": engaged, "never_seen": referred - engaged})
    return entries


def create_referred_views(backend: Backend, vocabulary: Vocabulary, tables: set[str],
                          context: RowContext) -> None:
    """The referred pairs, the one paid per person, and each paid table's records marked
    with whether their person is referred (`referred_view`)."""
    backend.create_table(REFERRED_PAIRS, referred_pairs_query(typed_view(REFERRALS)))
    backend.create_table(COHORT, cohort_query())
    for table in sorted(tables):
        decl = vocabulary.table(table)
        if decl is not None and decl.key is not None:
            backend.create_view(referred_view(table), referred_view_query(
                typed_view(table), decl.key, context))


def cohort_findings(backend: Backend, vocabulary: Vocabulary, files: dict[str, DataFile],
                    tables: set[str], span: list[str], provider: str | None,
                    findings: Findings, limit: int) -> CohortFindings:
    """The people in the paid ``tables`` not referred and the referrals not paid for, listed
    in ``findings`` (at most ``limit`` people per table); the counts and reach (over
    ``span``) returned. Under a contract only its ``provider`` is reported."""
    found = CohortFindings()
    providers = {provider} if provider is not None else None
    for table in sorted(tables):
        decl = vocabulary.table(table)
        if decl is None or decl.key is None:
            continue
        view = typed_view(table)
        for row in backend.fetch(not_referred_counts(view, decl.key)):
            name = str(row["provider"])
            found.not_referred[name] = found.not_referred.get(name, 0) + int(row["n"])
        data = files.get(table)
        if data is None:
            continue  # a derived table's records have no rows to name
        rows = backend.fetch(not_referred_query(view, decl.key, limit))
        findings.problems.extend(not_referred_problem(r, table, data.path.name)
                                 for r in rows[:limit])
        findings.listed_all[table] = len(rows) <= limit and findings.listed_all.get(table, True)
    findings.problems.extend(double_referral_problems(
        backend.fetch(double_referrals_query(typed_view(REFERRALS))),
        files[REFERRALS].path.name, providers, found))
    returns = [(typed_view(n), d.typed.key) for n, d in sorted(files.items())
               if d.typed.key == "person_id" and n not in COMMISSIONER_TABLES]
    if span and returns:
        found.reach = reach_entries(backend.fetch(reach_query(span, returns)), span,
                                    providers, found)
    return found
