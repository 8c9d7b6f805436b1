"""`obcrules.api.monitor`: the whole of ``obc monitor`` from Python, with the same numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obcrules import api
from obcrules.cli import main
from tests.engine.test_portability import _checked as quirky_ruleset

RULESET = Path(__file__).parents[2] / "rulesets" / "continence.obc"
PEOPLE = """person_id,provider,period,setting,age,continence_problem,continence_treated,wemwbs_start,wemwbs_end
a,OAK,2026-Q1,care_home,80,true,false,40,45
b,OAK,2026-Q1,care_home,80,true,true,40,41
c,OAK,2026-Q1,care_home,80,false,false,,
d,OAK,2026-Q1,care_home,80,true,true,,
"""


def _data(tmp_path: Path, people: str = PEOPLE) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.csv").write_text(people, encoding="utf-8")
    (data / "sessions.csv").write_text("provider,period,session_kind,session_date\n",
                                       encoding="utf-8")
    return data


def test_monitor_from_python_gives_the_numbers_of_the_command(tmp_path: Path) -> None:
    data = _data(tmp_path)
    run = api.monitor(RULESET, data, out=tmp_path / "py")
    # One of the four residents has an untreated problem; two treated ones pay £450 each,
    # one resident whose wellbeing rose by 3 or more pays £200.
    untreated = next(r for r in run.result.document["results"]
                     if r["name"] == "untreated_continence")
    assert (untreated["value"], untreated["status"]) == (0.25, "missed")
    assert [(p["line"], p["people"], p["amount"]) for p in run.result.document["payments"]] == [
        ("untreated_continence", 2, "900.00"), ("wellbeing", 1, "200.00")]
    assert run.result.document["payment_totals"][0]["total"] == "960000.00"
    assert run.written == tmp_path / "py" / "monitoring.json"
    assert run.report is None

    cli = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data), "--out",
                                    str(tmp_path / "cli")])
    assert cli.exit_code == 0, cli.output
    summary = api.summary_lines(api.provider_summaries(run.result.document))
    assert cli.output == "\n".join(summary) + f"\nwrote {tmp_path / 'cli'}/monitoring.json\n"
    written = json.loads((tmp_path / "cli" / "monitoring.json").read_text(encoding="utf-8"))
    assert written == run.result.document
    assert run.written.read_text(encoding="utf-8") == run.result.to_json()


def test_monitor_writes_the_report_beside_the_result(tmp_path: Path) -> None:
    run = api.monitor(RULESET, _data(tmp_path), out=tmp_path / "out", report="html")
    assert run.report is not None and run.report.pdf is None
    assert run.report.html == tmp_path / "out" / "monitoring.html"
    assert "960,000" in run.report.html.read_text(encoding="utf-8")


def test_a_report_that_fails_keeps_the_run_and_the_previous_outputs(tmp_path: Path) -> None:
    data = _data(tmp_path)
    before = api.monitor(RULESET, data, out=tmp_path / "out", report="html")
    previous = _outputs(tmp_path / "out")
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "monitoring.html.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(api.MonitorReportError) as caught:
        api.monitor(RULESET, data, out=tmp_path / "out", report="html", templates=templates)
    assert "monitoring.html.j2:1 could not be rendered" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert caught.value.run.result.document == before.result.document
    assert caught.value.run.written is None
    assert _outputs(tmp_path / "out") == previous


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (the staging folder included, were it left), by path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def test_unusable_input_raises_typed_errors(tmp_path: Path) -> None:
    data = _data(tmp_path, PEOPLE.replace(",80,true,false,40,45", ",eighty,true,false,40,45"))
    with pytest.raises(api.UsageError) as missing:
        api.monitor(tmp_path / "none.obc", data, contract=tmp_path / "none.yaml")
    assert missing.value.messages == [f"no such ruleset file: {tmp_path / 'none.obc'}"]
    with pytest.raises(api.UsageError, match="give out"):
        api.monitor(RULESET, data, report="pdf")
    with pytest.raises(api.InvalidData) as invalid:
        api.monitor(RULESET, data, out=tmp_path / "out", strict=True)
    assert invalid.value.result.invalid_rows == 1
    assert invalid.value.written == tmp_path / "out" / "monitoring.json"  # with the list
    assert invalid.value.written.is_file()
    assert api.monitor(RULESET, data).result.invalid_rows == 1


def test_a_function_the_engine_cannot_run_is_refused_before_any_data(tmp_path: Path) -> None:
    checked = quirky_ruleset()
    with pytest.raises(api.UnportableRuleset) as caught:
        api.monitor(checked, tmp_path / "no data", engine="postgres")
    assert caught.value.engine == "postgres"
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("OBC130", 6), ("OBC130", 10)]


def test_the_implementation_release_needs_the_contract_and_the_awards_package(
        tmp_path: Path) -> None:
    data = _data(tmp_path)
    with pytest.raises(api.UsageError) as refused:
        api.monitor(RULESET, data, out=tmp_path / "out", ocds=tmp_path / "ocds.json")
    assert refused.value.argument == "ocds"
    contract = tmp_path / "contract.yaml"
    contract.write_text("schema: obcrules.contract/1\n")
    (tmp_path / "ocds.json").write_text('{"releases": []}')
    with pytest.raises(api.UsageError, match="is not the release package of an award"):
        api.monitor(RULESET, data, out=tmp_path / "out", contract=contract,
                    ocds=tmp_path / "ocds.json")
    assert not (tmp_path / "out").exists()


KILL_BETWEEN_RENAMES = """
import os, sys
from collections.abc import Iterator
from pathlib import Path
import obcrules.io.commit as commit
from obcrules import api

