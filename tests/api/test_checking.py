"""`api.check`, `api.format_files` and `api.test_rulesets`: what ``obc check``, ``obc fmt``
and ``obc test`` do, from Python."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obcrules import api
from obcrules.plugins.manager import Registry

ROOT = Path(__file__).parents[2]
RULESETS = ROOT / "rulesets"
GOLDEN = ROOT / "tests" / "golden"


def test_check_reports_every_file_in_order(tmp_path: Path, registry: Registry) -> None:
    bad = GOLDEN / "03_unknown_names.obc"
    report = api.check([bad, bad], registry=registry)
    assert [f.checked.file for f in report.files] == [str(bad), str(bad)]
    golden = (GOLDEN / "03_unknown_names.diagnostics").read_text(encoding="utf-8")
    codes = re.findall(r"^03_unknown_names.obc:\d+:\d+: error\[(OBC\d+)\]", golden, re.M)
    assert [d.code for d in report.diagnostics] == codes * 2 == ["OBC117", "OBC113", "OBC102",
                                                                 "OBC105"] * 2
    assert (report.errors, report.warnings, report.ok) == (8, 0, False)
    assert report.sources == {str(bad): bad.read_text(encoding="utf-8")}
    portable = api.check([RULESETS / "talking_therapies.obc"], engine="spark")
    assert portable.ok and portable.files[0].unportable == []
    with pytest.raises(api.UsageError) as caught:
        api.check([tmp_path / "a.obc", bad, tmp_path / "b.obc"])
    assert caught.value.messages == [f"no such file: {tmp_path / 'a.obc'}",
                                     f"no such file: {tmp_path / 'b.obc'}"]
    with pytest.raises(api.UsageError, match="unknown engine 'oracle'"):
        api.check([bad], engine="oracle")


def test_format_file_reports_then_rewrites(tmp_path: Path) -> None:
    original = (RULESETS / "continence.obc").read_text(encoding="utf-8")
    messy = tmp_path / "messy.obc"
    messy.write_text(original.replace("\n    ", "\n  "), encoding="utf-8")
    checked = api.format_file(messy, check_only=True)
    assert (checked.changed, checked.written, checked.failed) == (True, False, False)
    assert messy.read_text(encoding="utf-8") != original
    done = api.format_files([messy])
    assert [(f.changed, f.written) for f in done] == [(True, True)]
    assert messy.read_text(encoding="utf-8") == original
    assert api.format_file(messy).changed is False
    broken = tmp_path / "broken.obc"
    broken.write_text("ruleset x \"X\"\n    period\n", encoding="utf-8")
    result = api.format_file(broken)
    assert result.failed and result.diagnostics[0].is_error and not result.written


def test_rulesets_run_their_tests_one_by_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.obc"
    bad.write_bytes((GOLDEN / "03_unknown_names.obc").read_bytes())
    (tmp_path / "bad.tests.yaml").write_text("tests: []\n", encoding="utf-8")
    runs = api.test_rulesets([bad, RULESETS / "continence.obc", tmp_path / "none.obc"])
    first = next(runs)
    assert first.error is not None and (first.passed, first.failed) == (0, 1)
    second = next(runs)
    assert second.tests_file == RULESETS / "continence.tests.yaml"
    assert (second.passed, second.failed) == (2, 0) and second.seconds > 0
    with pytest.raises(api.UsageError, match=r"no such file: .*none\.obc"):
        next(runs)
