"""Code actions, end to end through pytest-lsp: each diagnostic's suggestion as a change."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.lsp.conftest import RULESETS, Editor, document
from tests.lsp.test_symbols import apply

CONTINENCE = (RULESETS / "continence.obc").read_text(encoding="utf-8")
REABLEMENT = (RULESETS / "reablement.obc").read_text(encoding="utf-8")

FIXED = [
    ("a misspelt field", CONTINENCE.replace("age >= 65", "agee >= 65"),
     "Change `agee` to `age`", CONTINENCE),
    ("a misspelt category", CONTINENCE.replace('"care_home"', '"carehome"'),
     'Change "carehome" to "care_home"', CONTINENCE),
    ("a misspelt function", REABLEMENT.replace("meaningful_change(", "meaningfull_change("),
     "Change `meaningfull_change` to `meaningful_change`", REABLEMENT),
    ("a name in backticks", CONTINENCE.replace("setting = ", "`settng` = "),
     "Change `settng` to `setting`", CONTINENCE.replace("setting = ", "`setting` = ")),
    ("a name in capitals", CONTINENCE.replace("population residents", "population Residents"),
     "Change `Residents` to `residents`", CONTINENCE),
    ("a tab", CONTINENCE.replace("    from people", "\tfrom people"),
     "Indent with spaces", CONTINENCE),
    ("a field of another service", CONTINENCE.replace("age >= 65", "tenancy_start is missing"),
     "Add `housing` to the ruleset's services",
     CONTINENCE.replace("age >= 65", "tenancy_start is missing").replace(
         "service adult_social_care", "service adult_social_care, housing")),
    ("an undeclared theme",
     CONTINENCE.replace("    theme vulnerable\n    measure", "    theme frailty\n    measure"),
     'Declare `theme frailty "Title"` in the header',
     CONTINENCE.replace("    theme vulnerable\n    measure", "    theme frailty\n    measure")
     .replace('the vulnerable"\n', 'the vulnerable"\n    theme frailty "Title"\n')),
    ("a comparison as a target", CONTINENCE.replace("target at least 60%", "target >= 60%"),
     "Change `>=` to `at least`", CONTINENCE),
    ("two words as one", CONTINENCE.replace("target at least 60%", "target atleast 60%"),
     "Change `atleast` to `at least`", CONTINENCE),
    ("how often as an adverb", CONTINENCE.replace("survey every year", "survey annually"),
     "Change `annually` to `every year`", CONTINENCE),
    ("`&&`", CONTINENCE.replace('"care_home" and age', '"care_home" && age'),
     "Change `&&` to `and`", CONTINENCE),
    ("`==`", CONTINENCE.replace('setting = "care_home"', 'setting == "care_home"'),
     "Change `==` to `=`", CONTINENCE),
]


async def actions_for(editor: Editor, uri: str, diagnostic: types.Diagnostic
                      ) -> list[types.CodeAction]:
    found = await editor.client.text_document_code_action_async(types.CodeActionParams(
        text_document=document(uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


@pytest.mark.parametrize(("slip", "text", "title", "fixed"), FIXED, ids=[f[0] for f in FIXED])
async def test_the_suggestion_is_one_click_away(editor: Editor, slip: str, text: str,
                                                title: str, fixed: str) -> None:
    uri = await editor.open(text)
    (diagnostic,) = await editor.diagnostics(uri)
    (action,) = await actions_for(editor, uri, diagnostic)
    assert action.title == title
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.diagnostics is not None and action.diagnostics[0].code == diagnostic.code
    assert action.edit is not None and action.edit.changes is not None
    assert apply(text, list(action.edit.changes[uri])) == fixed
    editor.change(uri, fixed)
    assert list(await editor.diagnostics(uri)) == []


async def test_advice_is_offered_but_disabled(editor: Editor) -> None:
    text = CONTINENCE.replace("    due 2026-06-30\n", "    evidence objective\n")
    uri = await editor.open(text)
    (diagnostic,) = await editor.diagnostics(uri)
    (action,) = await actions_for(editor, uri, diagnostic)
    assert action.edit is None
    assert action.disabled is not None
    assert action.disabled.reason.startswith("obc cannot make this change for you: add `due")


async def test_every_diagnostic_with_a_suggestion_gets_an_action(editor: Editor) -> None:
    text = (CONTINENCE.replace("age >= 65", "agee >= 65")
            .replace('"care_home"', '"carehome"')
            .replace("    theme vulnerable\n    measure", "    theme frailty\n    measure")
            .replace("verify survey", "verify surveys")
            .replace("tie break by approach", "tie break by aproach"))
    uri = await editor.open(text)
    diagnostics = await editor.diagnostics(uri)
    assert len(diagnostics) == 5
    for diagnostic in diagnostics:
        assert "\nhelp: " in diagnostic.message
        actions = await actions_for(editor, uri, diagnostic)
        mine = [a for a in actions if a.diagnostics and a.diagnostics[0].range == diagnostic.range]
        assert len(mine) == 1 and mine[0].edit is not None, diagnostic.message


async def test_every_slip_of_a_file_is_shown_with_its_fix(editor: Editor) -> None:
    text = (CONTINENCE.replace('setting = "care_home"', 'setting == "care_home"')
            .replace("continence_problem and not", "continence_problem && not")
            .replace("target less than 10%", "target < 10%")
            .replace("target at least 60%", "target atleast 60%")
            .replace("survey every year", "survey annually"))
    uri = await editor.open(text)
    diagnostics = await editor.diagnostics(uri)
    assert [d.range.start.line + 1 for d in diagnostics] == [10, 15, 16, 27, 29]
    for diagnostic in diagnostics:
        (action,) = await actions_for(editor, uri, diagnostic)
        assert action.edit is not None, diagnostic.message
