"""Shared fixtures: the spec example ruleset, the fixture results, rendered reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from obcrules.api import CheckedRuleset, check_text

FIXTURES = Path(__file__).parent / "fixtures"

SPEC_EXAMPLE = (FIXTURES / "continence_care.obc").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The extracted text of every page, pages separated by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages)


def load(name: str) -> dict[str, Any]:
    """A fixture result as a dict."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def checked() -> CheckedRuleset:
    """The language spec's example ruleset, checked against the installed plugins."""
    pytest.importorskip("obcrules_adult_social_care")
    result = check_text(SPEC_EXAMPLE, "continence_care.obc")
    assert result.ok, [d.message for d in result.diagnostics]
    return result
