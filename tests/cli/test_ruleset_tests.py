"""``obc test``: ruleset unit tests pass for every example and report failures in words."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from obcrules.cli import main

RULESETS = Path(__file__).parents[2] / "rulesets"


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
      people:
        - {person_id: a, provider: OAK, period: 2026-Q1, setting: care_home, age: 80,
           continence_problem: true, continence_treated: false}
      sessions: []
    expect:
      results:
        - {provider: OAK, period: 2026-Q1, name: untreated_continence, value: 50%, status: met}
        - {provider: OAK, period: 2026-Q3, name: untreated_continence, status: met}
      unknown: []
''', encoding="utf-8")
    outcome = CliRunner().invoke(main, ["test", str(ruleset)])
    assert outcome.exit_code == 1
    lines = outcome.output.splitlines()
    assert "  FAILED  wrong on purpose" in lines
    assert ("      results[OAK 2026-Q1 untreated_continence].value: expected '50%', got 1"
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
