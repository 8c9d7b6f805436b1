"""Golden files: each ``tests/golden/*.obc`` and the diagnostics obc prints for it.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 make test`` and review
the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from obcrules.api import check_text
from obcrules.diagnostics import render_human

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.obc"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_diagnostics_match_the_golden_file(case: Path, registry) -> None:  # type: ignore[no-untyped-def]
    checked = check_text(case.read_bytes(), case.name, registry)
    rendered = "\n\n".join(render_human(d, checked.text) for d in checked.diagnostics) + "\n"
    expected = case.with_suffix(".diagnostics")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")
