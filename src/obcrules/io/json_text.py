"""The project's one layout of a JSON file, produced fast.

Outputs that people diff and hash (``monitoring.json`` and its kin) are written as
``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\\n"`` in
UTF-8. The standard library's encoder falls back to pure Python whenever it
indents, which costs seconds and hundreds of MiB for a monitoring document of a
few million values; orjson writes the same layout in native code.

The two agree byte for byte except in how they spell some numbers: Python writes a
float below 1e-4 or from 1e16 up in exponent form (``1e-05``), orjson ``0.00001``
or ``1e-5``. So whenever orjson's output holds a number with an exponent or a
``0.0000``, and whenever orjson refuses a value (an
integer beyond 64 bits, a key that is not a string, a type it does not know), the
text comes from the standard library instead. Non-finite floats are the one
difference left: JSON has no NaN, orjson writes ``null`` and the standard library
``NaN``; the engine's numbers are exact fractions rounded to floats, never NaN.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
_DIGITS = frozenset(b"0123456789")


def json_bytes(data: Any) -> bytes:
    """``data`` as indented JSON with sorted keys, UTF-8, a newline at the end: the bytes
    of `json_bytes_slow` (the standard library's), computed natively where that is safe."""
    try:
        fast = orjson.dumps(data, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError: an int over 64 bits, a non-str key, …
        return json_bytes_slow(data)
    if _may_spell_a_float_differently(fast):
        return json_bytes_slow(data)
    return fast


def _may_spell_a_float_differently(text: bytes) -> bool:
    """Whether ``text`` holds a number with an exponent (a digit, then ``e-`` or ``e+``;
    orjson, like Python, always signs it) or a ``0.0000``: where orjson's spelling of a
    float may differ from Python's. Plain byte searches, as a regular expression over
    megabytes would cost more than orjson itself; a match inside a string (``"COVID19e-"``)
    merely sends the document down the slow path."""
    if b"0.0000" in text:
        return True
    for exponent in (b"e-", b"e+"):
        at = text.find(exponent)
        while at != -1:
            if at > 0 and text[at - 1] in _DIGITS:
                return True
            at = text.find(exponent, at + 2)
    return False


def json_bytes_slow(data: Any) -> bytes:
    """The reference: the standard library's encoder, as every writer used it before."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
