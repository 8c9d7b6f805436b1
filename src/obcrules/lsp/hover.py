"""Hover: what the name under the cursor is, in the words of its declaration.

A field shows its title, type, unit, categories and the plugin that declares it;
a function its signature, documentation and published Python source (the
reference implementation the plugin's tests hold its SQL to); a population,
outcome, theme or criterion its definition as written in the ruleset; a table or
verification method what its plugin says of it.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterator

from lsprotocol import types

from obcrules.lsp.documents import Analysis
from obcrules.lsp.positions import Place
from obcrules.lsp.symbols import Symbol, block_span, symbol_at
from obcrules.model import (
    Call,
    Criterion,
    Expr,
    FieldRef,
    Item,
    Node,
    Population,
    Ref,
    Ruleset,
    Span,
    Theme,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import FieldDecl, FunctionDecl
from obcrules.plugins.ruleset_queries import walk
from obcrules.semantics.scope import resolve_source
from obcrules.semantics.types import CONTEXT_VALUES

ROW = {"people": "person served", "services": "service delivered", "events": "record"}
"""What one row of a table is, by the table's subject."""


def hover(analysis: Analysis, position: types.Position) -> types.Hover | None:
    """What is under ``position``, or None over punctuation, keywords and values."""
    ruleset = analysis.ruleset
    if ruleset is None:
        return None
    place = analysis.lines.place(position)
    found = symbol_at(analysis.symbols, place)
    if found is not None:
        symbol, span = found
        return _hover(_symbol_markdown(symbol, analysis), span, analysis)
    vocabulary = analysis.vocabulary
    for root, table in _expressions(ruleset):
        node = _innermost(root, place)
        if isinstance(node, FieldRef) and node.span is not None:
            return _hover(_field_ref_markdown(node.name, table, vocabulary), node.span, analysis)
        if isinstance(node, Call) and node.span is not None:
            decl = vocabulary.functions.get(node.name)
            if decl is not None:
                name = Span(node.span.line, node.span.column, node.span.line,
                            node.span.column + len(node.name))
                return _hover(function_markdown(decl, vocabulary), name, analysis)
    ref = _ref_at(ruleset, place)
    if ref is not None and ref.span is not None:
        text = _ref_markdown(ref.name, vocabulary)
        if text:
            return _hover(text, ref.span, analysis)
    return None


# ---------------------------------------------------------------------- what is where


def _expressions(ruleset: Ruleset) -> Iterator[tuple[Expr, str | None]]:
    """Every condition and expression of the ruleset, with the table its fields belong to."""

    def table(source: str) -> str | None:
        resolved = resolve_source(ruleset, source)
        return resolved.table if resolved else None

    for population in ruleset.populations:
        if population.where is not None:
            yield population.where, table(population.name)
    for item in ruleset.items:
        if item.measure is not None:
            for expr in (item.measure.expr, item.measure.where):
                if expr is not None:
                    yield expr, table(item.measure.source.name)
    if ruleset.payment is not None:
        for line in ruleset.payment.rate_lines:
            outcome = ruleset.item(line.outcome.name)
            source = outcome.measure.source.name if outcome and outcome.measure else None
            if line.where is not None:
                yield line.where, table(source) if source else None


def _innermost(root: Node, place: Place) -> Node | None:
    best: Node | None = None
    for node in walk(root):
        if node.span is not None and _contains(node.span, place) and (
                best is None or best.span is None or _size(node.span) <= _size(best.span)):
            best = node
    return best


def _ref_at(ruleset: Ruleset, place: Place) -> Ref | None:
    return next((node for node in walk(ruleset) if isinstance(node, Ref)
                 and node.span is not None and _contains(node.span, place)), None)


def _contains(span: Span, place: Place) -> bool:
    return (span.line, span.column) <= (place.line, place.column) < (span.end_line,
                                                                     span.end_column)


def _size(span: Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_column - span.column)


# ---------------------------------------------------------------------- what to say


