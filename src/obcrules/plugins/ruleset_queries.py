"""Questions lint checks ask of a ruleset model: which calls, fields and populations.

Plugin checks read `obcrules.model.Ruleset`; these helpers walk it so that each
check states only its own rule. `name_uses` lists where each name the ruleset
defines is used (the language server's definitions, references and renames).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from obcrules.model import Call, FieldRef, Item, Measure, Node, Population, Ref, Ruleset


def walk(node: Any) -> Iterator[Node]:
    """Every model node inside ``node`` (itself included), depth first in source order.

    Iterative, so expressions nested as deep as the parser accepts never touch
    Python's recursion limit.
    """
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Node):
            yield current
            stack.extend([getattr(current, name) for name in _fields_backwards(type(current))])
        elif isinstance(current, tuple | list):
            stack.extend(reversed(current))


@functools.cache
def _fields_backwards(kind: type[Node]) -> tuple[str, ...]:
    """The fields of a node type but its span, last first (as the walk's stack wants them)."""
    return tuple(name for name in reversed(kind.model_fields) if name != "span")


def calls(node: Any, *names: str) -> list[Call]:
    """The calls of the named functions (of any function if none is named) inside ``node``."""
    return [n for n in walk(node) if isinstance(n, Call) and (not names or n.name in names)]


def field_refs(node: Any, *names: str) -> list[FieldRef]:
    """The uses of the named fields (of any field if none is named) inside ``node``."""
    return [n for n in walk(node) if isinstance(n, FieldRef) and (not names or n.name in names)]


def population_chain(ruleset: Ruleset, name: str) -> tuple[list[Population], str | None]:
    """The populations a measure over ``name`` draws from, nearest first, and the base table.

    ``from residents`` where residents is ``from people where …`` gives
    ``([residents], "people")``. A cycle or an unknown name ends the chain (the
    checker reports those); the table is then None.
    """
    chain: list[Population] = []
    seen: set[str] = set()
    current = name
    while current not in seen:
        seen.add(current)
        population = ruleset.population(current)
        if population is None:
            return chain, current
        chain.append(population)
        current = population.source.name
    return chain, None


def population_conditions(ruleset: Ruleset, name: str) -> list[Any]:
    """The ``where`` conditions of every population in the chain of ``name``."""
    chain, _ = population_chain(ruleset, name)
    return [p.where for p in chain if p.where is not None]


def some_population_condition(
    ruleset: Ruleset, name: str, test: Callable[[Any], bool], known: dict[str, bool]
) -> bool:
    """Whether ``test`` holds of the ``where`` condition of some population in the chain
    of ``name``: ``any(test(c) for c in population_conditions(ruleset, name))``.

    ``known`` remembers the answer for each population asked about or passed on the
    way (give a check one dict for all its measures), so that asking for every
    measure of a long chain costs the chain once, not once per measure.
    """
    def holds(population: Population) -> bool:
        return population.where is not None and test(population.where)

    path: list[Population] = []
    seen: set[str] = set()
    current = name
    found = False
    while current not in seen:
        if current in known:
            found = known[current]
            break
        seen.add(current)
        population = ruleset.population(current)
        if population is None:
            break
        path.append(population)
        current = population.source.name
    else:  # the chain goes round: each population on the circle sees all of it
        start = next(i for i, p in enumerate(path) if p.name == current)
        found = any(holds(p) for p in path[start:])
        for population in path[start:]:
            known[population.name] = found
        path = path[:start]
    for population in reversed(path):
        found = found or holds(population)
        known[population.name] = found
    return found


def measured_items(
    ruleset: Ruleset, kind: str | None = "outcome"
) -> Iterator[tuple[Item, Measure]]:
    """Items of ``kind`` (every kind if None) that have a measure, with the measure."""
    for item in ruleset.items:
        if item.measure is not None and (kind is None or item.kind == kind):
            yield item, item.measure


Namespace = Literal["statement", "theme", "criterion"]
"""The lists a ruleset's own names live in: populations and the four kinds share one
(``statement``), themes have theirs, and each lot has its own criteria."""


@dataclass(frozen=True)
class NameUse:
    """One use of a name the ruleset defines: which list it is in, and the `Ref` that uses it.

    ``lot`` is the tender lot of a criterion (criteria belong to their lot), else None.
    """

    namespace: Namespace
    name: str
    ref: Ref
    lot: str | None = None


def name_uses(ruleset: Ruleset) -> list[NameUse]:
    """Every use of a population, outcome (output, process, input), theme or criterion name.

    A ``from`` or measure source that names a table rather than a population of
    the ruleset is not a use; an unknown name (which the checker reports) is.
    The list is in source order within each kind of use.
    """
    defined = {p.name for p in ruleset.populations} | {i.name for i in ruleset.items}
    uses: list[NameUse] = []

    def statement(ref: Ref) -> None:
        uses.append(NameUse("statement", ref.name, ref))

    for population in ruleset.populations:
        if population.source.name in defined:
            statement(population.source)
    for item in ruleset.items:
        if item.measure is not None and item.measure.source.name in defined:
            statement(item.measure.source)
        for ref in item.contributes_to:
            statement(ref)
        uses.extend(NameUse("theme", ref.name, ref) for ref in item.themes)
    for tender in ruleset.tenders:
        if tender.tie_break is not None:
            uses.append(NameUse("criterion", tender.tie_break.name, tender.tie_break, tender.name))
    if ruleset.payment is not None:
        for line in ruleset.payment.rate_lines:
            statement(line.outcome)
        for adjustment in ruleset.payment.adjustments:
            statement(adjustment.outcome)
    return uses


def references(ruleset: Ruleset, namespace: Namespace, name: str,
               lot: str | None = None) -> list[Ref]:
    """The uses of ``name`` in ``namespace`` (of a criterion: in ``lot``), in source order."""
    found = [use.ref for use in name_uses(ruleset)
             if use.namespace == namespace and use.name == name and use.lot == lot]
    return sorted(found, key=lambda ref: (ref.span.line, ref.span.column) if ref.span else (0, 0))
