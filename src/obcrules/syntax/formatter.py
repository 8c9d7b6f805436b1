"""``obc fmt``: the canonical layout of a ruleset, comments kept.

The formatter changes only white space: four spaces per block level, single
spaces between words, none inside parentheses or before a comma or colon, two
spaces before a trailing comment, one blank line between top-level blocks and
at most one anywhere else. The wording is the author's. Because only white
space changes, the formatted file parses to the same model; `format_source`
checks that before returning, and is idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from obcrules.diagnostics import Diagnostic
from obcrules.model import same_model
from obcrules.syntax.parser import parse_source

INDENT = "    "

_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # a string
    r"|`[^`]*`"  # a name in backticks
    r"|[£€$]?\d[\w.%]*(?:-(?:Q\d|\d\d)(?:-\d\d)?)?"  # numbers, money, dates, periods
    r"|[a-z_][a-z0-9_]*"  # words
    r"|!=|<=|>=|[=<>+\-*/,:()]"  # operators and punctuation
    r"|\S"  # anything else is kept as it is
)

_NO_SPACE_BEFORE = {",", ":", ")"}
_KEYWORDS_BEFORE_PAREN = {
    "in", "and", "or", "not", "where", "from", "to", "between", "of", "over", "is",
    "by", "when", "per", "at", "most", "least", "than",
}
_OPERATORS = {"=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", ",", "("}


@dataclass(frozen=True)
class FormatResult:
    """The formatted text, or the diagnostics that stopped formatting."""

    text: str | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """True when the text could be formatted."""
        return self.text is not None


def format_source(source: str, file: str = "<string>") -> FormatResult:
    """Format ruleset source; a file with a syntax error is left as it is."""
    before = parse_source(source, file)
    if before.ruleset is None:
        return FormatResult(None, before.diagnostics)
    text = _layout(before.text)
    after = parse_source(text, file)
    if after.ruleset is None or not same_model(before.ruleset, after.ruleset):
        return FormatResult(None, [Diagnostic(
            code="OBC000", severity="error", file=file, line=1, column=1,
            message="obc fmt would change the meaning of this file, so it left it as it is",
            suggestion="this is a bug in obc fmt; please report it with the file",
        )])
    return FormatResult(text, [])


def _split_comment(line: str) -> tuple[str, str | None]:
    in_string = False
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and in_string:
            escaped = True
        elif char == '"':
            in_string = not in_string
        elif char == "#" and not in_string:
            return line[:index].rstrip(), line[index:].rstrip()
    return line.rstrip(), None


_HYPHENATED = re.compile(r"\s*(cream-skimming|drop-out)(?![\w`-])")
"""The keywords with a hyphen that start a line of the ``gaming:`` block."""


def _respace(code: str) -> str:
    keyword = _HYPHENATED.match(code)
    if keyword is not None:
        rest = code[keyword.end():]
        return keyword.group(1) + (" " + _respace(rest) if rest.strip() else "")
    tokens = _TOKEN.findall(code)
    out = ""
    previous: str | None = None
    for token in tokens:
        if previous is None:
            out = token
        elif token in _NO_SPACE_BEFORE or previous == "(":
            out += token
        elif _is_call(token, previous):
            out += token  # a call: no space between the function and its arguments
        elif previous == "-" and _unary(out):
            out += token
        else:
            out += " " + token
        previous = token
    return out


def _is_call(token: str, previous: str) -> bool:
    """Whether ``token`` opens the arguments of a call (no space before it)."""
    is_name = re.fullmatch(r"`?[a-z_][a-z0-9_]*`?", previous) is not None
    return token == "(" and is_name and previous not in _KEYWORDS_BEFORE_PAREN


def _unary(text_so_far: str) -> bool:
    """Whether the ``-`` just written is a sign rather than a subtraction."""
    before = text_so_far[:-1].rstrip()
    if not before:
        return True
    last = _TOKEN.findall(before)[-1]
    return last in _OPERATORS or last in _KEYWORDS_BEFORE_PAREN or last in {
        "at", "baseline", "target", "measure", "minimum", "by"}


def _layout(text: str) -> str:
    lines = text.split("\n")
    levels = [0]
    out: list[str] = []
    pending_comments: list[tuple[int, str]] = []  # (depth as written, comment); "" = blank
    pending_blank = False
    paren_depth = 0
    for raw in lines:
        code, comment = _split_comment(raw)
        if not code.strip():
            if comment is not None:
                indent = len(raw) - len(raw.lstrip(" "))
                pending_comments.append((_comment_depth(levels, indent), comment))
            elif pending_comments and pending_comments[-1][1]:
                pending_comments.append((0, ""))  # a blank line between comments and code stays
            elif out:
                pending_blank = True
            continue
        indent = len(code) - len(code.lstrip(" "))
        if paren_depth > 0:
            depth = len(levels) + 1  # a continuation line inside parentheses
        else:
            if indent > levels[-1]:
                levels.append(indent)
            while indent < levels[-1]:
                levels.pop()
            depth = len(levels) - 1
        body = _respace(code.strip())
        paren_depth += body.count("(") - body.count(")")
        # Comments indented under the block before (a `# TODO` at its end) stay in it.
        inner = _leading_inner(pending_comments, depth)
        out.extend(INDENT * d + c for d, c in inner)
        pending_comments = pending_comments[len(inner):]
        while pending_comments and not pending_comments[0][1]:
            pending_comments.pop(0)
            pending_blank = True
        top_level = depth == 0 and paren_depth <= 0
        separate = pending_blank or (top_level and (not pending_comments or out[-1:] != [""]))
        if out and separate:
            out.append("")
        prefix = INDENT * depth
        out.extend(prefix + c if c else "" for _, c in pending_comments)
        pending_comments = []
        pending_blank = False
        out.append(prefix + body + (f"  {comment}" if comment is not None else ""))
    while pending_comments and not pending_comments[-1][1]:
        pending_comments.pop()
    inner = _leading_inner(pending_comments, 0)
    out.extend(INDENT * d + c for d, c in inner)
    pending_comments = pending_comments[len(inner):]
    while pending_comments and not pending_comments[0][1]:
        pending_comments.pop(0)
    if pending_comments:
        if out:
            out.append("")
        out.extend(c for _, c in pending_comments)
    return "\n".join(out) + "\n"


def _comment_depth(levels: list[int], indent: int) -> int:
    """The block depth a comment line written at ``indent`` sits in: the deepest open
    block whose indentation it reaches."""
    return sum(level <= indent for level in levels) - 1


def _leading_inner(comments: list[tuple[int, str]], depth: int) -> list[tuple[int, str]]:
    """The comments at the head of ``comments`` indented deeper than the code line that
    follows (``depth``): they end the block before it, not start the next."""
    run: list[tuple[int, str]] = []
    taken = 0
    for index, (level, text) in enumerate(comments):
        if not text:
            continue
        if level <= depth:
            break
        taken = index + 1
    run = comments[:taken]
    return [(d, c) for d, c in run if c]
