"""Claims, person by person: who a rate-card line pays for, and striking the claims that
verification did not bear out.

A *claim* is one person a provider is paid for on one rate-card line: a row of the
run's people table whose line column (``c0``, ``c1`` …) holds the period in which the
person first met the line's condition. Striking a claim sets that column (and its
price groups', and the same line's column without the referred cohort) to NULL, so
the person is not counted on the line at all; every later step (deadweight, caps,
totals) then pays as if the claim had never been made.

Two things strike claims: a finding of *not confirmed* or *not found* in a returned
audit sheet (`Settlement.struck`), and, under ``confirm with TABLE [on FIELD]``, a claim
on an outcome verified by ``admin_data`` with no row in TABLE for that person and
outcome (listed as a mismatch).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine.backend import Backend
from obcrules.engine.expressions import column
from obcrules.engine.planner import PERSON, PersonCondition, people_table, typed_view
from obcrules.engine.validation import OK
from obcrules.model import Confirmation, Ruleset
from obcrules.plugins.declarations import FieldDecl, TableDecl
from obcrules.plugins.sql import literal

ADMIN_DATA = "admin_data"
"""The verification method whose claims the confirming table confirms."""

OUTCOME = "outcome"
"""The confirming table's column naming the outcome a row confirms."""


@dataclass(frozen=True, order=True)
class Claim:
    """One person a provider claims for on one rate-card line, in the period they first
    met its condition (``group``: the price group they are paid in, if any)."""

    provider: str
    line: int
    person: str
    period: str
    outcome: str
    group: str | None = None


ClaimKey = tuple[str, int, str]
"""(provider, rate-card line, person): a claim without its period."""


@dataclass
class Settlement:
    """What the run strikes and what it reports: the claims to strike (from returned
    sheets), the claims it found (filled when ``listing``) and the mismatches with the
    confirming table."""

    struck: frozenset[ClaimKey] = frozenset()
    listing: bool = False
    claims: list[Claim] = field(default_factory=list)
    mismatches: list[Claim] = field(default_factory=list)


def confirmation_table(confirm: Confirmation) -> TableDecl:
    """The declaration of the commissioner's confirming table: one row per person and
    outcome the administrative data confirm."""
    return TableDecl(
        name=confirm.table.name,
        title="Administrative data confirming claims",
        description="The commissioner's records: each row confirms that a person reached "
        "an outcome. Named by `confirm with TABLE [on FIELD]`.",
        subject="people",
        key=None,
        fields=(
            FieldDecl(name=confirm.key, type="text", required=True, title="Person identifier",
                      description="As the provider's returns write person_id."),
            FieldDecl(name=OUTCOME, type="text", required=True, title="Outcome",
                      description="The name of the outcome the records confirm."),
        ),
    )


def admin_confirmed(ruleset: Ruleset) -> set[str]:
    """The outcomes whose claims the confirming table confirms (verified by admin_data)."""
    if ruleset.payment is None or ruleset.payment.confirm is None:
        return set()
    return {item.name for item in ruleset.items
            if any(v.method.name == ADMIN_DATA for v in item.verifications)}


def settle(backend: Backend, ruleset: Ruleset, table: str,
           conditions: list[PersonCondition], settlement: Settlement) -> None:
    """Strike the claims of ``table``'s people table that fail verification, list the
    mismatches with the confirming table and, when asked, the claims that remain."""
    lines = [(at, c) for at, c in enumerate(conditions) if c.role == "line"]
    confirmed = admin_confirmed(ruleset)
    confirm = ruleset.payment.confirm if ruleset.payment is not None else None
    for at, condition in lines:
        if confirm is not None and condition.item.name in confirmed:
            rows = backend.fetch(_unconfirmed_query(table, at, confirm, condition.item.name))
            settlement.mismatches.extend(_claims(rows, condition, []))
    struck = set(settlement.struck) | {(c.provider, c.line, c.person)
                                      for c in settlement.mismatches}
    by_line: dict[int, list[tuple[str, str]]] = {}
    for provider, line, person in sorted(struck):
        by_line.setdefault(line, []).append((provider, person))
    if any(c.index in by_line for _, c in lines):
        raw = people_table(table) + "_claimed"
        backend.create_table(raw, exp.select(exp.Star()).from_(people_table(table)))
        backend.create_table(people_table(table), _strike_query(raw, conditions, by_line))
    if settlement.listing:
        for at, condition in lines:
            groups = [(g, c.group) for g, c in enumerate(conditions)
                      if c.role == "group" and c.of == at and c.group is not None]
            rows = backend.fetch(_claims_query(table, at, [g for g, _ in groups]))
            settlement.claims.extend(_claims(rows, condition, [str(n) for _, n in groups]))


