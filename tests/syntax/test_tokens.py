"""Tokens are their text with lark's attributes, whichever path made them."""

from __future__ import annotations

import pickle

import lark

from obcrules.syntax.parser import parse_source
from obcrules.syntax.tokens import Meta, Token, as_token


def test_a_token_is_its_text_and_keeps_its_place() -> None:
    token = Token("NAME", "housed", 10, 2, 5, 2, 11, 16)
    assert token == "housed" and isinstance(token, str)
    assert (token.type, token.value, token.start_pos, token.line, token.column,
            token.end_line, token.end_column, token.end_pos) == ("NAME", "housed", 10, 2, 5, 2,
                                                                 11, 16)
    again = pickle.loads(pickle.dumps(token))
    assert type(again) is Token and again.__dict__ == token.__dict__
    assert token.__lark_meta__() is token


def test_lark_s_tokens_become_ours_with_every_attribute() -> None:
    theirs = lark.Token("NUMBER", "42", 3, 1, 4, 1, 6, 5)
    ours = as_token(theirs)
    assert type(ours) is Token and ours == "42"
    assert (ours.type, ours.start_pos, ours.line, ours.column, ours.end_line, ours.end_column,
            ours.end_pos) == ("NUMBER", 3, 1, 4, 1, 6, 5)
    assert as_token(ours) is ours


def test_a_meta_starts_empty() -> None:
    assert Meta().empty


def test_a_syntax_error_is_still_reported_through_lark_s_tree_with_our_tokens() -> None:
    result = parse_source("ruleset \"x\" version 1\nservice adult_social_care\n\noutcome o:\n"
                          "    measure share of people where\n", "bad.obc")
    assert result.ruleset is None
    assert [d.code for d in result.diagnostics][:1] == ["OBC001"]
    assert result.diagnostics[0].file == "bad.obc"
