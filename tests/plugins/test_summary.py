"""What ``obc plugins`` prints (`obcrules.plugins.summary`): each plugin with what it declares,
then the problems of those that failed."""

from __future__ import annotations

from obcrules.plugins.manager import make_plugin_manager
from obcrules.plugins.summary import render_plugins, summarise
from tests.plugins.test_manager import Good, Raising


def test_plugins_reports_the_problems_of_plugins_that_failed() -> None:
    registry = make_plugin_manager(entry_points=False, extra={"good": Good(), "raising": Raising()})
    text = render_plugins(summarise(registry), registry.problems)
    assert text.splitlines() == [
        "good 1.0.0 (Good)",
        "  tables: visits (2 fields)",
        "  functions: doubled(x)",
        "raising 2.1.0 (Raising)",
        "  verification methods: home_visit",
        "",
        "1 problem(s):",
        "  plugin raising 2.1.0: register_tables() raised RuntimeError: the vocabulary "
        "database is unavailable",
    ]
