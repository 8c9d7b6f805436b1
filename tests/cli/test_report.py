"""``obc report``: a broken user template is named, not a traceback."""

from __future__ import annotations

from pathlib import Path


def test_a_broken_user_template_is_named_not_a_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from obcrules.cli import main

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "framework.html.j2").write_text("{% if %}", encoding="utf-8")
    ruleset = Path(__file__).parents[2] / "rulesets" / "continence.obc"
    result = CliRunner().invoke(main, ["report", "framework", str(ruleset), "--out",
                                       str(tmp_path / "out"), "--templates", str(folder),
                                       "--no-pdf"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"the report template {folder / 'framework.html.j2'}:1 could not be rendered: " \
        "Expected an expression, got 'end of statement block'" in result.output
