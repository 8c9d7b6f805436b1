"""The parser facade (`obcrules.syntax.parser`): the grammar builds without conflicts, names its
spec, and ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from obcrules.syntax.parser import build_parser, grammar_text

ROOT = Path(__file__).parents[2]


def test_the_grammar_builds_with_lark_strict_mode() -> None:
    build_parser(strict=True)  # raises on any shift/reduce conflict or terminal collision


def test_the_grammar_names_the_spec_version_it_implements() -> None:
    assert 'Implements: "The obc language, version 1"' in grammar_text()


def test_there_is_one_grammar_file() -> None:
    grammars = [p for p in ROOT.rglob("*.lark") if ".venv" not in p.parts
                and "build" not in p.parts]
    assert [p.relative_to(ROOT).as_posix() for p in grammars] == ["grammar/obc.lark"]


@pytest.mark.slow
def test_the_wheel_ships_the_grammar_and_parses_a_ruleset(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(ROOT)], check=True)
    wheel = next((tmp_path / "dist").glob("obcrules-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    # Dependencies come from this environment's site-packages; the package from the wheel.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(target), sysconfig.get_paths()["purelib"]])}
    script = (
        "import obcrules, pathlib; from obcrules.syntax.parser import parse_source;"
        "r = parse_source(pathlib.Path(r'%s').read_text(), 'x.obc');"
        "assert r.diagnostics == [], r.diagnostics;"
        "print(obcrules.__file__)" % (ROOT / "tests" / "fixtures" / "spec_example.obc")
    )
    out = subprocess.run([str(python), "-c", script], env=env, check=True, capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.stdout.strip().startswith(str(target))
