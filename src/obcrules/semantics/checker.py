"""Semantic checks: names, types, units, the kind rules and the logic model.

Errors here stop a ruleset from being evaluated; warnings (from the lint checks
in `obcrules.builtin.checks` and the plugins) do not.
"""

from __future__ import annotations

from collections import Counter, deque
from decimal import Decimal

from obcrules.diagnostics import Diagnostic, did_you_mean
from obcrules.model import (
    Call,
    FieldRef,
    Item,
    Measure,
    MoneyLit,
    Node,
    NumberLit,
    PercentLit,
    Ref,
    Ruleset,
    Span,
    Target,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import FieldDecl, TableDecl
from obcrules.plugins.manager import Registry
from obcrules.plugins.ruleset_queries import walk
from obcrules.semantics.expressions import ExpressionChecker
from obcrules.semantics.gaming import gaming_problems
from obcrules.semantics.goals import (
    MOST_POINTS,
    POINTS_BEYOND_RANGE,
    target_problems,
    target_values,
)
from obcrules.semantics.scope import resolve_source
from obcrules.semantics.types import NUMBER, PERCENT, Type

UNKNOWN_NAME_CODES = frozenset({"OBC102", "OBC103"})
"""An unknown field or function: not reported while a service of the header is missing."""


class Checker:
    """Collects the diagnostics of one ruleset."""

    def __init__(self, ruleset: Ruleset, registry: Registry, vocabulary: Vocabulary,
                 file: str) -> None:
        self.ruleset = ruleset
        self.registry = registry
        self.vocabulary = vocabulary
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.service_missing = False
        """A service of the header is not installed: its fields, tables and functions
        would each be reported unknown, so no unknown name is (`check_services`)."""

    # ------------------------------------------------------------------ reporting

    def error(self, code: str, node: Node | Span | None, message: str,
              suggestion: str | None = None) -> None:
        """Record an error placed on ``node``."""
        self._add("error", code, node, message, suggestion)

    def warning(self, code: str, node: Node | Span | None, message: str,
                suggestion: str | None = None) -> None:
        """Record a warning placed on ``node``."""
        self._add("warning", code, node, message, suggestion)

    def _add(self, severity: str, code: str, node: Node | Span | None, message: str,
             suggestion: str | None) -> None:
        self.diagnostics.append(Diagnostic.at(
            node, code=code, severity="error" if severity == "error" else "warning",
            file=self.file, message=message, suggestion=suggestion,
        ))

    def _report(self, code: str, node: Node, message: str, suggestion: str | None) -> None:
        if self.service_missing and code in UNKNOWN_NAME_CODES:
            return
        self.error(code, node, message, suggestion)

    # ------------------------------------------------------------------ driver

    def run(self) -> list[Diagnostic]:
        """Run every semantic check and return the diagnostics."""
        self.check_services()
        self.check_names()
        self.check_populations()
        for item in self.ruleset.items:
            self.check_item(item)
        self.check_logic_model()
        self.check_currency()
        for problem in gaming_problems(self.ruleset, self.vocabulary):
            self.error("OBC160", problem.node, problem.message, problem.suggestion)
        return self.diagnostics

    # ------------------------------------------------------------------ header

    def check_services(self) -> None:
        """OBC112: each service the header names is installed (else a guess at the one
        meant, or why its plugin failed to load), and no two services declare a field
        differently."""
        header = self.ruleset.header
        if header is None:
            return
        installed = self.registry.services
        # Only the plugins refused when loading are missing; reading `problems` would
        # call every hook, and import what the readers and sample data need.
        failed = {p.plugin: p.reason for p in self.registry.refused}
        for ref in header.services:
            if ref.name in installed:
                continue
            self.service_missing = True
            if ref.name in failed:
                self.error("OBC112", ref, f"the service plugin `{ref.name}` failed to load: "
                           f"{failed[ref.name]}", "fix or reinstall the plugin; "
                           "`obc plugins` shows what is installed")
                continue
            guess = did_you_mean(ref.name, installed) or self._service_of_names_used()
            listing = ", ".join(f"`{s}`" for s in installed) or "none"
            self.error("OBC112", ref, f"no installed plugin provides the service `{ref.name}`",
                       (f"did you mean `{guess}`? " if guess else "")
                       + f"installed services: {listing}; the ruleset's fields, tables and "
                       "functions are checked once its services are")
        for conflict in self.vocabulary.conflicts:
            self.error("OBC112", header, f"the services `{conflict.first}` and "
                       f"`{conflict.second}` both declare the field `{conflict.field}` of "
                       f"`{conflict.table}`, with different types",
                       "use one of the two services, or ask the plugin authors to agree")

    def _service_of_names_used(self) -> str | None:
        """The installed service not in the header whose fields, tables and functions the
        ruleset uses most (a misnamed service is usually this one), or None."""
        vocabulary = self.vocabulary
        owners: Counter[str] = Counter()
        for node in walk(self.ruleset):
            if isinstance(node, FieldRef):
                owners.update({plugin for _table, plugin in vocabulary.hidden_fields.get(
                    node.name, [])})
            elif isinstance(node, Call) and node.name in vocabulary.hidden_functions:
                owners[vocabulary.hidden_functions[node.name]] += 1
            elif isinstance(node, Ref) and node.name in vocabulary.hidden_tables:
                owners[vocabulary.hidden_tables[node.name]] += 1
        return owners.most_common(1)[0][0] if owners else None

    # ------------------------------------------------------------------ names

    def check_names(self) -> None:
        """OBC107: one definition per name; OBC113: every theme an item names is
        declared; OBC114 and OBC105: each verification's method exists and its sample is
        above 0% and at most 100%."""
        seen: dict[str, Node] = {}
        definitions: list[tuple[str, Node]] = [
            *((p.name, p) for p in self.ruleset.populations),
            *((i.name, i) for i in self.ruleset.items),
        ]
        for name, node in definitions:
            if name in seen:
                first = getattr(seen[name], "span", None)
                at = f" (first defined on line {first.line})" if first else ""
                self.error("OBC107", node, f"`{name}` is defined twice{at}",
                           "outcomes, outputs, processes, inputs and populations share one "
                           "set of names: rename one of them")
            else:
                seen[name] = node
        themes = {t.name for t in self.ruleset.header.themes} if self.ruleset.header else set()
        for item in self.ruleset.items:
            for ref in item.themes:
                if ref.name not in themes:
                    guess = did_you_mean(ref.name, themes)
                    self.error("OBC113", ref, f"there is no theme `{ref.name}`",
                               f"did you mean `{guess}`?" if guess else
                               f'declare it in the header: `theme {ref.name} "Title"`')
            for verification in item.verifications:
                self._verification_method(verification.method)
                sample = verification.sample
                if sample is not None and not (0 < sample.value <= 1):
                    self.error("OBC105", sample, "a sample is a percentage above 0% and "
                               "at most 100%")

    def _verification_method(self, ref: Ref) -> None:
        methods = self.vocabulary.verification_methods
        if ref.name in methods:
            return
        guess = did_you_mean(ref.name, methods)
        self.error("OBC114", ref, f"`{ref.name}` is not a verification method",
                   f"did you mean `{guess}`?" if guess else
                   "methods: " + ", ".join(f"`{m}`" for m in sorted(methods)))

    def item_names(self) -> list[str]:
        """The names of the outcomes, outputs, processes and inputs, in source order."""
        return [i.name for i in self.ruleset.items]

    def resolve_item(self, ref: Ref, role: str) -> Item | None:
        """The item ``ref`` names; None, with OBC101 (naming its ``role``), if none does."""
        item = self.ruleset.item(ref.name)
        if item is None:
            guess = did_you_mean(ref.name, self.item_names())
            self.error("OBC101", ref, f"there is no outcome, output, process or input "
                       f"called `{ref.name}` ({role})",
                       f"did you mean `{guess}`?" if guess else None)
        return item

    # ------------------------------------------------------------------ populations

    def check_populations(self) -> None:
        """OBC109: no population is drawn from itself; each population's table exists
        (OBC101) and its condition reads that table's fields rightly."""
        for population in self.ruleset.populations:
            source = resolve_source(self.ruleset, population.name)
            if source is None:
                self.error("OBC109", population, f"the population `{population.name}` is drawn "
                           "from itself (its `from` links go round in a circle)",
                           "draw one of them from a table such as `people`")
                continue
            table = self._table(population.source, source.table)
            if population.where is not None:
                ExpressionChecker(table, self.vocabulary, self._report).condition(
                    population.where)

    def _table(self, ref: Ref, table_name: str) -> TableDecl | None:
        table = self.vocabulary.table(table_name)
        if table is None and ref.name == table_name:
            candidates = list(self.vocabulary.tables) + [p.name for p in
                                                         self.ruleset.populations]
            guess = did_you_mean(ref.name, candidates)
            hidden = self.vocabulary.hidden_tables.get(ref.name)
            if guess:
                suggestion: str | None = f"did you mean `{guess}`?"
            elif hidden:
                suggestion = (f"`{ref.name}` is a table of the {hidden} service: add `{hidden}` "
                              "to the ruleset's `service` line")
            else:
                suggestion = "tables: " + ", ".join(f"`{t}`" for t in sorted(
                    self.vocabulary.tables))
            if not self.service_missing:
                self.error("OBC101", ref, f"there is no population or table called "
                           f"`{ref.name}`", suggestion)
        return table

    # ------------------------------------------------------------------ items

    def check_item(self, item: Item) -> None:
        """One outcome, output, process or input: OBC118 (a process without a due date,
        a target without a measure), its measure, target and baseline, and a trajectory's
        `by N points` only on a share or percentage."""
        if item.kind == "process":
            if item.due is None:
                self.error("OBC118", item, f"the process `{item.name}` has no `due` date",
                           "add `due YYYY-MM-DD`: a process is met when evidence of it is "
                           "recorded by then")
            return
        if item.measure is None:
            if item.target is not None or item.baseline is not None:
                self.error("OBC118", item, f"`{item.name}` has a target but no `measure`",
                           "add e.g. `measure share of people where …`")
            return
        measure_type = self.check_measure(item.measure)
        if item.target is not None and measure_type is not None:
            self.check_target(item.target, item.measure, measure_type)
        if item.baseline is not None and measure_type is not None:
            self.check_value_unit(item.baseline.value, item.measure, measure_type, "baseline")
        by = item.trajectory.by if item.trajectory is not None else None
        if by is not None and measure_type not in (None, PERCENT):
            self.error("OBC105", by, "`by N points` fits a share or percentage measure",
                       "drop `by …` for this measure")
        elif by is not None and by.value > MOST_POINTS:
            self.error("OBC105", by, POINTS_BEYOND_RANGE, "check the number")

    def check_measure(self, measure: Measure) -> Type | None:
        """Check a measure's source and condition; the type of what it measures (a
        percentage for a share), or None when its source goes round in a circle."""
        source = resolve_source(self.ruleset, measure.source.name)
        if source is None:
            return None  # the population cycle is reported once, on the population
        table = self._table(measure.source, source.table)
        checker = ExpressionChecker(table, self.vocabulary, self._report)
        if measure.where is not None:
            checker.condition(measure.where)
        if measure.kind == "share":
            return PERCENT
        if measure.kind == "count":
            return NUMBER
        found = checker.infer(measure.expr) if measure.expr is not None else NUMBER
        if found.kind not in ("number", "percent", "money", "unknown"):
            self.error("OBC104", measure.expr, f"the {measure.kind} of {found} is not a number",
                       "measure a numeric field, or a share of people where it holds")
        return found

    def check_target(self, target: Target, measure: Measure, measure_type: Type) -> None:
        """Each value of a target in the measure's unit, and the target's own form
        (OBC105)."""
        for value in target_values(target):
            self.check_value_unit(value, measure, measure_type, "target")
        for problem in target_problems(target, measure.kind, str(measure_type),
                                       measure_type == PERCENT):
            self.error("OBC105", problem.node, problem.message, problem.suggestion)

    def check_value_unit(self, value: Node, measure: Measure, measure_type: Type,
                         role: str) -> None:
        """OBC105 or OBC122 when ``value`` (a target's or a baseline's, said by ``role``)
        is not in the measure's unit: a percentage for a share, money for money, a number
        for a count; then `check_value_range`."""
        kind = measure_type.kind
        if kind == "unknown":
            return
        if kind == "percent":
            if not isinstance(value, PercentLit):
                self.error("OBC105", value, f"this {role} must be a percentage, because the "
                           f"measure is a {'share' if measure.kind == 'share' else 'percentage'}",
                           f"write it with `%`, e.g. `{_as_percent(value)}`")
                return
        elif isinstance(value, PercentLit):
            code = "OBC122" if measure.kind == "count" else "OBC105"
            self.error(code, value, f"an absolute percentage {role} does not fit a "
                       f"{measure.kind}, which is {measure_type}",
                       "give a number, or a relative change such as `10% higher than baseline`")
            return
        elif kind == "money" and not isinstance(value, MoneyLit):
            self.error("OBC105", value, f"this {role} must be an amount of money")
            return
        elif kind == "number" and not isinstance(value, NumberLit):
            self.error("OBC105", value, f"this {role} must be a number, because the measure is "
                       f"a {measure.kind}")
            return
        self.check_value_range(value, measure, role)

    def check_value_range(self, value: Node, measure: Measure, role: str) -> None:
        """OBC105 when ``value`` lies outside every value ``measure`` can take: a share
        from 0% to 100%, the mean or median of a field within the field's declared
        minimum and maximum. Such a target is never met, or always met (a typed
        `175%` for `17.5%` would pay nothing, or everything)."""
        if not isinstance(value, NumberLit | PercentLit):
            return
        known = self._measure_range(measure)
        if known is None:
            return
        low, high, said = known
        if (low is not None and value.value < low) or (high is not None and value.value > high):
            why = ("a target outside it is never met, or always met" if role == "target"
                   else f"a {role} is a value the measure had")
            self.error("OBC105", value, f"this {role} is outside what the measure can be: "
                       f"{said}", f"{why}: check the number")

    def _measure_range(self, measure: Measure
                       ) -> tuple[Decimal | None, Decimal | None, str] | None:
        """The lowest and highest values ``measure`` can take, on its literals' scale (a
        percentage as a fraction), and the sentence saying so; None if it is unbounded
        or unknown."""
        if measure.kind == "share":
            return Decimal(0), Decimal(1), "a share is from 0% to 100%"
        if measure.kind not in ("mean", "median") or not isinstance(measure.expr, FieldRef):
            return None
        source = resolve_source(self.ruleset, measure.source.name)
        table = self.vocabulary.table(source.table) if source is not None else None
        field = table.field(measure.expr.name) if table is not None else None
        if field is None:
            return None
        name = f"the {measure.kind} of `{field.name}`"
        if field.is_percent:
            low = (field.minimum if field.minimum is not None else Decimal(0)) / 100
            high = (field.maximum if field.maximum is not None else Decimal(100)) / 100
            return low, high, f"{name} is from {low:%} to {high:%}"
        if field.minimum is None and field.maximum is None:
            return None
        return field.minimum, field.maximum, f"{name} is {_range_words(field)}"

    # ------------------------------------------------------------------ logic model

    def check_logic_model(self) -> None:
        """OBC101 for a `contributes to` naming no item; OBC109 for an item contributing
        to itself, and once for each circle of `contributes to` links."""
        graph: dict[str, list[str]] = {}
        for item in self.ruleset.items:
            targets = []
            for ref in item.contributes_to:
                found = self.resolve_item(ref, "in `contributes to`")
                if found is not None:
                    targets.append(found.name)
                    if found.name == item.name:
                        self.error("OBC109", ref, f"`{item.name}` contributes to itself")
            graph[item.name] = targets
        for cycle in _cycles(graph):
            path = " → ".join([*cycle, cycle[0]])
            self.error("OBC109", self.ruleset.item(cycle[0]),
                       f"`contributes to` goes round in a circle: {path}",
                       "the logic model runs from inputs to final outcomes: remove one link")

    # ------------------------------------------------------------------ currency

    def check_currency(self) -> None:
        """OBC106: every amount in the header's currency (or the first amount's)."""
        header = self.ruleset.header
        declared = header.currency if header else None
        first: str | None = declared
        for money in (n for n in walk(self.ruleset) if isinstance(n, MoneyLit)):
            if first is None:
                first = money.currency
            elif money.currency != first:
                where = "the header's `currency`" if declared else "the first amount"
                self.error("OBC106", money, f"`{money.currency}` differs from {where} "
                           f"(`{first}`): a ruleset uses one currency",
                           f"write every amount in `{first}`")


def _range_words(field: FieldDecl) -> str:
    """``from 14 to 70``, ``at least 0`` or ``at most 5``: a field's declared bounds."""
    if field.minimum is not None and field.maximum is not None:
        return f"from {field.minimum} to {field.maximum}"
    if field.minimum is not None:
        return f"at least {field.minimum}"
    return f"at most {field.maximum}"


def _number(value: Node) -> Decimal | None:
    return value.value if isinstance(value, NumberLit | PercentLit) else None


def _as_percent(value: Node) -> str:
    number = value.value if isinstance(value, NumberLit) else None
    if number is None:
        return "10%"
    if 0 < abs(number) < 1:  # a fraction such as 0.85 was meant as 85%
        number = (number * 100).normalize()
    return f"{number:f}%"


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle in each strongly connected component that has one, in time linear in the graph.

    Every component of two or more items holds a cycle (an item linked to itself
    is reported on its own). The cycle named is the shortest one through the
    component's first item by name, listed from that item, so that a simple
    circle reads the same however its items are ordered in the file.
    """
    cycles = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            cycles.append(_shortest_cycle(graph, min(component), set(component)))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph.get(successor, ()))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _shortest_cycle(graph: dict[str, list[str]], start: str, within: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside one component (breadth first)."""
    came_from: dict[str, str] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in graph.get(node, ()):
            if successor == start and node != start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if successor in within and successor not in came_from:
                came_from[successor] = node
                queue.append(successor)
    return [start]  # unreachable: a component of two or more items holds a cycle through each
