"""The plugin manager (`obcrules.plugins.manager`): a broken plugin is reported by name and
version with the reason; the others still load."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import obcrules.builtin
from obcrules import hookimpl
from obcrules.plugins.catalog import vocabulary_for
from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldDecl,
    FieldsDecl,
    FunctionDecl,
    GateDecl,
    ParamDecl,
    ReaderDecl,
    ReportSectionDecl,
    SampleDataDecl,
    ScoringMethodDecl,
    TableDecl,
    VerificationMethodDecl,
)
from obcrules.plugins.manager import HOOK_DECLARATIONS, PluginProblem, Registry, make_plugin_manager


def visits_table() -> TableDecl:
    return TableDecl(
        name="visits",
        title="Visits",
        subject="services",
        fields=(
            FieldDecl(name="person_id", type="text"),
            FieldDecl(name="visit_date", type="date"),
        ),
    )


def doubled() -> FunctionDecl:
    return FunctionDecl(
        name="doubled",
        title="Doubled",
        doc="Twice the value.",
        params=(ParamDecl(name="x", type="integer"),),
        returns="integer",
        python=lambda x, ctx: None if x is None else 2 * x,
    )


class Good:
    """Declares a table and a function, and nothing goes wrong."""

    __version__ = "1.0.0"

    @hookimpl
    def register_tables(self) -> list[TableDecl]:
        return [visits_table()]

    @hookimpl
    def register_functions(self) -> list[FunctionDecl]:
        return [doubled()]


class Raising:
    __version__ = "2.1.0"

    @hookimpl
    def register_tables(self) -> list[TableDecl]:
        raise RuntimeError("the vocabulary database is unavailable")

    @hookimpl
    def register_verification_methods(self) -> list[VerificationMethodDecl]:
        return [VerificationMethodDecl(name="home_visit", title="Home visit", objective=True)]


class Invalid:
    __version__ = "0.3.0"

    @hookimpl
    def register_tables(self) -> list[Any]:
        return [{"name": "Bad Table", "title": "Bad", "fields": []}]

    @hookimpl
    def register_functions(self) -> Any:
        return doubled()  # not a list


class Duplicating(Good):
    """Declares the same table and function as `Good`."""

    __version__ = "0.9.0"


class Misspelt:
    __version__ = "4.0.0"

    @hookimpl
    def register_tabels(self) -> list[TableDecl]:
        return [visits_table()]


def load(**plugins: object) -> Registry:
    return make_plugin_manager(entry_points=False, extra={"core": obcrules.builtin, **plugins})


def test_a_plugin_that_raises_is_reported_and_its_other_hooks_still_count() -> None:
    registry = load(raising=Raising(), good=Good())
    assert (
        PluginProblem(
            "raising",
            "2.1.0",
            "register_tables() raised RuntimeError: the vocabulary database is unavailable",
        )
        in registry.problems
    )
    tables = [t.name for _, t in registry.declared("register_tables", TableDecl)]
    assert tables == ["people", "visits"]
    methods = registry.declared("register_verification_methods", VerificationMethodDecl)
    assert ("raising", "home_visit") in [(p, m.name) for p, m in methods]


def test_invalid_declarations_are_reported_with_the_field_at_fault() -> None:
    registry = load(invalid=Invalid(), good=Good())
    reasons = [str(p) for p in registry.problems if p.plugin == "invalid"]
    assert reasons == [
        "plugin invalid 0.3.0: register_tables() item 1 is not a valid TableDecl: name: "
        "String should match pattern '^[a-z_][a-z0-9_]*$'",
        "plugin invalid 0.3.0: register_functions() must return a list, not FunctionDecl",
    ]
    assert [p for p, _ in registry.declared("register_functions", FunctionDecl)] == ["good"]


def test_a_second_declaration_of_a_table_or_function_is_refused() -> None:
    registry = load(good=Good(), duplicating=Duplicating())
    assert [str(p) for p in registry.problems] == [
        "plugin duplicating 0.9.0: declares table 'visits', which plugin good already declared",
        "plugin duplicating 0.9.0: declares function 'doubled', which plugin good already declared",
    ]
    owners = {t.name: p for p, t in registry.declared("register_tables", TableDecl)}
    assert owners["visits"] == "good"


def test_an_unknown_hook_refuses_the_plugin_with_a_suggestion() -> None:
    registry = load(misspelt=Misspelt(), good=Good())
    assert registry.problems == [
        PluginProblem(
            "misspelt",
            "4.0.0",
            "implements unknown hook 'register_tabels' (did you mean 'register_tables'?)",
        )
    ]
    assert "misspelt" not in registry.plugins
    assert sorted(registry.plugins) == ["core", "good"]


@dataclass
class _Dist:
    version: str


@dataclass
class _EntryPoint:
    name: str
    value: str
    dist: _Dist

    def load(self) -> Any:
        return importlib.import_module(self.value)


def test_a_plugin_that_fails_to_import_is_reported_and_the_others_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    points = [
        _EntryPoint("core", "obcrules.builtin", _Dist("0.1.0")),
        _EntryPoint("broken", "obcrules_no_such_plugin", _Dist("3.2.1")),
    ]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points)
    registry = make_plugin_manager(extra={"good": Good()})
    assert [str(p) for p in registry.problems if p.plugin == "broken"] == [
        "plugin broken 3.2.1: failed to import obcrules_no_such_plugin: ModuleNotFoundError: "
        "No module named 'obcrules_no_such_plugin'"
    ]
    assert sorted(registry.plugins) == ["core", "good"]


class Everything:
    """Implements every hook once, so that each is exercised end to end."""

    __version__ = "5.0.0"

    @hookimpl
    def register_tables(self) -> list[TableDecl]:
        return [visits_table()]

    @hookimpl
    def register_fields(self) -> list[FieldsDecl]:
        return [FieldsDecl(table="people", fields=(FieldDecl(name="visited", type="boolean"),))]

    @hookimpl
    def register_functions(self) -> list[FunctionDecl]:
        return [doubled()]

    @hookimpl
    def register_verification_methods(self) -> list[VerificationMethodDecl]:
        return [VerificationMethodDecl(name="home_visit", title="Home visit", objective=True)]

    @hookimpl
    def register_checks(self) -> list[CheckDecl]:
        return [
            CheckDecl(
                code="EVR001",
                name="never-fires",
                severity="warning",
                summary="A check that finds nothing.",
                bad="",
                better="",
                run=lambda ctx: [],
            )
        ]

    @hookimpl
    def register_scoring_methods(self) -> list[ScoringMethodDecl]:
        return [ScoringMethodDecl(name="coin_toss", title="Coin toss", score=lambda ctx: {})]

    @hookimpl
    def register_gates(self) -> list[GateDecl]:
        return [GateDecl(name="insured", title="Insured", check=lambda ctx, bid: [])]

    @hookimpl
    def register_derived_tables(self) -> list[DerivedTableDecl]:
        return [
            DerivedTableDecl(
                table=visits_table().model_copy(update={"name": "visit_counts"}),
                inputs=("visits",),
                build_sql=lambda inputs, ctx: None,
            )
        ]

    @hookimpl
    def register_readers(self) -> list[ReaderDecl]:
        return [ReaderDecl(name="ods", suffixes=(".ods",), title="OpenDocument", read=Path)]

    @hookimpl
    def register_report_sections(self) -> list[ReportSectionDecl]:
        return [
            ReportSectionDecl(
                name="visits",
                title="Visits",
                report="monitoring",
                template="visits.html",
                template_dir=Path(),
                context=lambda result: None,
            )
        ]

    @hookimpl
    def register_sample_data(self) -> list[SampleDataDecl]:
        return [SampleDataDecl(service="everything", tables=(), generate=lambda n, s: {})]


def test_every_hook_is_collected_and_attributed() -> None:
    registry = load(everything=Everything())
    assert registry.problems == []
    from obcrules.plugins.manager import HOOK_DECLARATIONS

    for hook, model in HOOK_DECLARATIONS.items():
        assert [p for p, _ in registry.declared(hook, model) if p == "everything"], hook


# ---------------------------------------------------------------------------
# Each register_* hook is called when its declarations are first asked for, and only then.
#
# `obc check` needs the vocabulary (tables, fields, functions, methods, checks); the
# hooks that declare readers, report sections and sample data import pyarrow or
# the engine, so they wait until a command needs them.


class Counting(Everything):
    """Every hook of `Everything`, each call recorded in ``calls``."""

    def __init__(self) -> None:
        self.calls: list[str] = []


def _counted(hook: str) -> Callable[[Counting], list[Any]]:
    def call(self: Counting) -> list[Any]:
        self.calls.append(hook)
        result: list[Any] = getattr(Everything, hook)(self)
        return result

    return hookimpl(call)


for _hook in HOOK_DECLARATIONS:
    setattr(Counting, _hook, _counted(_hook))


def load_counting(plugin: Counting) -> Registry:
    return make_plugin_manager(entry_points=False,
                               extra={"core": obcrules.builtin, "counting": plugin})


def test_loading_calls_no_hook_and_asking_calls_each_once() -> None:
    plugin = Counting()
    registry = load_counting(plugin)
    assert plugin.calls == []
    registry.declared("register_readers", ReaderDecl)
    registry.declared("register_readers", ReaderDecl)
    assert plugin.calls == ["register_readers"]


def test_the_vocabulary_leaves_readers_sample_data_and_scoring_uncalled() -> None:
    plugin = Counting()
    vocabulary = vocabulary_for(load_counting(plugin), ["counting"])
    assert "register_readers" not in plugin.calls
    assert "register_sample_data" not in plugin.calls
    assert "register_scoring_methods" not in plugin.calls
    assert "coin_toss" in vocabulary.scoring_methods
    assert plugin.calls.count("register_scoring_methods") == 1


class DerivedVisits:
    """A derived table named like the `visits` table another plugin declares."""

    __version__ = "1.0.0"

    @hookimpl
    def register_derived_tables(self) -> list[DerivedTableDecl]:
        return [DerivedTableDecl(table=visits_table(), inputs=("people",),
                                 build_sql=lambda inputs, ctx: None)]


def test_a_derived_table_named_like_a_table_is_refused_whichever_is_asked_for_first() -> None:
    plugin = Counting()
    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "counting": plugin, "derived": DerivedVisits()})
    derived = registry.declared("register_derived_tables", DerivedTableDecl)
    assert plugin.calls == ["register_tables", "register_derived_tables"]
    assert [p for p, _ in derived] == ["counting"]
    assert [str(p) for p in registry.problems] == [
        "plugin derived 1.0.0: declares table 'visits', which plugin counting already declared"]


def test_problems_call_every_hook() -> None:
    plugin = Counting()
    registry = load_counting(plugin)
    assert registry.problems == []
    assert sorted(plugin.calls) == sorted(HOOK_DECLARATIONS)
