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

from collections.abc import Callable, Iterator
from typing import Any

from lark import Lark, Token
from lark.lexer import (
    BasicLexer,
    LexerState,
    PatternStr,
    TerminalDef,
    _create_unless,
    _regexp_has_newline,
)
from lark.utils import TextSlice


class Unmatched(Exception):
    """A token the one expression cannot vouch for: lark's lexers must read this text."""


def _lark_order(terminal: TerminalDef) -> tuple[int, int, int, str]:
    """The order in which lark's lexers try terminals (as `BasicLexer` sorts them)."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value),
            terminal.name)


class OneExpressionLexer:
    """Tokens as lark's contextual lexer gives them, for the texts it can vouch for."""

    def __init__(self, lark: Lark) -> None:
        conf = lark.lexer_conf
        self.state_lexers: dict[int, BasicLexer] = lark.parser.lexer.lexer.lexers
        everything = sorted(conf.terminals, key=_lark_order)
        matched, renames = _create_unless(  # type: ignore[no-untyped-call]
            everything, conf.g_regex_flags, conf.re_module, conf.use_bytes)
        pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in matched)
        self.expression = conf.re_module.compile(pattern, conf.g_regex_flags)
        self.matched = frozenset(t.name for t in matched)
        self.keywords: dict[str, dict[str, str]] = {
            name: {t.pattern.value: t.name for t in callback.scanner.terminals}
            for name, callback in renames.items()
        }
        # keyword -> the name-like terminals that read it (and rename it to the keyword)
        self.read_by: dict[str, set[str]] = {}
        for name, keywords in self.keywords.items():
            for keyword in keywords.values():
                self.read_by.setdefault(keyword, set()).add(name)
        self.ignore = frozenset(conf.ignore)
        self.newline = frozenset(t.name for t in everything
                                 if _regexp_has_newline(t.pattern.to_regexp()))
        self.plain = all(not t.pattern.flags for t in everything
                         if isinstance(t.pattern, PatternStr))
        self._states: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def terminals(self, state: int) -> tuple[frozenset[str], frozenset[str]]:
        """What the lexer of ``state`` matches (keywords as names) and every terminal it accepts.

        As lark's `_create_unless` sees it for the state's own terminals: a keyword is
        matched as a name when a name-like terminal of the state reads it.
        """
        found = self._states.get(state)
        if found is None:
            accepts = frozenset(t.name for t in self.state_lexers[state].terminals)
            matches = frozenset(name for name in accepts
                                if not self.read_by.get(name, set()) & accepts)
            if not (self.plain and matches <= self.matched):
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


def lark_lex(lark: Lark, text: str, state: Callable[[], int]) -> Iterator[Token]:
    """The same tokens from lark's own contextual lexer: slower, and the reference."""
    lexer_state = LexerState(TextSlice.cast_from(text))
    return lark.parser.lexer.lexer.lex(lexer_state, _Position(state))  # type: ignore[no-any-return]
