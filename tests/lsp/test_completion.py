"""Completion, end to end through pytest-lsp, and the parts it is built from.

Keywords come from the grammar (`obcrules.lsp.expectations`); names from the
ruleset and the vocabulary of its services; target forms from `TARGET_EXAMPLES`.
"""

from __future__ import annotations

from lsprotocol import types

from obcrules.lsp.completion import TARGET_EXAMPLES
from obcrules.lsp.expectations import expected_after
from obcrules.model import TARGET_FORMS
from obcrules.syntax.parser import parse_target
from tests.lsp.conftest import Editor, at, document


async def labels(editor: Editor, uri: str, position: types.Position) -> list[str]:
    found = await editor.client.text_document_completion_async(
        types.CompletionParams(text_document=document(uri), position=position))
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


async def test_after_where_the_fields_of_the_table_in_scope(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await labels(editor, uri, at(text, "from people where ", len("from people where ")))
    assert {"age", "setting", "continence_problem", "lives_at_home_91d"} <= set(found)
    assert {"meaningful_change", "period_start", "period_end", "not", "days"} <= set(found)
    assert "residents" not in found and "measure" not in found


async def test_fields_come_through_a_population_to_its_table(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    marker = "share of residents where "
    found = await labels(editor, uri, at(text, marker, len(marker)))
    assert {"continence_treated", "wemwbs_end"} <= set(found)


async def test_while_typing_a_new_line_that_does_not_parse_yet(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    line = at(text, "output clinic_sessions").line - 1
    editor.type(uri, line, 0, "\npopulation men \"Men\":\n    from residents where ")
    found = await labels(editor, uri, types.Position(line=line + 2, character=25))
    assert {"sex", "age", "continence_problem"} <= set(found)
    assert any(d.code.startswith("OBC") for d in await editor.diagnostics(uri))


async def test_keywords_are_those_the_grammar_expects_for_the_block(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await labels(editor, uri, at(text, "    level interim", 4))
    assert set(found) >= {"level", "theme", "measure", "target", "baseline", "verify"}
    assert "due" not in found  # the grammar takes it, but an outcome does not
    process = at(text, "    due 2026-06-30", 4)
    assert "due" in await labels(editor, uri, process)
    assert "level" not in await labels(editor, uri, process)


async def test_after_target_the_forms_of_a_target(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    found = await labels(editor, uri, at(text, "target ", len("target ")))
    assert {"at", "less", "between", "no"} <= set(found)
    assert {"at least 80%", "between 40% and 60%", "2 points below baseline",
            "10% lower than baseline", "at least 120 per quarter"} <= set(found)
    items = (await editor.client.text_document_completion_async(types.CompletionParams(
        text_document=document(uri), position=at(text, "target ", len("target ")))))
    assert isinstance(items, types.CompletionList)
    between = next(i for i in items.items if i.label == "between 40% and 60%")
    assert between.insert_text_format == types.InsertTextFormat.Snippet
    assert isinstance(between.text_edit, types.TextEdit)
    assert between.text_edit.new_text == "between ${1:40%} and ${2:60%}"


async def test_categories_inside_in(editor: Editor) -> None:
    text = (await _text("continence")).replace(
        'setting = "care_home" and', 'setting in ("care_home", ) and')
    uri = await editor.open(text)
    found = await editor.client.text_document_completion_async(types.CompletionParams(
        text_document=document(uri), position=at(text, '"care_home", ', 13)))
    assert isinstance(found, types.CompletionList)
    ranked = [i.label for i in sorted(found.items, key=lambda i: i.sort_text or i.label)]
    assert ranked[:4] == ['"extra_care"', '"hospital"', '"nursing_home"', '"own_home"']
    assert "age" not in ranked


async def test_a_category_value_being_typed_inside_its_quotes(editor: Editor) -> None:
    text = (await _text("continence")).replace('setting = "care_home"', 'setting = "ca')
    uri = await editor.open(text)
    position = at(text, 'setting = "ca', len('setting = "ca'))
    found = await editor.client.text_document_completion_async(
        types.CompletionParams(text_document=document(uri), position=position))
    assert isinstance(found, types.CompletionList)
    care = next(i for i in found.items if i.label == '"care_home"')
    assert isinstance(care.text_edit, types.TextEdit)
    assert care.text_edit.range.start.character == position.character - 3  # from the quote


async def test_names_after_from_contributes_verify_tie_break_and_in_payment(
        editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    assert {"residents", "people", "sessions"} <= set(
        await labels(editor, uri, at(text, "from people", 5)))
    assert set(await labels(editor, uri, at(text, "contributes to ", 15))) == {
        "untreated_continence", "wellbeing", "clinic_sessions", "policy"}
    assert {"provider_return", "survey", "admin_data"} <= set(
        await labels(editor, uri, at(text, "verify survey", 7)))
    assert set(await labels(editor, uri, at(text, "tie break by ", 13))) == {
        "approach", "ambition", "social_value", "price"}
    assert set(await labels(editor, uri, at(text, "    wellbeing pays", 4))) >= {
        "untreated_continence", "wellbeing", "bonus", "penalty", "contract"}
    assert {"untreated_continence", "wellbeing"} == set(
        await labels(editor, uri, at(text, "when untreated_continence beats", 5)))
    assert {"adult_social_care", "housing", "mental_health", "childrens_services"} <= set(
        await labels(editor, uri, at(text, "service adult_social_care", 8)))


async def test_the_core_methods_and_gates_are_offered_in_their_own_words(
        editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    assert set(await labels(editor, uri, at(text, "scored by lowest", 10))) == {
        "evaluators", "lowest"}
    assert set(await labels(editor, uri, at(text, "require every", 8))) == {
        "every", "targets", "verification"}


async def test_nothing_inside_a_comment(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    assert await labels(editor, uri, at(text, "# plugin that", 3)) == []


def test_every_target_example_parses_and_every_form_has_one() -> None:
    targets = []
    for example in TARGET_EXAMPLES:
        target, problems = parse_target(example)
        assert target is not None, problems
        targets.append(target)
    assert {type(t) for t in targets} == set(TARGET_FORMS)
    assert {t.direction for t in targets if hasattr(t, "direction")} == {"below", "above"}
    first_words = expected_after('ruleset r "R":\n    period quarter\n\noutput o "O":\n'
                                 "    measure count of people\n    target ").keywords
    assert first_words <= {example.split()[0] for example in TARGET_EXAMPLES}


async def _text(name: str) -> str:
    from tests.lsp.conftest import RULESETS

    return (RULESETS / f"{name}.obc").read_text(encoding="utf-8")
