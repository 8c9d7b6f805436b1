"""The command line (the `obcrules.cli` package as a whole) is thin: each command parses options,
calls `obcrules.api` and prints.

A CLI module imports nothing of obcrules but `obcrules.api`, `obcrules.diagnostics`
(renderers, exit codes), other `obcrules.cli` modules and `obcrules` itself; every
api name it uses is exported and documented; ``obc --help`` loads no engine,
tender, reports or their libraries.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import obcrules.cli
from obcrules import api

CLI = Path(obcrules.cli.__file__).parent
MODULES = sorted(CLI.glob("*.py"))
ALLOWED = ("obcrules.api", "obcrules.diagnostics", "obcrules.cli",
           "obcrules.web.launch")  # `obc serve` starts the web app, a front end of its own
HEAVY = ("obcrules.engine", "obcrules.tender", "obcrules.reports", "duckdb", "sqlglot",
         "weasyprint", "pyarrow", "openpyxl", "jinja2")


def _imports(tree: ast.AST) -> list[str]:
    """Every module an import statement anywhere in ``tree`` names (``from a import b``
    names ``a.b`` too, as ``b`` may be a module)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(["obcrules", "cli", *([base] if base else [])])
            found.append(base)
            if base == "obcrules":
                found += [f"obcrules.{alias.name}" for alias in node.names
                          if alias.name != "__version__"]
    return found


def _api_names(tree: ast.AST) -> set[str]:
    """The attributes a module reads from ``api`` (``api.monitor``, ``api.UsageError``)."""
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "api"}


def test_the_cli_modules_are_found() -> None:
    assert {p.stem for p in MODULES} >= {"__init__", "check", "fmt", "monitor", "plugins",
                                         "report", "ruleset_tests", "tender", "tender_report",
                                         "demo"}


@pytest.mark.parametrize("module", MODULES, ids=[p.stem for p in MODULES])
def test_a_cli_module_imports_only_the_api(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    inner = [name for name in _imports(tree)
             if name.startswith("obcrules.")
             and not any(name == a or name.startswith(f"{a}.") for a in ALLOWED)]
    assert inner == [], f"{module.name} reaches past obcrules.api: {inner}"


def test_every_api_name_the_cli_uses_is_exported_and_documented() -> None:
    used = set().union(*(_api_names(ast.parse(p.read_text(encoding="utf-8"))) for p in MODULES))
    assert {"check", "format_files", "plugins", "new_plugin", "sample_data", "monitor",
            "test_rulesets", "tender_init", "tender_template", "tender_scoresheets",
            "tender_moderate", "tender_evaluate", "tender_award", "tender_verify",
            "tender_report", "report_framework", "demo", "status_table"} <= used
    assert used <= set(api.__all__), sorted(used - set(api.__all__))
    for name in sorted(used):
        value = getattr(api, name)
        assert (value.__doc__ or "").strip(), f"api.{name} has no docstring"


def test_obc_help_and_the_api_load_nothing_heavy() -> None:
    script = ("import sys\n"
              "from click.testing import CliRunner\n"
              "import obcrules.api\n"
              "from obcrules.cli import main\n"
              "result = CliRunner().invoke(main, ['--help'])\n"
              "assert result.exit_code == 0 and 'monitor' in result.output, result.output\n"
              f"heavy = [m for m in sys.modules if m.startswith({HEAVY!r})]\n"
              "assert not heavy, heavy\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]


# ---------------------------------------------------------------------------
# `obc check` loads only what checking needs (no data engine, SQL, PDF or Arrow), and
# `obc --help` not even the model.
#
# Start-up dominates checking a small file (an editor or a pre-commit hook runs it
# on every save), and these four cost about a second to import between them.


REPO = Path(__file__).parents[2]
HEAVY_FOR_CHECK = {"duckdb", "sqlglot", "weasyprint", "pyarrow"}

SCRIPT = """
import sys
from obcrules.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert exit.code == 0, exit.code
print("imported:", *sorted({name.split(".")[0] for name in sys.modules}))
"""


def imported_by(*arguments: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages imported by ``obc ARGUMENTS`` (which must exit 0)."""
    run = subprocess.run([sys.executable, "-c", SCRIPT, *arguments],
                         capture_output=True, text=True, cwd=REPO, check=True,
                         env=None if env is None else {**os.environ, **env})
    return set(run.stdout.splitlines()[-1].split()[1:])


def test_obc_check_imports_no_engine_sql_pdf_or_arrow() -> None:
    rulesets = sorted(str(p) for p in (REPO / "rulesets").glob("*.obc"))
    assert len(rulesets) > 5  # every example: each service, tenders, payments
    imported = imported_by("check", *rulesets)
    assert "obcrules" in imported
    assert imported & HEAVY_FOR_CHECK == set()


def test_obc_check_loads_no_lark_once_its_parse_plan_is_kept(tmp_path: Path) -> None:
    """The first run builds the parse plan with lark and keeps it; every later run of a valid
    ruleset reads the plan and never imports lark (about 60 ms of start-up)."""
    ruleset = str(REPO / "rulesets" / "end_of_life.obc")
    cache = {"XDG_CACHE_HOME": str(tmp_path)}
    assert "lark" in imported_by("check", ruleset, env=cache)
    kept = sorted(p.name.split("-")[0] for p in (tmp_path / "obcrules").iterdir())
    assert kept == ["parser", "plan"]
    assert "lark" not in imported_by("check", ruleset, env=cache)


def test_obc_help_imports_neither_the_models_nor_the_parser() -> None:
    imported = imported_by("--help")
    assert "click" in imported
    assert imported & {*HEAVY_FOR_CHECK, "pydantic", "lark", "pluggy"} == set()


def test_every_name_of_the_api_is_found_where_it_lives() -> None:
    from obcrules import api

    assert set(api._LAZY) == set(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_the_console_script_keeps_exit_codes_and_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.obc"
    bad.write_text('ruleset x "X":\n    servce care\n', encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-c", "from obcrules.cli import run; run()",
                            *arguments], capture_output=True, text=True, cwd=REPO)
            for arguments in (["check", "rulesets/continence.obc"], ["check", str(bad)],
                              ["no-such-command"])]
    assert [r.returncode for r in runs] == [0, 1, 2]
    assert runs[0].stdout.strip().endswith("ok: 1 file(s), 0 error(s), 0 warning(s)")
    assert "error[" in runs[1].stdout
