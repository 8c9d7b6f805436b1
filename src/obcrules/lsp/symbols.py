"""The names a ruleset defines, where each is defined and used, and the outline.

Populations, outcomes (outputs, processes, inputs), themes and criteria are the
names a ruleset defines itself; the model holds their definitions and
`obcrules.plugins.ruleset_queries.name_uses` their uses. This module places both
precisely on the name (a block's span starts at its keyword; a name in backticks
is placed without them), which definition, references and rename need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lsprotocol import types

from obcrules.lsp.positions import Place, SourceLines
from obcrules.model import Criterion, Item, Node, Population, Ruleset, Span, Theme
from obcrules.plugins.ruleset_queries import Namespace, name_uses

NAME = re.compile(r"[a-z_][a-z0-9_]*")
"""A name of the language (what `rename` accepts)."""

_DEFINITION = re.compile(r"\s*[a-z]+\s+(`?)([a-z_][a-z0-9_]*)`?")
"""A block's first line from its keyword: the keyword, then the name (maybe in backticks)."""


@dataclass
class Symbol:
    """A name the ruleset defines: its definition and every use, each placed on the name."""

    namespace: Namespace
    name: str
    kind: str  # population, outcome, output, process, input, theme or criterion
    node: Node
    definition: Span | None
    uses: list[Span] = field(default_factory=list)
    lot: str | None = None

    def places(self) -> list[Span]:
        """The definition (when placed) and then every use."""
        return ([self.definition] if self.definition else []) + self.uses

    def at(self, place: Place) -> Span | None:
        """The definition or use of this name that ``place`` is on, if any."""
        return next((span for span in self.places() if _contains(span, place)), None)


def symbols(ruleset: Ruleset, lines: SourceLines) -> list[Symbol]:
    """Every name ``ruleset`` defines, in source order, with its definition and uses."""
    found: dict[tuple[Namespace, str | None, str], Symbol] = {}

    def define(namespace: Namespace, kind: str, name: str, node: Node, span: Span | None,
               lot: str | None = None) -> None:
        found.setdefault((namespace, lot, name), Symbol(namespace, name, kind, node, span,
                                                        lot=lot))

    if ruleset.header is not None:
        for theme in ruleset.header.themes:
            define("theme", "theme", theme.name, theme, _unquoted(theme.span, lines))
    for population in ruleset.populations:
        define("statement", "population", population.name, population,
               definition_span(population, lines))
    for item in ruleset.items:
        define("statement", item.kind, item.name, item, definition_span(item, lines))
    for tender in ruleset.tenders:
        for criterion in tender.criteria:
            define("criterion", "criterion", criterion.name, criterion,
                   definition_span(criterion, lines), tender.name)
    for use in name_uses(ruleset):
        symbol = found.get((use.namespace, use.lot, use.name))
        span = _unquoted(use.ref.span, lines)
        if symbol is not None and span is not None:
            symbol.uses.append(span)
    for symbol in found.values():
        symbol.uses.sort(key=lambda s: (s.line, s.column))
    return list(found.values())


def symbol_at(found: list[Symbol], place: Place) -> tuple[Symbol, Span] | None:
    """The symbol whose definition or use ``place`` is on, and that span."""
    for symbol in found:
        span = symbol.at(place)
        if span is not None:
            return symbol, span
    return None


def definition_span(node: Population | Item | Criterion | Theme, lines: SourceLines
                    ) -> Span | None:
    """The span of the name in a block's first line (``population NAME "Title":``)."""
    if isinstance(node, Theme):
        return _unquoted(node.span, lines)
    return name_span(node.span, lines)


def name_span(block: Span | None, lines: SourceLines) -> Span | None:
    """The span of the name after the keyword that ``block`` starts with."""
    if block is None:
        return None
    found = _DEFINITION.match(lines.text(block.line), block.column - 1)
    if found is None:
        return None
    return Span(block.line, found.start(2) + 1, block.line, found.end(2) + 1)


def rename_problem(symbol: Symbol, new_name: str, found: list[Symbol]) -> str | None:
    """Why ``symbol`` cannot be renamed to ``new_name``, or None when it can."""
    if NAME.fullmatch(new_name) is None:
        return (f"`{new_name}` is not a name: use lower-case letters, digits and `_`, "
                "not starting with a digit")
    taken = next((s for s in found if s.namespace == symbol.namespace and s.lot == symbol.lot
                  and s.name == new_name and s is not symbol), None)
    if taken is not None:
        article = "an" if taken.kind[0] in "aeiou" else "a"
        return f"there is already {article} {taken.kind} called `{new_name}`"
    return None


