"""The parse plan: lark's LALR tables and terminals as plain data, for the fast path.

The direct parser (`obcrules.syntax.direct`) and the one-expression lexer
(`obcrules.syntax.lexing`) need only data from lark's analysed parser: the LALR
table, how each rule shapes its node, and the terminals each parser state
accepts. `build_plan` takes them from a `lark.Lark` once; the plan is kept in the
user's cache folder as ``marshal`` data (plain dicts, lists, tuples, strings and
numbers: loading it runs no code, unlike a pickle) and loads in a few
milliseconds, so checking a valid ruleset never imports lark at all. lark is
loaded only to build the plan and to parse through its tree (a syntax error, a
target, the editor).

In the table, an action is an integer: a shift (or a goto) to state ``n`` is
``n``; a reduction by rule ``i`` is ``~i``, negative.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

PLAN_FORMAT = 1
"""The layout of the saved plan; part of the cache key, so a changed layout never loads."""

EXPRESSION_RULES = frozenset({
    "or_op", "and_op", "not_op", "compare", "in_list", "between", "is_missing",
    "is_not_missing", "add", "subtract", "multiply", "divide", "negate", "call",
    "days_between",
})
"""The rules that nest conditions and arithmetic; their depth is limited."""


class PlanError(Exception):
    """The grammar uses a construct whose tree lark shapes in a way the plan does not copy."""


@dataclass(frozen=True, slots=True)
class Reduction:
    """How lark shapes the tree of one grammar rule."""

    name: str  # the rule method called (the alias, else the rule's own name)
    goto: str  # the nonterminal the parser shifts after the reduction
    size: int  # how many stack entries the rule consumes
    keep: tuple[tuple[int, bool], ...]  # (index, inline it) of the children kept
    inline: bool  # a ``_rule``: its children go into the parent
    expand1: bool  # a ``?rule``: one child is passed through as it is
    unit: bool  # a ``?rule`` of exactly one kept symbol: nothing to do but the goto
    depth: int  # 1 for the expression rules, else 0


@dataclass(frozen=True, slots=True)
class LexerTables:
    """The terminals, as lark's contextual lexer would try them, in one expression.

    ``pattern`` holds every terminal lark matches as a named group, in lark's order;
    ``keywords`` maps a name-like terminal to the keywords it reads (text → keyword);
    ``accepts`` is every terminal each parser state's lexer accepts.
    """

    pattern: str
    flags: int
    matched: frozenset[str]
    keywords: dict[str, dict[str, str]]
    read_by: dict[str, frozenset[str]]
    ignore: frozenset[str]
    newline: frozenset[str]
    plain: bool
    accepts: dict[int, frozenset[str]]


@dataclass(frozen=True, slots=True)
class ParsePlan:
    """Everything the fast path reads: the table, the rules' shapes, the terminals."""

    rows: dict[int, dict[str, int]]
    reductions: tuple[Reduction, ...]
    start_states: dict[str, int]
    end_states: dict[str, int]
    lexer: LexerTables


def build_plan(lark: Lark) -> ParsePlan:
    """The plan of an analysed lark parser (LALR, contextual lexer)."""
    from lark.parsers.lalr_analysis import Shift

    table = lark.parser.parser.parser.parse_table
    index = {id(rule): number for number, rule in enumerate(lark.rules)}
    rows = {
        state: {
            str(symbol): target if action is Shift else ~index[id(target)]
            for symbol, (action, target) in actions.items()
        }
        for state, actions in table.states.items()
    }
    return ParsePlan(
        rows=rows,
        reductions=tuple(_reduction(rule) for rule in lark.rules),
        start_states={str(name): state for name, state in table.start_states.items()},
        end_states={str(name): state for name, state in table.end_states.items()},
        lexer=_lexer_tables(lark),
    )


