"""Parse straight to the model: lark's LALR tables driven here, a node built at each reduction.

Parsing a large ruleset through lark's tree cost about three times lark's own
parse: lark builds a `Tree` for every rule, keeps the positions of every node
(`propagate_positions`), and the transformer then walks the finished tree
again. This module runs the same LALR tables and the same contextual lexer and
indentation postlexer, and calls the transformer's rule method (`ToModel`) at
the moment lark would have built that rule's tree, with the position lark would
have given it: so no tree is built and nothing is walked twice. The tables come
from the parse plan (`obcrules.syntax.plan`), plain data kept between runs, so
this path never loads lark.

It reproduces exactly what lark does to shape its trees: filtered punctuation
and keywords are left out of the children but still count for positions;
``_rule`` children are inlined into their parent; a ``?rule`` with one child is
that child; a node starts where its first child's container starts and ends
where its last one's ends, a container being widened by the ``?rule`` that
passed a node through (the parentheses around a condition).

It is the fast path only. On anything unusual (a syntax error, a bad
indentation, a malformed literal, nesting deeper than `MAX_NESTING`, an
exception in a rule method) it raises `Unusual` and the caller parses again
through lark's tree, whose diagnostics say what and where. The test suite
proves both paths give the same models, spans and diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from obcrules.collector import collector_paused
from obcrules.syntax.indenter import ObcIndenter
from obcrules.syntax.lexing import OneExpressionLexer
from obcrules.syntax.plan import EXPRESSION_RULES, ParsePlan, Reduction
from obcrules.syntax.tokens import Meta, Token

__all__ = ["EXPRESSION_RULES", "MAX_NESTING", "Unusual", "one_expression", "parse_to_model"]

MAX_NESTING = 200
"""Deepest expression nesting accepted; the spec asks for at least 100."""

Where = tuple[int | None, int | None, int | None, int | None, int, bool]
"""Where a stack entry lies, as lark's ``propagate_positions`` sees it: the line,
column, end line and end column of its container (None for a node without a
position), its expression depth, and whether it is a token."""

_NOWHERE: Where = (None, None, None, None, 0, False)


class Unusual(Exception):
    """The input is not a plain valid ruleset: parse it through lark's tree instead."""


class _Inline:
    """The children of an inlined ``_rule``, waiting to be spliced into their parent."""

    __slots__ = ("children", "depth", "wheres")

    def __init__(self, children: list[Any], wheres: list[Where], depth: int) -> None:
        self.children = children
        self.wheres = wheres
        self.depth = depth


Lex = Callable[[str, Callable[[], int]], Iterator[Token]]
"""A lexer: ``lex(text, state)`` gives the tokens of ``text``, ``state()`` being the
parser's state when it reads the next one."""

_LEXERS: dict[int, tuple[ParsePlan, OneExpressionLexer]] = {}


def one_expression(plan: ParsePlan) -> Lex:
    """The lexer of ``plan``'s terminals (`OneExpressionLexer`), made once per plan."""
    made = _LEXERS.get(id(plan))
    if made is None or made[0] is not plan:
        made = _LEXERS[id(plan)] = (plan, OneExpressionLexer(plan.lexer))
    return made[1].lex


def parse_to_model(plan: ParsePlan, text: str, rules: object, start: str = "start",
                   lex: Lex | None = None) -> Any:
    """The value of the ``start`` rule of ``text``, built by the methods of ``rules``.

    ``rules`` has one method per grammar rule, called as ``method(meta, children)``
    (as `obcrules.syntax.transformer.ToModel.transform` calls them). ``lex`` is the
    plan's one-expression lexer unless given. Raises `Unusual` for anything but a
    plain valid ruleset.
    """
    try:
        with collector_paused():
            return _parse(plan, text, rules, start, lex or one_expression(plan))
    except Unusual:
        raise
    except Exception as exc:  # a lexing gap, a postlexer problem, a rule method's bug
        raise Unusual(repr(exc)) from exc


def _parse(parse_plan: ParsePlan, text: str, rules: object, start: str, lex: Lex) -> Any:
    rows = parse_plan.rows
    end_state = parse_plan.end_states[start]
    plans = parse_plan.reductions
    states: list[int] = [parse_plan.start_states[start]]
    values: list[Any] = []
    wheres: list[Where] = []
    methods: dict[str, Callable[[Meta, list[Any]], Any]] = {}

    def reduce(plan: Reduction) -> None:
        size = plan.size
        if size:
            raw_values = values[-size:]
            raw_wheres = wheres[-size:]
            del states[-size:], values[-size:], wheres[-size:]
        else:
            raw_values, raw_wheres = [], []
        # where lark's propagate_positions would place the node: from the start of its
        # first child with a position (filtered keywords count) to the end of its last
        first = last = _NOWHERE
        for where in raw_wheres:
            if where[0] is not None:
                first = where
                break
        for where in reversed(raw_wheres):
            if where[0] is not None:
                last = where
                break
        children: list[Any] = []
        child_wheres: list[Where] = []
        depth = 0
        for index, inline in plan.keep:
            if inline:
                spliced = raw_values[index]
                if children:
                    children.extend(spliced.children)
                    child_wheres.extend(spliced.wheres)
                else:  # take the lists over, as lark does: a long left-recursive list stays linear
                    children, child_wheres = spliced.children, spliced.wheres
                if spliced.depth > depth:
                    depth = spliced.depth
            else:
                children.append(raw_values[index])
                where = raw_wheres[index]
                child_wheres.append(where)
                if where[4] > depth:
                    depth = where[4]
        value: Any
        if plan.inline:
            value = _Inline(children, child_wheres, depth)
        elif plan.expand1 and len(children) == 1:
            value = children[0]
            if child_wheres[0][5]:  # a token keeps its place (lark widens only a tree's container)
                states.append(rows[states[-1]][plan.goto])
                values.append(value)
                wheres.append(child_wheres[0])
                return
        else:
            meta = Meta()
            line, column, end_line, end_column = first[0], first[1], last[2], last[3]
            if line is not None and column is not None and end_line is not None \
                    and end_column is not None:
                meta.empty = False
                meta.line, meta.column, meta.end_line, meta.end_column = (
                    line, column, end_line, end_column)
            method = methods.get(plan.name)
            if method is None:
                method = methods[plan.name] = getattr(rules, plan.name)
            value = method(meta, children)
            depth += plan.depth
            if depth > MAX_NESTING:
                raise Unusual(f"nested more than {MAX_NESTING} levels deep")
        states.append(rows[states[-1]][plan.goto])
        values.append(value)
        wheres.append((first[0], first[1], last[2], last[3], depth, False))

    for token in ObcIndenter().process(lex(text, lambda: states[-1])):
        kind = token.type
        while True:
            action = rows[states[-1]][kind]  # a KeyError is a syntax error
            if action >= 0:  # a shift
                states.append(action)
                values.append(token)
                wheres.append((token.line, token.column, token.end_line, token.end_column, 0,
                               True))
                break
            plan = plans[~action]
            if plan.unit:  # value and container unchanged: only the state moves
                states[-1] = rows[states[-2]][plan.goto]
            else:
                reduce(plan)
    while True:
        action = rows[states[-1]]["$END"]
        if action >= 0:
            raise Unusual("the end of the file cannot be shifted")
        plan = plans[~action]
        if plan.unit:
            states[-1] = rows[states[-2]][plan.goto]
        else:
            reduce(plan)
        if states[-1] == end_state:
            return values[-1]
