"""``obc plugins``, ``obc plugin new`` and ``obc sample-data``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from tests.cli.conftest import run


def test_plugins_lists_each_plugin_with_what_it_declares() -> None:
    code, out = run("plugins")
    assert code == 0
    assert "core 0.1.0 (obcrules.builtin)\n  tables: people (7 fields)\n" in out
    assert "housing 0.1.0 (obcrules_housing)\n  tables: tenancies (7 fields)\n" in out
    assert (
        "  derived tables: accommodation_sustainment (16 fields, from tenancies, people), "
        "tenancy_sustainment (6 fields, from tenancies)\n"
        "  functions: sustained(start, end, duration), tenancy_failed(start, end, duration)\n"
        "  checks: HOU001 new-tenancies-in-denominator, HOU002 accommodation-outcome-not-due\n"
    ) in out
    assert "  checks: MH001 recovery-without-caseness, MH002 rate-not-over-finished-treatment\n" in out


def test_sample_data_writes_one_csv_per_table(tmp_path: Path) -> None:
    code, out = run("sample-data", "housing", "--rows", "300", "--out", str(tmp_path))
    assert code == 0
    assert out.splitlines() == [
        f"wrote {tmp_path / 'people.csv'}",
        f"wrote {tmp_path / 'tenancies.csv'}",
        f"wrote {tmp_path / 'referrals.csv'}",   # the commissioner's, for `cohort referrals`
    ]
    people = pa_csv.read_csv(tmp_path / "people.csv")
    assert people.num_rows == 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv", "referrals.csv",
                                                          "tenancies.csv"]
    referrals = pa_csv.read_csv(tmp_path / "referrals.csv")
    assert referrals.column_names == ["person_id", "provider", "referred_on"]


def test_sample_data_as_parquet_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        code, _ = run(
            "sample-data",
            "mental_health",
            "--rows",
            "250",
            "--out",
            str(tmp_path / folder),
            "--format",
            "parquet",
            "--seed",
            "9",
        )
        assert code == 0
    a = pq.read_table(tmp_path / "a" / "people.parquet")
    assert a.equals(pq.read_table(tmp_path / "b" / "people.parquet"))
    assert a.num_rows == 250


def test_sample_data_for_an_unknown_service_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("sample-data", "parks", "--rows", "10", "--out", str(tmp_path))
    assert code == 2
    assert out.strip() == (
        "obc sample-data: no sample data for service 'parks' (installed: adult_social_care, "
        "childrens_services, employment, housing, justice, mental_health)"
    )
    assert list(tmp_path.iterdir()) == []


def test_plugin_new_refuses_a_bad_name_and_an_existing_folder(tmp_path: Path) -> None:
    code, out = run("plugin", "new", "Youth-Justice", "--dir", str(tmp_path))
    assert code == 2
    assert out.startswith("obc plugin new: 'Youth-Justice' is not a valid service name")
    (tmp_path / "obcrules-parks").mkdir()
    (tmp_path / "obcrules-parks" / "keep.txt").write_text("mine")
    code, out = run("plugin", "new", "parks", "--dir", str(tmp_path))
    assert code == 2
    assert "obcrules-parks already exists and is not empty" in out


@pytest.mark.slow
def test_plugin_new_scaffolds_a_plugin_whose_tests_pass(tmp_path: Path) -> None:
    code, out = run("plugin", "new", "youth_justice", "--dir", str(tmp_path))
    target = tmp_path / "obcrules-youth-justice"
    assert code == 0
    assert out.splitlines()[0] == f"created {target}"
    assert (target / "src" / "obcrules_youth_justice" / "checks.py").is_file()
    pyproject = (target / "pyproject.toml").read_text()
    assert '[project.entry-points.obcrules]\nyouth_justice = "obcrules_youth_justice"' in pyproject
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


def test_plugins_as_json() -> None:
    import json

    from click.testing import CliRunner

    from obcrules.cli import main

    outcome = CliRunner().invoke(main, ["plugins", "--format", "json"])
    document = json.loads(outcome.stdout)
    assert (document["schema"], document["exit_code"]) == ("obcrules.cli/1", outcome.exit_code)
    names = {p["name"] for p in document["plugins"]}
    assert {"core", "adult_social_care"} <= names
    assert all({"version", "tables", "functions"} <= set(p) for p in document["plugins"])
