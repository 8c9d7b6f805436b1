"""Turn lark's parse errors into messages a policy lead can act on.

Lark reports token names (``COLON``, ``_NL``); people expect "expected `:` at the
end of the `outcome` line". This module reads the error, the source line and the
enclosing block and says what is wrong in words, with a suggestion.
"""

from __future__ import annotations

import re

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from obcrules.diagnostics import Diagnostic, did_you_mean
from obcrules.model import Span
from obcrules.syntax.slips import common_slip
from obcrules.syntax.transformer import FIELD_LABELS, ITEM_FIELDS

TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted text such as "Title"',
    "NUMBER": "a number",
    "PERCENT": "a percentage such as `10%`",
    "MONEY": "an amount of money such as `£450`",
    "DATE": "a date such as `2026-06-30`",
    "QUARTER": "a quarter such as `2026-Q1`",
    "MONTH": "a month such as `2026-03`",
    "CURRENCY": "a currency sign (`£`, `€` or `$`)",
    "COMPARE_OP": "a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
    "_NL": "the end of the line",
    "_INDENT": "an indented line",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}

BLOCK_NAMES = {
    "ruleset": "the `ruleset` header",
    "population": "a population",
    "outcome": "an outcome",
    "output": "an output",
    "process": "a process",
    "input": "an input",
    "tender": "a tender",
    "criterion": "a criterion",
    "payment": "the `payment:` block",
}

_WORD = re.compile(r"[a-z_]+")


def describe_syntax_error(exc: UnexpectedInput, text: str, file: str, lark: Lark) -> Diagnostic:
    """One diagnostic, in words, for a lark parse error."""
    lines = text.split("\n")
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    slip = common_slip(exc, lines, file, lambda: _keywords(expected, lark))
    if slip is not None:
        return slip
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, lines, file, lark)
    if isinstance(exc, UnexpectedToken):
        return _unexpected_token(exc, lines, file, lark)
    return _diagnostic(file, exc.line or 1, exc.column or 1, None,
                       "obc could not read this line", None)


def _unexpected_character(
    exc: UnexpectedCharacters, lines: list[str], file: str, lark: Lark
) -> Diagnostic:
    line, column = exc.line, exc.column
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    char = exc.char
    if char == '"':
        return _diagnostic(file, line, column, column + 1, "unterminated string",
                           'close the text with a `"` on the same line '
                           '(write `\\"` for a quote inside it)')
    if char == "`":
        return _diagnostic(file, line, column, column + 1,
                           "a name in backticks must be a lower-case name, e.g. `` `share` ``",
                           None)
    if char.isalpha() and char.upper() == char:
        word = re.match(r"[A-Za-z0-9_]+", source[column - 1:])
        text = word.group(0) if word else char
        return _diagnostic(file, line, column, column + len(text),
                           f"`{text}`: names are written in lower case",
                           f"write `{text.lower()}`")
    expected = _expected_words(set(exc.allowed or ()), lark)
    return _diagnostic(file, line, column, column + 1,
                       f"`{char}` is not expected here" + (f"; expected {expected}" if expected
                                                           else ""), None)


def _unexpected_token(exc: UnexpectedToken, lines: list[str], file: str, lark: Lark) -> Diagnostic:
    token = exc.token
    expected = set(exc.expected or ())
    line = token.line or exc.line or len(lines)
    column = token.column or exc.column or 1
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    first_word = _first_word(source)

    if token.type == "_INDENT":
        return _diagnostic(file, line, column, column + 1, "unexpected indentation",
                           "indent a line only under a line that ends with `:`; "
                           "otherwise line it up with the line before")
    if "COLON" in expected and token.type in ("_NL", "_INDENT"):
        block = BLOCK_NAMES.get(first_word)
        where = f"the `{first_word}` line" if block else "this line"
        return _diagnostic(file, line, column, column + 1,
                           f"expected `:` at the end of {where}",
                           "a line that starts a block ends with `:`")
    if ("_INDENT" in expected and token.type in ("_DEDENT", "$END", "_NL")) or (
        "_INDENT" in expected and _at_line_start(token, source)
    ):
        opener = _previous_line(lines, line)
        return _diagnostic(file, opener[0], 1, None,
                           f"`{_first_word(opener[1])}` starts a block, but no indented "
                           "lines follow it",
                           "indent the block's fields under it by 4 spaces")
    if token.type == "$END":
        return _diagnostic(file, max(1, len(lines) - 1), 1, None,
                           "the file ends in the middle of a line",
                           f"expected {_expected_words(expected, lark)}")
    malformed = re.match(r"\d{4}-[0-9A-Za-z-]*", source[column - 1:])
    if token.type in ("NUMBER", "MONTH", "QUARTER") and malformed:
        text = malformed.group(0)
        return Diagnostic.at(Span(line, column, line, column + len(text)),
                             code="OBC008", severity="error", file=file,
                             message=f"`{text}` is neither a date nor a period",
                             suggestion="write dates as YYYY-MM-DD, months as YYYY-MM and "
                             "quarters as YYYY-Qn, with leading zeros (e.g. 2026-06-30)")
    keywords = _keywords(expected, lark)
    if _at_line_start(token, source) and keywords and token.type in ("NAME", *_kw_types(lark)):
        return _unknown_field(token.value, keywords, lines, line, column, file)
    found = "the end of the line" if token.type == "_NL" else f"`{token.value}`"
    if token.type == "_DEDENT":
        found = "the end of the block"
    return _diagnostic(file, line, column, column + max(1, len(str(token.value or " "))),
                       f"expected {_expected_words(expected, lark)}, but found {found}", None)


