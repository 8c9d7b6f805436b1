"""Places in a document: the checker's columns and the editor's positions.

The checker counts 1-based lines and columns in code points (a character such as
`£` or an emoji is one column). An editor counts 0-based lines and, by default,
UTF-16 code units: an emoji outside the Basic Multilingual Plane is two. The
client and server may agree on UTF-8 or UTF-32 instead (LSP 3.17), so each
conversion is done per line in the encoding agreed at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from obcrules.model import Span

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

Encoding = str
"""``utf-16`` (the default of the protocol), ``utf-8`` or ``utf-32``."""


def units(text: str, encoding: Encoding = "utf-16") -> int:
    """How many code units of ``encoding`` the client counts in ``text``."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def code_points(text: str, count: int, encoding: Encoding = "utf-16") -> int:
    """How many characters of ``text`` make up its first ``count`` code units.

    A count that falls inside a character (half of a surrogate pair) counts that
    character; a count past the end is the length of ``text``.
    """
    if encoding == types.PositionEncodingKind.Utf32:
        return min(count, len(text))
    seen = 0
    for index, char in enumerate(text):
        if seen >= count:
            return index
        seen += units(char, encoding)
    return len(text)


@dataclass(frozen=True)
class Place:
    """A place as the checker counts it: 1-based line and column in code points."""

    line: int
    column: int


class SourceLines:
    """A document's lines, for turning the checker's places into the editor's and back."""

    def __init__(self, text: str, encoding: Encoding = "utf-16") -> None:
        self.lines = _LINE_BREAK.split(text)
        self.encoding = encoding

    def text(self, line: int) -> str:
        """The text of the 1-based ``line`` without its line break ('' past the end)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """The editor's position of the checker's 1-based ``line`` and ``column``."""
        line = max(1, min(line, len(self.lines)))
        text = self.text(line)
        prefix = text[: max(0, column - 1)]
        return types.Position(line=line - 1, character=units(prefix, self.encoding))

    def range(self, line: int, column: int, end_line: int | None = None,
              end_column: int | None = None) -> types.Range:
        """The editor's range of a checker's span; without an end, the word at the start.

        A place with no end (``Diagnostic.end_line`` None) covers the name or number
        that starts there, or one character, so that an editor can underline it.
        """
        if end_line is None or end_column is None or (end_line, end_column) <= (line, column):
            end_line, end_column = line, column + _word_length(self.text(line), column)
        return types.Range(start=self.position(line, column),
                           end=self.position(end_line, end_column))

    def span(self, span: Span) -> types.Range:
        """The editor's range of a model `Span`, exactly (an empty span is a point)."""
        return types.Range(start=self.position(span.line, span.column),
                           end=self.position(span.end_line, span.end_column))

    def place(self, position: types.Position) -> Place:
        """The checker's place of an editor ``position``."""
        text = self.text(position.line + 1)
        return Place(position.line + 1, code_points(text, position.character, self.encoding) + 1)

    def text_before(self, place: Place) -> str:
        """The document's text up to ``place``, with ``\\n`` line breaks."""
        lines = self.lines[: place.line - 1]
        return "\n".join([*lines, self.text(place.line)[: place.column - 1]])

    def end(self) -> types.Position:
        """The position just after the last character of the document."""
        return types.Position(line=len(self.lines) - 1,
                              character=units(self.lines[-1], self.encoding))


_WORD = re.compile(r'`?[\w£€$.%-]+`?|"(?:[^"\\]|\\.)*"?')


def _word_length(text: str, column: int) -> int:
    found = _WORD.match(text, max(0, column - 1))
    return len(found.group(0)) if found else 1
