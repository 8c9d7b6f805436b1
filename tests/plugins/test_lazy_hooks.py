"""Each register_* hook is called when its declarations are first asked for, and only then.

`obc check` needs the vocabulary (tables, fields, functions, methods, checks); the
hooks that declare readers, report sections and sample data import pyarrow or
the engine, so they wait until a command needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import obcrules.builtin
from obcrules import hookimpl
from obcrules.plugins.catalog import vocabulary_for
from obcrules.plugins.declarations import DerivedTableDecl, ReaderDecl
from obcrules.plugins.manager import HOOK_DECLARATIONS, Registry, make_plugin_manager
from tests.plugins.test_manager import Everything, visits_table


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


def load(plugin: Counting) -> Registry:
    return make_plugin_manager(entry_points=False,
                               extra={"core": obcrules.builtin, "counting": plugin})


def test_loading_calls_no_hook_and_asking_calls_each_once() -> None:
    plugin = Counting()
    registry = load(plugin)
    assert plugin.calls == []
    registry.declared("register_readers", ReaderDecl)
    registry.declared("register_readers", ReaderDecl)
    assert plugin.calls == ["register_readers"]


def test_the_vocabulary_leaves_readers_sample_data_and_scoring_uncalled() -> None:
    plugin = Counting()
    vocabulary = vocabulary_for(load(plugin), ["counting"])
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
    registry = load(plugin)
    assert registry.problems == []
    assert sorted(plugin.calls) == sorted(HOOK_DECLARATIONS)