def _symbol_markdown(symbol: Symbol, analysis: Analysis) -> str:
    node = symbol.node
    head = f"**{symbol.kind}** `{symbol.name}`"
    if isinstance(node, Theme):
        return f"{head} — {node.title}"
    assert isinstance(node, Population | Item | Criterion)
    if isinstance(node, Criterion):
        head += f" of lot `{symbol.lot}`"
    text = f"{head} — {node.title}"
    if node.span is not None:
        block = block_span(node.span, analysis.lines)
        source = "\n".join(analysis.lines.text(n) for n in range(block.line, block.end_line + 1))
        text += f"\n\n```obc\n{textwrap.dedent(source)}\n```"
    ruleset = analysis.ruleset
    if isinstance(node, Population) and ruleset is not None:
        resolved = resolve_source(ruleset, node.name)
        if resolved is not None:
            owner = analysis.vocabulary.table_owner.get(resolved.table)
            by = f" (declared by plugin `{owner}`)" if owner else ""
            text += f"\n\nRecords of the table `{resolved.table}`{by}."
    return text


def _field_ref_markdown(name: str, table: str | None, vocabulary: Vocabulary) -> str:
    if name in CONTEXT_VALUES:
        which = "first" if name == "period_start" else "last"
        return f"**{name}** — {CONTEXT_VALUES[name]}: the {which} day of the period evaluated"
    declared = vocabulary.table(table) if table else None
    decl = declared.field(name) if declared is not None else None
    if decl is None or table is None:
        return f"**field** `{name}` — not a field of `{table}`" if table else f"`{name}`"
    return field_markdown(decl, table, vocabulary)


def field_markdown(decl: FieldDecl, table: str, vocabulary: Vocabulary) -> str:
    """A field as hover and completion show it: title, type, unit, categories, plugin."""
    lines = [f"**field** `{decl.name}` of `{table}` — {decl.title or decl.name}", ""]
    kind = f"type: {decl.type}"
    if decl.unit:
        kind += f" · unit: {decl.unit}"
    if decl.minimum is not None or decl.maximum is not None:
        kind += f" · from {decl.minimum if decl.minimum is not None else '…'}" \
                f" to {decl.maximum if decl.maximum is not None else '…'}"
    lines.append(kind)
    if decl.values:
        lines += ["", "categories: " + ", ".join(f'`"{v}"`' for v in decl.values)]
    if decl.description:
        lines += ["", decl.description]
    owner = vocabulary.field_owner.get((table, decl.name))
    if owner:
        lines += ["", f"declared by plugin `{owner}`"]
    return "\n".join(lines)


def function_signature(decl: FunctionDecl) -> str:
    """``name(param: type, …) -> type``."""
    params = ", ".join(f"{p.name}: {p.type}{' (a value)' if p.literal else ''}"
                       for p in decl.params)
    return f"{decl.name}({params}) -> {decl.returns}"


def function_markdown(decl: FunctionDecl, vocabulary: Vocabulary) -> str:
    """A function as hover shows it: signature, title, documentation, plugin, source."""
    owner = vocabulary.function_owner.get(decl.name)
    lines = [f"```obc\n{function_signature(decl)}\n```", f"**{decl.title}**", "", decl.doc]
    if owner:
        lines += ["", f"declared by plugin `{owner}`"]
    try:
        source = inspect.getsource(decl.python)
    except (OSError, TypeError):
        source = None
    if source:
        lines += ["", "Reference implementation:", f"```python\n{inspect.cleandoc(source)}\n```"]
    return "\n".join(lines)


def _ref_markdown(name: str, vocabulary: Vocabulary) -> str | None:
    table = vocabulary.table(name)
    if table is not None:
        owner = vocabulary.table_owner.get(name)
        text = f"**table** `{name}` — {table.title}\n\none row per {ROW[table.subject]}"
        if table.description:
            text += f"\n\n{table.description}"
        return text + (f"\n\ndeclared by plugin `{owner}`" if owner else "")
    method = vocabulary.verification_methods.get(name)
    if method is not None:
        evidence = "objective" if method.objective else "self-reported"
        return (f"**verification method** `{name}` — {method.title} ({evidence})"
                + (f"\n\n{method.description}" if method.description else ""))
    return None


def _hover(text: str, span: Span, analysis: Analysis) -> types.Hover:
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=analysis.lines.span(span))
