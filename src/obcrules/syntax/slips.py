"""The slips people make most often when they first write a ruleset, and their fixes.

A list of expected tokens does not tell a policy lead that the language writes
``target at least 70%`` rather than ``target >= 70%``. Each function here
recognises one such slip from lark's error and the source line, and says what
to write instead: as ``write `X``` where the fix replaces the text the
diagnostic spans (an editor offers it as a one-click fix), in words otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from obcrules.diagnostics import Diagnostic
from obcrules.model import Span
from obcrules.syntax.transformer import FIELD_LABELS, ITEM_FIELDS

TARGET_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
"""A comparison written where a target is expected, and the words the language uses."""

EVERY = {"quarterly": "quarter", "monthly": "month", "annually": "year", "yearly": "year"}
"""How often, written as an adverb, and the period unit the language names."""

SYMBOLS = {"&&": "and", "&": "and", "||": "or", "|": "or", "!": "not"}
"""Operators of programming languages, and the words the language uses."""

BLOCK_FIELDS: dict[str, tuple[str, ...]] = {
    **{kind: tuple(FIELD_LABELS.get(f, f).split()[0] for f in fields)
       for kind, fields in ITEM_FIELDS.items()},
    "population": ("from",),
    "ruleset": ("version", "service", "period", "currency", "commissioner", "theme"),
}
"""The first word of each field of the blocks a field is most often dedented out of."""

Keywords = Callable[[], Collection[str]]
"""The keywords the parser would have accepted where the error is (computed on demand)."""


def common_slip(exc: UnexpectedInput, lines: list[str], file: str,
                keywords: Keywords) -> Diagnostic | None:
    """A diagnostic naming the slip behind ``exc`` and its fix, or None for any other error."""
    line = getattr(exc, "line", None) or 1
    column = getattr(exc, "column", None) or 1
    if isinstance(exc, UnexpectedToken) and exc.token.line is not None:
        line, column = exc.token.line, exc.token.column or column
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if isinstance(exc, UnexpectedCharacters):
        return _symbol(source, line, column, file)
    if not isinstance(exc, UnexpectedToken):
        return None
    word = str(exc.token.value)
    return (_comparison_as_target(source, word, line, column, file)
            or _double_equals(source, word, line, column, file)
            or _adverb(word, line, column, file, keywords)
            or _joined_words(word, line, column, file, keywords)
            or _dedented_field(lines, source, line, column, file))


def _comparison_as_target(source: str, word: str, line: int, column: int,
                          file: str) -> Diagnostic | None:
    """``target >= 70%`` → ``target at least 70%``."""
    if word not in TARGET_WORDS or source[: column - 1].split() != ["target"]:
        return None
    words = TARGET_WORDS[word]
    return _error(file, line, column, column + len(word),
                  f"a target is written in words, not with `{word}`", f"write `{words}`")


def _double_equals(source: str, word: str, line: int, column: int,
                   file: str) -> Diagnostic | None:
    """``sex == "female"`` → ``sex = "female"``."""
    if word != "=" or column < 2 or source[column - 2] != "=":
        return None
    return _error(file, line, column - 1, column + 1,
                  "`==` is not a comparison here: equality is written with one `=`",
                  "write `=`")


def _adverb(word: str, line: int, column: int, file: str,
            keywords: Keywords) -> Diagnostic | None:
    """``verify provider_return quarterly`` → ``every quarter``; ``period quarterly`` →
    ``quarter``."""
    unit = EVERY.get(word)
    if unit is None:
        return None
    expected = keywords()
    if "every" in expected:
        fix = f"every {unit}"
    elif unit in expected:
        fix = unit
    else:
        return None
    return _error(file, line, column, column + len(word),
                  f"how often is written `{fix}`, not `{word}`",
                  f"write `{fix}`")


def _joined_words(word: str, line: int, column: int, file: str,
                  keywords: Keywords) -> Diagnostic | None:
    """``atleast`` → ``at least``: two keywords written as one word."""
    if not re.fullmatch(r"[a-z]{3,}", word):
        return None
    expected = keywords()
    for cut in range(1, len(word)):
        first, rest = word[:cut], word[cut:]
        if first in expected and rest in _PHRASE_ENDS:
            fix = f"{first} {rest}"
            return _error(file, line, column, column + len(word),
                          f"`{word}` is two words", f"write `{fix}`")
    return None


_PHRASE_ENDS = frozenset({"least", "most", "than", "more", "less", "quarter", "month", "year",
                          "of", "to", "by", "baseline", "missing"})
"""Second words of the language's two-word phrases (``at least``, ``share of``, …)."""


def _dedented_field(lines: list[str], source: str, line: int, column: int,
                    file: str) -> Diagnostic | None:
    """A field of the block above written at the start of the line, outside the block."""
    if column != 1:
        return None
    word = source.split()[0] if source.split() else ""
    opener = _block_above(lines, line)
    if opener is None:
        return None
    opener_line, kind, name = opener
    if word not in BLOCK_FIELDS.get(kind, ()):
        return None
    what = f"the {kind} `{name}`" if name else f"the `{kind}` block"
    message = (f"`{word}` is a field of {what} (line {opener_line}), but it is not indented "
               "under it")
    return _error(file, line, 1, 1 + len(word), message,
                  f"indent it under the {kind}: 4 spaces, like the lines above it", "OBC004")


def _block_above(lines: list[str], line: int) -> tuple[int, str, str] | None:
    """The line, kind and name of the last block opened at the start of a line above."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#") or text[0] == " ":
            continue
        match = re.match(r"([a-z_]+)(?:\s+([a-z_][a-z0-9_]*))?", text)
        if match is None or not text.split("#", 1)[0].rstrip().endswith(":"):
            return None
        return number, match.group(1), match.group(2) or ""
    return None


def _symbol(source: str, line: int, column: int, file: str) -> Diagnostic | None:
    """``&&`` → ``and``, ``||`` → ``or``, ``!`` → ``not``."""
    pair = source[column - 1: column + 1]
    symbol = pair if pair in SYMBOLS else source[column - 1: column]
    if symbol not in SYMBOLS or pair == "!=":
        return None
    word = SYMBOLS[symbol]
    return _error(file, line, column, column + len(symbol),
                  f"`{symbol}` is not an operator of the language: it writes `and`, `or` and "
                  "`not` in words", f"write `{word}`", "OBC005")


def _error(file: str, line: int, column: int, end_column: int, message: str,
           suggestion: str, code: str = "OBC001") -> Diagnostic:
    return Diagnostic.at(Span(line, column, line, end_column), code=code,
                         severity="error", file=file, message=message, suggestion=suggestion)
