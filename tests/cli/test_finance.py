"""`obc finance`: the finance document in words or as JSON; what it cannot read is refused
with the usual exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.test_finance import RULESETS, validate
from tests.cli.conftest import run


def test_obc_finance_prints_words_or_the_document() -> None:
    code, out = run("finance", str(RULESETS / "young_people_sofa_surfing.obc"))
    assert code == 0
    assert "line 1 (sustained_6m): £83,200 — £800 × 104 people (13 per quarter, × 8 " \
           "quarters) = £83,200" in out
    assert "rate card: £247,500; per provider (within cap total): £247,500" in out
    assert "Every provider meets its targets exactly: £" in out
    code, out = run("finance", str(RULESETS / "rough_sleeping_pbr.obc"), "--format", "json")
    assert code == 0
    document = json.loads(out)
    validate(document)
    assert document["investment"]["capital"] == "1200000.00"


def test_obc_finance_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    code, out = run("finance", str(tmp_path / "missing.obc"))
    assert code == 2 and "no such file" in out
    broken = tmp_path / "broken.obc"
    broken.write_text('ruleset b "B":\n    service nothing_such\n', encoding="utf-8")
    code, out = run("finance", str(broken))
    assert code == 1 and "has errors" in out
