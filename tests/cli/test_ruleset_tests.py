"""``obc test``: ruleset unit tests pass for every example and report failures in words."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from obcrules.cli import main

RULESETS = Path(__file__).parents[2] / "rulesets"
RESIDENT = '''      people:
        - {person_id: a, provider: OAK, period: 2026-Q1, setting: care_home, age: 80,
           continence_problem: true, continence_treated: false}
'''


def test_every_example_ruleset_has_passing_tests() -> None:
    rulesets = sorted(RULESETS.glob("*.obc"))
    assert all((p.with_name(f"{p.stem}.tests.yaml")).is_file() for p in rulesets)
    outcome = CliRunner().invoke(main, ["test", *map(str, rulesets)])
    assert outcome.exit_code == 0, outcome.output
    assert "FAILED" not in outcome.output


def test_a_failing_expectation_is_reported(tmp_path: Path) -> None:
    ruleset = tmp_path / "continence.obc"
    ruleset.write_bytes((RULESETS / "continence.obc").read_bytes())
    (tmp_path / "continence.tests.yaml").write_text('''
tests:
  - name: wrong on purpose
    data:
{RESIDENT}      sessions: []
    expect:
      results:
        - {provider: OAK, period: 2026-Q1, name: untreated_continence, value: 50%, status: met}
        - {provider: OAK, period: 2026-Q3, name: untreated_continence, status: met}
      unknown: []
'''.replace("{RESIDENT}", RESIDENT), encoding="utf-8")
    outcome = CliRunner().invoke(main, ["test", str(ruleset)])
    assert outcome.exit_code == 1
    lines = outcome.output.splitlines()
    assert "  FAILED  wrong on purpose" in lines
    assert ("      results[OAK 2026-Q1 untreated_continence].value: expected 50%, got 100%"
            in lines)
    assert ("      results[OAK 2026-Q1 untreated_continence].status: expected 'met', "
            "got 'missed'" in lines)
    assert "      results[OAK 2026-Q3 untreated_continence]: no such entry in the result" in lines
    assert any("unknown section `unknown`" in line for line in lines)
    assert lines[-1].startswith("========== 0 passed, 1 failed")


def test_a_ruleset_without_tests_is_a_usage_error(tmp_path: Path) -> None:
    ruleset = tmp_path / "x.obc"
    ruleset.write_text("", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["test", str(ruleset)])
    assert outcome.exit_code == 2
    assert "no such file" in outcome.output


def test_junit_xml_json_and_a_missing_table_named_in_the_tests_file(tmp_path: Path) -> None:
    import json
    import xml.etree.ElementTree as ET

    ruleset = tmp_path / "continence.obc"
    ruleset.write_bytes((RULESETS / "continence.obc").read_bytes())
    tests = tmp_path / "continence.tests.yaml"
    tests.write_text('''
tests:
  - name: no sessions given
    data:
{RESIDENT}    expect: {}
  - name: one resident
    data:
{RESIDENT}      sessions: []
    expect:
      results:
        - {provider: OAK, period: 2026-Q1, name: untreated_continence, value: 100%}
'''.replace("{RESIDENT}", RESIDENT), encoding="utf-8")
    report = tmp_path / "junit.xml"
    outcome = CliRunner().invoke(main, ["test", str(tmp_path), "--junit-xml", str(report)])
    assert outcome.exit_code == 1
    assert "/tmp/obc-test-" not in outcome.output and "obc-test-" not in outcome.output
    assert (f"      {tests}: test 'no sessions given': no records for the table `sessions`, "
            "which the ruleset measures; add `sessions:` under the test's `data:` with its "
            "records (`sessions: []` for none)") in outcome.output.splitlines()
    root = ET.parse(report).getroot()
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == (
        "testsuites", "2", "1", "0")
    (suite,) = root
    assert (suite.tag, suite.get("name"), suite.get("tests")) == ("testsuite", str(tests), "2")
    first, second = suite
    assert [c.tag for c in first] == ["failure"] and [c.tag for c in second] == []
    assert (first.get("classname"), first.get("name")) == ("continence", "no sessions given")
    assert float(second.get("time") or "x") >= 0
    assert "no records for the table `sessions`" in (first[0].get("message") or "")
    outcome = CliRunner().invoke(main, ["test", str(ruleset), "--format", "json"])
    document = json.loads(outcome.stdout)
    assert (document["passed"], document["failed"], document["exit_code"]) == (1, 1, 1)
    assert [c["passed"] for c in document["rulesets"][0]["cases"]] == [False, True]
