"""Contracts that keep the code base honest: every module imports cleanly, warnings as errors;
every package sits on a floor of the layers; the tests mirror the source tree."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

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


def test_every_package_of_the_core_sits_on_a_floor_of_the_layers_contract() -> None:
    import tomllib
    from pathlib import Path

    root = Path(__file__).parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"]
                  if c["type"] == "layers")
    assert not layers.get("ignore_imports"), "the layers contract takes no ignores"
    placed = {name.strip() for floor in layers["layers"] for name in floor.split("|")}
    top = {f"obcrules.{info.name}" for info in pkgutil.iter_modules(obcrules.__path__)}
    assert top == placed, f"not on a floor: {sorted(top - placed)}; unknown: {sorted(placed - top)}"


NOT_MIRRORS = {"golden", "fixtures", "docs", "hostile", "__pycache__"}
"""Folders of tests/ that hold data, or tests of no package: the docs; the hostile corpus,
whose cases run obc as a whole through its command line, each area's cases in one table
rather than beside the module that happens to refuse them. See tests/README.md."""


def test_every_test_folder_mirrors_a_package_of_the_core() -> None:
    tests = Path(__file__).parent
    source = Path(obcrules.__file__).parent
    folders = [path.relative_to(tests) for path in tests.rglob("*") if path.is_dir()]
    mirrors = [folder for folder in folders
               if not NOT_MIRRORS & set(folder.parts) and not folder.parts[0].startswith(".")]
    assert Path("tender") in mirrors and Path("reports", "context") in mirrors
    strays = [folder.as_posix() for folder in mirrors
              if not (source / folder / "__init__.py").is_file()]
    assert strays == [], (f"tests/{strays[0]}/ mirrors no package of src/obcrules: put its "
                          "tests in the folder of the package they test (tests/README.md)")