def _unquoted(span: Span | None, lines: SourceLines) -> Span | None:
    """``span`` without the backticks around a name, if it has them."""
    if span is None:
        return None
    text = lines.text(span.line)[span.column - 1: span.end_column - 1]
    if span.line == span.end_line and len(text) > 2 and text[0] == text[-1] == "`":
        return Span(span.line, span.column + 1, span.end_line, span.end_column - 1)
    return span


def _contains(span: Span, place: Place) -> bool:
    return (span.line, span.column) <= (place.line, place.column) <= (
        span.end_line, span.end_column)


# ---------------------------------------------------------------------- the outline

KINDS: dict[str, types.SymbolKind] = {
    "ruleset": types.SymbolKind.Module,
    "theme": types.SymbolKind.EnumMember,
    "population": types.SymbolKind.Variable,
    "outcome": types.SymbolKind.Event,
    "output": types.SymbolKind.Struct,
    "process": types.SymbolKind.Function,
    "input": types.SymbolKind.Field,
    "tender": types.SymbolKind.Package,
    "criterion": types.SymbolKind.Property,
    "payment": types.SymbolKind.Namespace,
    "gaming": types.SymbolKind.Namespace,
}
"""How each block is drawn in an editor's outline."""


def outline(ruleset: Ruleset, lines: SourceLines) -> list[types.DocumentSymbol]:
    """The document's outline: its blocks in source order, with themes and criteria inside."""
    blocks: list[tuple[int, types.DocumentSymbol]] = []
    header = ruleset.header
    if header is not None and header.span is not None:
        themes = [_symbol(t.name, "theme", t.title, t, t.span, lines) for t in header.themes
                  if t.span is not None]
        blocks.append((header.span.line, _symbol(header.name, "ruleset", header.title, header,
                                                  block_span(header.span, lines), lines, themes)))
    named: list[tuple[str, Population | Item]] = [("population", p) for p in ruleset.populations]
    named += [(item.kind, item) for item in ruleset.items]
    for kind, node in named:
        if node.span is not None:
            blocks.append((node.span.line, _symbol(node.name, kind, node.title, node,
                                                    block_span(node.span, lines), lines)))
    for tender in ruleset.tenders:
        if tender.span is None:
            continue
        criteria = [_symbol(c.name, "criterion", c.title, c, block_span(c.span, lines), lines)
                    for c in tender.criteria if c.span is not None]
        blocks.append((tender.span.line, _symbol(tender.name, "tender", tender.title, tender,
                                                  block_span(tender.span, lines), lines, criteria)))
    payment = ruleset.payment
    if payment is not None and payment.span is not None:
        block = block_span(payment.span, lines)
        blocks.append((payment.span.line, _symbol("payment", "payment", "payment terms",
                                                   payment, block, lines)))
    gaming = ruleset.gaming
    if gaming is not None and gaming.span is not None:
        blocks.append((gaming.span.line, _symbol("gaming", "gaming", "gaming alerts", gaming,
                                                  block_span(gaming.span, lines), lines)))
    return [symbol for _line, symbol in sorted(blocks, key=lambda pair: pair[0])]


def _symbol(name: str, kind: str, title: str, node: Node, block: Span, lines: SourceLines,
            children: list[types.DocumentSymbol] | None = None) -> types.DocumentSymbol:
    named = (definition_span(node, lines) if isinstance(node, Theme)
             else name_span(node.span, lines) if kind not in ("payment", "gaming") else None)
    selection = named or block
    return types.DocumentSymbol(
        name=name,
        detail=f"{kind} · {title}" if kind not in ("payment", "gaming") else "",
        kind=KINDS[kind],
        range=lines.span(block),
        selection_range=lines.span(selection),
        children=children or None,
    )


def block_span(span: Span, lines: SourceLines) -> Span:
    """The whole block that starts on ``span``'s line: its indented lines, not the blanks after."""
    indent = _indent(lines.text(span.line))
    last = span.line
    for number in range(span.line + 1, len(lines.lines) + 1):
        text = lines.text(number)
        if not text.strip() or text.strip().startswith("#"):
            continue  # blank lines and comments neither end a block nor belong to it
        if _indent(text) <= indent:
            break
        last = number
    return Span(span.line, span.column, last, len(lines.text(last)) + 1)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))