def _unknown_field(word: str, keywords: list[str], lines: list[str], line: int, column: int,
                   file: str) -> Diagnostic:
    block = _enclosing_block(lines, line)
    what = BLOCK_NAMES.get(block or "", "this block")
    if block in ITEM_FIELDS:
        keywords = [k for k in ITEM_FIELDS[block] if k in keywords]
    guess = did_you_mean(word, keywords)
    message = f"`{word}` is not a field of {what}"
    if guess:
        message += f" — did you mean `{guess}`?"
    return _diagnostic(file, line, column, column + len(word), message,
                       f"the fields of {what} are: "
                       + ", ".join(f"`{FIELD_LABELS.get(k, k)}`" for k in keywords))


def _keywords(expected: set[str], lark: Lark) -> list[str]:
    words = []
    for name in expected:
        pattern = _pattern(name, lark)
        if pattern is not None and _WORD.fullmatch(pattern):
            words.append(pattern)
    return sorted(words)


def _kw_types(lark: Lark) -> tuple[str, ...]:
    return tuple(t.name for t in lark.terminals
                 if isinstance(t.pattern, PatternStr) and _WORD.fullmatch(t.pattern.value))


def _pattern(name: str, lark: Lark) -> str | None:
    for terminal in lark.terminals:
        if terminal.name == name and isinstance(terminal.pattern, PatternStr):
            return str(terminal.pattern.value)
    return None


def _expected_words(expected: set[str], lark: Lark) -> str:
    words = []
    for name in sorted(expected):
        if name in TERMINAL_WORDS:
            words.append(TERMINAL_WORDS[name])
            continue
        pattern = _pattern(name, lark)
        words.append(f"`{pattern}`" if pattern is not None else name.lower())
    words = sorted(set(words), key=lambda w: (not w.startswith("`"), w))
    if len(words) > 12:
        words = [*words[:12], "…"]
    if len(words) <= 1:
        return words[0] if words else "something else"
    return ", ".join(words[:-1]) + " or " + words[-1]


def _first_word(source: str) -> str:
    match = _WORD.match(source.strip())
    return match.group(0) if match else ""


def _at_line_start(token: object, source: str) -> bool:
    column = getattr(token, "column", None)
    return column is not None and column == len(source) - len(source.lstrip()) + 1


def _previous_line(lines: list[str], line: int) -> tuple[int, str]:
    for number in range(min(line, len(lines)) - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.strip().startswith("#"):
            return number, text
    return line, lines[line - 1] if 0 < line <= len(lines) else ""


def _enclosing_block(lines: list[str], line: int) -> str | None:
    if not 0 < line <= len(lines):
        return None
    own = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        stripped = text.split("#", 1)[0].rstrip()
        if not stripped:
            continue
        indent = len(text) - len(text.lstrip())
        if indent < own and stripped.endswith(":"):
            return _first_word(stripped)
    return None


def _diagnostic(file: str, line: int, column: int, end_column: int | None, message: str,
                suggestion: str | None) -> Diagnostic:
    return Diagnostic(code=_code_for(message), severity="error", file=file, line=line,
                      column=column, end_line=line, end_column=end_column, message=message,
                      suggestion=suggestion)


def _code_for(message: str) -> str:
    if message.startswith("unterminated string"):
        return "OBC002"
    if message.startswith("unexpected indentation") or "no indented" in message:
        return "OBC004"
    if message.startswith("expected `:`"):
        return "OBC007"
    if "is not a field of" in message:
        return "OBC006"
    if "not expected here" in message or "lower case" in message or "backticks" in message:
        return "OBC005"
    return "OBC001"
