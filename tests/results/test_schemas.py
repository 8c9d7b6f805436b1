"""The published JSON Schemas: generated from the types, shipped, and met by every output.

The validator is `jsonschema` (Draft 2020-12), not the pydantic code that
generated the schemas, so a schema that says less than the code writes fails here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from obcrules.api import check_text
from obcrules.diagnostics import Diagnostic
from obcrules.plugins.manager import Registry
from obcrules.results import schemas
from obcrules.results.diagnostics import DiagnosticRecord, diagnostics_document
from obcrules.results.reading import read_evaluation, read_monitoring
from obcrules.results.synthetic import evaluation_result, monitoring_result

FIXTURES = Path(__file__).parents[1] / "reports" / "fixtures"
RULESETS = Path(__file__).parents[2] / "rulesets"
SHIPPED = Path(schemas.__file__).parent / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schemas.shipped(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(name: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(document)][:5]


@pytest.mark.parametrize("name", sorted(schemas.DOCUMENTS))
def test_the_shipped_schema_is_what_the_types_generate(name: str) -> None:
    path = SHIPPED / schemas.file_name(name)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(schemas.render(name), encoding="utf-8")
        schemas.shipped.cache_clear()
    assert path.read_text(encoding="utf-8") == schemas.render(name)
    generated = schemas.generate(name)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["properties"]["schema"]["const"] == schemas.DOCUMENTS[name][0]


@pytest.mark.slow
def test_every_document_the_demo_writes_validates(demo_out: Path) -> None:
    monitoring = sorted(demo_out.glob("monitoring/*/monitoring.json"))
    # and the awarded contract, and the run on data with gaming injected
    assert len(monitoring) == len(list(RULESETS.glob("*.obc"))) + 2
    for path in monitoring:
        assert errors("monitoring", json.loads(path.read_text())) == [], path
        read_monitoring(path)
    evaluation = demo_out / "tender" / "out" / "evaluation.json"
    assert errors("evaluation", json.loads(evaluation.read_text())) == []
    read_evaluation(evaluation)


def test_the_report_fixtures_and_synthetic_results_validate() -> None:
    assert errors("monitoring", json.loads((FIXTURES / "monitoring.json").read_text())) == []
    assert errors("evaluation", json.loads((FIXTURES / "evaluation.json").read_text())) == []
    assert errors("monitoring", monitoring_result(providers=3, periods=5, outcomes=6)) == []
    assert errors("evaluation", evaluation_result(bids=7)) == []


def test_the_checkers_json_validates_and_keeps_to_its_type(registry: Registry) -> None:
    golden = sorted((Path(__file__).parents[1] / "golden").glob("*.obc"))
    checked = [check_text(case.read_bytes(), case.name, registry) for case in golden]
    found = [d for c in checked for d in c.diagnostics]
    document = diagnostics_document([c.file for c in checked], found)
    assert document["errors"] and document["warnings"]
    assert errors("diagnostics", document) == []
    bare = Diagnostic(code="OBC000", severity="error", message="m")
    assert set(bare.to_dict()) == set(DiagnosticRecord.__annotations__)
    assert errors("diagnostics", diagnostics_document(["<string>"], [bare])) == []
