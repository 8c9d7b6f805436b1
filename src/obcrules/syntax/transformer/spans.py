"""Spans from lark's positions: of a subtree, of a token, of a block's first line."""

from __future__ import annotations

from obcrules.model import Span
from obcrules.syntax.tokens import Meta, Token


def span_of(meta: Meta | Token) -> Span | None:
    """The span of a tree's meta or a token (None for an empty meta)."""
    if isinstance(meta, Token):
        return Span(meta.line or 1, meta.column or 1, meta.end_line or meta.line or 1,
                    meta.end_column or meta.column or 1)
    if meta.empty:
        return None
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def header_span(meta: Meta, title: Token) -> Span | None:
    """The span of a block's first line: from its keyword to the end of its title."""
    if meta.empty:
        return None
    return Span(meta.line, meta.column, title.end_line or meta.line,
                title.end_column or meta.column)


def nowhere() -> Span:
    """The span of a field whose subtree has no position: the file's first character."""
    return Span(line=1, column=1, end_line=1, end_column=1)
