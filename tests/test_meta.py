"""Contracts that keep the code base honest: every module imports cleanly, warnings as errors."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import obcrules


def _modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(obcrules.__path__, prefix="obcrules.")
        if not info.name.startswith("obcrules.scaffold")
    )


def test_every_module_imports_under_warnings_as_errors() -> None:
    modules = _modules()
    assert "obcrules.syntax.parser" in modules and "obcrules.engine.run" in modules
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-W", "error", "-c", script, *modules],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_importing_obcrules_has_no_side_effects() -> None:
    script = ("import sys, obcrules\n"
              "loaded = [m for m in sys.modules if m.startswith(('obcrules_', 'duckdb', "
              "'weasyprint'))]\n"
              "assert not loaded, loaded\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
