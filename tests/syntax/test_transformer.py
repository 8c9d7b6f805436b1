"""The transformer's rule families cover the grammar: one method per rule, none shadowed."""

from __future__ import annotations

from obcrules.syntax.parser import parser
from obcrules.syntax.transformer import ToModel
from obcrules.syntax.transformer.fields import RuleBase


def _tree_names() -> set[str]:
    """The names of the trees the grammar can build (those lark does not inline)."""
    names = set()
    for rule in parser().rules:
        name = str(rule.alias or rule.origin.name)
        if name.startswith("_"):
            continue
        kept = [s for s in rule.expansion if not (s.is_term and s.filter_out)]
        inlined = rule.options.expand1 and not rule.alias and len(kept) == 1
        if not (inlined and not str(kept[0].name).startswith("_")):
            names.add(name)
    return names


def _rule_methods() -> set[str]:
    shared = set(dir(RuleBase)) | {"transform"}
    return {m for m in dir(ToModel) if not m.startswith("_") and m not in shared}


def test_every_tree_the_grammar_builds_has_a_rule_method() -> None:
    assert sorted(_tree_names() - _rule_methods()) == []


def test_every_rule_method_serves_a_grammar_rule() -> None:
    assert sorted(_rule_methods() - _tree_names()) == []


def test_each_rule_is_written_in_exactly_one_family() -> None:
    families = ToModel.__mro__[1:]
    for name in _rule_methods():
        owners = [f.__name__ for f in families if name in vars(f)]
        assert len(owners) == 1, (name, owners)
