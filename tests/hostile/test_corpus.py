"""Runs every case of the hostile corpus (`corpus`; the cases are in ``cases_*.py``) through
``obc`` in this process, with stdout, stderr, the process's file descriptors and every log
record captured, and asserts for each what `corpus` promises."""

from __future__ import annotations

import importlib
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obcrules.cli import main
from tests.engine.warehouse_data import postgres_dsn, required_service
from tests.hostile.corpus import RULESETS, Case, Workspace, files_under, live_formulas

AREAS = sorted(p.stem for p in Path(__file__).parent.glob("cases_*.py")
               if p.stem != "cases_tender")
"""Every area but the tender's, whose cases set up whole workspaces and run through
`test_tender_corpus.py` (the same assertions, with its own `Case`)."""


DRIVERS = {"postgres": "psycopg", "spark": "pyspark"}
"""Each engine's driver, an optional extra: a case that runs an engine skips without it."""


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for area in AREAS:
        cases += importlib.import_module(f"tests.hostile.{area}").CASES
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "two cases of the corpus share an id"
    return cases


@pytest.fixture
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """The case's folder; with ``needs="postgres"``, a fresh schema on the test server."""
    case: Case = request.node.callspec.params["case"]
    root = tmp_path / "case"
    root.mkdir()
    for engine, driver in DRIVERS.items():
        if case.needs == engine or engine in case.args:
            pytest.importorskip(driver, reason=f"the {engine} engine's driver is not installed "
                                f"(pip install 'obcrules[{engine}]'; .ci/run does)")
    if case.needs == "spark":
        required_service("OBC_TEST_SPARK", "no Spark to test against (.ci/services.sh)")
    if case.needs != "postgres":
        yield Workspace(root)
        return
    dsn = postgres_dsn()
    psycopg = pytest.importorskip("psycopg")

    schema = f"h_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            yield Workspace(root, dsn, schema)
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_hostile_input(case: Case, workspace: Workspace, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                       capfd: pytest.CaptureFixture[str]) -> None:
    root = workspace.root
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.chdir(root)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    places = {"root": str(root), "rulesets": str(RULESETS), "pg": workspace.pg_dsn or ""}
    if case.setup is not None:
        places |= case.setup(workspace) or {}
    before = files_under(root)
    if case.fault is not None:
        case.fault(monkeypatch, root)
    args = [_placed(a, places) for a in case.args]
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(main, args)
    monkeypatch.undo()  # the fault's patches, before the checks read files
    captured = capfd.readouterr()
    output = result.output + captured.out + captured.err
    crash_logs = sorted(cache.rglob("crash-*.log")) if cache.exists() else []

    assert "Traceback" not in output, output
    assert crash_logs == [], crash_logs[0].read_text(encoding="utf-8")
    assert not (result.exception and not isinstance(result.exception, SystemExit)), output
    assert result.exit_code == case.exit, output
    assert _placed(case.message, places) in output, output
    for fragment in case.forbidden:
        assert fragment not in output, f"{fragment!r} in the output:\n{output}"
    written = [p for p, mtime in files_under(root).items() if before.get(p) != mtime]
    for secret in case.secrets:
        assert secret not in output, f"{secret!r} on the terminal:\n{output}"
        assert secret not in caplog.text, f"{secret!r} in a log record:\n{caplog.text}"
        for path in written:
            assert secret.encode() not in path.read_bytes(), f"{secret!r} in {path}"
    for path in written:
        assert live_formulas(path) == [], path
    if case.check is not None:
        case.check(root)


def _placed(argument: str, places: dict[str, Any]) -> str:
    for name, value in places.items():
        argument = argument.replace(f"{{{name}}}", str(value))
    return argument
