"""The indentation postlexer: leading spaces become ``_INDENT`` and ``_DEDENT`` tokens.

Unlike lark's stock ``Indenter``, the tokens it makes carry the position of the
line they belong to (not the end of the line before), so that an unexpected
indent or a bad dedent is reported on the offending line. It also refuses a
date written without its leading zeros (``2026-3``), which would otherwise read
as a subtraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from obcrules.syntax.tokens import Token, as_token


class IndentationProblem(Exception):
    """A dedent to a column that no enclosing block started at."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


class MalformedLiteral(Exception):
    """A literal that reads as arithmetic by accident, e.g. ``2026-3``."""

    def __init__(self, line: int, column: int, end_column: int, text: str) -> None:
        super().__init__(text)
        self.line = line
        self.column = column
        self.end_column = end_column
        self.text = text


NL = "_NL"
INDENT = "_INDENT"
DEDENT = "_DEDENT"
OPEN_PAREN = "LPAR"
CLOSE_PAREN = "RPAR"


class ObcIndenter:
    """Turn ``_NL`` tokens into ``_NL`` plus ``_INDENT``/``_DEDENT`` tokens."""

    # NAME is always lexed so that a misspelt keyword arrives as a name (`taget`)
    # rather than as a keyword prefix; the parser then explains what it expected.
    always_accept = (NL, "NAME")

    def __init__(self) -> None:
        self.last_token: Token | None = None

    def process(self, stream: Iterator[Any]) -> Iterator[Token]:
        """Yield the tokens of ``stream`` with indentation tokens added.

        lark's tokens come out as obcrules `Token` objects, so that the transformer
        reads the same class on both parse paths.
        """
        self.last_token = None
        return self._process(stream)

    def _process(self, stream: Iterator[Any]) -> Iterator[Token]:
        levels = [0]
        paren_level = 0
        before_last: Token | None = None
        last: Token | None = None
        for raw in stream:
            token = raw if type(raw) is Token else as_token(raw)
            if token.type == NL:
                if paren_level > 0:
                    continue
                self.last_token = token
                yield token
                yield from self._indentation(token, levels)
            else:
                if (
                    token.type == "NUMBER"
                    and last is not None
                    and before_last is not None
                    and last.type == "MINUS"
                    and _touching(before_last, last)
                    and _touching(last, token)
                    and _date_like(before_last)
                ):
                    raise MalformedLiteral(
                        before_last.line or 1,
                        before_last.column or 1,
                        (token.end_column or 1),
                        f"{before_last.value}-{token.value}",
                    )
                self.last_token = token
                yield token
                if token.type == OPEN_PAREN:
                    paren_level += 1
                elif token.type == CLOSE_PAREN and paren_level > 0:
                    paren_level -= 1
            before_last, last = last, token
        end = self.last_token
        while len(levels) > 1:
            levels.pop()
            yield _make(DEDENT, "", end, at_end=True)

    @staticmethod
    def _indentation(token: Token, levels: list[int]) -> Iterator[Token]:
        indent_str = token.value.rsplit("\n", 1)[1]
        indent = len(indent_str)
        line = token.end_line or 1
        if indent > levels[-1]:
            levels.append(indent)
            yield _make(INDENT, indent_str, token)
            return
        open_levels = list(levels)
        while indent < levels[-1]:
            levels.pop()
            yield _make(DEDENT, indent_str, token)
        if indent != levels[-1]:
            raise IndentationProblem(
                line,
                indent + 1,
                f"this line is indented by {indent} spaces, which lines up with no enclosing "
                f"block (they are indented by {' or '.join(str(n) for n in open_levels)})",
            )


def _date_like(token: Token) -> bool:
    """A year (four digits) or a month (``2026-06``): the start of a date."""
    if token.type == "MONTH":
        return True
    return token.type == "NUMBER" and len(token.value) == 4 and token.value.isdigit()


def _touching(a: Token, b: Token) -> bool:
    return a.end_pos is not None and a.end_pos == b.start_pos


def _make(kind: str, value: str, near: Token | None, *, at_end: bool = False) -> Token:
    """An indentation token placed at the start of the content of the next line."""
    if near is None:
        return Token(kind, value, 0, 1, 1, 1, 1, 0)
    if at_end:
        line, column, pos = near.end_line, near.end_column, near.end_pos
    else:
        line, column, pos = near.end_line, (near.end_column or 1), near.end_pos
    return Token(kind, value, pos, line, column, line, column, pos)
