"""The questions asked of a ruleset model: where each name the ruleset defines is used,
the conditions of a population chain, and what asking them costs on long chains."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from obcrules.api import check_text
from obcrules.model import Compare, Ruleset
from obcrules.plugins.manager import make_plugin_manager
from obcrules.plugins.ruleset_queries import (
    name_uses,
    population_conditions,
    references,
    some_population_condition,
    walk,
)
from obcrules.semantics.checked import check_file
from obcrules.syntax.parser import parse_source
from tests.semantics.test_scale import LINEAR, fastest

CONTINENCE = Path(__file__).parents[2] / "rulesets" / "continence.obc"
LINES = CONTINENCE.read_text(encoding="utf-8").split("\n")


def line_of(text: str) -> int:
    """The 1-based number of the first line of continence.obc that contains ``text``."""
    return next(n for n, line in enumerate(LINES, start=1) if text in line)


def test_every_use_of_a_defined_name_with_its_list() -> None:
    ruleset = check_file(CONTINENCE).require()
    uses = [(u.namespace, u.name, u.lot, u.ref.span.line if u.ref.span else 0)
            for u in name_uses(ruleset)]
    assert ("statement", "residents", None, line_of("share of residents where cont")) in uses
    assert ("theme", "vulnerable", None, LINES.index("    theme vulnerable") + 1) in uses
    assert ("criterion", "approach", "lot1", line_of("tie break by approach")) in uses
    assert ("statement", "untreated_continence", None, line_of("contributes to")) in uses
    assert not any(u[1] in ("people", "sessions") for u in uses)  # tables are not ruleset names


def test_references_in_source_order() -> None:
    ruleset = check_file(CONTINENCE).require()
    lines = [r.span.line for r in references(ruleset, "statement", "untreated_continence")
             if r.span]
    assert lines == [line_of("contributes to untreated"), line_of("untreated_continence pays"),
                     line_of("bonus 5%"), line_of("penalty 5%")]
    assert references(ruleset, "criterion", "approach") == []  # criteria belong to a lot
    assert len(references(ruleset, "criterion", "approach", lot="lot1")) == 1


HEADER = 'ruleset t "Test":\n    service care\n'


def ruleset(*populations: tuple[str, str, int | None]) -> Ruleset:
    """Populations (name, source, age bound or None for no condition)."""
    text = HEADER + "".join(
        f'population {name} "{name}":\n    from {source}'
        + (f" where age >= {age}\n" if age is not None else "\n")
        for name, source, age in populations)
    parsed = parse_source(text, "t.obc").ruleset
    assert parsed is not None
    return parsed


def over_65(condition: object) -> bool:
    return any(isinstance(n, Compare) and n.right.value >= 65 for n in walk(condition))


CHAINS = [
    ruleset(("a", "people", 18), ("b", "a", None), ("c", "b", 70)),
    ruleset(("a", "people", 70), ("b", "a", None), ("c", "b", 18)),
    ruleset(("a", "b", 18), ("b", "c", None), ("c", "a", 80), ("d", "a", 18)),  # a circle
    ruleset(("a", "b", 18), ("b", "c", None), ("c", "a", 20), ("d", "a", 90)),
]


@pytest.mark.parametrize("chain", CHAINS)
def test_the_answer_is_that_of_the_chain_s_conditions_whatever_was_asked_before(
    chain: Ruleset,
) -> None:
    names = [p.name for p in chain.populations] + ["people"]
    expected = {n: any(over_65(c) for c in population_conditions(chain, n)) for n in names}
    for order in itertools.permutations(names):
        known: dict[str, bool] = {}
        assert {n: some_population_condition(chain, n, over_65, known) for n in order} == expected


HOUSING = '''ruleset h "Housing":
    service housing
'''


def housing_chain(length: int) -> str:
    """A chain of populations with a share of sustained tenancies over every tenth."""
    lines = [HOUSING]
    for i in range(length):
        source = "people" if i == 0 else f"p{i - 1}"
        lines.append(f'population p{i} "P{i}":\n    from {source} where age >= {i % 60}\n')
    for i in range(0, length, 10):
        lines.append(f'outcome o{i} "O{i}":\n    level final\n'
                     f"    measure share of p{i} where sustained(tenancy_start, tenancy_end, "
                     "6 months)\n    target at least 80%\n    evidence objective\n"
                     "    verify admin_data every quarter\n")
    return "".join(lines)


def test_a_service_check_on_a_deep_chain_costs_the_chain_once() -> None:
    registry = make_plugin_manager()
    if "housing" not in registry.services:
        pytest.skip("the housing plugin is not installed")
    timings = []
    for length in (300, 3000):
        source = housing_chain(length)
        checked = check_text(source, "h.obc", registry)
        assert checked.ok, checked.errors[:2]
        assert [d.code for d in checked.diagnostics].count("HOU001") == length // 10
        timings.append(fastest(lambda s=source: check_text(s, "h.obc", registry), times=3))
    small, large = timings
    assert large < LINEAR * small