def _claims(rows: Iterable[dict[str, Any]], condition: PersonCondition,
            groups: list[str]) -> list[Claim]:
    out = []
    for row in rows:
        group = next((name for i, name in enumerate(groups) if row.get(f"g{i}")), None)
        out.append(Claim(str(row["provider"]), condition.index, str(row[PERSON]),
                         str(row["period"]), condition.item.name, group))
    return out


def _met(at: int) -> exp.Expr:
    return exp.Not(this=exp.Is(this=column(f"c{at}"), expression=exp.null()))


def _claims_query(table: str, at: int, groups: list[int]) -> exp.Select:
    """The people who first met condition ``at``, each with the period and whether they
    are in each price group (``g0``, ``g1`` …) in it."""
    first = column(f"c{at}")
    columns: list[exp.Expr] = [column("provider"), column(PERSON), exp.alias_(first, "period")]
    columns += [exp.alias_(exp.func("COALESCE", exp.EQ(this=column(f"c{g}"),
                                                       expression=first.copy()), exp.false()),
                           f"g{i}", quoted=True) for i, g in enumerate(groups)]
    return exp.select(*columns).from_(people_table(table)).where(_met(at))


def _unconfirmed_query(table: str, at: int, confirm: Confirmation, outcome: str
                       ) -> exp.Select:
    """The claims on condition ``at`` with no valid row of the confirming table for the
    person and ``outcome``."""
    found = (exp.select(exp.Literal.number(1)).from_(typed_view(confirm.table.name))
             .where(exp.and_(column(OK),
                             exp.EQ(this=column(confirm.key),
                                    expression=exp.column(PERSON, table="p", quoted=True)),
                             exp.EQ(this=column(OUTCOME), expression=literal(outcome)))))
    return (exp.select(exp.column("provider", table="p", quoted=True),
                       exp.column(PERSON, table="p", quoted=True),
                       exp.alias_(exp.column(f"c{at}", table="p", quoted=True), "period"))
            .from_(exp.alias_(exp.to_table(people_table(table)), "p"))
            .where(exp.and_(exp.column(f"c{at}", table="p", quoted=True).is_(exp.null()).not_(),
                            exp.Exists(this=found).not_())))


def _strike_query(raw: str, conditions: list[PersonCondition],
                  by_line: dict[int, list[tuple[str, str]]]) -> exp.Select:
    """The people table again, with each struck claim's line (and its groups, and the
    line without the cohort) set to NULL."""
    columns: list[exp.Expr] = [column("provider"), column(PERSON)]
    for at, condition in enumerate(conditions):
        struck = by_line.get(condition.index) if condition.role != "helped" else None
        value: exp.Expr = column(f"c{at}")
        if struck:
            hit = exp.or_(*(exp.and_(exp.EQ(this=column("provider"), expression=literal(p)),
                                     exp.EQ(this=column(PERSON), expression=literal(person)))
                            for p, person in struck))
            value = exp.Case(ifs=[exp.If(this=hit, true=exp.null())], default=value)
        columns.append(exp.alias_(value, f"c{at}", quoted=True))
    return exp.select(*columns).from_(raw)
