"""The one-expression lexer gives the very tokens lark's contextual lexer gives, or gives up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from obcrules.syntax.direct import Lex, Unusual, one_expression, parse_to_model
from obcrules.syntax.lexing import lark_lex
from obcrules.syntax.parser import parser, plan
from obcrules.syntax.transformer import ToModel
from tests.syntax.test_direct import examples
from tests.syntax.test_errors import EDITS, edited


def one_expression_lex() -> Lex:
    return one_expression(plan())


def larks_lex() -> Callable[[str, Callable[[], int]], Iterator[Any]]:
    return lark_lex(parser())


def fed(text: str, lex: Callable[[], Callable[[str, Callable[[], int]], Iterator[Any]]]
        ) -> list[tuple[str, str, int, int, int, int, int, int]] | None:
    """Every token the direct parser reads from ``lex()``, or None if the parse gave up."""
    seen: list[Any] = []
    tokens = lex()

    def recording(text: str, state: Callable[[], int]) -> Iterator[Any]:
        for token in tokens(text, state):
            seen.append(token)
            yield token

    try:
        parse_to_model(plan(), text, ToModel("t.obc"), lex=recording)
    except Unusual:
        return None
    return [(t.type, t.value, t.start_pos or 0, t.line or 0, t.column or 0, t.end_line or 0,
             t.end_column or 0, t.end_pos or 0) for t in seen]


@pytest.mark.parametrize(("name", "source"), examples(), ids=[n for n, _ in examples()])
def test_the_tokens_of_every_example_are_lark_s(name: str, source: str) -> None:
    text = "\n".join(line.rstrip(" ") for line in source.split("\n"))
    mine, larks = fed(text, one_expression_lex), fed(text, larks_lex)
    assert mine == larks or mine is None
    if larks is not None:
        assert mine is not None, "the one expression gave up on a ruleset lark reads"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_the_tokens_of_mutated_rulesets_are_lark_s_or_none(edits: list[tuple[int, int, str]]
                                                           ) -> None:
    text = edited(edits)
    mine = fed(text, one_expression_lex)
    if mine is not None:
        assert mine == fed(text, larks_lex)


def test_each_state_matches_the_terminals_lark_s_own_lexer_for_it_matches() -> None:
    from lark.lexer import _create_unless

    from obcrules.syntax.lexing import OneExpressionLexer

    lark = parser()
    lexer, conf = OneExpressionLexer(plan().lexer), lark.lexer_conf
    for state, own in lark.parser.lexer.lexer.lexers.items():
        matched, _ = _create_unless(own.terminals, conf.g_regex_flags, conf.re_module,
                                    conf.use_bytes)
        assert lexer.terminals(state) == (frozenset(t.name for t in matched),
                                          frozenset(t.name for t in own.terminals))
