"""What the lexer and the parser hand the transformer: tokens and the positions of rules.

Both parse paths give the transformer these, so that it never depends on which
path ran and the fast path never loads lark: the one-expression lexer makes
`Token` objects itself, and the indentation postlexer turns each of lark's tokens
into one (`as_token`) on the tree path. A `Token` is the text it matched (a
``str``) with lark's attributes, so lark's parser and its error messages use it
as their own; ``__lark_meta__`` is how lark's position propagation reads a
position from a leaf that is not its own class. `Meta` has the fields of lark's
``Meta`` that the transformer reads.
"""

from __future__ import annotations

from typing import Any


class Token(str):
    """A token: the text matched, the terminal's name (``type``) and where it lies.

    Lines and columns are 1-based, the end column exclusive; ``start_pos`` and
    ``end_pos`` are offsets in the text. Equal to a plain ``str`` of the same text,
    as lark's tokens are.
    """

    type: str
    value: str
    start_pos: int | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    end_pos: int | None

    def __new__(cls, type: str, value: str, start_pos: int | None = None,
                line: int | None = None, column: int | None = None,
                end_line: int | None = None, end_column: int | None = None,
                end_pos: int | None = None) -> Token:
        token = super().__new__(cls, value)
        token.type = type
        token.value = value
        token.start_pos = start_pos
        token.line = line
        token.column = column
        token.end_line = end_line
        token.end_column = end_column
        token.end_pos = end_pos
        return token

    def __lark_meta__(self) -> Token:
        """lark's position propagation reads a leaf's position from here."""
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Token, (self.type, self.value, self.start_pos, self.line, self.column,
                        self.end_line, self.end_column, self.end_pos))

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


def as_token(token: Any) -> Token:
    """``token`` as a `Token` (lark's tokens are copied, with their position)."""
    if type(token) is Token:
        return token
    return Token(token.type, token.value, token.start_pos, token.line, token.column,
                 token.end_line, token.end_column, token.end_pos)


class Meta:
    """Where a rule's text lies, as lark's ``propagate_positions`` gives it (``empty``
    when none of its children has a position)."""

    __slots__ = ("column", "empty", "end_column", "end_line", "line")

    empty: bool
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self) -> None:
        self.empty = True
