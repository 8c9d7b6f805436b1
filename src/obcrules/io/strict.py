"""Reading YAML and JSON that a person outside the council wrote (a bid), strictly.

A bid decides who is paid, so nothing in it may mean two things or cost the reader
more than the file is worth:

* **duplicate keys** are an error naming both lines (YAML and JSON parsers keep the
  last value silently: a second ``price: 10`` would win);
* YAML is read with the **YAML 1.2 core schema**: ``true``/``false``, decimal,
  ``0o`` and ``0x`` integers and plain floats; ``1:15:00`` is text, not the
  sexagesimal 4,500 of YAML 1.1, and ``yes``, ``on``, ``2026-01-01`` are text too.
  One departure: a number written with a leading zero (a company number
  ``09876543``) is text, as YAML 1.1 read it, not the core schema's 9876543;
* numbers with a fraction are exact `Decimal` (never a binary float); ``.nan``,
  ``.inf`` and JSON's ``NaN`` / ``Infinity`` are read as such and refused where a
  number is needed (`obcrules.tender.bids`); JSON's are refused here, as JSON has none;
* **YAML aliases** (``*name``) are refused: an alias bomb (a few lines that expand to
  billions of nodes) stops at the first alias;
* **nesting** deeper than `MAX_DEPTH` and **text** longer than `MAX_TEXT` characters
  are refused, and so is a file larger than the workspace's limit, or a YAML or JSON
  bid over `MAX_TEXT_FILE` (`check_size`).

Each problem is an `InputError` with the line (and column) where a person finds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

MAX_DEPTH = 32
"""The deepest nesting of mappings and lists accepted (a bid needs four)."""
MAX_TEXT = 32_767
"""The longest text (or number) accepted in one field: what one Excel cell can hold."""
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
"""The largest bid or score sheet read, unless ``obc.toml`` sets ``[limits] max_file_size``."""


class InputError(ValueError):
    """A file that cannot be read as it stands: what is wrong, where, and what to do."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 hint: str = "") -> None:
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(message)

    @property
    def where(self) -> str:
        """``line 4, column 3``, ``line 4`` or ``""``."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")


def size_text(size: int) -> str:
    """``20971520`` → ``20 MB`` (binary megabytes, as a file manager shows them)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} bytes"


MAX_TEXT_FILE = 1024 * 1024
"""The largest YAML or JSON bid read: a bid's text fields fill a few kilobytes, and a
megabyte is read in well under a second; documents go in the bid's attachments folder."""


def check_size(path: Path, limit: int, *, text: bool = False) -> None:
    """`InputError` when the file at ``path`` is larger than ``limit`` bytes (or, for a
    ``text`` bid, `MAX_TEXT_FILE`)."""
    size = path.stat().st_size
    if text and size > min(limit, MAX_TEXT_FILE):
        raise InputError(f"is {size_text(size)}, more than the "
                         f"{size_text(min(limit, MAX_TEXT_FILE))} a YAML or JSON bid may be",
                         hint="a bid's fields are short: put documents in the bid's "
                         "attachments folder (bids/NAME/ for bids/NAME.yaml)")
    if size > limit:
        raise InputError(f"is {size_text(size)}, more than the {size_text(limit)} a bid or "
                         "sheet may be", hint="remove what is not part of the return (pictures,"
                         " pasted documents), or raise [limits] max_file_size in obc.toml")


# ------------------------------------------------------------------------------------ YAML

class _CoreResolver(Resolver):
    """The YAML 1.2 core schema's plain scalars: null, bool, int, float; the rest is text."""


_CoreResolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
):
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class _StrictConstructor(SafeConstructor):
    """Safe construction, with exact numbers and duplicate keys refused."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        try:
            return int(text[2:] if base != 10 else text, base)
        except ValueError:
            raise InputError(f"`{text[:20]}…` has too many digits to be a number",
                             _line(node), hint="write a number of at most 4300 digits") from None

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Decimal:  # type: ignore[override]
        text = str(self.construct_scalar(node)).lower()
        if text.endswith((".inf", ".nan")):
            return Decimal(text.replace(".inf", "Infinity").replace(".nan", "NaN"))
        return Decimal(text)

    def construct_mapping(self, node: yaml.MappingNode,
                          deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("has a key that is not a name", _line(key_node),
                                 hint="write each key as plain text")
            key = self.construct_object(key_node)
            if key in seen:
                raise InputError(f"`{key}` is given twice, at line {seen[key]} and line "
                                 f"{_line(key_node)}", _line(key_node),
                                 hint="keep one of them: a reader cannot tell which you meant")
            seen[key] = _line(key_node)
        return super().construct_mapping(node, deep)


_StrictConstructor.add_constructor("tag:yaml.org,2002:int",  # type: ignore[type-var]
                                   _StrictConstructor.construct_yaml_int)
_StrictConstructor.add_constructor("tag:yaml.org,2002:float",  # type: ignore[type-var]
                                   _StrictConstructor.construct_yaml_float)


class _StrictComposer(Composer):
    """Composition with aliases, deep nesting and long scalars refused."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise InputError(f"uses the alias `*{event.anchor}`: a bid may not repeat parts "
                             "by anchors and aliases", _mark(event),
                             hint="write each value out in full")
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_TEXT:
            raise InputError(f"has a value of {len(event.value):,} characters, more than the "
                             f"{MAX_TEXT:,} a field may hold", _mark(event),
                             hint="shorten it, or send long text as an attachment")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise InputError(f"is nested more than {MAX_DEPTH} levels deep", _mark(event),
                                 hint="a bid is a few levels of fields: check the indentation")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _StrictLoader(Reader, Scanner, Parser, _StrictComposer,
                    _StrictConstructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)
        _StrictConstructor.__init__(self)
        _CoreResolver.__init__(self)


