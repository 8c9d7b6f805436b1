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
    assert "1 item needs an agreed score" in refused.output
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


def test_the_award_lifecycle_from_the_command_line(build, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    from tests.cli.conftest import run
    from tests.tender.conftest import awarded

    builder = awarded(build())
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    root = str(builder.root)
    builder.moderation([("B", "quality", 5, "agreed at the panel")])
    code, output = run("tender", "evaluate", root)
    assert code == 1 and "Traceback" not in output
    assert "obc tender: lot `lot1` was awarded to A by `tender award` at audit line 2" in output
    assert "\n  moderation.csv: added since the award (sha256 " in output
    code, output = run("tender", "evaluate", root, "--supersede")
    assert code == 2 and "say why the award is superseded" in output
    code, output = run("tender", "evaluate", root, "--reason", "typo")
    assert code == 2 and "add --supersede" in output
    code, output = run("tender", "evaluate", root, "--supersede", "--reason",
                       "Moderation note for B was missing")
    assert code == 0, output
    assert output.splitlines()[0] == "1. B: 100.00"
    assert ('superseded the award of audit line 2 to A (supersession 1, reason: "Moderation '
            'note for B was missing"): its outputs moved to out/superseded/1/') in output
    code, output = run("tender", "award", root, "--date", "2026-03-04")
    assert code == 0 and "awarded to B (100.00)" in output
    code, output = run("tender", "history", root)
    assert code == 0
    assert "  3  " in output and "SUPERSEDES the award of line 2 (supersession 1)" in output
    assert output.splitlines()[-2].startswith("state: awarded to B (audit line 4, ")
    code, seal = run("tender", "seal", root)
    assert code == 0 and seal.startswith("obc tender seal\n")
    head = seal.split("--sealed ")[1].strip()
    code, output = run("tender", "verify", root, "--sealed", head)
    assert code == 0, output
    assert output.splitlines()[0].startswith("superseded: supersession 1 at audit line 3 (")
    assert "note: the seal matches audit line 4 (tender award, " in output
    code, output = run("tender", "verify", root, "--sealed", "0" * 64)
    assert code == 1 and f"seal: the sealed head {'0' * 64} is the hash of no line" in output
    code, output = run("tender", "verify", root, "--sealed", "abc")
    assert code == 2 and "give the 64 hexadecimal digits `obc tender seal` printed" in output
    (builder.root / "out/contract.yaml").write_text("provider: B\nprice: '1'\n")
    code, output = run("tender", "seal", root)
    assert code == 1 and "the workspace does not verify (1 finding(s))" in output
    (builder.root / "out/audit.jsonl").write_text("")
    code, output = run("tender", "verify", root)
    assert code == 1 and "log: out/audit.jsonl is empty, but out/ holds 6 file(s)" in output


def test_evaluate_says_when_a_tie_rule_decided_the_order(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    # A and B both total 88.00; the names decided, as out/evaluation.json records. The
    # output listed "2. A: 88.00" and "3. B: 88.00" without saying why A came first.
    from tests.cli.conftest import run

    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .bid("c.yaml", bid("C", "142857.14"))
               .quality({"A": (4, 4, 4), "B": (4, 4, 4), "C": (5, 5, 5)}))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    code, output = run("tender", "evaluate", str(builder.root))
    assert code == 0, output
    assert output.splitlines()[:5] == [
        "1. C: 88.00", "2. A: 88.00", "3. B: 88.00",
        "tie: C and A on 88.00: decided by quality, the lot's tie-break criterion, so C ranks "
        "above A",
        "tie: A and B on 88.00: decided by the bidders' names in alphabetical order, the last "
        "rule, since the bids were level on every rule before it, so A ranks above B"]


def test_withdraw_from_the_command_line(build, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from tests.cli.conftest import run
    from tests.tender.conftest import awarded

    builder = awarded(build())
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    root = str(builder.root)
    code, output = run("tender", "withdraw", root, "B")
    assert code == 2 and "Missing option '--reason'" in output
    code, output = run("tender", "withdraw", root, "B", "--reason", "  ")
    assert code == 2 and "say why the bid is withdrawn" in output
    code, output = run("tender", "withdraw", root, "B", "--reason", "late\x1b[2J")
    assert code == 2 and "no control characters" in output
    code, output = run("tender", "withdraw", root, "Dunmore", "--reason", "letter")
    assert code == 1 and "no bid in bids/ is from `Dunmore`" in output
    code, output = run("tender", "withdraw", root, "B", "--reason", "letter")
    assert code == 1 and "Traceback" not in output
    assert "was awarded to A by `tender award` at audit line 2" in output
    assert f'run `obc tender withdraw {root} "B" --reason "why" --supersede`' in output
    code, output = run("tender", "withdraw", root, "B", "--reason", "Letter of 3 March",
                       "--supersede", "--format", "json")
    assert code == 0, output
    document = json.loads(output)
    assert document["withdrawal"]["bidder"] == "B"
    assert document["withdrawal"]["reason"] == "Letter of 3 March"
    assert any(m.startswith("superseded the award of audit line 2 to A")
               for m in document["messages"])
    code, output = run("tender", "evaluate", root, "-q")
    assert code == 0, output
    code, output = run("tender", "history", root)
    assert 'withdrew the bid of B (bids/b.yaml): "Letter of 3 March"' in output
    assert "winner: A → to be decided by a new evaluation (a bid was withdrawn)" in output
    code, output = run("tender", "verify", root)
    assert code == 0, output


def test_invite_prints_a_one_time_link_and_revoke_ends_it(build) -> None:
    from obcrules import api
    from tests.cli.conftest import run

    builder = build().write()
    code, output = run("tender", "invite", str(builder.root), "--role", "evaluator",
                       "--name", "ann", "--url", "https://panel.example/")
    assert code == 0, output
    link = output.splitlines()[1]
    assert link.startswith("one-time sign-in link: https://panel.example/signin/p")
    token = link.rsplit("/", 1)[1]
    stored = (builder.root / "out" / "people.json").read_text()
    assert token.split(".")[1] not in stored and "scrypt$" in stored
    code, output = run("tender", "invite", str(builder.root), "--role", "evaluator",
                       "--name", "Dan")
    assert code == 1 and "name the evaluator's sheet with --evaluator" in output
    code, output = run("tender", "people", str(builder.root))
    assert "evaluator  ann [ann]: link not used yet" in output
    code, output = run("tender", "revoke", str(builder.root), "ann")
    assert code == 0 and output.startswith("revoked ann (evaluator")
    with pytest.raises(api.SignInRefused):
        api.panel_sign_in(builder.root, token)
    assert [e.command for e in api.tender_history(builder.root).events][-2:] == [
        "tender invite", "tender revoke"]
    assert run("tender", "verify", str(builder.root))[0] == 0


def test_tender_commands_report_as_json_and_keep_quiet(build, monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    import json

    from obcrules.cli import main

    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .bid("n.yaml", bid("Northgate", "lots")))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    outcome = CliRunner().invoke(main, ["tender", "check", str(builder.root), "--format",
                                        "json"])
    document = json.loads(outcome.stdout)
    assert (outcome.exit_code, document["exit_code"], document["command"]) == (
        1, 1, "obc tender check")
    assert document["messages"][-1].startswith("failed: 1 problem(s) in 1 file(s)")
    outcome = CliRunner().invoke(main, ["tender", "scoresheets", str(builder.root), "-q"])
    assert outcome.exit_code == 0
    assert "wrote" not in outcome.stdout
    outcome = CliRunner().invoke(main, ["tender", "scoresheets", str(builder.root), "--format",
                                        "json"])
    document = json.loads(outcome.stdout)
    assert document["written"] and all(isinstance(p, str) for p in document["written"])
