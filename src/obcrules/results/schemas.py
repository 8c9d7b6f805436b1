"""The published JSON Schemas (Draft 2020-12) of the documents obcrules writes.

Generated from the `TypedDict`s in `obcrules.results` by pydantic, so the schema
and the code cannot drift; the generated files ship in the package under
``obcrules/results/schemas/`` for anyone who validates without Python (a test
keeps them equal to what this module generates; ``UPDATE_GOLDEN=1 make test``
rewrites them). ``obc schema NAME`` prints one.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import TypeAdapter

from obcrules.results.diagnostics import DiagnosticsDocument
from obcrules.results.evaluation import EvaluationDocument
from obcrules.results.finance import FinanceDocument
from obcrules.results.monitoring import MonitoringDocument

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "urn:obcrules:schema:"

DOCUMENTS: dict[str, tuple[str, Any]] = {
    "monitoring": ("obcrules.monitoring/1", MonitoringDocument),
    "evaluation": ("obcrules.evaluation/1", EvaluationDocument),
    "diagnostics": ("obcrules.diagnostics/1", DiagnosticsDocument),
    "finance": ("obcrules.finance/1", FinanceDocument),
}
"""Schema name → (the document's ``schema`` label, its type)."""


def file_name(name: str) -> str:
    """``monitoring`` → ``monitoring-1.schema.json``."""
    label = DOCUMENTS[name][0]
    return f"{name}-{label.rsplit('/', 1)[1]}.schema.json"


def generate(name: str) -> dict[str, Any]:
    """The JSON Schema of the document ``name``, generated from its type."""
    label, document = DOCUMENTS[name]
    schema: dict[str, Any] = TypeAdapter(document).json_schema()
    return {"$schema": DIALECT, "$id": BASE_ID + file_name(name),
            "title": f"{label}", **schema}


def render(name: str) -> str:
    """The schema as the shipped file's text: sorted keys, two-space indent, final newline."""
    return json.dumps(generate(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@cache
def shipped(name: str) -> str:
    """The schema file shipped in the package."""
    return (resources.files("obcrules.results") / "schemas" / file_name(name)).read_text(
        encoding="utf-8")
