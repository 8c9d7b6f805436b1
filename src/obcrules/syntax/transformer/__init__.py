"""Turn lark's parse tree into the frozen model of `obcrules.model`.

One method per grammar rule, grouped by construct: `header` (the file and its
``ruleset`` header), `expressions` (populations and conditions), `items`
(outcomes, outputs, processes, inputs and their fields), `tender`, `payment`
and `literals`; `spans` makes spans from lark's positions and `fields` gathers
a block's fields. `driver.ToModel` composes the families and walks the tree
without recursion, so deep expressions cannot exhaust the stack. Problems that
the grammar cannot see (a field given twice, a field that does not belong to the
kind, an impossible date) are collected as diagnostics rather than raised, so
one run reports them all.
"""

from obcrules.syntax.transformer.driver import ToModel
from obcrules.syntax.transformer.fields import FIELD_LABELS
from obcrules.syntax.transformer.items import ITEM_FIELDS

__all__ = ["FIELD_LABELS", "ITEM_FIELDS", "ToModel"]
