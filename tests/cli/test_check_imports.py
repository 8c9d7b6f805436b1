"""`obc check` loads only what checking needs (no data engine, SQL, PDF or Arrow), and
`obc --help` not even the model.

Start-up dominates checking a small file (an editor or a pre-commit hook runs it
on every save), and these four cost about a second to import between them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
HEAVY = {"duckdb", "sqlglot", "weasyprint", "pyarrow"}

SCRIPT = """
import sys
from obcrules.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert exit.code == 0, exit.code
print("imported:", *sorted({name.split(".")[0] for name in sys.modules}))
"""


def imported_by(*arguments: str) -> set[str]:
    """The top-level packages imported by ``obc ARGUMENTS`` (which must exit 0)."""
    run = subprocess.run([sys.executable, "-c", SCRIPT, *arguments],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return set(run.stdout.splitlines()[-1].split()[1:])


def test_obc_check_imports_no_engine_sql_pdf_or_arrow() -> None:
    rulesets = sorted(str(p) for p in (ROOT / "rulesets").glob("*.obc"))
    assert len(rulesets) > 5  # every example: each service, tenders, payments
    imported = imported_by("check", *rulesets)
    assert "obcrules" in imported
    assert imported & HEAVY == set()


def test_obc_help_imports_neither_the_models_nor_the_parser() -> None:
    imported = imported_by("--help")
    assert "click" in imported
    assert imported & {*HEAVY, "pydantic", "lark", "pluggy"} == set()


def test_every_name_of_the_api_is_found_where_it_lives() -> None:
    from obcrules import api

    assert set(api._LAZY) == set(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_the_console_script_keeps_exit_codes_and_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.obc"
    bad.write_text('ruleset x "X":\n    servce care\n', encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-c", "from obcrules.cli import run; run()",
                            *arguments], capture_output=True, text=True, cwd=ROOT)
            for arguments in (["check", "rulesets/continence.obc"], ["check", str(bad)],
                              ["no-such-command"])]
    assert [r.returncode for r in runs] == [0, 1, 2]
    assert runs[0].stdout.strip().endswith("ok: 1 file(s), 0 error(s), 0 warning(s)")
    assert "error[" in runs[1].stdout
