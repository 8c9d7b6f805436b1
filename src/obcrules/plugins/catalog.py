"""The vocabulary a ruleset sees: the core's plus that of the services it names.

A `Vocabulary` merges each visible table with the fields that visible plugins add
to it (``register_fields``), and lists the functions, verification methods,
checks, scoring methods and gates in scope. Two visible plugins that add the same
field with different types are a conflict, reported once per ruleset.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldDecl,
    FieldsDecl,
    FunctionDecl,
    GateDecl,
    ScoringMethodDecl,
    TableDecl,
    VerificationMethodDecl,
)
from obcrules.plugins.manager import CORE, Registry

D = TypeVar("D", bound=ScoringMethodDecl | GateDecl)


@dataclass(frozen=True)
class FieldConflict:
    """Two plugins added a field of the same name to a table with different declarations."""

    table: str
    field: str
    first: str
    second: str


class Declared(Mapping[str, D]):
    """The declarations of one hook that a ruleset sees, by name, collected on first use.

    The core's scoring methods and gates live with the tender, which checking a
    ruleset without a tender (or without plugin scoring) never needs to import.
    """

    def __init__(self, registry: Registry, hook: str, kind: type[D],
                 visible: frozenset[str]) -> None:
        self._collect = (registry, hook, kind, visible)
        self._by_name: dict[str, D] | None = None

    def _declarations(self) -> dict[str, D]:
        if self._by_name is None:
            registry, hook, kind, visible = self._collect
            self._by_name = {d.name: d for plugin, d in registry.declared(hook, kind)
                             if plugin in visible}
        return self._by_name

    def __getitem__(self, name: str) -> D:
        return self._declarations()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._declarations())

    def __len__(self) -> int:
        return len(self._declarations())


@dataclass
class Vocabulary:
    """Names a ruleset may use, each with the plugin that declared it."""

    services: tuple[str, ...]
    tables: dict[str, TableDecl] = field(default_factory=dict)
    table_owner: dict[str, str] = field(default_factory=dict)
    derived: dict[str, DerivedTableDecl] = field(default_factory=dict)
    field_owner: dict[tuple[str, str], str] = field(default_factory=dict)
    functions: dict[str, FunctionDecl] = field(default_factory=dict)
    function_owner: dict[str, str] = field(default_factory=dict)
    verification_methods: dict[str, VerificationMethodDecl] = field(default_factory=dict)
    checks: list[tuple[str, CheckDecl]] = field(default_factory=list)
    scoring_methods: Mapping[str, ScoringMethodDecl] = field(default_factory=dict)
    gates: Mapping[str, GateDecl] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    hidden_fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    hidden_tables: dict[str, str] = field(default_factory=dict)
    hidden_functions: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> TableDecl | None:
        """The table (declared or derived) called ``name``, with all visible fields."""
        return self.tables.get(name)


def vocabulary_for(registry: Registry, services: Iterable[str]) -> Vocabulary:
    """The vocabulary in scope for a ruleset that names ``services``."""
    named = tuple(dict.fromkeys(services))
    visible = {CORE, *named}
    vocab = Vocabulary(services=named)

    base: dict[str, TableDecl] = {}
    for plugin, table in registry.declared("register_tables", TableDecl):
        if plugin in visible:
            base[table.name] = table
            vocab.table_owner[table.name] = plugin
        else:
            vocab.hidden_tables.setdefault(table.name, plugin)
    for plugin, derived in registry.declared("register_derived_tables", DerivedTableDecl):
        if plugin in visible:
            base[derived.table.name] = derived.table
            vocab.table_owner[derived.table.name] = plugin
            vocab.derived[derived.table.name] = derived
        else:
            vocab.hidden_tables.setdefault(derived.table.name, plugin)

    extra: dict[str, list[FieldDecl]] = {}
    for plugin, ext in registry.declared("register_fields", FieldsDecl):
        if plugin not in visible:
            for f in ext.fields:
                vocab.hidden_fields.setdefault(f.name, []).append((ext.table, plugin))
            continue
        for f in ext.fields:
            _add_field(vocab, base, extra, plugin, ext.table, f)

    for name, table in base.items():
        owner = vocab.table_owner[name]
        for f in table.fields:
            vocab.field_owner[(name, f.name)] = owner
        merged = table.fields + tuple(extra.get(name, ()))
        vocab.tables[name] = table.model_copy(update={"fields": merged})

    for plugin, fn in registry.declared("register_functions", FunctionDecl):
        if plugin in visible:
            vocab.functions[fn.name] = fn
            vocab.function_owner[fn.name] = plugin
        else:
            vocab.hidden_functions.setdefault(fn.name, plugin)
    for plugin, method in registry.declared(
        "register_verification_methods", VerificationMethodDecl
    ):
        if plugin in visible:
            vocab.verification_methods[method.name] = method
    for plugin, check in registry.declared("register_checks", CheckDecl):
        if plugin in visible:
            vocab.checks.append((plugin, check))
    seen = frozenset(visible)
    vocab.scoring_methods = Declared(registry, "register_scoring_methods", ScoringMethodDecl, seen)
    vocab.gates = Declared(registry, "register_gates", GateDecl, seen)
    return vocab


def _add_field(
    vocab: Vocabulary,
    base: dict[str, TableDecl],
    extra: dict[str, list[FieldDecl]],
    plugin: str,
    table: str,
    decl: FieldDecl,
) -> None:
    if table not in base:
        return  # the table's own plugin is not in scope, so neither is its extension
    key = (table, decl.name)
    existing = base[table].field(decl.name) or next(
        (f for f in extra.get(table, []) if f.name == decl.name), None
    )
    if existing is not None:
        if _compatible(existing, decl):
            return  # two services share a field (e.g. WEMWBS scores): one declaration
        vocab.conflicts.append(
            FieldConflict(table, decl.name, vocab.field_owner.get(key, "?"), plugin)
        )
        return
    extra.setdefault(table, []).append(decl)
    vocab.field_owner[key] = plugin


def _compatible(a: FieldDecl, b: FieldDecl) -> bool:
    return (a.type, a.unit, a.values) == (b.type, b.unit, b.values)
