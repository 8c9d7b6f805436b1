"""The walk: lark's tree, bottom-up without recursion, through the rule families.

`ToModel` is the one transformer; its rule methods come from one mixin per
construct family (header, expressions, items, tender, payment, gaming, literals) and
are found by the name of the grammar rule, so a rule is added by writing one
method in its family's module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from obcrules.syntax.transformer.expressions import ExpressionRules
from obcrules.syntax.transformer.gaming import GamingRules
from obcrules.syntax.transformer.header import HeaderRules
from obcrules.syntax.transformer.items import ItemRules
from obcrules.syntax.transformer.literals import LiteralRules
from obcrules.syntax.transformer.payment import PaymentRules
from obcrules.syntax.transformer.tender import TenderRules

if TYPE_CHECKING:
    from lark import Tree


class ToModel(HeaderRules, ExpressionRules, ItemRules, TenderRules, PaymentRules, GamingRules,
              LiteralRules):
    """The lark tree → `Ruleset` transformer. Read `diagnostics` after `transform`.

    One method per grammar rule, each called as ``method(meta, children)`` with the
    children already transformed. `transform` walks the tree bottom-up without
    recursion, so nesting depth never touches Python's stack, and calls the
    methods directly (lark's own Transformer wraps each call, which cost a third
    of the time on large rulesets).
    """

    def transform(self, tree: Tree[Any]) -> Any:
        """The model built from ``tree`` (a `Ruleset` for ``start``, a target for ``target``)."""
        from lark import Tree

        methods: dict[str, Any] = {}
        values: list[Any] = []  # results of finished subtrees and leaves, in order
        stack: list[tuple[Tree[Any], bool]] = [(tree, False)]
        while stack:
            node, expanded = stack.pop()
            if not expanded:
                stack.append((node, True))
                for child in reversed(node.children):
                    if isinstance(child, Tree):
                        stack.append((child, False))
                    else:
                        stack.append((child, True))  # a token: its own value
                continue
            if not isinstance(node, Tree):
                values.append(node)
                continue
            count = len(node.children)
            children = values[len(values) - count:] if count else []
            del values[len(values) - count:]
            method = methods.get(node.data)
            if method is None:
                method = methods[node.data] = getattr(self, node.data)
            values.append(method(node.meta, children))
        return values[0]