def _reduction(rule: Any) -> Reduction:
    from lark.grammar import Terminal

    # str(): a freshly built grammar names things with lark tokens, which marshal refuses
    name = str(rule.alias or rule.options.template_source or rule.origin.name)
    keep = tuple(
        (index, not symbol.is_term and symbol.name.startswith("_"))
        for index, symbol in enumerate(rule.expansion)
        if rule.options.keep_all_tokens
        or not (isinstance(symbol, Terminal) and symbol.filter_out)
    )
    expand1 = bool(rule.options.expand1) and not rule.alias
    if expand1 and rule.origin.name.startswith("_"):
        raise PlanError(f"lark shapes ?_rules its own way: {rule}")  # none in the grammar
    return Reduction(
        name=name, goto=str(rule.origin.name), size=len(rule.expansion), keep=keep,
        inline=rule.origin.name.startswith("_"), expand1=expand1,
        unit=expand1 and keep == ((0, False),) and len(rule.expansion) == 1,
        depth=1 if name in EXPRESSION_RULES else 0,
    )


def lark_order(terminal: Any) -> tuple[int, int, int, str]:
    """The order in which lark's lexers try terminals (as its ``BasicLexer`` sorts them)."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value),
            terminal.name)


def _lexer_tables(lark: Lark) -> LexerTables:
    from lark.lexer import PatternStr, _create_unless, _regexp_has_newline

    conf = lark.lexer_conf
    if conf.re_module.__name__ != "re" or conf.use_bytes:
        raise PlanError("the one expression is written for the standard re module and text")
    everything = sorted(conf.terminals, key=lark_order)
    matched, renames = _create_unless(  # type: ignore[no-untyped-call]
        everything, conf.g_regex_flags, conf.re_module, conf.use_bytes)
    keywords = {
        str(name): {str(t.pattern.value): str(t.name) for t in callback.scanner.terminals}
        for name, callback in renames.items()
    }
    read_by: dict[str, set[str]] = {}
    for name, words in keywords.items():
        for keyword in words.values():
            read_by.setdefault(keyword, set()).add(name)
    return LexerTables(
        pattern="|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in matched),
        flags=int(conf.g_regex_flags),
        matched=frozenset(str(t.name) for t in matched),
        keywords=keywords,
        read_by={name: frozenset(names) for name, names in read_by.items()},
        ignore=frozenset(str(name) for name in conf.ignore),
        newline=frozenset(str(t.name) for t in everything
                          if _regexp_has_newline(t.pattern.to_regexp())),
        plain=all(not t.pattern.flags for t in everything if isinstance(t.pattern, PatternStr)),
        accepts={state: frozenset(str(t.name) for t in own.terminals)
                 for state, own in lark.parser.lexer.lexer.lexers.items()},
    )


def dump_plan(plan: ParsePlan) -> bytes:
    """The plan as ``marshal`` bytes (plain data only)."""
    lexer = plan.lexer
    return marshal.dumps((
        PLAN_FORMAT,
        plan.rows,
        tuple((r.name, r.goto, r.size, r.keep, r.inline, r.expand1, r.unit, r.depth)
              for r in plan.reductions),
        plan.start_states,
        plan.end_states,
        (lexer.pattern, lexer.flags, lexer.matched, lexer.keywords, lexer.read_by,
         lexer.ignore, lexer.newline, lexer.plain, lexer.accepts),
    ))


def load_plan(data: bytes) -> ParsePlan:
    """The plan saved by `dump_plan`; ValueError (or another exception) if it is not one."""
    # Only ever this user's own cache file (`parser_cache._trusted`); marshal runs no code.
    fmt, rows, reductions, start_states, end_states, lexer = marshal.loads(data)  # noqa: S302
    if fmt != PLAN_FORMAT:
        raise ValueError(f"parse plan format {fmt}, not {PLAN_FORMAT}")
    return ParsePlan(
        rows=rows,
        reductions=tuple(Reduction(*fields) for fields in reductions),
        start_states=start_states,
        end_states=end_states,
        lexer=LexerTables(*lexer),
    )
