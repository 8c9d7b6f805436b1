"""The contextual lexer's tokens from one regular expression scanned through the text.

lark's contextual lexer has a lexer per parser state, each trying only the
terminals that state accepts, one Python call after another for every token.
Here one expression of all the terminals, in lark's own order, is scanned
through the text by the regular-expression engine, and each token is checked
against the state the parser is in when it asks for it: when the state accepts
the terminal matched, it is the very terminal that state's lexer would have
matched (every terminal the state matches is in the one expression in the same
order, so none that comes first could have matched). Keywords are matched as a
``NAME`` and renamed when the state accepts the keyword, as lark's lexers do.

For anything else (a terminal the state does not accept, text no terminal
matches, a state whose lexer would read a keyword differently) it raises
`Unmatched`, and the caller parses through lark's own lexers instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from obcrules.syntax.plan import LexerTables
from obcrules.syntax.tokens import Token

if TYPE_CHECKING:
    from lark import Lark


class Unmatched(Exception):
    """A token the one expression cannot vouch for: lark's lexers must read this text."""


class OneExpressionLexer:
    """Tokens as lark's contextual lexer gives them, for the texts it can vouch for."""

    def __init__(self, tables: LexerTables) -> None:
        self.tables = tables
        # Any: the typeshed leaves out ``Pattern.scanner``, which the lexer steps with
        self.expression: Any = re.compile(tables.pattern, tables.flags)
        self.keywords = tables.keywords
        self.ignore = tables.ignore
        self.newline = tables.newline
        self._states: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def terminals(self, state: int) -> tuple[frozenset[str], frozenset[str]]:
        """What the lexer of ``state`` matches (keywords as names) and every terminal it accepts.

        As lark's `_create_unless` sees it for the state's own terminals: a keyword is
        matched as a name when a name-like terminal of the state reads it.
        """
        found = self._states.get(state)
        if found is None:
            tables = self.tables
            accepts = tables.accepts[state]
            matches = frozenset(name for name in accepts
                                if not tables.read_by.get(name, frozenset()) & accepts)
            if not (tables.plain and matches <= tables.matched):
                matches = frozenset()  # this state's lexer reads some keyword as itself
            found = self._states[state] = (matches, accepts)
        return found

    def lex(self, text: str, state: Callable[[], int]) -> Iterator[Token]:
        """The tokens of ``text``; ``state()`` is the parser's state when a token is read."""
        scan = self.expression.scanner(text).match
        keywords, ignore, newline = self.keywords, self.ignore, self.newline
        states = self._states
        line, line_start, stop = 1, 0, 0
        while True:
            found: Any = scan()
            if found is None:
                if stop < len(text):
                    raise Unmatched("no terminal matches here")
                return
            kind = found.lastgroup
            value = found.group()
            start, stop = found.start(), found.end()
            token_line, column = line, start - line_start + 1
            if kind in newline and "\n" in value:
                line += value.count("\n")
                line_start = start + value.rindex("\n") + 1
            if kind in ignore:
                continue
            current = state()
            accepted = states.get(current) or self.terminals(current)
            if kind not in accepted[0]:
                raise Unmatched(f"{kind} in parser state {current}")
            renames = keywords.get(kind)
            if renames is not None:
                keyword = renames.get(value)
                if keyword is not None and keyword in accepted[1]:
                    kind = keyword
            yield Token(kind, value, start, token_line, column, line, stop - line_start + 1, stop)


class _Position:
    """What lark's contextual lexer reads to choose the terminals it may match."""

    __slots__ = ("state",)

    def __init__(self, state: Callable[[], int]) -> None:
        self.state = state

    @property
    def position(self) -> int:
        return self.state()


def lark_lex(lark: Lark) -> Callable[[str, Callable[[], int]], Iterator[Any]]:
    """A lexer giving the same tokens from lark's own contextual lexer: slower, the reference."""
    from lark.lexer import LexerState
    from lark.utils import TextSlice

    def lex(text: str, state: Callable[[], int]) -> Iterator[Any]:
        lexer_state = LexerState(TextSlice.cast_from(text))
        return lark.parser.lexer.lexer.lex(lexer_state, _Position(state))  # type: ignore[no-any-return]

    return lex