def _loader() -> type:
    """The strict loader over libyaml's parser when PyYAML has it (the pure-Python scanner
    reads about a megabyte a second: a 20 MB bid of one long value would take 20 s), else
    the pure-Python one. Either way composing (aliases, depth, long values) is ours."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return _StrictLoader

    class _FastLoader(_StrictComposer, CParser, _StrictConstructor,
                      _CoreResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            _StrictConstructor.__init__(self)
            _CoreResolver.__init__(self)

    return _FastLoader


_LOADER = _loader()


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _mark(event: Any) -> int | None:
    return int(event.start_mark.line) + 1 if event.start_mark is not None else None


_LONG_LINE = re.compile(r"[^\n]{" + str(MAX_TEXT + 8) + "}")
"""A line longer than any field (its key and quotes allowed): refused before it is scanned."""
_DEEP_FLOW = re.compile(r"(?:[\[{][ \t\r\n]*){" + str(MAX_DEPTH + 1) + "}")
"""More opening brackets in a row than a bid nests: refused before the YAML scanner, which
looks up to 1,024 characters ahead at each level of a flow collection."""


def read_yaml(text: str) -> Any:
    """One YAML document, strictly (see the module); `InputError` naming the line.

    Invalid YAML is a `yaml.YAMLError` (with its ``problem_mark``).
    """
    deep = _DEEP_FLOW.search(text)
    if deep is not None:
        raise InputError(f"is nested more than {MAX_DEPTH} levels deep",
                         text.count("\n", 0, deep.start()) + 1,
                         hint="a bid is a few levels of fields")
    long = _LONG_LINE.search(text)
    if long is not None:
        raise InputError(f"has a line of more than {MAX_TEXT:,} characters, more than a field "
                         "may hold", text.count("\n", 0, long.start()) + 1,
                         hint="shorten it, or send long text as an attachment")
    loader = _LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# ------------------------------------------------------------------------------------ JSON

class _Duplicate(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _Duplicate
    return data


def _constant(name: str) -> Any:
    raise InputError(f"`{name}` is not a number JSON allows",
                     hint="write the amount as digits, e.g. 1150000")


def _integer(text: str) -> int:
    if len(text) > 4300:
        raise InputError(f"`{text[:20]}…` has too many digits to be a number",
                         hint="write a number of at most 4300 digits")
    return int(text)


def read_json(text: str) -> Any:
    """One JSON document, strictly (see the module); `InputError` naming the line.

    Invalid JSON is a `json.JSONDecodeError`.
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_integer,
                          parse_constant=_constant, object_pairs_hook=_pairs)
    except _Duplicate:
        raise _duplicate_in(text) from None
    except RecursionError:
        raise InputError(f"is nested more than {MAX_DEPTH} levels deep",
                         hint="a bid is a few levels of fields") from None
    _check_tree(data)
    return data


def _check_tree(data: Any) -> None:
    """Depth and text length of parsed data, walked without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise InputError(f"is nested more than {MAX_DEPTH} levels deep",
                                 hint="a bid is a few levels of fields")
            items = list(value.items()) if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack += [(key, depth), (item, depth + 1)]
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            raise InputError(f"has a value of {len(value):,} characters, more than the "
                             f"{MAX_TEXT:,} a field may hold",
                             hint="shorten it, or send long text as an attachment")


_WHITE = re.compile(r"[ \t\n\r]*")
_JSON_OBJECT = getattr(json.decoder, "JSONObject")  # noqa: B009 (not in the stubs)


def _duplicate_in(text: str) -> InputError:
    """The error for the first object with a key given twice, naming both lines."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    found: list[InputError] = []

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any,
                     object_hook: Any, object_pairs_hook: Any, memo: Any = None) -> Any:
        s, end = s_and_end
        lines: dict[str, int] = {}
        for key, position in _keys(s, end, scan_once):
            line = s.count("\n", 0, position) + 1
            if key in lines and not found:
                found.append(InputError(f"`{key}` is given twice, at line {lines[key]} and "
                                        f"line {line}", line, hint="keep one of them: a "
                                        "reader cannot tell which you meant"))
            lines.setdefault(key, line)
        return _JSON_OBJECT(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo)

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    decoder.decode(text)
    return found[0] if found else InputError("gives a key twice")


def _keys(s: str, position: int, scan_once: Any) -> Iterator[tuple[str, int]]:
    """The keys of the object whose ``{`` ends at ``position``, with where each starts."""
    position = _WHITE.match(s, position).end()  # type: ignore[union-attr]
    while position < len(s) and s[position] == '"':
        key, after = json.decoder.scanstring(s, position + 1)  # type: ignore[attr-defined]
        yield key, position
        after = _WHITE.match(s, after).end()  # type: ignore[union-attr]
        if s[after:after + 1] != ":":
            return
        after = _WHITE.match(s, after + 1).end()  # type: ignore[union-attr]
        _, after = scan_once(s, after)
        after = _WHITE.match(s, after).end()  # type: ignore[union-attr]
        if s[after:after + 1] != ",":
            return
        position = _WHITE.match(s, after + 1).end()  # type: ignore[union-attr]
