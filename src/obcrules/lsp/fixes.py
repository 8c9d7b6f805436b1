"""Code actions: for each diagnostic with a suggestion, the change it suggests.

A suggestion that names its change becomes an edit the editor applies in one
click:

- ``did you mean `X`?`` (or ``"X"`` for a category value), in the suggestion or
  the message: the misspelt name or value is replaced by ``X``;
- ``write `X```: the text is replaced by ``X`` (a name written in capitals, ``>=`` in a
  target, ``&&``, ``==``, ``atleast``, ``quarterly``);
- ``add `S` to the ruleset's `service` line``: ``S`` is added to that line;
- ``declare it in the header: `theme T "Title"```: the line is added to the header;
- a line indented with a tab: the tabs become four spaces each.

A suggestion that is advice rather than a change (``split the ruleset into
smaller files``) is offered as a disabled action whose reason is the advice, so
an editor that shows disabled actions lists it beside the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from obcrules.diagnostics import Diagnostic
from obcrules.lsp.documents import Analysis
from obcrules.lsp.positions import SourceLines
from obcrules.lsp.reporting import editor_diagnostic, place_of
from obcrules.lsp.symbols import block_span
from obcrules.model import Ruleset, Span

_DID_YOU_MEAN = re.compile(r"did you mean (?:`([^`]+)`|(\"[^\"]*\"))\?")
_WRITE = re.compile(r"write `([^`]+)`")
_ADD_SERVICE = re.compile(r"add `([a-z_][a-z0-9_]*)` to the ruleset's `service` line")
_DECLARE = re.compile(r"declare it in the header: `(theme [^`]+)`")
_LEADING = re.compile(r'`?[A-Za-z_][A-Za-z0-9_]*`?|"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class Fix:
    """A change that carries out a diagnostic's suggestion."""

    title: str
    edits: tuple[types.TextEdit, ...]


def fix_for(diagnostic: Diagnostic, analysis: Analysis) -> Fix | None:
    """The change ``diagnostic``'s suggestion names, or None when it is advice."""
    d = diagnostic
    lines = analysis.lines
    suggestion = d.suggestion or ""
    if d.code == "OBC003":
        return _tabs(d, lines)
    guess = _DID_YOU_MEAN.search(suggestion) or _DID_YOU_MEAN.search(d.message)
    if guess is not None:
        return _replace_word(d, lines, guess.group(1) or guess.group(2))
    written = _WRITE.fullmatch(suggestion)
    if written is not None:
        return _replace_word(d, lines, written.group(1))
    service = _ADD_SERVICE.search(suggestion)
    if service is not None and analysis.ruleset is not None:
        return _add_service(analysis.ruleset, lines, service.group(1))
    declare = _DECLARE.search(suggestion)
    if declare is not None and analysis.ruleset is not None:
        return _declare(analysis.ruleset, lines, declare.group(1))
    return None


def code_actions(analysis: Analysis, wanted: types.Range, uri: str,
                 disabled_support: bool = True) -> list[types.CodeAction]:
    """The actions for the diagnostics shown (`Analysis.reported`) with a suggestion on the
    lines of ``wanted``."""
    actions = []
    for d in analysis.reported:
        placed = place_of(d, analysis.lines)
        if not d.suggestion or not _overlaps(placed, wanted):
            continue
        shown = editor_diagnostic(d, analysis.lines)
        fix = fix_for(d, analysis)
        if fix is not None:
            actions.append(types.CodeAction(
                title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=[shown],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: list(fix.edits)})))
        elif disabled_support:
            actions.append(types.CodeAction(
                title=f"{d.code}: {d.suggestion}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                disabled=types.CodeActionDisabled(
                    reason=f"obc cannot make this change for you: {d.suggestion}")))
    return actions


# ---------------------------------------------------------------------- the changes


def _replace_word(d: Diagnostic, lines: SourceLines, new: str) -> Fix | None:
    """Replace the name or value the diagnostic starts on with ``new``; where it starts on
    neither (``>=``, ``&&``), the text it spans on its line."""
    text = lines.text(d.line)
    found = _LEADING.match(text, d.column - 1)
    if found is None:
        if d.end_column is None or d.end_line not in (None, d.line) or d.end_column <= d.column:
            return None
        old = text[d.column - 1: d.end_column - 1]
        span = Span(d.line, d.column, d.line, d.end_column)
        return Fix(f"Change `{old}` to `{new}`", (_edit(lines, span, new),))
    old = found.group(0)
    title = (f"Change {old} to {new}" if new.startswith('"')
             else f"Change `{old.strip('`')}` to `{new}`")
    if old.startswith("`") and not new.startswith("`"):
        new = f"`{new}`"  # a name in backticks stays in backticks
    span = Span(d.line, found.start() + 1, d.line, found.end() + 1)
    return Fix(title, (_edit(lines, span, new),))


def _tabs(d: Diagnostic, lines: SourceLines) -> Fix:
    text = lines.text(d.line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    span = Span(d.line, 1, d.line, len(indent) + 1)
    return Fix("Indent with spaces", (_edit(lines, span, indent.expandtabs(4)),))


def _add_service(ruleset: Ruleset, lines: SourceLines, service: str) -> Fix | None:
    header = ruleset.header
    if header is None or header.span is None:
        return None
    title = f"Add `{service}` to the ruleset's services"
    last = header.services[-1].span if header.services else None
    if last is not None:
        at = Span(last.end_line, last.end_column, last.end_line, last.end_column)
        return Fix(title, (_edit(lines, at, f", {service}"),))
    return Fix(title, (_insert_line(lines, header.span.line + 1, f"service {service}"),))


def _declare(ruleset: Ruleset, lines: SourceLines, line: str) -> Fix | None:
    header = ruleset.header
    if header is None or header.span is None:
        return None
    block = block_span(header.span, lines)
    return Fix(f"Declare `{line}` in the header",
               (_insert_line(lines, block.end_line + 1, line),))


def _insert_line(lines: SourceLines, before: int, text: str) -> types.TextEdit:
    """A new line of the header (indented 4 spaces) inserted before line ``before``."""
    at = Span(before, 1, before, 1)
    return _edit(lines, at, f"    {text}\n")


def _edit(lines: SourceLines, span: Span, new: str) -> types.TextEdit:
    return types.TextEdit(range=lines.span(span), new_text=new)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return a.start.line <= b.end.line and b.start.line <= a.end.line
