"""The editor's outline shows the ``gaming:`` block as it shows ``payment:``."""

from __future__ import annotations

from lsprotocol import types

from obcrules.lsp.positions import SourceLines
from obcrules.lsp.symbols import outline
from obcrules.syntax.parser import parse_source

TEXT = '''ruleset t "Test":
    service adult_social_care

payment:
    contract value £1_000

gaming:
    bunching above 2 times neighbours
    drop-out off
'''


def test_the_gaming_block_is_in_the_outline_with_its_lines() -> None:
    ruleset = parse_source(TEXT, "t.obc").ruleset
    assert ruleset is not None
    found = outline(ruleset, SourceLines(TEXT))
    assert [(s.name, s.kind) for s in found] == [
        ("t", types.SymbolKind.Module), ("payment", types.SymbolKind.Namespace),
        ("gaming", types.SymbolKind.Namespace)]
    gaming = found[-1]
    assert (gaming.range.start.line, gaming.range.end.line) == (6, 8)
