"""The transformer builds nodes without pydantic's validation; validating them changes nothing.

Validating every node cost most of a small check's start-up (building the
validators of 45 models) and a tenth of a large ruleset's parse, yet the
transformer already gives each field a value of its declared type. So it builds
nodes with ``model_construct``, and this test validates every node of every
example ruleset (and of mutated ones) and requires the same node back, with
the same types throughout (a lark ``Token`` where a plain ``str`` belongs would
show).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from obcrules.model import Node
from obcrules.plugins.ruleset_queries import walk
from obcrules.syntax.parser import parse_source
from tests.syntax.test_direct import examples, nested, shape
from tests.syntax.test_errors import EDITS, edited


def assert_every_node_validates_to_itself(source: str) -> int:
    ruleset = parse_source(source, "t.obc").ruleset
    nodes = list(walk(ruleset)) if ruleset is not None else []
    for node in nodes:
        assert isinstance(node, Node)
        fields = {name: getattr(node, name) for name in type(node).model_fields}
        validated = type(node).model_validate(fields)
        assert shape(validated) == shape(node), type(node).__name__
        assert validated.span == node.span
    return len(nodes)


@pytest.mark.parametrize(("name", "source"), examples(), ids=[n for n, _ in examples()])
def test_every_node_of_every_example_validates_to_itself(name: str, source: str) -> None:
    assert_every_node_validates_to_itself(source)


def test_the_nodes_of_deep_nesting_validate_to_themselves() -> None:
    assert assert_every_node_validates_to_itself(nested(60)) > 120


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_every_node_of_a_mutated_ruleset_validates_to_itself(
    edits: list[tuple[int, int, str]],
) -> None:
    assert_every_node_validates_to_itself(edited(edits))
