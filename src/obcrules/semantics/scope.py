"""Where a measure's records come from: populations resolved down to their table.

Each population of a ruleset is resolved once, in time linear in the ruleset: a
population's source is its outer population's source with one more link, found
in a table kept for the life of the ruleset (which is frozen).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from obcrules.model import Expr, Measure, Population, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import TableDecl


@dataclass(frozen=True, slots=True)
class _Link:
    """One population of a chain and the link to the population it is drawn from."""

    population: Population
    outer: _Link | None


@dataclass(frozen=True, slots=True)
class Source:
    """A measure's source resolved: the base table and the populations from outer to inner.

    The chain is shared with the sources of the outer populations, so resolving
    every population of a long chain costs one link each; `conditions` and
    `populations` are read from it when asked for.
    """

    table: str
    link: _Link | None = None

    @property
    def conditions(self) -> tuple[Expr, ...]:
        """The ``where`` conditions of the chain, from the outermost population inwards."""
        return tuple(p.where for p in self._chain() if p.where is not None)

    @property
    def populations(self) -> tuple[str, ...]:
        """The names of the chain's populations, from the outermost inwards."""
        return tuple(p.name for p in self._chain())

    def _chain(self) -> list[Population]:
        chain: list[Population] = []
        link = self.link
        while link is not None:
            chain.append(link.population)
            link = link.outer
        chain.reverse()
        return chain


class _Sources:
    """The sources of one ruleset's names, each resolved once (None: a cycle)."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = weakref.ref(ruleset)
        self.resolved: dict[str, Source | None] = {}

    def resolve(self, ruleset: Ruleset, name: str) -> Source | None:
        resolved = self.resolved
        if name in resolved:
            return resolved[name]
        path: list[Population] = []  # populations not yet resolved, innermost first
        on_path: set[str] = set()
        current = name
        base: Source | None
        while True:
            if current in resolved:
                base = resolved[current]
                break
            population = ruleset.population(current)
            if population is None:
                base = resolved[current] = Source(table=current)
                break
            if current in on_path:
                base = None  # the chain loops: every population on the path leads into it
                break
            on_path.add(current)
            path.append(population)
            current = population.source.name
        for population in reversed(path):
            if base is not None:
                base = Source(table=base.table, link=_Link(population, base.link))
            resolved[population.name] = base
        return resolved[name]


_SOURCES: dict[int, _Sources] = {}


def resolve_source(ruleset: Ruleset, name: str) -> Source | None:
    """Follow ``from`` links from a population (or table name) down to the table.

    Returns None for a population chain that loops back on itself (or leads into
    such a loop). A name that is not a population is taken as a table name
    (whether it exists is checked elsewhere). Amortised O(1) per call.
    """
    sources = _SOURCES.get(id(ruleset))
    if sources is None or sources.ruleset() is not ruleset:
        sources = _SOURCES[id(ruleset)] = _Sources(ruleset)
        weakref.finalize(ruleset, _SOURCES.pop, id(ruleset), None)
    return sources.resolve(ruleset, name)


def measure_table(ruleset: Ruleset, vocabulary: Vocabulary, measure: Measure) -> TableDecl | None:
    """The table a measure ranges over, if it resolves to a known table."""
    source = resolve_source(ruleset, measure.source.name)
    return vocabulary.table(source.table) if source else None

