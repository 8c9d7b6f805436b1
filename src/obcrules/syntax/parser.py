"""The parser facade: source text in, a `Ruleset` and diagnostics out.

No lark exception leaves this module. Whatever the input (empty, binary, invalid
UTF-8, 10 MB, 500 levels deep) the result is a model, diagnostics, or both.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obcrules.diagnostics import Diagnostic
from obcrules.model import Ruleset, Span, Target
from obcrules.syntax.direct import EXPRESSION_RULES, MAX_NESTING, Unusual, parse_to_model
from obcrules.syntax.indenter import IndentationProblem, MalformedLiteral, ObcIndenter
from obcrules.syntax.parser_cache import cache_key, cached_parser, cached_plan, plan_key
from obcrules.syntax.plan import ParsePlan, PlanError, build_plan
from obcrules.syntax.transformer import ToModel

if TYPE_CHECKING:
    from lark import Lark, Tree

MAX_BYTES = 10 * 1024 * 1024
"""Largest ruleset file accepted (10 MB)."""



@dataclass
class ParseResult:
    """What parsing produced: the model (None after a syntax error) and diagnostics."""

    ruleset: Ruleset | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""


def grammar_text() -> str:
    """The text of ``obc.lark``: shipped inside the package, or read from the source tree."""
    packaged = importlib.resources.files("obcrules").joinpath("grammar/obc.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # An editable install: the one grammar lives in grammar/ at the repository root.
    repo = Path(__file__).resolve().parents[3] / "grammar" / "obc.lark"
    return repo.read_text(encoding="utf-8")


PARSER_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "propagate_positions": True,
    "maybe_placeholders": False,
    "start": ["start", "target"],
}
"""The options of the parser, besides the indentation postlexer and ``strict``."""


def build_parser(*, strict: bool = False) -> Lark:
    """A new LALR parser built from the grammar (``strict`` refuses any conflict or collision)."""
    from lark import Lark

    return Lark(grammar_text(), postlex=ObcIndenter(), strict=strict, **PARSER_OPTIONS)


@functools.cache
def parser() -> Lark:
    """The one lark parser of the process: its analysed tables loaded from the cache, or built."""
    key = cache_key(grammar_text(), PARSER_OPTIONS, ObcIndenter.always_accept)
    return cached_parser(key, build_parser)


@functools.cache
def plan() -> ParsePlan:
    """The one parse plan of the process (the fast path's tables): from the cache, or built."""
    key = plan_key(grammar_text(), PARSER_OPTIONS, ObcIndenter.always_accept)
    return cached_plan(key, lambda: build_plan(parser()))


def decode(data: bytes | str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Source bytes → normalised text (BOM dropped, ``\\n`` line ends, final newline)."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [_file_error("OBC011", file, f"this file is {len(data):,} bytes; "
                                      "obc reads rulesets of up to 10 MB",
                                      "split the ruleset into smaller files")]
        if b"\x00" in data:
            return None, [_file_error("OBC009", file, "this file is binary, not a ruleset",
                                      "give obc a UTF-8 text file ending in .obc")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            return None, [Diagnostic(
                code="OBC009", severity="error", file=file, line=line, column=column,
                message=f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                suggestion="save the file as UTF-8 (most editors offer it under Save As)",
            )]
    else:
        text = data.removeprefix("\ufeff")
        if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return None, [_file_error("OBC011", file, "this file is larger than 10 MB",
                                      "split the ruleset into smaller files")]
        if "\x00" in text:
            return None, [_file_error("OBC009", file, "this file is binary, not a ruleset",
                                      "give obc a UTF-8 text file ending in .obc")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text, []


def parse_source(data: bytes | str, file: str = "<string>") -> ParseResult:
    """Parse one ruleset. Never raises for any input."""
    text, problems = decode(data, file)
    if text is None:
        return ParseResult(None, problems)
    problems = _tab_indentation(text, file)
    if problems:
        return ParseResult(None, problems, text)
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    clean = "\n".join(lines)
    return parse_directly(clean, text, file) or parse_through_tree(clean, text, file)


def parse_directly(clean: str, text: str, file: str) -> ParseResult | None:
    """The model built as the parser reduces each rule; None for anything but a valid ruleset.

    The fast path (`obcrules.syntax.direct`): about a third of the time of building
    lark's tree and transforming it. Where it gives up, `parse_through_tree` says why.
    """
    to_model = ToModel(file)
    try:
        ruleset = parse_to_model(plan(), clean, to_model)
    except (Unusual, PlanError):  # a grammar the plan cannot copy: lark's tree still can
        return None
    return ParseResult(ruleset, to_model.diagnostics, text)


def parse_through_tree(clean: str, text: str, file: str) -> ParseResult:
    """Parse ``clean`` (``text`` without trailing spaces) through lark's tree, then transform.

    Slower than `parse_directly`, and the one path that turns every lark error,
    indentation problem, malformed literal and excess nesting into a diagnostic: every
    syntax error of the file, each once (`obcrules.syntax.recovery`).
    """
    from obcrules.syntax.recovery import every_syntax_error

    try:
        tree = parser().parse(clean, start="start")
    except syntax_errors() as exc:
        first = _syntax_error(exc, clean, file)
        return ParseResult(None, every_syntax_error(clean, first,
                                                    lambda edited: _first_error(edited, file)),
                           text)
    except RecursionError:
        return ParseResult(None, [_nesting_error(file, 1)], text)
    deep = _too_deep(tree)
    if deep is not None:
        return ParseResult(None, [_nesting_error(file, deep)], text)
    to_model = ToModel(file)
    try:
        ruleset = to_model.transform(tree)
    except Exception as exc:  # a bug in a transformer method: say so, never a traceback
        return ParseResult(None, [_file_error(
            "OBC000", file, f"obc could not read this file: {exc!r}",
            "this is a bug in obc; please report it with the file")], text)
    return ParseResult(ruleset, to_model.diagnostics, text)


def syntax_errors() -> tuple[type[Exception], ...]:
    """What the parser raises for a text that is not a ruleset (lark's errors among them)."""
    from lark.exceptions import UnexpectedInput

    return (IndentationProblem, MalformedLiteral, UnexpectedInput)


def _syntax_error(exc: Exception, clean: str, file: str) -> Diagnostic:
    """The diagnostic, in words, for one of `SYNTAX_ERRORS`."""
    if isinstance(exc, IndentationProblem):
        return Diagnostic(
            code="OBC004", severity="error", file=file, line=exc.line, column=exc.column,
            message=exc.message,
            suggestion="line this up with the fields of its block, or with the block itself",
        )
    if isinstance(exc, MalformedLiteral):
        return Diagnostic.at(
            Span(exc.line, exc.column, exc.line, exc.end_column),
            code="OBC008", severity="error", file=file,
            message=f"`{exc.text}` is neither a date nor a period",
            suggestion="write dates as YYYY-MM-DD, months as YYYY-MM and quarters as YYYY-Qn "
            "(e.g. 2026-03); to subtract, put spaces around `-`",
        )
    from lark.exceptions import UnexpectedInput

    from obcrules.syntax.errors import describe_syntax_error

    assert isinstance(exc, UnexpectedInput)
    return describe_syntax_error(exc, clean, file, parser())


def _first_error(clean: str, file: str) -> Diagnostic | None:
    """The first syntax error of ``clean``, or None when it parses (see `every_syntax_error`)."""
    try:
        parser().parse(clean, start="start")
    except syntax_errors() as exc:
        return _syntax_error(exc, clean, file)
    except RecursionError:  # reported by the first parse if at all: stop looking
        return None
    return None


def parse_target(text: str, file: str = "<target>") -> tuple[Target | None, list[Diagnostic]]:
    """Parse a target written alone, as bids and contracts do (``less than 8%``).

    Uses the grammar's own ``target`` rule, so a bid's target reads exactly as in a
    ruleset. Never raises.
    """
    source = text.strip()
    if not source or "\n" in source:
        return None, [_file_error("OBC001", file, f"`{text}` is not a target",
                                  "write a target such as `less than 8%` or `at least 120`")]
    try:
        tree = parser().parse(source, start="target")
    except syntax_errors():
        return None, [_file_error(
            "OBC001", file, f"`{source}` is not a target",
            "write a target as in the ruleset: `less than 8%`, `at least 120`, "
            "`between 40% and 60%`, `2 points below baseline`")]
    to_model = ToModel(file)
    try:
        target = to_model.transform(tree)
    except Exception as exc:  # a bug in a transformer method: say so, never a traceback
        return None, [_file_error("OBC000", file, f"obc could not read `{source}`: {exc!r}",
                                  "this is a bug in obc; please report it")]
    if to_model.diagnostics:
        return None, to_model.diagnostics
    return target, []


def _tab_indentation(text: str, file: str) -> list[Diagnostic]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            column = indent.index("\t") + 1
            problems.append(Diagnostic.at(
                Span(number, column, number, column + 1),
                code="OBC003", severity="error", file=file,
                message="this line is indented with a tab",
                suggestion="indent with spaces (4 per level); most editors can convert tabs",
            ))
    return problems


def _too_deep(tree: Tree[Any]) -> int | None:
    """The line of an expression nested deeper than MAX_NESTING, or None."""
    from lark import Tree

    stack: list[tuple[Tree[Any], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in EXPRESSION_RULES:
            depth += 1
            if depth > MAX_NESTING:
                return int(getattr(node.meta, "line", 1))
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return None


def _nesting_error(file: str, line: int) -> Diagnostic:
    return Diagnostic(
        code="OBC010", severity="error", file=file, line=line, column=1,
        message=f"this condition is nested more than {MAX_NESTING} levels deep",
        suggestion="split it into named populations, each with part of the condition",
    )


def _file_error(code: str, file: str, message: str, suggestion: str) -> Diagnostic:
    return Diagnostic(code=code, severity="error", file=file, line=1, column=1,
                      message=message, suggestion=suggestion)
