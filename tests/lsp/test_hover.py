"""Hover, end to end through pytest-lsp: fields, functions, populations and the other names."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Editor, at, document


async def hover_text(editor: Editor, uri: str, position: types.Position) -> str | None:
    found = await editor.client.text_document_hover_async(
        types.HoverParams(text_document=document(uri), position=position))
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def test_a_field_shows_its_title_type_categories_and_plugin(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    shown = await hover_text(editor, uri, at(text, "setting =", 2))
    assert shown is not None
    assert shown.startswith("**field** `setting` of `people` — Care setting")
    assert "type: category" in shown
    assert 'categories: `"own_home"`, `"care_home"`' in shown
    assert "declared by plugin `adult_social_care`" in shown


async def test_a_field_with_a_unit(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("children_in_care_stability")
    line = next(li for li in text.splitlines() if "school_attendance" in li)
    shown = await hover_text(editor, uri, at(text, line, line.index("school_attendance") + 1))
    assert shown is not None
    assert "**field** `school_attendance`" in shown
    assert "unit: percent" in shown
    assert "declared by plugin `childrens_services`" in shown


async def test_a_population_shows_its_definition(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    shown = await hover_text(editor, uri, at(text, "share of residents", len("share of r")))
    assert shown == (
        "**population** `residents` — Care home residents aged 65+\n\n"
        "```obc\n"
        'population residents "Care home residents aged 65+":\n'
        '    from people where setting = "care_home" and age >= 65\n'
        "```\n\n"
        "Records of the table `people` (declared by plugin `core`).")


async def test_a_function_shows_its_signature_and_published_source(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("talking_therapies")
    shown = await hover_text(editor, uri, at(text, "finished_treatment(", 2))
    assert shown is not None
    assert shown.startswith("```obc\nfinished_treatment(treatment_sessions: integer, "
                            "discharge_date: date) -> boolean\n```")
    assert "declared by plugin `mental_health`" in shown
    assert "```python\ndef finished_treatment(" in shown


async def test_an_outcome_a_theme_and_a_criterion(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    outcome = await hover_text(editor, uri, at(text, "untreated_continence pays"))
    assert outcome is not None and outcome.startswith(
        "**outcome** `untreated_continence` — Fewer residents live with an untreated "
        "continence problem\n\n```obc\noutcome untreated_continence")
    theme = await hover_text(editor, uri, at(text, "    theme vulnerable\n", 10))
    assert theme == "**theme** `vulnerable` — Support for the vulnerable"
    criterion = await hover_text(editor, uri, at(text, "tie break by approach", 14))
    assert criterion is not None and criterion.startswith(
        "**criterion** `approach` of lot `lot1` — Approach to achieving the outcomes\n\n"
        '```obc\ncriterion approach "Approach to achieving the outcomes":\n    weight 40%')


async def test_a_table_and_a_verification_method(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    table = await hover_text(editor, uri, at(text, "from people", 6))
    assert table is not None and table.startswith("**table** `people` — People served")
    method = await hover_text(editor, uri, at(text, "verify provider_return", 8))
    assert method is not None and method.startswith(
        "**verification method** `provider_return` — Provider's monitoring return")


async def test_keywords_and_values_show_nothing(editor: Editor) -> None:
    uri, text = await editor.open_ruleset("continence")
    assert await hover_text(editor, uri, at(text, "target less than", 1)) is None
    assert await hover_text(editor, uri, at(text, "10%", 1)) is None