moves = []
real = commit.move_file
def move_file(source, target):
    moves.append(target)
    if len(moves) == int(sys.argv[3]):
        os._exit(9)  # as SIGKILL would: no clean-up of any kind
    real(source, target)
commit.move_file = move_file
api.monitor(sys.argv[1], sys.argv[2], out=sys.argv[4], report="html")
"""


@pytest.mark.slow
@pytest.mark.parametrize("moves", [1, 2, 3, 4])
def test_a_run_killed_between_renames_is_undone_by_the_next(tmp_path: Path, moves: int) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"
    api.monitor(RULESET, _data(tmp_path), out=out, report="html")
    previous = _outputs(out)
    (tmp_path / "changed").mkdir()
    changed = _data(tmp_path / "changed", PEOPLE.replace("true,true,40,41", "true,true,40,49"))
    killed = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(RULESET),
                             str(changed), str(moves), str(out)], check=False,
                            capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert (out / ".monitor-commit" / "manifest.json").is_file()
    assert _outputs(out) != previous
    with pytest.raises(api.UsageError):  # any next run into out, even one that stops early
        api.monitor(RULESET, changed, out=out, report="pdf", ocds=tmp_path / "none.json")
    assert _outputs(out) == previous
    again = api.monitor(RULESET, changed, out=out, report="html")
    assert again.written is not None and sorted(_outputs(out)) == sorted(previous)
    assert _outputs(out) != previous


def test_an_error_between_renames_puts_the_previous_outputs_back_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import obcrules.io.commit as commit

    out = tmp_path / "out"
    data = _data(tmp_path)
    api.monitor(RULESET, data, out=out, report="html")
    previous = _outputs(out)
    real, moves = commit.move_file, []

    def failing(source: Path, target: Path) -> None:
        moves.append(target)
        if len(moves) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(commit, "move_file", failing)
    with pytest.raises(api.WriteError) as caught:
        api.monitor(RULESET, data, out=out, report="html")
    assert caught.value.path == out and caught.value.error.errno == 28
    monkeypatch.undo()
    assert _outputs(out) == previous


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB file system of its own (tmpfs), for a disk that really fills up; skips where
    this process may not mount one (it needs root)."""
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def _fill(disk: Path, previous: dict[str, bytes]) -> None:
    """Leave room on ``disk`` for the JSON and HTML again, not for a PDF as well."""
    import os

    free = os.statvfs(disk)
    room = sum(len(b) for b in previous.values()) + 16_384
    (disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - room))


def _remount_read_only(disk: Path, previous: dict[str, bytes]) -> None:
    import subprocess

    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)


@pytest.mark.parametrize(("spoil", "reason"), [(_fill, "No space left on device"),
                                               (_remount_read_only, "Read-only file system")])
def test_monitor_pdf_on_a_full_or_read_only_disk_fails_clearly_and_keeps_the_outputs(
        tmp_path: Path, small_disk: Path, spoil: Any, reason: str) -> None:
    out = small_disk / "out"
    data = _data(tmp_path)
    api.monitor(RULESET, data, out=out, report="html")
    previous = _outputs(out)
    spoil(small_disk, previous)
    outcome = CliRunner().invoke(main, ["monitor", str(RULESET), "--data", str(data),
                                        "--out", str(out), "--pdf", "--quiet"])
    assert outcome.exit_code == 1, outcome.output
    assert outcome.output.splitlines()[-1] == (
        f"obc monitor: cannot write to {out} ({reason}); nothing was written: the previous "
        "outputs are as they were")
    assert _outputs(out) == previous


@pytest.mark.parametrize("call", [
    lambda tmp: api.monitor(RULESET, tmp, out=tmp, report="pdf", pdf_variant="pdf/x-4"),
    lambda tmp: api.report_framework(RULESET, tmp, pdf_variant="pdf/x-4"),
    lambda tmp: api.tender_report(tmp, pdf_variant="pdf/x-4"),
])
def test_an_unknown_pdf_variant_is_a_usage_error_before_any_work(call: Any,
                                                                   tmp_path: Path) -> None:
    with pytest.raises(api.UsageError, match="no PDF variant 'pdf/x-4': choose pdf/ua-1 or "
                                             "pdf/a-3b"):
        call(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_only_what_a_monitoring_run_wrote_is_removed_as_stale(tmp_path: Path) -> None:
    """An implementation release an earlier run wrote goes with its result; an award's
    ocds.json in the same folder (a tender's out/) is never touched."""
    data = _data(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    award = '{"releases": [{"tag": ["award", "contract"]}]}'
    (out / "ocds.json").write_text(award)
    run = api.monitor(RULESET, data, out=out)
    assert run.removed == () and (out / "ocds.json").read_text() == award

    (out / "ocds.json").write_text('{"releases": [{"tag": ["implementation"]}]}')
    run = api.monitor(RULESET, data, out=out)
    assert run.removed == (out / "ocds.json",) and not (out / "ocds.json").exists()
