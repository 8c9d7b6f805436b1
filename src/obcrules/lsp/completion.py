"""Completion: the words the grammar expects at the cursor, and the names that fit there.

Keywords come from the grammar itself (`expectations.expected_after`). Where a
name may come, the words before the cursor say which kind: a population or
table after ``from``/``of``/``over``, an outcome after ``contributes to`` or
``when`` or at the start of a payment line, a theme, a verification method, a
service, a criterion of the lot; inside a condition, the fields of the table in
scope, the plugins' functions and ``period_start``/``period_end``. Inside
``in (…)`` (and after ``=`` or ``!=``) a category field's allowed values are
offered, and after ``target`` the forms of a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lark import Token
from lsprotocol import types

from obcrules.lsp.documents import Analysis
from obcrules.lsp.expectations import Expected, expected_after
from obcrules.lsp.hover import field_markdown, function_signature
from obcrules.lsp.positions import Place, SourceLines
from obcrules.model import CORE_GATE_NAMES, PriceScoring, Ruleset, TargetScoring
from obcrules.plugins.declarations import FieldDecl, TableDecl
from obcrules.semantics.scope import resolve_source
from obcrules.semantics.types import CONTEXT_VALUES
from obcrules.syntax.parser import parse_target
from obcrules.syntax.printer import format_target
from obcrules.syntax.transformer import ITEM_FIELDS

TARGET_EXAMPLES = (
    "at least 80%", "at most 10%", "less than 10%", "more than 50%", "no less than 75%",
    "no more than 5%", "under 5%", "below 5%", "over 90%", "above 90%",
    "between 40% and 60%", "at least 120 per quarter",
    "2 points below baseline", "2 points above baseline", "10% lower than baseline",
    "10% higher than baseline",
)
"""One example of each form of target, offered after ``target`` with its numbers to fill in.

