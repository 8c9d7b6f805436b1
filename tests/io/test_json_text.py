"""`json_bytes` gives exactly the bytes of the standard library's encoder.

The fast path (orjson) and the reference (``json.dumps(indent=2, sort_keys=True,
ensure_ascii=False)`` plus a newline) are compared on the demo's monitoring
documents and on values chosen to differ: floats of every magnitude, unicode and
control characters, keys whose sort order depends on code points, empty
containers, and values orjson refuses.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from obcrules.io.json_text import json_bytes, json_bytes_slow


def _same(data: Any) -> None:
    assert json_bytes(data) == json_bytes_slow(data)


@pytest.mark.slow
def test_the_demo_monitoring_documents_come_out_byte_for_byte(demo_out: Path) -> None:
    files = sorted(demo_out.glob("monitoring/*/monitoring.json"))
    assert files
    for path in files:
        written = path.read_bytes()
        document = json.loads(written)
        assert json_bytes(document) == written
        assert json_bytes_slow(document) == written


def _floats() -> list[float]:
    chosen = [0.0, -0.0, 0.5, 1.0, 100.0, 0.1, 1e-4, 9.9999e-5, 1e-5, 2.5e-5, 1e-7, 5e-324,
              1e15, 9999999999999998.0, 1e16, 1.7976931348623157e308, 123456.789, 2.0 ** 53]
    rng = random.Random(17)
    for exponent in range(-30, 31):
        for _ in range(40):
            x = rng.random() * 10.0 ** exponent
            chosen += [x, -x, round(x, 6)]
    return chosen


def test_floats_of_every_magnitude_are_spelt_as_python_spells_them() -> None:
    floats = _floats()
    for x in floats:
        _same({"value": x})
        _same([[x]])
    _same({"values": floats})


def test_a_float_orjson_spells_otherwise_takes_the_standard_librarys_path() -> None:
    options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    differing = [x for x in _floats() if orjson.dumps(x, option=options)
                 != json_bytes_slow(x)]
    assert differing, "orjson and json spell every float alike now: the guard can go"
    for x in differing:
        assert json_bytes({"a": [x]}) == json_bytes_slow({"a": [x]})


def test_strings_keys_and_layout_are_the_standard_librarys() -> None:
    controls = "".join(chr(c) for c in range(0x20))
    _same({
        "text": controls + '\x7f\x80\u2028\u2029\ufeff/\\"é中😀 trailing ',
        "hex": "3e-4 1e+5 COVID19e-x 0.00001",  # number-like text inside strings
        "decimal strings": ["1234.50", "0.0000001", "-0.00", "1E+3", "1e-7"],
        "empties": [{}, [], "", {"x": []}, [[]]],
        "scalars": [None, True, False, 0, -1, 2 ** 63 - 1, -(2 ** 63), 2 ** 64 - 1],
        "tuple": (1, (2, 3)),
    })
    _same({"\uffff": 1, "\U00010000": 2, "é": 3, "e": 4, "E": 5, "": 6, "a b": 7,
           "10": 8, "9": 9, "z": {"b": 1, "a": {"d": [1], "c": None}}})
    for scalar in (None, "x", 5, 1.5, [], {}):
        _same(scalar)
    assert json_bytes({"a": [1, {}]}) == b'{\n  "a": [\n    1,\n    {}\n  ]\n}\n'


def test_values_orjson_refuses_are_written_by_the_standard_library() -> None:
    _same({"big": 2 ** 64, "small": -(2 ** 63) - 1, "huge": 10 ** 40})
    _same({1: "one", 2: "two"})  # json turns int keys into strings
    with pytest.raises(TypeError):
        json_bytes({"money": object()})
