"""Reading a document another command wrote (`obcrules.results.reading`): a drifted document or
another schema is refused, naming the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.results.reading import DocumentError, read_monitoring
from obcrules.results.synthetic import monitoring_result
from tests.results.test_schemas import errors


def test_a_drifted_document_is_refused_naming_the_file_and_field(tmp_path: Path) -> None:
    document = monitoring_result(providers=1, periods=1, outcomes=1)
    document["results"][0]["target"] = {"text": "at least 60%", "value": 0.6}
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document))
    assert errors("monitoring", document)
    with pytest.raises(DocumentError, match=r"monitoring.json does not fit its schema: "
                                            r"results\.0\.target"):
        read_monitoring(path)
    path.write_text('{"schema": "obcrules.evaluation/1"}')
    with pytest.raises(DocumentError, match=r"is not an obcrules\.monitoring/1 result"):
        read_monitoring(path)