Each is parsed with the grammar's own ``target`` rule and printed in the one
wording of targets before it is offered (and a test checks every form is here).
"""

_IDENTIFIER = re.compile(r"`?[a-z_][a-z0-9_]*`?$|`$")
_NAME = r"`?([a-z_][a-z0-9_]*)`?"
_RATE_LINE = re.compile(rf"^\s*{_NAME}\s+pays\b")
_SOURCES = (re.compile(rf"\bover\s+{_NAME}"), re.compile(rf"\b(?:share|count)\s+of\s+{_NAME}"),
            re.compile(rf"^\s*from\s+{_NAME}"))
_NUMBER = re.compile(r"\d+(?:_\d+)*(?:\.\d+)?%?")
_BLOCK = re.compile(r"(ruleset|population|outcome|output|process|input|tender|payment)\b")

_SORT_NAMES, _SORT_VALUES, _SORT_KEYWORDS = "0", "1", "2"


@dataclass(frozen=True)
class Cursor:
    """Where completion was asked: the line, the word being typed and where it starts."""

    place: Place
    line: str
    start: int  # 1-based column where the word being typed starts


def complete(analysis: Analysis, position: types.Position, snippets: bool = True
             ) -> list[types.CompletionItem]:
    """The completion items at ``position`` of the analysed document."""
    lines = analysis.lines
    place = lines.place(position)
    line = lines.text(place.line)
    before = line[: place.column - 1]
    in_comment, string = _scan(before)
    if in_comment:
        return []
    word = _IDENTIFIER.search(before)
    start = string + 1 if string is not None else place.column - len(word.group(0) if word else "")
    cursor = Cursor(place, line, start)
    expected = expected_after(lines.text_before(Place(place.line, start)))
    block = _enclosing_block(analysis, place.line)
    known = analysis.known
    found: list[types.CompletionItem] = []
    if string is None:
        found += _keywords(expected, block)
        if expected.previous() == "target":
            found += _targets(snippets)
        if expected.name and known is not None:
            found += _names(expected, analysis, known, cursor, block, snippets)
        elif expected.name:
            found += _expression_names(expected, analysis, None, cursor, snippets)
    if "STRING" in expected.terminals:
        found += _categories(expected, analysis, known, cursor)
    return [_placed(item, cursor, lines) for item in _unique(found)]


# ---------------------------------------------------------------------- keywords and targets


def _keywords(expected: Expected, block: str) -> list[types.CompletionItem]:
    every_field = {name for fields in ITEM_FIELDS.values() for name in fields}
    allowed = set(ITEM_FIELDS.get(block, every_field))
    return [
        types.CompletionItem(label=word, kind=types.CompletionItemKind.Keyword,
                             sort_text=_SORT_KEYWORDS + word)
        for word in sorted(expected.keywords)
        if not (word in every_field and word not in allowed and block in ITEM_FIELDS)
    ]


def _targets(snippets: bool) -> list[types.CompletionItem]:
    items = []
    for example in TARGET_EXAMPLES:
        target, _problems = parse_target(example)
        if target is None:
            continue
        text = format_target(target)
        snippet = _placeholders(text)
        items.append(types.CompletionItem(
            label=text, kind=types.CompletionItemKind.Snippet, detail="target",
            insert_text=snippet if snippets else text,
            insert_text_format=(types.InsertTextFormat.Snippet if snippets
                                else types.InsertTextFormat.PlainText),
            sort_text=_SORT_VALUES + text))
    return items


def _placeholders(text: str) -> str:
    """``text`` as a snippet whose numbers are placeholders to fill in, in order."""
    parts = _NUMBER.split(text)
    numbers = _NUMBER.findall(text)
    out = parts[0]
    for index, (number, after) in enumerate(zip(numbers, parts[1:], strict=True), start=1):
        out += f"${{{index}:{number}}}{after}"
    return out


# ---------------------------------------------------------------------- names


def _names(expected: Expected, analysis: Analysis, known: Ruleset, cursor: Cursor, block: str,
           snippets: bool) -> list[types.CompletionItem]:
    previous, before = expected.previous(), expected.previous(2)
    vocabulary = analysis.vocabulary
    if (previous in ("from", "over") and before != "days") or (
            previous == "of" and before in ("share", "count")):
        return ([_item(p.name, types.CompletionItemKind.Variable, f"population · {p.title}")
                 for p in known.populations]
                + [_item(name, types.CompletionItemKind.Class, f"table · {table.title}")
                   for name, table in vocabulary.tables.items()])
    line_start = _line_keyword(expected)
    if (previous == "to" and before == "contributes") or (
            previous == "," and line_start == "contributes") or previous == "when" or (
            block == "payment" and expected.previous_type() in ("_NL", "_INDENT")):
        outcomes_only = previous == "when" or block == "payment"
        return [_item(i.name, types.CompletionItemKind.Event, f"{i.kind} · {i.title}")
                for i in known.items if i.kind == "outcome" or not outcomes_only]
    if previous == "theme" and block in ITEM_FIELDS:
        themes = known.header.themes if known.header else ()
        return [_item(t.name, types.CompletionItemKind.EnumMember, f"theme · {t.title}")
                for t in themes]
    if previous == "verify":
        return [_item(m.name, types.CompletionItemKind.Value, f"verification · {m.title}",
                      m.description) for m in vocabulary.verification_methods.values()]
    if previous == "service" or (previous == "," and line_start == "service"):
        return [_item(s, types.CompletionItemKind.Module, "service")
                for s in analysis.checked.registry.services]
    if previous == "by" and before == "break":
        tender = next((t for t in known.tenders if t.name == _lot(analysis, cursor)), None)
        return [_item(c.name, types.CompletionItemKind.Property, f"criterion · {c.title}")
                for c in (tender.criteria if tender else ())]
    if previous == "by" and before == "scored":  # the core's methods have their own words
        worded = {TargetScoring().registered_name, PriceScoring().registered_name}
        return [_item(m.name, types.CompletionItemKind.Method, f"scoring method · {m.title}")
                for m in vocabulary.scoring_methods.values() if m.name not in worded]
    if previous == "require":  # so do the core's gates
        return [_item(g.name, types.CompletionItemKind.Method, f"gate · {g.title}")
                for g in vocabulary.gates.values() if g.name not in CORE_GATE_NAMES.values()]
    if "LPAR" in expected.terminals:
        return _expression_names(expected, analysis, known, cursor, snippets)
    return []


def _expression_names(expected: Expected, analysis: Analysis, known: Ruleset | None,
                      cursor: Cursor, snippets: bool) -> list[types.CompletionItem]:
    """Fields of the table in scope, the functions in scope and the period's dates."""
    if "LPAR" not in expected.terminals:
        return []
    table = _table_in_scope(analysis, known, cursor.line)
    fields = table.fields if table is not None else ()
    items = [
        _item(f.name, types.CompletionItemKind.Field, _field_detail(f),
              field_markdown(f, table.name if table else "", analysis.vocabulary))
        for f in fields
    ]
    items += [_item(name, types.CompletionItemKind.Constant, f"{kind} of the period evaluated")
              for name, kind in CONTEXT_VALUES.items()]
    for function in analysis.vocabulary.functions.values():
        params = ", ".join(f"${{{n}:{p.name}}}" for n, p in enumerate(function.params, 1))
        item = _item(function.name, types.CompletionItemKind.Function,
                     function_signature(function), function.doc)
        if snippets:
            item.insert_text = f"{function.name}({params})"
            item.insert_text_format = types.InsertTextFormat.Snippet
        items.append(item)
    return items


