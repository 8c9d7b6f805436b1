"""Where a measure's records come from: populations resolved down to their table."""

from __future__ import annotations

from dataclasses import dataclass

from obcrules.model import Expr, Measure, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import TableDecl


@dataclass(frozen=True)
class Source:
    """A measure's source resolved: the base table and the conditions from outer to inner."""

    table: str
    conditions: tuple[Expr, ...]
    populations: tuple[str, ...]


def resolve_source(ruleset: Ruleset, name: str) -> Source | None:
    """Follow ``from`` links from a population (or table name) down to the table.

    Returns None for a population chain that loops back on itself. A name that is
    not a population is taken as a table name (whether it exists is checked
    elsewhere).
    """
    conditions: list[Expr] = []
    chain: list[str] = []
    current = name
    while True:
        population = ruleset.population(current)
        if population is None:
            return Source(table=current, conditions=tuple(reversed(conditions)),
                          populations=tuple(reversed(chain)))
        if population.name in chain:
            return None
        chain.append(population.name)
        if population.where is not None:
            conditions.append(population.where)
        current = population.source.name


def measure_table(ruleset: Ruleset, vocabulary: Vocabulary, measure: Measure) -> TableDecl | None:
    """The table a measure ranges over, if it resolves to a known table."""
    source = resolve_source(ruleset, measure.source.name)
    return vocabulary.table(source.table) if source else None

