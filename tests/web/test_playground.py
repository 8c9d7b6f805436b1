"""The ruleset playground (`obcrules.web.playground`): diagnostics as JSON or as a page, the
outline and logic model, the framework preview in a sandbox, saving through the formatter."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import RULESET, Panel

TYPO = "ruleset typo \"A ruleset\":\n    servise adult_social_care\n"


def test_diagnostics_outline_and_logic_model_of_the_text_as_json(panel: Panel) -> None:
    policy = panel.browser("policy")
    text = RULESET.read_text()
    good = policy.client.post("/playground/check", json={"text": text, "name": "c.obc"},
                              headers={"X-CSRF-Token": policy.csrf}).json()
    assert good["ok"] and not [d for d in good["diagnostics"] if d["severity"] == "error"]
    assert {"kind": "outcome", "name": "untreated_continence"}.items() <= next(
        e for e in good["outline"] if e["name"] == "untreated_continence").items()
    assert good["logic_model"].startswith("data:image/svg+xml;base64,")
    bad = policy.client.post("/playground/check", json={"text": TYPO},
                             headers={"X-CSRF-Token": policy.csrf}).json()
    assert not bad["ok"] and bad["diagnostics"][0]["line"] == 2
    assert bad["logic_model"] is None
    refused = policy.client.post("/playground/check", json={"text": TYPO})
    assert refused.status_code == 403 and "expired" in refused.json()["error"]


def test_without_a_script_the_form_checks_the_text_and_writes_nothing(panel: Panel) -> None:
    policy = panel.browser("policy")
    before = sorted(p.name for p in panel.root.rglob("*") if p.is_file())
    page = policy.post("/playground/check", {"name": "new.obc", "text": TYPO})
    assert page.status_code == 200  # type: ignore[attr-defined]
    assert "error[" in page.text and "servise" in page.text  # type: ignore[attr-defined]
    preview = policy.post("/playground/preview", {"name": "c.obc", "text": RULESET.read_text()})
    assert "sandbox" in preview.headers["content-security-policy"]  # type: ignore[attr-defined]
    assert "<html" in preview.text and "Continence" in preview.text  # type: ignore[attr-defined]
    after = sorted(p.name for p in panel.root.rglob("*") if p.is_file())
    assert before == after


def test_saving_lays_the_text_out_and_refuses_the_tenders_ruleset(panel: Panel) -> None:
    policy = panel.browser("policy")
    messy = RULESET.read_text().replace("\n\n", "\n\n\n\n")
    saved = policy.post("/playground/save", {"name": "draft.obc", "text": messy})
    assert saved.status_code == 200 and "Saved draft.obc" in saved.text  # type: ignore[attr-defined]
    assert (panel.root / "draft.obc").read_text() == RULESET.read_text()
    assert "draft.obc" in policy.get("/playground").text  # type: ignore[attr-defined]
    opened = policy.get("/playground?file=draft.obc").text  # type: ignore[attr-defined]
    assert "untreated_continence" in opened
    for name, code in (("ruleset.obc", 409), ("../x.obc", 400), ("x.txt", 400)):
        refused = policy.post("/playground/save", {"name": name, "text": messy})
        assert refused.status_code == code, name  # type: ignore[attr-defined]
    broken = policy.post("/playground/save", {"name": "broken.obc", "text": TYPO + "  ("})
    assert broken.status_code == 400 and not (panel.root / "broken.obc").exists()  # type: ignore[attr-defined]
    assert not Path(panel.root / "x.txt").exists()


def test_the_tenders_ruleset_is_refused_however_obc_toml_spells_it(panel: Panel) -> None:
    """obc.toml may name the ruleset ``./ruleset.obc``: saving ``ruleset.obc`` from the
    playground would rewrite the input of the evaluation, so it is refused all the same."""
    config = panel.root / "obc.toml"
    config.write_text(config.read_text().replace('ruleset = "ruleset.obc"',
                                                 'ruleset = "./ruleset.obc"'))
    before = (panel.root / "ruleset.obc").read_text()
    policy = panel.browser("policy")
    refused = policy.post("/playground/save", {"name": "ruleset.obc",
                                               "text": before.replace("Fewer", "More")})
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert "ruleset.obc is the tender" in refused.text  # type: ignore[attr-defined]
    assert (panel.root / "ruleset.obc").read_text() == before
