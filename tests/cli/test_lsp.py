"""``obc lsp``: starts the language server through `api.serve_language`; exit 2 without it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from obcrules import api
from obcrules.cli import main


def test_help_says_what_it_is() -> None:
    result = CliRunner().invoke(main, ["lsp", "--help"])
    assert result.exit_code == 0
    assert "language server" in result.output
    assert "lsp" in CliRunner().invoke(main, ["--help"]).output


def test_it_calls_the_api_and_accepts_stdio(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(api, "serve_language", lambda: calls.append("served"))
    result = CliRunner().invoke(main, ["lsp", "--stdio"])
    assert result.exit_code == 0
    assert calls == ["served"]


def test_without_the_extra_it_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise api.UsageError("the language server needs pygls: pip install 'obcrules[lsp]'")

    monkeypatch.setattr(api, "serve_language", missing)
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    assert "obc lsp: the language server needs pygls" in result.output
