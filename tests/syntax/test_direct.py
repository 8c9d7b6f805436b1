"""Parsing straight to the model gives what lark's tree and the transformer give, span for span.

`parse_directly` is the fast path; `parse_through_tree` the reference. On every
example ruleset, every ruleset in the docs, generated large and deeply nested
ones and random mutations, either the fast path gives up (and the tree path
answers) or both give equal models, with equal spans on every node, and equal
diagnostics.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obcrules.model import Node
from obcrules.syntax.parser import ParseResult, decode, parse_directly, parse_through_tree
from tests.syntax.test_errors import EDITS, SPEC, edited

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from checker_growth import contributes_chain, population_chain  # noqa: E402
from language import generate  # noqa: E402

FENCE = re.compile(r"```obc(?:-bad)?\n(.*?)```", re.S)


def shape(value: Any) -> Any:
    """Everything about a model value, spans and types included (equality ignores spans)."""
    if isinstance(value, Node):
        return (type(value).__name__, value.span,
                tuple((name, shape(getattr(value, name))) for name in type(value).model_fields
                      if name != "span"))
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(shape(v) for v in value))
    return (type(value).__name__, value)


def both(source: str) -> tuple[ParseResult | None, ParseResult]:
    text, problems = decode(source, "t.obc")
    assert text is not None and not problems
    clean = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return parse_directly(clean, text, "t.obc"), parse_through_tree(clean, text, "t.obc")


def assert_same(source: str, *, must_be_direct: bool) -> None:
    direct, tree = both(source)
    if direct is None:
        assert not must_be_direct, tree.diagnostics[:3]
        return
    assert tree.ruleset is not None, tree.diagnostics[:3]
    assert direct.ruleset is not None
    assert shape(direct.ruleset) == shape(tree.ruleset)
    assert direct.diagnostics == tree.diagnostics
    assert direct.text == tree.text


def examples() -> list[tuple[str, str]]:
    found = [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"))
             for p in sorted([*ROOT.glob("rulesets/*.obc"), *ROOT.glob("tests/fixtures/*.obc")])]
    for doc in sorted(ROOT.glob("docs/*.md")):
        for number, block in enumerate(FENCE.findall(doc.read_text(encoding="utf-8"))):
            found.append((f"{doc.name}#{number}", block))
    return found


@pytest.mark.parametrize(("name", "source"), examples(), ids=[n for n, _ in examples()])
def test_every_example_parses_the_same_both_ways(name: str, source: str) -> None:
    assert_same(source, must_be_direct=not name.startswith("diagnostics.md"))


@pytest.mark.parametrize("source", [
    generate(50),
    population_chain(60),
    contributes_chain(60, cycle=True),
    'ruleset r "R":\n    service care\n',
    "",
    "# only a comment\n",
], ids=["language-benchmark", "population-chain", "contributes-cycle", "header-only", "empty",
        "comment-only"])
def test_generated_rulesets_parse_the_same_both_ways(source: str) -> None:
    assert_same(source, must_be_direct=True)


def nested(depth: int, inner: str = "age >= 18") -> str:
    condition = inner
    for _ in range(depth):
        condition = f"not ({condition} and age < 100)"
    return ('ruleset r "R":\n    service care\n\npopulation p "P":\n'
            f"    from people where {condition}\n")


def test_deep_but_allowed_nesting_parses_directly() -> None:
    assert_same(nested(60), must_be_direct=True)
    assert_same(nested(0, "(" * 500 + "age >= 18" + ")" * 500), must_be_direct=True)


def test_nesting_past_the_limit_is_left_to_the_tree_path() -> None:
    direct, tree = both(nested(150))
    assert direct is None
    assert [d.code for d in tree.diagnostics] == ["OBC010"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_mutated_rulesets_parse_the_same_both_ways(edits: list[tuple[int, int, str]]) -> None:
    text = edited(edits)
    if "\t" in text or "\x00" in text:
        return  # refused before parsing, the same way on both paths
    assert_same(text, must_be_direct=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(SPEC)))
def test_truncated_rulesets_parse_the_same_both_ways(cut: int) -> None:
    assert_same(SPEC[:cut], must_be_direct=False)
