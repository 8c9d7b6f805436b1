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


def test_a_framework_without_a_pdf_removes_the_earlier_pdf_and_a_failed_one_keeps_both(
        tmp_path: Path) -> None:
    """framework.html and .pdf are put in place together: asked for without a PDF, the
    earlier PDF (perhaps of an earlier ruleset) goes with the new HTML, said; a run whose
    template fails leaves both earlier files as they were."""
    from click.testing import CliRunner

    from obcrules.cli import main

    ruleset = Path(__file__).parents[2] / "rulesets" / "continence.obc"
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(main, ["report", "framework", str(ruleset), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["framework.html", "framework.pdf"]

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "framework.html.j2").write_text("{{ no_such.value }}", encoding="utf-8")
    failed = runner.invoke(main, ["report", "framework", str(ruleset), "--out", str(out),
                                  "--templates", str(broken), "--no-pdf"])
    assert failed.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    again = runner.invoke(main, ["report", "framework", str(ruleset), "--out", str(out),
                                 "--no-pdf"])
    assert again.exit_code == 0, again.output
    assert f"removed {out / 'framework.pdf'}: an earlier run wrote it" in again.output
    assert sorted(p.name for p in out.iterdir()) == ["framework.html"]