def _categories(expected: Expected, analysis: Analysis, known: Ruleset | None,
                cursor: Cursor) -> list[types.CompletionItem]:
    """A category field's values inside ``FIELD in (…)`` or after ``FIELD =`` / ``!=``."""
    field_name, written = _category_field(expected.tokens)
    table = _table_in_scope(analysis, known, cursor.line)
    decl = table.field(field_name) if table is not None and field_name else None
    if decl is None or not decl.values:
        return []
    return [types.CompletionItem(label=f'"{value}"', kind=types.CompletionItemKind.EnumMember,
                                 detail=f"a value of {decl.name}", sort_text=_SORT_VALUES + value,
                                 filter_text=f'"{value}"')
            for value in decl.values if f'"{value}"' not in written]


def _category_field(tokens: tuple[Token, ...]) -> tuple[str | None, set[str]]:
    """The field compared before the cursor, and the values already listed after ``in (``."""
    words = [str(t) for t in tokens]
    kinds = [t.type for t in tokens]
    if len(words) >= 2 and words[-1] in ("=", "!=") and kinds[-2] == "NAME":
        return words[-2].strip("`"), set()
    index = len(words) - 1
    while index >= 0 and (kinds[index] == "STRING" or words[index] == ","):
        index -= 1
    if index >= 2 and words[index] == "(" and words[index - 1] == "in" and (
            kinds[index - 2] == "NAME"):
        return words[index - 2].strip("`"), set(words[index + 1:])
    return None, set()


def _table_in_scope(analysis: Analysis, known: Ruleset | None, line: str) -> TableDecl | None:
    """The table whose fields a condition on ``line`` may use."""
    vocabulary = analysis.vocabulary
    rate = _RATE_LINE.match(line)
    source: str | None = None
    if rate is not None and known is not None:
        item = next((i for i in known.items if i.name == rate.group(1)), None)
        source = item.measure.source.name if item and item.measure else None
    else:
        source = next((m.group(1) for pattern in _SOURCES if (m := pattern.search(line))), None)
    if source is None:
        return None
    resolved = resolve_source(known, source) if known is not None else None
    return vocabulary.table(resolved.table if resolved else source)


# ---------------------------------------------------------------------- context


def _enclosing_block(analysis: Analysis, line: int) -> str:
    """The keyword of the top-level block that ``line`` is in (an item's kind), or ''."""
    for number in range(line, 0, -1):
        text = analysis.lines.text(number)
        if text and not text[0].isspace() and not text.startswith("#"):
            found = _BLOCK.match(text)
            return found.group(1) if found else ""
    return ""


def _lot(analysis: Analysis, cursor: Cursor) -> str | None:
    for number in range(cursor.place.line, 0, -1):
        found = re.match(rf"tender\s+{_NAME}", analysis.lines.text(number))
        if found:
            return found.group(1)
    return None


def _line_keyword(expected: Expected) -> str:
    """The first word of the line the cursor is on, from the tokens read."""
    for back in range(1, len(expected.tokens) + 1):
        if expected.previous_type(back) in ("_NL", "_INDENT", "_DEDENT"):
            return expected.previous(back - 1) if back > 1 else ""
    return expected.previous(len(expected.tokens)) if expected.tokens else ""


def _scan(before: str) -> tuple[bool, int | None]:
    """Whether the cursor is in a comment, and the index of the quote of a string it is in."""
    opened: int | None = None
    escaped = False
    for index, char in enumerate(before):
        if escaped:
            escaped = False
        elif char == "\\" and opened is not None:
            escaped = True
        elif char == '"':
            opened = index if opened is None else None
        elif char == "#" and opened is None:
            return True, None
    return False, opened


# ---------------------------------------------------------------------- items


def _item(label: str, kind: types.CompletionItemKind, detail: str,
          documentation: str | None = None) -> types.CompletionItem:
    return types.CompletionItem(
        label=label, kind=kind, detail=detail, sort_text=_SORT_NAMES + label,
        documentation=(types.MarkupContent(kind=types.MarkupKind.Markdown, value=documentation)
                       if documentation else None))


def _field_detail(decl: FieldDecl) -> str:
    unit = f" ({decl.unit})" if decl.unit else ""
    return f"{decl.type}{unit} · {decl.title or decl.name}"


def _placed(item: types.CompletionItem, cursor: Cursor, lines: SourceLines
            ) -> types.CompletionItem:
    """``item`` replacing the word typed so far (a category value, from its opening quote)."""
    edit_range = lines.range(cursor.place.line, cursor.start, cursor.place.line,
                             cursor.place.column)
    if cursor.start == cursor.place.column:
        edit_range = types.Range(start=edit_range.start, end=edit_range.start)
    item.text_edit = types.TextEdit(range=edit_range,
                                    new_text=item.insert_text or item.label)
    item.insert_text = None
    return item


def _unique(items: Iterable[types.CompletionItem]) -> list[types.CompletionItem]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.label not in seen:
            seen.add(item.label)
            out.append(item)
    return out
