"""The ``gaming:`` block checked against the vocabulary: the fields cream-skimming compares
and the table of activity parking reads must exist where the rate card pays from."""

from __future__ import annotations

from dataclasses import dataclass

from obcrules.diagnostics import did_you_mean
from obcrules.model import Node, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.semantics.scope import resolve_source


@dataclass(frozen=True)
class GamingProblem:
    """A line of the ``gaming:`` block the checks cannot use (OBC160)."""

    node: Node
    message: str
    suggestion: str | None


def _suggest(word: str, candidates: set[str], otherwise: str) -> str:
    close = did_you_mean(word, candidates)
    return f"did you mean `{close}`?" if close is not None else otherwise


def paid_tables(ruleset: Ruleset) -> list[str]:
    """The tables the rate-card lines' outcomes are measured over, in line order."""
    tables: list[str] = []
    payment = ruleset.payment
    for line in payment.rate_lines if payment is not None else ():
        item = ruleset.item(line.outcome.name)
        if item is None or item.measure is None:
            continue
        source = resolve_source(ruleset, item.measure.source.name)
        if source is not None and source.table not in tables:
            tables.append(source.table)
    return tables


def gaming_problems(ruleset: Ruleset, vocabulary: Vocabulary) -> list[GamingProblem]:
    """What is wrong with the ``gaming:`` block's fields and tables."""
    block = ruleset.gaming
    if block is None:
        return []
    problems: list[GamingProblem] = []
    tables = [t for t in (vocabulary.table(n) for n in paid_tables(ruleset)) if t is not None]
    fields = {f.name for t in tables for f in t.fields}
    cream = block.rule("cream-skimming")
    for ref in cream.fields if cream is not None else ():
        if ref.name in fields:
            continue
        where = ", ".join(f"`{t.name}`" for t in tables) or "no table (there is no rate card)"
        problems.append(GamingProblem(
            ref, f"`{ref.name}` is not a field of the tables the rate card pays from "
                 f"({where}), so no case mix can be compared on it",
            _suggest(ref.name, fields, "name a field of the people paid for")))
    baseline = cream.baseline if cream is not None else None
    unit = (ruleset.header.period if ruleset.header and ruleset.header.period else "quarter")
    if baseline is not None and baseline.unit != unit:
        problems.append(GamingProblem(
            baseline, f"`{baseline.text}` is a {baseline.unit}, but this ruleset is monitored "
                      f"by {unit}", f"name the baseline {unit}"))
    parking = block.rule("parking")
    activity = parking.activity if parking is not None else None
    if activity is not None:
        decl = vocabulary.table(activity.name)
        if decl is None:
            problems.append(GamingProblem(
                activity, f"there is no table `{activity.name}` to read activity from",
                _suggest(activity.name, set(vocabulary.tables),
                         "name a table of the providers' returns")))
        elif decl.key is None and all(f.name != "person_id" for f in decl.fields):
            problems.append(GamingProblem(
                activity, f"the table `{activity.name}` has no person_id, so it cannot show "
                          "whom the activity was for", "name a table with person_id"))
    return problems
