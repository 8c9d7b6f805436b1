"""The server end to end, through pytest-lsp: what the editor is told as one types, and formatting.

`obcrules.lsp.server` composes the features; each feature's own tests are in the
file of its module (test_hover.py, test_completion.py, test_symbols.py,
test_fixes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import RULESETS, Editor, at, document

EMOJI = "\N{SLIGHTLY SMILING FACE}"
SPEC = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"
EXAMPLES = sorted(p.stem for p in RULESETS.glob("*.obc"))


def continence() -> str:
    return (RULESETS / "continence.obc").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLES)
async def test_every_example_ruleset_opens_without_diagnostics(editor: Editor,
                                                                name: str) -> None:
    uri, _text = await editor.open_ruleset(name)
    assert list(await editor.diagnostics(uri)) == []


async def test_a_typo_is_reported_on_the_word_with_its_suggestion(editor: Editor) -> None:
    text = continence().replace("where continence_problem and not",
                                "where continence_problm and not")
    uri = await editor.open(text)
    (found,) = await editor.diagnostics(uri)
    assert (found.code, found.severity, found.source) == (
        "OBC102", types.DiagnosticSeverity.Error, "obc")
    assert found.message == ("`continence_problm` is not a field of `people`\n"
                             "help: did you mean `continence_problem`?")
    start = at(text, "continence_problm")
    assert found.range == types.Range(start=start, end=types.Position(
        line=start.line, character=start.character + len("continence_problm")))


async def test_every_error_of_the_file_is_reported_in_utf16_after_an_emoji(
        editor: Editor) -> None:
    text = continence().replace('setting = "care_home" and age >= 65',
                                f'setting = "{EMOJI}" and agee >= 65')
    uri = await editor.open(text)
    found = {d.code: d for d in await editor.diagnostics(uri)}
    assert set(found) == {"OBC117", "OBC102"}
    line = text.splitlines()[at(text, "agee").line]
    assert found["OBC102"].range.start.character == line.index("agee") + 1  # the emoji is 2
    assert found["OBC117"].range.end.character - found["OBC117"].range.start.character == 4


async def test_a_syntax_error_after_an_emoji_in_a_title(editor: Editor) -> None:
    text = continence().replace('"Care home residents aged 65+":',
                                f'"Care home {EMOJI} residents" aged:')
    uri = await editor.open(text)
    (found,) = await editor.diagnostics(uri)
    assert found.range.start == at(text, "aged:")
    line = next(line for line in text.splitlines() if "aged:" in line)
    assert at(text, "aged:").character == line.index("aged:") + 1


async def test_diagnostics_follow_typing(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    where = at(text, "age >= 65")
    editor.type(uri, where.line, where.character + 3, "e")  # age -> agee
    (found,) = await editor.diagnostics(uri)
    assert found.code == "OBC102"
    assert found.range.start == where
    editor.change(uri, text)
    assert list(await editor.diagnostics(uri)) == []


async def test_closing_a_document_clears_its_diagnostics(editor: Editor) -> None:
    uri = await editor.open(continence().replace("age >= 65", "agee >= 65"))
    assert len(await editor.diagnostics(uri)) == 1
    editor.client.diagnostics.pop(uri)
    editor.close(uri)
    assert list(await editor.diagnostics(uri)) == []


async def test_formatting_lays_out_the_whole_document(editor: Editor) -> None:
    text = continence().replace("level final  # final", "level   final # final")
    text = text.replace("in (", "in(").replace("\n\noutput", "\n\n\n\noutput")
    uri = await editor.open(text)
    edits = await editor.client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=document(uri),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert edits is not None
    (edit,) = edits
    assert edit.range.start == types.Position(line=0, character=0)
    assert edit.new_text == continence()


async def test_formatting_leaves_a_document_that_does_not_parse(editor: Editor) -> None:
    uri = await editor.open(continence().replace("target less than 10%", "target lss than 10%"))
    edits = await editor.client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=document(uri),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert not edits


async def test_a_formatted_document_needs_no_edit(editor: Editor) -> None:
    uri, _text = await editor.open_ruleset("continence")
    edits = await editor.client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=document(uri),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert edits is not None and len(edits) == 0


def warned() -> str:
    """The spec example with two warnings: OBC204 (line 11) and OBC202 (line 22)."""
    return SPEC.read_text(encoding="utf-8").replace(
        "    evidence objective                   # objective | self_reported",
        "    evidence self_reported").replace("    verify survey every year\n", "")


async def test_the_editor_shows_what_obc_check_reports_under_the_folder_s_settings(
        editor: Editor, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the project's root: settings above it are not read
    uri = await editor.open_at(tmp_path / "a.obc", warned())
    assert sorted(d.code for d in await editor.diagnostics(uri)) == ["OBC202", "OBC204"]

    (tmp_path / "obc.toml").write_text('ignore = ["OBC204"]\nwarnings-as-errors = true\n',
                                       encoding="utf-8")
    uri = await editor.open_at(tmp_path / "b.obc", warned())
    (shown,) = await editor.diagnostics(uri)
    assert (shown.code, shown.severity) == ("OBC202", types.DiagnosticSeverity.Error)

    (tmp_path / "obc.toml").unlink()
    text = warned().replace(
        'outcome untreated_continence "Fewer residents live with an untreated continence '
        'problem":', 'outcome untreated_continence "Fewer residents live with an untreated '
        'continence problem":  # obc: ignore[OBC204]')
    uri = await editor.open_at(tmp_path / "c.obc", text)
    assert [d.code for d in await editor.diagnostics(uri)] == ["OBC202"]


async def test_unreadable_settings_show_every_finding_and_say_why(editor: Editor,
                                                                   tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "obc.toml").write_text('warnings-as-errors = "yes"\n', encoding="utf-8")
    uri = await editor.open_at(tmp_path / "a.obc", warned())
    assert sorted(d.code for d in await editor.diagnostics(uri)) == ["OBC202", "OBC204"]
    assert any("warnings-as-errors must be true or false" in m.message
               for m in editor.client.messages)
