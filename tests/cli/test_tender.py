"""``obc tender``: exit codes and messages as a user sees them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.tender.conftest import bid


def test_cli_exit_codes_and_messages(build, monkeypatch: pytest.MonkeyPatch) -> None:
    from obcrules.cli import main

    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .quality({"A": (2, 4, 3)}))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    runner = CliRunner()
    moved = runner.invoke(main, ["tender", "evaluate", str(builder.root / "nowhere")])
    assert moved.exit_code == 2
    refused = runner.invoke(main, ["tender", "evaluate", str(builder.root)])
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "1 item(s) need an agreed score" in refused.output
    listed = runner.invoke(main, ["tender", "moderate", str(builder.root)])
    assert listed.exit_code == 0
    assert "needs an agreed score: A × quality (ann 2, ben 4, cat 3; spread 2, limit 2)" \
        in listed.output
    usage = runner.invoke(main, ["tender", "init", str(builder.root / "new")])
    assert usage.exit_code == 2
    checked = runner.invoke(main, ["tender", "verify", str(builder.root)])
    assert checked.exit_code == 0, checked.output


def test_check_lists_every_problem_and_scoresheets_prints_them_not_a_count(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import run

    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .bid("n.yaml", bid("Northgate", "lots", wellbeing="at least 60")))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    problems = [
        "bids/n.yaml: price: `lots` is not an amount of money (write the total price as a "
        "number, e.g. 1150000)",
        "bids/n.yaml: outcomes.wellbeing.target: `at least 60`: this target must be a "
        "percentage, because the measure is a share (write it with `%`, e.g. `60%`)"]
    code, output = run("tender", "check", str(builder.root))
    assert code == 1
    assert output.splitlines() == [
        *problems, "note: scores/ann: not returned yet", "note: scores/ben: not returned yet",
        "note: scores/cat: not returned yet",
        "failed: 2 problem(s) in 1 file(s); checked obc.toml, ruleset.obc, 2 bid(s)"]
    code, output = run("tender", "scoresheets", str(builder.root))
    assert code == 0
    assert output.splitlines()[:3] == ["not evaluated: bids/n.yaml",
                                       *(f"  {p}" for p in problems)]
    (builder.root / "bids/n.yaml").unlink()
    assert run("tender", "check", str(builder.root))[1].splitlines()[-1] == \
        "ok: checked obc.toml, ruleset.obc, 1 bid(s)"
