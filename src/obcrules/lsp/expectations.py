"""What the grammar expects at a point of a document: keywords, a name, a value.

The parser facade's own LALR parser is fed the text up to the point, token by
token, and asked which terminals it would accept next (lark's interactive
parser). So completion offers exactly the words the language allows there, and
a new keyword in ``obc.lark`` is offered without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token
from lark.exceptions import LarkError
from lark.lexer import PatternStr

from obcrules.syntax.indenter import IndentationProblem, MalformedLiteral
from obcrules.syntax.parser import parser

_STOP = "\x00"
"""Appended to the text: no terminal matches it, so lexing stops there, before the
indentation postlexer closes the blocks left open at the end of the text."""


@dataclass(frozen=True)
class Expected:
    """What may come next: keywords, whether a name may, and the tokens read so far."""

    keywords: frozenset[str]
    terminals: frozenset[str]
    tokens: tuple[Token, ...]

    @property
    def name(self) -> bool:
        """True when a name (of a field, a population, an outcome …) may come next."""
        return "NAME" in self.terminals

    def previous(self, back: int = 1) -> str:
        """The ``back``-th token before the point ('' before the start)."""
        return str(self.tokens[-back]) if len(self.tokens) >= back else ""

    def previous_type(self, back: int = 1) -> str:
        """The type of the ``back``-th token before the point ('' before the start)."""
        return self.tokens[-back].type if len(self.tokens) >= back else ""


NOTHING = Expected(frozenset(), frozenset(), ())


def expected_after(text: str) -> Expected:
    """What the grammar accepts after ``text`` (the document up to the point).

    Text that is already wrong before the point expects nothing.
    """
    lark = parser()
    interactive = lark.parse_interactive(text + _STOP, start="start")
    tokens: list[Token] = []
    try:
        for token in interactive.lexer_thread.lex(  # type: ignore[no-untyped-call]
                interactive.parser_state):
            interactive.feed_token(token)
            tokens.append(token)
    except (LarkError, IndentationProblem, MalformedLiteral) as exc:
        if not _stopped_at_end(exc, text):
            return NOTHING
    terminals = frozenset(interactive.accepts())  # type: ignore[no-untyped-call]
    keywords = frozenset(
        word for word in (_keyword(lark.get_terminal(name).pattern) for name in terminals
                          if not name.startswith(("$", "_")))
        if word is not None
    )
    return Expected(keywords, terminals, tuple(tokens))


def _keyword(pattern: object) -> str | None:
    if isinstance(pattern, PatternStr) and pattern.value.replace("_", "").isalpha():
        return str(pattern.value)
    return None


def _stopped_at_end(exc: Exception, text: str) -> bool:
    """Whether lexing stopped at the appended stop character (and not before it)."""
    char = getattr(exc, "char", None)
    position = getattr(exc, "pos_in_stream", None)
    return char == _STOP and position == len(text)
