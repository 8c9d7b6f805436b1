"""The functions that publish a report (`obcrules.reports.publish`): a result of the wrong
shape or schema is refused before anything is written, and the result is never changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from obcrules.reports import render_evaluation, render_monitoring
from obcrules.results.reading import DocumentError
from tests.reports.conftest import FIXTURES, load

RESULT = load("monitoring.json")


def test_a_document_of_the_wrong_shape_is_refused_naming_the_file_and_field(
        tmp_path: Path) -> None:
    document: dict[str, Any] = json.loads(json.dumps(RESULT))
    document["results"][0]["target"] = {"text": "at least 60%", "value": 0.6}  # the old drift
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        render_monitoring(path, tmp_path / "out", pdf=False)
    assert isinstance(raised.value, ValueError)  # what the CLI reports as a message
    assert str(raised.value) == (f"{path} does not fit its schema: results.0.target: "
                                 "Input should be a valid string")
    assert not (tmp_path / "out").exists()


def test_a_document_of_another_schema_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"evaluation.json is not an "
                                            r"obcrules\.monitoring/1 result"):
        render_monitoring(FIXTURES / "evaluation.json", tmp_path, pdf=False)


def test_fixture_files_are_untouched(tmp_path: Path) -> None:
    before = (FIXTURES / "evaluation.json").read_bytes()
    render_evaluation(FIXTURES / "evaluation.json", tmp_path, pdf=False)
    assert (FIXTURES / "evaluation.json").read_bytes() == before
