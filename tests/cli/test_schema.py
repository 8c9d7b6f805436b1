"""``obc schema NAME`` prints the shipped JSON Schema; an unknown name is misuse (exit 2)."""

from __future__ import annotations

import json

import pytest

from obcrules import api
from tests.cli.conftest import run


@pytest.mark.parametrize("name", api.SCHEMA_NAMES)
def test_schema_prints_the_shipped_file(name: str) -> None:
    code, out = run("schema", name)
    assert code == 0
    assert out == api.schema(name)
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_unknown_schema_is_misuse() -> None:
    code, out = run("schema", "contract")
    assert code == 2
    assert "monitoring" in out and "diagnostics" in out
