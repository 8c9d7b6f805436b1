"""Definition, references, rename and the outline, end to end through pytest-lsp."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import RULESETS, Editor, at, document

BACKTICKS = '''ruleset backticks "An outcome whose name is a keyword":
    service adult_social_care
    currency £

outcome bonus "People stay at home":
    measure share of people where lives_at_home_91d
    target at least 80%
    verify provider_return every quarter

payment:
    `bonus` pays £100 per person
    bonus 5% when bonus beats target by 2 points
'''


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with non-overlapping ``edits`` made (positions in UTF-16, as sent)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character:]
    return "\n".join(lines)


def where(text: str, location: types.Location | types.TextEdit) -> str:
    """The text a location's range covers (one line)."""
    line = text.split("\n")[location.range.start.line]
    return line[location.range.start.character: location.range.end.character]


async def test_definition_of_a_population(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await editor.client.text_document_definition_async(types.DefinitionParams(
        text_document=document(uri), position=at(text, "share of residents where wemwbs", 10)))
    assert isinstance(found, types.Location)
    assert found.uri == uri
    assert found.range.start == at(text, "residents \"Care home")
    assert where(text, found) == "residents"


async def test_definition_of_an_outcome_a_theme_and_a_criterion(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    for use, definition in (("when untreated_continence", "untreated_continence \"Fewer"),
                            ("theme vulnerable\n    measure", "vulnerable \"Support"),
                            ("tie break by approach", "approach \"Approach")):
        offset = len(use.split()[0]) + 1 if " by " not in use else len("tie break by ")
        found = await editor.client.text_document_definition_async(types.DefinitionParams(
            text_document=document(uri), position=at(text, use, offset)))
        assert isinstance(found, types.Location), use
        assert found.range.start == at(text, definition), use


async def test_definition_of_a_keyword_or_a_field_is_nothing(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    for marker in ("measure share", "age >= 65"):
        assert await editor.client.text_document_definition_async(types.DefinitionParams(
            text_document=document(uri), position=at(text, marker, 1))) is None


async def test_references_of_an_outcome(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await editor.client.text_document_references_async(types.ReferenceParams(
        text_document=document(uri), position=at(text, "outcome untreated_continence", 9),
        context=types.ReferenceContext(include_declaration=True)))
    assert found is not None
    lines = [text.split("\n")[loc.range.start.line].strip() for loc in found]
    assert [where(text, loc) for loc in found] == ["untreated_continence"] * 5
    assert lines[0].startswith("outcome untreated_continence")
    assert lines[1] == "contributes to untreated_continence"
    assert lines[2].startswith("untreated_continence pays £450")
    assert lines[3].startswith("bonus 5% when")
    assert lines[4].startswith("penalty 5% when")
    without = await editor.client.text_document_references_async(types.ReferenceParams(
        text_document=document(uri), position=at(text, "outcome untreated_continence", 9),
        context=types.ReferenceContext(include_declaration=False)))
    assert without is not None and len(without) == 4


async def test_rename_an_outcome_everywhere(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    position = at(text, "contributes to untreated_continence", 20)
    prepared = await editor.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=document(uri), position=position))
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "untreated_continence"
    edit = await editor.client.text_document_rename_async(types.RenameParams(
        text_document=document(uri), position=position, new_name="continence_untreated"))
    assert edit is not None and edit.changes is not None
    renamed = apply(text, list(edit.changes[uri]))
    assert renamed == text.replace("untreated_continence", "continence_untreated")
    editor.change(uri, renamed)
    assert list(await editor.diagnostics(uri)) == []


async def test_rename_a_population_a_theme_and_a_criterion(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    for marker, old, new in (("population residents", "residents", "care_residents"),
                             ("theme vulnerable \"", "vulnerable", "frail"),
                             ("criterion approach", "approach", "method")):
        edit = await editor.client.text_document_rename_async(types.RenameParams(
            text_document=document(uri), position=at(text, marker, len(marker.split()[0]) + 2),
            new_name=new))
        assert edit is not None and edit.changes is not None
        edits = list(edit.changes[uri])
        assert {where(text, e) for e in edits} == {old}
        count = sum(1 for e in edits)
        assert count == {"residents": 3, "vulnerable": 2, "approach": 2}[old]


async def test_rename_keeps_the_backticks_of_a_name(editor: Editor) -> None:
    uri = await editor.open(BACKTICKS)
    edit = await editor.client.text_document_rename_async(types.RenameParams(
        text_document=document(uri), position=at(BACKTICKS, "when bonus", 6),
        new_name="at_home"))
    assert edit is not None and edit.changes is not None
    renamed = apply(BACKTICKS, list(edit.changes[uri]))
    assert "outcome at_home \"People" in renamed
    assert "    `at_home` pays £100 per person" in renamed
    assert "bonus 5% when at_home beats" in renamed


@pytest.mark.parametrize(("new_name", "message"), [
    ("Residents", "`Residents` is not a name"),
    ("wellbeing", "there is already an outcome called `wellbeing`"),
])
async def test_rename_refuses_a_bad_or_taken_name(editor: Editor, new_name: str,
                                                  message: str) -> None:
    uri, text = await editor.open_ruleset("continence")
    with pytest.raises(JsonRpcException, match=message):
        await editor.client.text_document_rename_async(types.RenameParams(
            text_document=document(uri), position=at(text, "outcome untreated_continence", 9),
            new_name=new_name))


async def test_nothing_to_rename_on_a_keyword(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    assert await editor.client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=document(uri), position=at(text, "measure share", 2))) is None


async def test_the_outline(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await editor.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document(uri)))
    assert found is not None
    outline = [(s.name, s.kind) for s in found if isinstance(s, types.DocumentSymbol)]
    assert outline == [
        ("continence_care", types.SymbolKind.Module),
        ("residents", types.SymbolKind.Variable),
        ("untreated_continence", types.SymbolKind.Event),
        ("wellbeing", types.SymbolKind.Event),
        ("clinic_sessions", types.SymbolKind.Struct),
        ("policy", types.SymbolKind.Function),
        ("lot1", types.SymbolKind.Package),
        ("payment", types.SymbolKind.Namespace),
    ]
    header, lot = found[0], found[6]
    assert isinstance(header, types.DocumentSymbol) and isinstance(lot, types.DocumentSymbol)
    assert [c.name for c in header.children or []] == ["vulnerable"]
    assert [c.name for c in lot.children or []] == ["approach", "ambition", "social_value",
                                                     "price"]
    assert lot.detail == "tender · Lot 1: care homes in the north locality"
    lines = text.split("\n")
    assert lines[lot.range.start.line].startswith("tender lot1")
    assert lines[lot.range.end.line].strip() == "tie break by approach"
    assert where(text, types.Location(uri=uri, range=lot.selection_range)) == "lot1"


@pytest.mark.parametrize("name", sorted(p.stem for p in RULESETS.glob("*.obc")))
async def test_every_example_has_an_outline_with_every_statement(editor: Editor,
                                                                 name: str) -> None:
    uri, text = await editor.open_ruleset(name)
    found = await editor.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document(uri)))
    assert found is not None
    starts = [line for line in text.split("\n") if line[:1].isalpha()]
    assert len(found) == len(starts)
