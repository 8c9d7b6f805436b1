"""The file and its ``ruleset`` header: name, version, services, period, currency, themes.

`start` assembles the `Ruleset` from the file's blocks and reports a header that
is missing, repeated or not first, and a second ``payment:`` or ``gaming:`` block.
"""

from __future__ import annotations

from typing import Any

from obcrules.model import (
    Gaming,
    Header,
    Investment,
    Item,
    Payment,
    Population,
    Ruleset,
    Span,
    Tender,
    Theme,
)
from obcrules.syntax.tokens import Meta
from obcrules.syntax.transformer.fields import BlockField, RuleBase, field_at
from obcrules.syntax.transformer.literals import unquote
from obcrules.syntax.transformer.spans import header_span, span_of


class HeaderRules(RuleBase):
    """The rules of the file and of its ``ruleset`` header."""

    def start(self, meta: Meta, children: list[Any]) -> Ruleset:
        headers = [c for c in children if isinstance(c, Header)]
        statements = [c for c in children if not isinstance(c, BlockField)]
        header: Header | None = headers[0] if headers else None
        if header is None:
            self._error(
                "OBC115", Span(line=1, column=1, end_line=1, end_column=2),
                "this file has no `ruleset` header",
                'start the file with `ruleset NAME "Title":` and its indented fields',
            )
        else:
            for extra in headers[1:]:
                self._error("OBC115", extra.span, "a file has exactly one `ruleset` header",
                            "move these fields into the first header, or split the file")
            if statements and statements[0] is not header:
                self._error("OBC115", header.span,
                            "the `ruleset` header must come first in the file",
                            "move this block to the top of the file")
        payments = [c for c in children if isinstance(c, Payment)]
        for surplus in payments[1:]:
            self._error("OBC108", surplus.span, "a ruleset has one `payment:` block",
                        "merge the payment blocks into one")
        gaming = [c for c in children if isinstance(c, Gaming)]
        for repeated in gaming[1:]:
            self._error("OBC108", repeated.span, "a ruleset has one `gaming:` block",
                        "merge the gaming blocks into one")
        investments = [c for c in children if isinstance(c, Investment)]
        for extra_investment in investments[1:]:
            self._error("OBC108", extra_investment.span, "a ruleset has one `investment:` block",
                        "merge the investment blocks into one")
        return Ruleset.model_construct(
            span=span_of(meta),
            header=header,
            populations=tuple(c for c in children if isinstance(c, Population)),
            items=tuple(c for c in children if isinstance(c, Item)),
            tenders=tuple(c for c in children if isinstance(c, Tender)),
            payment=payments[0] if payments else None,
            gaming=gaming[0] if gaming else None,
            investment=investments[0] if investments else None,
        )

    def ruleset(self, meta: Meta, children: list[Any]) -> Header:
        name, title, *rest = children
        fields = self._fields("the `ruleset` header", None, rest)
        services = tuple(ref for group in fields.get("service", []) for ref in group)
        return Header.model_construct(
            span=header_span(meta, title),
            name=name.name,
            title=unquote(title),
            version=fields.get("version"),
            services=services,
            period=fields.get("period_field"),
            currency=fields.get("currency"),
            themes=tuple(fields.get("theme_def", [])),
            commissioner=fields.get("commissioner"),
        )

    def version(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("version", unquote(children[0]), meta)

    def service(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("service", tuple(children), meta)

    def period_field(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("period_field", children[0], meta)

    def currency(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("currency", str(children[0]), meta)

    def theme_def(self, meta: Meta, children: list[Any]) -> BlockField:
        ref, title = children
        theme = Theme.model_construct(span=ref.span, name=ref.name, title=unquote(title))
        return field_at("theme_def", theme, meta)

    def commissioner(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("commissioner", unquote(children[0]), meta)
