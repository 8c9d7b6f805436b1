"""Shared by the command-line tests: `run` a command, the spec example, and the tender
tests' workspace builder (the `build` fixture)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from obcrules.cli import main
from tests.tender.conftest import build  # noqa: F401  (the fixture, shared with tests/tender)

SPEC = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output
